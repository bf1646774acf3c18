// Evidence hashed ahead of the artifacts that name it: see hash_ahead.h.
#include "hash_ahead.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <system_error>

#include "crypto/sha256.h"
#include "dossier/repository.h"
#include "index.h"
#include "uring/small_reads.h"
#include "workers.h"

namespace dossier {

namespace {
constexpr size_t kRun = uring::SmallReads::kMaxBatch;  // files taken at once
constexpr size_t kBuffer = size_t{1} << 20;  // a file this size or larger is the slow path's
// Read through the ring: this much per file (a file filling it is read again
// the classic way, up to kBuffer).
constexpr uint32_t kSlot = uint32_t{16} << 10;
}  // namespace

HashAhead::HashAhead(std::string root, std::string listing_file)
    : root_(std::move(root)),
      listing_file_(std::move(listing_file)),
      share_(2 * size_t{CoresUpTo(16)}) {
  if (const char* v = std::getenv("DOSSIER_IO_URING")) ring_always_ = std::strcmp(v, "always") == 0;
  try {
    thread_ = std::thread([this] {
      List();
      Work();
    });
  } catch (const std::system_error&) {
    // No thread: Finish lists and hashes on the cores it has.
  }
}

HashAhead::~HashAhead() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void HashAhead::List() {
  // A folder that cannot be listed leaves its files to the slow path, which
  // reports them one by one; so does evidence/ as a link (nothing is hashed
  // through it).
  FileList files;
  std::vector<std::string> links;
  bool whole = false;
  struct stat st;
  if (::lstat((root_ + "/" + layout::kEvidenceDir).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    std::unique_ptr<StatIndex> cache;
    if (StatIndex::Enabled()) cache = StatIndex::Open(listing_file_);
    if (auto listed = FileList::Of(root_, layout::kEvidenceDir, cache.get(), &links)) {
      files = std::move(*listed);
      whole = true;
      if (cache) cache->Save();
    }
  }
  // Not zeroed: a digest is read only where its size says it was written.
  std::unique_ptr<unsigned char[]> digests(new unsigned char[files.size() * crypto::kSha256Bytes]);
  std::lock_guard<std::mutex> lock(mu_);
  files_ = std::move(files);
  digests_ = std::move(digests);
  sizes_.resize(files_.size());
  links_ = std::move(links);
  links_whole_ = whole;
  listed_ = true;
  listed_cv_.notify_all();
}

const std::vector<std::string>* HashAhead::Links() {
  if (!thread_.joinable()) return nullptr;  // listed by Finish, after the caller needs them
  std::unique_lock<std::mutex> lock(mu_);
  listed_cv_.wait(lock, [this] { return listed_; });
  return links_whole_ ? &links_ : nullptr;
}

void HashAhead::Finish(const std::vector<std::string_view>& filed) {
  filed_ = &filed;
  if (!thread_.joinable()) List();
  {
    std::unique_lock<std::mutex> lock(mu_);
    listed_cv_.wait(lock, [this] { return listed_; });
  }
  const unsigned cores = CoresUpTo(16);
  RunOnThreads(thread_.joinable() && cores > 1 ? cores - 1 : cores, [this] { Work(); });
  if (thread_.joinable()) thread_.join();
}

// The folders of one thread's files, open (links followed to them, as the
// digests only confirm: the slow path checks the links): the current one
// kept from run to run, the others a run opened closed after it, when the
// ring no longer reads from them.
class HashAhead::Folders {
 public:
  Folders(const std::string& root, const FileList& files) : root_(root), files_(files) {}
  ~Folders() {
    EndRun();
    if (fd_ >= 0) ::close(fd_);
  }
  Folders(const Folders&) = delete;
  Folders& operator=(const Folders&) = delete;

  // The folder of file `i`, or -1 when it cannot be opened.
  int Of(size_t i) {
    const uint32_t folder = files_.Folder(i);
    if (fd_ < 0 || folder != dir_) {
      if (fd_ >= 0) done_.push_back(fd_);
      dir_ = folder;
      fd_ = ::open((root_ + "/" + files_.FolderPath(folder)).c_str(),
                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    return fd_;
  }
  void EndRun() {
    for (const int fd : done_) ::close(fd);
    done_.clear();
  }

 private:
  const std::string& root_;
  const FileList& files_;
  uint32_t dir_ = 0;  // the folder open as fd_
  int fd_ = -1;
  std::vector<int> done_;  // other folders of this run
};

void HashAhead::Work() {
  // Not zeroed: only what read() wrote is ever looked at.
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[kBuffer]);
  // The ring's buffers, kSlot bytes per file of a run; made with the ring.
  std::unique_ptr<unsigned char[]> slots;
  // Made when a run of mostly small files is first met (below): files of
  // kSlot bytes or more gain nothing from it, and its slots would only be
  // more fresh memory to touch (each page a fault, dear on a virtual
  // machine). Destroyed before `slots`, which its reads write.
  std::unique_ptr<uring::SmallReads> ring;
  bool ring_tried = false;         // Make is asked once
  Folders folders(root_, files_);  // destroyed before `ring`: none is closed under a read
  crypto::Sha256 h;
  std::vector<size_t> run;  // the files of a run still to hash
  std::vector<uring::SmallRead> reads;
  // The next run: the first is read the classic way, which tells how large
  // the files are (DOSSIER_IO_URING=always: every run through the ring, so
  // that tests reach its edges with a few files).
  bool through_ring = ring_always_;
  for (size_t first, end; !stop_ && TakeRun(&first, &end);) {
    run.clear();
    // Once the artifacts are known, files no artifact names are not read
    // (both lists sorted: one search per run, then a walk).
    const auto* filed = filed_.load();
    auto named = filed ? std::lower_bound(filed->begin(), filed->end(), files_.Path(first))
                       : std::vector<std::string_view>::const_iterator();
    for (size_t i = first; i < end; ++i) {
      if (filed) {
        while (named != filed->end() && *named < files_.Path(i)) ++named;
        if (named == filed->end() || *named != files_.Path(i)) continue;
      }
      run.push_back(i);
    }
    // Files of kSlot bytes or more are read twice through the ring (its
    // slot, then the classic way): while most files of a run are that large,
    // the next run is read the classic way, whose system calls cost little
    // beside hashing them; a run of mostly smaller files goes (back) to the
    // ring, made then.
    const size_t asked = run.size();
    if (through_ring && !ring_tried) {
      ring_tried = true;
      ring = uring::SmallReads::Make();
      if (ring) slots.reset(new unsigned char[kRun * kSlot]);
    }
    if (ring && through_ring && !ReadRun(ring.get(), &folders, slots.get(), &run, &reads, &h)) {
      ring.reset();
    }
    size_t large = through_ring ? run.size() : 0;
    for (const size_t i : run) {
      const int dir_fd = folders.Of(i);
      if (dir_fd >= 0 && HashOne(i, dir_fd, buffer.get(), &h) >= kSlot && !through_ring) ++large;
    }
    through_ring = ring_always_ || 2 * large <= asked;
    folders.EndRun();
  }
}

bool HashAhead::TakeRun(size_t* first, size_t* end) {
  // Runs of kRun files, shorter towards the end (a share of what is left
  // per thread), so that the threads finish together: a last run of 64
  // large files would keep one thread hashing for some 10 ms alone.
  const size_t n = files_.size();
  size_t at = next_.load(std::memory_order_relaxed);
  size_t take;
  do {
    if (at >= n) return false;
    take = std::max<size_t>(1, std::min(kRun, (n - at) / share_));
  } while (!next_.compare_exchange_weak(at, at + take, std::memory_order_relaxed));
  *first = at;
  *end = at + take;
  return true;
}

bool HashAhead::ReadRun(uring::SmallReads* ring, Folders* folders, unsigned char* slots,
                        std::vector<size_t>* run, std::vector<uring::SmallRead>* reads,
                        crypto::Sha256* h) {
  reads->clear();
  for (size_t k = 0; k < run->size(); ++k) {
    const size_t i = (*run)[k];
    // A folder that cannot be opened: the open gives its error (EBADF).
    reads->push_back(uring::SmallRead{folders->Of(i), files_.Name(i), slots + k * kSlot, kSlot});
  }
  if (!ring->Read(reads->data(), reads->size())) return false;
  // What one read gave whole is hashed; the rest (failed, empty, filling its
  // slot, or a read that would have waited) is read again the classic way.
  size_t left = 0;
  for (size_t k = 0; k < run->size(); ++k) {
    const int n = (*reads)[k].result;
    if (n > 0 && static_cast<uint32_t>(n) < kSlot) {
      Hashed((*run)[k], (*reads)[k].buffer, static_cast<size_t>(n), h);
    } else {
      (*run)[left++] = (*run)[k];
    }
  }
  run->resize(left);
  return true;
}

void HashAhead::Hashed(size_t i, const unsigned char* bytes, size_t size, crypto::Sha256* h) {
  h->Update(bytes, size);
  h->DigestAndRestart(&digests_[i * crypto::kSha256Bytes]);
  sizes_[i] = static_cast<uint64_t>(size);  // not 0: Hashed is never given an empty file
}

size_t HashAhead::HashOne(size_t i, int dir_fd, unsigned char* buffer, crypto::Sha256* h) {
  // Listed as a regular file; swapped for a FIFO or a device meanwhile, it
  // must not block (O_NONBLOCK) or be read for ever (one bounded read).
  const int fd = ::openat(dir_fd, files_.Name(i), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n;
  do {
    n = ::read(fd, buffer, kBuffer);
  } while (n < 0 && errno == EINTR);
  ::close(fd);
  // Empty (or a FIFO without a writer), filling the buffer, unreadable: the
  // slow path's, which fstats and reads to the end.
  if (n <= 0) return 0;
  if (static_cast<size_t>(n) < kBuffer) Hashed(i, buffer, static_cast<size_t>(n), h);
  return static_cast<size_t>(n);
}

const unsigned char* HashAhead::Digest(std::string_view path, uint64_t* bytes, size_t* hint) const {
  size_t i = *hint;
  if (i >= files_.size() || files_.Path(i) != path) {
    i = files_.Find(path);
    if (i == files_.size()) return nullptr;
  }
  *hint = i + 1;  // the next path asked for is most often the next file
  if (sizes_[i] == 0) return nullptr;
  *bytes = sizes_[i];
  return &digests_[i * crypto::kSha256Bytes];
}

}  // namespace dossier
