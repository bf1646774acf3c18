#include "dossier/findings.h"

#include <algorithm>

#include "citation.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "transaction.h"

namespace dossier {

Result<Finding> OpenFinding(Repository& repo, const Context& ctx, const OpenFindingOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"--title", o.title},
                                      {"--description", o.description, TextForm::kMultiLine},
                                      {"--owner", o.owner},
                                      {"--clause", o.clauses},
                                      {"--audit", o.audit},
                                      {"--objective", o.objective},
                                      {"--body-audit", o.body_audit}}));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--evidence", o.evidence));
  if (Trim(o.title).empty()) return Error::Input("finding open needs --title TEXT");
  if (Trim(o.clauses).empty()) {
    return Error::Input(
        "finding open needs --clause C: the requirement not met (e.g. 7.2, or "
        "several: 8.4.1,8.4.2)");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto clauses = snap.checklist.ExpandClauses(o.clauses);
  if (!clauses) return clauses.error().WithContext("--clause");

  Finding f;
  f.title = Trim(o.title);
  f.description = Trim(o.description);
  f.grade = o.grade;
  f.clauses = *clauses;
  f.owner = Trim(o.owner);
  f.raised = ctx.today;
  // An area of concern is what a Stage 1 audit raises (17021-1 9.3.1.2.3).
  const FindingSource default_source = o.grade == Grade::kConcern && o.audit.empty()
                                           ? FindingSource::kStage1
                                           : FindingSource::kInternalAudit;
  f.source = o.source.value_or(default_source);
  if (!o.audit.empty() && !Trim(o.body_audit).empty()) {
    return Error::Input(
        "--audit names an internal audit and --body-audit the certification "
        "body's: a finding comes from one audit; give one of them");
  }
  if (!Trim(o.body_audit).empty()) {
    auto ba = ResolveId(snap.body_audits, Trim(o.body_audit), "certification audit");
    if (!ba) return ba.error().WithContext("--body-audit");
    if ((*ba)->state == AuditState::kCancelled) {
      return Error::Input("--body-audit " + (*ba)->id + " was cancelled; it cannot raise findings");
    }
    FindingSource from = FindingSource::kSpecial;
    switch ((*ba)->type) {
      case BodyAuditType::kStage1:
        from = FindingSource::kStage1;
        break;
      case BodyAuditType::kStage2:
        from = FindingSource::kStage2;
        break;
      case BodyAuditType::kSurveillance1:
      case BodyAuditType::kSurveillance2:
        from = FindingSource::kSurveillance;
        break;
      case BodyAuditType::kRecertification:
        from = FindingSource::kRecertification;
        break;
      case BodyAuditType::kSpecial:
        from = FindingSource::kSpecial;
        break;
    }
    if (o.source && *o.source != from) {
      return Error::Input(std::string("--body-audit ") + (*ba)->id + " is a " +
                          ToString((*ba)->type) + " audit, but --source is " + ToString(*o.source) +
                          " (drop --source: the audit sets it)");
    }
    f.source = from;
    f.body_audit = (*ba)->id;
    if (IsNonconformity(o.grade)) {
      f.body_plan_due =
          o.plan_due
              ? o.plan_due
              : std::optional<Date>(Period(o.grade == Grade::kMajor ? 30 : 90, Period::Unit::kDays)
                                        .After(ctx.today));
      if (o.grade == Grade::kMajor) {
        f.body_close_due =
            o.close_due ? o.close_due
                        : std::optional<Date>(Period(90, Period::Unit::kDays).After(ctx.today));
      }
    }
  } else if (o.plan_due || o.close_due) {
    return Error::Input(
        "--plan-due and --close-due are the certification body's deadlines: "
        "give --body-audit CB-ID with them");
  }
  for (const auto& [name, d] :
       {std::pair<const char*, std::optional<Date>>{"--plan-due", f.body_plan_due},
        {"--close-due", f.body_close_due}}) {
    if (d && *d < ctx.today) {
      return Error::Input(std::string(name) + " " + d->ToString() +
                          " is before the day it is raised (" + ctx.today.ToString() + ")");
    }
  }
  if (o.close_due && o.grade != Grade::kMajor) {
    return Error::Input(
        "--close-due applies to a major nonconformity (the body verifies it closed)");
  }
  if (o.plan_due && !IsNonconformity(o.grade)) {
    return Error::Input("--plan-due applies to nonconformities (major, minor)");
  }
  if (!o.audit.empty()) {
    if (o.source && *o.source != FindingSource::kInternalAudit) {
      return Error::Input(std::string("--audit names an internal audit, but --source is ") +
                          ToString(*o.source) + " (use --source internal-audit or drop --audit)");
    }
    auto audit = ResolveId(snap.audits, o.audit, "internal audit");
    if (!audit) return audit.error().WithContext("--audit");
    if ((*audit)->state == AuditState::kCancelled) {
      return Error::Input("--audit " + (*audit)->id + " was cancelled; it cannot raise findings");
    }
    f.audit = (*audit)->id;
  }
  if (!Trim(o.objective).empty()) {
    auto obj = ResolveId(snap.objectives, Trim(o.objective), "quality objective");
    if (!obj) return obj.error().WithContext("--objective");
    f.objective = (*obj)->id;
  }
  f.due = o.due ? o.due : DefaultDue(o.grade, ctx.today, snap.config);
  if (f.due && *f.due < f.raised) {
    return Error::Input("--due " + f.due->ToString() + " is before the day it is raised (" +
                        f.raised.ToString() + ")");
  }
  auto raised_evidence = CiteArtifacts(snap, repo.root(), o.evidence, "--evidence");
  if (!raised_evidence) return raised_evidence.error();
  f.raised_evidence = *raised_evidence;
  f.state = FindingState::kOpen;
  f.id = tx->NewId(FindingIdPrefix(o.grade), IdsOf(snap.findings));
  Transition t;
  t.to = ToString(f.state);
  t.by = tx->actor();
  t.date = ctx.today;
  t.note =
      std::string("raised: ") + ToString(f.grade) + ", " + ToString(f.source) +
      (f.audit.empty() ? "" : " " + f.audit) + (f.body_audit.empty() ? "" : " " + f.body_audit) +
      (f.due ? ", due " + f.due->ToString() : std::string()) +
      (f.body_plan_due ? ", plan to the body by " + f.body_plan_due->ToString() : std::string()) +
      (f.body_close_due ? ", verified closed by the body by " + f.body_close_due->ToString()
                        : std::string());
  if (!f.raised_evidence.empty()) {
    std::vector<std::string> ids;
    for (const auto& e : f.raised_evidence) ids.push_back(e.artifact);
    t.note += "; evidence: " + Join(ids, ", ");
  }
  f.history.push_back(t);

  tx->Write(layout::EntityPath(layout::kFindingsDir, f.id), codec::Encode(f));
  auto commit = tx->Commit("finding " + f.id + ": opened (" + ToString(f.grade) + ", " +
                           Join(f.clauses, ",") + ") " + f.title + "\n\n" + t.note);
  if (!commit) return commit.error();
  return f;
}

