// See pack_layout.h.
#include "pack_layout.h"

#include <algorithm>
#include <cctype>

namespace dossier::pack {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path + "/") {
    if (c == '/') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// Why a path inside a pack is unsafe or unusable, or "" when it is fine.
// Windows separators count too: unzip on Windows splits on them.
std::string UnsafePath(const std::string& path) {
  if (path.empty()) return "has an empty name";
  const bool drive =
      path.size() > 1 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':';
  if (path[0] == '/' || path[0] == '\\' || drive) {
    return "has an absolute path and would land outside the extraction folder";
  }
  std::string unified = path;
  std::replace(unified.begin(), unified.end(), '\\', '/');
  for (const auto& part : Components(unified)) {
    if (part == "..") return "climbs out of the extraction folder with '..'";
  }
  if (path.find('\n') != std::string::npos || path.find('\r') != std::string::npos) {
    return "has a line break in its name";
  }
  return "";
}

}  // namespace dossier::pack
