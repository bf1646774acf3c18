#include "crypto/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dossier::crypto {

struct Digest::Ctx {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  const EVP_MD* algorithm = nullptr;
};

namespace {
// The algorithm's implementation, fetched once: OpenSSL 3 looks up the
// provider's implementation of EVP_sha256() at every init (under a lock),
// which cost more than hashing a small file (verify hashes 100,000 of them).
// Without a fetched one, the static method table (which fetches each time).
const EVP_MD* Fetched(const char* name, const EVP_MD* fallback) {
  const EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  return md ? md : fallback;
}
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

Digest::Digest(Algorithm algorithm) : ctx_(std::make_unique<Ctx>()) {
  // A failure here is an out-of-memory condition we cannot report through a
  // constructor. The fetched implementations live as long as the process.
  static const EVP_MD* const sha256 = Fetched("SHA256", EVP_sha256());
  static const EVP_MD* const sha1 = Fetched("SHA1", EVP_sha1());
  ctx_->algorithm = algorithm == Algorithm::kSha1 ? sha1 : sha256;
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md.get(), ctx_->algorithm, nullptr) != 1) std::abort();
}

Digest::~Digest() = default;

void Digest::Update(const void* data, size_t size) { EVP_DigestUpdate(ctx_->md.get(), data, size); }

std::string Digest::HexDigest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->md.get(), md, &len);
  std::string out(size_t{len} * 2, '0');
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

void Digest::DigestAndRestart(unsigned char* out) {
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->md.get(), out, &len);
  if (EVP_DigestInit_ex(ctx_->md.get(), ctx_->algorithm, nullptr) != 1) std::abort();
}

std::string Sha256Hex(std::string_view data) {
  Sha256 h;
  h.Update(data.data(), data.size());
  return h.HexDigest();
}

Result<FileDigest> HashFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::Operational("cannot open " + path + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  std::vector<unsigned char> buf(1 << 20);
  return HashOpenFile(fd, path, &buf);
}

Result<FileDigest> HashOpenFile(int fd, const std::string& path, std::vector<unsigned char>* buffer,
                                std::optional<uint64_t> known_size) {
  if (buffer->empty()) buffer->resize(1 << 20);
  Sha256 h;
  FileDigest out;
  for (;;) {
    ssize_t n = ::read(fd, buffer->data(), buffer->size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    h.Update(buffer->data(), static_cast<size_t>(n));
    out.size += static_cast<uint64_t>(n);
    if (known_size && static_cast<size_t>(n) < buffer->size() && out.size == *known_size) break;
  }
  out.sha256 = h.HexDigest();
  return out;
}

}  // namespace dossier::crypto
