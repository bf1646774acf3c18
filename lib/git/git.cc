#include "git/git.h"

#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>

#include "durable.h"
#include "fault.h"
#include "git/handles.h"

namespace dossier::git {
namespace {

// libgit2 is initialised once per process and shut down at exit.
class Runtime {
 public:
  static void Ensure() { static Runtime r; }

 private:
  Runtime() {
    git_libgit2_init();
    // No fsync per object (GIT_OPT_ENABLE_FSYNC_GITDIR): two fsyncs per blob
    // made bulk adds fifteen times slower. Objects are flushed in one syncfs
    // before a commit is published (CommitPaths, CheckoutAndAdvance).
    git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
  }
  ~Runtime() { git_libgit2_shutdown(); }
};

std::string StripSlash(std::string s) {
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// Parses GIT_*_DATE: "1700000000", "@1700000000", "2026-03-02T10:00:00[Z]".
std::optional<int64_t> ParseEnvDate(const char* text) {
  if (!text || !*text) return std::nullopt;
  std::string s(text);
  if (s[0] == '@') s.erase(0, 1);
  auto space = s.find(' ');
  if (space != std::string::npos) s.resize(space);
  if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::strtoll(s.c_str(), nullptr, 10);
  }
  struct tm tm {};
  if (strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) || strptime(s.c_str(), "%Y-%m-%d %H:%M:%S", &tm)) {
    return static_cast<int64_t>(timegm(&tm));
  }
  return std::nullopt;
}

// The id of the blob or tree at `path` in `tree`, "" when there is none.
std::string EntryId(git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) return {};
  EntryPtr entry(raw);
  return OidHex(git_tree_entry_id(entry.get()));
}

}  // namespace

// ---- Tree ----

Tree::Tree(git_repository* repo, git_tree* tree) : repo_(repo), tree_(tree) {}
Tree::~Tree() {
  if (tree_) git_tree_free(tree_);
}
Tree::Tree(Tree&& o) noexcept : repo_(o.repo_), tree_(o.tree_) { o.tree_ = nullptr; }
Tree& Tree::operator=(Tree&& o) noexcept {
  std::swap(repo_, o.repo_);
  std::swap(tree_, o.tree_);
  return *this;
}

Result<std::vector<std::string>> Tree::List(const std::string& dir) const {
  struct Payload {
    std::vector<std::string> out;
  } payload;
  git_tree* start = tree_;
  TreePtr sub;
  std::string prefix;
  if (!dir.empty()) {
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, tree_, dir.c_str());
    if (rc == GIT_ENOTFOUND) return payload.out;
    if (rc != 0) return GitError("cannot list " + dir);
    EntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return payload.out;
    git_tree* t = nullptr;
    if (git_tree_lookup(&t, repo_, git_tree_entry_id(entry.get())) != 0) {
      return GitError("cannot read the tree of " + dir);
    }
    sub.reset(t);
    start = t;
    prefix = StripSlash(dir) + "/";
  }
  auto cb = [](const char* root, const git_tree_entry* entry, void* p) -> int {
    if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
      static_cast<Payload*>(p)->out.push_back(std::string(root) + git_tree_entry_name(entry));
    }
    return 0;
  };
  if (git_tree_walk(start, GIT_TREEWALK_PRE, cb, &payload) != 0) {
    return GitError("cannot list " + (dir.empty() ? std::string("the tree") : dir));
  }
  for (auto& p : payload.out) p = prefix + p;
  std::sort(payload.out.begin(), payload.out.end());
  return payload.out;
}

Result<std::optional<std::string>> Tree::Read(const std::string& path) const {
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, tree_, path.c_str());
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc != 0) return GitError("cannot look up " + path);
  EntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::optional<std::string>();
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo_, git_tree_entry_id(entry.get())) != 0) {
    return GitError("cannot read " + path + " (blob " + OidHex(git_tree_entry_id(entry.get())) + ")");
  }
  BlobPtr blob(b);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

Result<std::string> Tree::FindBlob(const std::string& path) const {
  git_tree_entry* raw = nullptr;
  const int rc = git_tree_entry_bypath(&raw, tree_, path.c_str());
  if (rc == GIT_ENOTFOUND) return std::string();
  if (rc != 0) return GitError("cannot look up " + path);
  EntryPtr entry(raw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::string();
  return OidHex(git_tree_entry_id(entry.get()));
}

std::string Tree::Id() const { return OidHex(git_tree_id(tree_)); }

std::string Tree::BlobId(const std::string& path) const {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree_, path.c_str()) != 0) return {};
  EntryPtr entry(raw);
  return OidHex(git_tree_entry_id(entry.get()));
}

