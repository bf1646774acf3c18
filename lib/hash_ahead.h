// Evidence hashed ahead of the artifacts that name it: `dossier verify`
// hashes the small regular files under evidence/ while the snapshot loads,
// so that both cores are busy the whole time, and then matches each
// artifact to its file's digest. Private to lib/.
//
// A shortcut that can only confirm, never judge: a file is hashed ahead only
// when one read of fewer bytes than asked returned it (a regular file read
// short is at its end; no fstat, which is a quarter of the system calls per
// file), and a digest is used only when it equals the artifact's recorded
// SHA-256. Everything else (no such file listed, empty, large, unreadable,
// a digest that differs) is hashed again by the slow path, which says why.
//
// The files are read in runs through io_uring (lib/uring/: an open, one read
// and a close per file, a run per system call), up to 16 KiB each; a file
// that fills that, or that the ring could not read without waiting, is read
// again the classic way (one read of up to 1 MiB). A thread's first run is
// read the classic way, and so is the run after one of mostly larger files:
// the ring is made only once small files are met. All of them are read the
// classic way when there is no ring (DOSSIER_IO_URING=0, or none to be had);
// DOSSIER_IO_URING=always sends every run through it (for tests). Runs get
// shorter towards the end, so that the threads finish together.
#ifndef DOSSIER_LIB_HASH_AHEAD_H_
#define DOSSIER_LIB_HASH_AHEAD_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "file_list.h"
#include "workers.h"

namespace dossier {

namespace crypto {
class Sha256;
}  // namespace crypto
namespace uring {
class SmallReads;
struct SmallRead;
}  // namespace uring

class HashAhead {
 public:
  // Starts listing the regular files under evidence/ of the work tree at
  // `root` (links never followed; each folder's entries kept in the listing
  // cache `listing_file`, FileList::Of) and hashing them on one more thread.
  HashAhead(std::string root, std::string listing_file);
  // Stops and waits for the thread.
  ~HashAhead();
  HashAhead(const HashAhead&) = delete;
  HashAhead& operator=(const HashAhead&) = delete;

  // Once the artifacts are known: hashes, on every core, the files still
  // waiting that a path in `filed` (sorted) names (the others, unfiled, are
  // passed over), and returns when none waits.
  void Finish(const std::vector<std::string_view>& filed);

  // The symbolic links under evidence/ (repository-relative paths, sorted)
  // found while listing it, once it is listed; nullptr when it could not be
  // listed whole or is not a folder (the caller then looks for itself).
  const std::vector<std::string>* Links();

  // After Finish: the SHA-256 of `path` hashed ahead (crypto::kSha256Bytes
  // bytes), or nullptr when it was not (the caller hashes it itself).
  // `bytes` gets its size. `hint`: the caller's place in the list (0 at
  // first), looked at first.
  const unsigned char* Digest(std::string_view path, uint64_t* bytes, size_t* hint) const;

 private:
  class Folders;
  void List();
  void Work();
  // The next files for this thread to hash, [*first, *end); false when none
  // are left.
  bool TakeRun(size_t* first, size_t* end);
  // Reads the files `run` names through `ring`, each from its folder open in
  // `folders`, into `slots`; hashes those read whole with `h` and leaves the
  // others in `run`. False when the ring failed (then `run` is as it was).
  bool ReadRun(uring::SmallReads* ring, Folders* folders, unsigned char* slots,
               std::vector<size_t>* run, std::vector<uring::SmallRead>* reads, crypto::Sha256* h);
  // Hashes file `i` when one read of `buffer` (kBuffer bytes) gives it whole;
  // returns the bytes read (0: none).
  size_t HashOne(size_t i, int dir_fd, unsigned char* buffer, crypto::Sha256* h);
  void Hashed(size_t i, const unsigned char* bytes, size_t size, crypto::Sha256* h);

  const std::string root_;
  const std::string listing_file_;
  bool ring_always_ = false;  // DOSSIER_IO_URING=always
  const size_t share_;        // runs shorten to a share_-th of what is left (TakeRun)
  FileList files_;            // listed, sorted
  std::unique_ptr<unsigned char[]> digests_;  // kSha256Bytes per file, where hashed
  std::vector<uint64_t> sizes_;               // per file, 0 = not hashed ahead
  std::atomic<size_t> next_{0};               // the next run of files to take
  std::atomic<bool> stop_{false};             // destroyed early: take no more
  std::atomic<const std::vector<std::string_view>*> filed_{nullptr};  // set by Finish
  std::mutex mu_;
  std::condition_variable listed_cv_;
  bool listed_ = false;  // files_ is final (under mu_)
  std::vector<std::string> links_;
  bool links_whole_ = false;  // links_ is every link under evidence/ (final with files_)
  std::thread thread_;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_HASH_AHEAD_H_
