// SHA-256 through OpenSSL's EVP interface (which uses SHA-NI where present).
// Files are streamed in fixed-size blocks: memory does not grow with size.
#ifndef DOSSIER_LIB_CRYPTO_SHA256_H_
#define DOSSIER_LIB_CRYPTO_SHA256_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier::crypto {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t size);
  // Lowercase hex digest. The object may not be updated afterwards.
  std::string HexDigest();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string Sha256Hex(std::string_view data);

struct FileDigest {
  std::string sha256;
  uint64_t size = 0;
};
// Hashes the file at `path`; an unreadable file is an operational error.
Result<FileDigest> HashFile(const std::string& path);
// Hashes the open file `fd` from where it stands to its end, reading through
// `buffer` (reused across files: no allocation per file). `path` names it in
// an error.
Result<FileDigest> HashOpenFile(int fd, const std::string& path,
                                std::vector<unsigned char>* buffer);

}  // namespace dossier::crypto

#endif  // DOSSIER_LIB_CRYPTO_SHA256_H_
