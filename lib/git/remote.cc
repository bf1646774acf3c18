#include "git/remote.h"

#include <git2.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>

#include "dossier/text.h"
#include "durable.h"
#include "fault.h"
#include "git/credential.h"
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

// An SSH URL: ssh://, git+ssh://, ssh+git://, or git's scp-like
// user@host:path (a colon before any slash, and not a Windows drive).
bool IsSshUrl(const std::string& url) {
  for (const char* scheme : {"ssh://", "git+ssh://", "ssh+git://"}) {
    if (url.rfind(scheme, 0) == 0) return true;
  }
  if (url.find("://") != std::string::npos) return false;
  const auto colon = url.find(':');
  const auto slash = url.find('/');
  return colon != std::string::npos && colon > 1 && (slash == std::string::npos || colon < slash);
}

// "host" or "host:port" of a URL, for messages.
std::string HostOf(const std::string& url) {
  std::string rest = url;
  const auto scheme = rest.find("://");
  if (scheme != std::string::npos) {
    rest = rest.substr(scheme + 3);
    rest = rest.substr(0, rest.find('/'));
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  const auto at = rest.rfind('@');
  return at == std::string::npos ? rest : rest.substr(at + 1);
}

// What the transport callbacks share during one fetch or push.
struct CallbackState {
  std::string url;
  // HTTPS: what git's credential helper gave, asked once per command;
  // how often it was handed over in the current connection phase.
  bool filled = false;
  CredentialAttributes credential;
  std::string fill_failure;
  int userpass_given = 0;
  // SSH: the ways to authenticate, tried in turn: the agent, then key files.
  bool ssh_listed = false;
  std::vector<std::string> ssh_ways;  // "agent" or a private key file
  size_t ssh_next = 0;
  std::vector<std::string> ssh_tried;
  bool auth_refused = false;
  std::string rejected;     // the remote's verdict on refused refs
  std::string remote_said;  // what the remote printed (hooks: "remote: ...")
};

std::string UserName() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "git";
}

void ListSshWays(CallbackState* state) {
  state->ssh_listed = true;
  if (const char* sock = std::getenv("SSH_AUTH_SOCK"); sock && *sock) {
    state->ssh_ways.push_back("agent");
  }
  const char* home = std::getenv("HOME");
  if (!home || !*home) return;
  for (const char* name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
    const std::string key = std::string(home) + "/.ssh/" + name;
    if (access(key.c_str(), R_OK) == 0) state->ssh_ways.push_back(key);
  }
}

// Called by libgit2 whenever the server asks who we are, and again after
// each refusal: each call hands over the next way to authenticate, and
// a call after the last means every way was refused.
int OnCredentials(git_credential** out, const char* url, const char* username_from_url,
                  unsigned int allowed_types, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  const std::string user = username_from_url && *username_from_url ? username_from_url : "";
  if (allowed_types & GIT_CREDENTIAL_USERNAME) {
    return git_credential_username_new(out, user.empty() ? UserName().c_str() : user.c_str());
  }
  if (allowed_types & GIT_CREDENTIAL_SSH_KEY) {
    if (!state->ssh_listed) ListSshWays(state);
    const std::string name = user.empty() ? UserName() : user;
    while (state->ssh_next < state->ssh_ways.size()) {
      const std::string way = state->ssh_ways[state->ssh_next++];
      state->ssh_tried.push_back(way == "agent" ? "ssh-agent" : way);
      if (way == "agent") {
        if (git_credential_ssh_key_from_agent(out, name.c_str()) == 0) return 0;
        continue;
      }
      const std::string pub = way + ".pub";
      const bool has_pub = access(pub.c_str(), R_OK) == 0;
      if (git_credential_ssh_key_new(out, name.c_str(), has_pub ? pub.c_str() : nullptr,
                                     way.c_str(), nullptr) == 0) {
        return 0;
      }
    }
    state->auth_refused = true;
    git_error_set_str(GIT_ERROR_SSH, "no SSH key was accepted");
    return GIT_EAUTH;
  }
  if (allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
    if (state->userpass_given > 0 || (state->filled && state->credential.empty())) {
      state->auth_refused = true;
      git_error_set_str(GIT_ERROR_HTTP, "the credentials were refused");
      return GIT_EAUTH;
    }
    if (!state->filled) {
      state->filled = true;
      state->credential = CredentialFill(url ? url : state->url, user, &state->fill_failure);
      if (state->credential.empty()) {
        state->auth_refused = true;
        git_error_set_str(GIT_ERROR_HTTP, "no credentials");
        return GIT_EAUTH;
      }
    }
    ++state->userpass_given;
    return git_credential_userpass_plaintext_new(out, state->credential["username"].c_str(),
                                                 state->credential["password"].c_str());
  }
  return GIT_PASSTHROUGH;
}

