// dossier sync: fetch, fast-forward or merge, validate, push. Every step that
// can refuse runs before the branch or the work tree changes, so a refused
// sync leaves HEAD, the index and the work tree as they were.
#include "dossier/sync.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "git/remote.h"
#include "repo_lock.h"
#include "repository_impl.h"
#include "transaction.h"

namespace dossier {
namespace {

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// A remote argument that is not a configured name but a place: a path or URL.
bool LooksLikeUrl(const std::string& s) {
  return s.find('/') != std::string::npos || s.find(':') != std::string::npos ||
         s.find('\\') != std::string::npos || s == "." || s == "..";
}

Result<git::RemoteSpec> ChooseRemote(const git::Repo& git, const std::string& branch,
                                     const std::string& wanted) {
  auto names = git::RemoteNames(git);
  if (!names) return names.error();
  std::string name = wanted;
  if (name.empty()) name = git::UpstreamRemote(git, branch);
  if (name.empty()) name = "origin";
  if (std::find(names->begin(), names->end(), name) != names->end()) {
    return git::RemoteSpec{name, true};
  }
  if (!wanted.empty() && LooksLikeUrl(wanted)) return git::RemoteSpec{wanted, false};
  if (names->empty()) {
    return Error::Input("no remote '" + name +
                        "': this repository has no remotes; add one with git remote add origin "
                        "URL, or pass a URL or path: dossier sync PATH");
  }
  return Error::Input("no remote '" + name + "'; the remotes are: " + Join(*names, ", "));
}

std::vector<SyncCommit> ToSyncCommits(const std::vector<git::CommitSummary>& commits) {
  std::vector<SyncCommit> out;
  for (const auto& c : commits) out.push_back(SyncCommit{c.id, c.time, c.author, c.summary});
  return out;
}

// Refuses merged evidence that would not load or that files one evidence file
// twice: a broken state must never reach the branch.
Status Validate(const Repository& repo, const std::string& commit, const std::string& what) {
  auto snap = repo.Load(commit);
  if (!snap) {
    return Error::Negative(what + " does not load, so nothing was changed: " +
                           snap.error().message() +
                           ". Merge with plain git (git pull), fix the file, then git add + git "
                           "commit and run dossier sync again.");
  }
  std::map<std::string, std::vector<std::string>> by_path;
  for (const auto& a : snap->artifacts) {
    if (!a.path.empty()) by_path[a.path].push_back(a.id);
  }
  std::vector<std::string> doubles;
  for (const auto& [path, ids] : by_path) {
    if (ids.size() > 1) doubles.push_back(path + " (" + Join(ids, ", ") + ")");
  }
  if (!doubles.empty()) {
    return Error::Negative(what + " files one evidence file as two artifacts, so nothing was "
                           "changed: " + Join(doubles, "; ") +
                           ". Merge with plain git (git pull), remove one artifact file under " +
                           layout::kArtifactsDir + ", then git add + git commit.");
  }
  return Status::Ok();
}

// The entity files and other files that differ between two commits.
Status Describe(const git::Repo& git, const std::string& from, const std::string& to,
                SyncResult* out) {
  auto changes = git::DiffCommits(git, from, to);
  if (!changes) return changes.error();
  const std::string prefix = "dossier/";
  for (const auto& c : *changes) {
    const auto slash = c.path.find('/', prefix.size());
    const bool entity = c.path.rfind(prefix, 0) == 0 && slash != std::string::npos &&
                        c.path.find('/', slash + 1) == std::string::npos &&
                        c.path.size() > 5 && c.path.compare(c.path.size() - 5, 5, ".json") == 0;
    if (!entity) {
      out->other_files.push_back(c.path);
      continue;
    }
    SyncEntityChange e;
    e.kind = c.path.substr(prefix.size(), slash - prefix.size());
    e.id = c.path.substr(slash + 1, c.path.size() - slash - 1 - 5);
    e.change = c.status == 'A' ? "added" : c.status == 'D' ? "removed" : "changed";
    out->entities.push_back(std::move(e));
  }
  std::sort(out->entities.begin(), out->entities.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
  });
  std::sort(out->other_files.begin(), out->other_files.end());
  return Status::Ok();
}

// Uncommitted work the update would overwrite: refused, so nothing is lost.
Status CheckWorkTree(const git::Repo& git, const std::string& from, const std::string& to) {
  auto touched = git::DiffCommits(git, from, to);
  if (!touched) return touched.error();
  auto dirty = git::UncommittedPaths(git);
  if (!dirty) return dirty.error();
  const std::set<std::string> dirty_set(dirty->begin(), dirty->end());
  std::vector<std::string> in_the_way;
  for (const auto& c : *touched) {
    if (dirty_set.count(c.path)) in_the_way.push_back(c.path);
  }
  if (in_the_way.empty()) return Status::Ok();
  return Error::Input("uncommitted changes to " + Join(in_the_way, ", ") +
                      ", which the sync would update; nothing was changed. Commit them "
                      "(git add + git commit, or the dossier command that files them) or set "
                      "them aside (git stash), then run dossier sync again.");
}

}  // namespace