// ---- Repo ----

Repo::~Repo() {
  if (repo_) git_repository_free(repo_);
}
Repo::Repo(Repo&& o) noexcept : repo_(o.repo_) { o.repo_ = nullptr; }
Repo& Repo::operator=(Repo&& o) noexcept {
  std::swap(repo_, o.repo_);
  return *this;
}

Result<Repo> Repo::Discover(const std::string& dir) {
  Runtime::Ensure();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, dir.c_str(), 0, nullptr) != 0) {
    return Error::Input("not a git repository (or any parent up to /): " + dir);
  }
  Repo repo(r);
  if (git_repository_is_bare(r)) return Error::Input("bare repository has no work tree: " + dir);
  return repo;
}

Result<Repo> Repo::Open(const std::string& workdir) {
  Runtime::Ensure();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, workdir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return GitError("cannot open git repository " + workdir);
  }
  return Repo(r);
}

Result<Repo> Repo::InitOrOpen(const std::string& dir, bool* created) {
  Runtime::Ensure();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
    *created = false;
    return Repo(r);
  }
  // The init function, not the _INIT macro: the macro leaves fields to
  // zero-initialisation, which -Wmissing-field-initializers flags.
  git_repository_init_options opts;
  if (git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION) != 0) {
    return GitError("cannot create git repository in " + dir);
  }
  opts.flags = GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = "main";
  if (git_repository_init_ext(&r, dir.c_str(), &opts) != 0) {
    return GitError("cannot create git repository in " + dir);
  }
  *created = true;
  return Repo(r);
}

std::string Repo::Workdir() const {
  const char* w = git_repository_workdir(repo_);
  return w ? StripSlash(w) : std::string();
}

std::string Repo::GitDir() const { return StripSlash(git_repository_path(repo_)); }

Result<std::string> Repo::HeadCommit() const {
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo_, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return std::string();
  if (rc != 0) return GitError("cannot read HEAD");
  return OidHex(&oid);
}

Result<std::string> Repo::ResolveCommit(const std::string& rev) const {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo_, rev.c_str()) != 0) {
    const git_error* e = git_error_last();
    return Error::Input("unknown revision '" + rev + "'" +
                        (e && e->message ? std::string(": ") + e->message : std::string()));
  }
  ObjectPtr obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) != 0) {
    return Error::Input("revision '" + rev + "' does not name a commit");
  }
  ObjectPtr commit(peeled);
  return OidHex(git_object_id(commit.get()));
}

Result<int64_t> Repo::CommitTime(const std::string& commit_id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, commit_id.c_str()) != 0) return GitError("bad commit id " + commit_id);
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo_, &oid) != 0) return GitError("cannot read commit " + commit_id);
  CommitPtr commit(c);
  return static_cast<int64_t>(git_commit_time(commit.get()));
}

Result<Tree> Repo::CommitTree(const std::string& commit_id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, commit_id.c_str()) != 0) return GitError("bad commit id " + commit_id);
  git_commit* c = nullptr;
  if (git_commit_lookup(&c, repo_, &oid) != 0) return GitError("cannot read commit " + commit_id);
  CommitPtr commit(c);
  git_tree* t = nullptr;
  if (git_commit_tree(&t, commit.get()) != 0) return GitError("cannot read tree of " + commit_id);
  return Tree(repo_, t);
}

Result<Signature> Repo::MakeSignature(const std::string& name, const std::string& email) const {
  Signature sig;
  sig.name = name;
  sig.email = email;
  if (sig.name.empty()) {
    if (const char* n = std::getenv("GIT_AUTHOR_NAME")) sig.name = n;
  }
  if (sig.email.empty()) {
    if (const char* e = std::getenv("GIT_AUTHOR_EMAIL")) sig.email = e;
  }
  if (sig.name.empty() || sig.email.empty()) {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo_) == 0) {
      ConfigPtr cfg(raw);
      git_buf buf = GIT_BUF_INIT;
      if (sig.name.empty() && git_config_get_string_buf(&buf, cfg.get(), "user.name") == 0) {
        sig.name = buf.ptr;
      }
      git_buf_dispose(&buf);
      if (sig.email.empty() && git_config_get_string_buf(&buf, cfg.get(), "user.email") == 0) {
        sig.email = buf.ptr;
      }
      git_buf_dispose(&buf);
    }
  }
  if (sig.name.empty()) {
    return Error::Input(
        "no author identity: set it with git config user.name \"Your Name\" and git config "
        "user.email you@example.org, or pass --author \"Name <email>\"");
  }
  if (sig.email.empty()) sig.email = "";
  auto t = ParseEnvDate(std::getenv("GIT_COMMITTER_DATE"));
  if (!t) t = ParseEnvDate(std::getenv("GIT_AUTHOR_DATE"));
  sig.time = t ? *t : static_cast<int64_t>(std::time(nullptr));
  return sig;
}