// What hooks on the remote print ("remote: protected branch"), kept for
// the message when the push is refused.
int OnSideband(const char* text, int length, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (state->remote_said.size() < 4096)
    state->remote_said.append(text, static_cast<size_t>(length));
  return 0;
}

// Collects the remote's verdict on each pushed ref: a rejection arrives
// here, not as the push's return code.
int OnPushUpdate(const char* refname, const char* status, void* payload) {
  if (status) {
    static_cast<CallbackState*>(payload)->rejected += std::string(refname) + ": " + status;
  }
  return 0;
}

git_remote_callbacks Callbacks(CallbackState* state) {
  git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
  callbacks.credentials = OnCredentials;
  callbacks.sideband_progress = OnSideband;
  callbacks.push_update_reference = OnPushUpdate;
  callbacks.payload = state;
  return callbacks;
}

// The remote's URL as git would use it (for a push: pushurl when set).
std::string UrlOf(git_remote* remote, bool push) {
  const char* url =
      push && git_remote_pushurl(remote) ? git_remote_pushurl(remote) : git_remote_url(remote);
  return url ? url : "";
}

// The remote's lines (hooks, server messages) without the progress noise,
// one line each, for an error message.
std::string RemoteLines(const std::string& said) {
  std::string out;
  size_t start = 0;
  while (start < said.size()) {
    size_t end = said.find_first_of("\r\n", start);
    if (end == std::string::npos) end = said.size();
    std::string line = said.substr(start, end - start);
    start = end + 1;
    const bool progress = line.find("Counting objects") != std::string::npos ||
                          line.find("Compressing objects") != std::string::npos ||
                          line.find("Resolving deltas") != std::string::npos ||
                          line.find("Writing objects") != std::string::npos ||
                          line.find("Enumerating objects") != std::string::npos ||
                          line.find("Total ") == 0;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty() || progress) continue;
    out += (out.empty() ? "" : " / ") + line;
  }
  return out;
}

// Dossier speaks SSH itself (libgit2 with libssh2) and cannot run the ssh
// program git would: a setting that replaces it is refused, not ignored,
// so that nobody wonders why their proxy, port or key option has no effect.
Status RefuseSshCommand(git_repository* repo, const std::string& url) {
  if (!IsSshUrl(url)) return Status::Ok();
  std::string what, value;
  if (const char* v = std::getenv("GIT_SSH_COMMAND"); v && *v) {
    what = "GIT_SSH_COMMAND", value = v;
  } else if (const char* v2 = std::getenv("GIT_SSH"); v2 && *v2) {
    what = "GIT_SSH", value = v2;
  } else {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) == 0) {
      ConfigPtr cfg(raw);
      git_buf buf = GIT_BUF_INIT;
      if (git_config_get_string_buf(&buf, cfg.get(), "core.sshCommand") == 0 && buf.ptr &&
          *buf.ptr) {
        what = "core.sshCommand", value = buf.ptr;
      }
      git_buf_dispose(&buf);
    }
  }
  if (what.empty()) return Status::Ok();
  return Error::Input(
      what + " is set ('" + value + "'), but Dossier connects to " + url +
      " over SSH by itself and cannot run another ssh command, so nothing was changed. Unset "
      "it for Dossier (env -u GIT_SSH_COMMAND dossier sync, or git config --unset "
      "core.sshCommand), give the port in the URL (ssh://git@host:2222/path/repo.git), and "
      "keep the key in ssh-agent or in ~/.ssh/id_ed25519, id_ecdsa or id_rsa; or sync with "
      "plain git (git pull, git push) instead.");
}

