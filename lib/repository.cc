#include "dossier/repository.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/filesystem.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "approvals.h"
#include "artifact_name.h"
#include "controlled_io.h"
#include "dossier/evidence.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "file_list.h"
#include "index_record.h"
#include "json_io.h"
#include "repository_impl.h"
#include "transaction.h"
#include "workers.h"

namespace dossier {
namespace fs = boost::filesystem;

const Artifact* Snapshot::FindArtifact(const std::string& id) const {
  auto it = std::lower_bound(artifacts.begin(), artifacts.end(), id,
                             [](const Artifact& a, const std::string& k) { return a.id < k; });
  return it != artifacts.end() && it->id == id ? &*it : nullptr;
}

const Artifact* Snapshot::FindArtifactByPath(const std::string& path) const {
  for (const auto& a : artifacts) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

std::map<std::string, std::string> Snapshot::NotApplicableLeaves() const {
  std::map<std::string, std::string> out;
  // In key order a parent comes before the clauses under it, so the most
  // specific declaration is written last.
  for (const auto& [clause, why] : config.not_applicable) {
    auto leaves = checklist.ExpandClause(clause);
    if (!leaves) continue;
    for (const auto& leaf : *leaves) out[leaf] = clause;
  }
  return out;
}

Result<std::unique_ptr<FileSource>> Repository::Impl::Source(const std::string& rev) const {
  if (rev.empty()) return WorkTreeSource(root);
  auto commit = git.ResolveCommit(rev);
  if (!commit) return commit.error();
  auto tree = git.CommitTree(*commit);
  if (!tree) return tree.error();
  return GitTreeSource(std::move(*tree));
}

namespace {

// "path:LINE: key "KEY": why", the line being that of the key.
Error BadValue(std::string_view path, std::string_view text, const char* key,
               const std::string& why) {
  const size_t line = json::LineOfTopLevelKey(text, key);
  return Error::Input(std::string(path) + (line ? ":" + std::to_string(line) : std::string()) +
                      ": key \"" + key + "\": " + why);
}

// Every clause an entity names must be one of the checklist's: a clause
// typed by hand into a file would otherwise count for nothing, silently.
template <typename Clauses>  // a vector or an artifact's TagList
Status CheckClauses(const Checklist& checklist, const Clauses& clauses, std::string_view path,
                    std::string_view text, const char* key) {
  for (const auto& c : clauses) {
    if (checklist.FindClause(c)) continue;
    auto known = checklist.ExpandClause(c);  // its message names the nearest ids
    return BadValue(path, text, key,
                    known ? "unknown clause \"" + c + "\"" : known.error().message());
  }
  return Status::Ok();
}

Status CheckReferences(const Checklist& checklist, const Artifact& a, std::string_view path,
                       std::string_view text) {
  DOSSIER_RETURN_IF_ERROR(CheckClauses(checklist, a.clauses, path, text, "clauses"));
  for (const auto& r : a.requirements) {
    if (!checklist.FindRequirement(r)) {
      return BadValue(
          path, text, "requirements",
          "unknown requirement \"" + r + "\" in " + checklist.id() + " (see: dossier clauses)");
    }
  }
  return Status::Ok();
}
Status CheckReferences(const Checklist& checklist, const Finding& f, std::string_view path,
                       std::string_view text) {
  return CheckClauses(checklist, f.clauses, path, text, "clauses");
}
Status CheckReferences(const Checklist& checklist, const InternalAudit& a, std::string_view path,
                       std::string_view text) {
  return CheckClauses(checklist, a.scope, path, text, "scope");
}
template <typename T>
Status CheckReferences(const Checklist&, const T&, std::string_view, std::string_view) {
  return Status::Ok();
}

// Whether `path` is layout::EntityPath(dir, id), without building that
// string (three allocations, for each of 100,000 entities read from the index).
bool IsEntityPath(std::string_view path, std::string_view dir, std::string_view id) {
  return path.size() == dir.size() + 1 + id.size() + 5 && path.compare(0, dir.size(), dir) == 0 &&
         path[dir.size()] == '/' && path.compare(dir.size() + 1, id.size(), id) == 0 &&
         path.compare(dir.size() + 1 + id.size(), 5, ".json") == 0;
}

// A folder of the work tree opened for stat'ing the files in it (-1 when it
// cannot be: the paths are then stat'ed from the root), closed on scope exit.
class DirFd {
 public:
  DirFd(int root_fd, const char* dir)
      : fd_(root_fd >= 0 ? ::openat(root_fd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                         : -1) {}
  ~DirFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  DirFd(const DirFd&) = delete;
  DirFd& operator=(const DirFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// A folder's entity files, packed: their paths in one buffer, each ended by
// a NUL (a C string for stat), found by offset; not 100,000 strings of their
// own (8 MB at 100,000 files as strings, 4.4 MB packed), held while the
// folder's entities are decoded.
class PathList {
 public:
  void Add(std::string_view path) {
    offsets_.push_back(text_.size());
    text_.append(path);
    text_.push_back('\0');
  }
  size_t size() const { return offsets_.size(); }
  // Ends in a NUL.
  std::string_view operator[](size_t i) const {
    const size_t end = i + 1 < offsets_.size() ? offsets_[i + 1] - 1 : text_.size() - 1;
    return std::string_view(text_.data() + offsets_[i], end - offsets_[i]);
  }
  std::vector<std::string_view> Views() const {
    std::vector<std::string_view> views;
    views.reserve(size());
    for (size_t i = 0; i < size(); ++i) views.push_back((*this)[i]);
    return views;
  }

 private:
  std::string text_;
  std::vector<size_t> offsets_;
};

// The entity index's record of a whole listing of its folder: the number of
// entity files, under the folder's stamp (EntityFiles::ListEntities).
constexpr std::string_view kListingKey = "\x01listing";

// Where LoadKind gets entity files: a revision's tree through its
// FileSource, or the work tree through the entity index, whose decoded
// record stands for a file whose stat data has not changed.
struct EntityFiles {
  const FileSource& source;
  StatIndex* index = nullptr;  // the folder's, for the work tree
  std::string root;
  int root_fd = -1;  // the work tree's root, to stat paths from

  // The folder's entity files (*.json), sorted; the index forgets the files
  // that are gone. The work tree is listed packed (FileList: no string per
  // file, a cheaper sort), a revision's tree through its FileSource.
  // In the work tree, while the folder's stat data is what it was when a
  // whole listing was recorded under kListingKey, the paths are the index's
  // own and the folder is not read again (a sixth of loading 100,000
  // artifacts): creating, removing or renaming an entry changes the folder's
  // mtime and ctime, which git's untracked cache relies on too. `record`
  // (optional) gets the folder's stamp, taken before it was listed, when it
  // was listed and holds no subfolder (whose entries its stamp does not
  // follow): the caller records the listing once every file is indexed.
  Result<PathList> ListEntities(const char* dir, std::optional<FileStamp>* record = nullptr) const {
    PathList paths;
    auto add = [&paths](std::string_view path) {
      if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) paths.Add(path);
    };
    if (index) {
      std::optional<FileStamp> stamp;
      struct stat st;
      if (root_fd >= 0 && ::fstatat(root_fd, dir, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISDIR(st.st_mode)) {
        stamp = FileStamp::Of(st);
        if (auto count = index->Find(kListingKey, *stamp)) {
          index->ForEachPathUnder(dir, add);
          // Recorded with every listed file indexed: a file indexed since
          // then, or one not indexed, and the folder is listed after all.
          if (std::to_string(paths.size()) == *count) return paths;
          paths = PathList();
        }
      }
      auto listed = FileList::Of(root, dir);
      if (!listed) return listed.error();
      for (size_t i = 0; i < listed->size(); ++i) add(listed->Path(i));
      index->RetainViews(paths.Views(), dir);
      if (record && listed->folders() == 1) *record = stamp;
    } else {
      auto listed = source.List(dir);
      if (!listed) return listed.error();
      for (const auto& path : *listed) add(path);
    }
    return paths;
  }
  Result<std::optional<std::string>> Read(const std::string& path) const {
    return source.Read(path);
  }
  // The file's stat data, when it is a regular file (else nullopt, and the
  // file is read as it is, for the error it deserves).
  // Stat'ed relative to the folder `dir_fd` (of `dir_len` characters) when
  // open: one path component to walk instead of three.
  int dir_fd = -1;
  size_t dir_len = 0;

  // `path` is a PathList's: followed by a NUL.
  std::optional<FileStamp> Stamp(std::string_view path) const {
    struct stat st;
    const int r = dir_fd >= 0 && path.size() > dir_len && path[dir_len] == '/'
                      ? ::fstatat(dir_fd, path.data() + dir_len + 1, &st, AT_SYMLINK_NOFOLLOW)
                  : root_fd >= 0 ? ::fstatat(root_fd, path.data(), &st, AT_SYMLINK_NOFOLLOW)
                                 : ::lstat((root + "/" + std::string(path)).c_str(), &st);
    if (r != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return FileStamp::Of(st);
  }
};

template <typename T>
Status LoadKind(const Repository::Impl& impl, const FileSource& source, bool work_tree,
                const FileSource* committed, const Checklist& checklist, const char* dir,
                Result<T> (*decode)(std::string_view, const std::string&), std::vector<T>* out) {
  const DirFd dir_fd(work_tree ? impl.RootFd() : -1, dir);
  const EntityFiles files{source,       work_tree ? &impl.EntityIndex(dir) : nullptr,
                          impl.root,    work_tree ? impl.RootFd() : -1,
                          dir_fd.get(), std::strlen(dir)};
  std::optional<FileStamp> listed;  // the folder's stamp, to record its listing with
  auto entities = files.ListEntities(dir, &listed);
  if (!entities) return entities.error();
  const PathList paths = std::move(*entities);
  // Read and decode on every core for the work tree (plain system calls and
  // pure decoding); a revision's tree is read through one libgit2 handle.
  // Errors are reported for the first file in path order, as one thread would.
  const size_t n = paths.size();
  // The listing's strings (freed) and what came before left free pages on
  // the heap: they go back to the kernel before the decoded vector and the
  // index's records are held at once (the load's peak; 7 MB at 100k).
  ::malloc_trim(0);
  std::vector<T> decoded;  // decoded in place: moved out whole, never one by one
  decoded.reserve(n);
  AdviseHugePages(decoded.data(), n * sizeof(T));
  decoded.resize(n);
  // A file's error, and the id it holds when not its name's; one pointer per
  // file (few or none fail), not n errors and names built and zeroed.
  struct Failure {
    Error error;
    std::string misnamed;
  };
  std::vector<std::unique_ptr<Failure>> errors(n);
  std::atomic<bool> failed{false};
  auto one = [&](size_t i, size_t* hint) {
    const std::string_view view = paths[i];
    std::optional<FileStamp> stamp;
    if (files.index && (stamp = files.Stamp(view))) {
      if (auto payload = files.index->Find(view, *stamp, hint)) {
        // Indexed while valid: checked again against this checklist (which
        // may have changed); a failing check reads the file for its message.
        T& entity = decoded[i];
        std::string_view text;
        bool ok = index_record::Decode(*payload, &entity, &text);
        if (!ok && !text.empty()) {
          auto parsed = decode(text, std::string(view));
          if (parsed) {
            entity = std::move(*parsed);
            ok = true;
          }
        }
        if (ok && IsEntityPath(view, dir, entity.id) &&
            CheckReferences(checklist, entity, view, std::string_view()).ok()) {
          return;
        }
        entity = T();
      }
    }
    const std::string path(view);
    auto text = files.Read(path);
    Status st;
    std::string misnamed;
    if (!text) {
      st = text.error();
    } else if (!*text) {
      // Listed a moment ago: gone now means someone removed it meanwhile.
      st = Error::Operational("cannot read " + path + ": it is no longer there");
    } else {
      auto entity = decode(**text, path);
      if (!entity) {
        st = entity.error();
      } else if (path != layout::EntityPath(dir, entity->id)) {
        // The file name is the id: commands find an entity by its file, merges
        // keep one file per entity, and a copied file must not pose as another.
        misnamed = entity->id;
        st = BadValue(path, **text, "id",
                      "\"" + entity->id + "\" differs from the file name (an entity's file is " +
                          layout::EntityPath(dir, entity->id) + ")");
      } else {
        st = CheckReferences(checklist, *entity, path, **text);
        if (st.ok()) {
          // The stamp was taken before the read: a file changed meanwhile
          // has another stamp by now, and its record is never found.
          if (stamp) files.index->Put(path, *stamp, index_record::Payload(*entity, **text));
          decoded[i] = std::move(*entity);
        }
      }
    }
    if (!st.ok()) {
      errors[i] = std::make_unique<Failure>(Failure{st.error(), std::move(misnamed)});
      failed = true;
    }
  };
  // Files are taken in blocks, in path order; once every block before a
  // point is done, the index's records before it are released, so the
  // decoded entities and all of their records are never held at once.
  // A block taken is finished even after a failure elsewhere: every file
  // before the failing one is then judged, as one thread would.
  constexpr size_t kBlock = 1024;
  const size_t blocks = (n + kBlock - 1) / kBlock;
  std::vector<char> done(blocks, 0);
  size_t frontier = 0;
  std::mutex frontier_mu;
  auto finished = [&](size_t b) {
    std::lock_guard<std::mutex> lock(frontier_mu);
    done[b] = 1;
    const size_t from = frontier;
    while (frontier < blocks && done[frontier]) ++frontier;
    if (frontier > from) {
      files.index->ReleaseBefore(frontier < blocks ? paths[frontier * kBlock] : std::string_view());
    }
  };
  std::atomic<size_t> next{0};
  auto work = [&]() {
    size_t hint = 0;
    for (size_t b; !failed && (b = next.fetch_add(1)) < blocks;) {
      for (size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) one(i, &hint);
      if (files.index) finished(b);
    }
  };
  RunOnThreads(files.index && n >= 512 ? CoresUpTo(8) : 1, work);
  for (size_t i = 0; i < n; ++i) {
    if (!errors[i]) continue;
    const std::string& misnamed = errors[i]->misnamed;
    if (!misnamed.empty() && committed) {
      // Committed right, changed in the work tree: a file copied over it
      // (damage to repair), not a committed entity to correct. (Here, not in
      // the workers: `committed` reads through libgit2.)
      const std::string path(paths[i]);
      auto in_head = committed->Read(path);
      if (!in_head) return in_head.error();
      auto now = files.Read(path);
      if (!now) return now.error();
      if (*in_head && *now && **in_head != **now) {
        return Error::Operational(
            path + " holds " + misnamed + ", not the entity its name says (" +
            fs::path(path).stem().string() + "): the file was replaced or copied over " +
            "since the last commit; restore it with: git checkout HEAD -- " + path);
      }
    }
    return errors[i]->error;
  }
  if (out->empty()) {
    *out = std::move(decoded);
  } else {
    out->reserve(out->size() + n);
    for (auto& d : decoded) out->push_back(std::move(d));
  }
  auto by_id = [](const T& a, const T& b) { return a.id < b.id; };
  if (!std::is_sorted(out->begin(), out->end(), by_id)) std::sort(out->begin(), out->end(), by_id);
  for (size_t i = 1; i < out->size(); ++i) {
    if ((*out)[i].id == (*out)[i - 1].id) {
      return Error::Input("duplicate id " + (*out)[i].id + " under " + dir);
    }
  }
  if (files.index) {
    if (listed) files.index->Put(std::string(kListingKey), *listed, std::to_string(n));
    files.index->Save();
    impl.CloseEntityIndex(dir);  // its copy of 100,000 records is not needed twice
  }
  return Status::Ok();
}

// The work tree must hold every entity file HEAD has: one deleted, or
// replaced by a folder or a link, would make every answer short by that
// entity (a readiness without a finding), so it is named instead.
// Only the folders of `kinds` (EntityKinds) are checked: an answer that
// leaves a kind out is not short by one of its entities.
// A folder found whole is remembered in its entity index, under kTreeKey,
// as HEAD's tree id for it with the folder's stat data: while both are
// unchanged nothing was added to or removed from the folder (either changes
// the folder's mtime and ctime), so the check holds without listing 100,000
// tree entries again. Only a folder whose committed files all lie directly
// in it is remembered (removing a file deeper down leaves it unchanged).
constexpr std::string_view kTreeKey = "\x01head-tree";

Status CheckEntityFiles(const Repository::Impl& impl, const std::string& head, unsigned kinds) {
  auto tree = impl.git.CommitTree(head);
  if (!tree) return tree.error();
  const std::pair<unsigned, const char*> folders[] = {
      {kLoadArtifacts, layout::kArtifactsDir},
      {kLoadFindings, layout::kFindingsDir},
      {kLoadAudits, layout::kAuditsDir},
      {kLoadReviews, layout::kReviewsDir},
      {kLoadObjectives, layout::kObjectivesDir},
      {kLoadMeasurements, layout::kMeasurementsDir},
      {kLoadAll, layout::kBodyAuditsDir},
      {kLoadArtifacts | kLoadArtifactContext, layout::kKeysDir}};
  for (const auto& [kind, dir] : folders) {
    if (!(kinds & kind)) continue;
    std::optional<FileStamp> dir_stamp;
    std::string tree_id;
    StatIndex* index = nullptr;
    if (StatIndex::Enabled()) {
      struct stat st;
      if (impl.RootFd() >= 0 && ::fstatat(impl.RootFd(), dir, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISDIR(st.st_mode)) {
        tree_id = tree->EntryId(dir);
        if (!tree_id.empty()) {
          dir_stamp = FileStamp::Of(st);
          index = &impl.EntityIndex(dir);
          if (index->Find(kTreeKey, *dir_stamp) == std::string_view(tree_id)) continue;
        }
      }
    }
    auto committed = tree->List(dir);
    if (!committed) return committed.error();
    auto present = ListRegularFiles(impl.root, dir);
    if (!present) return present.error();
    std::vector<std::string> gone;
    std::set_difference(committed->begin(), committed->end(), present->begin(), present->end(),
                        std::back_inserter(gone));
    for (const auto& path : gone) {
      if (path.size() < 5 || path.compare(path.size() - 5, 5, ".json") != 0) continue;
      return Error::Operational(
          path + " is in the last commit but not in the work tree (deleted, or replaced by a " +
          "folder or a link), so any answer would leave it out; restore it with: git checkout " +
          "HEAD -- " + path + " (or, to remove it for good, commit its removal: git rm " + path +
          ")");
    }
    const size_t prefix = std::strlen(dir) + 1;
    const bool flat = std::none_of(committed->begin(), committed->end(), [&](const std::string& p) {
      return p.find('/', prefix) != std::string::npos;
    });
    if (index && flat) index->Put(std::string(kTreeKey), *dir_stamp, tree_id);
  }
  return Status::Ok();
}

}  // namespace

// .git/dossier-index-<folder> ("dossier/findings" -> dossier-index-findings).
StatIndex& Repository::Impl::EntityIndex(const std::string& dir) const {
  auto& index = entity_indexes_[dir];
  if (!index) {
    std::string name = dir.compare(0, 8, "dossier/") == 0 ? dir.substr(8) : dir;
    std::replace(name.begin(), name.end(), '/', '-');
    index = StatIndex::Open(git.GitDir() + "/dossier-index-" + name);
  }
  return *index;
}

void Repository::Impl::CloseEntityIndex(const std::string& dir) const {
  entity_indexes_.erase(dir);
}

int Repository::Impl::RootFd() const {
  std::call_once(root_fd_once_,
                 [this]() { root_fd_ = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); });
  return root_fd_;
}

Repository::Impl::~Impl() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

StatIndex& Repository::Impl::HashIndex() const {
  if (!hash_index_) hash_index_ = StatIndex::Open(git.GitDir() + "/dossier-index-evidence");
  return *hash_index_;
}

Result<Snapshot> Repository::Impl::LoadFrom(const FileSource& source, const std::string& commit,
                                            unsigned kinds, bool work_tree,
                                            const FileSource* committed) const {
  Snapshot s;
  s.commit = commit;
  if (!commit.empty()) {
    auto t = git.CommitTime(commit);
    if (t) s.commit_date = Date::FromUnixSeconds(*t);
  }
  auto ini = source.Read(layout::kConfigFile);
  if (!ini) return ini.error();
  if (!*ini)
    return Error::Input("no dossier.ini in " + root + (commit.empty() ? "" : " at " + commit));
  auto config = ParseConfig(**ini, layout::kConfigFile);
  if (!config) return config.error();
  s.config = std::move(*config);
  const std::string& cl = s.config.checklist;
  if (cl.size() > 5 && cl.compare(cl.size() - 5, 5, ".json") == 0) {
    auto text = source.Read(cl);
    if (!text) return text.error();
    if (!*text) return Error::Input("dossier.ini: checklist file " + cl + " not found");
    auto parsed = Checklist::Parse(**text, cl);
    if (!parsed) return parsed.error();
    s.checklist = std::move(*parsed);
  } else {
    auto builtin = Checklist::Builtin(cl);
    if (!builtin) return builtin.error().WithContext("dossier.ini [checklist] name");
    s.checklist = std::move(*builtin);
  }
  if (kinds & kLoadArtifacts) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kArtifactsDir, &codec::DecodeArtifact, &s.artifacts));
  }
  if (kinds & kLoadFindings) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kFindingsDir, &codec::DecodeFinding, &s.findings));
  }
  if (kinds & kLoadAudits) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kAuditsDir, &codec::DecodeAudit, &s.audits));
  }
  if (kinds & kLoadReviews) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kReviewsDir, &codec::DecodeReview, &s.reviews));
  }
  if (kinds & kLoadObjectives) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kObjectivesDir, &codec::DecodeObjective,
                                     &s.objectives));
  }
  if (kinds & kLoadMeasurements) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kMeasurementsDir, &codec::DecodeMeasurement,
                                     &s.measurements));
  }
  // Small, and needed to judge what is loaded: always read.
  DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                   layout::kBodyAuditsDir, &codec::DecodeBodyAudit,
                                   &s.body_audits));
  if (kinds & (kLoadArtifacts | kLoadArtifactContext)) {
    DOSSIER_RETURN_IF_ERROR(LoadKind(*this, source, work_tree, committed, s.checklist,
                                     layout::kKeysDir, &codec::DecodeKey, &s.keys));
    DOSSIER_RETURN_IF_ERROR(LoadControlled(source, &s));
  }
  // std::move: C++17 copies a local into Result's by-value constructor otherwise.
  return Result<Snapshot>(std::move(s));
}

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

