// Id lookup by any unique prefix (doc/architecture.md), case-insensitive.
#ifndef DOSSIER_RESOLVE_H_
#define DOSSIER_RESOLVE_H_

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier {

// Finds the entity whose id is `prefix` or starts with it. An unknown or
// ambiguous prefix is an input error naming `what` and the candidates.
// REQUIRES: each T has a std::string `id`.
template <typename T>
Result<const T*> ResolveId(const std::vector<T>& all, std::string_view prefix, const char* what) {
  auto upper = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string p = upper(prefix);
  if (p.empty()) return Error::Input(std::string("empty ") + what + " id");
  std::vector<const T*> hits;
  for (const auto& e : all) {
    const std::string id = upper(e.id);
    if (id == p) return &e;
    if (id.compare(0, p.size(), p) == 0) hits.push_back(&e);
  }
  if (hits.size() == 1) return hits[0];
  if (hits.empty()) {
    return Error::Input(std::string("no ") + what + " with id " + std::string(prefix) +
                        (all.empty() ? std::string(" (there are none yet)")
                                     : std::string(" (ids look like ") + all.front().id + ")"));
  }
  std::string list;
  for (size_t i = 0; i < hits.size() && i < 5; ++i) list += (i ? ", " : "") + hits[i]->id;
  if (hits.size() > 5) list += ", ...";
  return Error::Input(std::string("ambiguous ") + what + " id " + std::string(prefix) +
                      " matches " + std::to_string(hits.size()) + ": " + list);
}

}  // namespace dossier

#endif  // DOSSIER_RESOLVE_H_