// A transport failure in words a quality manager can act on.
Error TransportFailure(int rc, const CallbackState& state, const std::string& doing,
                       const std::string& url) {
  std::string git_says = LastMessage();
  while (!git_says.empty() && (git_says.back() == '\n' || git_says.back() == ' ')) {
    git_says.pop_back();
  }
  const std::string host = HostOf(url);
  if (rc == GIT_ECERTIFICATE || git_says.find("hostkey") != std::string::npos ||
      git_says.find("host key") != std::string::npos ||
      git_says.find("known_hosts") != std::string::npos) {
    if (IsSshUrl(url)) {
      const auto colon = host.find(':');
      const std::string scan = colon == std::string::npos
                                   ? host
                                   : "-p " + host.substr(colon + 1) + " " + host.substr(0, colon);
      return Error::Operational(
          "cannot " + doing + ": the SSH host key of " + host +
          " is not the one recorded in ~/.ssh/known_hosts (or none is recorded), so Dossier "
          "did not connect: it could be another machine posing as the server. Check the key's "
          "fingerprint with whoever runs the server, then record it: ssh-keyscan " +
          scan +
          " >> ~/.ssh/known_hosts (or connect once with ssh or git and confirm). git says: " +
          git_says);
    }
    return Error::Operational("cannot " + doing + ": the certificate of " + host +
                              " is not trusted, so Dossier did not connect. git says: " + git_says);
  }
  if (state.auth_refused || rc == GIT_EAUTH) {
    if (!state.ssh_tried.empty() || state.ssh_listed) {
      return Error::Operational(
          "cannot " + doing + ": " + host + " refused every SSH key offered (tried: " +
          (state.ssh_tried.empty() ? std::string("none: no ssh-agent and no ~/.ssh/id_ed25519, "
                                                 "id_ecdsa or id_rsa")
                                   : Join(state.ssh_tried, ", ")) +
          "). Add your public key to your account on the server (or load your key with "
          "ssh-add); a key protected by a passphrase must be in ssh-agent.");
    }
    if (state.userpass_given > 0) {
      return Error::Operational(
          "cannot " + doing + ": " + host +
          " refused the user name and password (or token) "
          "that git's credential helper gave for " +
          url + " (user '" +
          (state.credential.count("username") ? state.credential.at("username") : "") +
          "'); git was told to forget them. Store a valid token: git credential approve, or "
          "run git fetch once and sign in, then run dossier sync again.");
    }
    return Error::Operational(
        "cannot " + doing + ": " + host +
        " asks for a user name and password (or token), "
        "and git's credential helper has none for " +
        url + (state.fill_failure.empty() ? "" : " (" + state.fill_failure + ")") +
        ". Set one up as for git: git config --global credential.helper store (or your "
        "system's helper), then run git fetch once and sign in, or store the token with git "
        "credential approve; then run dossier sync again.");
  }
  const bool not_found =
      git_says.find("404") != std::string::npos ||
      git_says.find("not found") != std::string::npos ||
      git_says.find("does not appear to be a git repository") != std::string::npos ||
      git_says.find("could not find repository") != std::string::npos;
  if (not_found) {
    return Error::Operational("cannot " + doing + ": there is no repository at " + url +
                              " (the server says it does not exist, or that you may not see "
                              "it). Check the URL (git remote -v) and your access to it. git "
                              "says: " +
                              git_says);
  }
  return Error::Operational("cannot " + doing + " (" + url + "): " + git_says);
}

}  // namespace