Result<std::string> Repo::CommitPaths(const std::vector<std::string>& upserts,
                                      const std::vector<std::string>& removals,
                                      const std::string& message, const Signature& author,
                                      const BeforePublish& before_publish) {
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo_) != 0) return GitError("cannot read the index");
  IndexPtr index(raw_index);

  // On any failure before the index is written, drop our in-memory changes.
  struct IndexGuard {
    git_index* idx;
    bool written = false;
    ~IndexGuard() {
      if (!written) git_index_read(idx, 1);
    }
  } guard{index.get()};

  Prepared prepared;
  std::vector<git_tree_update> updates;
  std::vector<std::string> keep;  // owns the path strings of `updates`
  keep.reserve(upserts.size() + removals.size());
  for (const auto& path : upserts) {
    if (git_index_add_bypath(index.get(), path.c_str()) != 0) return GitError("cannot stage " + path);
    const git_index_entry* e = git_index_get_bypath(index.get(), path.c_str(), 0);
    if (!e) return GitError("cannot stage " + path);
    keep.push_back(path);
    prepared.blobs.emplace_back(path, OidHex(&e->id));
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_UPSERT;
    u.id = e->id;
    u.filemode = static_cast<git_filemode_t>(e->mode);
    updates.push_back(u);
  }
  for (const auto& path : removals) {
    git_index_remove_bypath(index.get(), path.c_str());
    keep.push_back(path);
    git_tree_update u{};
    u.action = GIT_TREE_UPDATE_REMOVE;
    updates.push_back(u);
  }
  for (size_t i = 0; i < updates.size(); ++i) updates[i].path = keep[i].c_str();

  auto head = HeadCommit();
  if (!head) return head.error();
  auto ref_name = HeadRefName();
  if (!ref_name) return ref_name.error();
  CommitPtr parent;
  TreePtr base;
  git_oid parent_oid{};
  if (!head->empty()) {
    git_oid_fromstr(&parent_oid, head->c_str());
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &parent_oid) != 0) return GitError("cannot read HEAD commit");
    parent.reset(c);
    git_tree* t = nullptr;
    if (git_commit_tree(&t, c) != 0) return GitError("cannot read HEAD tree");
    base.reset(t);
  }

  git_oid tree_oid;
  if (base) {
    if (git_tree_create_updated(&tree_oid, repo_, base.get(), updates.size(), updates.data()) != 0) {
      return GitError("cannot build the commit tree");
    }
  } else {
    // First commit: the index holds exactly what we staged (plus anything
    // the user staged before adopting the repository).
    if (git_index_write_tree(&tree_oid, index.get()) != 0) {
      return GitError("cannot build the commit tree");
    }
  }
  if (base && git_oid_equal(&tree_oid, git_tree_id(base.get()))) {
    // Nothing changed (the files were written as they already were): no
    // empty commit in the audit trail.
    guard.written = true;
    if (git_index_write(index.get()) != 0) return GitError("cannot write the index");
    return *head;
  }
  git_tree* t = nullptr;
  if (git_tree_lookup(&t, repo_, &tree_oid) != 0) return GitError("cannot read the new tree");
  TreePtr tree(t);

  git_signature* s = nullptr;
  if (git_signature_new(&s, author.name.c_str(), author.email.c_str(), author.time,
                        author.offset_minutes) != 0) {
    return GitError("invalid author '" + author.name + " <" + author.email + ">'");
  }
  SigPtr sig(s);
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  // No ref yet: the commit is only an object until the branch is moved below.
  if (git_commit_create(&commit_oid, repo_, nullptr, sig.get(), sig.get(), nullptr,
                        message.c_str(), tree.get(), parent ? 1 : 0, parents) != 0) {
    return GitError("cannot commit");
  }
  prepared.commit = OidHex(&commit_oid);
  prepared.tree = OidHex(&tree_oid);
  // The objects, and the work-tree files the caller wrote, reach the disk
  // before anything names them.
  DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(GitDir()));
  if (!Workdir().empty()) DOSSIER_RETURN_IF_ERROR(durable::SyncFileSystem(Workdir()));
  fault::Point("commit.objects-written");
  if (before_publish) DOSSIER_RETURN_IF_ERROR(before_publish(prepared));

  guard.written = true;
  if (git_index_write(index.get()) != 0) return GitError("cannot write the index");
  // libgit2 flushes objects and refs but not the index: an index lost to a
  // power cut under a moved branch would make a plain `git commit` undo ours.
  DOSSIER_RETURN_IF_ERROR(durable::SyncFile(GitDir() + "/index"));
  DOSSIER_RETURN_IF_ERROR(durable::SyncDir(GitDir()));
  fault::Point("commit.index-written");

  const std::string subject = message.substr(0, message.find('\n'));
  const std::string reflog = (parent ? "commit: " : "commit (initial): ") + subject;
  git_reference* moved = nullptr;
  // Moved only if it still points at the parent: never over a commit some
  // other program made meanwhile.
  const int rc = parent ? git_reference_create_matching(&moved, repo_, ref_name->c_str(), &commit_oid,
                                                        1, &parent_oid, reflog.c_str())
                        : git_reference_create(&moved, repo_, ref_name->c_str(), &commit_oid, 0,
                                               reflog.c_str());
  RefPtr moved_ref(moved);
  if (rc != 0) return GitError("cannot move " + *ref_name + " to the new commit");
  DOSSIER_RETURN_IF_ERROR(SyncRef(*ref_name));
  fault::Point("commit.ref-moved");
  return prepared.commit;
}

