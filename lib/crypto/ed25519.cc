#include "crypto/ed25519.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "crypto/sha256.h"

namespace dossier::crypto {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

// OpenSSL's queued error text, cleared, for messages.
std::string OpenSslError() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

// Writes `text` to a new file (never an existing one) with `mode`.
Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Error::Input(path +
                          " already exists; keygen never overwrites a key (choose another -o)");
    }
    if (errno == ENOENT || errno == ENOTDIR) {
      return Error::Input("cannot create " + path + ": " + std::strerror(errno));
    }
    return Error::Operational("cannot create " + path + ": " + std::strerror(errno));
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return Error::Operational("cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  // A key must be on disk before we report it exists.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(path.c_str());
    return Error::Operational("cannot write " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<std::string> ReadSmallFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Error::Input("cannot read " + std::string(what) + " " + path + ": " +
                        std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<PkeyPtr> LoadPrivate(const std::string& key_path) {
  auto pem = ReadSmallFile(key_path, "signing key");
  if (!pem) return pem.error();
  BioPtr bio(BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size())), &BIO_free);
  if (!bio) return Error::Operational("out of memory reading " + key_path);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) {
    ERR_clear_error();
    return Error::Input(key_path +
                        " is not a PEM private key (make one with: dossier keygen -o KEY.pem)");
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error::Input(key_path +
                        " is not an Ed25519 key (make one with: dossier keygen -o KEY.pem)");
  }
  return key;
}

Result<PkeyPtr> LoadPublic(const std::string& pem, const std::string& source) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) return Error::Operational("out of memory reading " + source);
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) {
    ERR_clear_error();
    return Error::Input(
        source + " is not a PEM public key (keygen writes it beside the key as KEY.pub.pem)");
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return Error::Input(source + " is not an Ed25519 public key");
  }
  return key;
}

Result<std::string> Fingerprint(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return Error::Operational("cannot encode public key: " + OpenSslError());
  std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(
      der, [](unsigned char* p) { OPENSSL_free(p); });
  return Sha256Hex(std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(len)));
}

}  // namespace

Status GenerateEd25519Key(const std::string& private_path, const std::string& public_path) {
  struct stat st {};
  if (::stat(public_path.c_str(), &st) == 0) {
    return Error::Input(public_path +
                        " already exists; keygen never overwrites a key (choose another -o)");
  }
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) {
    return Error::Operational("cannot set up Ed25519 key generation: " + OpenSslError());
  }
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return Error::Operational("Ed25519 key generation failed: " + OpenSslError());
  }
  PkeyPtr key(raw, &EVP_PKEY_free);
  BioPtr priv(BIO_new(BIO_s_mem()), &BIO_free);
  BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  if (!priv || !pub ||
      PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) {
    return Error::Operational("cannot encode the key as PEM: " + OpenSslError());
  }
  DOSSIER_RETURN_IF_ERROR(WriteNewFile(private_path, BioText(priv.get()), 0600));
  Status s = WriteNewFile(public_path, BioText(pub.get()), 0644);
  if (!s.ok()) {
    ::unlink(private_path.c_str());  // no half key pair
    return s;
  }
  return Status::Ok();
}

Result<std::string> SignEd25519(const std::string& key_path, std::string_view message) {
  auto key = LoadPrivate(key_path);
  if (!key) return key.error();
  MdCtxPtr md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  // A NULL digest selects pure Ed25519 over the whole message.
  if (!md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key->get()) != 1) {
    return Error::Operational("cannot start signing with " + key_path + ": " + OpenSslError());
  }
  size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(message.data());
  if (EVP_DigestSign(md.get(), nullptr, &len, data, message.size()) != 1) {
    return Error::Operational("signing failed: " + OpenSslError());
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                     message.size()) != 1) {
    return Error::Operational("signing failed: " + OpenSslError());
  }
  sig.resize(len);
  return sig;
}

Result<bool> VerifyEd25519(const std::string& public_key_pem, const std::string& source,
                           std::string_view message, std::string_view signature) {
  auto key = LoadPublic(public_key_pem, source);
  if (!key) return key.error();
  MdCtxPtr md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key->get()) != 1) {
    return Error::Operational("cannot start verifying with " + source + ": " + OpenSslError());
  }
  int rc = EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();  // a bad signature queues an error; it is an answer, not a failure
  return rc == 1;
}

Result<std::string> PublicKeyFingerprintFromPrivate(const std::string& key_path) {
  auto key = LoadPrivate(key_path);
  if (!key) return key.error();
  return Fingerprint(key->get());
}

Result<std::string> PublicKeyPemFromPrivate(const std::string& key_path) {
  auto key = LoadPrivate(key_path);
  if (!key) return key.error();
  BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  if (!pub || PEM_write_bio_PUBKEY(pub.get(), key->get()) != 1) {
    return Error::Operational("cannot encode the public key of " + key_path + ": " +
                              OpenSslError());
  }
  return BioText(pub.get());
}

Result<std::string> PublicKeyFingerprint(const std::string& public_key_pem,
                                         const std::string& source) {
  auto key = LoadPublic(public_key_pem, source);
  if (!key) return key.error();
  return Fingerprint(key->get());
}

}  // namespace dossier::crypto