Result<std::string> CurrentBranch(const Repo& repo) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo.raw(), "HEAD") != 0) return GitError("cannot read HEAD");
  RefPtr head(raw);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
    return Error::Input(
        "HEAD is detached (not on a branch): check out the branch to sync, "
        "e.g. git switch main");
  }
  const std::string target = git_reference_symbolic_target(head.get());
  const std::string prefix = "refs/heads/";
  if (target.rfind(prefix, 0) != 0) return Error::Input("HEAD is not on a branch: " + target);
  return target.substr(prefix.size());
}

Upstream UpstreamOf(const Repo& repo, const std::string& branch) {
  git_config* raw = nullptr;
  Upstream out;
  if (git_repository_config_snapshot(&raw, repo.raw()) != 0) return out;
  ConfigPtr cfg(raw);
  auto get = [&](const std::string& key) {
    git_buf buf = GIT_BUF_INIT;
    std::string value;
    if (git_config_get_string_buf(&buf, cfg.get(), key.c_str()) == 0) value = buf.ptr;
    git_buf_dispose(&buf);
    return value;
  };
  out.remote = get("branch." + branch + ".remote");
  if (out.remote == ".") return {};  // "." is the repository itself
  std::string merge = get("branch." + branch + ".merge");
  const std::string heads = "refs/heads/";
  if (merge.rfind(heads, 0) == 0) merge = merge.substr(heads.size());
  if (!out.remote.empty()) out.branch = merge;
  return out;
}

bool IsValidBranchName(const std::string& name) {
  int valid = 0;
  return git_reference_name_is_valid(&valid, ("refs/heads/" + name).c_str()) == 0 && valid;
}

