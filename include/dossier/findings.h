// Findings from raised to closed (doc/lifecycle.md): each call is one commit of
// one file, dossier/findings/<ID>.json, or nothing. The rules are those of
// finding_rules.h; these add the repository: ids, clause and audit lookups,
// evidence hashes, the commit.
#ifndef DOSSIER_FINDINGS_H_
#define DOSSIER_FINDINGS_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/finding_rules.h"
#include "dossier/repository.h"

namespace dossier {

struct OpenFindingOptions {
  std::string title;  // required
  Grade grade = Grade::kMinor;
  std::string clauses;                  // required; comma list, parents expand to leaves
  std::optional<FindingSource> source;  // default: stage1 for a concern, else internal-audit
  std::string audit;                    // internal audit id prefix; implies internal-audit
  std::string owner;
  std::string objective;    // a quality objective it is about (id prefix), optional
  std::optional<Date> due;  // default: dossier.ini [findings] due_<grade>
  std::string description;
  std::vector<std::string> evidence;  // the objective evidence (artifact ids or paths), optional
  // The certification body's audit that raised it (CB-... prefix): the
  // source follows the audit's type, and the body's deadlines apply.
  std::string body_audit;
  std::optional<Date> plan_due;   // default: 30 days for a major, 90 for a minor
  std::optional<Date> close_due;  // default: 90 days for a major (verified by the body)
};

// Raises a finding on ctx.today with id NC-... (major/minor) or OB-...
Result<Finding> OpenFinding(Repository& repo, const Context& ctx,
                            const OpenFindingOptions& options);

// The evidence of a step as given on the command line (artifact ids or
// paths); their current SHA-256 is recorded.
struct FindingStepRequest {
  FindingStep step;  // its `evidence` is filled from `evidence_artifacts`
  std::vector<std::string> evidence_artifacts;
};

// Moves finding `id` (any unique prefix) one step, committed as
// "finding ID: from -> to".
Result<Finding> AdvanceFinding(Repository& repo, const Context& ctx, const std::string& id,
                               const FindingStepRequest& request);

struct FindingFilter {
  bool open_only = false;
  bool overdue_only = false;  // Finding::Overdue(today)
  std::optional<Grade> grade;
  std::vector<std::string> clauses;  // leaf ids; a finding matches if it has any
};
// The findings of `snap` that pass `filter`, by id.
std::vector<const Finding*> SelectFindings(const Snapshot& snap, const FindingFilter& filter,
                                           Date today);

}  // namespace dossier

#endif  // DOSSIER_FINDINGS_H_
