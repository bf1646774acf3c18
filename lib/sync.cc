// dossier sync: fetch, fast-forward or merge, validate, push. Every step that
// can refuse runs before the branch or the work tree changes, so a refused
// sync leaves HEAD, the index and the work tree as they were.
#include "dossier/sync.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "dossier/text.h"
#include "durable.h"
#include "fault.h"
#include "git/remote.h"
#include "repo_lock.h"
#include "repository_impl.h"
#include "sync_merge.h"
#include "transaction.h"

namespace dossier {
namespace {

// A remote argument that is not a configured name but a place: a path or URL.
bool LooksLikeUrl(const std::string& s) {
  return s.find('/') != std::string::npos || s.find(':') != std::string::npos ||
         s.find('\\') != std::string::npos || s == "." || s == "..";
}

struct Target {
  git::RemoteSpec remote;
  std::string branch;  // the remote's branch
};

// The remote and its branch: as given; else the branch's upstream
// (branch.X.remote, branch.X.merge); else origin and the same name.
Result<Target> ChooseRemote(const git::Repo& git, const std::string& branch,
                            const SyncOptions& options) {
  auto names = git::RemoteNames(git);
  if (!names) return names.error();
  const git::Upstream upstream = git::UpstreamOf(git, branch);
  std::string name = options.remote;
  if (name.empty()) name = upstream.remote;
  if (name.empty()) name = "origin";
  Target target;
  target.branch = options.branch;
  if (target.branch.empty()) {
    target.branch = name == upstream.remote && !upstream.branch.empty() ? upstream.branch : branch;
  }
  if (!git::IsValidBranchName(target.branch)) {
    return Error::Input("'" + target.branch +
                        "' is not a valid branch name (letters, digits, "
                        "'-', '_', '.' and '/', as in git: main, team/alice); nothing was "
                        "changed");
  }
  if (std::find(names->begin(), names->end(), name) != names->end()) {
    target.remote = git::RemoteSpec{name, true};
    return target;
  }
  if (!options.remote.empty() && LooksLikeUrl(options.remote)) {
    target.remote = git::RemoteSpec{options.remote, false};
    return target;
  }
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
    return Error::Negative(what +
                           " does not load, so nothing was changed: " + snap.error().message() +
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
    return Error::Negative(what +
                           " files one evidence file as two artifacts, so nothing was "
                           "changed: " +
                           Join(doubles, "; ") +
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
                        c.path.find('/', slash + 1) == std::string::npos && c.path.size() > 5 &&
                        c.path.compare(c.path.size() - 5, 5, ".json") == 0;
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

// A sync killed between updating the work tree and moving the branch
// leaves the work tree (and index) at the new commit and the branch at the
// old one. The journal .git/dossier-sync ("FROM TO BRANCH") is written
// before the work tree changes and removed once the branch moved; the next
// sync finds it and finishes the move (writing the files the update
// touches that are not yet as the new commit has them).
std::string JournalPath(const git::Repo& git) { return git.GitDir() + "/dossier-sync"; }

Status WriteJournal(const git::Repo& git, const std::string& from, const std::string& to,
                    const std::string& branch) {
  const std::string path = JournalPath(git);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << from << " " << to << " " << branch << "\n";
    f.flush();
    if (!f) return Error::Operational("cannot write " + tmp);
  }
  DOSSIER_RETURN_IF_ERROR(durable::SyncFile(tmp));
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Error::Operational("cannot write " + path + ": " + std::strerror(errno));
  }
  return durable::SyncDir(git.GitDir());
}

Status RemoveJournal(const git::Repo& git) {
  const std::string path = JournalPath(git);
  if (std::remove(path.c_str()) != 0 && errno != ENOENT) {
    return Error::Operational("cannot remove " + path + ": " + std::strerror(errno));
  }
  return durable::SyncDir(git.GitDir());
}

Status Advance(git::Repo& git, const std::string& branch, const std::string& from,
               const std::string& to, const std::string& message) {
  DOSSIER_RETURN_IF_ERROR(WriteJournal(git, from, to, branch));
  DOSSIER_RETURN_IF_ERROR(git::CheckoutAndAdvance(git, branch, from, to, message));
  return RemoveJournal(git);
}

Status FinishKilledSync(git::Repo& git) {
  std::ifstream f(JournalPath(git));
  if (!f) return Status::Ok();
  std::string from, to, branch;
  f >> from >> to >> branch;
  auto head = git.HeadCommit();
  if (!head) return head.error();
  auto current = git::CurrentBranch(git);
  if (!from.empty() && !to.empty() && current && *current == branch && *head == from &&
      git.HasObject(to)) {
    DOSSIER_RETURN_IF_ERROR(git::FinishCheckoutAndAdvance(
        git, branch, from, to, "sync: finish the interrupted update to " + to.substr(0, 12)));
  }
  // Otherwise the branch moved on (the update went in, or plain git moved
  // it): nothing to finish.
  return RemoveJournal(git);
}

// The resolver for both sides changing one entity file.
git::Resolver EntityResolver(const std::string& theirs_label) {
  return
      [theirs_label](const std::string& path, const std::string& base, const std::string& ours,
                     const std::string& theirs, std::string* report) -> std::optional<std::string> {
        const std::string prefix = "dossier/";
        const auto slash = path.find('/', prefix.size());
        if (path.rfind(prefix, 0) != 0 || slash == std::string::npos ||
            path.find('/', slash + 1) != std::string::npos || path.size() < 5 ||
            path.compare(path.size() - 5, 5, ".json") != 0) {
          return std::nullopt;
        }
        const std::string kind = path.substr(prefix.size(), slash - prefix.size());
        const std::string id = path.substr(slash + 1, path.size() - slash - 1 - 5);
        return MergeEntity(kind, id, base, ours, theirs, MergeSides{"here", "on " + theirs_label},
                           report);
      };
}

constexpr int kPushAttempts = 3;

}  // namespace

Result<SyncResult> Sync(Repository& repo, const Context& ctx, const SyncOptions& options) {
  git::Repo& git = RepositoryAccess::Of(repo).git;
  // The lock, and whatever a killed command left finished off first: a
  // half-made commit must never be taken for one that went in (nor pushed).
  auto lock = LockForChange(repo, ctx);
  if (!lock) return lock.error();
  DOSSIER_RETURN_IF_ERROR(FinishKilledSync(git));

  SyncResult result;
  auto branch = git::CurrentBranch(git);
  if (!branch) return branch.error();
  result.branch = *branch;
  auto target = ChooseRemote(git, *branch, options);
  if (!target) return target.error();
  const git::RemoteSpec& remote = target->remote;
  result.remote = remote.name_or_url;
  result.remote_branch = target->branch;
  const std::string where = result.remote + "/" + result.remote_branch;

  auto head = git.HeadCommit();
  if (!head) return head.error();
  if (head->empty()) return Error::Input("branch " + *branch + " has no commit yet");
  result.old_head = result.head = *head;

  // What the remote had at the last sync, to tell when shared history was
  // rewritten since (on either side).
  std::string known;
  const std::string tracking = "refs/remotes/" + remote.name_or_url + "/" + target->branch;
  if (remote.named) {
    auto t = git.RefTarget(tracking);
    if (!t) return t.error();
    known = *t;
  }

  result.action = "up-to-date";
  for (int attempt = 1;; ++attempt) {
    result.attempts = attempt;
    const std::string here = result.head;
    auto theirs = git::FetchBranch(git, remote, target->branch);
    if (!theirs) return theirs.error();
    fault::Point("sync.fetched");
    if (attempt == 1 && !known.empty() && git.HasObject(known)) {
      if (!theirs->empty()) {
        auto kept = git::IsAncestor(git, known, *theirs);
        if (!kept) return kept.error();
        if (!*kept) result.remote_dropped = known;
      }
      auto kept_here = git::IsAncestor(git, known, here);
      if (!kept_here) return kept_here.error();
      auto ref = git.HeadRefName();
      if (!ref) return ref.error();
      if (!*kept_here && git.ReflogHas(*ref, known)) result.local_dropped = known;
    }

    bool incoming = false;
    if (!theirs->empty()) {
      auto have = git::IsAncestor(git, *theirs, here);
      if (!have) return have.error();
      incoming = !*have;
    }
    if (incoming) {
      auto fast_forward = git::IsAncestor(git, here, *theirs);
      if (!fast_forward) return fast_forward.error();
      std::string to = *theirs;
      if (*fast_forward) {
        if (result.action != "merge") result.action = "fast-forward";
        DOSSIER_RETURN_IF_ERROR(Validate(repo, to, "the evidence on " + where));
      } else {
        result.action = "merge";
        auto author = git.MakeSignature(ctx.author_name, ctx.author_email);
        if (!author) return author.error();
        auto merged =
            git::MergeCommits(git, here, *theirs, WithDossierTrailer("sync: merge " + where),
                              *author, EntityResolver(where));
        if (!merged) return merged.error();
        if (!merged->conflicts.empty()) {
          std::string said = "cannot merge " + where + " into " + *branch + ": ";
          if (!merged->reports.empty()) {
            said += Join(merged->reports, ". ") + ". Both versions are kept: this clone's (" +
                    here.substr(0, 12) + ") and " + where + "'s (" + theirs->substr(0, 12) +
                    "; see it with git show " + theirs->substr(0, 12) + ":" +
                    merged->conflicts.front() + "). Nothing was changed here or on " + where +
                    ". Agree with whoever made the other change which version stands, then "
                    "resolve with plain git: git pull, edit " +
                    Join(merged->conflicts, ", ") +
                    " to keep what is right, git add + git commit; then run dossier sync "
                    "again.";
          } else {
            said += "both sides changed " + Join(merged->conflicts, ", ") +
                    ". Nothing was changed. Resolve with plain git: git pull, edit the "
                    "conflicting file(s), git add them and git commit; then run dossier sync "
                    "again.";
          }
          return Error::Negative(said);
        }
        for (const auto& p : merged->resolved) result.merged_entities.push_back(p);
        to = merged->commit;
        DOSSIER_RETURN_IF_ERROR(Validate(repo, to, "the merge of " + where));
      }
      fault::Point("sync.merged");
      DOSSIER_RETURN_IF_ERROR(CheckWorkTree(git, here, to));
      auto came_in = git::CommitsBetween(git, here, *theirs);
      if (!came_in) return came_in.error();
      for (auto& c : ToSyncCommits(*came_in)) result.incoming.push_back(std::move(c));
      DOSSIER_RETURN_IF_ERROR(
          Advance(git, *branch, here, to,
                  "sync: " + std::string(*fast_forward ? "fast-forward to " : "merge ") + where));
      result.head = to;
    }

    auto outgoing = git::CommitsBetween(git, *theirs, result.head);
    if (!outgoing) return outgoing.error();
    result.outgoing = ToSyncCommits(*outgoing);
    if (!options.push || result.outgoing.empty()) break;
    fault::Point("sync.before-push");
    auto pushed = git::PushBranch(git, remote, *branch, target->branch);
    if (!pushed) {
      // What came in stays: the next sync pushes it.
      if (result.head == result.old_head) return pushed.error();
      return pushed.error().WithContext(result.action + " of " + where + " done locally (HEAD " +
                                        result.head.substr(0, 12) + "), but the push failed");
    }
    if (*pushed == git::PushOutcome::kPushed) {
      result.pushed = true;
      break;
    }
    if (attempt == kPushAttempts) {
      return Error::Operational(
          "cannot push to " + where + ": it moved again before each of " +
          std::to_string(kPushAttempts) +
          " attempts (others are pushing at the same time; the "
          "push was not a fast-forward). What came in each time was merged here and is kept "
          "(HEAD " +
          result.head.substr(0, 12) + "); run dossier sync again in a moment.");
    }
  }
  std::sort(result.merged_entities.begin(), result.merged_entities.end());
  if (result.head != result.old_head) {
    DOSSIER_RETURN_IF_ERROR(Describe(git, result.old_head, result.head, &result));
  }
  return result;
}

}  // namespace dossier