const std::string& Repository::root() const { return impl_->root; }

Result<Repository> Repository::Discover(const std::string& dir) {
  boost::system::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::Input("no such directory: " + dir);
  auto git = git::Repo::Discover(dir);
  if (!git) {
    // A bare repository is named as such; it has no files to read.
    if (git.error().message().find("bare git repository") != std::string::npos) return git.error();
    return Error::Input("not an evidence repository: " + dir +
                        " is not inside a git work tree (create one with: dossier init)");
  }
  auto impl = std::make_unique<Impl>(std::move(*git));
  if (!fs::exists(fs::path(impl->root) / layout::kConfigFile, ec)) {
    return Error::Input("not an evidence repository: " + impl->root +
                        " has no dossier.ini (create one with: dossier init)");
  }
  return Repository(std::move(impl));
}

Result<Repository> Repository::Init(const std::string& dir, const InitOptions& options,
                                    const Context& context) {
  if (options.organisation.empty()) return Error::Input("init needs --org NAME");
  DOSSIER_RETURN_IF_ERROR(CheckText("--org", options.organisation));
  auto checklist = Checklist::Builtin(options.checklist);
  if (!checklist) return checklist.error();
  boost::system::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return Error::Input("cannot create an evidence repository in " + dir + ": it is a file");
  }
  fs::create_directories(dir, ec);
  if (ec) return Error::Operational("cannot create " + dir + ": " + ec.message());
  bool created = false;
  auto git = git::Repo::InitOrOpen(dir, &created);
  if (!git) return git.error();
  auto impl = std::make_unique<Impl>(std::move(*git));
  if (fs::exists(fs::path(impl->root) / layout::kConfigFile, ec)) {
    return Error::Input(impl->root + " is already an evidence repository (dossier.ini exists)");
  }
  Repository repo(std::move(impl));
  Config config;
  config.organisation = options.organisation;
  config.checklist = options.checklist;
  config.require_signature = !options.unsigned_approvals;
  auto tx = Transaction::Begin(repo, context, /*load=*/false);
  if (!tx) return tx.error();
  tx->Write(layout::kConfigFile, FormatConfig(config));
  tx->Write(std::string(layout::kEvidenceDir) + "/.gitkeep", "");
  // Evidence is stored byte for byte: no line-ending conversion (a user's
  // core.autocrlf, or text=auto in an adopted repository), no clean/smudge
  // filter, no $Id$ expansion. Otherwise a clone checks out other bytes and
  // every recorded SHA-256 fails there.
  const std::string attributes_line =
      std::string("/") + layout::kEvidenceDir + "/** -text -filter -ident -working-tree-encoding";
  std::string attributes;
  if (std::ifstream in(fs::path(repo.root()) / ".gitattributes", std::ios::binary); in) {
    attributes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (attributes.find(attributes_line) == std::string::npos) {
    if (!attributes.empty() && attributes.back() != '\n') attributes += '\n';
    attributes +=
        "# Dossier: evidence files are kept byte for byte, so their SHA-256 holds in every "
        "clone.\n" +
        attributes_line + "\n";
    tx->Write(".gitattributes", attributes);
  }
  auto commit = tx->Commit("dossier init: " + options.organisation);
  if (!commit) return commit.error();
  return repo;
}

