#include "index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "crypto/sha256.h"
#include "fd_io.h"
#include "file_list.h"
#include "index_bytes.h"

namespace dossier {
namespace {

// Format: "DOSSIER-INDEX 2\n", then per entry, in strictly increasing path
// order: u32 path length, path, u64 size, u64 inode, i64 mtime ns, i64 ctime
// ns, u32 mode, u32 payload length, payload; then the SHA-256 (hex, 64
// bytes) of everything before it. (Version 1 was not sorted.)
// Integers little-endian as the machine writes them: an index is never
// shared between machines (it lives in .git/, and a clone builds its own).
constexpr std::string_view kMagic = "DOSSIER-INDEX 2\n";
constexpr size_t kDigest = 64;

using index_bytes::PutInt;
using index_bytes::Reader;

// The whole of the file open as `fd` (of `size` bytes when stat'ed), mapped
// read-only and private, or false when it cannot be. Mapped, not read: a
// copy was 35 MB of fresh memory at 100,000 artifacts, whose first touch
// costs more than the read itself on a virtual machine, while the file's
// pages are in the page cache already. An index file is only ever replaced
// whole (written aside, renamed into place: Save), so a mapping sees one
// version of it; one truncated in place by hand while a command reads it
// ends that command with SIGBUS, as it would end git, which maps its own
// index (and libgit2 its packs) the same way. Never a wrong answer: the
// file is checked whole before it is used.
bool MapWhole(int fd, size_t size, std::unique_ptr<char, IndexMapping>* data) {
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (p == MAP_FAILED) {
    // A file system that cannot map files: read into anonymous memory.
    p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED && ReadFully(fd, p, size) != static_cast<ssize_t>(size)) {
      ::munmap(p, size);  // shorter than stat'ed: changed meanwhile, rebuilt
      p = MAP_FAILED;
    }
  }
  data->reset(p == MAP_FAILED ? nullptr : static_cast<char*>(p));  // the old one unmapped
  data->get_deleter().size = size;
  return p != MAP_FAILED;
}

int64_t Nanos(const struct timespec& t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

}  // namespace

void AdviseHugePages(void* p, size_t size) {
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t from = (begin + kHuge - 1) & ~(kHuge - 1), to = (begin + size) & ~(kHuge - 1);
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
}

FileStamp FileStamp::Of(const struct stat& st) {
  FileStamp s;
  s.size = static_cast<uint64_t>(st.st_size);
  s.ino = static_cast<uint64_t>(st.st_ino);
  s.mtime_ns = Nanos(st.st_mtim);
  s.ctime_ns = Nanos(st.st_ctim);
  s.mode = static_cast<uint32_t>(st.st_mode);
  return s;
}

bool StatIndex::Enabled() {
  const char* v = std::getenv("DOSSIER_INDEX");
  return !(v && std::string_view(v) == "0");
}

StatIndex::StatIndex(std::string file) : file_(std::move(file)) {
  // File times come from the kernel's coarse clock; a file whose ctime is at
  // or after this moment may change again without its stamp changing.
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
  started_ns_ = Nanos(now);
}

StatIndex::~StatIndex() = default;

void IndexMapping::operator()(char* p) const {
  if (p) ::munmap(p, size);
}

std::unique_ptr<StatIndex> StatIndex::Open(std::string file) {
  std::unique_ptr<StatIndex> index(new StatIndex(std::move(file)));
  if (Enabled()) index->Load();
  return index;
}

bool StatIndex::Load() {
  slots_.clear();
  released_ = 0;
  const int fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool read = false;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    read = MapWhole(fd, static_cast<size_t>(st.st_size), &data_);
  }
  data_size_ = read ? static_cast<size_t>(st.st_size) : 0;
  ::close(fd);
  // Entries are found by 32-bit offsets (a larger file is rebuilt, never read).
  if (!read || data_size_ > UINT32_MAX) return false;
  const std::string_view data(data_.get(), data_size_);
  // Anything short of a whole, matching, sorted file is discarded: rebuilt, never trusted.
  auto discard = [this]() {
    slots_.clear();
    return false;
  };
  if (data.size() < kMagic.size() + kDigest || data.compare(0, kMagic.size(), kMagic) != 0) {
    return discard();
  }
  const std::string_view body(data.data(), data.size() - kDigest);
  digest_ = crypto::Sha256Hex(body);
  if (digest_ != data.substr(body.size())) return discard();
  // Counted first (a skip from length to length), so the slots are
  // allocated once rather than grown and copied.
  size_t count = 0;
  for (Reader c(body.substr(kMagic.size())); !c.AtEnd(); ++count) {
    uint32_t len = 0;
    std::string_view skip;
    if (!c.Int(&len) || !c.Bytes(len + size_t{36}, &skip) || !c.Int(&len) || !c.Bytes(len, &skip)) {
      return discard();
    }
  }
  slots_.reserve(count);
  Reader r(body.substr(kMagic.size()));
  std::string_view last;
  while (!r.AtEnd()) {
    const auto offset = static_cast<uint32_t>(data_size_ - kDigest - r.remaining());
    const std::optional<Slot> e = Entry(&r);
    if (!e) return discard();
    if (!slots_.empty() && !(last < e->path)) return discard();
    last = e->path;
    slots_.push_back(offset);
  }
  return true;
}

