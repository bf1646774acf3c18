#include "git/remote.h"

#include <git2.h>

#include <algorithm>
#include <memory>
#include <set>

#include "durable.h"
#include "git/handles.h"

namespace dossier::git {
namespace {

Result<git_oid> ParseOid(const std::string& hex) {
  git_oid oid;
  if (git_oid_fromstr(&oid, hex.c_str()) != 0) return GitError("bad commit id " + hex);
  return oid;
}

Result<CommitPtr> LookupCommit(git_repository* repo, const std::string& hex) {
  auto oid = ParseOid(hex);
  if (!oid) return oid.error();
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo, &*oid) != 0) return GitError("cannot read commit " + hex);
  return CommitPtr(c);
}

Result<TreePtr> CommitTreeOf(git_repository* repo, const std::string& hex) {
  auto commit = LookupCommit(repo, hex);
  if (!commit) return commit.error();
  git_tree* t = nullptr;
  if (git_commit_tree(&t, commit->get()) != 0) return GitError("cannot read tree of " + hex);
  return TreePtr(t);
}

Result<RemotePtr> MakeRemote(git_repository* repo, const RemoteSpec& spec) {
  git_remote* r = nullptr;
  int rc = spec.named ? git_remote_lookup(&r, repo, spec.name_or_url.c_str())
                      : git_remote_create_anonymous(&r, repo, spec.name_or_url.c_str());
  if (rc != 0) return GitError("cannot use remote '" + spec.name_or_url + "'");
  return RemotePtr(r);
}

// What the transport callbacks share during one fetch or push.
struct CallbackState {
  int credential_attempts = 0;
  std::string rejected;  // the remote's verdict on refused refs
};

// SSH remotes (git@github.com:...) authenticate through the user's
// ssh-agent, once; anything else is left to libgit2 (which fails with its
// own message, reported as exit 3). Not exercised by the tests: only local
// remotes are available there.
int OnCredentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                  unsigned int allowed_types, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if ((allowed_types & GIT_CREDENTIAL_SSH_KEY) == 0 || state->credential_attempts++ > 0) {
    return GIT_PASSTHROUGH;
  }
  return git_credential_ssh_key_from_agent(out, username_from_url ? username_from_url : "git");
}

// Collects the remote's verdict on each pushed ref: a rejection arrives
// here, not as the push's return code.
int OnPushUpdate(const char* refname, const char* status, void* payload) {
  if (status) {
    static_cast<CallbackState*>(payload)->rejected += std::string(refname) + ": " + status;
  }
  return 0;
}

}  // namespace

Result<std::string> CurrentBranch(const Repo& repo) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.raw(), "HEAD") != 0) return GitError("cannot read HEAD");
  RefPtr head(raw);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
    return Error::Input("HEAD is detached (not on a branch): check out the branch to sync, "
                        "e.g. git switch main");
  }
  const std::string target = git_reference_symbolic_target(head.get());
  const std::string prefix = "refs/heads/";
  if (target.rfind(prefix, 0) != 0) return Error::Input("HEAD is not on a branch: " + target);
  return target.substr(prefix.size());
}

std::string UpstreamRemote(const Repo& repo, const std::string& branch) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.raw()) != 0) return {};
  ConfigPtr cfg(raw);
  git_buf buf = GIT_BUF_INIT;
  std::string out;
  if (git_config_get_string_buf(&buf, cfg.get(), ("branch." + branch + ".remote").c_str()) == 0) {
    out = buf.ptr;
  }
  git_buf_dispose(&buf);
  return out == "." ? std::string() : out;  // "." is the repository itself
}

