// lib/uring/: many small files read whole through io_uring give what one
// classic open (O_RDONLY | O_NOFOLLOW | O_NONBLOCK) and read give, or the
// error of the step that failed; nothing waits (a named pipe with a writer,
// which io_uring would otherwise poll for ever), no link is followed, and a
// batch's descriptor slots are free again for the next batch whatever failed.
#define BOOST_TEST_MODULE small_reads_test
#include "uring/small_reads.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::TempDir;
using dossier::test::WriteFile;
using dossier::uring::SmallRead;
using dossier::uring::SmallReads;

namespace {

constexpr uint32_t kCapacity = 64;

// Whether this kernel lets a process set up a ring at all (an old kernel,
// seccomp or kernel.io_uring_disabled may not): then Make must give one.
bool KernelHasIoUring() {
  struct {
    unsigned words[30] = {};  // struct io_uring_params, zeroed, with room to spare
  } params;
  const long fd = ::syscall(__NR_io_uring_setup, 4, &params);
  if (fd < 0) return false;
  ::close(static_cast<int>(fd));
  return true;
}

std::unique_ptr<SmallReads> Ring() {
  ::unsetenv("DOSSIER_IO_URING");
  auto ring = SmallReads::Make();
  if (KernelHasIoUring()) BOOST_REQUIRE(ring);
  return ring;
}

// `paths` under `dir` read in one batch: per path, the bytes or "-errno".
std::vector<std::string> ReadAll(SmallReads* ring, const std::string& dir,
                                 const std::vector<std::string>& paths) {
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  BOOST_REQUIRE(dir_fd >= 0);
  std::vector<std::vector<unsigned char>> buffers(paths.size(),
                                                  std::vector<unsigned char>(kCapacity));
  std::vector<SmallRead> reads;
  for (size_t k = 0; k < paths.size(); ++k) {
    reads.push_back(SmallRead{dir_fd, paths[k].c_str(), buffers[k].data(), kCapacity});
  }
  BOOST_REQUIRE(ring->Read(reads.data(), reads.size()));
  ::close(dir_fd);
  std::vector<std::string> out;
  for (const auto& r : reads) {
    out.push_back(r.result < 0 ? "-" + std::to_string(-r.result)
                               : std::string(reinterpret_cast<const char*>(r.buffer),
                                             static_cast<size_t>(r.result)));
  }
  return out;
}

std::string Errno(int e) { return "-" + std::to_string(e); }

// A folder opens, and its read fails: not supported without waiting, or
// (on a kernel that tries) not a file.
bool FolderRead(const std::string& got) { return got == Errno(EOPNOTSUPP) || got == Errno(EISDIR); }

}  // namespace

BOOST_AUTO_TEST_SUITE(small_reads_test)

BOOST_AUTO_TEST_CASE(each_kind_of_file_gives_its_bytes_or_its_error) {
  auto ring = Ring();
  if (!ring) return;  // no io_uring on this kernel: nothing here to test
  TempDir dir;
  WriteFile(dir / "small.txt", "small\n");
  WriteFile(dir / "empty.txt", "");
  WriteFile(dir / "exact.bin", std::string(kCapacity, 'e'));
  WriteFile(dir / "longer.bin", std::string(kCapacity, 'l') + "past");
  fs::create_directories(dir / "folder/inner");
  WriteFile(dir / "folder/inner/deep.txt", "deep\n");
  fs::create_symlink(dir / "small.txt", dir / "link.txt");
  fs::create_directory_symlink(dir / "folder", dir / "linked-folder");
  BOOST_REQUIRE(::mkfifo((dir / "pipe").c_str(), 0644) == 0);
  // A writer holds the pipe open, so a read would wait for data.
  const int writer = ::open((dir / "pipe").c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  BOOST_REQUIRE(writer >= 0);
  const std::vector<std::string> paths = {"small.txt",
                                          "empty.txt",
                                          "exact.bin",
                                          "longer.bin",
                                          "folder/inner/deep.txt",
                                          "missing",
                                          "folder",
                                          "link.txt",
                                          "linked-folder/inner/deep.txt",
                                          "../outside",
                                          "small.txt/x",
                                          "pipe"};
  ::alarm(60);  // a read that waits for ever fails the test instead of hanging it
  const auto got = ReadAll(ring.get(), dir.path(), paths);
  ::alarm(0);
  ::close(writer);
  BOOST_REQUIRE_EQUAL(got.size(), paths.size());
  BOOST_TEST(got[0] == "small\n");
  BOOST_TEST(got[1] == "");
  BOOST_TEST(got[2] == std::string(kCapacity, 'e'));  // filled: the caller reads on
  BOOST_TEST(got[3] == std::string(kCapacity, 'l'));
  BOOST_TEST(got[4] == "deep\n");
  BOOST_TEST(got[5] == Errno(ENOENT));
  BOOST_TEST(FolderRead(got[6]), got[6]);
  BOOST_TEST(got[7] == Errno(ELOOP));
  BOOST_TEST(got[8] == Errno(ELOOP));  // a link on the way, not only at the end
  BOOST_TEST(got[9] == Errno(EXDEV));  // nothing outside the folder
  BOOST_TEST(got[10] == Errno(ENOTDIR));
  BOOST_TEST((got[11] == Errno(EAGAIN) || got[11] == Errno(EOPNOTSUPP)), got[11]);
}

// Failures leave no descriptor slot taken: full batches, every other file
// failing in another step, several times over, then all of them read.
BOOST_AUTO_TEST_CASE(failed_chains_leave_the_slots_free) {
  auto ring = Ring();
  if (!ring) return;
  TempDir dir;
  fs::create_directory(dir / "folder");
  std::vector<std::string> paths;
  for (size_t k = 0; k < SmallReads::kMaxBatch; ++k) {
    const std::string name = "f" + std::to_string(k);
    if (k % 3 == 0) {
      WriteFile(dir / name, name);
      paths.push_back(name);
    } else {
      paths.push_back(k % 3 == 1 ? "missing" + name : "folder");  // open fails; read fails
    }
  }
  for (int round = 0; round < 5; ++round) {
    const auto got = ReadAll(ring.get(), dir.path(), paths);
    for (size_t k = 0; k < paths.size(); ++k) {
      const bool want = k % 3 == 0   ? got[k] == paths[k]
                        : k % 3 == 1 ? got[k] == Errno(ENOENT)
                                     : FolderRead(got[k]);
      BOOST_TEST(want, "round " << round << " file " << k << ": " << got[k]);
    }
  }
  std::vector<std::string> all;
  for (size_t k = 0; k < SmallReads::kMaxBatch; ++k) {
    all.push_back("f" + std::to_string(k));
    WriteFile(dir / all.back(), all.back());
  }
  BOOST_TEST(ReadAll(ring.get(), dir.path(), all) == all);
}

BOOST_AUTO_TEST_CASE(dossier_io_uring_0_gives_no_ring) {
  ::setenv("DOSSIER_IO_URING", "0", 1);
  BOOST_TEST(!SmallReads::Make());
  ::unsetenv("DOSSIER_IO_URING");
}

BOOST_AUTO_TEST_SUITE_END()
