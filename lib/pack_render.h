// The generated files of an evidence pack: the index (clause -> artifacts)
// in Markdown and HTML, the programme / review / objective summaries, and
// manifest.json. Pure text rendering; private to lib/.
#ifndef DOSSIER_LIB_PACK_RENDER_H_
#define DOSSIER_LIB_PACK_RENDER_H_

#include <string>
#include <vector>

#include "dossier/pack.h"

namespace dossier::pack {

// A file the pack library makes (index, summaries, the readiness report),
// placed at `path` relative to the pack's top folder.
struct GeneratedFile {
  std::string path;
  std::string bytes;
};

// What one pack holds, for the renderers.
struct Contents {
  const Snapshot* snapshot = nullptr;
  const PackSelection* selection = nullptr;
  std::vector<const Artifact*> artifacts;  // every artifact in the pack, sorted by id
  std::string top;
  Date as_of;
  int64_t commit_time = 0;  // Unix seconds
};

std::string IndexMarkdown(const Contents& c);
std::string IndexHtml(const Contents& c);
// summaries/*.json and *.md: the audit programme, management reviews,
// quality objectives with their measurements.
std::vector<GeneratedFile> Summaries(const Contents& c);

struct ManifestFacts {
  std::string format;                      // "tar.gz"
  std::vector<std::string> clause_filter;  // --clause as typed
  std::string signer;                      // public key fingerprint, empty = unsigned
  std::string signer_public_key;           // its PEM, when signed
  size_t files = 0;                        // lines of MANIFEST.sha256
};
std::string ManifestJson(const Contents& c, const ManifestFacts& facts);

}  // namespace dossier::pack

#endif  // DOSSIER_LIB_PACK_RENDER_H_
