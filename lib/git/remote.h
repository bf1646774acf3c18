// What `dossier sync` needs from libgit2 (doc/architecture.md): branches, remotes,
// fetch and push, merging two commits, and a safe checkout. Free functions
// over a Repo, RAII inside. Private to lib/.
#ifndef DOSSIER_LIB_GIT_REMOTE_H_
#define DOSSIER_LIB_GIT_REMOTE_H_

#include <string>
#include <vector>

#include "dossier/result.h"
#include "git/git.h"

namespace dossier::git {

// The branch HEAD is on ("main"); an input error when HEAD is detached or
// the branch has no commit yet.
Result<std::string> CurrentBranch(const Repo& repo);
// branch.<name>.remote, "" when the branch has no upstream.
std::string UpstreamRemote(const Repo& repo, const std::string& branch);
// The configured remotes, sorted.
Result<std::vector<std::string>> RemoteNames(const Repo& repo);

// Where to sync with: a configured remote by name, or a URL / path used
// directly (an anonymous remote).
struct RemoteSpec {
  std::string name_or_url;
  bool named = true;
};

// Fetches `branch` from the remote (a named remote updates its tracking
// ref refs/remotes/<name>/<branch>). Returns the remote branch's commit,
// "" when the remote has no such branch. Any transport error is
// operational and carries git's message.
Result<std::string> FetchBranch(Repo& repo, const RemoteSpec& remote, const std::string& branch);
// Pushes refs/heads/<branch> to the remote's branch of the same name; a
// rejected update (not a fast-forward there) is operational.
Status PushBranch(Repo& repo, const RemoteSpec& remote, const std::string& branch);

// Whether `ancestor` is `descendant` or one of its ancestors.
Result<bool> IsAncestor(const Repo& repo, const std::string& ancestor,
                        const std::string& descendant);
// Commits reachable from `tip` but not from `hide` ("" hides nothing),
// newest first; CommitSummary::paths is left empty.
Result<std::vector<CommitSummary>> CommitsBetween(const Repo& repo, const std::string& hide,
                                                  const std::string& tip);

// A file that differs between two commits: 'A' added, 'M' modified, 'D' deleted.
struct PathChange {
  char status = 'M';
  std::string path;
};
Result<std::vector<PathChange>> DiffCommits(const Repo& repo, const std::string& from,
                                            const std::string& to);

// Work-tree or index paths that differ from HEAD, untracked files included
// (ignored files are not).
Result<std::vector<std::string>> UncommittedPaths(const Repo& repo);

// Merges `theirs` into `ours` in memory. With conflicts, `conflicts` names
// each conflicting path and nothing is written; otherwise `commit` is a new
// merge commit (parents ours, theirs) that no ref points to yet.
struct MergeOutcome {
  std::vector<std::string> conflicts;
  std::string commit;
};
Result<MergeOutcome> MergeCommits(Repo& repo, const std::string& ours, const std::string& theirs,
                                  const std::string& message, const Signature& author);

// Checks out the tree of commit `to` over the work tree and index (files
// the user changed are never overwritten: a conflict fails before anything
// is written), then moves refs/heads/<branch> (which HEAD is on) from
// `from` to `to`.
Status CheckoutAndAdvance(Repo& repo, const std::string& branch, const std::string& from,
                          const std::string& to, const std::string& reflog_message);

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_REMOTE_H_
