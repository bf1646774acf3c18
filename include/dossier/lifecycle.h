// The rules of findings, internal audits, management reviews and objectives
// (doc/lifecycle.md), as pure functions: no I/O, no clock. The
// operations in findings.h, audits.h, reviews.h and objectives.h load, call
// these, and commit; readiness reads the same rules.
#ifndef DOSSIER_LIFECYCLE_H_
#define DOSSIER_LIFECYCLE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/config.h"
#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

// ---- Findings ----
//
// Nonconformities (major, minor) follow 10.2.1:
//   open -analyse-> analysed -plan-> planned -implement-> implemented
//        -verify--effective-> verified -close-> closed
//   implemented -verify--not-effective-> open   (back to analysis, new due date, next round)
//   planned -plan-> planned                     (another action)
//   planned -implement-> planned                (one action done, others still open)
//   closed -reopen-> open                       (next round)
//   any open state -withdraw-> withdrawn        (raised in error, or a duplicate)
//   any open state -regrade-> the same state    (a new grade, with the reason)
// The certification body's findings add, in the same state: submit (the
// correction and plan sent to the body), accept (the body accepted the
// plan) and body-verify (the body verified a major closed); a body major
// closes only once the body verified it.
// Concerns, observations and OFIs may take the same steps, and close from
// any open state with a recorded response.

enum class FindingCommand {
  kAnalyse, kPlan, kImplement, kVerify, kClose, kReopen,
  kWithdraw, kRegrade, kSubmit, kAccept, kBodyVerify
};
const char* ToString(FindingCommand c);  // "analyse", ...

// What one step records. Fields a command does not use are ignored.
struct FindingStep {
  FindingCommand command = FindingCommand::kAnalyse;
  std::string correction;             // analyse: required
  std::optional<Date> correction_date;  // analyse: the day it was done; default today
  std::string containment;            // analyse: optional
  std::string extent;                 // analyse: optional (10.2.1 b 3)
  std::string cause;                  // analyse: required (root cause)
  std::string method;                 // analyse: "5-whys" or "fishbone", optional
  std::vector<std::string> whys;      // analyse, 5 whys: each answer in turn
  std::vector<std::string> categories;  // analyse, fishbone: CauseCategories()
  std::string action;                 // plan: required (one corrective action)
  std::string owner;                  // plan: the action's owner; default the finding's
  std::optional<Date> due;            // plan: default the finding's due date;
                                      // verify --not-effective: required (the new due date)
  std::string risks;                  // plan: 10.2.1 e, optional
  std::string qms_changes;            // plan: 10.2.1 f, optional
  int action_number = 0;              // implement: 1-based; 0 = every open action
  std::vector<EvidenceRef> evidence;  // implement, verify, body-verify: required; others optional
  bool effective = false;             // verify
  std::string verified_by;            // verify: default the actor; accept, body-verify: required
  std::string response;               // close: required for concern/observation/ofi
  std::string why;                    // reopen, withdraw, regrade: required
  std::string reason;                 // withdraw: "error" or "duplicate"
  std::string duplicate_of;           // withdraw duplicate: the finding's id (checked by the caller)
  std::string decided_by;             // withdraw, regrade: default the actor
  Grade grade = Grade::kMinor;        // regrade: the new grade
};

// The fishbone categories a root cause may be filed under.
const std::vector<std::string>& CauseCategories();

// The commands legal from the finding's state, in lifecycle order.
std::vector<FindingCommand> LegalCommands(const Finding& f);
// How to type each legal command, e.g. "finding implement NC-20260302-7Q2K
// [--evidence ARTIFACT...]". Empty for none.
std::vector<std::string> NextStepHints(const Finding& f);

// Applies `step` as `actor` on `today`, recording a Transition. An illegal
// step is an input error naming the current state and the legal next
// commands; so is a missing required field, a date before the finding's
// last step, or a due date before `today`.
Result<Finding> ApplyStep(const Finding& f, const FindingStep& step, const std::string& actor,
                          Date today);

// The last effectiveness check (the last dated on or before `as_of`, when
// given) was effective and cites evidence: what closing a nonconformity
// requires (ISO 9001 10.2.1 d; 17021-1 9.5). A later failed check undoes an
// earlier success.
bool HasEffectiveVerification(const Finding& f, std::optional<Date> as_of = std::nullopt);

// The date of the finding's last step to "implemented" (on or before
// `as_of`, when given); none when its history records none.
std::optional<Date> ImplementedOn(const Finding& f, std::optional<Date> as_of = std::nullopt);

// Why an effective verification would not convince a certification
// auditor; empty when it would (or when `check` is a failed one): it must
// come at least `interval` after the action was implemented on
// `implemented`, and cite at least one artifact dated (filed, or effective)
// on or after that day: evidence filed before the action cannot show that
// it worked. `evidence_date` gives a cited artifact's date, none if unknown.
std::string EffectivenessDoubt(const EffectivenessCheck& check, std::optional<Date> implemented,
                               Period interval,
                               const std::function<std::optional<Date>(const std::string&)>&
                                   evidence_date);

