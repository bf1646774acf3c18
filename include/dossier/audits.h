// The internal audit programme (ISO 9001 9.2, doc/lifecycle.md): planned audits,
// done with a report, or cancelled. One file per audit,
// dossier/audits/<ID>.json, one commit per call.
#ifndef DOSSIER_AUDITS_H_
#define DOSSIER_AUDITS_H_

#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"

namespace dossier {

struct PlanAuditOptions {
  std::string scope;                   // comma list of clauses; parents expand to leaves
  std::vector<std::string> processes;  // names from dossier.ini [process:NAME]
  std::vector<std::string> auditors;   // at least one
  Date date;                           // when it is to take place
};
// With no scope, the processes' clauses are the scope; one of the two is
// required. Unknown clauses or processes are input errors naming the valid ones.
Result<InternalAudit> PlanAudit(Repository& repo, const Context& ctx,
                                const PlanAuditOptions& options);

// Marks audit `id` done on `date` (not after ctx.today) with its report
// artifact, whose current SHA-256 is recorded.
Result<InternalAudit> CompleteAudit(Repository& repo, const Context& ctx, const std::string& id,
                                    Date date, const std::string& report);

Result<InternalAudit> CancelAudit(Repository& repo, const Context& ctx, const std::string& id,
                                  const std::string& why);

// ---- The certification body's audits (doc/lifecycle.md) ----

struct PlanBodyAuditOptions {
  BodyAuditType type = BodyAuditType::kStage2;
  std::string body;   // the certification body (required)
  std::string scope;  // the certificate scope (required)
  Date date;          // when it is to take place
};
// Schedules one audit of the cycle, dossier/certification/<CB-ID>.json.
Result<BodyAudit> PlanBodyAudit(Repository& repo, const Context& ctx,
                                const PlanBodyAuditOptions& options);
// Marks it held on `date` (not after ctx.today), with the body's report
// (optional) and the certificate number (optional: issued after Stage 2).
Result<BodyAudit> CompleteBodyAudit(Repository& repo, const Context& ctx, const std::string& id,
                                    Date date, const std::string& report,
                                    const std::string& certificate);

// The body audit the readiness report should prepare for by default: the
// first planned one on or after `today` (ties: the lowest id); null if none.
const BodyAudit* NextBodyAudit(const Snapshot& snap, Date today);

// The findings audit `id` raised, by id.
std::vector<const Finding*> FindingsOfAudit(const Snapshot& snap, const std::string& id);

}  // namespace dossier

#endif  // DOSSIER_AUDITS_H_
