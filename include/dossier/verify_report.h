// What checking the evidence finds: the work tree's status (`dossier status`)
// and the integrity report (`dossier verify`, and readiness's
// artifacts.integrity). Plain values; the checks that fill them are in
// evidence.h.
#ifndef DOSSIER_VERIFY_REPORT_H_
#define DOSSIER_VERIFY_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dossier {

struct WorkTreeStatus {
  std::vector<std::string> unfiled;  // files under evidence/ with no artifact
  std::vector<std::string> changed;  // artifact ids whose file differs
  std::vector<std::string> missing;  // artifact ids whose file is gone
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
  const char* kind() const {
    return !link.empty() ? "symlink" : actual.empty() ? "missing" : "modified";
  }
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

}  // namespace dossier

#endif  // DOSSIER_VERIFY_REPORT_H_
