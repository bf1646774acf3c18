// What `dossier sync` needs from libgit2 (doc/architecture.md): branches, remotes,
// fetch and push, merging two commits, and a safe checkout. Free functions
// over a Repo, RAII inside. Private to lib/.
#ifndef DOSSIER_LIB_GIT_REMOTE_H_
#define DOSSIER_LIB_GIT_REMOTE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dossier/result.h"
#include "git/git.h"

namespace dossier::git {

// The branch HEAD is on ("main"); an input error when HEAD is detached or
// the branch has no commit yet.
Result<std::string> CurrentBranch(const Repo& repo);
// A branch's upstream: branch.<name>.remote and the branch named by
// branch.<name>.merge (without refs/heads/). Both empty when the branch has
// no upstream (or its remote is "." , the repository itself); `branch` is
// empty when only the remote is set.
struct Upstream {
  std::string remote;
  std::string branch;
};
Upstream UpstreamOf(const Repo& repo, const std::string& branch);
// Whether `name` is a valid branch name for git ("main", "team/alice").
bool IsValidBranchName(const std::string& name);
// The configured remotes, sorted.
Result<std::vector<std::string>> RemoteNames(const Repo& repo);

// Where to sync with: a configured remote by name, or a URL / path used
// directly (an anonymous remote).
struct RemoteSpec {
  std::string name_or_url;
  bool named = true;
};

// Transports (doc/architecture.md, "Working as a team"): local paths and
// file://; HTTP(S) with the user name and password (token) from git's
// credential helper (`git credential fill`, then approve or reject); SSH
// with ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa, the host key
// checked against ~/.ssh/known_hosts. GIT_SSH_COMMAND, GIT_SSH and
// core.sshCommand cannot be honoured and are refused (an input error) for
// an SSH URL. Failures are operational, each in words: the host key
// unknown, authentication refused (naming what was tried), no repository
// at the URL, and otherwise git's message.

// Fetches `remote_branch` from the remote (a named remote updates its
// tracking ref refs/remotes/<name>/<remote_branch>). Returns the remote
// branch's commit, "" when the remote has no such branch.
Result<std::string> FetchBranch(Repo& repo, const RemoteSpec& remote,
                                const std::string& remote_branch);
// Pushes refs/heads/<branch> to the remote's `remote_branch`. kRemoteMoved:
// the remote branch is no longer what the last fetch saw (someone pushed
// meanwhile; fetch, merge and push again). Any other refusal (a protected
// branch, a hook) is operational, with what the remote said.
enum class PushOutcome { kPushed, kRemoteMoved };
Result<PushOutcome> PushBranch(Repo& repo, const RemoteSpec& remote, const std::string& branch,
                               const std::string& remote_branch);

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

// Merges `theirs` into `ours` in memory. A path both sides changed in the
// same lines is offered to `resolve` (path, then the file's text as the
// merge base, ours and theirs have it, "" where absent), which returns the
// merged text, or none with a report. Paths left unresolved are listed in
// `conflicts` (with the reports, by path, in `reports`) and nothing is
// written; otherwise `commit` is a new merge commit (parents ours, theirs)
// that no ref points to yet.
struct MergeOutcome {
  std::vector<std::string> conflicts;
  std::vector<std::string> reports;
  std::vector<std::string> resolved;  // paths `resolve` merged
  std::string commit;
};
using Resolver = std::function<std::optional<std::string>(
    const std::string& path, const std::string& base, const std::string& ours,
    const std::string& theirs, std::string* report)>;
Result<MergeOutcome> MergeCommits(Repo& repo, const std::string& ours, const std::string& theirs,
                                  const std::string& message, const Signature& author,
                                  const Resolver& resolve);

// Checks out the tree of commit `to` over the work tree and index (files
// the user changed are never overwritten: a conflict fails before anything
// is written), then moves refs/heads/<branch> (which HEAD is on) from
// `from` to `to`.
Status CheckoutAndAdvance(Repo& repo, const std::string& branch, const std::string& from,
                          const std::string& to, const std::string& reflog_message);

// Finishes what CheckoutAndAdvance(from, to) began when the process was
// killed before the branch moved: each file the update touches must be as
// `from` or `to` has it (else an input error naming the files changed
// since, nothing written); those are written as `to` has them, then the
// branch moves from `from` to `to`.
Status FinishCheckoutAndAdvance(Repo& repo, const std::string& branch, const std::string& from,
                                const std::string& to, const std::string& reflog_message);

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_REMOTE_H_
