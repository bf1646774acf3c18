// libFuzzer target: the checklist loader ([checklist] name = a .json file in
// the repository). Parse returns a Checklist or an Error; a checklist that
// parses can be walked: every clause expands to leaves it knows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dossier/checklist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto checklist = dossier::Checklist::Parse(text, "checklist.json");
  if (!checklist) return 0;
  for (const auto& clause : checklist->clauses()) {
    auto leaves = checklist->ExpandClause(clause.id);
    if (!leaves) std::abort();
    for (const auto& leaf : *leaves) {
      const dossier::Clause* c = checklist->FindClause(leaf);
      if (!c || !c->leaf() || !checklist->IsUnder(leaf, clause.id)) std::abort();
    }
  }
  (void)checklist->Nearest(text.substr(0, 80));
  return 0;
}
