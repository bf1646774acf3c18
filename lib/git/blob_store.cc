#include "git/blob_store.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "crypto/sha256.h"
#include "fd_io.h"
#include "git/handles.h"
#include "workers.h"

namespace dossier::git {
namespace {

constexpr size_t kBuffer = 1 << 16;  // also the sample judged by LooksCompressed

// Why `path` (`size` bytes) could not be stored in the object database.
// libgit2 1.5 reports a full disk with a stale message (or none), so a disk
// without room for the file is named as such.
Error StoreFailure(const std::string& objects, const std::string& path, uint64_t size,
                   const std::string& libgit2_message) {
  struct statvfs fs {};
  if (::statvfs(objects.c_str(), &fs) == 0 &&
      static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < size + (64u << 10)) {
    return Error::Operational("cannot store " + path + " in the repository: No space left on " +
                              "device (the disk holding " + objects + " is full)");
  }
  return Error::Operational("cannot store " + path + " in the repository: " + libgit2_message);
}

// Writes one thread's share of the blobs as loose objects, in git's format
// (a zlib stream of "blob SIZE\0" and the bytes) under the repository's
// objects folder: written to a temporary file beside its final place, then
// renamed, so a reader never sees half an object. Never fsync'ed one by one:
// the commit syncs the file system once before anything names the objects
// (Repo::CommitPaths).
class ThreadStore {
 public:
  explicit ThreadStore(std::string objects) : objects_(std::move(objects)) {
    in_.resize(kBuffer);
    out_.resize(kBuffer + kBuffer / 8 + 64);
  }

  // Stores the work-tree file `path` as its exact bytes: no filter (text/eol
  // attributes, core.autocrlf, ident, a clean filter) stands between the file
  // whose SHA-256 was recorded and its blob. Streamed: memory stays at two
  // buffers whatever the file's size.
  Status Store(const std::string& workdir, const std::string& path, StoredFile* out) {
    const std::string full = workdir + "/" + path;
    if (::lstat(full.c_str(), &out->st) != 0 || !S_ISREG(out->st.st_mode)) {
      out->regular = false;
      return Status::Ok();
    }
    out->regular = true;
    // The blob's name, from libgit2's own hashing (collision-detecting SHA-1
    // where libgit2 is built with it).
    if (git_odb_hashfile(&out->oid, full.c_str(), GIT_OBJECT_BLOB) != 0) {
      return GitError("cannot store " + path + " in the repository");
    }
    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    Fd source{fd};
    if (::fstat(fd, &out->st) != 0) {
      return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    }
    const std::string hex = OidHex(&out->oid);
    const std::string dir = objects_ + "/" + hex.substr(0, 2);
    const std::string final_path = dir + "/" + hex.substr(2);
    if (::access(final_path.c_str(), F_OK) == 0) return Status::Ok();  // stored before
    if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
      return StoreFailure(objects_, path, 0,
                          std::string("cannot create ") + dir + ": " + std::strerror(errno));
    }
    std::string tmp = dir + "/tmp_obj_XXXXXX";
    int out_fd = ::mkstemp(tmp.data());
    if (out_fd < 0) {
      return StoreFailure(objects_, path, 0,
                          std::string("cannot create ") + tmp + ": " + std::strerror(errno));
    }
    Fd target{out_fd};
    Status written =
        WriteObject(source.fd, target.fd, path, static_cast<uint64_t>(out->st.st_size), hex);
    if (written.ok() && ::fchmod(target.fd, 0444) != 0) {
      written = StoreFailure(objects_, path, 0, std::strerror(errno));
    }
    if (written.ok() && ::close(target.Release()) != 0) {
      written = StoreFailure(objects_, path, static_cast<uint64_t>(out->st.st_size),
                             std::strerror(errno));
    }
    if (written.ok() && ::rename(tmp.c_str(), final_path.c_str()) != 0) {
      written = StoreFailure(objects_, path, 0, std::strerror(errno));
    }
    if (!written.ok()) ::unlink(tmp.c_str());
    return written;
  }