Result<Snapshot> Repository::Load(const std::string& rev, unsigned kinds) const {
  // The work tree of a command killed mid-commit is not what anyone filed.
  if (rev.empty()) DOSSIER_RETURN_IF_ERROR(Transaction::RecoverInterrupted(*this));
  auto source = impl_->Source(rev);
  if (!source) return source.error();
  std::string commit;
  std::unique_ptr<FileSource> committed;
  if (rev.empty()) {
    auto head = impl_->git.HeadCommit();
    if (!head) return head.error();
    commit = *head;
    if (!commit.empty()) {
      DOSSIER_RETURN_IF_ERROR(CheckEntityFiles(*impl_, commit, kinds));
      auto c = impl_->Source(commit);
      if (!c) return c.error();
      committed = std::move(*c);
    }
  } else {
    auto c = impl_->git.ResolveCommit(rev);
    if (!c) return c.error();
    commit = *c;
  }
  auto snap = committed ? impl_->LoadFrom(**source, commit, kinds, true, committed.get())
                        : impl_->LoadFrom(**source, commit, kinds, rev.empty());
  if (!snap) return snap.error();
  // An approval counts only when its signature does (doc/architecture.md).
  if (kinds & kLoadArtifacts) DOSSIER_RETURN_IF_ERROR(JudgeApprovals(*this, &*snap, rev.empty()));
  return snap;
}

