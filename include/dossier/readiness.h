// Readiness for every audit of the certification cycle (doc/readiness.md):
// Stage 1, Stage 2, the certification decision, surveillance and
// recertification. A pure function of (snapshot, integrity result, stage,
// as-of date) to a report. Renderings are in report.h; readiness over the
// repository's history, which reads git, is in readiness_history.h.
#ifndef DOSSIER_READINESS_H_
#define DOSSIER_READINESS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/result.h"
#include "dossier/snapshot.h"
#include "dossier/verify_report.h"

namespace dossier {

// The stages readiness judges, in the order of the cycle; a stage's rules
// are its own and those of every stage before it.
inline constexpr int kStage1 = 1;
inline constexpr int kStage2 = 2;
inline constexpr int kDecision = 3;         // the certification decision after Stage 2
inline constexpr int kSurveillance = 4;     // surveillance audits 1 and 2
inline constexpr int kRecertification = 5;  // the recertification audit in year three
// "Stage 1", "Stage 2", "the certification decision", "surveillance", "recertification".
std::string ReadinessStageName(int stage);
// "1", "2", "decision", "surveillance", "recertification" (also "3".."5");
// anything else is an input error listing them.
Result<int> ParseReadinessStage(std::string_view s);
// The stage a certification body audit of `type` is judged at.
int ReadinessStageOf(BodyAuditType type);

enum class CheckStatus { kPass, kWarn, kFail };
const char* ToString(CheckStatus s);

// An entity a check result is about: kind is one of "clause", "requirement",
// "artifact", "finding", "audit", "review", "objective", "measure" (id
// "OBJ-...#measure name") or "input" (a 9.3.2 management review input: "c4").
struct EntityRef {
  std::string kind;
  std::string id;
  friend bool operator==(const EntityRef& a, const EntityRef& b) {
    return a.kind == b.kind && a.id == b.id;
  }
  friend bool operator<(const EntityRef& a, const EntityRef& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.id < b.id;
  }
};

struct CheckResult {
  std::string id;     // stable, e.g. "documents.current" (doc/readiness.md lists them)
  int stage = 1;      // the stage whose rules define it
  std::string title;  // what is checked, for people
  CheckStatus status = CheckStatus::kPass;
  std::string detail;               // why this status
  std::vector<EntityRef> entities;  // what is behind a warn/fail, sorted, unique
  std::string next_action;          // what would clear it, in plain words (empty when passed)
  std::string command;              // the dossier command that does it, if one does
  // False when there was nothing to judge (no finding, no review...): the
  // check passes but earns nothing in the score.
  bool judged = true;
};

// The rule table: every check the engine runs, in rule order. The engine
// runs exactly these; doc/readiness.md's tables are checked against it.
struct ReadinessRule {
  const char* id;
  int stage;
  const char* title;
  const char* rule;  // when it warns or fails, in one sentence
};
const std::vector<ReadinessRule>& ReadinessRules();

// How one documented-information requirement stands: met by what, or why
// not. Stage 1 reports list the maintain requirements, Stage 2 all.
struct RequirementRow {
  std::string id;  // "M1", "R19"
  std::string ref;
  std::string title;
  std::string clause;
  bool maintain = true;  // a document (M) or a record (R)
  bool conditional = false;
  std::string condition;
  // "met", "missing", "not applicable", "not held" (a statement that its
  // condition does not hold is in force) or "not evidenced" (conditional,
  // nothing filed and nothing stated).
  std::string status;
  std::vector<std::string> met_by;  // how: "0030_QMS_Scope.md (ART-...), filed on 4.3"
};

struct ClauseRow {
  std::string clause;  // a leaf clause of the checklist
  std::string title;
  bool applicable = true;
  std::string justification;  // when not applicable
  int documents = 0;          // current approved documents serving it
  int records = 0;            // records serving it, effective within the evidence window
  bool audited = false;       // by a done internal audit in the cycle
  int open_findings = 0;      // open findings of any grade citing it
  CheckStatus status = CheckStatus::kPass;  // worst check touching it (pass when n/a)
};

// A finding as it stood on the as-of date, for the report's "findings by
// state and age" (only findings raised on or before the as-of date).
struct FindingSummary {
  std::string id;
  std::string title;
  Grade grade = Grade::kMinor;
  FindingSource source = FindingSource::kInternalAudit;
  FindingState state = FindingState::kOpen;  // as of the as-of date
  Date raised;
  std::optional<Date> due;
  int age_days = 0;  // as-of date minus raised
  bool overdue = false;
  std::vector<std::string> clauses;
  std::string withdrawn;  // for a withdrawn finding: why, and who decided
};

struct MeasurementPoint {
  Date date;
  double value = 0;
};

// One measure of one objective with its measurements up to the as-of date.
struct MeasureSeries {
  std::string objective;  // id
  std::string objective_name;
  std::string measure;
  std::string unit;
  std::string target;
  Frequency frequency = Frequency::kMonthly;
  std::vector<MeasurementPoint> points;  // oldest first, dated <= as-of
  bool current = false;                  // a measurement within its frequency window
  // Whether the latest measurement meets the target; none when there is
  // none or the target cannot be read as a comparison.
  std::optional<bool> met;
};

// The thresholds the report was computed with (from dossier.ini).
struct ReadinessSettings {
  Period evidence_window;
  Period operating_period;
  Period audit_cycle;
  Period review_window;
  int min_objectives = 1;
  std::optional<Date> go_live;  // as configured, or derived (see records.span)
  Period approval_grace;
  Period plan_grace;
  Period effectiveness_interval;
  int target_misses = 3;
};

struct ReadinessReport {
  int stage = 1;
  Date as_of;
  std::string organisation;
  std::string commit;
  std::string checklist;
  ReadinessSettings settings;
  std::vector<CheckResult> checks;  // in rule order
  std::vector<ClauseRow> matrix;    // leaf clauses, applicable and not, in catalog order
  // The artifacts the matrix counts (current approved documents, records
  // effective within the evidence window) for every clause, leaves and
  // parents alike, each artifact once per clause it serves: what `clauses`
  // shows. Counts, not the artifacts (100,000 ids and clause lists would
  // be copied into every report).
  struct ClauseCount {
    int documents = 0;
    int records = 0;
  };
  std::map<std::string, ClauseCount> coverage;  // by clause id
  std::vector<RequirementRow> requirements;     // in catalog order
  // 0..100, one decimal: the share of applicable requirements met and of
  // checks passed (a warning counts half; a check with nothing to judge,
  // nothing).
  double score = 0;
  bool ready = false;                     // no failed check
  std::vector<FindingSummary> findings;   // raised <= as-of and not withdrawn, by id
  std::vector<FindingSummary> withdrawn;  // withdrawn by the as-of date, by id: a list of their own
  std::string
      audit;  // the certification body audit prepared for, if chosen by it (AssessRevision sets it)
  std::vector<MeasureSeries> measures;  // by objective id, then measure order

