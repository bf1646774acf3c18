// Filing and checking evidence: add, link, approve, status, verify, scope
// (doc/architecture.md, doc/lifecycle.md). Each mutating call is one commit or nothing.
#ifndef DOSSIER_EVIDENCE_H_
#define DOSSIER_EVIDENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"
#include "dossier/verify_report.h"

namespace dossier {

struct ArtifactMetadata {
  std::optional<ArtifactKind> kind;       // required for new artifacts
  std::string clauses;                    // comma list; parents expand to leaves
  std::vector<std::string> requirements;  // "M3"; their clauses are added
  std::string title;                      // default: the file name
  std::string owner;
  std::optional<Date> effective;
  std::optional<Date> expires;
  std::optional<Period> review_every;  // documents; default from dossier.ini
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
  std::optional<CommitInfo> commit;  // none when nothing changed
};

Result<AddResult> AddArtifacts(Repository& repo, const Context& ctx, const AddOptions& opts);

// External evidence (a wiki page, a ticket) with a captured snapshot file.
Result<Artifact> LinkArtifact(Repository& repo, const Context& ctx, const std::string& url,
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
Result<Artifact> ApproveArtifact(Repository& repo, const Context& ctx,
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

// What `show ID|PATH` reads: the snapshot of `rev` ("" = the work tree)
// holding, as its only artifact, the one FindArtifact resolves `id_or_path`
// to, judged as Load judges it (its approval's signature), with the
// configuration, checklist, keys and controlled documents. Same answers and
// errors as Load then FindArtifact; in the work tree, with the derived index,
// the other artifacts are known by id and path from their records (each
// file's stat data checked) and only the one shown is decoded
// (doc/architecture.md, "The derived index").
Result<Snapshot> LoadArtifact(const Repository& repo, const std::string& rev,
                              const std::string& cwd, const std::string& id_or_path);

// The artifacts whose file is called `name` (no folder), sorted by path.
std::vector<const Artifact*> ArtifactsNamed(const Snapshot& snap, const std::string& name);

// The audit trail (`dossier log`): the commits of `rev` (HEAD when empty),
// newest first, that touched `what`: an artifact as FindArtifact resolves it
// (its metadata and its file), a repository path, or any other entity by
// unique id prefix (its file); every commit when `what` is empty. An
// unknown or ambiguous id is an input error naming the candidates.
Result<std::vector<Repository::HistoryEntry>> AuditTrail(const Repository& repo,
                                                         const std::string& rev,
                                                         const std::string& cwd,
                                                         const std::string& what);

// What `dossier status` reports: unfiled, changed and missing files, links,
// paths filed twice and approvals that do not count (verify_report.h).
Result<WorkTreeStatus> CheckWorkTree(const Repository& repo, const Snapshot& snap);

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
// The same for the snapshot at `rev` (Repository::Load), loaded here while
// another core does what needs no snapshot: `dossier verify`.
Result<VerifyReport> LoadAndVerifyRepository(const Repository& repo, const std::string& rev,
                                             const Context& ctx, bool accept_rewrite = false);

// Declares a clause (or a parent, meaning all its leaves) not applicable.
// Only excludable clauses may be; `why` is required.
Result<CommitInfo> ScopeExclude(Repository& repo, const Context& ctx, const std::string& clause,
                                const std::string& why);
Result<CommitInfo> ScopeInclude(Repository& repo, const Context& ctx, const std::string& clause);

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
Result<CommitInfo> ScopeCondition(Repository& repo, const Context& ctx,
                                  const ConditionStatement& statement);

}  // namespace dossier

#endif  // DOSSIER_EVIDENCE_H_
