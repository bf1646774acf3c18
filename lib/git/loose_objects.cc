#include "git/loose_objects.h"

#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "git/handles.h"

namespace dossier::git {
namespace {

struct LooseReader {
  git_odb_backend parent;  // first: libgit2 hands back a pointer to it
  std::string objects_dir;
};

int Fail(const std::string& message) {
  git_error_set_str(GIT_ERROR_ODB, message.c_str());
  return -1;
}

// The whole file, or errno.
int ReadWhole(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out->reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return e;
    }
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return 0;
}

git_object_t TypeOf(const std::string& name) {
  if (name == "blob") return GIT_OBJECT_BLOB;
  if (name == "tree") return GIT_OBJECT_TREE;
  if (name == "commit") return GIT_OBJECT_COMMIT;
  if (name == "tag") return GIT_OBJECT_TAG;
  return GIT_OBJECT_INVALID;
}

int Read(void** out, size_t* out_len, git_object_t* out_type, git_odb_backend* backend,
         const git_oid* oid) {
  auto* self = reinterpret_cast<LooseReader*>(backend);
  const std::string hex = OidHex(oid);
  const std::string path = self->objects_dir + "/" + hex.substr(0, 2) + "/" + hex.substr(2);
  std::string raw;
  if (int e = ReadWhole(path, &raw); e != 0) {
    if (e == ENOENT || e == ENOTDIR) return GIT_ENOTFOUND;
    return Fail("cannot read object " + hex + " (" + path + "): " + std::strerror(e));
  }
  if (raw.empty()) return Fail("object " + hex + " (" + path + ") is damaged: the file is empty");
  const auto b0 = static_cast<unsigned char>(raw.size() > 0 ? raw[0] : 0);
  const auto b1 = static_cast<unsigned char>(raw.size() > 1 ? raw[1] : 0);
  if (raw.size() < 2 || (b0 & 0x8F) != 0x08 || ((b0 << 8) | b1) % 31 != 0) {
    // Not a zlib stream: the old "pack-like" loose format, libgit2's own
    // reader knows it (and has no loop for it).
    return GIT_PASSTHROUGH;
  }
  const std::string damaged = "object " + hex + " (" + path + ") is damaged: ";
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Fail("cannot inflate object " + hex + ": out of memory");
  zs.next_in = reinterpret_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  std::string data;
  char chunk[1 << 16];
  int rc = Z_OK;
  // Every turn must make progress: a truncated stream ends with its input
  // used up short of the stream's end, where libgit2 1.5 spins for ever.
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    const uInt in_before = zs.avail_in;
    rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof chunk - zs.avail_out;
    data.append(chunk, produced);
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      return Fail(damaged + (zs.msg ? zs.msg : "invalid compressed data"));
    }
    if (produced == 0 && zs.avail_in == in_before) {
      inflateEnd(&zs);
      return Fail(damaged + "it is truncated");
    }
  }
  inflateEnd(&zs);
  const size_t space = data.find(' ');
  const size_t nul = data.find('\0');
  if (space == std::string::npos || nul == std::string::npos || space > nul || nul > 32) {
    return Fail(damaged + "no object header");
  }
  const git_object_t type = TypeOf(data.substr(0, space));
  const std::string size_text = data.substr(space + 1, nul - space - 1);
  if (type == GIT_OBJECT_INVALID || size_text.empty() ||
      size_text.find_first_not_of("0123456789") != std::string::npos || size_text.size() > 18) {
    return Fail(damaged + "invalid object header");
  }
  const size_t size = std::stoull(size_text);
  if (data.size() - nul - 1 != size) {
    return Fail(damaged + "it holds " + std::to_string(data.size() - nul - 1) +
                " bytes, its header says " + size_text);
  }
  void* buf = git_odb_backend_data_alloc(backend, size + 1);
  if (!buf) return Fail("out of memory reading object " + hex);
  std::memcpy(buf, data.data() + nul + 1, size);
  static_cast<char*>(buf)[size] = '\0';
  *out = buf;
  *out_len = size;
  *out_type = type;
  return 0;
}

void Free(git_odb_backend* backend) { delete reinterpret_cast<LooseReader*>(backend); }

}  // namespace

Status GuardLooseObjects(git_repository* repo) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo) != 0) return GitError("cannot open the object database");
  std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>> odb(raw);
  auto* reader = new LooseReader{};
  if (git_odb_init_backend(&reader->parent, GIT_ODB_BACKEND_VERSION) != 0) {
    delete reader;
    return GitError("cannot set up the object reader");
  }
  reader->objects_dir = std::string(git_repository_commondir(repo)) + "objects";
  reader->parent.read = &Read;
  reader->parent.free = &Free;
  // Ahead of libgit2's own backends (loose 1, packed 2): a loose object is
  // read here, anything else falls through to them.
  if (git_odb_add_backend(odb.get(), &reader->parent, 1000) != 0) {
    delete reader;
    return GitError("cannot set up the object reader");
  }
  return Status::Ok();
}

}  // namespace dossier::git