// The corrective action is still to be implemented in `state` (open,
// analysed or planned) and `due` has passed on `day`. The due date is the
// action's (doc/lifecycle.md): once implemented, the effectiveness
// check that follows is not late; a failed check sends the finding back to
// analysis (open) with a new due date.
// Finding::Overdue and readiness's as-of view both apply it.
bool IsOverdue(FindingState state, const std::optional<Date>& due, Date day);

// The certification body's plan deadline has passed on `day` with no
// correction and plan submitted by then (or submitted late).
bool BodyPlanLate(const Finding& f, Date day);

// The due date a new finding of `grade` raised on `raised` gets from the
// [findings] due_<grade> policy of dossier.ini; none when the grade has none.
std::optional<Date> DefaultDue(Grade grade, Date raised, const Config& config);

// "NC" for nonconformities, "OB" for the rest: the id prefix of a finding.
const char* FindingIdPrefix(Grade grade);

// ---- Internal audits ----

enum class AuditCommand { kDone, kCancel };
// Audits move planned -> done or planned -> cancelled, nothing else. An
// illegal command is an input error naming the state.
Status CheckAuditCommand(const InternalAudit& a, AuditCommand c);

// An auditor who owns a process the audit covers: a risk to the
// objectivity 9.2.2 c asks for, not a nonconformity (ISO9001.md §5).
struct SelfAuditRisk {
  std::string auditor;
  std::string process;
};
// A process is covered when the audit names it, or when one of its clauses
// and one of the audit's scope clauses is the other or lies under it.
// Process names compare case-insensitively, ignoring surrounding spaces;
// auditor and owner compare as people (SamePerson). In the order of the
// auditors, then of the processes.
std::vector<SelfAuditRisk> SelfAuditRisks(const InternalAudit& a,
                                          const std::vector<Process>& processes);

// Whether two people as written in dossier.ini and in audit records are the
// same person: "Alice Martin", "alice@example.org" and "Alice Martin
// <alice@example.org>" all name her (case-insensitive, surrounding spaces
// ignored). Independence is about the person, not how the name is spelled.
bool SamePerson(std::string_view a, std::string_view b);

// Whether clause id `a` is `b` or lies under it, or the reverse ("8.4"
// and "8.4.1" overlap; "8.4" and "8.5.1" do not).
bool ClausesOverlap(std::string_view a, std::string_view b);

// ---- Management reviews ----

// The 9.3.2 inputs, in the standard's order: a, b, c1..c7, d, e, f.
const std::vector<std::string>& ReviewInputs();
// The 9.3.2 inputs review `r` did not cover, in the standard's order.
std::vector<std::string> MissingReviewInputs(const ManagementReview& r);
// Validates a list of input letters ("c" stands for c1..c7) and returns
// them deduplicated in the standard's order. An unknown letter is an input
// error listing the valid ones.
Result<std::vector<std::string>> ParseReviewInputs(const std::vector<std::string>& given);

// ---- Quality objectives ----

// A measurable target: ">=90", "<=5", ">0", "<3", "=100".
struct Target {
  enum class Op { kGe, kLe, kGt, kLt, kEq };
  Op op = Op::kGe;
  double value = 0;
  std::string text;  // canonical: the operator then the number as written, no spaces

  bool Met(double measured) const;
};
// A target as an auditor reads it for 6.2.1 ("measurable"): a decimal
// number, optionally after a comparison (>=, <=, >, <, =, ==) and optionally
// followed by a unit: ">=95", ">= 95 %", "<5 days", "=100", "4.2", "-3".
// None when the text states no number ("high", ">= lots").
struct TargetReading {
  std::string op;      // as written; empty for a bare number
  std::string number;  // as written, sign included
  std::string unit;    // what follows the number, trimmed
};
std::optional<TargetReading> ReadTarget(std::string_view text);
// What readiness asks of an objective's target: ReadTarget finds a number.
inline bool IsMeasurableTarget(std::string_view text) { return ReadTarget(text).has_value(); }

// The form `objective add` records, so that a measurement can be judged met
// or not: a measurable target (ReadTarget) whose comparison is stated once
// (>=, <=, >, <, =), with an unsigned-or-minus number and no unit (the unit
// is the measure's). Anything else is an input error showing the accepted
// forms.
Result<Target> ParseTarget(std::string_view text);

// The measurement of `measure` of objective `objective` with the latest
// date (ties: the greatest id), among those dated on or before `as_of` when
// given; or null.
const Measurement* LatestMeasurement(const std::vector<Measurement>& all,
                                     const std::string& objective, const std::string& measure,
                                     std::optional<Date> as_of = std::nullopt);

}  // namespace dossier

#endif  // DOSSIER_LIFECYCLE_H_
