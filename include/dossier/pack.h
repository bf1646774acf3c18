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
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

enum class PackFormat { kTar, kTarGz, kZip };
const char* ToString(PackFormat f);  // "tar", "tar.gz", "zip"
// The format named by an output file's extension: .tar, .tar.gz / .tgz,
// .zip. Anything else is an input error listing those.
Result<PackFormat> PackFormatFromPath(const std::string& path);

// The `stage` of a certification decision pack (`pack --for
// certification-decision`): the certification body's findings with their
// closure evidence; readiness as for the decision (kDecision in readiness.h).
inline constexpr int kDecisionPack = 3;

// What goes into a pack (pure selection; see SelectEvidence).
struct SelectionOptions {
  int stage = 1;                     // 1, 2 or kDecisionPack
  std::vector<std::string> clauses;  // as typed (parents allowed); empty = all applicable
  std::optional<Date> from, to;      // Stage 2 record window; default: evidence_window before as_of
  std::optional<int> sample;         // records per retain requirement
  std::optional<uint64_t> seed;      // REQUIRED with `sample`
  Date as_of;
};

// One sampled population: the records of one retain requirement (or, for
// records naming no retain requirement, of one clause) in the window.
struct SampleGroup {
  std::string key;  // "R12" or "clause 8.5.1"
  size_t population = 0;
  std::vector<std::string> picked;  // artifact ids, sorted
};

struct PackSelection {
  int stage = 1;
  std::vector<std::string>
      clauses;  // leaf clauses served (applicable, after --clause), catalog order
  std::optional<Date> window_from, window_to;  // Stage 2
  std::vector<std::string> documents;          // artifact ids, sorted
  std::vector<std::string> records;            // artifact ids, sorted (after sampling)
  std::vector<std::string> referenced;  // artifact ids cited by selected findings/audits/reviews
                                        // that the window or sample left out, sorted
  std::vector<std::string> findings;    // Stage 2: open, or raised/closed in the window
  std::vector<std::string> audits;      // Stage 2: done in the window, or still planned
  std::vector<std::string> reviews;     // Stage 2: held in the window
  std::optional<int> sample;
  std::optional<uint64_t> seed;
  std::vector<SampleGroup> groups;  // when sampling, sorted by key
};

// Chooses the pack's contents from a snapshot. Stage 1: documents serving
// applicable clauses. Stage 2 adds records whose evidence date lies in the
// window, findings, audits and reviews, and the artifacts those cite.
// `clauses` keeps only what serves those clauses (parents expand to their
// leaves). Sampling: within each group the records are sorted by id and N
// are drawn with std::mt19937_64 seeded from (seed, group key), so the same
// seed and repository state give the same sample on any platform, and one
// group's sample does not change when another group grows.
// Errors (input): stage not 1/2, unknown clause, sample < 1, sample without
// seed, window options or sampling on Stage 1, from after to.
Result<PackSelection> SelectEvidence(const Snapshot& snapshot, const SelectionOptions& options);

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
