// Many small files read whole with few system calls, through io_uring: per
// file a linked chain open -> read -> close into one of the ring's own
// descriptor slots, a batch of chains per io_uring_enter, instead of four
// system calls per file (each ~1.6 us on a virtual machine). liburing only
// here. Private to lib/.
//
// io_uring may be missing at run time (an old kernel, seccomp in a container,
// kernel.io_uring_disabled, no memory for the ring): Make then says so and
// the caller reads the classic way, as it does when DOSSIER_IO_URING=0.
#ifndef DOSSIER_LIB_URING_SMALL_READS_H_
#define DOSSIER_LIB_URING_SMALL_READS_H_

#include <cstddef>
#include <cstdint>
#include <memory>

namespace dossier::uring {

// One file to read.
struct SmallRead {
  int dir_fd = -1;                  // `path` is relative to this folder
  const char* path = nullptr;       // no link followed on the way, none of it outside dir_fd
  unsigned char* buffer = nullptr;  // `capacity` bytes
  uint32_t capacity = 0;
  // After Read: the bytes one read gave (fewer than `capacity`: the whole
  // of a regular file), or -errno from the open or the read. A read that
  // would wait (a pipe, a device, a page not in memory) fails instead.
  int result = 0;
};

class SmallReads {
 public:
  static constexpr size_t kMaxBatch = 64;  // files per Read

  // A ring for this thread (it must be used on the thread that made it), or
  // nullptr when io_uring cannot be used here or DOSSIER_IO_URING=0.
  static std::unique_ptr<SmallReads> Make();
  ~SmallReads();
  SmallReads(const SmallReads&) = delete;
  SmallReads& operator=(const SmallReads&) = delete;

  // Opens (read-only, without following links or waiting), reads once and
  // closes each of `reads` (at most kMaxBatch), and returns when all are
  // done. False when the ring itself failed: the results are then not set,
  // and the ring is not to be used again. Either way every request the
  // kernel took is done first (none writes into a buffer afterwards), unless
  // waiting itself failed.
  bool Read(SmallRead* reads, size_t count);

 private:
  struct Ring;
  explicit SmallReads(std::unique_ptr<Ring> ring);
  std::unique_ptr<Ring> ring_;
};

}  // namespace dossier::uring

#endif  // DOSSIER_LIB_URING_SMALL_READS_H_
