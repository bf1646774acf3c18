// The JSON forms of entities, as written to the repository (canonical:
// sorted keys, two-space indent, trailing newline), for `--json` output.
#ifndef DOSSIER_JSON_H_
#define DOSSIER_JSON_H_

#include <string>
#include <string_view>

#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

std::string ToJson(const Artifact& a);
std::string ToJson(const Finding& f);
std::string ToJson(const InternalAudit& a);
std::string ToJson(const ManagementReview& r);
std::string ToJson(const BodyAudit& a);
std::string ToJson(const Objective& o);
std::string ToJson(const Measurement& m);

// Re-serialises any JSON text canonically. REQUIRES: valid JSON.
std::string CanonicalJson(std::string_view json_text);

// The schema version of every `--json` document.
inline constexpr int kJsonSchemaVersion = 1;

}  // namespace dossier

#endif  // DOSSIER_JSON_H_
