// The checklists compiled into the binary (generated from checklists/*.json by
// cmake/embed_checklists.cmake), so the tool needs no data directory.
#ifndef DOSSIER_LIB_BUILTIN_CHECKLISTS_H_
#define DOSSIER_LIB_BUILTIN_CHECKLISTS_H_

#include <vector>

namespace dossier::builtin {

struct BuiltinChecklist {
  const char* name;  // file stem, "iso9001-2015"
  const char* json;
};

const std::vector<BuiltinChecklist>& Checklists();
// The register kinds of checklists/registers/*.json (doc/registers.md).
const std::vector<BuiltinChecklist>& RegisterKinds();

}  // namespace dossier::builtin

#endif  // DOSSIER_LIB_BUILTIN_CHECKLISTS_H_