Result<std::vector<std::string>> RemoteNames(const Repo& repo) {
  git_strarray names{};
  if (git_remote_list(&names, repo.raw()) != 0) return GitError("cannot list remotes");
  std::vector<std::string> out(names.strings, names.strings + names.count);
  git_strarray_dispose(&names);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> FetchBranch(Repo& repo, const RemoteSpec& spec,
                                const std::string& remote_branch) {
  auto remote = MakeRemote(repo.raw(), spec);
  if (!remote) return remote.error();
  CallbackState state;
  state.url = UrlOf(remote->get(), false);
  DOSSIER_RETURN_IF_ERROR(RefuseSshCommand(repo.raw(), state.url));
  const std::string src = "refs/heads/" + remote_branch;
  // A named remote keeps its tracking ref up to date, as git fetch does; a
  // URL used directly leaves no ref behind.
  std::string refspec =
      spec.named ? "+" + src + ":refs/remotes/" + spec.name_or_url + "/" + remote_branch : src;
  char* specs[] = {refspec.data()};
  git_strarray refspecs{specs, 1};
  git_remote_callbacks callbacks = Callbacks(&state);
  int rc = git_remote_connect(remote->get(), GIT_DIRECTION_FETCH, &callbacks, nullptr, nullptr);
  if (rc != 0) {
    if (state.auth_refused && state.userpass_given > 0) CredentialReject(state.credential);
    return TransportFailure(rc, state, "reach " + spec.name_or_url, state.url);
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
  if (!tip.empty()) {
    git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
    opts.update_fetchhead = 0;
    opts.callbacks = callbacks;
    state.userpass_given = 0;  // the fetch may authenticate again
    rc =
        git_remote_fetch(remote->get(), &refspecs, &opts, ("sync: fetch " + remote_branch).c_str());
    if (rc != 0) {
      if (state.auth_refused && state.userpass_given > 0) CredentialReject(state.credential);
      return TransportFailure(rc, state, "fetch " + remote_branch + " from " + spec.name_or_url,
                              state.url);
    }
  }
  if (state.userpass_given > 0) CredentialApprove(state.credential);
  return tip;  // "" when the remote lacks the branch
}

Result<PushOutcome> PushBranch(Repo& repo, const RemoteSpec& spec, const std::string& branch,
                               const std::string& remote_branch) {
  auto remote = MakeRemote(repo.raw(), spec);
  if (!remote) return remote.error();
  CallbackState state;
  state.url = UrlOf(remote->get(), true);
  DOSSIER_RETURN_IF_ERROR(RefuseSshCommand(repo.raw(), state.url));
  std::string refspec = "refs/heads/" + branch + ":refs/heads/" + remote_branch;
  char* specs[] = {refspec.data()};
  git_strarray refspecs{specs, 1};
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  opts.callbacks = Callbacks(&state);
  const std::string where = spec.name_or_url + "/" + remote_branch;
  const int rc = git_remote_push(remote->get(), &refspecs, &opts);
  // Someone pushed between our fetch and this push: libgit2 sees it when it
  // connects (not a fast-forward), or the server when it updates the ref.
  if (rc == GIT_ENONFASTFORWARD) return PushOutcome::kRemoteMoved;
  if (rc != 0) {
    if (state.auth_refused && state.userpass_given > 0) CredentialReject(state.credential);
    const std::string said = RemoteLines(state.remote_said);
    Error e = TransportFailure(rc, state, "push " + branch + " to " + where, state.url);
    if (said.empty()) return e;
    return Error::Operational(e.message() + " The remote said: " + said);
  }
  if (state.userpass_given > 0) CredentialApprove(state.credential);
  if (state.rejected.empty()) return PushOutcome::kPushed;
  for (const char* moved : {"non-fast-forward", "fetch first", "failed to update ref",
                            "failed to lock", "stale info", "cannot lock ref"}) {
    if (state.rejected.find(moved) != std::string::npos) return PushOutcome::kRemoteMoved;
  }
  const std::string said = RemoteLines(state.remote_said);
  return Error::Operational(
      "the remote refused the update of " + where + " (" + state.rejected + ")" +
      (said.empty() ? std::string() : "; it said: " + said) +
      ". The branch is probably protected there (only some people, or only merge requests, may "
      "change it). Everything is committed here; ask whoever administers the repository, or "
      "push to a branch of your own and propose it there: dossier sync " +
      spec.name_or_url + " BRANCH.");
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
                                  const std::string& message, const Signature& author,
                                  const Resolver& resolve) {
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
    struct Conflict {
      std::string path;
      git_oid ids[3];
      bool present[3];
      unsigned int mode;
    };
    std::vector<Conflict> conflicts;
    {
      ConflictIterPtr it(it_raw);
      const git_index_entry *ancestor = nullptr, *our = nullptr, *their = nullptr;
      while (git_index_conflict_next(&ancestor, &our, &their, it.get()) == 0) {
        Conflict c{};
        const git_index_entry* entries[3] = {ancestor, our, their};
        for (int i = 0; i < 3; ++i) {
          c.present[i] = entries[i] != nullptr;
          if (entries[i]) {
            c.ids[i] = entries[i]->id;
            c.path = entries[i]->path;
            c.mode = entries[i]->mode;
          }
        }
        conflicts.push_back(std::move(c));
      }
    }
    std::set<std::string> unresolved;
    for (const auto& c : conflicts) {
      std::string texts[3];
      for (int i = 0; i < 3; ++i) {
        if (!c.present[i]) continue;
        git_blob* b = nullptr;
        if (git_blob_lookup(&b, repo.raw(), &c.ids[i]) != 0)
          return GitError("cannot read " + c.path);
        BlobPtr blob(b);
        texts[i].assign(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                        static_cast<size_t>(git_blob_rawsize(blob.get())));
      }
      std::string report;
      std::optional<std::string> merged;
      if (resolve && c.present[1] && c.present[2]) {
        merged = resolve(c.path, texts[0], texts[1], texts[2], &report);
      }
      if (!merged) {
        unresolved.insert(c.path);
        if (!report.empty()) out.reports.push_back(report);
        continue;
      }
      git_oid blob_id;
      if (git_blob_create_from_buffer(&blob_id, repo.raw(), merged->data(), merged->size()) != 0) {
        return GitError("cannot write the merged " + c.path);
      }
      if (git_index_conflict_remove(index.get(), c.path.c_str()) != 0) {
        return GitError("cannot resolve " + c.path);
      }
      git_index_entry entry{};
      entry.path = c.path.c_str();
      entry.mode = c.mode ? c.mode : static_cast<unsigned int>(GIT_FILEMODE_BLOB);
      entry.id = blob_id;
      if (git_index_add(index.get(), &entry) != 0) return GitError("cannot resolve " + c.path);
      out.resolved.push_back(c.path);
    }
    if (!unresolved.empty()) {
      out.conflicts.assign(unresolved.begin(), unresolved.end());
      return out;
    }
  }
  git_oid tree_oid;
  if (git_index_write_tree_to(&tree_oid, index.get(), repo.raw()) != 0) {
    return GitError("cannot write the merged tree");
  }
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo.raw(), &tree_oid) != 0) return GitError("cannot read merged tree");
  TreePtr tree(t);
  auto sig = NewSignature(author);
  if (!sig) return sig.error();
  const git_commit* parents[2] = {our_commit->get(), their_commit->get()};
  git_oid commit_oid;
  if (git_commit_create(&commit_oid, repo.raw(), nullptr, sig->get(), sig->get(), nullptr,
                        message.c_str(), tree.get(), 2, parents) != 0) {
    return GitError("cannot create the merge commit");
  }
  out.commit = OidHex(&commit_oid);
  return out;
}