Result<Finding> AdvanceFinding(Repository& repo, const Context& ctx, const std::string& id,
                               const FindingStepRequest& request) {
  const FindingStep& s = request.step;
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"--correction", s.correction, TextForm::kMultiLine},
                                      {"--cause", s.cause, TextForm::kMultiLine},
                                      {"--action", s.action, TextForm::kMultiLine},
                                      {"--by", s.verified_by},
                                      {"--response", s.response, TextForm::kMultiLine},
                                      {"--why", s.why},
                                      {"--containment", s.containment, TextForm::kMultiLine},
                                      {"--extent", s.extent, TextForm::kMultiLine},
                                      {"--method", s.method},
                                      {"--owner", s.owner},
                                      {"--risks", s.risks, TextForm::kMultiLine},
                                      {"--qms-changes", s.qms_changes, TextForm::kMultiLine},
                                      {"--reason", s.reason},
                                      {"--duplicate-of", s.duplicate_of},
                                      {"--decided-by", s.decided_by}}));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--why-chain", s.whys));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--category", s.categories));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--evidence", request.evidence_artifacts));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto found = ResolveId(snap.findings, id, "finding");
  if (!found) return found.error();
  FindingStep step = request.step;
  // An illegal step is refused before any evidence file is hashed.
  const auto legal = LegalCommands(**found);
  if (std::find(legal.begin(), legal.end(), step.command) == legal.end()) {
    return ApplyStep(**found, step, tx->actor(), ctx.today).error();
  }
  if (step.command == FindingCommand::kWithdraw && !Trim(step.duplicate_of).empty()) {
    auto other = ResolveId(snap.findings, Trim(step.duplicate_of), "finding");
    if (!other) return other.error().WithContext("--duplicate-of");
    const Finding& o = **other;
    if (o.id == (*found)->id) {
      return Error::Input("--duplicate-of " + o.id + " is the finding itself");
    }
    if (o.state == FindingState::kWithdrawn) {
      return Error::Input("--duplicate-of " + o.id +
                          " is itself withdrawn; name the finding "
                          "that stands");
    }
    if (IsNonconformity((*found)->grade) && !IsNonconformity(o.grade)) {
      return Error::Input("--duplicate-of " + o.id + " is " + ToString(o.grade) +
                          ", not a "
                          "nonconformity: a nonconformity cannot be withdrawn as its duplicate");
    }
    if ((*found)->grade == Grade::kMajor && o.grade != Grade::kMajor) {
      return Error::Input("--duplicate-of " + o.id +
                          " is a minor: withdrawing a major as its "
                          "duplicate would hide the major (regrade one of them first, with "
                          "the reason)");
    }
    if (!o.open() && o.closed && *o.closed < (*found)->raised) {
      return Error::Input("--duplicate-of " + o.id + " was closed on " + o.closed->ToString() +
                          ", before " + (*found)->id +
                          " was raised: it is a recurrence, not a "
                          "duplicate (handle it, or reopen " +
                          o.id + ")");
    }
    step.duplicate_of = o.id;
  }
  auto evidence = CiteArtifacts(snap, repo.root(), request.evidence_artifacts, "--evidence");
  if (!evidence) return evidence.error();
  step.evidence = *evidence;
  if (step.command == FindingCommand::kVerify && step.effective && !step.evidence.empty()) {
    // Readiness applies the same rule (findings.verified): refuse here what
    // it would not accept later.
    EffectivenessCheck check;
    check.date = ctx.today;
    check.effective = true;
    check.evidence = step.evidence;
    const std::string doubt = EffectivenessDoubt(
        check, ImplementedOn(**found), snap.config.effectiveness_interval,
        [&](const std::string& id) -> std::optional<Date> {
          const Artifact* a = snap.FindArtifact(id);
          if (!a) return std::nullopt;
          return a->effective && *a->effective > a->collected ? *a->effective : a->collected;
        });
    if (!doubt.empty()) {
      return Error::Input("cannot record " + (*found)->id + " as effective: " + doubt +
                          " ([findings] effectiveness_interval in dossier.ini sets the interval)");
    }
  }
  auto next = ApplyStep(**found, step, tx->actor(), ctx.today);
  if (!next) return next.error();
  const Transition& t = next->history.back();
  tx->Write(layout::EntityPath(layout::kFindingsDir, next->id), codec::Encode(*next));
  std::string message = "finding " + next->id + ": " + t.from + " -> " + t.to;
  // The note on one line: a multi-line correction or action must not be able
  // to end the message with a paragraph that git reads as trailers.
  if (!t.note.empty()) message += "\n\n" + OneLine(t.note);
  auto commit = tx->Commit(message);
  if (!commit) return commit.error();
  return *next;
}

std::vector<const Finding*> SelectFindings(const Snapshot& snap, const FindingFilter& filter,
                                           Date today) {
  std::vector<const Finding*> out;
  for (const auto& f : snap.findings) {
    if (filter.open_only && !f.open()) continue;
    if (filter.overdue_only && !f.Overdue(today)) continue;
    if (filter.grade && f.grade != *filter.grade) continue;
    if (!filter.clauses.empty() &&
        std::none_of(f.clauses.begin(), f.clauses.end(), [&](const std::string& c) {
          return std::find(filter.clauses.begin(), filter.clauses.end(), c) != filter.clauses.end();
        })) {
      continue;
    }
    out.push_back(&f);
  }
  return out;
}

}  // namespace dossier
