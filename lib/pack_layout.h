// The fixed names of an evidence pack and the rule for a safe path inside one,
// shared by building (pack.cc) and checking (pack_verify.cc) a pack.
// Private to lib/.
#ifndef DOSSIER_LIB_PACK_LAYOUT_H_
#define DOSSIER_LIB_PACK_LAYOUT_H_

#include <string>
#include <vector>

namespace dossier::pack {

inline constexpr const char* kManifest = "MANIFEST.sha256";
inline constexpr const char* kSignature = "MANIFEST.sha256.sig";
inline constexpr const char* kManifestJson = "manifest.json";

bool EndsWith(const std::string& s, const std::string& suffix);

// `path` split at each '/', empty components kept.
std::vector<std::string> Components(const std::string& path);

// Why a path inside a pack is unsafe or unusable, or "" when it is fine.
// Windows separators count too: unzip on Windows splits on them.
std::string UnsafePath(const std::string& path);

}  // namespace dossier::pack

#endif  // DOSSIER_LIB_PACK_LAYOUT_H_
