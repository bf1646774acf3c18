// Ed25519 signatures through OpenSSL's EVP interface, for signing evidence
// packs (doc/packs.md). Signatures are "pure" Ed25519 over the raw message
// (no pre-hash), which is what `openssl pkeyutl -sign/-verify -rawin` makes
// and checks; they are deterministic, so a signed pack stays reproducible.
// Private to lib/.
#ifndef DOSSIER_LIB_CRYPTO_ED25519_H_
#define DOSSIER_LIB_CRYPTO_ED25519_H_

#include <string>
#include <string_view>

#include "dossier/result.h"

namespace dossier::crypto {

// A new key pair: the private key as unencrypted PKCS#8 PEM at
// `private_path` (created 0600; an existing file is an input error, never
// overwritten) and the public key as SubjectPublicKeyInfo PEM at
// `public_path` (0644).
Status GenerateEd25519Key(const std::string& private_path, const std::string& public_path);

// The 64-byte signature of `message` with the private key PEM at `key_path`.
// A missing, unreadable or non-Ed25519 key is an input error naming the file.
Result<std::string> SignEd25519(const std::string& key_path, std::string_view message);

// Whether `signature` is a valid signature of `message` by the public key in
// `public_key_pem` (a SubjectPublicKeyInfo PEM text, as keygen writes it).
// `source` names the key in errors; a text that is no Ed25519 public key is
// an input error.
Result<bool> VerifyEd25519(const std::string& public_key_pem, const std::string& source,
                           std::string_view message, std::string_view signature);

// The SHA-256 (hex) of the DER public key: a short name for a key that the
// pack's manifest records and `openssl pkey -pubin -outform DER | sha256sum`
// reproduces. Same inputs and errors as VerifyEd25519 / SignEd25519.
Result<std::string> PublicKeyFingerprintFromPrivate(const std::string& key_path);
// The public key (SubjectPublicKeyInfo PEM) of the private key at `key_path`.
Result<std::string> PublicKeyPemFromPrivate(const std::string& key_path);
Result<std::string> PublicKeyFingerprint(const std::string& public_key_pem,
                                         const std::string& source);

}  // namespace dossier::crypto

#endif  // DOSSIER_LIB_CRYPTO_ED25519_H_