  int Count(CheckStatus s) const;
  // The failed checks, in rule order.
  std::vector<const CheckResult*> Blockers() const;
  const CheckResult* FindCheck(const std::string& id) const;
};

// REQUIRES: stage is 1..5 (kStage1..kRecertification); `integrity` is VerifyArtifacts of the same
// snapshot. Pure: reads nothing but its arguments. Entities dated after `as_of` are ignored, so a
// past as-of date reproduces the past as far as dates allow.
ReadinessReport AssessReadiness(const Snapshot& snapshot, const VerifyReport& integrity, int stage,
                                Date as_of);

// What `dossier clauses` shows of an assessment: the clause matrix's
// applicability and the evidence counted per clause, exactly as
// AssessReadiness counts them. No rule is judged (each row's status is
// kPass), and no file's integrity matters to the counts, so none is checked.
struct ClauseEvidence {
  std::vector<ClauseRow> matrix;
  std::map<std::string, ReadinessReport::ClauseCount> coverage;
};
ClauseEvidence CountClauseEvidence(const Snapshot& snapshot, Date as_of);

// Whether artifact `a` counts for requirement `q`: it is tagged with it; or
// it is tagged with no requirement, is of the requirement's kind (document
// for maintain, record for retain) and is filed on the requirement's clause.
// Template sets and auditors speak in clauses, not in the tool's M/R codes.
bool Credits(const Artifact& a, const Requirement& q);

// One point of "readiness over the repository's history" (ReadinessHistory,
// readiness_history.h).
struct HistoryPoint {
  Date date;           // the end of the week (Sunday), or the as-of date for the last point
  std::string commit;  // the last commit of that week (or of an earlier week)
  double score = 0;
  bool ready = false;
  int failed = 0;
  int warned = 0;
};

}  // namespace dossier

#endif  // DOSSIER_READINESS_H_
