#include "git/git.h"

#include <fcntl.h>
#include <git2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>

#include "durable.h"
#include "fault.h"
#include "git/blob_store.h"
#include "git/handles.h"
#include "git/loose_objects.h"
#include "workers.h"

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
// The local time zone's offset from UTC at `t`, in minutes, as git records
// a date given without one.
int LocalOffsetMinutes(int64_t t) {
  const time_t tt = static_cast<time_t>(t);
  struct tm local {};
  if (!localtime_r(&tt, &local)) return 0;
  return static_cast<int>(local.tm_gmtoff / 60);
}

// The latest time a commit can record here: libgit2 1.5 writes commit times
// as unsigned 32-bit numbers, so a later one would be written wrapped round
// (9999 becomes 2106). git itself rejects dates before 1970.
constexpr int64_t kLatestTime = 4294967295;  // 2106-02-07T06:28:15Z

struct GitDate {
  int64_t seconds = 0;
  int offset_minutes = 0;
};

// "+0200", "-05:30", "Z" -> minutes east of UTC.
std::optional<int> ParseZone(const std::string& z) {
  if (z == "Z" || z == "z") return 0;
  std::string digits;
  for (char c : z.substr(1)) {
    if (c != ':') digits += c;
  }
  if (digits.size() != 4) return std::nullopt;
  const int hours = std::stoi(digits.substr(0, 2));
  const int minutes = std::stoi(digits.substr(2));
  if (hours > 23 || minutes > 59) return std::nullopt;
  return (z[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

// A date in one of the forms git accepts for GIT_AUTHOR_DATE and
// GIT_COMMITTER_DATE: its internal "[@]SECONDS [+-]HHMM", RFC 2822
// ("Thu, 07 Apr 2005 22:13:13 +0200") and ISO 8601 ("2005-04-07T22:13:13",
// with a space for the T, fractional seconds, "Z", "+02:00" or " +0200").
// The zone is kept; a date without one is in the local zone, as in git.
Result<GitDate> ParseGitDate(const char* name, const std::string& text) {
  static const std::regex raw(R"(^\s*@?(\d{1,15})(?:\s+([+-]\d{4}))?\s*$)");
  static const std::regex iso(
      R"(^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?\s*$)");
  static const std::regex rfc(
      R"(^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|Z|UTC|GMT)?\s*$)");
  const Error invalid =
      Error::Input(std::string(name) + "='" + text +
                   "' is not a date git accepts (e.g. 2026-03-02T10:00:00+01:00, " +
                   "\"Mon, 02 Mar 2026 10:00:00 +0100\" or \"@1772442000 +0100\")");
  std::smatch m;
  GitDate d;
  std::optional<int> zone;
  struct tm tm {};
  bool broken_down = false;
  if (std::regex_match(text, m, raw)) {
    d.seconds = std::stoll(m[1]);
    if (m[2].matched) {
      zone = ParseZone(m[2]);
      if (!zone) return invalid;
    }
    d.offset_minutes = zone ? *zone : 0;
  } else if (std::regex_match(text, m, iso)) {
    tm.tm_year = std::stoi(m[1]) - 1900;
    tm.tm_mon = std::stoi(m[2]) - 1;
    tm.tm_mday = std::stoi(m[3]);
    tm.tm_hour = std::stoi(m[4]);
    tm.tm_min = std::stoi(m[5]);
    tm.tm_sec = m[6].matched ? std::stoi(m[6]) : 0;
    if (m[7].matched) {
      zone = ParseZone(m[7]);
      if (!zone) return invalid;
    }
    broken_down = true;
  } else if (std::regex_match(text, m, rfc)) {
    static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    std::string mon = m[2];
    for (char& c : mon) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    int month = -1;
    for (int i = 0; i < 12; ++i) {
      if (mon == kMonths[i]) month = i;
    }
    if (month < 0) return invalid;
    tm.tm_year = std::stoi(m[3]) - 1900;
    tm.tm_mon = month;
    tm.tm_mday = std::stoi(m[1]);
    tm.tm_hour = std::stoi(m[4]);
    tm.tm_min = std::stoi(m[5]);
    tm.tm_sec = m[6].matched ? std::stoi(m[6]) : 0;
    if (m[7].matched) {
      const std::string z = m[7];
      zone = (z == "UTC" || z == "GMT") ? std::optional<int>(0) : ParseZone(z);
      if (!zone) return invalid;
    }
    broken_down = true;
  } else {
    return invalid;
  }
  if (broken_down) {
    // timegm() quietly turns 31 February into 3 March: refuse what it moved.
    const struct tm given = tm;
    const int64_t as_utc = static_cast<int64_t>(timegm(&tm));
    if (tm.tm_year != given.tm_year || tm.tm_mon != given.tm_mon || tm.tm_mday != given.tm_mday ||
        tm.tm_hour != given.tm_hour || tm.tm_min != given.tm_min || given.tm_sec > 60) {
      return invalid;
    }
    if (zone) {
      d.offset_minutes = *zone;
      d.seconds = as_utc - static_cast<int64_t>(*zone) * 60;
    } else {
      // Local wall-clock time: the offset in force then.
      d.offset_minutes = LocalOffsetMinutes(as_utc);
      d.seconds = as_utc - static_cast<int64_t>(d.offset_minutes) * 60;
      d.offset_minutes = LocalOffsetMinutes(d.seconds);
      d.seconds = as_utc - static_cast<int64_t>(d.offset_minutes) * 60;
    }
  }
  if (d.seconds < 0 || d.seconds > kLatestTime) {
    return Error::Input(std::string(name) + "='" + text +
                        "' is outside the dates a commit can record here (1970-01-01 to " +
                        "2106-02-07 UTC)");
  }
  return d;
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

struct Tree::Folders {
  // Each folder's tree by its path (the root is tree_ itself, never here);
  // nullptr when there is no folder at that path.
  std::unordered_map<std::string, TreePtr> trees;
};

Tree::Tree(git_repository* repo, git_tree* tree)
    : repo_(repo), tree_(tree), folders_(std::make_unique<Folders>()) {}
Tree::~Tree() {
  if (tree_) git_tree_free(tree_);
}
Tree::Tree(Tree&& o) noexcept : repo_(o.repo_), tree_(o.tree_), folders_(std::move(o.folders_)) {
  o.tree_ = nullptr;
}
Tree& Tree::operator=(Tree&& o) noexcept {
  std::swap(repo_, o.repo_);
  std::swap(tree_, o.tree_);
  std::swap(folders_, o.folders_);
  return *this;
}

Result<const git_tree_entry*> Tree::FindEntry(const std::string& path) const {
  const size_t slash = path.rfind('/');
  git_tree* folder = tree_;
  if (slash != std::string::npos) {
    const std::string dir = path.substr(0, slash);
    auto it = folders_->trees.find(dir);
    if (it == folders_->trees.end()) {
      TreePtr sub;
      git_tree_entry* raw = nullptr;
      const int rc = git_tree_entry_bypath(&raw, tree_, dir.c_str());
      if (rc != 0 && rc != GIT_ENOTFOUND) return GitError("cannot look up " + path);
      EntryPtr entry(raw);
      if (rc == 0 && git_tree_entry_type(entry.get()) == GIT_OBJECT_TREE) {
        git_tree* t = nullptr;
        if (git_tree_lookup(&t, repo_, git_tree_entry_id(entry.get())) != 0) {
          return GitError("cannot read the folder " + dir + " (tree " +
                          OidHex(git_tree_entry_id(entry.get())) + ")");
        }
        sub.reset(t);
      }
      it = folders_->trees.emplace(dir, std::move(sub)).first;
    }
    folder = it->second.get();
    if (!folder) return nullptr;
  }
  const char* name = slash == std::string::npos ? path.c_str() : path.c_str() + slash + 1;
  const git_tree_entry* entry = git_tree_entry_byname(folder, name);
  if (!entry || git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return nullptr;
  return entry;
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
    int rc = git_tree_entry_bypath(&raw, tree_, dir.c_str());
    if (rc == GIT_ENOTFOUND) return std::vector<std::string>{};
    if (rc != 0) return GitError("cannot read the folder " + dir + " of the commit's tree");
    EntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE) return std::vector<std::string>{};
    git_tree* t = nullptr;
    if (git_tree_lookup(&t, repo_, git_tree_entry_id(entry.get())) != 0) {
      return GitError("cannot read the folder " + dir + " (tree " +
                      OidHex(git_tree_entry_id(entry.get())) + ")");
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
    return GitError("cannot list " + (dir.empty() ? std::string("the commit's tree") : dir));
  }
  for (auto& p : payload.out) p = prefix + p;
  std::sort(payload.out.begin(), payload.out.end());
  return payload.out;
}

Result<std::optional<std::string>> Tree::Read(const std::string& path) const {
  auto entry = FindEntry(path);
  if (!entry) return entry.error();
  if (!*entry) return std::optional<std::string>();
  git_blob* b = nullptr;
  if (git_blob_lookup(&b, repo_, git_tree_entry_id(*entry)) != 0) {
    return GitError("cannot read " + path + " (blob " + OidHex(git_tree_entry_id(*entry)) + ")");
  }
  BlobPtr blob(b);
  return std::optional<std::string>(
      std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                  static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

Result<std::string> Tree::FindBlob(const std::string& path) const {
  auto entry = FindEntry(path);
  if (!entry) return entry.error();
  return *entry ? OidHex(git_tree_entry_id(*entry)) : std::string();
}

std::string Tree::Id() const { return OidHex(git_tree_id(tree_)); }

std::string Tree::EntryId(const std::string& path) const {
  return dossier::git::EntryId(tree_, path);
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
  if (git_repository_is_bare(r)) {
    return Error::Input(dir + " is a bare git repository (no work tree, so no evidence files); " +
                        "run dossier in a clone of it: git clone " + dir);
  }
  DOSSIER_RETURN_IF_ERROR(GuardLooseObjects(r));
  return repo;
}

Result<Repo> Repo::Open(const std::string& workdir) {
  Runtime::Ensure();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, workdir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return GitError("cannot open git repository " + workdir);
  }
  Repo repo(r);
  DOSSIER_RETURN_IF_ERROR(GuardLooseObjects(r));
  return repo;
}

Result<Repo> Repo::InitOrOpen(const std::string& dir, bool* created) {
  Runtime::Ensure();
  git_repository* r = nullptr;
  if (git_repository_open_ext(&r, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) == 0) {
    *created = false;
    Repo repo(r);
    DOSSIER_RETURN_IF_ERROR(GuardLooseObjects(r));
    return repo;
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
  Repo repo(r);
  DOSSIER_RETURN_IF_ERROR(GuardLooseObjects(r));
  return repo;
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
  // A plain reference (HEAD, a branch, a tag) is looked up by hand first:
  // libgit2 1.5's revparse leaks when the object it names cannot be read.
  git_reference* raw_ref = nullptr;
  if (git_reference_dwim(&raw_ref, repo_, rev.c_str()) == 0) {
    RefPtr ref(raw_ref);
    git_reference* raw_resolved = nullptr;
    if (git_reference_resolve(&raw_resolved, ref.get()) == 0) {
      RefPtr resolved(raw_resolved);
      const git_oid* id = git_reference_target(resolved.get());
      if (id && git_object_lookup(&raw, repo_, id, GIT_OBJECT_ANY) != 0) {
        return GitError("cannot read revision '" + rev + "'");
      }
    }
  }
  if (raw) {
    // Found above.
  } else if (int rc = git_revparse_single(&raw, repo_, rev.c_str()); rc != 0) {
    const git_error* e = git_error_last();
    const std::string why = e && e->message ? std::string(": ") + e->message : std::string();
    // A revision that names nothing is the user's; one that cannot be read
    // (a damaged object) is the repository's.
    if (rc == GIT_ENOTFOUND || rc == GIT_EAMBIGUOUS || rc == GIT_EINVALIDSPEC) {
      return Error::Input("unknown revision '" + rev + "'" + why);
    }
    return Error::Operational("cannot read revision '" + rev + "'" + why);
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
  // One signature serves as author and committer, so the committer's date
  // (what git orders history by) wins over the author's.
  // Both are checked: git refuses either when it is not a date.
  sig.time = static_cast<int64_t>(std::time(nullptr));
  sig.offset_minutes = LocalOffsetMinutes(sig.time);
  for (const char* name : {"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"}) {
    const char* text = std::getenv(name);
    if (!text || !*text) continue;
    auto date = ParseGitDate(name, text);
    if (!date) return date.error();
    sig.time = date->seconds;
    sig.offset_minutes = date->offset_minutes;
  }
  return sig;
}

namespace {

// Stages `path` as stored (StoreFiles): its blob and stat data, as git
// would record it. Anything but a regular file (a link) is staged as git
// would.
Status StageStored(git_index* index, const std::string& path, const StoredFile& f) {
  if (!f.regular) {
    if (git_index_add_bypath(index, path.c_str()) != 0) return GitError("cannot stage " + path);
    return Status::Ok();
  }
  const struct stat& st = f.st;
  git_index_entry e{};
  e.ctime.seconds = static_cast<int32_t>(st.st_ctim.tv_sec);
  e.ctime.nanoseconds = static_cast<uint32_t>(st.st_ctim.tv_nsec);
  e.mtime.seconds = static_cast<int32_t>(st.st_mtim.tv_sec);
  e.mtime.nanoseconds = static_cast<uint32_t>(st.st_mtim.tv_nsec);
  e.dev = static_cast<uint32_t>(st.st_dev);
  e.ino = static_cast<uint32_t>(st.st_ino);
  e.mode = (st.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
  e.uid = static_cast<uint32_t>(st.st_uid);
  e.gid = static_cast<uint32_t>(st.st_gid);
  e.file_size = static_cast<uint32_t>(st.st_size);
  e.id = f.oid;
  e.path = path.c_str();
  if (git_index_add(index, &e) != 0) return GitError("cannot stage " + path);
  return Status::Ok();
}

}  // namespace

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
  const std::string workdir = Workdir();
  // The blobs written on every core (the bulk of filing evidence), then
  // staged in order.
  auto stored = StoreFiles(repo_, workdir, upserts, CoresUpTo(8));
  if (!stored) return stored.error();
  for (size_t i = 0; i < upserts.size(); ++i) {
    const std::string& path = upserts[i];
    DOSSIER_RETURN_IF_ERROR(StageStored(index.get(), path, (*stored)[i]));
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
    if (git_tree_create_updated(&tree_oid, repo_, base.get(), updates.size(), updates.data()) !=
        0) {
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

  auto sig = NewSignature(author);
  if (!sig) return sig.error();
  const git_commit* parents[1] = {parent.get()};
  git_oid commit_oid;
  // No ref yet: the commit is only an object until the branch is moved below.
  if (git_commit_create(&commit_oid, repo_, nullptr, sig->get(), sig->get(), nullptr,
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
  const int rc = parent ? git_reference_create_matching(&moved, repo_, ref_name->c_str(),
                                                        &commit_oid, 1, &parent_oid, reflog.c_str())
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
  // HEAD is the work tree's own (in .git/worktrees/NAME for a linked one);
  // branches and packed-refs are shared, in the common folder.
  std::string dir = ref == "HEAD" ? GitDir() : std::string(git_repository_commondir(repo_));
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  const std::string file = dir + "/" + ref;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    const std::string packed = dir + "/packed-refs";
    if (::stat(packed.c_str(), &st) != 0) return Status::Ok();  // nothing on disk names it
    return durable::SyncFile(packed);
  }
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
  // The index and HEAD are the work tree's own; a branch is in the common
  // folder (they differ in a linked worktree).
  std::string common = git_repository_commondir(repo_);
  while (common.size() > 1 && common.back() == '/') common.pop_back();
  std::vector<std::string> locks = {GitDir() + "/index.lock", GitDir() + "/HEAD.lock"};
  auto ref = HeadRefName();
  if (!ref) return ref.error();
  if (*ref != "HEAD") locks.push_back(common + "/" + *ref + ".lock");
  for (const auto& lock : locks) {
    struct stat st {};
    if (::lstat(lock.c_str(), &st) == 0) {
      return Error::Operational(
          "git's lock " + lock +
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
  Repo repo(r);
  DOSSIER_RETURN_IF_ERROR(GuardLooseObjects(r));
  return repo;
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

Result<std::vector<std::pair<std::string, std::string>>> Repo::Conversions(
    const std::vector<std::string>& paths) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::string autocrlf;
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo_) == 0) {
    ConfigPtr cfg(raw);
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_string_buf(&buf, cfg.get(), "core.autocrlf") == 0) autocrlf = buf.ptr;
    git_buf_dispose(&buf);
    for (char& c : autocrlf) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (autocrlf == "false" || autocrlf == "no" || autocrlf == "off" || autocrlf == "0") {
      autocrlf.clear();
    }
  }
  const char* names[] = {"text", "eol", "filter", "ident", "working-tree-encoding", "crlf"};
  constexpr size_t kNames = sizeof names / sizeof names[0];
  for (const auto& path : paths) {
    const char* values[kNames] = {};
    if (git_attr_get_many(values, repo_, GIT_ATTR_CHECK_FILE_THEN_INDEX, path.c_str(), kNames,
                          names) != 0) {
      return GitError("cannot read the git attributes of " + path);
    }
    std::string why;
    auto add = [&why](const std::string& reason) { why += (why.empty() ? "" : ", ") + reason; };
    const git_attr_value_t text = git_attr_value(values[0]);
    const bool text_unset =
        text == GIT_ATTR_VALUE_FALSE || git_attr_value(values[5]) == GIT_ATTR_VALUE_FALSE;
    if (text == GIT_ATTR_VALUE_TRUE) add("text");
    if (text == GIT_ATTR_VALUE_STRING) add(std::string("text=") + values[0]);
    if (!text_unset && git_attr_value(values[1]) == GIT_ATTR_VALUE_STRING) {
      add(std::string("eol=") + values[1]);
    }
    if (git_attr_value(values[2]) == GIT_ATTR_VALUE_STRING) add(std::string("filter=") + values[2]);
    if (git_attr_value(values[3]) == GIT_ATTR_VALUE_TRUE) add("ident");
    if (git_attr_value(values[4]) == GIT_ATTR_VALUE_STRING) {
      add(std::string("working-tree-encoding=") + values[4]);
    }
    if (!autocrlf.empty() && text == GIT_ATTR_VALUE_UNSPECIFIED && !text_unset) {
      add("core.autocrlf=" + autocrlf);
    }
    if (!why.empty()) out.emplace_back(path, why);
  }
  return out;
}

namespace {
// A file's bytes, or a mark that it is absent (or unreadable).
std::string FileOrAbsent(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return "\x01"
           "absent";
  std::string out;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

// Every folder on the way to each of `dirs`, the root ("") included.
std::set<std::string> FoldersOnTheWay(const std::vector<std::string>& dirs) {
  std::set<std::string> folders{""};
  for (const auto& d : dirs) {
    for (size_t slash = 0; slash != std::string::npos;) {
      slash = d.find('/', slash + 1);
      folders.insert(d.substr(0, slash));
    }
  }
  return folders;
}

// One source in AttributeSources' text: its name, its value's length, its value.
void AddSource(std::string* out, const std::string& what, const std::string& value) {
  *out += what;
  *out += '\0';
  *out += std::to_string(value.size());
  *out += '\0';
  *out += value;
  *out += '\0';
}

std::string GitattributesIn(const std::string& folder) {
  return folder.empty() ? ".gitattributes" : folder + "/.gitattributes";
}
}  // namespace

std::string Repo::AttributeSources(const std::vector<std::string>& dirs) const {
  return AttributeFileSources(dirs) + IndexAttributeSources(dirs);
}

std::string Repo::AttributeFileSources(const std::vector<std::string>& dirs) const {
  std::string out;
  auto add = [&out](const std::string& what, const std::string& value) {
    AddSource(&out, what, value);
  };
  std::string attributes_file;
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo_) == 0) {
    ConfigPtr cfg(raw);
    git_buf buf = GIT_BUF_INIT;
    if (git_config_get_string_buf(&buf, cfg.get(), "core.autocrlf") == 0) add("autocrlf", buf.ptr);
    git_buf_dispose(&buf);
    git_buf path = GIT_BUF_INIT;
    if (git_config_get_path(&path, cfg.get(), "core.attributesfile") == 0)
      attributes_file = path.ptr;
    git_buf_dispose(&path);
  }
  add("core.attributesfile", attributes_file);
  if (!attributes_file.empty()) add("global", FileOrAbsent(attributes_file));
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) add("xdg", FileOrAbsent(std::string(xdg) + "/git/attributes"));
  if (home && *home) add("home", FileOrAbsent(std::string(home) + "/.config/git/attributes"));
  add("system", FileOrAbsent("/etc/gitattributes"));
  const char* common = git_repository_commondir(repo_);
  add("info", FileOrAbsent(std::string(common ? common : "") + "/info/attributes"));
  add("gitdir-info", FileOrAbsent(GitDir() + "/info/attributes"));
  const std::string workdir = Workdir();
  for (const auto& f : FoldersOnTheWay(dirs)) {
    const std::string rel = GitattributesIn(f);
    add("worktree " + rel, FileOrAbsent(workdir + "/" + rel));
  }
  return out;
}

std::string Repo::IndexAttributeSources(const std::vector<std::string>& dirs) const {
  std::string out;
  git_index* raw_index = nullptr;
  IndexPtr index(git_repository_index(&raw_index, repo_) == 0 ? raw_index : nullptr);
  for (const auto& f : FoldersOnTheWay(dirs)) {
    const std::string rel = GitattributesIn(f);
    const git_index_entry* e = index ? git_index_get_bypath(index.get(), rel.c_str(), 0) : nullptr;
    AddSource(&out, "index " + rel, e ? git_oid_tostr_s(&e->id) : "");
  }
  return out;
}

std::string Repo::IndexFile() const { return GitDir() + "/index"; }

Result<std::vector<CommitSummary>> Repo::Walk(const std::vector<std::string>& paths,
                                              const std::string& from, bool with_paths) const {
  std::vector<CommitSummary> out;
  auto head = from.empty() ? HeadCommit() : ResolveCommit(from);
  if (!head) return head.error();
  if (head->empty()) return out;
  // A shallow clone (git clone --depth N, most CI checkouts) lacks the
  // commits before its cut: any trail from it would be short.
  if (git_repository_is_shallow(repo_) == 1) {
    return Error::Operational(
        "this clone's history is shallow (made with git clone --depth or a CI checkout), so the "
        "audit trail would stop at its cut; fetch the whole history first: git fetch "
        "--unshallow (in CI, ask for a full clone, e.g. fetch-depth: 0)");
  }
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
  int walked = 0;
  while ((walked = git_revwalk_next(&oid, walk.get())) == 0) {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &oid) != 0) {
      return GitError("cannot read commit " + OidHex(&oid));
    }
    CommitPtr commit(c);
    if (!with_paths && wanted.empty()) {  // Commits: no tree is read
      out.push_back(Summarise(&oid, c));
      continue;
    }
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
        changed = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& p) {
          return !EntryId(tree.get(), p).empty();
        });
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
    CommitSummary s = Summarise(&oid, c);
    if (!with_paths) {
      out.push_back(std::move(s));
      continue;
    }
    git_diff* d = nullptr;
    if (git_diff_tree_to_tree(&d, repo_, parent_tree.get(), tree.get(), nullptr) != 0) {
      return GitError("cannot diff commit");
    }
    DiffPtr diff(d);
    for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
      const char* p = delta->new_file.path ? delta->new_file.path : delta->old_file.path;
      if (p) s.paths.emplace_back(p);
    }
    out.push_back(std::move(s));
  }
  // Anything but the end of the walk is a commit that could not be read.
  if (walked != GIT_ITEROVER)
    return GitError("cannot walk the history from " + head->substr(0, 12));
  return out;
}

}  // namespace dossier::git