Result<SyncResult> Sync(const Repository& repo, const Context& ctx, const SyncOptions& options) {
  git::Repo& git = repo.impl()->git;
  // The lock, and whatever a killed command left finished off first: a
  // half-made commit must never be taken for one that went in (nor pushed).
  auto lock = LockForChange(repo, ctx);
  if (!lock) return lock.error();

  SyncResult result;
  auto branch = git::CurrentBranch(git);
  if (!branch) return branch.error();
  result.branch = *branch;
  auto remote = ChooseRemote(git, *branch, options.remote);
  if (!remote) return remote.error();
  result.remote = remote->name_or_url;
  const std::string where = result.remote + "/" + result.branch;

  auto head = git.HeadCommit();
  if (!head) return head.error();
  if (head->empty()) return Error::Input("branch " + *branch + " has no commit yet");
  result.old_head = result.head = *head;

  // What the remote had at the last sync, to tell when shared history was
  // rewritten since (on either side).
  std::string known;
  const std::string tracking = "refs/remotes/" + remote->name_or_url + "/" + *branch;
  if (remote->named) {
    auto t = git.RefTarget(tracking);
    if (!t) return t.error();
    known = *t;
  }
  auto theirs = git::FetchBranch(git, *remote, *branch);
  if (!theirs) return theirs.error();
  if (!known.empty() && git.HasObject(known)) {
    if (!theirs->empty()) {
      auto kept = git::IsAncestor(git, known, *theirs);
      if (!kept) return kept.error();
      if (!*kept) result.remote_dropped = known;
    }
    auto here = git::IsAncestor(git, known, *head);
    if (!here) return here.error();
    auto ref = git.HeadRefName();
    if (!ref) return ref.error();
    if (!*here && git.ReflogHas(*ref, known)) result.local_dropped = known;
  }

  result.action = "up-to-date";
  bool incoming = false;
  if (!theirs->empty()) {
    auto have = git::IsAncestor(git, *theirs, *head);
    if (!have) return have.error();
    incoming = !*have;
  }
  if (incoming) {
    auto fast_forward = git::IsAncestor(git, *head, *theirs);
    if (!fast_forward) return fast_forward.error();
    std::string target = *theirs;
    if (*fast_forward) {
      result.action = "fast-forward";
      DOSSIER_RETURN_IF_ERROR(Validate(repo, target, "the evidence on " + where));
    } else {
      result.action = "merge";
      auto author = git.MakeSignature(ctx.author_name, ctx.author_email);
      if (!author) return author.error();
      auto merged = git::MergeCommits(git, *head, *theirs,
                                       WithDossierTrailer("sync: merge " + where), *author);
      if (!merged) return merged.error();
      if (!merged->conflicts.empty()) {
        return Error::Negative(
            "cannot merge " + where + " into " + *branch + ": both sides changed " +
            Join(merged->conflicts, ", ") +
            ". Nothing was changed. Resolve with plain git: git pull, edit the conflicting "
            "file(s), git add them and git commit; then run dossier sync again.");
      }
      target = merged->commit;
      DOSSIER_RETURN_IF_ERROR(Validate(repo, target, "the merge of " + where));
    }
    DOSSIER_RETURN_IF_ERROR(CheckWorkTree(git, *head, target));
    auto came_in = git::CommitsBetween(git, *head, *theirs);
    if (!came_in) return came_in.error();
    result.incoming = ToSyncCommits(*came_in);
    DOSSIER_RETURN_IF_ERROR(git::CheckoutAndAdvance(
        git, *branch, *head, target,
        "sync: " + std::string(*fast_forward ? "fast-forward to " : "merge ") + where));
    result.head = target;
    DOSSIER_RETURN_IF_ERROR(Describe(git, *head, target, &result));
  }

  auto outgoing = git::CommitsBetween(git, *theirs, result.head);
  if (!outgoing) return outgoing.error();
  result.outgoing = ToSyncCommits(*outgoing);
  if (options.push && !result.outgoing.empty()) {
    Status pushed = git::PushBranch(git, *remote, *branch);
    if (!pushed.ok()) {
      // What came in stays: the next sync pushes it.
      if (result.action == "up-to-date") return pushed.error();
      return pushed.error().WithContext(result.action + " of " + where + " done locally (HEAD " +
                                        result.head.substr(0, 12) + "), but the push failed");
    }
    result.pushed = true;
  }
  return result;
}

}  // namespace dossier
