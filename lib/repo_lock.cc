#include "repo_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace dossier {
namespace {

// This process's command line, one line of printable text: what the lock
// file tells a waiting command about its holder.
std::string CommandLine() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return text;
}

// Who holds the lock, as its file says: "pid 123 (dossier finding open ...)".
std::string Holder(int fd) {
  char buf[512] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string text = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  const auto nl = text.find('\n');
  const std::string pid = text.substr(0, nl);
  const std::string command = nl == std::string::npos ? "" : text.substr(nl + 1);
  if (pid.empty()) return "another dossier command";
  std::string out = "another dossier command (pid " + pid;
  if (!command.empty()) out += ": " + command.substr(0, command.find('\n'));
  return out + ")";
}

Result<int> OpenLockFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error::Operational("cannot open lock " + path + ": " + std::strerror(errno));
  return fd;
}

// flock without waiting: true when taken, false when another holds it.
Result<bool> TryLock(int fd, const std::string& path) {
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return false;
    return Error::Operational("cannot lock " + path + ": " + std::strerror(errno));
  }
  return true;
}

// Writes who holds the lock into it, for the message of anyone who waits.
void WriteHolder(int fd) {
  const std::string text = std::to_string(::getpid()) + "\n" + CommandLine() + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(fd, text.data(), text.size(), 0);
  }
}

}  // namespace

RepoLock::RepoLock(RepoLock&& o) noexcept : path_(std::move(o.path_)), fd_(o.fd_) { o.fd_ = -1; }

RepoLock::~RepoLock() {
  if (fd_ < 0) return;
  // Emptied while still held, so the file never names a finished command.
  [[maybe_unused]] const int rc = ::ftruncate(fd_, 0);
  ::close(fd_);  // releases the flock
}

Result<std::optional<RepoLock>> RepoLock::TryAcquire(const std::string& git_dir) {
  const std::string path = git_dir + "/dossier.lock";
  auto fd = OpenLockFile(path);
  if (!fd) return fd.error();
  RepoLock lock(path, *fd);
  auto taken = TryLock(*fd, path);
  if (!taken) return taken.error();
  if (!*taken) return std::optional<RepoLock>();
  WriteHolder(*fd);
  return std::optional<RepoLock>(std::move(lock));
}

Result<RepoLock> RepoLock::Acquire(const std::string& git_dir, double wait_seconds) {
  const std::string path = git_dir + "/dossier.lock";
  auto fd = OpenLockFile(path);
  if (!fd) return fd.error();
  RepoLock lock(path, *fd);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(
                                           static_cast<long>(std::max(0.0, wait_seconds) * 1000));
  // Polled rather than a blocking flock: a blocking call cannot be given a
  // deadline without signals, which a library must not take over. Short
  // sleeps first, as most commands hold the lock for a fraction of a second.
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    auto taken = TryLock(*fd, path);
    if (!taken) return taken.error();
    if (*taken) break;
    const auto now = Clock::now();
    if (now >= deadline) {
      std::ostringstream waited;
      waited << wait_seconds;
      return Error::Operational(
          Holder(*fd) + " is changing this repository and still holds its lock " + path +
          " after " + waited.str() + " s; try again when it has finished, or wait longer with " +
          "--wait SECONDS");
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  WriteHolder(*fd);
  return lock;
}

}  // namespace dossier
