// Evidence packs for the certification body (doc/packs.md): the selected
// artifacts under their repository paths, an index, the readiness report,
// MANIFEST.sha256 (the format `sha256sum -c` reads) and manifest.json, in a
// tar, tar.gz or zip that the same repository state and options reproduce
// byte for byte; optionally signed with Ed25519. And the offline check of
// such a pack. The layout is described in doc/packs.md.
#ifndef DOSSIER_PACK_H_
#define DOSSIER_PACK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/pack_select.h"
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

enum class PackFormat { kTar, kTarGz, kZip };
const char* ToString(PackFormat f);  // "tar", "tar.gz", "zip"
// The format named by an output file's extension: .tar, .tar.gz / .tgz,
// .zip. Anything else is an input error listing those.
Result<PackFormat> PackFormatFromPath(const std::string& path);

struct PackOptions {
  SelectionOptions selection;
  std::string output;                    // FILE.tar, .tar.gz, .tgz or .zip
  PackFormat format = PackFormat::kTar;  // from PackFormatFromPath(output)
  std::string rev = "HEAD";  // the commit packed; files come from its blobs, never the work tree
  std::string sign_key;      // private key PEM; empty = unsigned
};

struct PackSummary {
  std::string output;
  std::string top;  // the pack's top folder
  std::string commit;
  PackSelection selection;
  size_t files = 0;             // entries, signature included
  uint64_t bytes = 0;           // of the archive
  std::string manifest_sha256;  // of MANIFEST.sha256
  std::string signer;           // public key fingerprint when signed
};

// Builds the pack at options.output (written to a temporary file and
// renamed: a failure leaves no partial pack), with the readiness report of
// the packed commit as of selection.as_of for the pack's stage, its history
// included, as readiness.html and readiness.json (AssessRevision, every file
// hashed). A repository without commits,
// a missing or wrong key and a bad output folder are input errors.
Result<PackSummary> BuildPack(const Repository& repo, const PackOptions& options);

// The name of the pack's top folder: dossier-pack-<org-slug>-stage<N>-<as-of>.
std::string PackTopFolder(const std::string& organisation, int stage, Date as_of);

struct PackVerification {
  std::string top;
  size_t files = 0;                   // entries checked against the manifest
  bool signed_pack = false;           // MANIFEST.sha256.sig present
  bool signature_checked = false;     // and verified with the given key
  std::string signer;                 // fingerprint of the key that verified it
  std::vector<std::string> problems;  // each names the entry and what is wrong
  std::vector<std::string> notes;     // not problems (a signature nobody checked)
  bool ok() const { return problems.empty(); }
};

// Checks a pack offline, reading it in memory and writing nothing: every
// entry's SHA-256 against MANIFEST.sha256, no entry missing or extra, no
// entry that would land outside the extraction folder (absolute, "..",
// links, devices), and with `pubkey_path` the signature. A missing pack or
// key file is an input error; every finding about the pack is a problem.
Result<PackVerification> VerifyPack(const std::string& path, const std::string& pubkey_path);

// `dossier keygen`: an Ed25519 key pair, the private key at `path` (0600)
// and the public key beside it (PublicKeyPath). Never overwrites.
Status GenerateKey(const std::string& path);
// KEY.pem -> KEY.pub.pem; other names get ".pub.pem" appended.
std::string PublicKeyPath(const std::string& private_key_path);

}  // namespace dossier

#endif  // DOSSIER_PACK_H_
