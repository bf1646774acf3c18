// Evidence hashed ahead of the artifacts that name it: see hash_ahead.h.
#include "hash_ahead.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

HashAhead::HashAhead(std::string root) : root_(std::move(root)) {
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
  std::vector<std::string> files;
  struct stat st;
  if (::lstat((root_ + "/" + layout::kEvidenceDir).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    if (auto listed = ListRegularFiles(root_, layout::kEvidenceDir)) files = std::move(*listed);
  }
  std::lock_guard<std::mutex> lock(mu_);
  files_ = std::move(files);
  digests_.resize(files_.size());
  sizes_.resize(files_.size());
  listed_ = true;
  listed_cv_.notify_all();
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

void HashAhead::Work() {
  // Not zeroed: only what read() wrote is ever looked at.
  const std::unique_ptr<unsigned char[]> buffer(new unsigned char[kBuffer]);
  // The ring's buffers, kSlot bytes per file of a run; made only with a ring.
  std::unique_ptr<unsigned char[]> slots;
  // Destroyed before `slots`, which its reads write.
  std::unique_ptr<uring::SmallReads> ring;
  int root_fd = -1;
  if ((ring = uring::SmallReads::Make())) {
    slots.reset(new unsigned char[kRun * kSlot]);
    root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) ring.reset();
  }
  std::vector<size_t> run;  // the files of a run still to hash
  std::vector<uring::SmallRead> reads;
  int dir_fd = -1;
  std::string_view dir;  // the folder open as dir_fd
  for (size_t first; !stop_ && (first = next_.fetch_add(kRun)) < files_.size();) {
    run.clear();
    for (size_t i = first; i < std::min(files_.size(), first + kRun); ++i) {
      // Once the artifacts are known, files no artifact names are not read.
      const auto* filed = filed_.load();
      if (!filed || std::binary_search(filed->begin(), filed->end(), std::string_view(files_[i]))) {
        run.push_back(i);
      }
    }
    if (ring && !ReadRun(ring.get(), root_fd, slots.get(), &run, &reads)) ring.reset();
    for (const size_t i : run) {
      const std::string& path = files_[i];
      const std::string_view folder = std::string_view(path).substr(0, path.rfind('/'));
      if (dir_fd < 0 || folder != dir) {
        if (dir_fd >= 0) ::close(dir_fd);
        dir = folder;
        dir_fd = ::open((root_ + "/" + std::string(folder)).c_str(),
                        O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      }
      if (dir_fd >= 0) HashOne(i, dir_fd, buffer.get());
    }
  }
  if (dir_fd >= 0) ::close(dir_fd);
  if (root_fd >= 0) ::close(root_fd);
}

bool HashAhead::ReadRun(uring::SmallReads* ring, int root_fd, unsigned char* slots,
                        std::vector<size_t>* run, std::vector<uring::SmallRead>* reads) {
  reads->resize(run->size());
  for (size_t k = 0; k < run->size(); ++k) {
    (*reads)[k] = uring::SmallRead{root_fd, files_[(*run)[k]].c_str(), slots + k * kSlot, kSlot};
  }
  if (!ring->Read(reads->data(), reads->size())) return false;
  // What one read gave whole is hashed; the rest (failed, empty, filling its
  // slot, or a read that would have waited) is read again the classic way.
  size_t left = 0;
  for (size_t k = 0; k < run->size(); ++k) {
    const int n = (*reads)[k].result;
    if (n > 0 && static_cast<uint32_t>(n) < kSlot) {
      Hashed((*run)[k], (*reads)[k].buffer, static_cast<size_t>(n));
    } else {
      (*run)[left++] = (*run)[k];
    }
  }
  run->resize(left);
  return true;
}

void HashAhead::Hashed(size_t i, const unsigned char* bytes, size_t size) {
  digests_[i] = crypto::Sha256Hex(std::string_view(reinterpret_cast<const char*>(bytes), size));
  sizes_[i] = static_cast<uint64_t>(size);
}

void HashAhead::HashOne(size_t i, int dir_fd, unsigned char* buffer) {
  const std::string& path = files_[i];
  // Listed as a regular file; swapped for a FIFO or a device meanwhile, it
  // must not block (O_NONBLOCK) or be read for ever (one bounded read).
  const int fd = ::openat(dir_fd, path.c_str() + path.rfind('/') + 1,
                          O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t n;
  do {
    n = ::read(fd, buffer, kBuffer);
  } while (n < 0 && errno == EINTR);
  ::close(fd);
  // Empty (or a FIFO without a writer), filling the buffer, unreadable: the
  // slow path's, which fstats and reads to the end.
  if (n <= 0 || static_cast<size_t>(n) >= kBuffer) return;
  Hashed(i, buffer, static_cast<size_t>(n));
}

const std::string* HashAhead::Digest(std::string_view path, uint64_t* bytes) const {
  auto it = std::lower_bound(files_.begin(), files_.end(), path);
  if (it == files_.end() || *it != path) return nullptr;
  const size_t i = static_cast<size_t>(it - files_.begin());
  if (digests_[i].empty()) return nullptr;
  *bytes = sizes_[i];
  return &digests_[i];
}

}  // namespace dossier
