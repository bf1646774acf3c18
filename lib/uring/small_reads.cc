// io_uring for many small files: see small_reads.h.
#include "uring/small_reads.h"

#include <fcntl.h>
#include <liburing.h>
#include <linux/openat2.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dossier::uring {

namespace {
// user_data of a chain's steps: the file's place in the batch, times 4, plus the step.
enum Step : uint64_t { kOpen = 1, kRead = 2, kClose = 3 };
constexpr unsigned kStepsPerFile = 3;
}  // namespace

// A ring set up (io_uring_queue_init succeeded), torn down with its owner.
struct SmallReads::Ring {
  io_uring ring;
  ~Ring() { io_uring_queue_exit(&ring); }
};

SmallReads::SmallReads(std::unique_ptr<Ring> ring) : ring_(std::move(ring)) {}
SmallReads::~SmallReads() = default;

std::unique_ptr<SmallReads> SmallReads::Make() {
  if (const char* env = std::getenv("DOSSIER_IO_URING"); env && std::strcmp(env, "0") == 0) {
    return nullptr;
  }
  io_uring ring;
  const unsigned entries = kMaxBatch * kStepsPerFile;
  // Every chain submitted even when one fails; completions handled only when
  // this thread asks (it is the only one that submits).
  int err = io_uring_queue_init(
      entries, &ring,
      IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER);
  if (err == -EINVAL) err = io_uring_queue_init(entries, &ring, 0);  // an older kernel
  if (err < 0) return nullptr;  // nothing set up, nothing to tear down
  auto owned = std::make_unique<Ring>();
  owned->ring = ring;
  std::unique_ptr<SmallReads> reads(new SmallReads(std::move(owned)));
  // One descriptor slot per file of a batch, private to the ring: no entry
  // in the process's table, no locking it.
  if (io_uring_register_files_sparse(&reads->ring_->ring, kMaxBatch) < 0) return nullptr;
  return reads;
}

bool SmallReads::Read(SmallRead* reads, size_t count) {
  io_uring* ring = &ring_->ring;
  // RESOLVE_NO_SYMLINKS: no link anywhere on the path, as O_NOFOLLOW for the
  // last part; O_NONBLOCK: a FIFO put in a file's place opens at once.
  static const open_how kHow = {O_RDONLY | O_NOFOLLOW | O_NONBLOCK, 0,
                                RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH};
  for (size_t k = 0; k < count; ++k) {
    SmallRead& r = reads[k];
    r.result = -ECANCELED;  // until the open's or the read's completion says otherwise
    io_uring_sqe* open = io_uring_get_sqe(ring);
    io_uring_prep_openat2_direct(open, r.dir_fd, r.path, const_cast<open_how*>(&kHow),
                                 static_cast<unsigned>(k));
    open->flags |= IOSQE_IO_LINK;  // no read or close without the open
    open->user_data = k * 4 + kOpen;
    io_uring_sqe* read = io_uring_get_sqe(ring);
    io_uring_prep_read(read, static_cast<int>(k), r.buffer, r.capacity, 0);
    // RWF_NOWAIT: an error, never a wait (io_uring would otherwise poll a
    // FIFO with a writer for ever, O_NONBLOCK or not).
    read->rw_flags = RWF_NOWAIT;
    read->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;  // closed even when the read fails
    read->user_data = k * 4 + kRead;
    io_uring_sqe* close = io_uring_get_sqe(ring);
    io_uring_prep_close_direct(close, static_cast<unsigned>(k));
    close->user_data = k * 4 + kClose;
  }
  const unsigned expected = static_cast<unsigned>(count) * kStepsPerFile;
  int submitted;
  do {
    submitted = io_uring_submit_and_wait(ring, expected);
  } while (submitted == -EINTR);
  // An error submitted nothing (the kernel says how many it took when it
  // took any). Whatever was taken is waited for, failure or not: a request
  // still in flight would write into a buffer the caller reuses.
  if (submitted < 0) return false;
  for (unsigned seen = 0; seen < static_cast<unsigned>(submitted);) {
    io_uring_cqe* cqe;
    const int err = io_uring_wait_cqe(ring, &cqe);
    if (err == -EINTR) continue;
    if (err < 0) return false;  // the ring itself is broken: nothing more to wait for
    const size_t k = cqe->user_data / 4;
    const uint64_t step = cqe->user_data % 4;
    if (k < count) {
      // The open's error, or the read's result: a read cancelled because the
      // open failed keeps the open's error.
      if (step == kOpen && cqe->res < 0) reads[k].result = cqe->res;
      if (step == kRead && cqe->res != -ECANCELED) reads[k].result = cqe->res;
    }
    io_uring_cqe_seen(ring, cqe);
    ++seen;
  }
  return static_cast<unsigned>(submitted) == expected;
}

}  // namespace dossier::uring