Result<std::vector<std::string>> RemoteNames(const Repo& repo) {
  git_strarray names{};
  if (git_remote_list(&names, repo.raw()) != 0) return GitError("cannot list remotes");
  std::vector<std::string> out(names.strings, names.strings + names.count);
  git_strarray_dispose(&names);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> FetchBranch(Repo& repo, const RemoteSpec& spec, const std::string& branch) {
  auto remote = MakeRemote(repo.raw(), spec);
  if (!remote) return remote.error();
  const std::string src = "refs/heads/" + branch;
  // A named remote keeps its tracking ref up to date, as git fetch does; a
  // URL used directly leaves no ref behind.
  std::string refspec = spec.named ? "+" + src + ":refs/remotes/" + spec.name_or_url + "/" + branch
                                   : src;
  char* specs[] = {refspec.data()};
  git_strarray refspecs{specs, 1};
  CallbackState state;
  git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
  callbacks.credentials = OnCredentials;
  callbacks.payload = &state;
  if (git_remote_connect(remote->get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr) != 0) {
    return Error::Operational("cannot reach " + spec.name_or_url + ": " + LastMessage());
  }
  const git_remote_head** heads = nullptr;
  size_t count = 0;
  if (git_remote_ls(&heads, &count, remote->get()) != 0) {
    return Error::Operational("cannot list the branches of " + spec.name_or_url + ": " +
                              LastMessage());
  }
  std::string tip;
  for (size_t i = 0; i < count; ++i) {
    if (src == heads[i]->name) tip = OidHex(&heads[i]->oid);
  }
  if (tip.empty()) return tip;  // nothing to fetch: the remote lacks the branch
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  opts.update_fetchhead = 0;
  opts.callbacks = callbacks;
  state.credential_attempts = 0;  // the fetch connects again
  if (git_remote_fetch(remote->get(), &refspecs, &opts, ("sync: fetch " + branch).c_str()) != 0) {
    return Error::Operational("cannot fetch " + branch + " from " + spec.name_or_url + ": " +
                              LastMessage());
  }
  return tip;
}

Status PushBranch(Repo& repo, const RemoteSpec& spec, const std::string& branch) {
  auto remote = MakeRemote(repo.raw(), spec);
  if (!remote) return remote.error();
  std::string refspec = "refs/heads/" + branch + ":refs/heads/" + branch;
  char* specs[] = {refspec.data()};
  git_strarray refspecs{specs, 1};
  CallbackState state;
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  opts.callbacks.credentials = OnCredentials;
  opts.callbacks.push_update_reference = OnPushUpdate;
  opts.callbacks.payload = &state;
  if (git_remote_push(remote->get(), &refspecs, &opts) != 0) {
    return Error::Operational("cannot push " + branch + " to " + spec.name_or_url + ": " +
                              LastMessage());
  }
  if (!state.rejected.empty()) {
    return Error::Operational("the remote " + spec.name_or_url + " rejected the push of " +
                              branch + ": " + state.rejected);
  }
  return Status::Ok();
}

Result<bool> IsAncestor(const Repo& repo, const std::string& ancestor,
                        const std::string& descendant) {
  if (ancestor == descendant) return true;
  auto a = ParseOid(ancestor);
  if (!a) return a.error();
  auto d = ParseOid(descendant);
  if (!d) return d.error();
  int rc = git_graph_descendant_of(repo.raw(), &*d, &*a);
  if (rc < 0) return GitError("cannot compare " + ancestor + " and " + descendant);
  return rc == 1;
}

Result<std::vector<CommitSummary>> CommitsBetween(const Repo& repo, const std::string& hide,
                                                  const std::string& tip) {
  std::vector<CommitSummary> out;
  if (tip.empty()) return out;
  git_revwalk* w = nullptr;
  if (git_revwalk_new(&w, repo.raw()) != 0) return GitError("cannot walk history");
  WalkPtr walk(w);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  auto start = ParseOid(tip);
  if (!start) return start.error();
  if (git_revwalk_push(walk.get(), &*start) != 0) return GitError("cannot walk from " + tip);
  if (!hide.empty()) {
    auto stop = ParseOid(hide);
    if (!stop) return stop.error();
    if (git_revwalk_hide(walk.get(), &*stop) != 0) return GitError("cannot walk to " + hide);
  }
  git_oid oid;
  int walked = 0;
  while ((walked = git_revwalk_next(&oid, walk.get())) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo.raw(), &oid) != 0) return GitError("cannot read commit");
    CommitPtr commit(c);
    CommitSummary s = Summarise(&oid, c);
    out.push_back(std::move(s));
  }
  if (walked != GIT_ITEROVER) return GitError("cannot walk the history from " + tip.substr(0, 12));
  return out;
}

