// The readiness rules of DESIGN.md §6 (documented in doc/readiness.md).
// Pure: every input is an argument; nothing here reads a file, a clock or git.
#include "dossier/readiness.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dossier/lifecycle.h"
#include "dossier/text.h"
#include "readiness_dates.h"

namespace dossier {

const char* ToString(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kWarn:
      return "warn";
    case CheckStatus::kFail:
      return "fail";
  }
  return "fail";
}

int ReadinessReport::Count(CheckStatus s) const {
  return static_cast<int>(std::count_if(checks.begin(), checks.end(),
                                        [&](const CheckResult& c) { return c.status == s; }));
}

std::vector<const CheckResult*> ReadinessReport::Blockers() const {
  std::vector<const CheckResult*> out;
  for (const auto& c : checks) {
    if (c.status == CheckStatus::kFail) out.push_back(&c);
  }
  return out;
}

const CheckResult* ReadinessReport::FindCheck(const std::string& id) const {
  for (const auto& c : checks) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Everything the rules need, computed once from the snapshot as of the date.
class Assessor {
 public:
  Assessor(const Snapshot& s, const VerifyReport& integrity, Date as_of)
      : s_(s), integrity_(integrity), as_of_(as_of), cfg_(s.config), cl_(s.checklist) {
    for (const auto& [leaf, declared] : s_.NotApplicableLeaves()) {
      not_applicable_[leaf] = cfg_.not_applicable.at(declared);
    }
    for (const auto* leaf : cl_.Leaves()) {
      if (!not_applicable_.count(leaf->id)) applicable_leaves_.push_back(leaf->id);
    }
    for (const auto& a : s_.artifacts) {
      std::string sha = ContentAsOf(a, as_of_);
      if (sha.empty()) continue;
      artifacts_.push_back(&a);
      content_[a.id] = std::move(sha);
    }
    for (const auto& f : s_.findings) {
      if (f.raised <= as_of_) findings_.push_back(&f);
    }
    const Date cycle_start = cfg_.audit_cycle.Before(as_of_);
    const Date cycle_end = cfg_.audit_cycle.After(as_of_);
    for (const auto& a : s_.audits) {
      if (!AuditExists(a, as_of_)) continue;
      AuditState st = AuditStateAsOf(a, as_of_);
      if (st == AuditState::kCancelled) continue;
      if (st == AuditState::kDone) {
        if (*a.done >= cycle_start) {
          done_in_cycle_.push_back(&a);
          programme_.push_back(&a);
        }
      } else if (a.planned >= cycle_start && a.planned <= cycle_end) {
        programme_.push_back(&a);
      }
    }
    const Date review_start = cfg_.review_window.Before(as_of_);
    for (const auto& r : s_.reviews) {
      if (r.date <= as_of_ && r.date >= review_start) reviews_.push_back(&r);
    }
  }

  ReadinessReport Run(int stage) {
    ReadinessReport r;
    r.stage = stage;
    r.as_of = as_of_;
    r.organisation = cfg_.organisation;
    r.commit = s_.commit;
    r.checklist = cl_.id();
    r.settings = {cfg_.evidence_window, cfg_.operating_period, cfg_.audit_cycle, cfg_.review_window,
                  cfg_.min_objectives};
    r.checks.push_back(ScopeDocument());
    r.checks.push_back(ScopeApplicability());
    r.checks.push_back(DocumentsCurrent());
    r.checks.push_back(ObjectivesDefined());
    r.checks.push_back(AuditProgramme());
    r.checks.push_back(AuditDone());
    r.checks.push_back(ReviewHeld());
    r.checks.push_back(Integrity());
    if (stage >= 2) {
      auto [current, conditional] = RecordsCurrent();
      r.checks.push_back(std::move(current));
      r.checks.push_back(std::move(conditional));
      r.checks.push_back(RecordsSpan());
      r.checks.push_back(AuditCoverage());
      r.checks.push_back(AuditIndependence());
      r.checks.push_back(ReviewInputs());
      r.checks.push_back(ReviewMinutes());
      r.checks.push_back(ObjectivesMeasured());
      r.checks.push_back(FindingsMajor());
      r.checks.push_back(FindingsMinorPlan());
      r.checks.push_back(FindingsMinorOverdue());
      r.checks.push_back(FindingsStage1());
      r.checks.push_back(FindingsVerified());
    }
    for (auto& c : r.checks) {
      std::sort(c.entities.begin(), c.entities.end());
      c.entities.erase(std::unique(c.entities.begin(), c.entities.end()), c.entities.end());
      if (c.status == CheckStatus::kPass) c.next_action.clear();
    }
    double points = 0;
    for (const auto& c : r.checks) {
      points += c.status == CheckStatus::kPass ? 1.0 : c.status == CheckStatus::kWarn ? 0.5 : 0.0;
    }
    r.score = r.checks.empty() ? 0 : std::round(points * 1000.0 / r.checks.size()) / 10.0;
    r.ready = r.Count(CheckStatus::kFail) == 0;
    r.matrix = Matrix(r.checks);
    r.findings = Findings();
    r.measures = Measures();
    return r;
  }

 private:
  static CheckResult Make(const char* id, int stage, const char* title) {
    CheckResult c;
    c.id = id;
    c.stage = stage;
    c.title = title;
    return c;
  }

  bool Applicable(const std::string& leaf) const { return !not_applicable_.count(leaf); }

  // Requirements whose clause is applicable, of one kind, in catalog order.
  std::vector<const Requirement*> ApplicableRequirements(RequirementKind kind) const {
    std::vector<const Requirement*> out;
    for (const auto& q : cl_.requirements()) {
      if (q.kind == kind && Applicable(q.clause)) out.push_back(&q);
    }
    return out;
  }

  // Why a document is not current as of the date; empty when it is.
  std::string NotCurrent(const Artifact& a) const {
    if (!a.approval || a.approval->date > as_of_) return "not approved";
    if (a.approval->sha256 != content_.at(a.id)) {
      return "changed since its approval of " + a.approval->date.ToString();
    }
    auto due = a.NextReview();
    if (due && *due < as_of_) return "review overdue since " + due->ToString();
    return "";
  }

  std::vector<const Artifact*> Tagged(ArtifactKind kind, const std::string& requirement) const {
    std::vector<const Artifact*> out;
    for (const auto* a : artifacts_) {
      if (a->kind == kind && Contains(a->requirements, requirement)) out.push_back(a);
    }
    return out;
  }

  // Checks that each requirement has a current approved document; fills `c`.
  void RequireDocuments(const std::vector<const Requirement*>& reqs, CheckResult& c) const {
    std::vector<std::string> problems, actions, unfiled;
    for (const auto* q : reqs) {
      auto docs = Tagged(ArtifactKind::kDocument, q->id);
      std::vector<std::string> reasons;  // why each document is not current
      for (const auto* d : docs) {
        reasons.push_back(NotCurrent(*d));
        if (reasons.back().empty()) break;
      }
      if (!reasons.empty() && reasons.back().empty()) continue;  // one is current
      c.entities.push_back({"requirement", q->id});
      c.entities.push_back({"clause", q->clause});
      if (docs.empty()) {
        problems.push_back(q->id + " (" + q->ref + " " + q->title + "): no document filed");
        unfiled.push_back(q->id);
      } else {
        std::vector<std::string> why;
        for (size_t i = 0; i < docs.size(); ++i) {
          const Artifact* d = docs[i];
          const std::string& reason = reasons[i];
          why.push_back(d->id + " " + reason);
          c.entities.push_back({"artifact", d->id});
          if (reason.rfind("review overdue", 0) == 0) {
            actions.push_back("review " + d->id + " and re-approve it: dossier approve " + d->id);
          } else {
            actions.push_back("approve " + d->id + " as it is now: dossier approve " + d->id);
          }
        }
        problems.push_back(q->id + " (" + q->ref + "): " + Join(why, "; "));
      }
    }
    if (!unfiled.empty()) {
      actions.insert(actions.begin(), "file a document for " + Join(unfiled, ", ") +
                                          " (dossier add FILE --kind document --requirement " +
                                          unfiled.front() +
                                          ") and approve it (dossier approve ID)");
    }
    if (!problems.empty()) {
      c.status = CheckStatus::kFail;
      c.detail = Join(problems, "; ");
      c.next_action = Join(actions, "; ");
    }
  }

  CheckResult ScopeDocument() const {
    CheckResult c =
        Make("scope.document", 1, "The QMS scope document (4.3) is current and approved");
    std::vector<const Requirement*> scope;
    for (const auto& q : cl_.requirements()) {
      if (q.kind == RequirementKind::kMaintain && q.clause == "4.3") scope.push_back(&q);
    }
    RequireDocuments(scope, c);
    if (c.status == CheckStatus::kPass) {
      c.detail = scope.empty() ? "the checklist names no scope requirement"
                               : "an approved, current scope document is filed";
    }
    return c;
  }

  CheckResult ScopeApplicability() const {
    CheckResult c = Make("scope.applicability", 1,
                         "Every clause declared not applicable may be, and is justified");
    std::vector<std::string> problems;
    for (const auto& [clause, why] : cfg_.not_applicable) {
      auto leaves = cl_.ExpandClause(clause);
      if (!leaves) {
        problems.push_back(clause + " is not a clause of " + cl_.id());
        c.entities.push_back({"clause", clause});
        continue;
      }
      for (const auto& leaf : *leaves) {
        if (!cl_.FindClause(leaf)->excludable) {
          problems.push_back(leaf + " (" + cl_.FindClause(leaf)->title +
                             ") cannot be declared not applicable");
          c.entities.push_back({"clause", leaf});
        }
      }
      if (why.find_first_not_of(" \t") == std::string::npos) {
        problems.push_back(clause + " has no justification");
        c.entities.push_back({"clause", clause});
      }
    }
    if (problems.empty()) {
      c.detail = cfg_.not_applicable.empty()
                     ? "every clause is applicable"
                     : std::to_string(cfg_.not_applicable.size()) +
                           " declaration(s) of non-applicability, each excludable and justified";
    } else {
      c.status = CheckStatus::kFail;
      c.detail = Join(problems, "; ");
      c.next_action =
          "make each such clause applicable again (dossier scope include CLAUSE) or, if it is "
          "excludable, justify it (dossier scope exclude CLAUSE --why TEXT)";
    }
    return c;
  }

  CheckResult DocumentsCurrent() const {
    CheckResult c = Make("documents.current", 1,
                         "Every applicable maintain requirement has a current approved document");
    std::vector<const Requirement*> reqs;
    for (const auto* q : ApplicableRequirements(RequirementKind::kMaintain)) {
      if (q->clause != "4.3") reqs.push_back(q);  // scope.document checks the scope
    }
    RequireDocuments(reqs, c);
    if (c.status == CheckStatus::kPass) {
      c.detail =
          std::to_string(reqs.size()) + " requirement(s) each have a current approved document";
    }
    return c;
  }

  CheckResult ObjectivesDefined() const {
    CheckResult c = Make("objectives.defined", 1,
                         "Quality objectives are defined with measurable targets (6.2)");
    int measurable = 0;
    std::vector<std::string> vague;
    for (const auto& o : s_.objectives) {
      if (o.created > as_of_) continue;
      bool ok = std::any_of(o.measures.begin(), o.measures.end(),
                            [](const Measure& m) { return IsMeasurableTarget(m.target); });
      if (ok) {
        ++measurable;
      } else {
        vague.push_back(o.id);
      }
    }
    const std::string need = std::to_string(cfg_.min_objectives);
    if (measurable >= cfg_.min_objectives) {
      c.detail = std::to_string(measurable) + " objective(s) with a measurable target (at least " +
                 need + " required)";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = std::to_string(measurable) + " objective(s) with a measurable target; at least " +
               need + " required";
    for (const auto& id : vague) c.entities.push_back({"objective", id});
    if (!vague.empty())
      c.detail += "; without a measurable target (e.g. \">=95\"): " + Join(vague, ", ");
    c.entities.push_back({"clause", "6.2.1"});
    c.next_action =
        "define quality objectives with a measure and a numeric target (dossier objective)";
    return c;
  }

  CheckResult AuditProgramme() const {
    CheckResult c =
        Make("audits.programme", 1,
             "An internal audit programme exists (audits planned or done in the cycle)");
    const std::string window = cfg_.audit_cycle.Before(as_of_).ToString() + " to " +
                               cfg_.audit_cycle.After(as_of_).ToString();
    if (!programme_.empty()) {
      c.detail =
          std::to_string(programme_.size()) + " internal audit(s) planned or done, " + window;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no internal audit planned or done " + window;
    c.entities.push_back({"clause", "9.2.2"});
    c.next_action = "plan the internal audit programme for the cycle (dossier audit)";
    return c;
  }

  CheckResult AuditDone() const {
    CheckResult c = Make("audits.done", 1, "At least one internal audit is done in the cycle");
    const std::string since = cfg_.audit_cycle.Before(as_of_).ToString();
    if (!done_in_cycle_.empty()) {
      c.detail = std::to_string(done_in_cycle_.size()) + " internal audit(s) done since " + since;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no internal audit done between " + since + " and " + as_of_.ToString();
    for (const auto* a : programme_) c.entities.push_back({"audit", a->id});
    c.entities.push_back({"clause", "9.2.2"});
    c.next_action = "carry out a planned internal audit and record it as done (dossier audit)";
    return c;
  }

  CheckResult ReviewHeld() const {
    CheckResult c = Make("reviews.held", 1, "At least one management review is held in the window");
    const std::string since = cfg_.review_window.Before(as_of_).ToString();
    if (!reviews_.empty()) {
      c.detail = std::to_string(reviews_.size()) + " management review(s) held since " + since;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no management review held between " + since + " and " + as_of_.ToString();
    c.entities.push_back({"clause", "9.3.1"});
    c.next_action = "hold a management review and record it (dossier review)";
    return c;
  }

  CheckResult Integrity() const {
    CheckResult c =
        Make("artifacts.integrity", 1, "Every artifact verifies (no modified or missing file)");
    if (integrity_.ok()) {
      c.detail = std::to_string(integrity_.checked) + " artifact(s) match their SHA-256";
      return c;
    }
    std::vector<std::string> problems;
    for (const auto& p : integrity_.problems) {
      if (!p.artifact.empty()) c.entities.push_back({"artifact", p.artifact});
      problems.push_back((p.artifact.empty() ? "" : p.artifact + " ") + p.path +
                         (p.artifact.empty()  ? " is a symbolic link"
                          : !p.link.empty()   ? " is behind the symbolic link " + p.link
                          : p.actual.empty() ? " is missing"
                                             : " was modified"));
      if (const Artifact* a = s_.FindArtifact(p.artifact)) {
        for (const auto& cl : a->clauses) c.entities.push_back({"clause", cl});
      }
    }
    c.status = CheckStatus::kFail;
    c.detail = Join(problems, "; ");
    c.next_action =
        "restore the filed content (git checkout -- PATH), or file the new revision with "
        "dossier add PATH (documents then need re-approval)";
    return c;
  }

  // Records of a requirement effective within the window, not expired.
  std::vector<const Artifact*> CurrentRecords(const std::string& requirement) const {
    const Date start = cfg_.evidence_window.Before(as_of_);
    std::vector<const Artifact*> out;
    for (const auto* a : Tagged(ArtifactKind::kRecord, requirement)) {
      Date d = a->EvidenceDate();
      if (d < start || d > as_of_) continue;
      if (a->expires && *a->expires < as_of_) continue;
      out.push_back(a);
    }
    return out;
  }

  std::pair<CheckResult, CheckResult> RecordsCurrent() const {
    CheckResult c =
        Make("records.current", 2,
             "Every applicable retain requirement has a record within the evidence window");
    CheckResult w =
        Make("records.conditional", 2,
             "Conditional retain requirements have a record when their condition holds");
    const std::string window =
        cfg_.evidence_window.Before(as_of_).ToString() + " to " + as_of_.ToString();
    std::vector<std::string> missing, maybe;
    int met = 0;
    for (const auto* q : ApplicableRequirements(RequirementKind::kRetain)) {
      if (!CurrentRecords(q->id).empty()) {
        ++met;
        continue;
      }
      CheckResult& target = q->conditional ? w : c;
      target.entities.push_back({"requirement", q->id});
      target.entities.push_back({"clause", q->clause});
      auto all = Tagged(ArtifactKind::kRecord, q->id);
      std::string what = q->id + " (" + q->ref + ")";
      if (q->conditional) what += " [" + q->condition + "]";
      if (!all.empty()) {
        what += ": " + std::to_string(all.size()) +
                " record(s), none effective and unexpired in the window";
      }
      (q->conditional ? maybe : missing).push_back(what);
    }
    c.detail = std::to_string(met) + " requirement(s) have a record effective " + window;
    if (!missing.empty()) {
      c.status = CheckStatus::kFail;
      c.detail = "no record effective " + window + " for " + Join(missing, "; ");
      c.next_action =
          "file a current record for each: dossier add FILE --kind record --requirement RN "
          "--effective DATE";
    }
    w.detail = "each conditional requirement has a record, or none is asked";
    if (!maybe.empty()) {
      w.status = CheckStatus::kWarn;
      w.detail = "no record effective " + window + " for " + Join(maybe, "; ") +
                 "; fine if the condition does not hold";
      w.next_action =
          "file a record where the condition holds, or declare the clause not applicable "
          "(dossier scope exclude CLAUSE --why TEXT)";
    }
    return {std::move(c), std::move(w)};
  }

  CheckResult RecordsSpan() const {
    CheckResult c = Make("records.span", 2, "Records span the operating period");
    const Date start = cfg_.evidence_window.Before(as_of_);
    std::optional<Date> first, last;
    for (const auto* a : artifacts_) {
      if (a->kind != ArtifactKind::kRecord) continue;
      Date d = a->EvidenceDate();
      if (d < start || d > as_of_) continue;
      if (!first || d < *first) first = d;
      if (!last || d > *last) last = d;
    }
    const std::string period = cfg_.operating_period.ToString();
    if (!first) {
      c.status = CheckStatus::kFail;
      c.detail =
          "no record effective within the evidence window; the operating period is " + period;
      c.next_action = "operate the QMS and file its records for at least " + period;
      return c;
    }
    const std::string span = first->ToString() + " to " + last->ToString() + " (" +
                             std::to_string(last->days() - first->days()) + " days)";
    const Date needed = cfg_.operating_period.After(*first);
    if (needed <= *last) {
      c.detail = "records span " + span + ", at least " + period;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "records span " + span + "; the operating period is " + period;
    c.next_action = "keep operating and filing records until at least " + needed.ToString();
    return c;
  }

  CheckResult AuditCoverage() const {
    CheckResult c = Make("audits.coverage", 2,
                         "Done internal audits in the cycle cover every applicable clause");
    std::set<std::string> covered = CoveredLeaves();
    std::vector<std::string> missing;
    for (const auto& leaf : applicable_leaves_) {
      if (!covered.count(leaf)) missing.push_back(leaf);
    }
    if (missing.empty()) {
      c.detail = "all " + std::to_string(applicable_leaves_.size()) +
                 " applicable clauses audited by " + std::to_string(done_in_cycle_.size()) +
                 " audit(s) since " + cfg_.audit_cycle.Before(as_of_).ToString();
      return c;
    }
    c.status = CheckStatus::kFail;
    for (const auto& m : missing) c.entities.push_back({"clause", m});
    c.detail = std::to_string(missing.size()) + " of " + std::to_string(applicable_leaves_.size()) +
               " applicable clauses not covered by a done audit since " +
               cfg_.audit_cycle.Before(as_of_).ToString() + ": " + Join(missing, ", ");
    c.next_action =
        "plan and carry out audits of the uncovered clauses within the cycle (dossier audit)";
    return c;
  }

  std::set<std::string> CoveredLeaves() const {
    std::set<std::string> covered;
    for (const auto* a : done_in_cycle_) {
      for (const auto& sc : a->scope) {
        auto leaves = cl_.ExpandClause(sc);
        if (leaves) covered.insert(leaves->begin(), leaves->end());
      }
    }
    return covered;
  }

  CheckResult AuditIndependence() const {
    CheckResult c = Make("audits.independence", 2,
                         "No auditor audits a process they own (ISO 19011 independence)");
    std::vector<std::string> problems;
    for (const auto* a : programme_) {
      for (const auto& r : SelfAuditRisks(*a, cfg_.processes)) {
        c.entities.push_back({"audit", a->id});
        problems.push_back(a->id + ": " + r.auditor + " audits process " + r.process +
                           ", which they own");
      }
    }
    if (problems.empty()) {
      c.detail = "no auditor audits a process they own";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = Join(problems, "; ") + " (a risk to impartiality, not a nonconformity)";
    c.next_action =
        "assign an auditor independent of the process, or record why that is not practicable";
    return c;
  }

  CheckResult ReviewInputs() const {
    CheckResult c =
        Make("reviews.inputs", 2, "Management reviews in the window cover every 9.3.2 input");
    std::set<std::string> covered;
    for (const auto* r : reviews_) covered.insert(r->inputs.begin(), r->inputs.end());
    std::vector<std::string> missing;
    for (const auto& in : dossier::ReviewInputs()) {
      if (!covered.count(in)) missing.push_back(in);
    }
    if (missing.empty()) {
      c.detail = "all 12 inputs covered by " + std::to_string(reviews_.size()) + " review(s)";
      return c;
    }
    c.status = CheckStatus::kFail;
    for (const auto& m : missing) c.entities.push_back({"input", m});
    c.entities.push_back({"clause", "9.3.2"});
    c.detail = "9.3.2 input(s) not covered by any review since " +
               cfg_.review_window.Before(as_of_).ToString() + ": " + Join(missing, ", ");
    c.next_action = "cover the missing inputs at the next management review (dossier review)";
    return c;
  }

  CheckResult ReviewMinutes() const {
    CheckResult c = Make("reviews.minutes", 2, "Each management review in the window has minutes");
    std::vector<std::string> problems;
    for (const auto* r : reviews_) {
      if (r->minutes.empty()) {
        problems.push_back(r->id + " has no minutes");
      } else if (!s_.FindArtifact(r->minutes)) {
        problems.push_back(r->id + " cites minutes " + r->minutes + ", which is not filed");
      } else {
        continue;
      }
      c.entities.push_back({"review", r->id});
    }
    if (problems.empty()) {
      c.detail = reviews_.empty() ? "no management review in the window"
                                  : std::to_string(reviews_.size()) + " review(s), each minuted";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.entities.push_back({"clause", "9.3.3"});
    c.detail = Join(problems, "; ");
    c.next_action = "file the minutes as a record (requirement R20) and cite them in the review";
    return c;
  }

  // The measure's latest measurement by the date, or null.
  const Measurement* Latest(const Objective& o, const Measure& m) const {
    return LatestMeasurement(s_.measurements, o.id, m.name, as_of_);
  }

  // Measured within its frequency window before the date (9.1.1).
  bool MeasuredInWindow(const Measure& m, const Measurement* latest) const {
    return latest && latest->date >= FrequencyWindow(m.frequency).Before(as_of_);
  }

  CheckResult ObjectivesMeasured() const {
    CheckResult c = Make("objectives.measured", 2,
                         "Each measure of each objective is measured within its frequency");
    std::vector<std::string> problems;
    int measures = 0;
    for (const auto& o : s_.objectives) {
      if (o.created > as_of_) continue;
      for (const auto& m : o.measures) {
        ++measures;
        const Measurement* last = Latest(o, m);
        if (MeasuredInWindow(m, last)) continue;
        c.entities.push_back({"measure", o.id + "#" + m.name});
        problems.push_back(o.id + " \"" + m.name + "\" (" + ToString(m.frequency) + "): " +
                           (last ? "last measured " + last->date.ToString() : "never measured"));
      }
    }
    if (problems.empty()) {
      c.detail = std::to_string(measures) + " measure(s), each measured within its frequency";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.entities.push_back({"clause", "9.1.1"});
    c.detail = Join(problems, "; ");
    c.next_action = "record a current measurement for each (dossier objective)";
    return c;
  }

  std::vector<const Finding*> OpenOf(Grade g) const {
    std::vector<const Finding*> out;
    for (const auto* f : findings_) {
      if (f->grade == g && FindingStateAsOf(*f, as_of_) != FindingState::kClosed) out.push_back(f);
    }
    return out;
  }

  void NameFinding(CheckResult& c, const Finding& f) const {
    c.entities.push_back({"finding", f.id});
    for (const auto& cl : f.clauses) c.entities.push_back({"clause", cl});
  }

  CheckResult FindingsMajor() const {
    CheckResult c = Make("findings.major", 2, "No open major nonconformity");
    std::vector<std::string> problems;
    for (const auto* f : OpenOf(Grade::kMajor)) {
      NameFinding(c, *f);
      problems.push_back(f->id + " \"" + f->title + "\" (" +
                         ToString(FindingStateAsOf(*f, as_of_)) + ", raised " +
                         f->raised.ToString() + ")");
    }
    if (problems.empty()) {
      c.detail = "no major nonconformity is open";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "open major nonconformities: " + Join(problems, "; ");
    c.next_action =
        "correct, find the root cause, implement the corrective action, verify it effective "
        "and close each (dossier finding)";
    return c;
  }

  CheckResult FindingsMinorPlan() const {
    CheckResult c = Make("findings.minor_plan", 2,
                         "Every open minor has correction, root cause and an action plan");
    std::vector<std::string> problems;
    for (const auto* f : OpenOf(Grade::kMinor)) {
      std::vector<std::string> lacks;
      if (f->correction.empty()) lacks.push_back("correction");
      if (f->cause.empty()) lacks.push_back("root cause");
      if (f->action.empty() || FindingStateAsOf(*f, as_of_) < FindingState::kPlanned) {
        lacks.push_back("action plan");
      }
      if (lacks.empty()) continue;
      NameFinding(c, *f);
      problems.push_back(f->id + " \"" + f->title + "\" lacks " + Join(lacks, ", "));
    }
    if (problems.empty()) {
      c.detail = "every open minor nonconformity is analysed and planned";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = Join(problems, "; ");
    c.next_action =
        "record correction and root cause, then plan the corrective action with a due date";
    return c;
  }

  CheckResult FindingsMinorOverdue() const {
    CheckResult c = Make("findings.minor_overdue", 2, "No open minor nonconformity is overdue");
    std::vector<std::string> problems;
    for (const auto* f : OpenOf(Grade::kMinor)) {
      if (!OverdueAsOf(*f, as_of_)) continue;
      NameFinding(c, *f);
      problems.push_back(f->id + " \"" + f->title + "\" was due " + f->due->ToString());
    }
    if (problems.empty()) {
      c.detail = "no open minor nonconformity is past its due date";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = Join(problems, "; ");
    c.next_action =
        "complete the corrective actions, or re-plan them with a new due date and the reason";
    return c;
  }

  CheckResult FindingsStage1() const {
    CheckResult c = Make("findings.stage1", 2, "Every Stage 1 finding is closed");
    std::vector<std::string> problems;
    for (const auto* f : findings_) {
      if (f->source != FindingSource::kStage1) continue;
      if (f->grade == Grade::kObservation || f->grade == Grade::kOfi) continue;
      if (FindingStateAsOf(*f, as_of_) == FindingState::kClosed) continue;
      NameFinding(c, *f);
      problems.push_back(f->id + " \"" + f->title + "\" (" + ToString(f->grade) + ", " +
                         ToString(FindingStateAsOf(*f, as_of_)) + ")");
    }
    if (problems.empty()) {
      c.detail = "no Stage 1 finding is open";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "open Stage 1 findings: " + Join(problems, "; ");
    c.next_action = "resolve each Stage 1 area of concern and close it with a response";
    return c;
  }

  CheckResult FindingsVerified() const {
    CheckResult c = Make("findings.verified", 2,
                         "Every closed nonconformity has a recorded effectiveness verification");
    std::vector<std::string> problems;
    int closed = 0;
    for (const auto* f : findings_) {
      if (!IsNonconformity(f->grade) || FindingStateAsOf(*f, as_of_) != FindingState::kClosed)
        continue;
      ++closed;
      if (HasEffectiveVerification(*f, as_of_)) continue;
      NameFinding(c, *f);
      problems.push_back(f->id + " \"" + f->title + "\"");
    }
    if (problems.empty()) {
      c.detail = std::to_string(closed) +
                 " closed nonconformity(ies), each verified effective with evidence";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail =
        "closed without an effective verification backed by evidence: " + Join(problems, "; ");
    c.next_action = "check the corrective action's effectiveness and record it with evidence";
    return c;
  }

  // The clauses a failed or warned check points at, for the matrix colours.
  std::set<std::string> ClausesOf(const CheckResult& c) const {
    std::set<std::string> out;
    for (const auto& e : c.entities) {
      if (e.kind == "clause") {
        out.insert(e.id);
      } else if (e.kind == "requirement") {
        if (const Requirement* q = cl_.FindRequirement(e.id)) out.insert(q->clause);
      } else if (e.kind == "finding") {
        auto it =
            std::lower_bound(s_.findings.begin(), s_.findings.end(), e.id,
                             [](const Finding& f, const std::string& id) { return f.id < id; });
        if (it != s_.findings.end() && it->id == e.id)
          out.insert(it->clauses.begin(), it->clauses.end());
      } else if (e.kind == "artifact") {
        if (const Artifact* a = s_.FindArtifact(e.id))
          out.insert(a->clauses.begin(), a->clauses.end());
      } else if (e.kind == "audit") {
        out.insert("9.2.2");
      } else if (e.kind == "review" || e.kind == "input") {
        out.insert("9.3.2");
      } else if (e.kind == "objective" || e.kind == "measure") {
        out.insert("6.2.1");
      }
    }
    // Parents named by an entity colour their leaves.
    std::set<std::string> leaves;
    for (const auto& id : out) {
      auto l = cl_.ExpandClause(id);
      if (l) leaves.insert(l->begin(), l->end());
    }
    return leaves;
  }

  std::vector<ClauseRow> Matrix(const std::vector<CheckResult>& checks) const {
    std::map<std::string, CheckStatus> worst;
    for (const auto& c : checks) {
      if (c.status == CheckStatus::kPass) continue;
      for (const auto& cl : ClausesOf(c)) {
        auto it = worst.find(cl);
        if (it == worst.end() || static_cast<int>(c.status) > static_cast<int>(it->second)) {
          worst[cl] = c.status;
        }
      }
    }
    const std::set<std::string> covered = CoveredLeaves();
    const Date window_start = cfg_.evidence_window.Before(as_of_);
    std::vector<ClauseRow> rows;
    for (const auto* leaf : cl_.Leaves()) {
      ClauseRow row;
      row.clause = leaf->id;
      row.title = leaf->title;
      auto na = not_applicable_.find(leaf->id);
      row.applicable = na == not_applicable_.end();
      if (!row.applicable) row.justification = na->second;
      for (const auto* a : artifacts_) {
        if (!Contains(a->clauses, leaf->id)) continue;
        if (a->kind == ArtifactKind::kDocument) {
          row.documents += NotCurrent(*a).empty() ? 1 : 0;
        } else {
          Date d = a->EvidenceDate();
          bool expired = a->expires && *a->expires < as_of_;
          row.records += (d >= window_start && d <= as_of_ && !expired) ? 1 : 0;
        }
      }
      row.audited = covered.count(leaf->id) > 0;
      for (const auto* f : findings_) {
        if (FindingStateAsOf(*f, as_of_) != FindingState::kClosed &&
            Contains(f->clauses, leaf->id)) {
          ++row.open_findings;
        }
      }
      auto w = worst.find(leaf->id);
      row.status = row.applicable && w != worst.end() ? w->second : CheckStatus::kPass;
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::vector<FindingSummary> Findings() const {
    std::vector<FindingSummary> out;
    for (const auto* f : findings_) {
      FindingSummary fs;
      fs.id = f->id;
      fs.title = f->title;
      fs.grade = f->grade;
      fs.source = f->source;
      fs.state = FindingStateAsOf(*f, as_of_);
      fs.raised = f->raised;
      fs.due = f->due;
      fs.age_days = static_cast<int>(as_of_.days() - f->raised.days());
      fs.overdue = OverdueAsOf(*f, as_of_);
      fs.clauses = f->clauses;
      out.push_back(std::move(fs));
    }
    return out;
  }

  std::vector<MeasureSeries> Measures() const {
    std::vector<MeasureSeries> out;
    for (const auto& o : s_.objectives) {
      if (o.created > as_of_) continue;
      for (const auto& m : o.measures) {
        MeasureSeries ms;
        ms.objective = o.id;
        ms.objective_name = o.name;
        ms.measure = m.name;
        ms.unit = m.unit;
        ms.target = m.target;
        ms.frequency = m.frequency;
        for (const auto& x : s_.measurements) {
          if (x.objective == o.id && x.measure == m.name && x.date <= as_of_) {
            ms.points.push_back({x.date, x.value});
          }
        }
        std::stable_sort(
            ms.points.begin(), ms.points.end(),
            [](const MeasurementPoint& a, const MeasurementPoint& b) { return a.date < b.date; });
        ms.current = MeasuredInWindow(m, Latest(o, m));
        out.push_back(std::move(ms));
      }
    }
    return out;
  }

  const Snapshot& s_;
  const VerifyReport& integrity_;
  const Date as_of_;
  const Config& cfg_;
  const Checklist& cl_;
  std::map<std::string, std::string> not_applicable_;  // leaf -> justification
  std::vector<std::string> applicable_leaves_;
  std::vector<const Artifact*> artifacts_;           // filed on or before the date
  std::map<std::string, std::string> content_;       // artifact id -> its SHA-256 on the date
  std::vector<const Finding*> findings_;             // raised on or before the date
  std::vector<const InternalAudit*> programme_;      // planned or done in the cycle
  std::vector<const InternalAudit*> done_in_cycle_;  // done in the cycle up to the date
  std::vector<const ManagementReview*> reviews_;     // held in the review window
};

}  // namespace

ReadinessReport AssessReadiness(const Snapshot& snapshot, const VerifyReport& integrity, int stage,
                                Date as_of) {
  return Assessor(snapshot, integrity, as_of).Run(stage);
}

}  // namespace dossier
