// The readiness rules (doc/readiness.md): a rule table and one method per rule.
// Pure: every input is an argument; nothing here reads a file, a clock or git.
#include "dossier/readiness.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "dossier/applicability.h"
#include "dossier/document_rules.h"
#include "dossier/lifecycle.h"
#include "dossier/register_rules.h"
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

std::string ReadinessStageName(int stage) {
  switch (stage) {
    case kStage1:
      return "Stage 1";
    case kStage2:
      return "Stage 2";
    case kDecision:
      return "the certification decision";
    case kSurveillance:
      return "surveillance";
    case kRecertification:
      return "recertification";
  }
  return "Stage " + std::to_string(stage);
}

Result<int> ParseReadinessStage(std::string_view s) {
  const std::string l = Lower(Trim(s));
  if (l == "1" || l == "stage1") return kStage1;
  if (l == "2" || l == "stage2") return kStage2;
  if (l == "3" || l == "decision") return kDecision;
  if (l == "4" || l == "surveillance" || l == "surveillance1" || l == "surveillance2")
    return kSurveillance;
  if (l == "5" || l == "recertification") return kRecertification;
  return Error::Input("--stage " + std::string(s) +
                      ": unknown (valid: 1, 2, decision, surveillance, recertification)");
}

int ReadinessStageOf(BodyAuditType type) {
  switch (type) {
    case BodyAuditType::kStage1:
      return kStage1;
    case BodyAuditType::kStage2:
      return kStage2;
    case BodyAuditType::kSurveillance1:
    case BodyAuditType::kSurveillance2:
      return kSurveillance;
    case BodyAuditType::kRecertification:
      return kRecertification;
    case BodyAuditType::kSpecial:
      return kSurveillance;
  }
  return kStage2;
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

template <typename List>  // a vector or an artifact's TagList
bool Contains(const List& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Findings raised by the certification body (its Stage 1, Stage 2 or
// surveillance audits): they run on the body's rules, not the organisation's.
bool FromCertificationBody(const Finding& f) {
  return !f.body_audit.empty() || f.source == FindingSource::kStage1 ||
         f.source == FindingSource::kStage2 || f.source == FindingSource::kSurveillance ||
         f.source == FindingSource::kRecertification || f.source == FindingSource::kSpecial;
}

// A step of the body's dated on or before `day`.
bool StepBy(const std::optional<BodyStep>& b, Date day) { return b && b->date <= day; }

// "Quality policy" (ART-20260504-AB12): what a person recognises, then the id.
std::string Named(const Artifact& a) {
  return "\"" + (a.title.empty() ? a.path.substr(a.path.rfind('/') + 1) : a.title) + "\" (" + a.id +
         ")";
}
std::string Named(const Finding& f) { return f.id + " \"" + f.title + "\""; }

std::string Days(int64_t n) { return std::to_string(n) + (n == 1 ? " day" : " days"); }

// How many artifacts a detail or a requirement's met_by names in full; the
// rest are counted ("and 1234 more"). At 100,000 artifacts a list of every
// one is megabytes of prose that nobody reads, held in memory beside the
// snapshot; the check's entities still name every one (doc/readiness.md).
constexpr size_t kNamedInFull = 50;

std::string AndMore(size_t n) { return "and " + std::to_string(n) + " more"; }

// Lines (a requirement's met_by), the first kNamedInFull in full.
class NamedLines {
 public:
  // Adds a line; `text_of()` makes its text, called only when it is named.
  template <typename TextOf>
  void Add(TextOf&& text_of) {
    if (count_++ < kNamedInFull) lines_.push_back(text_of());
  }
  size_t size() const { return count_; }
  // The lines named, then how many more there are.
  std::vector<std::string> Lines() && {
    if (count_ > kNamedInFull) lines_.push_back(AndMore(count_ - kNamedInFull));
    return std::move(lines_);
  }

 private:
  std::vector<std::string> lines_;
  size_t count_ = 0;
};

// Items of a detail joined by `sep`, the first kNamedInFull in full.
class NamedList {
 public:
  explicit NamedList(std::string_view sep) : sep_(sep) {}
  // Adds an item; `text_of()` makes its text, called only when it is named.
  template <typename TextOf>
  void Add(TextOf&& text_of) {
    if (count_++ >= kNamedInFull) return;
    if (count_ > 1) text_ += sep_;
    text_ += text_of();
  }
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // The items named, then how many more there are.
  std::string Text() && {
    if (count_ > kNamedInFull) {
      text_ += sep_;
      text_ += AndMore(count_ - kNamedInFull);
    }
    return std::move(text_);
  }

 private:
  std::string_view sep_;
  std::string text_;
  size_t count_ = 0;
};

class Assessor;
using CheckFn = CheckResult (Assessor::*)(const ReadinessRule&) const;

struct Rule {
  ReadinessRule info;
  CheckFn run;
};

const std::vector<Rule>& Rules();

// Everything the rules need, computed once from the snapshot as of the date.
class Assessor {
 public:
  Assessor(const Snapshot& s, const VerifyReport& integrity, Date as_of, int stage)
      : s_(s),
        integrity_(integrity),
        as_of_(as_of),
        stage_(stage),
        cfg_(s.config),
        cl_(s.checklist) {
    for (const auto& [leaf, declared] : s_.NotApplicableLeaves()) {
      not_applicable_[leaf] = cfg_.not_applicable.at(declared);
    }
    for (const auto* leaf : cl_.Leaves()) {
      if (!not_applicable_.count(leaf->id)) applicable_leaves_.push_back(leaf->id);
    }
    for (const auto& a : s_.artifacts) {
      if (ContentViewAsOf(a).empty()) continue;
      artifacts_.push_back(&a);
    }
    IndexCredits();
    for (const auto& f : s_.findings) {
      if (f.raised > as_of_) continue;
      // Withdrawn findings are listed apart (findings.withdrawn) and judged
      // by no other rule.
      if (FindingStateAsOf(f, as_of_) == FindingState::kWithdrawn) {
        withdrawn_.push_back(&f);
      } else {
        findings_.push_back(&f);
      }
    }
    for (const auto& a : s_.body_audits) {
      if (a.state != AuditState::kDone || !a.done || *a.done > as_of_) continue;
      if (!previous_body_ || *a.done >= *previous_body_->done) previous_body_ = &a;
      if ((a.type == BodyAuditType::kStage2 || a.type == BodyAuditType::kRecertification) &&
          (!cycle_start_ || *a.done >= *cycle_start_)) {
        cycle_start_ = a.done;
      }
    }
    const Date cycle_start = cfg_.audit_cycle.Before(as_of_);
    const Date cycle_end = cfg_.audit_cycle.After(as_of_);
    for (const auto& a : s_.audits) {
      if (!AuditExists(a, as_of_)) continue;
      AuditState st = AuditStateAsOf(a, as_of_);
      if (st == AuditState::kCancelled) continue;
      if (st == AuditState::kDone) {
        done_ever_.push_back(&a);
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
    for (const auto& o : s_.objectives) {
      if (o.created <= as_of_) objectives_.push_back(&o);
    }
    go_live_ = GoLive();
  }

  ClauseEvidence Evidence() const {
    ClauseEvidence e;
    e.matrix = Matrix({}, &e.coverage);
    return e;
  }

  ReadinessReport Run() {
    ReadinessReport r;
    r.stage = stage_;
    r.as_of = as_of_;
    r.organisation = cfg_.organisation;
    r.commit = s_.commit;
    r.checklist = cl_.id();
    r.settings = {cfg_.evidence_window, cfg_.operating_period, cfg_.audit_cycle,
                  cfg_.review_window,   cfg_.min_objectives,   go_live_,
                  cfg_.approval_grace,  cfg_.plan_grace,       cfg_.effectiveness_interval,
                  cfg_.target_misses};
    for (const auto& rule : Rules()) {
      if (rule.info.stage > stage_) continue;
      CheckResult c = (this->*rule.run)(rule.info);
      c.id = rule.info.id;
      c.stage = rule.info.stage;
      c.title = rule.info.title;
      r.checks.push_back(std::move(c));
    }
    for (auto& c : r.checks) {
      std::sort(c.entities.begin(), c.entities.end());
      c.entities.erase(std::unique(c.entities.begin(), c.entities.end()), c.entities.end());
      if (c.status == CheckStatus::kPass) {
        c.next_action.clear();
        c.command.clear();
      }
    }
    r.requirements = RequirementRows();
    // The score: every applicable requirement judged at this stage and every
    // check is a point; nothing to judge earns nothing.
    double points = 0;
    int total = 0;
    for (const auto& c : r.checks) {
      ++total;
      if (!c.judged) continue;
      points += c.status == CheckStatus::kPass ? 1.0 : c.status == CheckStatus::kWarn ? 0.5 : 0.0;
    }
    for (const auto& q : r.requirements) {
      if (q.status == "not applicable") continue;
      ++total;
      if (q.status == "met" || q.status == "not held") points += 1.0;
    }
    r.score = total == 0 ? 0 : std::round(points * 1000.0 / total) / 10.0;
    r.ready = r.Count(CheckStatus::kFail) == 0;
    r.matrix = Matrix(r.checks, &r.coverage);
    r.findings = Findings(findings_);
    r.withdrawn = Findings(withdrawn_);
    r.measures = Measures();
    return r;
  }

  // ---- Scope and documents (Stage 1) ----

  CheckResult ScopeDocument(const ReadinessRule&) const {
    CheckResult c;
    std::vector<const Requirement*> scope = MaintainOn("4.3");
    RequireDocuments(scope, c);
    if (c.status != CheckStatus::kPass) return c;
    if (scope.empty()) {
      c.detail = "the checklist names no scope requirement";
      return c;
    }
    // The scope document states the exclusions (4.3): it must have been
    // approved with the declarations in force now.
    // An approval that recorded nothing (made before approvals recorded
    // the exclusions) cannot show that the document states any.
    const Artifact* doc = CurrentDocument(*scope.front());
    const std::map<std::string, std::string> then =
        doc ? doc->approval->not_applicable.value_or(std::map<std::string, std::string>{})
            : std::map<std::string, std::string>{};
    if (doc && then != cfg_.not_applicable) {
      std::vector<std::string> changes;
      for (const auto& [clause, why] : cfg_.not_applicable) {
        auto it = then.find(clause);
        if (it == then.end()) {
          changes.push_back(clause + " declared not applicable");
        } else if (it->second != why) {
          changes.push_back("the justification of " + clause + " changed");
        }
      }
      for (const auto& [clause, why] : then) {
        if (!cfg_.not_applicable.count(clause)) changes.push_back(clause + " applicable again");
      }
      c.status = CheckStatus::kFail;
      c.entities.push_back({"artifact", doc->id});
      c.entities.push_back({"clause", "4.3"});
      c.detail = "the scope document " + Named(*doc) + " was approved on " +
                 doc->approval->date.ToString() +
                 ", before the scope changed: " + Join(changes, "; ") +
                 "; the scope document must state what is not applicable and why (4.3)";
      c.next_action = "update the scope document to state the exclusions, and approve it again";
      c.command = "dossier add FILE (the updated scope document); dossier approve " + doc->id;
      return c;
    }
    c.detail = "the scope document " + (doc ? Named(*doc) : std::string("")) +
               " is approved and current" +
               (cfg_.not_applicable.empty() ? "" : ", and states the scope's exclusions");
    return c;
  }

  CheckResult ScopeApplicability(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    NamedList contradictions("; ");
    for (const auto& [clause, why] : cfg_.not_applicable) {
      if (!cl_.FindClause(clause)) {
        problems.push_back(clause + " is not a clause of " + cl_.id());
        c.entities.push_back({"clause", clause});
        continue;
      }
      if (auto st = CheckDeclarable(cl_, clause, cfg_.not_applicable); !st.ok()) {
        problems.push_back(st.error().message());
        c.entities.push_back({"clause", clause});
      }
      if (auto st = CheckJustification(why, "the justification of " + clause); !st.ok()) {
        problems.push_back(st.error().message());
        c.entities.push_back({"clause", clause});
      }
    }
    // Evidence of work the declarations say is not done.
    const Date start = cfg_.evidence_window.Before(as_of_);
    for (const auto* a : artifacts_) {
      if (a->kind != ArtifactKind::kRecord || a->EvidenceDate() < start) continue;
      for (const auto& cl : a->clauses) {
        if (!not_applicable_.count(cl)) continue;
        contradictions.Add([&] {
          return Named(*a) + " is a record of " + cl + ", which is declared not applicable";
        });
        c.entities.push_back({"artifact", a->id});
        c.entities.push_back({"clause", cl});
        break;
      }
    }
    c.judged = !cfg_.not_applicable.empty();
    if (problems.empty() && contradictions.empty()) {
      c.detail = cfg_.not_applicable.empty()
                     ? "every clause is applicable"
                     : std::to_string(cfg_.not_applicable.size()) +
                           " declaration(s) of non-applicability, each of a whole clause that "
                           "may be excluded, each justified";
      return c;
    }
    if (!problems.empty()) {
      c.status = CheckStatus::kFail;
      c.detail = Join(problems, "; ");
      c.next_action =
          "make such clauses applicable again, or declare a whole excludable clause not "
          "applicable with a justification that says why it cannot apply";
      c.command = "dossier scope include CLAUSE; dossier scope exclude CLAUSE --why TEXT";
      if (!contradictions.empty()) c.detail += "; also " + std::move(contradictions).Text();
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = std::move(contradictions).Text() +
               ": an auditor will ask whether the clause really does not apply";
    c.next_action = "make the clause applicable again, or correct the records' clauses";
    c.command = "dossier scope include CLAUSE";
    return c;
  }

  CheckResult DocumentsCurrent(const ReadinessRule&) const {
    CheckResult c;
    std::vector<const Requirement*> reqs;
    for (const auto* q : ApplicableRequirements(RequirementKind::kMaintain)) {
      if (q->clause != "4.3") reqs.push_back(q);  // scope.document checks the scope
    }
    RequireDocuments(reqs, c);
    if (c.status == CheckStatus::kPass) {
      c.detail = std::to_string(reqs.size()) +
                 " requirement(s) each have a current approved document: " + MetBy(reqs);
    }
    return c;
  }

  CheckResult DocumentsControlled(const ReadinessRule&) const {
    CheckResult c;
    NamedList problems("; ");
    int documents = 0;
    for (const auto* a : artifacts_) {
      if (a->kind != ArtifactKind::kDocument) continue;
      ++documents;
      const Date since = ContentDate(*a);
      const bool forged = a->approval && a->approval->signature_state == SignatureState::kInvalid;
      const bool approved_now = a->approval && !forged && a->approval->date <= as_of_ &&
                                a->approval->sha256 == ContentViewAsOf(*a);
      std::string why;
      if (forged) {
        why = "is not approved: " + a->approval->signature_problem;
      } else if (!approved_now && cfg_.approval_grace.After(since) < as_of_) {
        why = (a->approval ? "changed on " + since.ToString() + " and not approved since"
                           : "filed on " + since.ToString() + " and never approved") +
              " (" + Days(as_of_.days() - since.days()) + ")";
      } else if (approved_now) {
        auto due = a->NextReview();
        if (due && *due < as_of_) {
          why = "its periodic review, the organisation's own rule, was due on " + due->ToString();
        }
      }
      if (why.empty()) continue;
      c.entities.push_back({"artifact", a->id});
      problems.Add([&] { return Named(*a) + ' ' + why; });
    }
    c.judged = documents > 0;
    if (problems.empty()) {
      c.detail = std::to_string(documents) + " document(s), none left unapproved beyond " +
                 cfg_.approval_grace.ToString();
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.entities.push_back({"clause", "7.5.2"});
    c.detail = "uncontrolled documents (7.5.2 asks for review and approval): " +
               std::move(problems).Text();
    c.next_action = "review and approve each document, or withdraw it";
    c.command = "dossier approve ID";
    return c;
  }

  CheckResult ObjectivesDefined(const ReadinessRule&) const {
    CheckResult c;
    int measurable = 0;
    std::vector<std::string> vague;
    for (const auto* o : objectives_) {
      bool ok = std::any_of(o->measures.begin(), o->measures.end(),
                            [](const Measure& m) { return IsMeasurableTarget(m.target); });
      if (ok) {
        ++measurable;
      } else {
        vague.push_back(o->id + " \"" + o->name + "\"");
        c.entities.push_back({"objective", o->id});
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
    if (!vague.empty())
      c.detail += "; without a measurable target (e.g. \">=95\"): " + Join(vague, ", ");
    c.entities.push_back({"clause", "6.2.1"});
    c.next_action = "set quality objectives, each with a measure and a numeric target";
    c.command =
        "dossier objective add NAME --measure M --unit U --target \">=95\" --frequency monthly";
    return c;
  }

  CheckResult AuditProgramme(const ReadinessRule&) const {
    CheckResult c;
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
    c.next_action = "plan the internal audit programme for the cycle";
    c.command = "dossier audit plan --scope CLAUSES --date DATE --auditor NAME";
    return c;
  }

  CheckResult AuditDone(const ReadinessRule&) const {
    CheckResult c;
    const std::string since = cfg_.audit_cycle.Before(as_of_).ToString();
    if (!done_in_cycle_.empty()) {
      c.detail = std::to_string(done_in_cycle_.size()) + " internal audit(s) done since " + since;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no internal audit done between " + since + " and " + as_of_.ToString();
    for (const auto* a : programme_) c.entities.push_back({"audit", a->id});
    c.entities.push_back({"clause", "9.2.2"});
    c.next_action = "carry out a planned internal audit and record it as done, with its report";
    c.command = "dossier audit done ID --date DATE --report ARTIFACT";
    return c;
  }

  CheckResult ReviewHeld(const ReadinessRule&) const {
    CheckResult c;
    const std::string since = cfg_.review_window.Before(as_of_).ToString();
    if (!reviews_.empty()) {
      c.detail = std::to_string(reviews_.size()) + " management review(s) held since " + since;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no management review held between " + since + " and " + as_of_.ToString();
    c.entities.push_back({"clause", "9.3.1"});
    c.next_action = "hold a management review and record it with its minutes";
    c.command = "dossier review record --date DATE --inputs ... --minutes ARTIFACT";
    return c;
  }

  CheckResult ClausesEvidence(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> bare, required;
    const std::set<std::string> evidenced = EvidencedLeaves();
    for (const auto& leaf : applicable_leaves_) {
      if (evidenced.count(leaf)) continue;
      const Clause* cl = cl_.FindClause(leaf);
      c.entities.push_back({"clause", leaf});
      (stage_ >= 2 && cl->stage2_evidence ? required : bare).push_back(leaf + " " + cl->title);
    }
    if (bare.empty() && required.empty()) {
      c.detail = "each of the " + std::to_string(applicable_leaves_.size()) +
                 " applicable clauses has evidence (a document, a record, an audit, a finding "
                 "or the tool's own records)";
      return c;
    }
    std::vector<std::string> parts;
    if (!required.empty()) {
      parts.push_back("no evidence at all, which Stage 2 cannot do without, for: " +
                      Join(required, "; "));
    }
    if (!bare.empty()) parts.push_back("no evidence at all for: " + Join(bare, "; "));
    c.status = required.empty() ? CheckStatus::kWarn : CheckStatus::kFail;
    c.detail = Join(parts, "; also ");
    c.next_action =
        "file what shows each clause is met (for example the context analysis for 4.1, the "
        "risk register for 6.1, customer satisfaction results for 9.1.2), or audit it";
    c.command = "dossier add FILE --kind document|record --clause CLAUSE";
    return c;
  }

  CheckResult Integrity(const ReadinessRule&) const {
    CheckResult c;
    c.judged = integrity_.checked > 0;
    if (integrity_.ok()) {
      c.detail = std::to_string(integrity_.checked) + " artifact(s) match their SHA-256";
      return c;
    }
    NamedList problems("; ");
    for (const auto& p : integrity_.problems) {
      if (!p.artifact.empty()) c.entities.push_back({"artifact", p.artifact});
      const Artifact* a = s_.FindArtifact(p.artifact);
      problems.Add([&] {
        return (a                    ? Named(*a) + " "
                : p.artifact.empty() ? ""
                                     : p.artifact + " ") +
               p.path +
               (p.artifact.empty() ? " is a symbolic link"
                : !p.link.empty()  ? " is behind the symbolic link " + p.link
                : p.actual.empty() ? " is missing"
                                   : " was modified");
      });
      if (a) {
        for (const auto& cl : a->clauses) c.entities.push_back({"clause", cl});
      }
    }
    c.status = CheckStatus::kFail;
    c.detail = std::move(problems).Text();
    c.next_action =
        "restore the filed content, or file the new revision (a document then needs approval "
        "again)";
    c.command = "git checkout -- PATH, or dossier add PATH";
    return c;
  }

  // ---- Operation (Stage 2) ----

  CheckResult RecordsCurrent(const ReadinessRule&) const {
    CheckResult c;
    const std::string window =
        cfg_.evidence_window.Before(as_of_).ToString() + " to " + as_of_.ToString();
    std::vector<std::string> missing;
    std::vector<const Requirement*> met;
    for (const auto* q : ApplicableRequirements(RequirementKind::kRetain)) {
      if (q->conditional) continue;  // records.conditional
      if (!MetBy(*q).empty()) {
        met.push_back(q);
        continue;
      }
      c.entities.push_back({"requirement", q->id});
      c.entities.push_back({"clause", q->clause});
      std::string what = q->id + " (" + q->ref + " " + q->title + ")";
      if (auto n = RecordsOf(*q).size(); n > 0) {
        what += ": " + std::to_string(n) + " record(s), none effective and unexpired in the window";
      }
      missing.push_back(what);
    }
    if (missing.empty()) {
      c.detail = std::to_string(met.size()) + " requirement(s) have a record effective " + window +
                 ": " + MetBy(met);
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no record effective " + window + " for " + Join(missing, "; ");
    c.next_action = "file a current record for each, against its clause";
    c.command = "dossier add FILE --kind record --clause CLAUSE --effective DATE";
    return c;
  }

  // Due dates in registers (doc/registers.md): a calibration, a supplier
  // re-evaluation, a training renewal past due on a row still in use.
  CheckResult RegistersDue(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> late;
    size_t n = 0;
    for (const auto& d : RegisterDueDates(s_)) {
      ++n;
      if (d.date >= as_of_) continue;
      late.push_back(d.what + " of " + d.key + " (" + d.kind + " register) was due " +
                     d.date.ToString() + (d.owner.empty() ? "" : ", owner " + d.owner));
      c.entities.push_back({"register", d.kind + ": " + d.key});
    }
    c.judged = n > 0;
    if (late.empty()) {
      c.detail = n ? std::to_string(n) + " due date(s) in registers, none past"
                   : "no register row in use has a due date";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = Join(late, "; ");
    c.next_action =
        "do what fell due and record it in the register (a new calibration date, "
        "the re-evaluation, the renewed training), or mark the row no longer in use";
    c.command = "dossier register update KIND KEY --set COLUMN=VALUE";
    return c;
  }

  CheckResult RecordsConditional(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> maybe, stated;
    int judged = 0;
    for (const auto* q : ApplicableRequirements(RequirementKind::kRetain)) {
      if (!q->conditional) continue;
      ++judged;
      if (!MetBy(*q).empty()) continue;
      if (const Config::NotHeld* n = NotHeld(*q)) {
        stated.push_back(q->id + ": " + n->why);
        continue;
      }
      c.entities.push_back({"requirement", q->id});
      c.entities.push_back({"clause", q->clause});
      maybe.push_back(q->id + " (" + q->ref + " " + q->title + ") [" + q->condition + "]");
    }
    c.judged = judged > 0;
    const std::string also = stated.empty() ? "" : "; stated not to hold: " + Join(stated, "; ");
    if (maybe.empty()) {
      c.detail =
          "each conditional requirement has a record, or its condition is stated not to "
          "hold" +
          also;
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = "no record within the evidence window for " + Join(maybe, "; ") +
               "; fine if the condition does not hold, which the organisation states" + also;
    c.next_action =
        "file a record where the condition holds, or state, with the reason, that it does not";
    c.command = "dossier scope condition REQ --not-held --why TEXT [--from DATE]";
    return c;
  }

  CheckResult RecordsSpan(const ReadinessRule&) const {
    CheckResult c;
    const std::string period = cfg_.operating_period.ToString();
    if (!go_live_) {
      c.status = CheckStatus::kFail;
      c.judged = false;
      c.detail =
          "the QMS has no go-live date: neither the scope document nor the quality "
          "policy is approved, and dossier.ini sets no [qms] go_live";
      c.next_action =
          "approve the scope document and the quality policy, or record the day "
          "the QMS went live";
      c.command = "set [qms] go_live = DATE in dossier.ini";
      return c;
    }
    const Date ready_from = cfg_.operating_period.After(*go_live_);
    const Date start = std::max(*go_live_, cfg_.evidence_window.Before(as_of_));
    std::optional<Date> first, last;
    for (const Date d : OperatingDates()) {
      if (d < start || d > as_of_) continue;
      if (!first || d < *first) first = d;
      if (!last || d > *last) last = d;
    }
    const std::string live = "the QMS went live on " + go_live_->ToString() +
                             (cfg_.go_live ? "" : " (its first approved scope or policy)");
    if (ready_from > as_of_) {
      c.status = CheckStatus::kFail;
      c.detail = live + ", " + Days(as_of_.days() - go_live_->days()) +
                 " ago; Stage 2 needs the QMS to have operated for " + period;
      c.next_action =
          "keep operating the QMS and filing its records until at least " + ready_from.ToString();
      return c;
    }
    if (!first) {
      c.status = CheckStatus::kFail;
      c.detail = live + "; no record, audit, review, measurement or finding dated since";
      c.next_action = "operate the QMS and file its records for at least " + period;
      return c;
    }
    const std::string span = first->ToString() + " to " + last->ToString() + " (" +
                             Days(last->days() - first->days()) + ")";
    const Date needed = cfg_.operating_period.After(*first);
    if (needed <= *last) {
      c.detail = live + "; its records span " + span + ", at least " + period;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = live + "; its records span only " + span +
               " (records dated before go-live do "
               "not count); the operating period is " +
               period;
    c.next_action = "keep operating and filing records until at least " + needed.ToString();
    return c;
  }

  CheckResult AuditCoverage(const ReadinessRule&) const {
    CheckResult c;
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
    c.next_action = "audit the uncovered clauses within the cycle";
    c.command = "dossier audit plan --scope CLAUSES --date DATE --auditor NAME";
    return c;
  }

  CheckResult AuditIndependence(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    c.judged = !programme_.empty();
    for (const auto* a : programme_) {
      for (const auto& r : SelfAuditRisks(*a, cfg_.processes, cl_)) {
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

  CheckResult ReviewInputs(const ReadinessRule&) const {
    CheckResult c;
    std::set<std::string> covered;
    std::vector<std::string> impossible;
    for (const auto* r : reviews_) {
      for (const auto& in : r->inputs) {
        const std::string why = WhyInputImpossible(*r, in);
        if (why.empty()) {
          covered.insert(in);
        } else {
          impossible.push_back(r->id + " (" + r->date.ToString() + ") claims " + in + " " + why);
          c.entities.push_back({"review", r->id});
        }
      }
    }
    std::vector<std::string> missing;
    for (const auto& in : dossier::ReviewInputs()) {
      if (!covered.count(in)) missing.push_back(in);
    }
    c.judged = !reviews_.empty();
    if (missing.empty()) {
      c.detail = "all 12 inputs covered by " + std::to_string(reviews_.size()) + " review(s)";
      return c;
    }
    c.status = CheckStatus::kFail;
    for (const auto& m : missing) c.entities.push_back({"input", m});
    c.entities.push_back({"clause", "9.3.2"});
    c.detail = "9.3.2 input(s) not covered by any review since " +
               cfg_.review_window.Before(as_of_).ToString() + ": " + Join(missing, ", ");
    if (!impossible.empty()) {
      c.detail += " (not counted: " + Join(impossible, "; ") + ")";
    }
    c.next_action = "cover the missing inputs at the next management review";
    c.command = "dossier review record --date DATE --inputs LETTERS --minutes ARTIFACT";
    return c;
  }

  CheckResult ReviewMinutes(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    c.judged = !reviews_.empty();
    for (const auto* r : reviews_) {
      if (r->minutes.empty()) {
        problems.push_back(r->id + " (" + r->date.ToString() + ") has no minutes");
      } else if (!s_.FindArtifact(r->minutes)) {
        problems.push_back(r->id + " cites minutes " + r->minutes + ", which are not filed");
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
    c.next_action = "file the minutes as a record and cite them in the review";
    c.command = "dossier add MINUTES --kind record --clause 9.3.3";
    return c;
  }

  CheckResult ReviewOutputs(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    c.judged = !reviews_.empty();
    for (const auto* r : reviews_) {
      if (!r->outputs.empty() || !r->actions.empty()) continue;
      problems.push_back(r->id + " (" + r->date.ToString() + ")");
      c.entities.push_back({"review", r->id});
    }
    if (problems.empty()) {
      c.detail = "each review in the window records its outputs (9.3.3)";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.entities.push_back({"clause", "9.3.3"});
    c.detail =
        "no decisions or actions recorded (9.3.3: improvement opportunities, changes to "
        "the QMS, resource needs) for: " +
        Join(problems, ", ");
    c.next_action = "record the review's decisions and actions";
    c.command = "dossier review record ... --output TEXT --action TEXT";
    return c;
  }

  CheckResult ObjectivesMeasured(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems, pending;
    int measures = 0;
    for (const auto* o : objectives_) {
      for (const auto& m : o->measures) {
        ++measures;
        const Measurement* last = Latest(*o, m);
        if (MeasuredInWindow(m, last)) continue;
        const Date first_due = FrequencyWindow(m.frequency).After(o->created);
        if (!last && first_due >= as_of_) {
          pending.push_back(o->id + " \"" + m.name + "\" (first due " + first_due.ToString() + ")");
          continue;
        }
        c.entities.push_back({"measure", o->id + "#" + m.name});
        problems.push_back(o->id + " \"" + o->name + "\" measure \"" + m.name + "\" (" +
                           ToString(m.frequency) + "): " +
                           (last ? "last measured " + last->date.ToString()
                                 : "never measured, first due " + first_due.ToString()));
      }
    }
    c.judged = measures > 0;
    const std::string not_due = pending.empty() ? "" : "; not due yet: " + Join(pending, ", ");
    if (problems.empty()) {
      c.detail =
          std::to_string(measures) + " measure(s), each measured within its frequency" + not_due;
      return c;
    }
    c.status = CheckStatus::kFail;
    c.entities.push_back({"clause", "9.1.1"});
    c.detail = Join(problems, "; ") + not_due;
    c.next_action = "record a current measurement for each";
    c.command = "dossier objective measure ID --measure NAME --value V --date DATE";
    return c;
  }

  CheckResult ObjectivesPerformance(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int judged = 0;
    for (const auto* o : objectives_) {
      for (const auto& m : o->measures) {
        auto target = ParseTarget(m.target);
        if (!target) continue;
        ++judged;
        std::vector<const Measurement*> series = Series(*o, m);
        int run = 0;
        Date run_start;
        for (auto it = series.rbegin(); it != series.rend() && !target->Met((*it)->value); ++it) {
          ++run;
          run_start = (*it)->date;
        }
        if (run < cfg_.target_misses || Acted(*o, run_start)) continue;
        c.entities.push_back({"measure", o->id + "#" + m.name});
        c.entities.push_back({"objective", o->id});
        problems.push_back(o->id + " \"" + o->name + "\" measure \"" + m.name + "\" missed " +
                           target->text + " " + std::to_string(run) + " times in a row since " +
                           run_start.ToString() + ", with no finding or review action about it");
      }
    }
    c.judged = judged > 0;
    if (problems.empty()) {
      c.detail = "no objective has missed its target " + std::to_string(cfg_.target_misses) +
                 " times in a row without action";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.entities.push_back({"clause", "6.2.2"});
    c.detail = Join(problems, "; ") +
               " (missing a target does not block certification; ignoring it is what an "
               "auditor asks about)";
    c.next_action =
        "analyse why the target is missed and act: raise a finding on the "
        "objective, or decide an action at management review";
    c.command = "dossier finding open --objective ID --grade ofi|minor --clause 6.2.2 --title T";
    return c;
  }

  // ---- Findings (Stage 2) ----

  CheckResult FindingsMajor(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> blocking, watched;
    int internal_blocking = 0;
    for (const auto* f : OpenOf(Grade::kMajor)) {
      const FindingState st = FindingStateAsOf(*f, as_of_);
      NameFinding(c, *f);
      std::string what = Named(*f) + " (" + ToString(st) + ", raised " + f->raised.ToString() +
                         (FromCertificationBody(*f) ? " by the certification body" : "") + ")";
      std::vector<std::string> lacks;
      if (f->correction.empty() || st < FindingState::kAnalysed)
        lacks.push_back("not contained: no correction recorded");
      if (st < FindingState::kPlanned) lacks.push_back("no corrective action planned");
      if (OverdueAsOf(*f, as_of_)) lacks.push_back("past its due date " + f->due->ToString());
      if (FromCertificationBody(*f)) {
        blocking.push_back(what + ": the certification body must verify it closed");
      } else if (!lacks.empty()) {
        ++internal_blocking;
        blocking.push_back(what + ": " + Join(lacks, ", "));
      } else {
        watched.push_back(what + ": contained and on plan" +
                          (f->due ? ", due " + f->due->ToString() : std::string()));
      }
    }
    c.judged = !findings_.empty();
    if (blocking.empty() && watched.empty()) {
      c.detail = "no major nonconformity is open";
      return c;
    }
    if (!blocking.empty()) {
      c.status = CheckStatus::kFail;
      c.detail = "open major nonconformities: " + Join(blocking, "; ");
      if (!watched.empty()) c.detail += "; also open: " + Join(watched, "; ");
      if (internal_blocking == 0) {
        c.next_action =
            "take each through corrective action and have the certification body "
            "verify it closed";
        c.command =
            "dossier finding body-verify ID --by NAME --evidence ARTIFACT; dossier "
            "finding close ID";
        return c;
      }
      c.next_action =
          "contain each (record the correction), find the root cause and plan the "
          "corrective action within its due date";
      c.command =
          "dossier finding analyse ID --correction T --cause T; dossier finding plan ID "
          "--action T --due DATE";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = "open major nonconformities, contained and on plan: " + Join(watched, "; ") +
               "; an auditor will look at how they are handled";
    c.next_action = "implement the corrective actions and verify them effective";
    c.command = "dossier finding implement ID --evidence ARTIFACT";
    return c;
  }

  CheckResult FindingsMinorPlan(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int minors = 0;
    for (const auto* f : OpenOf(Grade::kMinor)) {
      ++minors;
      if (FindingStateAsOf(*f, as_of_) >= FindingState::kPlanned) continue;
      const Date limit = cfg_.plan_grace.After(f->raised);
      if (limit >= as_of_ && !FromCertificationBody(*f)) continue;  // in hand, within grace
      std::vector<std::string> lacks;
      if (f->correction.empty()) lacks.push_back("correction");
      if (f->cause.empty()) lacks.push_back("root cause");
      lacks.push_back("action plan");
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " raised " + f->raised.ToString() + " lacks " +
                         Join(lacks, ", "));
    }
    c.judged = !findings_.empty();
    if (problems.empty()) {
      c.detail = minors == 0 ? "no open minor nonconformity"
                             : "every open minor nonconformity is planned, or raised less than " +
                                   cfg_.plan_grace.ToString() + " ago";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "without an action plan " + cfg_.plan_grace.ToString() +
               " after being raised: " + Join(problems, "; ");
    c.next_action = "record the correction and root cause, then plan the corrective action";
    c.command = "dossier finding analyse ID ...; dossier finding plan ID --action T --due DATE";
    return c;
  }

  CheckResult FindingsMinorOverdue(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    for (const auto* f : OpenOf(Grade::kMinor)) {
      if (!OverdueAsOf(*f, as_of_)) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " was due " + f->due->ToString());
    }
    c.judged = !findings_.empty();
    if (problems.empty()) {
      c.detail = "no open minor nonconformity is past its due date";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = Join(problems, "; ");
    c.next_action =
        "complete the corrective actions, or re-plan them with a new due date and the reason";
    c.command = "dossier finding implement ID --evidence ARTIFACT, or dossier finding plan ID";
    return c;
  }

  CheckResult FindingsStage1(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int judged = 0;
    for (const auto* f : findings_) {
      if (f->source != FindingSource::kStage1) continue;
      if (f->grade == Grade::kObservation || f->grade == Grade::kOfi) continue;
      ++judged;
      if (FindingStateAsOf(*f, as_of_) == FindingState::kClosed) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " (" + ToString(f->grade) + ", " +
                         ToString(FindingStateAsOf(*f, as_of_)) + ")");
    }
    c.judged = !findings_.empty() || judged > 0;
    if (problems.empty()) {
      c.detail = "no Stage 1 finding is open";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "open Stage 1 findings: " + Join(problems, "; ");
    c.next_action = "resolve each Stage 1 area of concern and close it with a response";
    c.command = "dossier finding close ID --response TEXT";
    return c;
  }

  CheckResult FindingsVerified(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int closed = 0;
    for (const auto* f : findings_) {
      if (!IsNonconformity(f->grade) || FindingStateAsOf(*f, as_of_) != FindingState::kClosed)
        continue;
      ++closed;
      const EffectivenessCheck* last = LastCheck(*f);
      std::string why;
      if (!HasEffectiveVerification(*f, as_of_)) {
        why = "closed without an effective verification backed by evidence";
      } else {
        why = EffectivenessDoubt(*last, ImplementedOn(*f, as_of_), cfg_.effectiveness_interval,
                                 [&](const std::string& id) { return ArtifactDate(id); });
      }
      if (why.empty()) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + ": " + why);
    }
    c.judged = closed > 0;
    if (problems.empty()) {
      c.detail = std::to_string(closed) +
                 " closed nonconformity(ies), each verified effective with evidence filed after "
                 "the action";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = Join(problems, "; ");
    c.next_action =
        "reopen each and verify the action's effectiveness again, later, on "
        "evidence gathered after it was implemented";
    c.command = "dossier finding reopen ID --why T";
    return c;
  }

  CheckResult FindingsVerifier(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int judged = 0;
    for (const auto* f : findings_) {
      if (!IsNonconformity(f->grade) || f->owner.empty()) continue;
      const EffectivenessCheck* last = LastCheck(*f);
      if (!last || !last->effective) continue;
      ++judged;
      if (!SamePerson(last->by, f->owner)) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " verified by " + last->by + ", who owns its action");
    }
    c.judged = judged > 0;
    if (problems.empty()) {
      c.detail = "no corrective action was verified effective by its own owner";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = Join(problems, "; ") + " (a risk to objectivity, not a nonconformity)";
    c.next_action = "have someone independent of the action verify its effectiveness";
    return c;
  }

  CheckResult FindingsWithdrawn(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> listed, hiding, body;
    for (const auto* w : withdrawn_) {
      const std::string why = w->withdrawn_reason == "duplicate" ? "duplicate of " + w->duplicate_of
                                                                 : std::string("raised in error");
      listed.push_back(Named(*w) + " (" + ToString(w->grade) + ", " + why + ": " +
                       w->withdrawn_why + "; decided by " + w->withdrawn_by + ")");
      c.entities.push_back({"finding", w->id});
      if (!IsNonconformity(w->grade)) continue;
      if (w->withdrawn_reason == "duplicate") {
        const Finding* other = nullptr;
        for (const auto& f : s_.findings) {
          if (f.id == w->duplicate_of) other = &f;
        }
        std::string problem;
        if (!other || other->raised > as_of_) {
          problem = "the finding it duplicates is not on record";
        } else if (FindingStateAsOf(*other, as_of_) == FindingState::kWithdrawn) {
          problem = other->id + ", which it duplicates, is itself withdrawn";
        } else if (!IsNonconformity(other->grade) ||
                   (w->grade == Grade::kMajor && other->grade != Grade::kMajor)) {
          problem = other->id + ", which it duplicates, is only " + ToString(other->grade);
        } else if (other->closed && FindingStateAsOf(*other, as_of_) == FindingState::kClosed &&
                   *other->closed < w->raised) {
          problem = other->id + " was closed on " + other->closed->ToString() +
                    " before it was raised: a recurrence, not a duplicate";
        }
        if (!problem.empty()) {
          NameFinding(c, *w);
          hiding.push_back(Named(*w) + ": " + problem);
        }
      } else if (FromCertificationBody(*w)) {
        body.push_back(Named(*w));
      }
    }
    c.judged = !withdrawn_.empty();
    if (listed.empty()) {
      c.detail = "no finding is withdrawn";
      return c;
    }
    c.detail = "withdrawn, listed apart and judged by no other rule: " + Join(listed, "; ");
    if (!hiding.empty()) {
      c.status = CheckStatus::kFail;
      c.detail =
          "a withdrawal cannot hide a nonconformity: " + Join(hiding, "; ") + "; " + c.detail;
      c.next_action =
          "handle it as the nonconformity it is: raise it again (or reopen the "
          "finding it repeats) and take it through corrective action";
      c.command = "dossier finding open ... or dossier finding reopen ID --why T";
      return c;
    }
    if (!body.empty()) {
      c.status = CheckStatus::kWarn;
      c.detail = "the certification body's nonconformities withdrawn as raised in error: " +
                 Join(body, "; ") +
                 " (only the body can withdraw its finding: keep its written "
                 "agreement); " +
                 c.detail;
      c.next_action = "file the body's written agreement to the withdrawal";
    }
    return c;
  }

  CheckResult ReviewsActions(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> late;
    int tracked = 0;
    for (const auto& r : s_.reviews) {
      if (r.date > as_of_) continue;
      for (size_t i = 0; i < r.tracked.size(); ++i) {
        const ReviewAction& a = r.tracked[i];
        ++tracked;
        const bool done = a.state == "done" && a.done && *a.done <= as_of_;
        if (done || !a.due || *a.due >= as_of_) continue;
        c.entities.push_back({"review", r.id});
        late.push_back(r.id + " action " + std::to_string(i + 1) + " \"" + a.text + "\" (" +
                       a.owner + ") was due " + a.due->ToString());
      }
    }
    c.judged = tracked > 0;
    if (late.empty()) {
      c.detail = tracked == 0 ? "no management review action is tracked"
                              : std::to_string(tracked) + " tracked review action(s), none overdue";
      return c;
    }
    c.status = CheckStatus::kWarn;
    c.detail = "overdue management review actions: " + Join(late, "; ");
    c.next_action =
        "complete them with evidence, or decide at the next review what becomes of them";
    c.command = "dossier review action-done ID --item N --evidence ARTIFACT";
    return c;
  }

  // ---- The certification decision ----

  std::vector<const Finding*> BodyNonconformities(Grade g) const {
    std::vector<const Finding*> out;
    for (const auto* f : findings_) {
      if (f->grade == g && FromCertificationBody(*f) && f->source != FindingSource::kStage1) {
        out.push_back(f);
      }
    }
    return out;
  }

  CheckResult BodyDeadlines(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> missing, late;
    int judged = 0;
    for (Grade g : {Grade::kMajor, Grade::kMinor}) {
      for (const auto* f : BodyNonconformities(g)) {
        if (!f->body_plan_due) continue;
        ++judged;
        if (StepBy(f->plan_submitted, as_of_)) {
          if (f->plan_submitted->date > *f->body_plan_due) {
            NameFinding(c, *f);
            late.push_back(Named(*f) + " sent " + f->plan_submitted->date.ToString() +
                           ", the body's deadline was " + f->body_plan_due->ToString());
          }
          continue;
        }
        if (FindingStateAsOf(*f, as_of_) == FindingState::kClosed) continue;
        if (*f->body_plan_due >= as_of_) continue;
        NameFinding(c, *f);
        missing.push_back(Named(*f) + " (" + ToString(f->grade) + "): due to the body " +
                          f->body_plan_due->ToString());
      }
    }
    c.judged = judged > 0;
    if (missing.empty() && late.empty()) {
      c.detail = judged == 0 ? "no nonconformity of the certification body has a deadline"
                             : "every correction and action plan reached the body in time";
      return c;
    }
    c.status = missing.empty() ? CheckStatus::kWarn : CheckStatus::kFail;
    std::vector<std::string> parts;
    if (!missing.empty())
      parts.push_back("correction and action plan not sent: " + Join(missing, "; "));
    if (!late.empty()) parts.push_back("sent after the deadline: " + Join(late, "; "));
    c.detail = Join(parts, "; ");
    c.next_action = "send the body the correction, root cause and action plan now, and record it";
    c.command = "dossier finding submit ID --evidence ARTIFACT";
    return c;
  }

  CheckResult BodyMajors(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    auto majors = BodyNonconformities(Grade::kMajor);
    for (const auto* f : majors) {
      const FindingState st = FindingStateAsOf(*f, as_of_);
      if (st == FindingState::kClosed && StepBy(f->body_verified, as_of_)) continue;
      std::vector<std::string> lacks;
      if (st < FindingState::kPlanned) lacks.push_back("no action plan");
      if (!StepBy(f->plan_submitted, as_of_)) lacks.push_back("plan not sent to the body");
      if (st < FindingState::kImplemented && st != FindingState::kClosed)
        lacks.push_back("not implemented");
      if (!StepBy(f->body_verified, as_of_)) lacks.push_back("not verified by the body");
      if (st != FindingState::kClosed) lacks.push_back("not closed");
      if (f->body_close_due && *f->body_close_due < as_of_) {
        lacks.push_back("past the body's deadline " + f->body_close_due->ToString());
      }
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " (" + ToString(f->source) + "): " + Join(lacks, ", "));
    }
    c.judged = !majors.empty();
    if (problems.empty()) {
      c.detail = majors.empty() ? "the certification body raised no major nonconformity"
                                : std::to_string(majors.size()) +
                                      " major nonconformity(ies) of the body, each closed and "
                                      "verified by the body";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "the body decides only once its majors are closed and verified by it: " +
               Join(problems, "; ");
    c.next_action = "implement the corrective action, verify it, have the body verify it closed";
    c.command =
        "dossier finding body-verify ID --by NAME --evidence ARTIFACT; dossier finding close ID";
    return c;
  }

  CheckResult BodyMinors(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    auto minors = BodyNonconformities(Grade::kMinor);
    for (const auto* f : minors) {
      const FindingState st = FindingStateAsOf(*f, as_of_);
      if (st == FindingState::kClosed || StepBy(f->plan_accepted, as_of_)) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + " (" + ToString(f->source) + ", " + ToString(st) + "): " +
                         (StepBy(f->plan_submitted, as_of_) ? "plan sent, not yet accepted"
                          : st >= FindingState::kPlanned    ? "plan not sent to the body"
                                                            : "no action plan"));
    }
    c.judged = !minors.empty();
    if (problems.empty()) {
      c.detail = minors.empty() ? "the certification body raised no minor nonconformity"
                                : std::to_string(minors.size()) +
                                      " minor nonconformity(ies) of the body, each closed or on "
                                      "a plan the body accepted";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail =
        "minor nonconformities of the body without an accepted plan: " + Join(problems, "; ");
    c.next_action = "analyse and plan each, send the plan to the body and record its acceptance";
    c.command = "dossier finding submit ID; dossier finding accept ID --by NAME";
    return c;
  }

  // ---- Surveillance ----

  // Why there is nothing to compare with: no body audit done yet.
  bool NoPreviousBodyAudit(CheckResult& c) const {
    if (previous_body_) return false;
    c.status = CheckStatus::kFail;
    c.detail =
        "no audit of the certification body is recorded as done: surveillance follows "
        "certification";
    c.next_action = "record the certification body's audits of the cycle";
    c.command = "dossier certification plan --type stage2 ...; dossier certification done ID";
    return true;
  }

  std::string SinceText() const {
    return "the " + std::string(ToString(previous_body_->type)) + " audit " + previous_body_->id +
           " of " + previous_body_->done->ToString();
  }

  CheckResult SurveillanceAudit(const ReadinessRule&) const {
    CheckResult c;
    if (NoPreviousBodyAudit(c)) return c;
    const InternalAudit* last = nullptr;
    for (const auto* a : done_ever_) {
      if (*a->done > *previous_body_->done && (!last || *a->done > *last->done)) last = a;
    }
    if (last) {
      c.detail = "internal audit " + last->id + " done " + last->done->ToString() + ", after " +
                 SinceText();
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no internal audit done since " + SinceText();
    c.entities.push_back({"clause", "9.2.2"});
    c.next_action = "carry out the internal audits the programme plans for this year";
    c.command = "dossier audit done ID --date DATE --report ARTIFACT";
    return c;
  }

  CheckResult SurveillanceReview(const ReadinessRule&) const {
    CheckResult c;
    if (NoPreviousBodyAudit(c)) return c;
    const ManagementReview* last = nullptr;
    for (const auto& r : s_.reviews) {
      if (r.date > *previous_body_->done && r.date <= as_of_) last = &r;
    }
    if (last) {
      c.detail = "management review " + last->id + " held " + last->date.ToString() + ", after " +
                 SinceText();
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "no management review held since " + SinceText();
    c.entities.push_back({"clause", "9.3.1"});
    c.next_action = "hold the management review and record it";
    c.command = "dossier review record --date DATE --inputs ... --minutes ARTIFACT";
    return c;
  }

  CheckResult SurveillanceComplaints(const ReadinessRule&) const {
    CheckResult c;
    std::vector<std::string> problems;
    int complaints = 0;
    for (const auto* f : findings_) {
      if (f->source != FindingSource::kComplaint) continue;
      ++complaints;
      const FindingState st = FindingStateAsOf(*f, as_of_);
      if (st == FindingState::kClosed) continue;
      std::string why;
      if (OverdueAsOf(*f, as_of_)) {
        why = "past its due date " + f->due->ToString();
      } else if (st < FindingState::kPlanned && cfg_.plan_grace.After(f->raised) < as_of_) {
        why = "no action planned " + cfg_.plan_grace.ToString() + " after it was raised";
      }
      if (why.empty()) continue;
      NameFinding(c, *f);
      problems.push_back(Named(*f) + ": " + why);
    }
    c.judged = complaints > 0;
    if (problems.empty()) {
      c.detail = complaints == 0
                     ? "no complaint is recorded as a finding"
                     : std::to_string(complaints) + " complaint(s), each handled or in hand";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "complaints not handled: " + Join(problems, "; ");
    c.next_action = "plan and carry out the corrective action for each complaint";
    c.command = "dossier finding plan ID --action T --due DATE";
    return c;
  }

  CheckResult SurveillanceMark(const ReadinessRule&) const {
    CheckResult c;
    if (NoPreviousBodyAudit(c)) {
      c.status = CheckStatus::kWarn;
      return c;
    }
    for (const auto* a : artifacts_) {
      if (a->kind != ArtifactKind::kRecord || a->EvidenceDate() <= *previous_body_->done) continue;
      const std::string t = Lower(a->title + " " + a->path);
      if (t.find("certificat") != std::string::npos &&
          (t.find("mark") != std::string::npos || t.find("logo") != std::string::npos)) {
        c.detail = "the use of the certificate mark is checked: " + Named(*a);
        return c;
      }
    }
    c.status = CheckStatus::kWarn;
    c.detail = "no record since " + SinceText() +
               " shows how the certification mark is used (website, documents, vehicles); the "
               "body checks it at every surveillance";
    c.next_action =
        "review where the certification mark is used and file the record, titled "
        "as a certificate mark check";
    c.command =
        "dossier add FILE --kind record --clause 7.4 --title \"Certificate mark use check\"";
    return c;
  }

  // ---- Recertification ----

  bool NoCycle(CheckResult& c) const {
    if (cycle_start_) return false;
    c.status = CheckStatus::kFail;
    c.detail = "no Stage 2 or recertification audit is recorded as done: the cycle has no start";
    c.next_action = "record the certification body's audits of the cycle";
    c.command = "dossier certification done ID --date DATE";
    return true;
  }

  CheckResult RecertCoverage(const ReadinessRule&) const {
    CheckResult c;
    if (NoCycle(c)) return c;
    std::set<std::string> covered;
    for (const auto* a : done_ever_) {
      if (*a->done < *cycle_start_) continue;
      for (const auto& sc : a->scope) {
        auto leaves = cl_.ExpandClause(sc);
        if (leaves) covered.insert(leaves->begin(), leaves->end());
      }
    }
    std::vector<std::string> missing;
    for (const auto& leaf : applicable_leaves_) {
      if (covered.count(leaf)) continue;
      missing.push_back(leaf);
      c.entities.push_back({"clause", leaf});
    }
    if (missing.empty()) {
      c.detail = "the internal audits since " + cycle_start_->ToString() +
                 " cover every applicable clause";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.detail = "not audited internally since the cycle began on " + cycle_start_->ToString() +
               ": " + Join(missing, ", ");
    c.next_action = "audit these clauses before the recertification audit";
    c.command = "dossier audit plan --scope CLAUSES --date DATE --auditor NAME";
    return c;
  }

  CheckResult RecertPerformance(const ReadinessRule&) const {
    CheckResult c;
    if (NoCycle(c)) return c;
    auto covers_performance = [](const ManagementReview& r) {
      for (const char* in : {"c1", "c2", "c3", "c4", "c5", "c6", "c7"}) {
        if (!Contains(r.inputs, in)) return false;
      }
      return true;
    };
    std::vector<std::string> gaps;
    Date from = *cycle_start_;
    for (;;) {
      const Date to = Period(12, Period::Unit::kMonths).After(from);
      const Date end = to > as_of_ ? as_of_ : to;
      bool found = false;
      for (const auto& r : s_.reviews) {
        if (r.date >= from && r.date <= end && covers_performance(r)) found = true;
      }
      if (!found && to <= as_of_) gaps.push_back(from.ToString() + " to " + to.ToString());
      if (!found && to > as_of_ && from == *cycle_start_) {
        gaps.push_back(from.ToString() + " to " + as_of_.ToString());
      }
      if (to > as_of_) break;
      from = to;
    }
    if (gaps.empty()) {
      c.detail = "each year since the cycle began on " + cycle_start_->ToString() +
                 " has a management review of the QMS's performance (9.3.2 c)";
      return c;
    }
    c.status = CheckStatus::kFail;
    c.entities.push_back({"clause", "9.3.2"});
    c.detail = "no management review covering performance (9.3.2 c1..c7) in: " + Join(gaps, "; ");
    c.next_action = "review the QMS's performance over the whole cycle at a management review";
    c.command = "dossier review record --date DATE --inputs a,b,c,d,e,f --minutes ARTIFACT";
    return c;
  }

 private:
  bool Applicable(const std::string& leaf) const { return !not_applicable_.count(leaf); }

  // Requirements whose clause is applicable, of one kind, in catalog order.
  std::vector<const Requirement*> ApplicableRequirements(RequirementKind kind) const {
    std::vector<const Requirement*> out;
    for (const auto& q : cl_.requirements()) {
      if (q.kind == kind && Applicable(q.clause)) out.push_back(&q);
    }
    return out;
  }

  std::vector<const Requirement*> MaintainOn(const std::string& clause) const {
    std::vector<const Requirement*> out;
    for (const auto& q : cl_.requirements()) {
      if (q.kind == RequirementKind::kMaintain && q.clause == clause) out.push_back(&q);
    }
    return out;
  }

  // The SHA-256 of the content the artifact had on the date: the current
  // one when filed by then, else the newest earlier revision filed by then;
  // empty when the artifact was not filed yet.
  const Sha256Digest& ContentViewAsOf(const Artifact& a) const {
    static const Sha256Digest kNone;
    if (a.collected <= as_of_) return a.sha256;
    const Sha256Digest* sha = &kNone;
    for (const auto& r : a.revisions) {  // oldest first
      if (r.collected <= as_of_) sha = &r.sha256;
    }
    return *sha;
  }

  // The date the artifact's content as of the date was filed.
  Date ContentDate(const Artifact& a) const {
    if (a.collected <= as_of_) return a.collected;
    Date d = a.collected;
    for (const auto& r : a.revisions) {
      if (r.collected <= as_of_) d = r.collected;
    }
    return d;
  }

  // An artifact's date as evidence of something done: the later of when it
  // was filed and the day it is about.
  std::optional<Date> ArtifactDate(const std::string& id) const {
    const Artifact* a = s_.FindArtifact(id);
    if (!a) return std::nullopt;
    return a->effective && *a->effective > a->collected ? *a->effective : a->collected;
  }

  // Why a document is not current as of the date; empty when it is.
  std::string NotCurrent(const Artifact& a) const {
    if (!a.approval || a.approval->date > as_of_) return "not approved";
    if (a.approval->signature_state == SignatureState::kInvalid) {
      return "not approved: " + a.approval->signature_problem;
    }
    if (a.approval->sha256 != ContentViewAsOf(a)) {
      return "changed since its approval of " + a.approval->date.ToString();
    }
    return "";
  }

  // Builds credited_: for each requirement of the checklist, the artifacts
  // that credit it (Credits), in artifacts_ order. The rules ask this of
  // every requirement, several times: one pass over the artifacts here
  // instead of a pass per question (a large repository has 100,000).
  void IndexCredits() {
    // Keys held, not viewed: an artifact's ids are given by value (TagList).
    std::unordered_map<std::string, std::vector<uint32_t>> tagged, filed;
    auto add = [](std::vector<uint32_t>& list, uint32_t i) {
      if (list.empty() || list.back() != i) list.push_back(i);  // an id named twice counts once
    };
    for (uint32_t i = 0; i < artifacts_.size(); ++i) {
      const Artifact& a = *artifacts_[i];
      if (!a.requirements.empty()) {
        for (const auto& r : a.requirements) add(tagged[r], i);
      } else {
        for (const auto& cl : a.clauses) add(filed[cl], i);
      }
    }
    const std::vector<uint32_t> none;
    for (const auto& q : cl_.requirements()) {
      auto t = tagged.find(q.id);
      auto f = filed.find(q.clause);
      const auto& by_tag = t == tagged.end() ? none : t->second;
      const auto& by_clause = f == filed.end() ? none : f->second;
      // The two lists are disjoint (an artifact is tagged or filed on
      // clauses, never both ways) and each ascending: merge them.
      std::vector<const Artifact*>& out = credited_[&q];
      out.reserve(by_tag.size() + by_clause.size());
      size_t x = 0, y = 0;
      while (x < by_tag.size() || y < by_clause.size()) {
        uint32_t i;
        if (y == by_clause.size() || (x < by_tag.size() && by_tag[x] < by_clause[y])) {
          i = by_tag[x++];
        } else {
          i = by_clause[y++];
        }
        if (Credits(*artifacts_[i], q)) out.push_back(artifacts_[i]);
      }
    }
  }

  std::vector<const Artifact*> Credited(ArtifactKind kind, const Requirement& q) const {
    std::vector<const Artifact*> out;
    auto it = credited_.find(&q);
    if (it == credited_.end()) {  // a requirement not of the checklist: ask each artifact
      for (const auto* a : artifacts_) {
        if (a->kind == kind && Credits(*a, q)) out.push_back(a);
      }
      return out;
    }
    for (const auto* a : it->second) {
      if (a->kind == kind) out.push_back(a);
    }
    return out;
  }

  const Artifact* CurrentDocument(const Requirement& q) const {
    for (const auto* d : Credited(ArtifactKind::kDocument, q)) {
      if (NotCurrent(*d).empty()) return d;
    }
    return nullptr;
  }

  // How a document or record was credited: tagged, or filed on the clause.
  std::string How(const Artifact& a, const Requirement& q) const {
    return Named(a) +
           (Contains(a.requirements, q.id) ? ", tagged " + q.id : ", filed on " + q.clause);
  }

  // Checks that each requirement has a current approved document; fills `c`.
  void RequireDocuments(const std::vector<const Requirement*>& reqs, CheckResult& c) const {
    std::vector<std::string> unfiled;
    // A requirement may have thousands of documents: each names at most
    // kNamedInFull of them.
    std::string detail;
    bool unapproved = false;
    for (const auto* q : reqs) {
      if (CurrentDocument(*q)) continue;
      auto docs = Credited(ArtifactKind::kDocument, *q);
      c.entities.push_back({"requirement", q->id});
      c.entities.push_back({"clause", q->clause});
      if (!detail.empty()) detail += "; ";
      detail += q->id + " (" + q->ref + " " + q->title + "): ";
      if (docs.empty()) {
        detail += "no document filed";
        unfiled.push_back(q->id + " on " + q->clause);
        continue;
      }
      NamedList named("; ");
      for (const auto* d : docs) {
        named.Add([&] { return Named(*d) + ' ' + NotCurrent(*d); });
        c.entities.push_back({"artifact", d->id});
      }
      detail += std::move(named).Text();
      unapproved = true;
    }
    if (detail.empty()) return;
    c.status = CheckStatus::kFail;
    c.detail = std::move(detail);
    std::vector<std::string> actions, commands;
    if (!unfiled.empty()) {
      actions.push_back("file and approve a document for " + Join(unfiled, ", "));
      commands.push_back("dossier add FILE --kind document --clause CLAUSE; dossier approve ID");
    }
    if (unapproved) {
      actions.push_back("have the documents named approved as they are now");
      commands.push_back("dossier approve ID");
    }
    c.next_action = Join(actions, "; ");
    c.command = Join(commands, "; ");
  }

  // Records of a requirement filed by the date (any date of evidence).
  std::vector<const Artifact*> RecordsOf(const Requirement& q) const {
    return Credited(ArtifactKind::kRecord, q);
  }

  // How a requirement is met within the evidence window, empty when it is
  // not: records, or the tool's own records of audits, reviews, measurements
  // and nonconformities. The first kNamedInFull ways in full, then how many
  // more there are; `total` (optional) gets how many there are in all.
  std::vector<std::string> MetBy(const Requirement& q, size_t* total = nullptr) const {
    const Date start = cfg_.evidence_window.Before(as_of_);
    NamedLines how;
    if (q.kind == RequirementKind::kMaintain) {
      if (const Artifact* d = CurrentDocument(q)) how.Add([&] { return How(*d, q); });
    } else {
      for (const auto* a : RecordsOf(q)) {
        Date d = a->EvidenceDate();
        if (d < start || d > as_of_) continue;
        if (a->expires && *a->expires < as_of_) continue;
        how.Add([&] { return How(*a, q); });
      }
      MetByOwnRecords(q, start, &how);
    }
    if (total) *total = how.size();
    return std::move(how).Lines();
  }

  void MetByOwnRecords(const Requirement& q, Date start, NamedLines* how) const {
    if (q.clause == "9.2.2") {
      for (const auto* a : done_ever_) {
        if (*a->done < start || a->report.empty() || !s_.FindArtifact(a->report)) continue;
        how->Add([&] {
          return "internal audit " + a->id + " done " + a->done->ToString() + ", report " +
                 a->report;
        });
      }
    } else if (q.clause == "9.3.3") {
      for (const auto* r : reviews_) {
        if (r->minutes.empty() || !s_.FindArtifact(r->minutes) || r->date < start) continue;
        how->Add([&] {
          return "management review " + r->id + " held " + r->date.ToString() + ", minutes " +
                 r->minutes;
        });
      }
    } else if (q.clause == "10.2.2") {
      int n = 0;
      for (const auto* f : findings_) {
        if (!IsNonconformity(f->grade)) continue;
        bool in_window = f->raised >= start;
        for (const auto& t : f->history)
          in_window = in_window || (t.date >= start && t.date <= as_of_);
        n += in_window ? 1 : 0;
      }
      if (n > 0) {
        how->Add(
            [&] { return std::to_string(n) + " nonconformity(ies) with their recorded history"; });
      }
    } else if (q.clause == "9.1.1") {
      int n = 0;
      for (const auto& m : s_.measurements) n += (m.date >= start && m.date <= as_of_) ? 1 : 0;
      if (n > 0) how->Add([&] { return std::to_string(n) + " objective measurement(s)"; });
    }
    for (auto& line : RegisterRecords(s_, q.id, start, as_of_)) {
      how->Add([&] { return std::move(line); });
    }
  }

  std::string MetBy(const std::vector<const Requirement*>& reqs) const {
    std::vector<std::string> out;
    for (const auto* q : reqs) {
      size_t total = 0;
      auto how = MetBy(*q, &total);
      if (!how.empty())
        out.push_back(q->id + ": " + how.front() +
                      (total > 1 ? " (+" + std::to_string(total - 1) + " more)" : ""));
    }
    return Join(out, "; ");
  }

  const Config::NotHeld* NotHeld(const Requirement& q) const {
    auto it = cfg_.not_held.find(q.id);
    if (it == cfg_.not_held.end() || !it->second.InForce(as_of_)) return nullptr;
    return &it->second;
  }

  std::vector<RequirementRow> RequirementRows() const {
    std::vector<RequirementRow> rows;
    for (const auto& q : cl_.requirements()) {
      if (stage_ < 2 && q.kind == RequirementKind::kRetain) continue;
      RequirementRow row;
      row.id = q.id;
      row.ref = q.ref;
      row.title = q.title;
      row.clause = q.clause;
      row.maintain = q.kind == RequirementKind::kMaintain;
      row.conditional = q.conditional;
      row.condition = q.condition;
      if (!Applicable(q.clause)) {
        row.status = "not applicable";
        row.met_by.push_back(not_applicable_.at(q.clause));
      } else {
        row.met_by = MetBy(q);
        if (!row.met_by.empty()) {
          row.status = "met";
        } else if (const Config::NotHeld* n = q.conditional ? NotHeld(q) : nullptr) {
          row.status = "not held";
          row.met_by.push_back("condition does not hold: " + n->why);
        } else {
          row.status = q.conditional ? "not evidenced" : "missing";
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // The day the QMS went live: configured, else the first approval of the
  // scope document or the quality policy (by the date).
  std::optional<Date> GoLive() const {
    if (cfg_.go_live) return cfg_.go_live;
    std::optional<Date> first;
    std::vector<const Requirement*> reqs = MaintainOn("4.3");
    for (const auto* q : MaintainOn("5.2.2")) reqs.push_back(q);
    for (const auto* q : reqs) {
      for (const auto* d : Credited(ArtifactKind::kDocument, *q)) {
        if (!d->approval || d->approval->date > as_of_) continue;
        if (d->approval->signature_state == SignatureState::kInvalid) continue;
        if (!first || d->approval->date < *first) first = d->approval->date;
      }
    }
    return first;
  }

  // Dates that show the QMS operating: records, done audits, reviews,
  // measurements, findings and their steps.
  std::vector<Date> OperatingDates() const {
    std::vector<Date> out;
    for (const auto* a : artifacts_) {
      if (a->kind == ArtifactKind::kRecord) out.push_back(a->EvidenceDate());
    }
    for (const auto* a : done_ever_) out.push_back(*a->done);
    for (const auto& r : s_.reviews) out.push_back(r.date);
    for (const auto& m : s_.measurements) out.push_back(m.date);
    for (const auto* f : findings_) {
      out.push_back(f->raised);
      for (const auto& t : f->history) out.push_back(t.date);
    }
    return out;
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

  // Leaves with evidence of any kind by the date.
  std::set<std::string> EvidencedLeaves() const {
    std::set<std::string> out = CoveredLeaves();
    for (const auto& leaf : RegisterClauses(s_, as_of_)) out.insert(leaf);
    auto add = [&](const std::string& clause) {
      auto leaves = cl_.ExpandClause(clause);
      if (leaves) out.insert(leaves->begin(), leaves->end());
    };
    // Each clause named expanded once, not once per artifact naming it.
    std::set<std::string> named;  // held: an artifact's ids are given by value
    for (const auto* a : artifacts_) {
      for (const auto& cl : a->clauses) named.insert(cl);
    }
    for (const auto& cl : named) add(cl);
    for (const auto* f : findings_) {
      for (const auto& cl : f->clauses) add(cl);
      if (IsNonconformity(f->grade)) add("10.2");
    }
    if (!programme_.empty()) add("9.2");
    if (!reviews_.empty()) add("9.3");
    if (!objectives_.empty()) add("6.2");
    for (const auto& m : s_.measurements) {
      if (m.date <= as_of_) {
        add("9.1.1");
        break;
      }
    }
    return out;
  }

  // Why review `r` cannot have covered input `in`: its subject did not exist
  // yet. Empty when it could have.
  std::string WhyInputImpossible(const ManagementReview& r, const std::string& in) const {
    if (in == "c6") {
      for (const auto& a : s_.audits) {
        if (a.done && *a.done <= r.date && AuditStateAsOf(a, r.date) == AuditState::kDone)
          return "";
      }
      return "(audit results) before any internal audit was done";
    }
    if (in == "c2") {
      for (const auto& m : s_.measurements) {
        if (m.date <= r.date) return "";
      }
      return "(extent objectives are met) before any objective was measured";
    }
    return "";
  }

  // The measure's latest measurement by the date, or null.
  const Measurement* Latest(const Objective& o, const Measure& m) const {
    return LatestMeasurement(s_.measurements, o.id, m.name, as_of_);
  }

  // Measured within its frequency window before the date (9.1.1).
  bool MeasuredInWindow(const Measure& m, const Measurement* latest) const {
    return latest && latest->date >= FrequencyWindow(m.frequency).Before(as_of_);
  }

  // The measure's measurements by the date, oldest first.
  std::vector<const Measurement*> Series(const Objective& o, const Measure& m) const {
    std::vector<const Measurement*> out;
    for (const auto& x : s_.measurements) {
      if (x.objective == o.id && x.measure == m.name && x.date <= as_of_) out.push_back(&x);
    }
    std::stable_sort(out.begin(), out.end(), [](const Measurement* a, const Measurement* b) {
      return a->date != b->date ? a->date < b->date : a->id < b->id;
    });
    return out;
  }

  // Something was done about objective `o` since `since`: a finding raised
  // about it, or a management review whose decisions or actions name it.
  bool Acted(const Objective& o, Date since) const {
    for (const auto* f : findings_) {
      if (f->objective == o.id && f->raised >= since) return true;
    }
    const std::string id = Lower(o.id), name = Lower(o.name);
    for (const auto& r : s_.reviews) {
      if (r.date < since || r.date > as_of_) continue;
      std::vector<std::string> said = r.outputs;
      said.insert(said.end(), r.actions.begin(), r.actions.end());
      for (const auto& t : said) {
        const std::string l = Lower(t);
        if (l.find(id) != std::string::npos || (!name.empty() && l.find(name) != std::string::npos))
          return true;
      }
    }
    return false;
  }

  const EffectivenessCheck* LastCheck(const Finding& f) const {
    const EffectivenessCheck* last = nullptr;
    for (const auto& k : f.checks) {
      if (k.date <= as_of_) last = &k;
    }
    return last;
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

  // `a` once for each clause it serves, and each clause above one.
  void CountCoverage(const Artifact& a,
                     std::map<std::string, ReadinessReport::ClauseCount>* coverage) const {
    std::vector<const std::string*> served;
    for (const auto& c : a.clauses) {
      for (const Clause* cur = cl_.FindClause(c); cur;
           cur = cur->parent.empty() ? nullptr : cl_.FindClause(cur->parent)) {
        if (std::none_of(served.begin(), served.end(),
                         [&](const std::string* s) { return *s == cur->id; })) {
          served.push_back(&cur->id);
        }
      }
    }
    for (const std::string* id : served) {
      auto& n = (*coverage)[*id];
      ++(a.kind == ArtifactKind::kDocument ? n.documents : n.records);
    }
  }

  std::vector<ClauseRow> Matrix(
      const std::vector<CheckResult>& checks,
      std::map<std::string, ReadinessReport::ClauseCount>* coverage) const {
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
    // Each artifact counted once per leaf it names, in one pass over the
    // artifacts (not one per leaf: a large repository has 100,000).
    std::map<std::string, std::pair<int, int>> counts;  // leaf -> documents, records
    for (const auto* a : artifacts_) {
      bool counts_here;
      if (a->kind == ArtifactKind::kDocument) {
        counts_here = NotCurrent(*a).empty();
      } else {
        Date d = a->EvidenceDate();
        bool expired = a->expires && *a->expires < as_of_;
        counts_here = d >= window_start && d <= as_of_ && !expired;
      }
      if (!counts_here) continue;
      CountCoverage(*a, coverage);
      for (auto it = a->clauses.begin(); it != a->clauses.end(); ++it) {
        const std::string c = *it;
        if (std::find(a->clauses.begin(), it, c) != it) continue;
        auto& n = counts[c];
        (a->kind == ArtifactKind::kDocument ? n.first : n.second) += 1;
      }
    }
    for (const auto* leaf : cl_.Leaves()) {
      ClauseRow row;
      row.clause = leaf->id;
      row.title = leaf->title;
      auto na = not_applicable_.find(leaf->id);
      row.applicable = na == not_applicable_.end();
      if (!row.applicable) row.justification = na->second;
      if (auto n = counts.find(leaf->id); n != counts.end()) {
        row.documents = n->second.first;
        row.records = n->second.second;
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

  std::vector<FindingSummary> Findings(const std::vector<const Finding*>& which) const {
    std::vector<FindingSummary> out;
    for (const auto* f : which) {
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
      if (fs.state == FindingState::kWithdrawn) {
        fs.withdrawn = (f->withdrawn_reason == "duplicate" ? "duplicate of " + f->duplicate_of
                                                           : std::string("raised in error")) +
                       ": " + f->withdrawn_why + " (decided by " + f->withdrawn_by + ")";
      }
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
        auto target = ParseTarget(m.target);
        if (target && !ms.points.empty()) ms.met = target->Met(ms.points.back().value);
        out.push_back(std::move(ms));
      }
    }
    return out;
  }

  const Snapshot& s_;
  const VerifyReport& integrity_;
  const Date as_of_;
  const int stage_;
  const Config& cfg_;
  const Checklist& cl_;
  std::map<std::string, std::string> not_applicable_;  // leaf -> justification
  std::vector<std::string> applicable_leaves_;
  std::vector<const Artifact*> artifacts_;  // filed on or before the date
  // requirement of cl_ -> the artifacts_ that credit it (IndexCredits)
  std::unordered_map<const Requirement*, std::vector<const Artifact*>> credited_;
  std::vector<const Finding*> findings_;             // raised on or before the date, not withdrawn
  std::vector<const Finding*> withdrawn_;            // withdrawn by the date
  const BodyAudit* previous_body_ = nullptr;         // the last body audit done by the date
  std::optional<Date> cycle_start_;                  // the last Stage 2 or recertification done
  std::vector<const InternalAudit*> programme_;      // planned or done in the cycle
  std::vector<const InternalAudit*> done_in_cycle_;  // done in the cycle up to the date
  std::vector<const InternalAudit*> done_ever_;      // done up to the date
  std::vector<const ManagementReview*> reviews_;     // held in the review window
  std::vector<const Objective*> objectives_;         // set by the date
  std::optional<Date> go_live_;
};

// The rule table, in rule order. doc/readiness.md's tables list the same
// ids, stages and rules (a test compares them).
const std::vector<Rule>& Rules() {
  using A = Assessor;
  static const std::vector<Rule> kRules = {
      {{"scope.document", 1,
        "The QMS scope document (4.3) is current, approved and states the exclusions",
        "fails when no current approved document serves the scope requirement (M1, clause 4.3), or "
        "the clauses declared not applicable changed after it was approved"},
       &A::ScopeDocument},
      {{"scope.applicability", 1,
        "Only whole excludable clauses are declared not applicable, each justified",
        "fails when a declaration names an unknown clause, a clause that may not be excluded, a "
        "part of a clause that applies, or has a justification of no substance; warns when records "
        "are filed on a clause declared not applicable"},
       &A::ScopeApplicability},
      {{"documents.current", 1,
        "Every applicable maintain requirement has a current approved document",
        "fails when a maintain requirement other than M1 (M2..M7) has no approved document of its "
        "current content, tagged with it or filed on its clause"},
       &A::DocumentsCurrent},
      {{"documents.controlled", 1, "No document is left unapproved",
        "warns when a document has been filed or changed and left unapproved longer than "
        "approval_grace, or is past a periodic review the organisation set itself"},
       &A::DocumentsControlled},
      {{"objectives.defined", 1, "Quality objectives are defined with measurable targets (6.2)",
        "fails when fewer than min_objectives quality objectives have a measure with a numeric "
        "target"},
       &A::ObjectivesDefined},
      {{"audits.programme", 1,
        "An internal audit programme exists (audits planned or done in the cycle)",
        "fails when no internal audit (not cancelled) is planned or done within the audit cycle "
        "either side of the as-of date"},
       &A::AuditProgramme},
      {{"audits.done", 1, "At least one internal audit is done in the cycle",
        "fails when no internal audit was done within the audit cycle before the as-of date"},
       &A::AuditDone},
      {{"reviews.held", 1, "At least one management review is held in the window",
        "fails when no management review was held within the review window before the as-of date"},
       &A::ReviewHeld},
      {{"clauses.evidence", 1, "Every applicable clause has some evidence",
        "warns when an applicable clause has no evidence of any kind (document, record, audit, "
        "finding, the tool's own records); at Stage 2 fails for the clauses the checklist marks "
        "stage2_evidence (6.1, 9.1.2)"},
       &A::ClausesEvidence},
      {{"artifacts.integrity", 1, "Every artifact verifies (no modified or missing file)",
        "fails when an artifact's file is modified or missing (its SHA-256 differs from the one "
        "filed)"},
       &A::Integrity},
      {{"records.current", 2,
        "Every applicable retain requirement has a record within the evidence window",
        "fails when a retain requirement that is not conditional has no record in the evidence "
        "window: a record tagged with it or filed on its clause, rows of a register serving it, or "
        "the tool's own records (done audits with reports for R19, minuted reviews for R20, "
        "measurements for R18, nonconformities for R21)"},
       &A::RecordsCurrent},
      {{"records.conditional", 2,
        "Conditional retain requirements have a record, or their condition is stated not to hold",
        "warns when a conditional or event-driven retain requirement has no record in the evidence "
        "window and no statement in force that its condition does not hold"},
       &A::RecordsConditional},
      {{"registers.due", 2, "No due date in a register has passed on a row in use",
        "warns when a register row in use (a calibration of equipment in use, the re-evaluation of "
        "an approved supplier, the training of a current employee, an open risk or complaint) is "
        "past a due date"},
       &A::RegistersDue},
      {{"records.span", 2,
        "The QMS has operated for the operating period since go-live, with records to show it",
        "fails when the QMS has no go-live date, went live less than operating_period ago, or the "
        "records, audits, reviews, measurements and findings dated since go-live span less than "
        "operating_period"},
       &A::RecordsSpan},
      {{"audits.coverage", 2, "Done internal audits in the cycle cover every applicable clause",
        "fails when an applicable leaf clause is not in the scope of an internal audit done within "
        "the cycle"},
       &A::AuditCoverage},
      {{"audits.independence", 2, "No auditor audits a process they own (ISO 19011 independence)",
        "warns when an auditor of an audit in the programme owns a process the audit covers"},
       &A::AuditIndependence},
      {{"reviews.inputs", 2, "Management reviews in the window cover every 9.3.2 input",
        "fails when the reviews in the window do not together cover every 9.3.2 input; an input "
        "claimed before its subject existed (audit results before any audit was done, objectives "
        "met before any measurement) does not count"},
       &A::ReviewInputs},
      {{"reviews.minutes", 2, "Each management review in the window has minutes",
        "fails when a review in the window has no minutes, or cites minutes that are not filed"},
       &A::ReviewMinutes},
      {{"reviews.outputs", 2, "Each management review records its outputs (9.3.3)",
        "warns when a review in the window records no decisions or actions"},
       &A::ReviewOutputs},
      {{"objectives.measured", 2, "Each measure of each objective is measured within its frequency",
        "fails when a measure has no measurement within its frequency window (monthly 1m, "
        "quarterly 3m, yearly 12m), once its first measurement is due (one frequency period after "
        "the objective was set)"},
       &A::ObjectivesMeasured},
      {{"objectives.performance", 2, "A target missed again and again is acted on",
        "warns when a measure's latest target_misses measurements in a row missed the target and "
        "no finding about the objective was raised, nor a management review decided an action "
        "naming it, since the first of them"},
       &A::ObjectivesPerformance},
      {{"findings.major", 2, "No major nonconformity is out of control",
        "fails when a major nonconformity from the certification body is open, or an internal one "
        "is not contained (correction), not planned, or past its due date; warns when an internal "
        "major is open, contained and on plan"},
       &A::FindingsMajor},
      {{"findings.minor_plan", 2, "Open minor nonconformities are planned in time",
        "fails when an open minor has no action plan plan_grace after it was raised (at once for "
        "the certification body's)"},
       &A::FindingsMinorPlan},
      {{"findings.minor_overdue", 2, "No open minor nonconformity is overdue",
        "fails when an open minor is past its due date while its corrective action is still to be "
        "implemented"},
       &A::FindingsMinorOverdue},
      {{"findings.stage1", 2, "Every Stage 1 finding is closed",
        "fails when a finding of the certification body's Stage 1 audit (not an observation or "
        "OFI) is not closed"},
       &A::FindingsStage1},
      {{"findings.verified", 2, "Every closed nonconformity was verified effective, credibly",
        "fails when a closed nonconformity's last effectiveness check is not effective with "
        "evidence, came sooner than effectiveness_interval after implementation, or cites only "
        "evidence filed before implementation"},
       &A::FindingsVerified},
      {{"findings.verifier", 2, "Effectiveness is not verified by the action's own owner",
        "warns when a nonconformity's effective verification was made by the finding's owner"},
       &A::FindingsVerifier},
      {{"findings.withdrawn", 2, "Withdrawn findings are listed apart and hide no nonconformity",
        "fails when a nonconformity was withdrawn as a duplicate of a finding that is not on "
        "record, is itself withdrawn, is of a lower grade, or was closed before it was raised (a "
        "recurrence); warns when a certification body's nonconformity was withdrawn as raised in "
        "error"},
       &A::FindingsWithdrawn},
      {{"reviews.actions", 2, "Actions decided at management reviews are done by their due dates",
        "warns when an action tracked from a management review is still open past its due date"},
       &A::ReviewsActions},
      {{"body.deadlines", 3, "The certification body's nonconformities reached it in time",
        "fails when the correction and action plan of a certification body's nonconformity were "
        "not sent to the body by its deadline; warns when they were sent late"},
       &A::BodyDeadlines},
      {{"body.majors", 3,
        "Every major nonconformity of the certification body is closed and verified by the body",
        "fails when a major nonconformity raised by the certification body (Stage 2, surveillance, "
        "recertification, special audits) is not closed, or not verified by the body"},
       &A::BodyMajors},
      {{"body.minors", 3,
        "Every minor nonconformity of the certification body is on a plan the body accepted",
        "fails when a minor nonconformity raised by the certification body is neither closed nor "
        "on an action plan the body accepted"},
       &A::BodyMinors},
      {{"surveillance.audit", 4,
        "An internal audit was done since the last certification body audit",
        "fails when no internal audit was done after the last audit of the certification body (or "
        "none of its audits is recorded as done)"},
       &A::SurveillanceAudit},
      {{"surveillance.review", 4,
        "A management review was held since the last certification body audit",
        "fails when no management review was held after the last audit of the certification body "
        "(or none of its audits is recorded as done)"},
       &A::SurveillanceReview},
      {{"surveillance.complaints", 4, "Complaints are handled",
        "fails when a complaint recorded as a finding is open past its due date, or without an "
        "action plan plan_grace after it was raised"},
       &A::SurveillanceComplaints},
      {{"surveillance.mark", 4, "The use of the certification mark is checked",
        "warns when no record filed since the last certification body audit has a title or file "
        "name naming the certificate mark (\"certificate\" with \"mark\" or \"logo\")"},
       &A::SurveillanceMark},
      {{"recertification.coverage", 5,
        "The cycle's internal audits covered every applicable clause",
        "fails when an applicable leaf clause is in the scope of no internal audit done since the "
        "cycle began (the last Stage 2 or recertification audit done)"},
       &A::RecertCoverage},
      {{"recertification.performance", 5, "The QMS's performance over the cycle is reviewed",
        "fails when a year of the cycle (12 months from its start) has no management review "
        "covering every 9.3.2 c input"},
       &A::RecertPerformance},
  };
  return kRules;
}

}  // namespace

const std::vector<ReadinessRule>& ReadinessRules() {
  static const std::vector<ReadinessRule> kInfo = [] {
    std::vector<ReadinessRule> out;
    for (const auto& r : Rules()) out.push_back(r.info);
    return out;
  }();
  return kInfo;
}

bool Credits(const Artifact& a, const Requirement& q) {
  if (!a.requirements.empty()) return Contains(a.requirements, q.id);
  const bool kind_matches =
      (a.kind == ArtifactKind::kDocument) == (q.kind == RequirementKind::kMaintain);
  return kind_matches && Contains(a.clauses, q.clause);
}

ReadinessReport AssessReadiness(const Snapshot& snapshot, const VerifyReport& integrity, int stage,
                                Date as_of) {
  // A controlled document is judged by its effective revision (doc/documents.md).
  // Without document control there is nothing to substitute: no copy.
  if (snapshot.controls.empty()) return Assessor(snapshot, integrity, as_of, stage).Run();
  const Snapshot view = ControlledView(snapshot, as_of);
  return Assessor(view, integrity, as_of, stage).Run();
}

ClauseEvidence CountClauseEvidence(const Snapshot& snapshot, Date as_of) {
  const VerifyReport unchecked;  // read by the integrity rule alone, which is not run
  if (snapshot.controls.empty()) return Assessor(snapshot, unchecked, as_of, kStage1).Evidence();
  const Snapshot view = ControlledView(snapshot, as_of);
  return Assessor(view, unchecked, as_of, kStage1).Evidence();
}

}  // namespace dossier