Result<std::vector<PathChange>> DiffCommits(const Repo& repo, const std::string& from,
                                            const std::string& to) {
  TreePtr old_tree;
  if (!from.empty()) {
    auto t = CommitTreeOf(repo.raw(), from);
    if (!t) return t.error();
    old_tree = std::move(*t);
  }
  auto new_tree = CommitTreeOf(repo.raw(), to);
  if (!new_tree) return new_tree.error();
  git_diff* d = nullptr;
  if (git_diff_tree_to_tree(&d, repo.raw(), old_tree.get(), new_tree->get(), nullptr) != 0) {
    return GitError("cannot compare " + from + " and " + to);
  }
  DiffPtr diff(d);
  std::vector<PathChange> out;
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    PathChange c;
    c.status = delta->status == GIT_DELTA_ADDED     ? 'A'
               : delta->status == GIT_DELTA_DELETED ? 'D'
                                                    : 'M';
    c.path = c.status == 'D' ? delta->old_file.path : delta->new_file.path;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<std::string>> UncommittedPaths(const Repo& repo) {
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
  git_status_list* raw = nullptr;
  if (git_status_list_new(&raw, repo.raw(), &opts) != 0) return GitError("cannot read status");
  StatusPtr list(raw);
  std::set<std::string> out;
  for (size_t i = 0; i < git_status_list_entrycount(list.get()); ++i) {
    const git_status_entry* e = git_status_byindex(list.get(), i);
    for (const git_diff_delta* d : {e->head_to_index, e->index_to_workdir}) {
      if (!d) continue;
      if (d->old_file.path) out.insert(d->old_file.path);
      if (d->new_file.path) out.insert(d->new_file.path);
    }
  }
  return std::vector<std::string>(out.begin(), out.end());
}

Result<MergeOutcome> MergeCommits(Repo& repo, const std::string& ours, const std::string& theirs,
                                  const std::string& message, const Signature& author) {
  auto our_commit = LookupCommit(repo.raw(), ours);
  if (!our_commit) return our_commit.error();
  auto their_commit = LookupCommit(repo.raw(), theirs);
  if (!their_commit) return their_commit.error();
  git_merge_options opts = GIT_MERGE_OPTIONS_INIT;
  git_index* raw = nullptr;
  if (git_merge_commits(&raw, repo.raw(), our_commit->get(), their_commit->get(), &opts) != 0) {
    return GitError("cannot merge " + theirs + " into " + ours);
  }
  IndexPtr index(raw);
  MergeOutcome out;
  if (git_index_has_conflicts(index.get())) {
    git_index_conflict_iterator* it_raw = nullptr;
    if (git_index_conflict_iterator_new(&it_raw, index.get()) != 0) {
      return GitError("cannot list merge conflicts");
    }
    ConflictIterPtr it(it_raw);
    std::set<std::string> paths;
    const git_index_entry *ancestor = nullptr, *our = nullptr, *their = nullptr;
    while (git_index_conflict_next(&ancestor, &our, &their, it.get()) == 0) {
      for (const git_index_entry* e : {ancestor, our, their}) {
        if (e && e->path) paths.insert(e->path);
      }
    }
    out.conflicts.assign(paths.begin(), paths.end());
    return out;
  }
  git_oid tree_oid;
  if (git_index_write_tree_to(&tree_oid, index.get(), repo.raw()) != 0) {
    return GitError("cannot write the merged tree");
  }
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo.raw(), &tree_oid) != 0) return GitError("cannot read merged tree");
  TreePtr tree(t);
  git_signature* s = nullptr;
  if (git_signature_new(&s, author.name.c_str(), author.email.c_str(), author.time,
                        author.offset_minutes) != 0) {
    return GitError("invalid author '" + author.name + " <" + author.email + ">'");
  }
  SigPtr sig(s);
  const git_commit* parents[2] = {our_commit->get(), their_commit->get()};
  git_oid commit_oid;
  if (git_commit_create(&commit_oid, repo.raw(), nullptr, sig.get(), sig.get(), nullptr,
                        message.c_str(), tree.get(), 2, parents) != 0) {
    return GitError("cannot create the merge commit");
  }
  out.commit = OidHex(&commit_oid);
  return out;
}

Status CheckoutAndAdvance(Repo& repo, const std::string& branch, const std::string& from,
                          const std::string& to, const std::string& reflog_message) {
  auto target = LookupCommit(repo.raw(), to);
  if (!target) return target.error();
  auto baseline = CommitTreeOf(repo.raw(), from);
  if (!baseline) return baseline.error();
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  // SAFE: only files that are as `from` has them are replaced; anything
  // the user changed makes the checkout fail before it writes.
  opts.checkout_strategy = GIT_CHECKOUT_SAFE;
  opts.baseline = baseline->get();
  if (git_checkout_tree(repo.raw(), reinterpret_cast<git_object*>(target->get()), &opts) != 0) {
    return Error::Operational("cannot update the work tree: " + LastMessage());
  }
  // What came in (objects, files, index) is on disk before the branch names it.
  DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(repo.GitDir()));
  DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(repo.Workdir()));
  git_reference* raw = nullptr;
  const std::string name = "refs/heads/" + branch;
  if (git_reference_lookup(&raw, repo.raw(), name.c_str()) != 0) {
    return GitError("cannot read " + name);
  }
  RefPtr ref(raw);
  auto oid = ParseOid(to);
  if (!oid) return oid.error();
  git_reference* moved = nullptr;
  if (git_reference_set_target(&moved, ref.get(), &*oid, reflog_message.c_str()) != 0) {
    Error e = GitError("cannot move " + name + " to " + to);
    // Put the work tree back as the branch still has it.
    // SAFE again, from the new tree: only the files just written change.
    auto old = LookupCommit(repo.raw(), from);
    auto written = CommitTreeOf(repo.raw(), to);
    git_checkout_options back = GIT_CHECKOUT_OPTIONS_INIT;
    back.checkout_strategy = GIT_CHECKOUT_SAFE;
    if (written) back.baseline = written->get();
    if (old) git_checkout_tree(repo.raw(), reinterpret_cast<git_object*>(old->get()), &back);
    return e;
  }
  RefPtr moved_ref(moved);
  return repo.SyncRef(name);
}

}  // namespace dossier::git