namespace {

// LoadArtifact's fast path: the work tree's artifacts known from the entity
// index by id and path only, and the one resolved decoded. nullopt when
// anything is out of the ordinary (a file not held as a record whose text
// does not decode cleanly, a record naming another id than its file): the
// caller then loads everything, for the same answer and the same errors.
Result<std::optional<Snapshot>> FallBack() { return std::optional<Snapshot>(); }

// What LoadArtifact's fast paths judge the one artifact with: the work
// tree's source and a snapshot of the configuration, the checklist and the
// keys, loaded after an interrupted commit is finished, once HEAD's entity
// files of the kinds `checked` are known to be in the work tree.
struct ArtifactContext {
  std::unique_ptr<FileSource> source;
  Snapshot snap;
};

Result<ArtifactContext> LoadArtifactContext(const Repository& repo, unsigned checked) {
  const Repository::Impl& impl = RepositoryAccess::Of(repo);
  DOSSIER_RETURN_IF_ERROR(Transaction::RecoverInterrupted(repo));
  auto source = impl.Source("");
  if (!source) return source.error();
  auto head = impl.git.HeadCommit();
  if (!head) return head.error();
  std::unique_ptr<FileSource> committed;
  if (!head->empty()) {
    DOSSIER_RETURN_IF_ERROR(CheckEntityFiles(impl, *head, checked));
    auto c = impl.Source(*head);
    if (!c) return c.error();
    committed = std::move(*c);
  }
  auto snap = impl.LoadFrom(**source, *head, kLoadArtifactContext, true, committed.get());
  if (!snap) return snap.error();
  return ArtifactContext{std::move(*source), std::move(*snap)};
}

Result<std::optional<Snapshot>> LoadArtifactIndexed(const Repository& repo, const std::string& cwd,
                                                    const std::string& id_or_path) {
  const Repository::Impl& impl = RepositoryAccess::Of(repo);
  auto context = LoadArtifactContext(repo, kLoadArtifacts);
  if (!context) return context.error();
  const std::unique_ptr<FileSource>* source = &context->source;
  Snapshot* snap = &context->snap;
  const char* dir = layout::kArtifactsDir;
  const DirFd dir_fd(impl.RootFd(), dir);
  const EntityFiles files{**source,      &impl.EntityIndex(dir), impl.root,
                          impl.RootFd(), dir_fd.get(),           std::strlen(dir)};
  auto entities = files.ListEntities(dir);
  if (!entities) return entities.error();
  const PathList paths = std::move(*entities);
  const size_t prefix = std::string_view(dir).size() + 1;
  // Every artifact by id and path (what FindArtifact resolves by), from its
  // record while the file's stat data is unchanged, else from its text (kept
  // for the one shown). Stat'ed on every core, as LoadKind does.
  const size_t n = paths.size();
  std::vector<ArtifactName> names(n);
  std::vector<std::optional<std::string>> texts(n);
  std::atomic<size_t> next{0};
  std::atomic<bool> unusual{false};
  auto work = [&]() {
    size_t hint = 0;
    for (size_t i; !unusual && (i = next.fetch_add(1)) < n;) {
      const std::string_view view = paths[i];
      const std::string_view stem(view.data() + prefix, view.size() - prefix - 5);
      auto stamp = files.Stamp(view);
      if (!stamp) {
        unusual = true;
        break;
      }
      if (auto payload = files.index->Find(view, *stamp, &hint)) {
        std::string_view id, p;
        if (index_record::IdAndPath(*payload, &id, &p)) {
          if (id != stem) unusual = true;
          names[i].id.assign(id);
          names[i].path.assign(p);
          continue;
        }
      }
      const std::string path(view);
      auto text = files.Read(path);
      if (!text || !*text) {
        unusual = true;
        break;
      }
      auto entity = codec::DecodeArtifact(**text, path);
      if (!entity || entity->id != stem ||
          !CheckReferences(snap->checklist, *entity, path, **text).ok()) {
        unusual = true;
        break;
      }
      files.index->Put(path, *stamp, index_record::Payload(*entity, **text));
      names[i].id = std::move(entity->id);
      names[i].path = std::move(entity->path);
      texts[i] = std::move(**text);
    }
  };
  RunOnThreads(n >= 512 ? CoresUpTo(8) : 1, work);
  if (unusual) return FallBack();
  // In id order, as Load's (a file name sorts by its id but for ids holding
  // a character below '.').
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto by_id = [](const ArtifactName& x, const ArtifactName& y) { return x.id < y.id; };
  if (!std::is_sorted(names.begin(), names.end(), by_id)) {
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return names[x].id < names[y].id; });
    std::vector<ArtifactName> sorted;
    sorted.reserve(n);
    for (size_t i : order) sorted.push_back(std::move(names[i]));
    names = std::move(sorted);
  }
  auto found = FindArtifactName(names, impl.root, cwd, id_or_path);
  if (!found) return found.error();
  const size_t i = order[static_cast<size_t>(*found - names.data())];
  // The one shown, decoded whole and checked as Load checks it.
  const std::string path(paths[i]);
  Artifact a;
  if (texts[i]) {
    auto entity = codec::DecodeArtifact(*texts[i], path);
    if (!entity) return FallBack();
    a = std::move(*entity);
  } else {
    auto stamp = files.Stamp(path);
    std::string_view text;
    auto payload = stamp ? files.index->Find(path, *stamp) : std::nullopt;
    if (!payload || !index_record::Decode(*payload, &a, &text) ||
        !CheckReferences(snap->checklist, a, path, std::string_view()).ok()) {
      return FallBack();
    }
  }
  files.index->Save();
  impl.CloseEntityIndex(dir);
  snap->artifacts.push_back(std::move(a));
  DOSSIER_RETURN_IF_ERROR(JudgeApprovals(repo, &*snap, true));
  return std::optional<Snapshot>(std::move(*snap));
}