namespace {

// The blob id `path` has in `tree`, "" when it has none.
std::string BlobIn(git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) return {};
  EntryPtr entry(raw);
  return OidHex(git_tree_entry_id(entry.get()));
}

Status MoveBranch(Repo& repo, const std::string& branch, const std::string& from,
                  const std::string& to, const std::string& reflog_message);

}  // namespace

Status FinishCheckoutAndAdvance(Repo& repo, const std::string& branch, const std::string& from,
                                const std::string& to, const std::string& reflog_message) {
  auto target = LookupCommit(repo.raw(), to);
  if (!target) return target.error();
  auto old_tree = CommitTreeOf(repo.raw(), from);
  if (!old_tree) return old_tree.error();
  auto new_tree = CommitTreeOf(repo.raw(), to);
  if (!new_tree) return new_tree.error();
  auto touched = DiffCommits(repo, from, to);
  if (!touched) return touched.error();
  // Each file the update touches must be as one of the two commits has it
  // (not yet written, or written): then writing `to`'s over it loses
  // nothing. Anything else was changed by hand since, and stays.
  std::vector<std::string> changed_since, paths;
  for (const auto& c : *touched) {
    const std::string file = repo.Workdir() + "/" + c.path;
    const std::string was = BlobIn(old_tree->get(), c.path);
    const std::string will = BlobIn(new_tree->get(), c.path);
    std::string now;
    if (access(file.c_str(), F_OK) == 0) {
      git_oid id;
      if (git_odb_hashfile(&id, file.c_str(), GIT_OBJECT_BLOB) != 0) {
        return GitError("cannot read " + file);
      }
      now = OidHex(&id);
    }
    if (now != was && now != will) changed_since.push_back(c.path);
    paths.push_back(c.path);
  }
  if (!changed_since.empty()) {
    return Error::Input("an interrupted sync left its update half made, and " +
                        Join(changed_since, ", ") +
                        " changed since; nothing was changed. Set those changes aside (git "
                        "stash), then run dossier sync again.");
  }
  std::vector<char*> specs;
  for (auto& p : paths) specs.push_back(p.data());
  git_checkout_options opts = GIT_CHECKOUT_OPTIONS_INIT;
  opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
  opts.paths = git_strarray{specs.data(), specs.size()};
  if (!specs.empty() &&
      git_checkout_tree(repo.raw(), reinterpret_cast<git_object*>(target->get()), &opts) != 0) {
    return Error::Operational("cannot update the work tree: " + LastMessage());
  }
  DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(repo.GitDir()));
  DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(repo.Workdir()));
  return MoveBranch(repo, branch, from, to, reflog_message);
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
  fault::Point("sync.checked-out");
  return MoveBranch(repo, branch, from, to, reflog_message);
}

namespace {

Status MoveBranch(Repo& repo, const std::string& branch, const std::string& from,
                  const std::string& to, const std::string& reflog_message) {
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

}  // namespace

}  // namespace dossier::git