Status Repo::UnstageBlobs(const std::vector<std::pair<std::string, std::string>>& path_blobs) {
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo_) != 0) return GitError("cannot read the index");
  IndexPtr index(raw_index);
  auto head = HeadCommit();
  if (!head) return head.error();
  TreePtr tree;
  if (!head->empty()) {
    git_oid oid;
    git_oid_fromstr(&oid, head->c_str());
    CommitPtr commit;
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &oid) != 0) return GitError("cannot read HEAD commit");
    commit.reset(c);
    git_tree* t = nullptr;
    if (git_commit_tree(&t, c) != 0) return GitError("cannot read HEAD tree");
    tree.reset(t);
  }
  bool changed = false;
  for (const auto& [path, blob] : path_blobs) {
    const git_index_entry* e = git_index_get_bypath(index.get(), path.c_str(), 0);
    if (!e || OidHex(&e->id) != blob) continue;
    changed = true;
    git_tree_entry* raw = nullptr;
    if (tree && git_tree_entry_bypath(&raw, tree.get(), path.c_str()) == 0) {
      EntryPtr entry(raw);
      git_index_entry restored{};
      restored.mode = git_tree_entry_filemode(entry.get());
      restored.id = *git_tree_entry_id(entry.get());
      restored.path = path.c_str();
      if (git_index_add(index.get(), &restored) != 0) return GitError("cannot unstage " + path);
    } else if (git_index_remove_bypath(index.get(), path.c_str()) != 0) {
      return GitError("cannot unstage " + path);
    }
  }
  if (!changed) return Status::Ok();
  if (git_index_write(index.get()) != 0) return GitError("cannot write the index");
  DOSSIER_RETURN_IF_ERROR(durable::SyncFile(GitDir() + "/index"));
  return durable::SyncDir(GitDir());
}

Status Repo::SyncRef(const std::string& ref) const {
  const std::string file = GitDir() + "/" + ref;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return durable::SyncFile(GitDir() + "/packed-refs");
  DOSSIER_RETURN_IF_ERROR(durable::SyncFile(file));
  return durable::SyncDir(file.substr(0, file.rfind('/')));
}

Result<std::string> Repo::HeadRefName() const {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo_, "HEAD") != 0) return GitError("cannot read HEAD");
  RefPtr head(raw);
  if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
    return std::string(git_reference_symbolic_target(head.get()));
  }
  return std::string("HEAD");
}

Status Repo::CheckNoGitLocks() const {
  const std::string dir = GitDir();
  std::vector<std::string> locks = {"index.lock", "HEAD.lock"};
  auto ref = HeadRefName();
  if (!ref) return ref.error();
  if (*ref != "HEAD") locks.push_back(*ref + ".lock");
  for (const auto& lock : locks) {
    struct stat st {};
    if (::lstat((dir + "/" + lock).c_str(), &st) == 0) {
      return Error::Operational(
          "git's lock " + dir + "/" + lock +
          " exists: a git command is running in this repository, or one was stopped before it "
          "finished (a killed dossier command can leave it too). Nothing was changed. When no "
          "git or dossier command is running, remove that file and run the command again.");
    }
  }
  return Status::Ok();
}

