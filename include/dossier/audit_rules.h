// The rules of internal audits (doc/lifecycle.md, "Internal audits"): the
// commands an audit takes and the auditor's objectivity (ISO 9001 9.2.2 c),
// as pure functions. audits.h loads, calls these and commits.
#ifndef DOSSIER_AUDIT_RULES_H_
#define DOSSIER_AUDIT_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "dossier/checklist.h"
#include "dossier/config.h"
#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

enum class AuditCommand { kDone, kCancel };
// One step of an audit (doc/lifecycle.md, "Internal audits"): `command` is
// legal from `from` and leads to `to`.
struct AuditTransition {
  AuditCommand command;
  AuditState from;
  AuditState to;
};
// Audits move planned -> done or planned -> cancelled, nothing else.
const std::vector<AuditTransition>& AuditTransitions();
// A command no row of AuditTransitions allows from the audit's state is an
// input error naming the state.
Status CheckAuditCommand(const InternalAudit& a, AuditCommand c);

// An auditor who owns a process the audit covers: a risk to the
// objectivity 9.2.2 c asks for, not a nonconformity (doc/lifecycle.md,
// rule audits.independence).
struct SelfAuditRisk {
  std::string auditor;
  std::string process;
};
// A process is covered when the audit names it, or when one of its clauses
// and one of the audit's scope clauses is the other or lies under it in the
// checklist's tree (Checklist::IsUnder: "8.4" and "8.4.1" overlap; "8.4" and
// "8.5.1" do not).
// Process names compare case-insensitively, ignoring surrounding spaces;
// auditor and owner compare as people (SamePerson). In the order of the
// auditors, then of the processes.
std::vector<SelfAuditRisk> SelfAuditRisks(const InternalAudit& a,
                                          const std::vector<Process>& processes,
                                          const Checklist& checklist);

// Whether two people as written in dossier.ini and in audit records are the
// same person: "Alice Martin", "alice@example.org" and "Alice Martin
// <alice@example.org>" all name her (case-insensitive, surrounding spaces
// ignored). Independence is about the person, not how the name is spelled.
bool SamePerson(std::string_view a, std::string_view b);

}  // namespace dossier

#endif  // DOSSIER_AUDIT_RULES_H_
