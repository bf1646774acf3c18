// Filing and checking evidence: add, link, approve, status, verify, scope
// (doc/architecture.md, doc/lifecycle.md). Each mutating call is one commit or nothing.
#ifndef DOSSIER_EVIDENCE_H_
#define DOSSIER_EVIDENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"

namespace dossier {

struct ArtifactMetadata {
  std::optional<ArtifactKind> kind;        // required for new artifacts
  std::string clauses;                     // comma list; parents expand to leaves
  std::vector<std::string> requirements;   // "M3"; their clauses are added
  std::string title;                       // default: the file name
  std::string owner;
  std::optional<Date> effective;
  std::optional<Date> expires;
  std::optional<Period> review_every;      // documents; default from dossier.ini
};

struct AddOptions {
  // Files or folders, absolute or relative to `cwd`. Files outside the
  // repository are copied under evidence/; files under evidence/ are
  // adopted in place; folders bring every file below them.
  std::vector<std::string> paths;
  std::string cwd;
  // Where copies go, relative to evidence/ (default: "documents" or "records").
  std::string to;
  ArtifactMetadata metadata;
};

struct AddResult {
  std::vector<Artifact> added;
  std::vector<Artifact> revised;    // filed before, content changed
  std::vector<Artifact> unchanged;  // filed before, same content
  // Passed over in folders: hidden files and folders, office lock files
  // (~$x.docx). Repository-relative when inside the repository.
  std::vector<std::string> skipped;
  std::optional<CommitInfo> commit; // none when nothing changed
};

Result<AddResult> AddArtifacts(const Repository& repo, const Context& ctx, const AddOptions& opts);

// External evidence (a wiki page, a ticket) with a captured snapshot file.
Result<Artifact> LinkArtifact(const Repository& repo, const Context& ctx, const std::string& url,
                              const std::string& snapshot_path, const std::string& cwd,
                              const std::string& to, const ArtifactMetadata& metadata);

// Binds an approval to the document's current SHA-256. A path is
// repository-relative, or relative to `cwd` inside the repository. The
// approval is signed with the approver's key: `key_path`, else the PEM file
// in `key_dir` whose key is registered for the approver (keys.h). With
// `key_path` and no `by`, the approver is the key's person. No usable key is
// an input error saying how to make one when dossier.ini requires signed
// approvals (see doc/architecture.md, "Approval signatures"); otherwise the
// approval is unsigned.
Result<Artifact> ApproveArtifact(const Repository& repo, const Context& ctx,
                                 const std::string& id_or_path, const std::string& by,
                                 const std::string& cwd = "", const std::string& key_path = "",
                                 const std::string& key_dir = "");

// An artifact by path (repository-relative, or relative to `cwd` inside the
// repository), by bare file name when exactly one artifact anywhere under
// evidence/ has that name, or by id prefix. A name filed several times is an
// input error listing each path with its id. Every command taking ID|PATH
// resolves through this.
Result<const Artifact*> FindArtifact(const Snapshot& snap, const std::string& root,
                                     const std::string& cwd, const std::string& id_or_path);

// The artifacts whose file is called `name` (no folder), sorted by path.
std::vector<const Artifact*> ArtifactsNamed(const Snapshot& snap, const std::string& name);

struct WorkTreeStatus {
  std::vector<std::string> unfiled;   // files under evidence/ with no artifact
  std::vector<std::string> changed;   // artifact ids whose file differs
  std::vector<std::string> missing;   // artifact ids whose file is gone
  // Paths filed by more than one artifact (two clones filed the same file
  // and were merged): each as "PATH ID ID...".
  std::vector<std::string> duplicated;
  // Symbolic links under evidence/, each as "PATH -> TARGET": never filed,
  // never followed (see VerifyArtifacts).
  std::vector<std::string> symlinks;
  // Approvals of the current content that do not count ("ID PATH: why"),
  // and approvals without a signature (ids) where none is required.
  std::vector<std::string> approvals_not_counted;
  std::vector<std::string> unsigned_approvals;
};
Result<WorkTreeStatus> CheckWorkTree(const Repository& repo, const Snapshot& snap);

struct IntegrityProblem {
  std::string artifact;  // empty: a symbolic link no artifact names
  std::string path;
  std::string expected;
  std::string actual;  // empty: the file is missing (or behind a link)
  // Set when `path` is, or passes through, a symbolic link in the work tree:
  // the link (repository-relative) and where it points. Never followed.
  std::string link;
  std::string link_target;
  // "symlink", "missing" or "modified".
  const char* kind() const { return !link.empty() ? "symlink" : actual.empty() ? "missing" : "modified"; }
};
// A commit that changed dossier.ini, dossier/ or evidence/ without the
// trailer every Dossier commit carries: made with plain git (a conflict
// resolved by hand, a script, or an edit meant to pass unseen). Not a
// failure by itself; the trailer can be typed by anyone, so its presence
// proves nothing either.
struct OutsideCommit {
  std::string commit;  // full id
  int64_t time = 0;    // committer time, Unix seconds
  std::string author;  // "Name <email>"
  std::string summary;
};
// A git setting that would change an artifact's bytes on checkout or on a
// plain `git add` (so a clone would not hold what was hashed).
struct ConversionWarning {
  std::string artifact;
  std::string path;
  std::string settings;  // e.g. "text, eol=crlf" or "core.autocrlf=true"
};

// An approval that does not count: its signature is missing (when
// required), does not verify, or is by a key that is not registered,
// registered outside Dossier, registered after it, or revoked before it.
struct ApprovalProblem {
  std::string artifact;
  std::string path;
  std::string why;
};

struct VerifyReport {
  size_t checked = 0;
  uint64_t bytes = 0;
  // By artifact id, then the links under evidence/ that no artifact's path
  // passes through, by path.
  std::vector<IntegrityProblem> problems;
  // Filled by VerifyRepository only; newest first.
  std::vector<OutsideCommit> outside_commits;
  // Warnings only: Dossier's commits store the bytes as hashed whatever
  // the settings; these explain a failure in a clone. Not looked up with
  // IntegrityCheck::kTrustUnchangedStat (status, readiness), which do not report them.
  std::vector<ConversionWarning> conversions;  // sorted by artifact id
  // Filled by VerifyRepository only, by artifact id: approvals that do not
  // count (a failure), approvals without a signature (a warning, when
  // dossier.ini does not require them), and keys that cannot be trusted
  // (a failure), each as "ID: why".
  std::vector<ApprovalProblem> approval_problems;
  std::vector<std::string> unsigned_approvals;
  std::vector<std::string> untrusted_keys;
  // Set by VerifyRepository of the work tree when a commit this clone's
  // `verify` saw as HEAD is no longer in HEAD's history: the history was
  // rewritten (amend, rebase, reset, filter-branch) since. A failure until
  // accepted (VerifyRepository's accept_rewrite).
  std::string rewritten_from;  // the commit no longer in the history
  bool ok() const {
    return problems.empty() && approval_problems.empty() && untrusted_keys.empty() &&
           rewritten_from.empty();
  }
};
// Recomputes every artifact's SHA-256: from the work tree when `rev` is
// empty, else from the revision's blobs. Hashes on every core. In the work
// tree a symbolic link under evidence/ is never followed: evidence is
// regular files, and a committed link such as evidence/root -> / would make
// any file on the machine look filed. Each link is a problem (kind
// "symlink"), as is each artifact whose path passes through one.
//
// How the work tree is checked: `verify` hashes every byte of every file,
// every time. `status` and `readiness` may take a file's SHA-256 from the
// derived index under .git/ while its stat data (size, inode, times to the
// nanosecond) is unchanged since it was hashed, as `git status` does.
enum class IntegrityCheck { kHashEverything, kTrustUnchangedStat };
Result<VerifyReport> VerifyArtifacts(const Repository& repo, const Snapshot& snap,
                                     const std::string& rev, const Context& ctx,
                                     IntegrityCheck how = IntegrityCheck::kHashEverything);
// What `dossier verify` reports: VerifyArtifacts, plus the commits in the
// history of `rev` (HEAD when empty) made outside Dossier.
// The approvals and keys are judged as Repository::Load did. For the work
// tree (`rev` empty), the HEAD verified last in this clone is kept in
// .git/dossier-verified; a HEAD that no longer descends from it is reported
// (rewritten_from) and not recorded, unless `accept_rewrite`.
Result<VerifyReport> VerifyRepository(const Repository& repo, const Snapshot& snap,
                                      const std::string& rev, const Context& ctx,
                                      bool accept_rewrite = false);

// Declares a clause (or a parent, meaning all its leaves) not applicable.
// Only excludable clauses may be; `why` is required.
Result<CommitInfo> ScopeExclude(const Repository& repo, const Context& ctx,
                                const std::string& clause, const std::string& why);
Result<CommitInfo> ScopeInclude(const Repository& repo, const Context& ctx,
                                const std::string& clause);

// States that the condition of a conditional requirement (the checklist's
// `conditional`, e.g. R14 "if such property is held") does not hold from
// `from` (default today) to `to` (default open), with the reason; or, with
// `holds`, withdraws the statement. Written to dossier.ini [not-held].
struct ConditionStatement {
  std::string requirement;
  bool holds = false;
  std::string why;
  std::optional<Date> from;
  std::optional<Date> to;
};
Result<CommitInfo> ScopeCondition(const Repository& repo, const Context& ctx,
                                  const ConditionStatement& statement);

}  // namespace dossier

#endif  // DOSSIER_EVIDENCE_H_
