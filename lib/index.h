// The derived index under .git/: what Dossier learnt about work-tree files,
// keyed by path and trusted only while the file's stat data (size, inode,
// mtime and ctime to the nanosecond, type) is what it was when the file was
// read, the way git's index lets `git status` skip unchanged files
// (doc/architecture.md, "The derived index"). Never committed; a missing,
// stale or corrupt index file is rebuilt silently and never trusted.
// DOSSIER_INDEX=0 turns every index off (each lookup misses, nothing is
// written), for comparing results with and without it. Private to lib/.
#ifndef DOSSIER_LIB_INDEX_H_
#define DOSSIER_LIB_INDEX_H_

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier {
namespace index_bytes {
class Reader;
}

struct FileStamp {
  uint64_t size = 0;
  uint64_t ino = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint32_t mode = 0;
  static FileStamp Of(const struct stat& st);
  // Whether both times have a part finer than a second. Nothing is kept
  // under a stamp otherwise (StatIndex::Put): on a file system whose times
  // are whole seconds or coarser (FAT, exFAT, some network mounts), a file
  // rewritten, or an entry added to a folder, within the same second or two
  // leaves the stamp as it was (on ext4, XFS or btrfs a time falls on a
  // whole second once in 10^9).
  bool FineGrained() const {
    constexpr int64_t kSecond = 1000000000;
    return mtime_ns % kSecond != 0 && ctime_ns % kSecond != 0;
  }
  bool operator==(const FileStamp& o) const {
    return size == o.size && ino == o.ino && mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns &&
           mode == o.mode;
  }
};

// Unmaps an index file mapped whole (StatIndex's data).
struct IndexMapping {
  size_t size = 0;
  void operator()(char* p) const;
};

// One index file: path -> (stamp, payload). The payload is the caller's
// (an entity's decoded record, an evidence file's SHA-256). The file is
// mapped whole (an index file is replaced by rename, never written in place;
// see MapWhole in index.cc) and its entries, sorted by path, are looked up
// in place.
// Find may be called from several threads at once, also while others Put
// (Put is serialised internally and never changes what Find sees).
class StatIndex {
 public:
  // Reads `file` (absolute). A missing, truncated or corrupt file, or one of
  // another format version, yields an empty index.
  static std::unique_ptr<StatIndex> Open(std::string file);
  static bool Enabled();

  // The payload recorded for `path` if `stamp` is the stamp it was recorded
  // with; nullopt otherwise. The view lives as long as the index.
  // `hint` (optional, one per thread): where the last lookup of a caller
  // that asks in path order ended, so the next is found without a search.
  std::optional<std::string_view> Find(std::string_view path, const FileStamp& stamp,
                                       size_t* hint = nullptr) const;
  // Records what was read from `path` when it had `stamp`. A stamp from the
  // current tick of the file-system clock (or later) is not recorded: the
  // file could change again within the tick without its stamp changing;
  // nor is one of whole-second times (FileStamp::FineGrained), for the same
  // reason on a file system that keeps no finer times. FileStamp() (no
  // file's: a key such as a commit id) is kept.
  void Put(const std::string& path, const FileStamp& stamp, std::string payload);
  // Forgets every path under `under` not in `live` (sorted), so removed
  // files do not linger in the file.
  void Retain(const std::vector<std::string>& live, const std::string& under);
  // The same, of views (of 100,000 paths, not copied for this).
  void RetainViews(const std::vector<std::string_view>& live, const std::string& under);
  // Calls `f` with each path recorded under `under` ("under/..."), in path
  // order, as read (the changes since are not seen, as by Find).
  template <typename F>
  void ForEachPathUnder(const std::string& under, F f) const {
    const std::string prefix = under + "/";
    for (auto it = LowerBound(released_, prefix);
         it != slots_.end() && PathAt(*it).compare(0, prefix.size(), prefix) == 0; ++it) {
      f(PathAt(*it));
    }
  }
  // Gives the memory of the entries before `path` (in path order; every
  // entry when `path` is empty) back to the kernel, once the caller has
  // taken their payloads: a folder's
  // 100,000 records are not all held while they are decoded. Find misses
  // them from then on; Save reads the file again for them (and saves
  // nothing if it changed meanwhile).
  void ReleaseBefore(std::string_view path);
  // Writes the index when it changed (temporary file, renamed into place).
  // Failures are ignored: the index only ever saves time.
  void Save();
  size_t size() const { return slots_.size(); }
  ~StatIndex();
  StatIndex(const StatIndex&) = delete;
  StatIndex& operator=(const StatIndex&) = delete;

 private:
  struct Slot {
    std::string_view path;
    FileStamp stamp;
    std::string_view payload;
  };
  explicit StatIndex(std::string file);
  // Reads and checks the file; false (and no slots) if it is not a whole one.
  bool Load();
  // An entry read from `r`; nullopt if it is cut short.
  static std::optional<Slot> Entry(index_bytes::Reader* r);
  // The entry starting at `offset` in data_ (one of slots_: checked by Load).
  Slot At(uint32_t offset) const;
  std::string_view PathAt(uint32_t offset) const;
  // slots_'s first entry at or after `path`, from `from` on.
  std::vector<uint32_t>::const_iterator LowerBound(size_t from, std::string_view path) const;
  // The entry recorded for `path`, if any.
  std::optional<Slot> Lookup(std::string_view path, size_t* hint = nullptr) const;
  // Gives the whole pages of [begin, end) back to the kernel (see ReleaseBefore).
  static void ReleasePages(const void* begin, const void* end, const void* floor);
  template <typename Path>
  void RetainSorted(const std::vector<Path>& live, const std::string& under);

  std::string file_;
  int64_t started_ns_ = 0;  // the file-system clock when this process began reading
  std::unique_ptr<char, IndexMapping> data_;  // the file, mapped
  size_t data_size_ = 0;
  // Where each entry starts in data_, sorted by path: 4 bytes an entry, not
  // its views and stamp (72 bytes; 7 MB at 100,000), read when looked at.
  std::vector<uint32_t> slots_;
  std::string digest_;  // the file's, as read
  // slots_[0, released_) and their bytes are released (ReleaseBefore): gone.
  std::atomic<size_t> released_{0};
  std::mutex mu_;
  // What changed since it was read (Find does not see these): a new
  // payload, or nullopt for a path to forget. Save writes them merged.
  std::map<std::string, std::optional<std::pair<FileStamp, std::string>>, std::less<>> changes_;
  bool dirty_ = false;
};

// Asks the kernel to back the 2 MiB-aligned part of [p, p + size) with huge
// pages: a buffer of tens of MiB (an index read whole, 100,000 decoded
// artifacts) is then first touched in a few page faults instead of
// thousands (a quarter of a large readiness's time on a virtual machine).
// A hint only: refused or unsupported, nothing changes.
void AdviseHugePages(void* p, size_t size);

// Regular files under `dir` of the work tree at `root` (repository-relative,
// sorted), without following links and without stat'ing files whose type the
// directory entry gives; a ".git" folder is skipped. A missing `dir` has none;
// one that cannot be read is an operational error.
Result<std::vector<std::string>> ListRegularFiles(const std::string& root, const std::string& dir);

}  // namespace dossier

#endif  // DOSSIER_LIB_INDEX_H_
