// Reading and writing whole buffers through a file descriptor, retrying
// where the system hands back less than asked (a signal, a pipe). Private
// to lib/.
#ifndef DOSSIER_LIB_FD_IO_H_
#define DOSSIER_LIB_FD_IO_H_

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace dossier {

// Reads up to `n` bytes into `data`, fewer only at the end of the file.
// Returns how many, or -1 with errno set.
inline ssize_t ReadFully(int fd, void* data, size_t n) {
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, static_cast<char*>(data) + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(got);
}

// Writes all `n` bytes of `data`; false with errno set when it could not.
inline bool WriteFully(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (w == 0) errno = EIO;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace dossier

#endif  // DOSSIER_LIB_FD_IO_H_