Result<std::string> Repo::RefTarget(const std::string& ref) const {
  git_oid oid;
  const int rc = git_reference_name_to_id(&oid, repo_, ref.c_str());
  if (rc == GIT_ENOTFOUND) return std::string();
  if (rc != 0) return GitError("cannot read " + ref);
  return OidHex(&oid);
}

bool Repo::ReflogHas(const std::string& ref, const std::string& commit) const {
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo_, ref.c_str()) != 0) return false;
  std::unique_ptr<git_reflog, Deleter<git_reflog, git_reflog_free>> reflog(raw);
  for (size_t i = 0; i < git_reflog_entrycount(reflog.get()); ++i) {
    const git_reflog_entry* e = git_reflog_entry_byindex(reflog.get(), i);
    if (e && OidHex(git_reflog_entry_id_new(e)) == commit) return true;
  }
  return false;
}

Result<Repo> Repo::Reopen() const {
  git_repository* r = nullptr;
  if (git_repository_open(&r, git_repository_path(repo_)) != 0) {
    return GitError("cannot open git repository " + GitDir());
  }
  return Repo(r);
}

bool Repo::HasObject(const std::string& id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return false;
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo_) != 0) return false;
  std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>> odb(raw);
  return git_odb_exists(odb.get(), &oid) == 1;
}

Result<std::string> Repo::ReadBlob(const std::string& id) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return Error::Operational("bad blob id " + id);
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo_, &oid) != 0) return GitError("cannot read blob " + id);
  BlobPtr blob(b);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<size_t>(git_blob_rawsize(blob.get())));
}

Result<std::vector<CommitSummary>> Repo::Log(const std::vector<std::string>& paths,
                                             const std::string& from) const {
  std::vector<CommitSummary> out;
  auto head = from.empty() ? HeadCommit() : ResolveCommit(from);
  if (!head) return head.error();
  if (head->empty()) return out;
  git_revwalk* w = nullptr;
  if (git_revwalk_new(&w, repo_) != 0) return GitError("cannot walk history");
  WalkPtr walk(w);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
  git_oid start;
  if (git_oid_fromstr(&start, head->c_str()) != 0 || git_revwalk_push(walk.get(), &start) != 0) {
    return GitError("cannot walk history");
  }
  std::set<std::string> wanted(paths.begin(), paths.end());
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &oid) != 0) return GitError("cannot read commit");
    CommitPtr commit(c);
    git_tree* t = nullptr;
    if (git_commit_tree(&t, c) != 0) return GitError("cannot read tree");
    TreePtr tree(t);
    TreePtr parent_tree;
    if (git_commit_parentcount(c) > 0) {
      git_commit* p = nullptr;
      if (git_commit_parent(&p, c, 0) != 0) return GitError("cannot read parent commit");
      CommitPtr parent(p);
      git_tree* pt = nullptr;
      if (git_commit_tree(&pt, p) != 0) return GitError("cannot read parent tree");
      parent_tree.reset(pt);
    }
    if (!wanted.empty()) {
      // As git log -- PATHS: a commit belongs to the paths when it changed
      // one of them against every parent. A merge that only brings in the
      // other side's change (unchanged against that side) is not listed.
      bool changed = true;
      const unsigned parents = git_commit_parentcount(c);
      if (parents == 0) {
        changed = std::any_of(wanted.begin(), wanted.end(),
                              [&](const std::string& p) { return !EntryId(tree.get(), p).empty(); });
      }
      for (unsigned i = 0; i < parents && changed; ++i) {
        git_commit* p = nullptr;
        if (git_commit_parent(&p, c, i) != 0) return GitError("cannot read parent commit");
        CommitPtr parent(p);
        git_tree* pt = nullptr;
        if (git_commit_tree(&pt, p) != 0) return GitError("cannot read parent tree");
        TreePtr ptree(pt);
        changed = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& path) {
          return EntryId(tree.get(), path) != EntryId(ptree.get(), path);
        });
      }
      if (!changed) continue;
    }
    git_diff* d = nullptr;
    if (git_diff_tree_to_tree(&d, repo_, parent_tree.get(), tree.get(), nullptr) != 0) {
      return GitError("cannot diff commit");
    }
    DiffPtr diff(d);
    CommitSummary s = Summarise(&oid, c);
    for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      const char* p = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
      if (p) s.paths.emplace_back(p);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace dossier::git
