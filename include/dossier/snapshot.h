// The value the domain reasons about: everything read from the evidence
// repository at one point, the work tree or a git revision. A plain value;
// Repository::Load (repository.h) makes one, the pure core (readiness,
// lifecycle rules, pack selection) reads it.
#ifndef DOSSIER_SNAPSHOT_H_
#define DOSSIER_SNAPSHOT_H_

#include <map>
#include <string>
#include <vector>

#include "dossier/checklist.h"
#include "dossier/config.h"
#include "dossier/controlled.h"
#include "dossier/date.h"
#include "dossier/entities.h"

namespace dossier {

// Everything the domain reasons about, read at one point: the work tree or
// a git revision. Entity vectors are sorted by id.
struct Snapshot {
  std::string commit;  // the revision's commit id; for the work tree, HEAD's ("" if none)
  Date commit_date;    // committer date of `commit`
  Config config;
  Checklist checklist;
  std::vector<Artifact> artifacts;
  std::vector<Finding> findings;
  std::vector<InternalAudit> audits;
  std::vector<ManagementReview> reviews;
  std::vector<BodyAudit> body_audits;  // the certification body's audits
  std::vector<Objective> objectives;
  std::vector<Measurement> measurements;
  std::vector<ApproverKey> keys;  // approvers' public keys (dossier/keys/)
  // Document control and registers (doc/documents.md, doc/registers.md).
  std::vector<DocumentControl> controls;     // by artifact id
  std::vector<RegisterKind> register_kinds;  // built in, then the organisation's
  std::vector<Register> registers;           // by kind id

  const Artifact* FindArtifact(const std::string& id) const;
  const Artifact* FindArtifactByPath(const std::string& path) const;
  const DocumentControl* FindControl(const std::string& artifact) const;
  const RegisterKind* FindRegisterKind(const std::string& id) const;
  const Register* FindRegister(const std::string& kind) const;
  // The leaf clauses declared not applicable in dossier.ini (a declared
  // parent stands for its leaves), each with the declared clause covering it
  // (the most specific, should two). Declarations that name no clause of the
  // checklist cover nothing (readiness's scope.applicability reports them).
  std::map<std::string, std::string> NotApplicableLeaves() const;
};

}  // namespace dossier

#endif  // DOSSIER_SNAPSHOT_H_
