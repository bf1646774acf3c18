// The repository lock (.git/dossier.lock) every mutating command holds, on
// its own so that commands which do not write entity files (sync) can hold
// it without a Transaction. Private to lib/.
#ifndef DOSSIER_LIB_REPO_LOCK_H_
#define DOSSIER_LIB_REPO_LOCK_H_

#include <string>

#include "dossier/result.h"

namespace dossier {

class RepoLock {
 public:
  // Takes GIT_DIR/dossier.lock: an operational error naming the holder when
  // another live command has it; a lock left by a killed command is taken over.
  static Result<RepoLock> Acquire(const std::string& git_dir);
  RepoLock(RepoLock&&) noexcept;
  RepoLock& operator=(RepoLock&&) = delete;
  RepoLock(const RepoLock&) = delete;
  ~RepoLock();  // releases the lock

  const std::string& path() const { return path_; }

 private:
  explicit RepoLock(std::string path) : path_(std::move(path)) {}
  std::string path_;
  bool held_ = false;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_REPO_LOCK_H_
