// The lifecycle of a finding (doc/lifecycle.md, "Findings"): its states, the
// steps between them and what each records, as pure functions (no I/O, no
// clock: the date is passed in). findings.h loads, calls these and commits;
// readiness reads the same rules.
#ifndef DOSSIER_FINDING_RULES_H_
#define DOSSIER_FINDING_RULES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dossier/config.h"
#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

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
  kAnalyse,
  kPlan,
  kImplement,
  kVerify,
  kClose,
  kReopen,
  kWithdraw,
  kRegrade,
  kSubmit,
  kAccept,
  kBodyVerify
};
const char* ToString(FindingCommand c);  // "analyse", ...

// What one step records. Fields a command does not use are ignored.
struct FindingStep {
  FindingCommand command = FindingCommand::kAnalyse;
  std::string correction;               // analyse: required
  std::optional<Date> correction_date;  // analyse: the day it was done; default today
  std::string containment;              // analyse: optional
  std::string extent;                   // analyse: optional (10.2.1 b 3)
  std::string cause;                    // analyse: required (root cause)
  std::string method;                   // analyse: "5-whys" or "fishbone", optional
  std::vector<std::string> whys;        // analyse, 5 whys: each answer in turn
  std::vector<std::string> categories;  // analyse, fishbone: CauseCategories()
  std::string action;                   // plan: required (one corrective action)
  std::string owner;                    // plan: the action's owner; default the finding's
  std::optional<Date> due;              // plan: default the finding's due date;
                                        // verify --not-effective: required (the new due date)
  std::string risks;                    // plan: 10.2.1 e, optional
  std::string qms_changes;              // plan: 10.2.1 f, optional
  int action_number = 0;                // implement: 1-based; 0 = every open action
  std::vector<EvidenceRef> evidence;    // implement, verify, body-verify: required; others optional
  bool effective = false;               // verify
  std::string verified_by;              // verify: default the actor; accept, body-verify: required
  std::string response;                 // close: required for concern/observation/ofi
  std::string why;                      // reopen, withdraw, regrade: required
  std::string reason;                   // withdraw: "error" or "duplicate"
  std::string duplicate_of;     // withdraw duplicate: the finding's id (checked by the caller)
  std::string decided_by;       // withdraw, regrade: default the actor
  Grade grade = Grade::kMinor;  // regrade: the new grade
};

// One step of the lifecycle as doc/lifecycle.md's transitions list them:
// `command` is legal from each state of `from` for a finding that passes
// `guard` (every finding when null) and leads to `to` (the state it was in,
// when none). A command with two outcomes (implement: one action of
// several, or the last; verify: effective or not) has a row for each: what
// the step records chooses between them. When a command is refused, the
// `refusal` of each of its rows whose guard the finding fails (when not
// null) says why, "{grade}" standing for the finding's grade.
struct FindingTransition {
  FindingCommand command;
  std::vector<FindingState> from;
  std::optional<FindingState> to;
  bool (*guard)(const Finding&);
  const char* refusal;
};
// Every step, in the order hints list them: the usual next step first.
// LegalCommands and ApplyStep read it; tests hold it to doc/lifecycle.md.
const std::vector<FindingTransition>& FindingTransitions();

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
std::string EffectivenessDoubt(
    const EffectivenessCheck& check, std::optional<Date> implemented, Period interval,
    const std::function<std::optional<Date>(const std::string&)>& evidence_date);

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

}  // namespace dossier

#endif  // DOSSIER_FINDING_RULES_H_
