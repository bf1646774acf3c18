#include "repo_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace dossier {
namespace {

// The repository lock. The lock file holds its holder's pid from the moment
// it exists: the pid is written to a private file that is then hard-linked
// into place, which fails atomically when a lock exists (an O_EXCL create
// would leave an empty lock for a moment, or for good if killed then).
Result<bool> TryCreateLock(const std::string& lock) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  const std::string tmp = lock + "." + std::to_string(::getpid()) + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Error::Operational("cannot create lock " + tmp + ": " + std::strerror(errno));
  const bool written = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
  ::close(fd);
  int rc = written ? ::link(tmp.c_str(), lock.c_str()) : -1;
  int err = written ? errno : EIO;
  ::unlink(tmp.c_str());
  if (rc == 0) return true;
  if (err == EEXIST) return false;
  if (err == EPERM || err == ENOTSUP || err == ENOSYS) {
    // A file system without hard links: fall back to an exclusive create.
    fd = ::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) return false;
    if (fd < 0) err = errno;
    if (fd >= 0) {
      const bool ok = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size());
      ::close(fd);
      if (ok) return true;
      ::unlink(lock.c_str());
      err = EIO;
    }
  }
  return Error::Operational("cannot create lock " + lock + ": " + std::strerror(err));
}

// A lock whose process is gone was left by a killed command and may be taken
// over. Checking and removing it happen under an flock of the .git folder,
// so two commands that find the same stale lock cannot both remove it. The
// lock is removed only if the file at the path is still the one whose pid
// was read: a holder that finished meanwhile has removed its own lock, and
// the path may already hold the next command's fresh one, which must stay.
// Returns the live holder's pid, or 0 when the lock is gone or was stale and
// removed.
Result<long> RemoveLockIfStale(const std::string& git_dir, const std::string& lock) {
  int dir = ::open(git_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return Error::Operational("cannot open " + git_dir + ": " + std::strerror(errno));
  while (::flock(dir, LOCK_EX) != 0 && errno == EINTR) {
  }
  long holder = 0;
  bool exists = false;
  struct stat read_st {};
  int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    exists = ::fstat(fd, &read_st) == 0;
    char buf[32] = {};
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    if (n > 0) holder = std::strtol(buf, nullptr, 10);
    ::close(fd);
  }
  const bool alive = holder > 0 && (::kill(static_cast<pid_t>(holder), 0) == 0 || errno == EPERM);
  if (exists && !alive) {
    struct stat now {};
    if (::stat(lock.c_str(), &now) == 0 && now.st_dev == read_st.st_dev &&
        now.st_ino == read_st.st_ino) {
      ::unlink(lock.c_str());
    }
  }
  ::close(dir);  // releases the flock
  return exists && alive ? holder : 0L;
}

}  // namespace

RepoLock::RepoLock(RepoLock&& o) noexcept : path_(std::move(o.path_)), held_(o.held_) {
  o.held_ = false;
}

RepoLock::~RepoLock() {
  if (held_) ::unlink(path_.c_str());
}

Result<RepoLock> RepoLock::Acquire(const std::string& git_dir) {
  RepoLock lock(git_dir + "/dossier.lock");
  for (int attempt = 0; attempt < 3 && !lock.held_; ++attempt) {
    auto created = TryCreateLock(lock.path_);
    if (!created) return created.error();
    if (*created) {
      lock.held_ = true;
      break;
    }
    auto holder = RemoveLockIfStale(git_dir, lock.path_);
    if (!holder) return holder.error();
    if (*holder > 0) {
      return Error::Operational("another dossier command (pid " + std::to_string(*holder) +
                                ") is changing this repository; lock " + lock.path_ +
                                " is held. Try again when it has finished.");
    }
  }
  if (!lock.held_) return Error::Operational("cannot take lock " + lock.path_);
  return lock;
}

}  // namespace dossier