// `show ID`'s fast path, for an argument that can only be an id or an id
// prefix (no '/' or '.'; an id is the one an artifact with that id or
// prefix is taken for before a bare file name, see FindIn in
// lib/evidence.cc): resolved from the names of dossier/artifacts/ (one
// directory listing, no file stat'ed or indexed: an artifact's file is
// named by its id), and only the file resolved is read, decoded and checked
// as Load checks it. nullopt (the caller loads everything, for the same
// answer or error) when no file name matches, or anything is unusual.
Result<std::optional<Snapshot>> LoadArtifactById(const Repository& repo, const std::string& arg) {
  if (arg.empty() || arg.find_first_of("/.") != std::string::npos) return FallBack();
  for (const char c : arg) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return FallBack();
  }
  const Repository::Impl& impl = RepositoryAccess::Of(repo);
  // What the artifact is judged with (the configuration, the checklist, the
  // keys), first: its errors come before any about the argument, as in Load.
  // The keys judge the approval shown; the other artifacts are not read.
  auto context = LoadArtifactContext(repo, kLoadArtifactContext);
  if (!context) return context.error();
  const std::unique_ptr<FileSource>* source = &context->source;
  Snapshot* snap = &context->snap;
  const std::string dir = layout::kArtifactsDir;
  auto upper = [](std::string_view v) {
    std::string out(v);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string want = upper(arg);
  std::string path;
  // A whole id in capitals (as ids are made) names its file: opened, no
  // listing. (Of the spellings of an id that differ in case only, the one in
  // capitals sorts first, so ResolveId would take it too.)
  struct stat st;
  const std::string direct = dir + "/" + arg + ".json";
  if (want == arg && impl.RootFd() >= 0 &&
      ::fstatat(impl.RootFd(), direct.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISREG(st.st_mode)) {
    path = direct;
  } else {
    // Else the names of the folder's files, read without a stat per file.
    const int fd = impl.RootFd() >= 0 ? ::openat(impl.RootFd(), dir.c_str(),
                                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                                      : -1;
    if (fd < 0) return FallBack();
    DIR* d = ::fdopendir(fd);
    if (!d) {
      ::close(fd);
      return FallBack();
    }
    std::vector<std::string> hits;  // ids (file names) starting with the argument
    bool unusual = false;
    errno = 0;
    while (const struct dirent* e = ::readdir(d)) {
      const std::string_view name(e->d_name);
      if (e->d_type == DT_DIR && name != "." && name != "..") unusual = true;  // Load says why
      if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
      const std::string_view stem = name.substr(0, name.size() - 5);
      if (stem.size() < want.size() || upper(stem.substr(0, want.size())) != want) continue;
      if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN) unusual = true;  // a link, ...
      hits.emplace_back(stem);
      errno = 0;
    }
    const bool failed = errno != 0;
    ::closedir(d);
    if (failed || unusual || hits.empty()) return FallBack();  // no such id: Load says more
    std::sort(hits.begin(), hits.end());
    std::vector<ArtifactName> names(hits.size());
    for (size_t i = 0; i < hits.size(); ++i) names[i].id = std::move(hits[i]);
    // ResolveId's answer and refusal, over the same ids in the same order.
    auto found = ResolveId(names, arg, "artifact");
    if (!found) return found.error();
    path = dir + "/" + (*found)->id + ".json";
  }
  auto text = (*source)->Read(path);
  if (!text || !*text) return FallBack();
  auto entity = codec::DecodeArtifact(**text, path);
  const std::string_view stem(path.data() + dir.size() + 1, path.size() - dir.size() - 6);
  if (!entity || entity->id != stem ||
      !CheckReferences(snap->checklist, *entity, path, **text).ok()) {
    return FallBack();
  }
  snap->artifacts.push_back(std::move(*entity));
  DOSSIER_RETURN_IF_ERROR(JudgeApprovals(repo, &*snap, true));
  return std::optional<Snapshot>(std::move(*snap));
}

}  // namespace