std::optional<StatIndex::Slot> StatIndex::Entry(Reader* r) {
  uint32_t len = 0;
  Slot e;
  uint32_t payload_len = 0;
  if (!r->Int(&len) || !r->Bytes(len, &e.path) || !r->Int(&e.stamp.size) || !r->Int(&e.stamp.ino) ||
      !r->Int(&e.stamp.mtime_ns) || !r->Int(&e.stamp.ctime_ns) || !r->Int(&e.stamp.mode) ||
      !r->Int(&payload_len) || !r->Bytes(payload_len, &e.payload)) {
    return std::nullopt;
  }
  return e;
}

StatIndex::Slot StatIndex::At(uint32_t offset) const {
  Reader r(std::string_view(data_.get() + offset, data_size_ - kDigest - offset));
  return *Entry(&r);  // checked by Load
}

std::string_view StatIndex::PathAt(uint32_t offset) const {
  uint32_t len = 0;
  std::memcpy(&len, data_.get() + offset, sizeof len);
  return std::string_view(data_.get() + offset + sizeof len, len);
}

std::vector<uint32_t>::const_iterator StatIndex::LowerBound(size_t from,
                                                            std::string_view path) const {
  return std::lower_bound(
      slots_.begin() + static_cast<std::ptrdiff_t>(from), slots_.end(), path,
      [this](uint32_t offset, std::string_view p) { return PathAt(offset) < p; });
}

std::optional<StatIndex::Slot> StatIndex::Lookup(std::string_view path, size_t* hint) const {
  const size_t first = released_;
  if (hint) {
    for (size_t i = std::max(*hint, first); i < slots_.size() && i < *hint + 4; ++i) {
      if (PathAt(slots_[i]) == path) {
        *hint = i + 1;
        return At(slots_[i]);
      }
    }
  }
  auto it = LowerBound(first, path);
  if (it == slots_.end() || PathAt(*it) != path) return std::nullopt;
  if (hint) *hint = static_cast<size_t>(it - slots_.begin()) + 1;
  return At(*it);
}

std::optional<std::string_view> StatIndex::Find(std::string_view path, const FileStamp& stamp,
                                                size_t* hint) const {
  const std::optional<Slot> s = Lookup(path, hint);
  if (!s || !(s->stamp == stamp)) return std::nullopt;
  return s->payload;
}

void StatIndex::Put(const std::string& path, const FileStamp& stamp, std::string payload) {
  if (!Enabled()) return;
  std::lock_guard<std::mutex> lock(mu_);
  const std::optional<Slot> known = Lookup(path);
  // (A key under no file's stamp, FileStamp(), is no file's: kept as it is.)
  const bool coarse = !stamp.FineGrained() && !(stamp == FileStamp());
  if (stamp.mtime_ns >= started_ns_ || stamp.ctime_ns >= started_ns_ || coarse) {
    // Racy: keep it out, and forget what was known.
    if (known || changes_.count(path)) {
      changes_[path] = std::nullopt;
      dirty_ = true;
    }
    return;
  }
  if (known && known->stamp == stamp && known->payload == payload) {
    if (changes_.erase(path)) dirty_ = true;
    return;
  }
  changes_[path] = std::make_pair(stamp, std::move(payload));
  dirty_ = true;
}

void StatIndex::Retain(const std::vector<std::string>& live, const std::string& under) {
  RetainSorted(live, under);
}

void StatIndex::RetainViews(const std::vector<std::string_view>& live, const std::string& under) {
  RetainSorted(live, under);
}

