// The lifecycle of a finding: see finding_rules.h.
#include "dossier/finding_rules.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "dossier/text.h"

namespace dossier {

namespace {

std::string EvidenceList(const std::vector<EvidenceRef>& refs) {
  std::vector<std::string> ids;
  ids.reserve(refs.size());
  for (const auto& r : refs) ids.push_back(r.artifact);
  return Join(ids, ", ");
}

std::string NextText(const Finding& f) {
  auto hints = NextStepHints(f);
  return hints.empty() ? std::string("nothing follows") : "next: " + Join(hints, "; or ");
}

Error Refuse(const Finding& f, const std::string& why) {
  return Error::Input(why + "; " + NextText(f));
}

}  // namespace

const char* ToString(FindingCommand c) {
  switch (c) {
    case FindingCommand::kAnalyse:
      return "analyse";
    case FindingCommand::kPlan:
      return "plan";
    case FindingCommand::kImplement:
      return "implement";
    case FindingCommand::kVerify:
      return "verify";
    case FindingCommand::kClose:
      return "close";
    case FindingCommand::kReopen:
      return "reopen";
    case FindingCommand::kWithdraw:
      return "withdraw";
    case FindingCommand::kRegrade:
      return "regrade";
    case FindingCommand::kSubmit:
      return "submit";
    case FindingCommand::kAccept:
      return "accept";
    case FindingCommand::kBodyVerify:
      return "body-verify";
  }
  return "?";
}

const std::vector<std::string>& CauseCategories() {
  static const std::vector<std::string> k = {"people",   "method",      "machine",
                                             "material", "measurement", "environment"};
  return k;
}

bool BodyPlanLate(const Finding& f, Date day) {
  if (f.body_audit.empty() || !f.body_plan_due) return false;
  if (f.plan_submitted && f.plan_submitted->date <= day) {
    return f.plan_submitted->date > *f.body_plan_due;
  }
  return *f.body_plan_due < day;
}

namespace {

// The guards of FindingTransitions.
bool BodyVerificationPending(const Finding& f) {
  return !f.body_audit.empty() && f.grade == Grade::kMajor && !f.body_verified;
}
bool BodyAcceptancePending(const Finding& f) {
  return !f.body_audit.empty() && f.plan_submitted && !f.plan_accepted;
}
bool BodyPlanPending(const Finding& f) { return !f.body_audit.empty() && !f.plan_submitted; }
// Concerns, observations and OFIs need no corrective action: a recorded
// response closes them from any open state.
bool NeedsNoCorrectiveAction(const Finding& f) { return !IsNonconformity(f.grade); }

}  // namespace

const std::vector<FindingTransition>& FindingTransitions() {
  using C = FindingCommand;
  using S = FindingState;
  // Nothing follows a withdrawal: no row starts from it.
  static const std::vector<S> kAnyOpen = {S::kOpen, S::kAnalysed, S::kPlanned, S::kImplemented,
                                          S::kVerified};
  static const std::vector<S> kBeforeVerified = {S::kOpen, S::kAnalysed, S::kPlanned,
                                                 S::kImplemented};
  static const std::vector<S> kPlannedOrLater = {S::kPlanned, S::kImplemented, S::kVerified};
  // clang-format off
  static const std::vector<FindingTransition> k = {
      // The certification body's steps lead while they are pending: its
      // deadlines run whatever the finding's own next step.
      {C::kBodyVerify, {S::kVerified},        std::nullopt,   BodyVerificationPending, nullptr},
      {C::kAccept,     kAnyOpen,              std::nullopt,   BodyAcceptancePending,   nullptr},
      {C::kSubmit,     kPlannedOrLater,       std::nullopt,   BodyPlanPending,         nullptr},
      {C::kAnalyse,    {S::kOpen},            S::kAnalysed,   nullptr,                 nullptr},
      {C::kImplement,  {S::kPlanned},         S::kImplemented, nullptr, nullptr},  // the last action
      {C::kImplement,  {S::kPlanned},         S::kPlanned,    nullptr, nullptr},  // others still open
      {C::kPlan,       {S::kAnalysed, S::kPlanned}, S::kPlanned, nullptr,          nullptr},
      {C::kVerify,     {S::kImplemented},     S::kVerified,   nullptr, nullptr},  // effective
      {C::kVerify,     {S::kImplemented},     S::kOpen,       nullptr, nullptr},  // not: next round
      {C::kClose,      {S::kVerified},        S::kClosed,     nullptr,                 nullptr},
      {C::kReopen,     {S::kClosed},          S::kOpen,       nullptr,                 nullptr},
      {C::kClose,      kBeforeVerified,       S::kClosed,     NeedsNoCorrectiveAction,
       "a {grade} nonconformity closes only after its corrective action is verified effective "
       "with evidence (ISO 9001 10.2.1 d)"},
      {C::kRegrade,    kAnyOpen,              std::nullopt,   nullptr,                 nullptr},
      {C::kWithdraw,   kAnyOpen,              S::kWithdrawn,  nullptr,                 nullptr},
  };
  // clang-format on
  return k;
}

std::vector<FindingCommand> LegalCommands(const Finding& f) {
  std::vector<FindingCommand> out;
  for (const auto& t : FindingTransitions()) {
    if (std::find(t.from.begin(), t.from.end(), f.state) == t.from.end()) continue;
    if (t.guard && !t.guard(f)) continue;
    if (std::find(out.begin(), out.end(), t.command) == out.end()) out.push_back(t.command);
  }
  return out;
}

std::vector<std::string> NextStepHints(const Finding& f) {
  std::vector<std::string> out;
  for (FindingCommand c : LegalCommands(f)) {
    std::string h = std::string("finding ") + ToString(c) + " " + f.id;
    switch (c) {
      case FindingCommand::kAnalyse:
        h += " --correction T [--correction-date DATE] --cause T [--containment T] [--extent T]";
        break;
      case FindingCommand::kPlan:
        h += " --action T [--owner NAME] [--due DATE]";
        break;
      case FindingCommand::kImplement:
        h += " [--action N] --evidence ARTIFACT...";
        break;
      case FindingCommand::kWithdraw:
      case FindingCommand::kRegrade:
        continue;  // exceptional: `finding withdraw|regrade --help`
      case FindingCommand::kSubmit:
        h += " [--evidence ARTIFACT...]  (correction and plan sent to the certification body" +
             (f.body_plan_due ? ", due " + f.body_plan_due->ToString() : std::string()) + ")";
        break;
      case FindingCommand::kAccept:
        h += " --by NAME  (the certification body accepted the plan)";
        break;
      case FindingCommand::kBodyVerify:
        h += " --by NAME --evidence ARTIFACT...  (the certification body verified it closed)";
        break;
      case FindingCommand::kVerify:
        h += " --effective|--not-effective [--due DATE] --evidence ARTIFACT...";
        break;
      case FindingCommand::kClose:
        h += IsNonconformity(f.grade) ? " [--response T]" : " --response T";
        break;
      case FindingCommand::kReopen:
        h += " --why T";
        break;
    }
    out.push_back(std::move(h));
  }
  return out;
}

bool HasEffectiveVerification(const Finding& f, std::optional<Date> as_of) {
  const EffectivenessCheck* last = nullptr;
  for (const auto& k : f.checks) {
    if (!as_of || k.date <= *as_of) last = &k;
  }
  return last && last->effective && !last->evidence.empty();
}

std::optional<Date> ImplementedOn(const Finding& f, std::optional<Date> as_of) {
  std::optional<Date> on;
  for (const auto& t : f.history) {
    if (as_of && t.date > *as_of) break;
    if (t.to == "implemented") on = t.date;
  }
  return on;
}

std::string EffectivenessDoubt(
    const EffectivenessCheck& check, std::optional<Date> implemented, Period interval,
    const std::function<std::optional<Date>(const std::string&)>& evidence_date) {
  if (!check.effective) return "";
  if (check.evidence.empty()) return "no evidence is cited";
  if (!implemented) return "";  // hand-written history: nothing to compare with
  const Date earliest = interval.After(*implemented);
  if (check.date < earliest) {
    return "verified on " + check.date.ToString() + ", " +
           std::to_string(check.date.days() - implemented->days()) +
           " day(s) after the action was implemented on " + implemented->ToString() +
           "; effectiveness shows over time: not before " + earliest.ToString() + " (" +
           interval.ToString() + " after implementation)";
  }
  for (const auto& e : check.evidence) {
    auto d = evidence_date(e.artifact);
    if (d && *d >= *implemented) return "";
  }
  return "the evidence cited (" +
         [&] {
           std::vector<std::string> ids;
           for (const auto& e : check.evidence) ids.push_back(e.artifact);
           return Join(ids, ", ");
         }() +
         ") was filed before the action was implemented on " + implemented->ToString() +
         ", so it cannot show the action worked";
}

bool IsOverdue(FindingState state, const std::optional<Date>& due, Date day) {
  // kWithdrawn is after kClosed: never awaiting action.
  const bool awaiting_action = state == FindingState::kOpen || state == FindingState::kAnalysed ||
                               state == FindingState::kPlanned;
  return awaiting_action && due && *due < day;
}

bool Finding::Overdue(Date today) const { return IsOverdue(state, due, today); }

std::optional<Date> DefaultDue(Grade grade, Date raised, const Config& config) {
  auto it = config.due_by_grade.find(grade);
  if (it == config.due_by_grade.end()) return std::nullopt;
  return it->second.After(raised);
}

const char* FindingIdPrefix(Grade grade) { return IsNonconformity(grade) ? "NC" : "OB"; }

Result<Finding> ApplyStep(const Finding& f, const FindingStep& step, const std::string& actor,
                          Date today) {
  const std::string cmd = ToString(step.command);
  const auto legal = LegalCommands(f);
  if (std::find(legal.begin(), legal.end(), step.command) == legal.end()) {
    std::string why = "cannot " + cmd + " " + f.id + ": it is " + ToString(f.state);
    for (const auto& t : FindingTransitions()) {
      if (t.command != step.command || !t.refusal || !t.guard || t.guard(f)) continue;
      std::string refusal = t.refusal;
      const size_t grade = refusal.find("{grade}");
      if (grade != std::string::npos) refusal.replace(grade, 7, ToString(f.grade));
      why += "; " + refusal;
    }
    return Refuse(f, why);
  }
  Date last = f.raised;
  for (const auto& t : f.history) last = std::max(last, t.date);
  if (today < last) {
    return Error::Input("cannot " + cmd + " " + f.id + " as of " + today.ToString() +
                        ": its last step was on " + last.ToString() +
                        " (steps are recorded in date order; check --as-of)");
  }

  Finding n = f;
  Transition t;
  t.from = ToString(f.state);
  t.by = actor;
  t.date = today;
  auto required = [&](const std::string& value, const std::string& option) -> std::optional<Error> {
    if (!Trim(value).empty()) return std::nullopt;
    return Error::Input(cmd + " " + f.id + " needs " + option);
  };
  auto no_later = [&](const std::optional<Date>& d,
                      const std::string& option) -> std::optional<Error> {
    if (d && *d > today) {
      return Error::Input(option + " " + d->ToString() + " is after " + today.ToString() +
                          ": record what was done, on or after the day it was done");
    }
    return std::nullopt;
  };
  auto current_actions = [&](const Finding& x) {
    std::vector<size_t> out;
    for (size_t i = 0; i < x.actions.size(); ++i) {
      if (x.actions[i].round == x.round && x.actions[i].state == "open") out.push_back(i);
    }
    return out;
  };
  auto latest_open_due = [&](const Finding& x) {
    std::optional<Date> due;
    for (size_t i : current_actions(x)) {
      if (x.actions[i].due && (!due || *x.actions[i].due > *due)) due = x.actions[i].due;
    }
    return due;
  };
  switch (step.command) {
    case FindingCommand::kAnalyse: {
      if (auto e = required(step.correction,
                            "--correction TEXT (what was done to fix the "
                            "nonconformity itself)"))
        return *e;
      if (auto e = required(step.cause, "--cause TEXT (the root cause found)")) return *e;
      if (auto e = no_later(step.correction_date, "--correction-date")) return *e;
      if (step.correction_date && *step.correction_date < f.raised) {
        return Error::Input("--correction-date " + step.correction_date->ToString() +
                            " is before " + f.id + " was raised (" + f.raised.ToString() + ")");
      }
      const std::string method = Lower(Trim(step.method));
      if (!method.empty() && method != "5-whys" && method != "fishbone") {
        return Error::Input("--method " + step.method + ": unknown (valid: 5-whys, fishbone)");
      }
      if (!step.whys.empty() && method != "5-whys") {
        return Error::Input("--why-chain is the 5 whys: give --method 5-whys with it");
      }
      if (!step.categories.empty() && method != "fishbone") {
        return Error::Input("--category is the fishbone's: give --method fishbone with it");
      }
      std::vector<std::string> categories;
      for (const auto& c : step.categories) {
        const std::string l = Lower(Trim(c));
        const auto& valid = CauseCategories();
        if (std::find(valid.begin(), valid.end(), l) == valid.end()) {
          return Error::Input("--category " + c + ": unknown (valid: " + Join(valid, ", ") + ")");
        }
        if (std::find(categories.begin(), categories.end(), l) == categories.end())
          categories.push_back(l);
      }
      if (method == "fishbone" && categories.empty()) {
        return Error::Input("--method fishbone needs --category C... (one or more of: " +
                            Join(CauseCategories(), ", ") + ")");
      }
      std::vector<std::string> whys;
      for (const auto& w : step.whys) {
        if (!Trim(w).empty()) whys.push_back(Trim(w));
      }
      if (method == "5-whys" && whys.empty()) {
        return Error::Input("--method 5-whys needs --why-chain T... (each answer in turn)");
      }
      n.correction = Trim(step.correction);
      n.correction_date = step.correction_date ? step.correction_date : today;
      n.containment = Trim(step.containment);
      n.extent = Trim(step.extent);
      n.cause = Trim(step.cause);
      n.cause_method = method;
      n.cause_whys = whys;
      n.cause_categories = categories;
      n.analysis_evidence.insert(n.analysis_evidence.end(), step.evidence.begin(),
                                 step.evidence.end());
      n.state = FindingState::kAnalysed;
      t.note = (n.containment.empty() ? std::string() : "containment: " + n.containment + "; ") +
               "correction (" + n.correction_date->ToString() + "): " + n.correction +
               (n.extent.empty() ? std::string() : "; extent: " + n.extent) +
               "; cause: " + n.cause + (method.empty() ? std::string() : " (" + method + ")") +
               (f.round > 1 ? "; round " + std::to_string(f.round) : std::string());
      if (!step.evidence.empty()) t.note += "; evidence: " + EvidenceList(step.evidence);
      break;
    }
    case FindingCommand::kPlan: {
      if (auto e = required(step.action,
                            "--action TEXT (the corrective action that removes "
                            "the cause)"))
        return *e;
      std::optional<Date> due = step.due ? step.due : f.due;
      if (!due) {
        return Error::Input("plan " + f.id +
                            " needs --due DATE: dossier.ini [findings] sets no "
                            "due_" +
                            std::string(ToString(f.grade)) + " default");
      }
      if (*due < today) {
        return Error::Input("--due " + due->ToString() + " is before " + today.ToString() +
                            ": a plan cannot be due in the past");
      }
      CorrectiveAction a;
      a.text = Trim(step.action);
      a.owner = Trim(step.owner).empty() ? f.owner : Trim(step.owner);
      a.due = due;
      a.round = f.round;
      a.evidence = step.evidence;
      n.actions.push_back(a);
      n.action = a.text;
      if (!Trim(step.risks).empty()) n.risks = Trim(step.risks);
      if (!Trim(step.qms_changes).empty()) n.qms_changes = Trim(step.qms_changes);
      n.due = latest_open_due(n);
      n.state = FindingState::kPlanned;
      t.note = "action " + std::to_string(n.actions.size()) + ": " + a.text +
               (a.owner.empty() ? std::string() : "; owner " + a.owner) + "; due " +
               due->ToString();
      if (!Trim(step.risks).empty()) t.note += "; risks updated: " + n.risks;
      if (!Trim(step.qms_changes).empty()) t.note += "; QMS changes: " + n.qms_changes;
      if (!step.evidence.empty()) t.note += "; evidence: " + EvidenceList(step.evidence);
      break;
    }
    case FindingCommand::kImplement: {
      if (step.evidence.empty()) {
        return Error::Input("implement " + f.id +
                            " needs --evidence ARTIFACT...: the record that shows the "
                            "corrective action was carried out (ISO 9001 10.2.2)");
      }
      std::vector<size_t> open = current_actions(f);
      std::vector<size_t> doing = open;
      if (step.action_number != 0) {
        const size_t i = static_cast<size_t>(step.action_number - 1);
        if (step.action_number < 0 || i >= f.actions.size() ||
            std::find(open.begin(), open.end(), i) == open.end()) {
          std::vector<std::string> numbers;
          for (size_t k : open) numbers.push_back(std::to_string(k + 1));
          return Error::Input("--action " + std::to_string(step.action_number) + ": " + f.id +
                              " has no such open action (open: " +
                              (numbers.empty() ? std::string("none") : Join(numbers, ", ")) +
                              "; `finding show " + f.id + "` lists them)");
        }
        doing = {i};
      }
      std::vector<std::string> done;
      for (size_t i : doing) {
        n.actions[i].state = "done";
        n.actions[i].done = today;
        n.actions[i].evidence.insert(n.actions[i].evidence.end(), step.evidence.begin(),
                                     step.evidence.end());
        done.push_back(std::to_string(i + 1));
      }
      n.implementation_evidence.insert(n.implementation_evidence.end(), step.evidence.begin(),
                                       step.evidence.end());
      const bool remaining = !current_actions(n).empty();
      n.state = remaining ? FindingState::kPlanned : FindingState::kImplemented;
      if (remaining) n.due = latest_open_due(n);
      t.note = (done.empty() ? std::string() : "action " + Join(done, ", ") + " done; ") +
               "evidence: " + EvidenceList(step.evidence);
      break;
    }
    case FindingCommand::kVerify: {
      if (step.evidence.empty()) {
        return Error::Input("verify " + f.id +
                            " needs --evidence ARTIFACT...: the record the "
                            "effectiveness check rests on");
      }
      if (!step.effective) {
        if (!step.due) {
          return Error::Input("verify " + f.id +
                              " --not-effective needs --due DATE: the finding goes back to "
                              "cause analysis, and the new corrective action needs a due date");
        }
        if (*step.due < today) {
          return Error::Input("--due " + step.due->ToString() + " is before " + today.ToString() +
                              ": a new due date cannot be in the past");
        }
      }
      EffectivenessCheck c;
      c.date = today;
      c.by = Trim(step.verified_by).empty() ? actor : Trim(step.verified_by);
      c.effective = step.effective;
      c.evidence = step.evidence;
      c.round = f.round;
      n.checks.push_back(c);
      t.note = std::string(step.effective ? "effective" : "not effective") + " (checked by " +
               c.by + "); evidence: " + EvidenceList(step.evidence);
      if (step.effective) {
        n.state = FindingState::kVerified;
      } else {
        // The cause was not removed: analyse again (10.2.1 b), a new round.
        for (auto& a : n.actions) {
          if (a.round == f.round && a.state == "done") a.state = "ineffective";
        }
        n.round = f.round + 1;
        n.due = step.due;
        n.state = FindingState::kOpen;
        t.note += "; back to cause analysis (round " + std::to_string(n.round) + "), due " +
                  step.due->ToString();
      }
      break;
    }
    case FindingCommand::kClose: {
      if (IsNonconformity(f.grade)) {
        if (!HasEffectiveVerification(f)) {
          return Refuse(f, "cannot close " + f.id +
                               ": its last effectiveness check is not an "
                               "effective one with evidence");
        }
        if (!f.body_audit.empty() && f.grade == Grade::kMajor && !f.body_verified) {
          return Refuse(f, "cannot close " + f.id +
                               ": a major nonconformity from the certification body closes "
                               "only once the body has verified it");
        }
      } else if (auto e = required(step.response, "--response TEXT (how the " +
                                                      std::string(ToString(f.grade)) +
                                                      " was answered)")) {
        return *e;
      }
      n.response = Trim(step.response);
      n.closed = today;
      n.state = FindingState::kClosed;
      t.note = n.response;
      break;
    }
    case FindingCommand::kReopen: {
      if (auto e = required(step.why, "--why TEXT (why it is not closed after all)")) return *e;
      n.closed.reset();
      n.round = f.round + 1;
      n.state = FindingState::kOpen;
      t.note = Trim(step.why) + " (round " + std::to_string(n.round) +
               "; the earlier effectiveness checks no longer stand)";
      if (n.body_verified) {
        t.note += "; the body's verification of " + n.body_verified->date.ToString() +
                  " no longer stands";
        n.body_verified.reset();
      }
      break;
    }
    case FindingCommand::kWithdraw: {
      const std::string reason = Lower(Trim(step.reason));
      if (reason != "error" && reason != "duplicate") {
        return Error::Input("withdraw " + f.id +
                            " needs --reason error|duplicate (raised in error, or a duplicate "
                            "of another finding)");
      }
      if (auto e = required(step.why, "--why TEXT (why it is withdrawn)")) return *e;
      if (reason == "duplicate" && Trim(step.duplicate_of).empty()) {
        return Error::Input("withdraw " + f.id +
                            " --reason duplicate needs --duplicate-of ID (the finding it repeats)");
      }
      if (reason != "duplicate" && !Trim(step.duplicate_of).empty()) {
        return Error::Input("--duplicate-of goes with --reason duplicate");
      }
      n.withdrawn_reason = reason;
      n.duplicate_of = Trim(step.duplicate_of);
      n.withdrawn_why = Trim(step.why);
      n.withdrawn_by = Trim(step.decided_by).empty() ? actor : Trim(step.decided_by);
      n.withdrawn = today;
      n.state = FindingState::kWithdrawn;
      t.note = (reason == "duplicate" ? "withdrawn as a duplicate of " + n.duplicate_of
                                      : std::string("withdrawn: raised in error")) +
               "; " + n.withdrawn_why + "; decided by " + n.withdrawn_by;
      break;
    }
    case FindingCommand::kRegrade: {
      if (auto e = required(step.why, "--why TEXT (why the grade changes)")) return *e;
      if (step.grade == f.grade) {
        return Error::Input(f.id + " is already " + ToString(f.grade));
      }
      if (IsNonconformity(f.grade) != IsNonconformity(step.grade)) {
        return Error::Input(std::string("cannot regrade ") + f.id + " from " + ToString(f.grade) +
                            " to " + ToString(step.grade) +
                            ": a nonconformity stays a nonconformity (major or minor), other "
                            "findings stay concern, observation or ofi; withdraw it with "
                            "--reason error and raise the right one instead");
      }
      Regrade g;
      g.date = today;
      g.from = f.grade;
      g.to = step.grade;
      g.why = Trim(step.why);
      g.decided_by = Trim(step.decided_by).empty() ? actor : Trim(step.decided_by);
      n.regrades.push_back(g);
      n.grade = step.grade;
      t.note = std::string("regraded ") + ToString(g.from) + " -> " + ToString(g.to) + "; " +
               g.why + "; decided by " + g.decided_by;
      if (g.to != Grade::kMajor && n.body_close_due) {
        // The body verifies majors closed; a minor's plan is accepted instead.
        t.note +=
            "; the body's close deadline " + n.body_close_due->ToString() + " no longer applies";
        n.body_close_due.reset();
      }
      break;
    }
    case FindingCommand::kSubmit:
    case FindingCommand::kAccept:
    case FindingCommand::kBodyVerify: {
      BodyStep b;
      b.date = today;
      b.evidence = step.evidence;
      b.by = Trim(step.verified_by);
      if (step.command == FindingCommand::kSubmit) {
        if (b.by.empty()) b.by = actor;
        n.plan_submitted = b;
        t.note = "correction and action plan submitted to the certification body";
        if (f.body_plan_due) {
          t.note += today > *f.body_plan_due
                        ? " LATE (the body's deadline was " + f.body_plan_due->ToString() + ")"
                        : " (the body's deadline " + f.body_plan_due->ToString() + ")";
        }
      } else if (step.command == FindingCommand::kAccept) {
        if (b.by.empty()) {
          return Error::Input("accept " + f.id +
                              " needs --by NAME: the certification body's auditor who accepted "
                              "the plan");
        }
        n.plan_accepted = b;
        t.note = "action plan accepted by the certification body (" + b.by + ")";
      } else {
        if (b.by.empty()) {
          return Error::Input("body-verify " + f.id +
                              " needs --by NAME: the certification body's auditor who verified it");
        }
        if (step.evidence.empty()) {
          return Error::Input("body-verify " + f.id +
                              " needs --evidence ARTIFACT...: the body's record of its "
                              "verification (a letter, an e-mail, a report)");
        }
        n.body_verified = b;
        t.note = "verified closed by the certification body (" + b.by + ")";
      }
      if (!step.evidence.empty()) t.note += "; evidence: " + EvidenceList(step.evidence);
      break;
    }
  }
  t.to = ToString(n.state);
  n.history.push_back(std::move(t));
  return n;
}

}  // namespace dossier
