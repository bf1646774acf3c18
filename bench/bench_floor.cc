// The floor under `dossier verify` on many small files: only the system calls
// it cannot do without, and nothing else (no hashing, no decoding), timed in
// this process. Per artifact: one fstatat of its entity file (the derived
// index is trusted only while that file's stat data is unchanged), then
// openat, fstat, read and close of its evidence file (every byte hashed,
// every time). sha256sum -c makes about the same calls per file, so where
// this floor is near sha256sum's time, no verify can be much faster than it.
//
//   bench_floor ROOT THREADS [uring]   ROOT an evidence repository made by bench_corpus
//
// With `uring`, the evidence files are opened, read and closed through
// io_uring, 64 per system call, as verify reads them (lib/uring/); the
// entity files are stat'ed as before.
//
// Prints the wall seconds. The evidence files are those in evidence/bulk, each
// with its entity file dossier/artifacts/<name less .txt>.json.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "uring/small_reads.h"

namespace {

std::vector<std::string> Names(int dir_fd) {
  std::vector<std::string> names;
  const int fd = ::dup(dir_fd);
  DIR* d = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (!d) return names;
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);
  }
  ::closedir(d);
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  const bool uring = argc == 4 && std::string(argv[3]) == "uring";
  if (argc != 3 && !uring) {
    std::fprintf(stderr, "usage: bench_floor ROOT THREADS [uring]\n");
    return 2;
  }
  const std::string root = argv[1];
  const int threads = std::max(1, std::atoi(argv[2]));
  const int evidence = ::open((root + "/evidence/bulk").c_str(), O_RDONLY | O_DIRECTORY);
  const int entities = ::open((root + "/dossier/artifacts").c_str(), O_RDONLY | O_DIRECTORY);
  if (evidence < 0 || entities < 0) {
    std::fprintf(stderr, "bench_floor: %s has no evidence/bulk or dossier/artifacts\n",
                 root.c_str());
    return 2;
  }
  const std::vector<std::string> names = Names(evidence);
  std::atomic<size_t> next{0};
  std::atomic<size_t> missing{0};
  constexpr size_t kRun = dossier::uring::SmallReads::kMaxBatch;
  constexpr uint32_t kSlot = 1 << 14;
  auto work = [&]() {
    std::vector<char> buffer(1 << 16);
    std::string entity;
    std::unique_ptr<dossier::uring::SmallReads> ring;
    std::vector<unsigned char> slots;
    std::vector<dossier::uring::SmallRead> reads;
    if (uring) {
      ring = dossier::uring::SmallReads::Make();
      if (!ring) ++missing;
      slots.resize(kRun * kSlot);
    }
    for (size_t i; (i = next.fetch_add(kRun)) < names.size();) {
      reads.clear();
      for (size_t k = i; k < std::min(names.size(), i + kRun); ++k) {
        const std::string& name = names[k];
        entity.assign(name, 0, name.rfind('.')).append(".json");
        struct stat st;
        if (::fstatat(entities, entity.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) ++missing;
        if (ring) {
          reads.push_back({evidence, name.c_str(), slots.data() + reads.size() * kSlot, kSlot});
          continue;
        }
        const int fd = ::openat(evidence, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
          ++missing;
          continue;
        }
        if (::fstat(fd, &st) == 0 && ::read(fd, buffer.data(), buffer.size()) < 0) ++missing;
        ::close(fd);
      }
      if (ring && !ring->Read(reads.data(), reads.size())) ++missing;
      for (const auto& r : reads) {
        // A read that would have waited (EAGAIN: a page busy) is read again
        // the classic way, as verify does.
        const int fd = r.result == -EAGAIN ? ::openat(evidence, r.path, O_RDONLY | O_CLOEXEC) : -1;
        if (fd >= 0) {
          if (::read(fd, buffer.data(), buffer.size()) < 0) ++missing;
          ::close(fd);
        } else if (r.result < 0) {
          ++missing;
        }
      }
    }
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (missing) {
    std::fprintf(stderr, "bench_floor: %zu files missing or unreadable\n", missing.load());
    return 3;
  }
  std::printf("%.3f\n", took.count());
  return 0;
}
