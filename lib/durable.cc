#include "durable.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace dossier::durable {
namespace {

Status Sync(const std::string& path, int flags, const char* what, bool whole_fs = false) {
  if (!Enabled()) return Status::Ok();
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    return Error::Operational(std::string("cannot open ") + what + " " + path +
                              " to flush it: " + std::strerror(errno));
  }
  int rc;
  while ((rc = whole_fs ? ::syncfs(fd) : ::fsync(fd)) != 0 && errno == EINTR) {
  }
  const int err = errno;
  ::close(fd);
  if (rc != 0) {
    return Error::Operational(std::string("cannot flush ") + what + " " + path +
                              " to disk: " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace

bool Enabled() {
  static const bool enabled = [] {
    const char* env = std::getenv("DOSSIER_FSYNC");
    if (!env) return true;
    const std::string v = env;
    return !(v == "0" || v == "off" || v == "no" || v == "false");
  }();
  return enabled;
}

Status SyncFile(const std::string& path) { return Sync(path, O_RDONLY, "file"); }

Status SyncDir(const std::string& dir) { return Sync(dir, O_RDONLY | O_DIRECTORY, "folder"); }

Status SyncFileSystem(const std::string& dir) {
  return Sync(dir, O_RDONLY | O_DIRECTORY, "the file system of", /*whole_fs=*/true);
}

}  // namespace dossier::durable