 private:
  struct Fd {
    int fd;
    ~Fd() {
      if (fd >= 0) ::close(fd);
    }
    int Release() { return std::exchange(fd, -1); }
  };

  // Deflates "blob SIZE\0" and the rest of `in` into `out`, checking the
  // bytes are the ones named `hex` (the file may change in between).
  Status WriteObject(int in, int out, const std::string& path, uint64_t size,
                     const std::string& hex) {
    const std::string header = "blob " + std::to_string(size) + std::string(1, '\0');
    ssize_t first = ReadFully(in, in_.data(), in_.size());
    if (first < 0) return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    z_stream zs{};
    if (deflateInit(&zs, LooksCompressed(in_.data(), static_cast<size_t>(first))
                             ? Z_NO_COMPRESSION
                             : Z_BEST_SPEED) != Z_OK) {
      return Error::Operational("cannot store " + path + ": out of memory");
    }
    struct Ender {
      z_stream* zs;
      ~Ender() { deflateEnd(zs); }
    } ender{&zs};
    crypto::Sha1 sha1;
    auto feed = [&](const unsigned char* data, size_t n, int flush) -> Status {
      sha1.Update(data, n);
      zs.next_in = const_cast<unsigned char*>(data);
      zs.avail_in = static_cast<uInt>(n);
      do {
        zs.next_out = out_.data();
        zs.avail_out = static_cast<uInt>(out_.size());
        deflate(&zs, flush);
        if (!WriteFully(out, out_.data(), out_.size() - zs.avail_out)) {
          return StoreFailure(objects_, path, size, std::strerror(errno));
        }
      } while (zs.avail_out == 0);
      return Status::Ok();
    };
    DOSSIER_RETURN_IF_ERROR(
        feed(reinterpret_cast<const unsigned char*>(header.data()), header.size(), Z_NO_FLUSH));
    uint64_t total = 0;
    for (ssize_t n = first;;) {
      total += static_cast<uint64_t>(n);
      if (total > size) break;
      const bool last = static_cast<size_t>(n) < in_.size();
      DOSSIER_RETURN_IF_ERROR(
          feed(in_.data(), static_cast<size_t>(n), last ? Z_FINISH : Z_NO_FLUSH));
      if (last) break;
      n = ReadFully(in, in_.data(), in_.size());
      if (n < 0) return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    }
    if (total != size || sha1.HexDigest() != hex) {
      return Error::Operational("cannot stage " + path + ": it changed while being stored");
    }
    return Status::Ok();
  }

  std::string objects_;
  std::vector<unsigned char> in_;
  std::vector<unsigned char> out_;
};

}  // namespace

bool LooksCompressed(const unsigned char* data, size_t n) {
  // Too little to judge: deflate it, the cost is nothing.
  if (n < 4096) return false;
  size_t counts[256] = {};
  for (size_t i = 0; i < n; ++i) ++counts[data[i]];
  double bits = 0;
  for (size_t c : counts) {
    if (c == 0) continue;
    const double p = static_cast<double>(c) / static_cast<double>(n);
    bits -= p * std::log2(p);
  }
  // Above 7.5 bits a byte, Huffman coding saves at most about 6%, and the
  // bytes of compressed formats sit at 7.9 and more.
  return bits > 7.5;
}

Result<std::vector<StoredFile>> StoreFiles(git_repository* repo, const std::string& workdir,
                                           const std::vector<std::string>& paths,
                                           unsigned threads) {
  const std::string objects = std::string(git_repository_commondir(repo)) + "objects";
  std::vector<StoredFile> stored(paths.size());
  std::vector<std::optional<Error>> errors(paths.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  RunOnThreads(std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(paths.size()))),
               [&]() {
                 ThreadStore store(objects);
                 for (size_t i; !failed && (i = next++) < paths.size();) {
                   Status st = store.Store(workdir, paths[i], &stored[i]);
                   if (!st.ok()) {
                     errors[i] = st.error();
                     failed = true;
                   }
                 }
               });
  for (auto& e : errors) {
    if (e) return *e;
  }
  return stored;
}

}  // namespace dossier::git
