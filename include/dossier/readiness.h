// Readiness for the certification body's Stage 1 and Stage 2 audits
// (DESIGN.md §6): a pure function of (snapshot, integrity result, stage,
// as-of date) to a report, and the report's renderings (DESIGN.md §7).
#ifndef DOSSIER_READINESS_H_
#define DOSSIER_READINESS_H_

#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/evidence.h"
#include "dossier/repository.h"

namespace dossier {

enum class CheckStatus { kPass, kWarn, kFail };
const char* ToString(CheckStatus s);

// An entity a check result is about: kind is one of "clause", "requirement",
// "artifact", "finding", "audit", "review", "objective", "measure".
struct EntityRef {
  std::string kind;
  std::string id;
};

struct CheckResult {
  std::string id;     // stable, e.g. "documents.current"
  int stage = 1;      // the stage whose rules define it
  std::string title;  // what is checked, for people
  CheckStatus status = CheckStatus::kPass;
  std::string detail;       // why this status
  std::vector<EntityRef> entities;  // what is behind a warn/fail
  std::string next_action;  // what would clear it
};

struct ClauseRow {
  std::string clause;
  std::string title;
  bool applicable = true;
  std::string justification;  // when not applicable
  int documents = 0;
  int records = 0;
  bool audited = false;  // by a done internal audit in the cycle
  int open_findings = 0;
  CheckStatus status = CheckStatus::kPass;
};

struct ReadinessReport {
  int stage = 1;
  Date as_of;
  std::string organisation;
  std::string commit;
  std::string checklist;
  std::vector<CheckResult> checks;  // in rule order
  std::vector<ClauseRow> matrix;    // applicable and not, in catalog order
  double score = 0;                 // 0..100: share of checks passed (warn counts half)
  bool ready = false;               // no failed check
};

// REQUIRES: stage is 1 or 2; `integrity` is VerifyArtifacts of the same snapshot.
ReadinessReport AssessReadiness(const Snapshot& snapshot, const VerifyReport& integrity, int stage,
                                Date as_of);

}  // namespace dossier

#endif  // DOSSIER_READINESS_H_
