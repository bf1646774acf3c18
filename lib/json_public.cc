#include "dossier/json.h"
#include "entity_codec.h"

namespace dossier {

std::string ToJson(const Artifact& a) { return codec::Encode(a); }
std::string ToJson(const Finding& f) { return codec::Encode(f); }
std::string ToJson(const InternalAudit& a) { return codec::Encode(a); }
std::string ToJson(const ManagementReview& r) { return codec::Encode(r); }
std::string ToJson(const BodyAudit& a) { return codec::Encode(a); }
std::string ToJson(const Objective& o) { return codec::Encode(o); }
std::string ToJson(const Measurement& m) { return codec::Encode(m); }

std::string CanonicalJson(std::string_view json_text) {
  auto v = json::Parse(json_text, "json");
  return v ? json::Canonical(*v) : std::string(json_text);
}

}  // namespace dossier