template <typename Path>
void StatIndex::RetainSorted(const std::vector<Path>& live, const std::string& under) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string prefix = under + "/";
  // Both sorted: one merge, not a search per entry.
  auto alive = live.begin();
  for (auto it = LowerBound(released_, prefix);
       it != slots_.end() && PathAt(*it).compare(0, prefix.size(), prefix) == 0; ++it) {
    const std::string_view path = PathAt(*it);
    while (alive != live.end() && std::string_view(*alive) < path) ++alive;
    if (alive == live.end() || std::string_view(*alive) != path) {
      auto& c = changes_[std::string(path)];
      if (c || !dirty_) dirty_ = true;
      c = std::nullopt;
    }
  }
  for (auto it = changes_.lower_bound(prefix);
       it != changes_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    if (it->second && !std::binary_search(live.begin(), live.end(), std::string_view(it->first))) {
      it->second = std::nullopt;
      dirty_ = true;
    }
  }
}

void StatIndex::ReleaseBefore(std::string_view path) {
  std::lock_guard<std::mutex> lock(mu_);
  const size_t from = released_;
  const auto it = path.empty() ? slots_.end() : LowerBound(from, path);
  const size_t to = static_cast<size_t>(it - slots_.begin());
  if (to == from) return;
  released_ = to;  // before the bytes go: lookups no longer reach them
  auto entry = [this](size_t i) -> const char* {
    return data_.get() + (i < slots_.size() ? slots_[i] : data_size_ - kDigest);
  };
  ReleasePages(entry(from), entry(to), data_.get());
  ReleasePages(slots_.data() + from, slots_.data() + to, slots_.data());
}

void StatIndex::ReleasePages(const void* begin, const void* end, const void* floor) {
  // Whole pages only, from the page `begin` lies in (what came before it in
  // that page was released before, or is before `floor`) to the page `end`
  // lies in; never the page `floor` starts in (a buffer from malloc has its header there).
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t first = (reinterpret_cast<uintptr_t>(floor) + page - 1) & ~(page - 1);
  const uintptr_t lo = std::max(first, reinterpret_cast<uintptr_t>(begin) & ~(page - 1));
  const uintptr_t hi = reinterpret_cast<uintptr_t>(end) & ~(page - 1);
  if (hi > lo) ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
}

void StatIndex::Save() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!dirty_ || !Enabled()) return;
  if (released_ > 0) {
    // The entries released are merged from the file read again, when it
    // is still the one read (another reader may have saved meanwhile).
    const std::string digest = digest_;
    if (!Load() || digest_ != digest) return;
  }
  // Merges the sorted entries read with the sorted changes.
  std::string out;
  out.reserve(data_size_ + changes_.size() * 256 + kMagic.size() + kDigest);
  out.append(kMagic);
  auto put = [&out](std::string_view path, const FileStamp& s, std::string_view payload) {
    index_bytes::PutStr(&out, path);
    PutInt(&out, s.size);
    PutInt(&out, s.ino);
    PutInt(&out, s.mtime_ns);
    PutInt(&out, s.ctime_ns);
    PutInt(&out, s.mode);
    index_bytes::PutStr(&out, payload);
  };
  auto slot = slots_.begin();
  auto change = changes_.begin();
  while (slot != slots_.end() || change != changes_.end()) {
    if (change == changes_.end() || (slot != slots_.end() && PathAt(*slot) < change->first)) {
      const Slot s = At(*slot);
      put(s.path, s.stamp, s.payload);
      ++slot;
      continue;
    }
    if (slot != slots_.end() && PathAt(*slot) == change->first) ++slot;  // replaced or forgotten
    if (change->second) put(change->first, change->second->first, change->second->second);
    ++change;
  }
  out.append(crypto::Sha256Hex(out));
  // Several readers may save at once: each writes its own temporary file and
  // the last rename wins, a whole index either way.
  const std::string tmp = file_ + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool written = WriteFully(fd, out.data(), out.size());
  const bool ok = ::close(fd) == 0 && written;
  if (!ok || ::rename(tmp.c_str(), file_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return;
  }
  dirty_ = false;
}

Result<std::vector<std::string>> ListRegularFiles(const std::string& root, const std::string& dir) {
  auto list = FileList::Of(root, dir);
  if (!list) return list.error();
  std::vector<std::string> out;
  out.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) out.emplace_back(list->Path(i));
  return out;
}

}  // namespace dossier