Result<Snapshot> LoadArtifact(const Repository& repo, const std::string& rev,
                              const std::string& cwd, const std::string& id_or_path) {
  if (rev.empty()) {
    auto by_id = LoadArtifactById(repo, id_or_path);
    if (!by_id) return by_id.error();
    if (*by_id) return std::move(**by_id);
  }
  if (rev.empty() && StatIndex::Enabled()) {
    auto fast = LoadArtifactIndexed(repo, cwd, id_or_path);
    if (!fast) return fast.error();
    if (*fast) return std::move(**fast);
  }
  auto snap = repo.Load(rev, kLoadArtifacts);
  if (!snap) return snap;
  auto found = FindArtifact(*snap, repo.root(), cwd, id_or_path);
  if (!found) return found.error();
  Artifact a = std::move(*const_cast<Artifact*>(*found));
  snap->artifacts.clear();
  snap->artifacts.push_back(std::move(a));
  return snap;
}

Result<std::string> Repository::ReadFile(const std::string& rev, const std::string& path) const {
  auto source = impl_->Source(rev);
  if (!source) return source.error();
  auto text = (*source)->Read(path);
  if (!text) return text.error();
  if (!*text) return Error::Input("no file " + path + (rev.empty() ? "" : " at " + rev));
  return **text;
}

Result<std::vector<Repository::HistoryEntry>> Repository::History(
    const std::vector<std::string>& paths, const std::string& from) const {
  auto log = impl_->git.Log(paths, from);
  if (!log) return log.error();
  std::vector<HistoryEntry> out;
  out.reserve(log->size());
  for (auto& c : *log) {
    HistoryEntry e;
    e.commit = std::move(c.id);
    e.time = c.time;
    e.author = c.author_email.empty() ? c.author : c.author + " <" + c.author_email + ">";
    e.summary = std::move(c.summary);
    e.paths = std::move(c.paths);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> Repository::ResolveCommit(const std::string& rev) const {
  return impl_->git.ResolveCommit(rev);
}

}  // namespace dossier
