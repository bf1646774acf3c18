// Entity <-> JSON file (doc/architecture.md): canonical bytes, unknown keys kept,
// malformed files named with their path and line. Private to lib/.
#ifndef DOSSIER_LIB_ENTITY_CODEC_H_
#define DOSSIER_LIB_ENTITY_CODEC_H_

#include <string>
#include <string_view>

#include "dossier/entities.h"
#include "json_io.h"

namespace dossier::codec {

json::bj::value ToValue(const Artifact& a);
json::bj::value ToValue(const Finding& f);
json::bj::value ToValue(const InternalAudit& a);
json::bj::value ToValue(const ManagementReview& r);
json::bj::value ToValue(const BodyAudit& a);
json::bj::value ToValue(const Objective& o);
json::bj::value ToValue(const Measurement& m);
json::bj::value ToValue(const ApproverKey& k);
// An approval as an artifact's file and a document revision (dossier/control/)
// both hold it: one form for both.
json::bj::value ToValue(const Approval& a);

template <typename T>
std::string Encode(const T& entity) {
  return json::Canonical(ToValue(entity));
}

Result<Artifact> DecodeArtifact(std::string_view text, const std::string& source);
Result<Finding> DecodeFinding(std::string_view text, const std::string& source);
Result<InternalAudit> DecodeAudit(std::string_view text, const std::string& source);
Result<BodyAudit> DecodeBodyAudit(std::string_view text, const std::string& source);
Result<ManagementReview> DecodeReview(std::string_view text, const std::string& source);
Result<Objective> DecodeObjective(std::string_view text, const std::string& source);
Result<Measurement> DecodeMeasurement(std::string_view text, const std::string& source);
Result<ApproverKey> DecodeKey(std::string_view text, const std::string& source);
// The "approval" object of a file named `source`: "by", "date" and "sha256"
// required, "not_applicable" clause -> justification text.
Result<Approval> DecodeApproval(const json::bj::object& o, const std::string& source);

}  // namespace dossier::codec

#endif  // DOSSIER_LIB_ENTITY_CODEC_H_
