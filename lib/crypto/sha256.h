// SHA-256 (and SHA-1 for git object names) through OpenSSL's EVP interface (which uses SHA-NI where
// present). Files are streamed in fixed-size blocks: memory does not grow with size.
#ifndef DOSSIER_LIB_CRYPTO_SHA256_H_
#define DOSSIER_LIB_CRYPTO_SHA256_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier::crypto {

// A message digest fed in pieces. Sha256 for evidence; Sha1 only to name git
// objects (lib/git/blob_store.cc), never to vouch for evidence.
class Digest {
 public:
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void Update(const void* data, size_t size);
  // Lowercase hex digest. The object may not be updated afterwards.
  std::string HexDigest();
  // The digest's bytes (kSha256Bytes for SHA-256) into `out`; the object
  // then hashes a new message: one context for many small ones, no
  // allocation per message.
  void DigestAndRestart(unsigned char* out);

 protected:
  enum class Algorithm { kSha256, kSha1 };
  explicit Digest(Algorithm algorithm);

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

class Sha256 : public Digest {
 public:
  Sha256() : Digest(Algorithm::kSha256) {}
};

class Sha1 : public Digest {
 public:
  Sha1() : Digest(Algorithm::kSha1) {}
};

std::string Sha256Hex(std::string_view data);

constexpr size_t kSha256Bytes = 32;

struct FileDigest {
  std::string sha256;
  uint64_t size = 0;
};
// Hashes the file at `path`; an unreadable file is an operational error.
Result<FileDigest> HashFile(const std::string& path);
// Hashes the open file `fd` from where it stands to its end, reading through
// `buffer` (reused across files: no allocation per file). `path` names it in
// an error. Given the file's size from fstat (`known_size`), a read that
// returns less than was asked and brings the total to it met the end: a file
// smaller than the buffer takes one read, not two.
Result<FileDigest> HashOpenFile(int fd, const std::string& path, std::vector<unsigned char>* buffer,
                                std::optional<uint64_t> known_size = std::nullopt);

}  // namespace dossier::crypto

#endif  // DOSSIER_LIB_CRYPTO_SHA256_H_
