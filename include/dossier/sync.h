// dossier sync (doc/architecture.md): clones of one evidence repository meet on
// a shared git remote. Fetch the current branch from the remote, take what
// came in (fast-forward, or a merge commit when both sides have commits),
// check the merged evidence still loads, then push. Dossier adds no server:
// git is the distributed engine.
#ifndef DOSSIER_SYNC_H_
#define DOSSIER_SYNC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

struct SyncOptions {
  // A configured remote's name, or a URL / path used directly. Empty: the
  // current branch's upstream remote (branch.X.remote), else "origin".
  std::string remote;
  // The remote's branch to fetch, merge and push to. Empty: the upstream's
  // (branch.X.merge) when syncing with the upstream remote, else the
  // current branch's own name.
  std::string branch;
  bool push = true;
};

struct SyncCommit {
  std::string id;
  int64_t time = 0;  // committer time, Unix seconds
  std::string author;
  std::string summary;
};

// An entity file that differs between the old and the new HEAD.
struct SyncEntityChange {
  std::string kind;  // "artifacts", "findings", "audits", "reviews", "objectives", "measurements"
  std::string id;
  std::string change;  // "added", "changed", "removed"
};

struct SyncResult {
  std::string remote;         // as used: the remote's name, or the URL
  std::string branch;         // the local branch (HEAD's)
  std::string remote_branch;  // the remote's branch it met
  // "up-to-date" (nothing came in), "fast-forward", "merge".
  std::string action;
  std::string old_head;
  std::string head;
  std::vector<SyncCommit> incoming;        // commits that came in, newest first
  std::vector<SyncEntityChange> entities;  // sorted by kind, id
  std::vector<std::string> other_files;    // other files that changed (dossier.ini, evidence/...)
  std::vector<SyncCommit> outgoing;        // commits the remote did not have, newest first
  bool pushed = false;
  // Rounds of fetch, merge, push: more than one when the remote moved
  // between the fetch and the push (someone else pushed); at most 3.
  int attempts = 1;
  // Entity files both sides changed, merged field by field
  // ("dossier/findings/NC-....json"), sorted.
  std::vector<std::string> merged_entities;
  // History already shared that was rewritten since the last sync: the
  // commit the remote's branch had then (its tracking ref), when the remote
  // branch no longer contains it (a force push there) ...
  std::string remote_dropped;
  // ... and when this clone's branch no longer contains it though it once
  // pointed there (an amend, reset or filter-branch here). Reported, not
  // refused: the sync goes on, so both histories are kept and shown.
  std::string local_dropped;
};

// Errors: an unknown remote name is an input error naming the remotes that
// exist; uncommitted changes to a file the update touches are an input error
// naming them (nothing is changed); a merge with conflicts, or whose result
// does not load (a malformed entity file, two artifacts for one file), is a
// negative answer naming the files, with HEAD and the work tree unchanged;
// the same entity changed on both sides in ways that cannot be combined is
// a negative answer naming it and what each side did (nothing changed);
// a push still refused as not a fast-forward after 3 rounds, a protected
// branch, and network and remote failures are operational, each in words
// (lib/git/remote.h).
Result<SyncResult> Sync(Repository& repo, const Context& ctx, const SyncOptions& options);

}  // namespace dossier

#endif  // DOSSIER_SYNC_H_
