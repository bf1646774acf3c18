// The repository lock every mutating command holds for its whole life
// (doc/architecture.md, "Transactions"): an OS lock (flock) on
// GIT_DIR/dossier.lock, on its own so that commands which do not write entity
// files (sync) can hold it without a Transaction. Private to lib/.
//
// The kernel releases the lock when its holder exits, however it exits, so
// there is no stale lock to detect and nothing is ever taken over by pid. The
// file itself stays (removing it would let two commands lock two different
// files); while held it names the holder (pid and command line), for the
// message of whoever has to wait, never for a decision.
#ifndef DOSSIER_LIB_REPO_LOCK_H_
#define DOSSIER_LIB_REPO_LOCK_H_

#include <optional>
#include <string>

#include "dossier/result.h"

namespace dossier {

class RepoLock {
 public:
  // How long a writer waits for the lock when neither --wait nor dossier.ini
  // says otherwise.
  static constexpr double kDefaultWaitSeconds = 10;

  // Takes GIT_DIR/dossier.lock, waiting up to `wait_seconds` for another
  // command to release it; after that, an operational error naming the
  // holder. 0 tries once.
  static Result<RepoLock> Acquire(const std::string& git_dir, double wait_seconds);
  // Takes the lock when it is free; nullopt when another command holds it.
  static Result<std::optional<RepoLock>> TryAcquire(const std::string& git_dir);

  RepoLock(RepoLock&&) noexcept;
  RepoLock& operator=(RepoLock&&) = delete;
  RepoLock(const RepoLock&) = delete;
  ~RepoLock();  // releases the lock

  const std::string& path() const { return path_; }

 private:
  RepoLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_REPO_LOCK_H_
