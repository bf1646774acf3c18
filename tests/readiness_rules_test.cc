// The readiness rules as a certification auditor applies them: each rule
// with a case it passes and a case it fails, on in-memory snapshots (the
// engine is pure). The base is an organisation an auditor would pass: its
// documents and records filed by clause, the way template sets file them,
// with no M/R tags.
#define BOOST_TEST_MODULE readiness_rules
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "dossier/readiness.h"
#include "dossier/report.h"

using namespace dossier;

namespace dossier {
std::ostream& operator<<(std::ostream& os, CheckStatus s) { return os << ToString(s); }
}  // namespace dossier

namespace {

Date D(const char* iso) { return *Date::Parse(iso); }
const Date kAsOf = D("2026-10-31");
const char* kDesignWhy = "We resell standard hardware; all design is done by the manufacturers";

Transition T(const char* from, const char* to, const char* date) {
  Transition t;
  t.from = from;
  t.to = to;
  t.by = "Ann Auditor";
  t.date = D(date);
  return t;
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// Builds the ready organisation and lets each case change it.
struct Org {
  Snapshot s;
  int serial = 0;

  Org() {
    s.commit = "0123456789abcdef0123456789abcdef01234567";
    s.config.organisation = "Clause Filers Ltd";
    s.config.not_applicable = {{"8.3", kDesignWhy}};
    s.checklist = *Checklist::Builtin("iso9001-2015");
    // Documents, filed by clause, approved at go-live. The scope document
    // was approved with the exclusion it states.
    const char* docs[][2] = {{"4.3", "0030_QMS_Scope.md"},        {"4.4.2", "0040_Process_Map.md"},
                             {"5.2.2", "0100_Quality_Policy.md"}, {"6.2.1", "0110_Objectives.md"},
                             {"7.5.1", "0200_Doc_Control.md"},    {"8.1", "0300_Op_Planning.md"},
                             {"8.5.1", "0310_Service_Spec.md"}};
    for (const auto& d : docs) {
      Artifact& a = Add(ArtifactKind::kDocument, d[0], d[1], "2026-02-20");
      a.approval =
          Approval{"Managing Director", D("2026-03-01"), a.sha256, std::nullopt, {}, {}, {}, {}};
      if (std::string(d[0]) == "4.3") a.approval->not_applicable = s.config.not_applicable;
    }
    // Records of operation, filed by clause, over seven months.
    const char* recs[][3] = {{"4.4.2", "process-kpis.xlsx", "2026-04-10"},
                             {"7.1.5.1", "calibration.pdf", "2026-05-02"},
                             {"7.2", "training-matrix.xlsx", "2026-05-29"},
                             {"8.1", "job-sheets.pdf", "2026-06-15"},
                             {"8.2.3.2", "contract-review.pdf", "2026-07-01"},
                             {"8.4.1", "supplier-evaluation.xlsx", "2026-07-20"},
                             {"8.5.6", "change-log.xlsx", "2026-08-03"},
                             {"8.6", "release-records.pdf", "2026-08-20"},
                             {"8.7.2", "nonconforming-outputs.xlsx", "2026-09-01"},
                             {"6.1.1", "risk-register.xlsx", "2026-04-01"},
                             {"9.1.2", "customer-survey.pdf", "2026-09-20"},
                             {"4.1", "context.md", "2026-03-05"},
                             {"9.2.2", "audit-report.pdf", "2026-09-05"},
                             {"9.3.3", "review-minutes.md", "2026-10-10"},
                             {"9.1.1", "follow-up-sample.xlsx", "2026-10-15"}};
    for (const auto& r : recs) Add(ArtifactKind::kRecord, r[0], r[1], r[2]);
    // A calibration register (doc/registers.md): equipment in use, due next year.
    RegisterKind cal;
    cal.id = "calibration";
    cal.title = "Calibration";
    cal.key = {"equipment"};
    cal.active_column = "status";
    cal.active_values = {"in use"};
    cal.columns = {{"equipment", "Equipment", ColumnType::kText, true, {}, ""},
                   {"status", "Status", ColumnType::kEnum, true, {"in use", "retired"}, ""},
                   {"next_due", "Next due", ColumnType::kDate, false, {}, "calibration"}};
    s.register_kinds.push_back(cal);
    RegisterRow row;
    row.values = {{"equipment", "CAL-1"}, {"status", "in use"}, {"next_due", "2027-05-02"}};
    s.registers.push_back(Register{"calibration", "dossier/registers/calibration.csv", {row}});
    // Conditions that do not hold here, stated with their reasons.
    for (const char* q : {"R3", "R13", "R14"}) {
      s.config.not_held[q] =
          Config::NotHeld{D("2026-03-01"), std::nullopt,
                          "No such situation arises in our services: " + std::string(q)};
    }
    InternalAudit audit;
    audit.id = "IA-20260801-AUD1";
    for (const Clause* c : s.checklist.Leaves()) audit.scope.push_back(c->id);
    audit.auditors = {"Ann Auditor"};
    audit.planned = D("2026-09-01");
    audit.done = D("2026-09-05");
    audit.state = AuditState::kDone;
    audit.report = Id("audit-report.pdf");
    audit.history = {T("", "planned", "2026-08-01"), T("planned", "done", "2026-09-05")};
    s.audits.push_back(audit);
    ManagementReview review;
    review.id = "MR-20261010-REV1";
    review.date = D("2026-10-10");
    review.inputs = {"a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"};
    review.minutes = Id("review-minutes.md");
    review.outputs = {"improve onboarding", "one more tester"};
    // A decided action, tracked and done in time (reviews.actions).
    ReviewAction hire;
    hire.text = "one more tester";
    hire.owner = "Managing Director";
    hire.due = D("2026-10-25");
    hire.state = "done";
    hire.done = D("2026-10-20");
    review.tracked = {hire};
    s.reviews.push_back(review);
    Objective o;
    o.id = "OBJ-20260301-OBJ1";
    o.name = "On-time delivery";
    o.created = D("2026-03-01");
    o.measures = {Measure{"on-time rate", "%", ">=95", Frequency::kMonthly}};
    s.objectives.push_back(o);
    for (int month = 4; month <= 10; ++month) Measured(month, 97);
    Finding f;
    f.id = "NC-20260905-CLS1";
    f.title = "Supplier list not reviewed";
    f.grade = Grade::kMinor;
    f.clauses = {"8.4.1"};
    f.owner = "Ops Lead";
    f.raised = D("2026-09-05");
    f.due = D("2026-11-04");
    f.state = FindingState::kClosed;
    f.correction = "reviewed the list";
    f.cause = "no owner";
    f.action = "assign an owner";
    EffectivenessCheck k;
    k.date = D("2026-10-20");
    k.by = "Ann Auditor";
    k.effective = true;
    k.evidence = {EvidenceRef{Id("follow-up-sample.xlsx"), "x"}};
    f.checks = {k};
    f.closed = D("2026-10-21");
    f.history = {T("", "open", "2026-09-05"),
                 T("open", "analysed", "2026-09-06"),
                 T("analysed", "planned", "2026-09-07"),
                 T("planned", "implemented", "2026-09-10"),
                 T("implemented", "verified", "2026-10-20"),
                 T("verified", "closed", "2026-10-21")};
    s.findings.push_back(f);
    // The same nonconformity raised again by a second auditor, withdrawn as
    // a duplicate of the one that stands (findings.withdrawn).
    Finding dup = f;
    dup.id = "NC-20260906-CLS2";
    dup.raised = D("2026-09-06");
    dup.state = FindingState::kWithdrawn;
    dup.checks.clear();
    dup.closed.reset();
    dup.withdrawn_reason = "duplicate";
    dup.duplicate_of = f.id;
    dup.withdrawn_why = "raised twice";
    dup.withdrawn_by = "Ann Auditor";
    dup.withdrawn = D("2026-09-07");
    dup.history = {T("", "open", "2026-09-06"), T("open", "withdrawn", "2026-09-07")};
    s.findings.push_back(dup);
    Sort();
  }

  Artifact& Add(ArtifactKind kind, const char* clause, const std::string& file, const char* date) {
    Artifact a;
    a.id = "ART-" + std::to_string(10000 + ++serial);
    a.kind = kind;
    a.path = std::string("evidence/") +
             (kind == ArtifactKind::kDocument ? "documents/" : "records/") + file;
    a.title = file;
    a.clauses = {clause};
    a.sha256 = std::string(64, static_cast<char>('a' + serial % 6));
    a.collected = D(date);
    s.artifacts.push_back(a);
    Sort();
    return *std::find_if(s.artifacts.begin(), s.artifacts.end(),
                         [&](const Artifact& x) { return x.title == file; });
  }

  void Measured(int month, double value, const char* objective = "OBJ-20260301-OBJ1") {
    Measurement m;
    m.id = "MS-2026" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "15-" +
           std::to_string(++serial);
    m.objective = objective;
    m.measure = "on-time rate";
    m.value = value;
    m.date =
        D(("2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15").c_str());
    s.measurements.push_back(m);
  }

  std::string Id(const std::string& file) const {
    for (const auto& a : s.artifacts) {
      if (a.title == file) return a.id;
    }
    throw std::runtime_error("no artifact " + file);
  }
  Artifact& Art(const std::string& file) {
    for (auto& a : s.artifacts) {
      if (a.title == file) return a;
    }
    throw std::runtime_error("no artifact " + file);
  }
  void Remove(const std::string& file) {
    s.artifacts.erase(std::remove_if(s.artifacts.begin(), s.artifacts.end(),
                                     [&](const Artifact& a) { return a.title == file; }),
                      s.artifacts.end());
  }
  void Sort() {
    std::sort(s.artifacts.begin(), s.artifacts.end(),
              [](const Artifact& a, const Artifact& b) { return a.id < b.id; });
    std::sort(s.findings.begin(), s.findings.end(),
              [](const Finding& a, const Finding& b) { return a.id < b.id; });
  }

  ReadinessReport Assess(int stage = 2, Date as_of = kAsOf) const {
    VerifyReport v;
    v.checked = s.artifacts.size();
    return AssessReadiness(s, v, stage, as_of);
  }
};

const CheckResult& Get(const ReadinessReport& r, const char* id) {
  const CheckResult* c = r.FindCheck(id);
  BOOST_REQUIRE_MESSAGE(c, id);
  return *c;
}

CheckStatus StatusOf(const Org& o, const char* id, int stage = 2, Date as_of = kAsOf) {
  return Get(o.Assess(stage, as_of), id).status;
}

const RequirementRow& Row(const ReadinessReport& r, const std::string& id) {
  for (const auto& q : r.requirements) {
    if (q.id == id) return q;
  }
  BOOST_FAIL("no requirement row " + id);
  throw;
}

Finding Minor(const char* id, const char* raised) {
  Finding f;
  f.id = id;
  f.title = "Calibration overdue on one gauge";
  f.grade = Grade::kMinor;
  f.clauses = {"7.1.5.1"};
  f.raised = D(raised);
  f.due = Period(60, Period::Unit::kDays).After(f.raised);
  f.history = {T("", "open", raised)};
  return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(readiness_rules)

BOOST_AUTO_TEST_CASE(a_register_due_date_passed_on_a_row_in_use_warns) {
  Org o;
  o.s.registers[0].rows[0].values["next_due"] = "2026-10-01";
  RegisterRow retired;
  retired.values = {{"equipment", "CAL-2"}, {"status", "retired"}, {"next_due", "2025-01-01"}};
  o.s.registers[0].rows.push_back(retired);
  auto r = o.Assess(2);
  const CheckResult* c = r.FindCheck("registers.due");
  BOOST_REQUIRE(c);
  BOOST_TEST(c->status == CheckStatus::kWarn);
  BOOST_TEST(c->detail == "calibration of CAL-1 (calibration register) was due 2026-10-01");
  BOOST_TEST(r.ready);  // a warning never blocks
  BOOST_TEST(o.Assess(2, D("2026-09-30")).FindCheck("registers.due")->status == CheckStatus::kPass);
}

BOOST_AUTO_TEST_CASE(an_organisation_filed_by_clause_is_ready_with_full_marks) {
  Org o;
  for (int stage : {1, 2}) {
    auto r = o.Assess(stage);
    for (const auto& c : r.checks) {
      BOOST_TEST(c.status == CheckStatus::kPass, c.id << ": " << c.detail);
    }
    BOOST_TEST(r.ready);
    for (const auto& c : r.checks) BOOST_TEST(c.judged, c.id);
    BOOST_TEST(r.score == 100.0);
  }
  // Reports say how each requirement was met: by clause, not by tag.
  auto r = o.Assess(2);
  const auto& m1 = Row(r, "M1");
  BOOST_TEST(m1.status == "met");
  BOOST_TEST(Contains(m1.met_by.at(0), "0030_QMS_Scope.md"));
  BOOST_TEST(Contains(m1.met_by.at(0), "filed on 4.3"));
  BOOST_TEST(Row(r, "R7").status == "not applicable");
  BOOST_TEST(Row(r, "R13").status == "not held");
}

BOOST_AUTO_TEST_CASE(evidence_counts_by_clause_unless_tagged_otherwise) {
  Org o;
  // The policy tagged explicitly with another requirement no longer counts for M3.
  o.Art("0100_Quality_Policy.md").requirements = {"M5"};
  auto r = o.Assess(1);
  BOOST_TEST(Get(r, "documents.current").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "documents.current").detail, "M3"));
  // Tagged with its own requirement, it counts again.
  o.Art("0100_Quality_Policy.md").requirements = {"M3"};
  BOOST_TEST(StatusOf(o, "documents.current", 1) == CheckStatus::kPass);
  BOOST_TEST(Contains(Row(o.Assess(1), "M3").met_by.at(0), "tagged M3"));
  // A record filed on the competence clause counts for R4; without it R4 is missing.
  o.Remove("training-matrix.xlsx");
  auto r2 = o.Assess(2);
  BOOST_TEST(Get(r2, "records.current").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r2, "records.current").detail, "R4"));
  // A document on a record's clause is not a record.
  o.Add(ArtifactKind::kDocument, "7.2", "competence-procedure.md", "2026-05-01");
  BOOST_TEST(StatusOf(o, "records.current") == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(the_tools_own_records_count_as_records) {
  Org o;
  // No audit report or minutes filed on 9.2.2 / 9.3.3 as such: the audit
  // with its report and the minuted review are the records R19 and R20.
  o.Art("audit-report.pdf").clauses = {"9.2.1"};
  o.Art("review-minutes.md").clauses = {"9.3.1"};
  o.Art("follow-up-sample.xlsx").clauses = {"8.4.1"};  // nothing on 9.1.1: measurements are R18
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "records.current").status == CheckStatus::kPass,
             Get(r, "records.current").detail);
  BOOST_TEST(Contains(Row(r, "R19").met_by.at(0), "internal audit IA-20260801-AUD1"));
  BOOST_TEST(Contains(Row(r, "R20").met_by.at(0), "management review MR-20261010-REV1"));
  BOOST_TEST(Contains(Row(r, "R18").met_by.at(0), "measurement"));
  BOOST_TEST(Contains(Row(r, "R21").met_by.at(0), "nonconformit"));
  // Without a report, the audit is no record of its results.
  o.s.audits[0].report.clear();
  BOOST_TEST(Row(o.Assess(2), "R19").status == "missing");
  BOOST_TEST(StatusOf(o, "records.current") == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(event_driven_requirements_warn_until_the_condition_is_stated) {
  Org o;
  o.Remove("change-log.xlsx");  // no change to service provision in the period
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "records.conditional").status == CheckStatus::kWarn);
  BOOST_TEST(Contains(Get(r, "records.conditional").detail, "R15"));
  BOOST_TEST(Get(r, "records.current").status == CheckStatus::kPass);
  BOOST_TEST(!Contains(Get(r, "records.conditional").next_action, "scope exclude"));
  o.s.config.not_held["R15"] = Config::NotHeld{D("2026-03-01"), std::nullopt,
                                               "No change to service provision since go-live"};
  auto r2 = o.Assess(2);
  BOOST_TEST(Get(r2, "records.conditional").status == CheckStatus::kPass);
  BOOST_TEST(Contains(Get(r2, "records.conditional").detail, "No change to service provision"));
  BOOST_TEST(Row(r2, "R15").status == "not held");
  // A statement no longer in force clears nothing.
  o.s.config.not_held["R15"].to = D("2026-09-30");
  BOOST_TEST(StatusOf(o, "records.conditional") == CheckStatus::kWarn);
}

BOOST_AUTO_TEST_CASE(only_whole_excludable_clauses_with_a_real_justification) {
  Org o;
  // An organisation that designs cannot drop parts of 8.3.
  o.s.config.not_applicable = {{"8.3.4", kDesignWhy}, {"8.3.6", kDesignWhy}};
  o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
  auto r = o.Assess(1);
  BOOST_TEST(Get(r, "scope.applicability").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "scope.applicability").detail, "part of 8.3"));
  // All of 8.3's leaves, each declared: the whole clause after all.
  for (const char* leaf : {"8.3.1", "8.3.2", "8.3.3", "8.3.5"})
    o.s.config.not_applicable[leaf] = kDesignWhy;
  o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
  BOOST_TEST(StatusOf(o, "scope.applicability", 1) == CheckStatus::kPass);
  // Justifications of no substance.
  for (const char* why : {".", "Not applicable to us", "N/A", "does not apply here"}) {
    o.s.config.not_applicable = {{"8.3", why}};
    o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
    BOOST_TEST(StatusOf(o, "scope.applicability", 1) == CheckStatus::kFail, why);
  }
  // A record of design work contradicts the declaration: a warning.
  o.s.config.not_applicable = {{"8.3", kDesignWhy}};
  o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
  o.Add(ArtifactKind::kRecord, "8.3.4", "design-review.pdf", "2026-06-01");
  BOOST_TEST(StatusOf(o, "scope.applicability", 1) == CheckStatus::kWarn);
}

BOOST_AUTO_TEST_CASE(exclusions_changed_after_the_scope_was_approved_need_a_new_approval) {
  Org o;
  o.s.config.not_applicable["8.5.5"] = "Services end at handover; there is no warranty work";
  auto r = o.Assess(1);
  BOOST_TEST(Get(r, "scope.document").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "scope.document").detail, "8.5.5 declared not applicable"));
  BOOST_TEST(Contains(Get(r, "scope.document").detail, "0030_QMS_Scope.md"));
  o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
  BOOST_TEST(StatusOf(o, "scope.document", 1) == CheckStatus::kPass);
  // An approval that recorded no exclusions cannot show the document states them.
  o.Art("0030_QMS_Scope.md").approval->not_applicable.reset();
  BOOST_TEST(StatusOf(o, "scope.document", 1) == CheckStatus::kFail);
  o.Art("0030_QMS_Scope.md").approval->not_applicable = o.s.config.not_applicable;
  // A changed justification counts as a change too.
  o.s.config.not_applicable["8.5.5"] = "No post-delivery activities at all, by contract";
  BOOST_TEST(StatusOf(o, "scope.document", 1) == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(stage_2_needs_the_operating_period_since_go_live) {
  Org o;
  o.s.config.go_live = D("2026-10-01");  // went live a month ago
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "records.span").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "records.span").detail, "went live on 2026-10-01"));
  BOOST_TEST(Contains(Get(r, "records.span").next_action, "2027-01-01"));
  // Four months in, with records since: ready; records from before go-live do not count.
  o.s.config.go_live = D("2026-06-30");
  BOOST_TEST(StatusOf(o, "records.span") == CheckStatus::kPass);
  Org young;
  young.s.config.go_live = D("2026-07-01");
  young.s.artifacts.clear();
  young.s.audits.clear();
  young.s.reviews.clear();
  young.s.measurements.clear();
  young.s.findings.clear();
  young.Add(ArtifactKind::kRecord, "8.4.1", "old-supplier-certificate.pdf", "2025-12-10");
  young.Add(ArtifactKind::kRecord, "8.6", "release.pdf", "2026-10-20");
  BOOST_TEST(StatusOf(young, "records.span") == CheckStatus::kFail);
  // The default go-live: the first approval of the scope or the policy.
  Org derived;
  BOOST_TEST((derived.Assess(2).settings.go_live.value() == D("2026-03-01")));
  for (auto& a : derived.s.artifacts) a.approval.reset();
  BOOST_TEST(StatusOf(derived, "records.span") == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(documents_need_no_periodic_review_unless_the_organisation_says_so) {
  Org o;
  const Date year_later = D("2027-10-15");
  // A year later, unchanged approved documents are still current.
  BOOST_TEST(StatusOf(o, "documents.current", 1, year_later) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "documents.controlled", 1, year_later) == CheckStatus::kPass);
  // Their own rule, broken: a warning, not a blocker.
  o.Art("0100_Quality_Policy.md").review_every = Period(12, Period::Unit::kMonths);
  BOOST_TEST(StatusOf(o, "documents.controlled", 1, year_later) == CheckStatus::kWarn);
  BOOST_TEST(StatusOf(o, "documents.current", 1, year_later) == CheckStatus::kPass);
}

BOOST_AUTO_TEST_CASE(documents_left_unapproved_warn_as_uncontrolled) {
  Org o;
  o.Add(ArtifactKind::kDocument, "7.5.1", "0210_Records_Procedure.md", "2026-10-20");
  BOOST_TEST(StatusOf(o, "documents.controlled", 1) == CheckStatus::kPass);  // 11 days: in hand
  o.Art("0210_Records_Procedure.md").collected = D("2026-09-01");
  auto r = o.Assess(1);
  BOOST_TEST(Get(r, "documents.controlled").status == CheckStatus::kWarn);
  BOOST_TEST(Contains(Get(r, "documents.controlled").detail, "0210_Records_Procedure.md"));
  BOOST_TEST(Contains(Get(r, "documents.controlled").detail, "never approved"));
  BOOST_TEST(r.ready);  // another document serves M5: no blocker
}

// At the size of a large organisation a detail names the first 50 and
// counts the rest; the entities still name every one (doc/readiness.md).
BOOST_AUTO_TEST_CASE(long_lists_name_fifty_and_count_the_rest) {
  Org o;
  for (int i = 0; i < 120; ++i) {
    o.Add(ArtifactKind::kDocument, "7.5.1", ("draft-" + std::to_string(i) + ".md").c_str(),
          "2026-06-01");
    o.Add(ArtifactKind::kRecord, "7.2", ("training-" + std::to_string(i) + ".pdf").c_str(),
          "2026-09-01");
  }
  auto r = o.Assess(2);
  const CheckResult& c = Get(r, "documents.controlled");
  BOOST_TEST(c.status == CheckStatus::kWarn);
  BOOST_TEST(Contains(c.detail, "never approved"));
  BOOST_TEST(Contains(c.detail, "; and 70 more"));
  size_t named = 0;
  for (size_t at = 0; (at = c.detail.find("draft-", at)) != std::string::npos; ++at) ++named;
  BOOST_TEST(named == 50u);
  size_t listed = 0;
  for (const auto& e : c.entities) listed += e.kind == "artifact" ? 1 : 0;
  BOOST_TEST(listed == 120u);
  // A requirement met by 121 records (the matrix and 120 more) names 50 of them.
  const auto& r4 = Row(r, "R4");
  BOOST_TEST(r4.status == "met");
  BOOST_REQUIRE(r4.met_by.size() == 51u);
  BOOST_TEST(r4.met_by.back() == "and 71 more");
  BOOST_TEST(Contains(Get(r, "records.current").detail, "R4: "));
  BOOST_TEST(Contains(Get(r, "records.current").detail, "(+120 more)"));
}

BOOST_AUTO_TEST_CASE(a_review_cannot_report_audit_results_before_any_audit) {
  Org o;
  o.s.audits[0].done = D("2026-10-20");
  o.s.audits[0].history.back().date = D("2026-10-20");
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "reviews.inputs").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "reviews.inputs").detail, "c6"));
  BOOST_TEST(Contains(Get(r, "reviews.inputs").detail, "before any internal audit was done"));
  // Outputs (9.3.3) missing: a warning.
  Org p;
  p.s.reviews[0].outputs.clear();
  BOOST_TEST(StatusOf(p, "reviews.outputs") == CheckStatus::kWarn);
  BOOST_TEST(StatusOf(Org(), "reviews.outputs") == CheckStatus::kPass);
}

BOOST_AUTO_TEST_CASE(a_measure_is_due_one_period_after_the_objective_was_set) {
  Org o;
  Objective q;
  q.id = "OBJ-20261006-QTR1";
  q.name = "Complaints";
  q.created = D("2026-10-06");  // 25 days ago, quarterly
  q.measures = {Measure{"complaints", "", "<=2", Frequency::kQuarterly}};
  o.s.objectives.push_back(q);
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "objectives.measured").status == CheckStatus::kPass);
  BOOST_TEST(Contains(Get(r, "objectives.measured").detail, "first due 2027-01-06"));
  BOOST_TEST(Contains(Get(o.Assess(2, D("2027-01-10")), "objectives.measured").detail,
                      "never measured, first due 2027-01-06"));
}

BOOST_AUTO_TEST_CASE(a_target_missed_again_and_again_without_action_warns) {
  Org o;
  o.s.measurements.clear();
  for (int month = 4; month <= 10; ++month) o.Measured(month, month >= 8 ? 90 : 97);
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "objectives.performance").status == CheckStatus::kWarn);
  BOOST_TEST(
      Contains(Get(r, "objectives.performance").detail, "3 times in a row since 2026-08-15"));
  BOOST_TEST(r.ready);  // missing a target never blocks by itself
  BOOST_TEST(r.measures.at(0).met.has_value());
  BOOST_TEST(!*r.measures.at(0).met);
  // Two misses: not yet a pattern.
  Org two;
  two.s.measurements.clear();
  for (int month = 4; month <= 10; ++month) two.Measured(month, month >= 9 ? 90 : 97);
  BOOST_TEST(StatusOf(two, "objectives.performance") == CheckStatus::kPass);
  // A finding raised about the objective is action.
  Finding f = Minor("OB-20260920-OFI1", "2026-09-20");
  f.grade = Grade::kOfi;
  f.objective = "OBJ-20260301-OBJ1";
  o.s.findings.push_back(f);
  o.Sort();
  BOOST_TEST(StatusOf(o, "objectives.performance") == CheckStatus::kPass);
  // So is a management review action naming it.
  Org rev;
  rev.s.measurements.clear();
  for (int month = 4; month <= 10; ++month) rev.Measured(month, month >= 7 ? 90 : 97);
  rev.s.reviews[0].actions = {"Recover on-time delivery: add a dispatcher"};
  BOOST_TEST(StatusOf(rev, "objectives.performance") == CheckStatus::kPass);
}

BOOST_AUTO_TEST_CASE(an_internal_minor_in_hand_does_not_block) {
  Org o;
  o.s.findings.push_back(Minor("NC-20261029-NEW1", "2026-10-29"));
  o.Sort();
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "findings.minor_plan").status == CheckStatus::kPass);
  BOOST_TEST(r.ready);
  // Still unplanned 40 days after it was raised: it blocks.
  BOOST_TEST(StatusOf(o, "findings.minor_plan", 2, D("2026-12-08")) == CheckStatus::kFail);
  // One from the certification body must be planned at once.
  o.s.findings.back().source = FindingSource::kStage1;
  BOOST_TEST(StatusOf(o, "findings.minor_plan") == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(an_internal_major_contained_and_planned_warns_and_one_from_the_body_blocks) {
  Org o;
  Finding f = Minor("NC-20261015-MAJ1", "2026-10-15");
  f.grade = Grade::kMajor;
  f.title = "Releases without acceptance";
  f.clauses = {"8.6"};
  f.due = D("2026-11-14");
  o.s.findings.push_back(f);
  o.Sort();
  auto open = o.Assess(2);
  BOOST_TEST(Get(open, "findings.major").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(open, "findings.major").detail, "Releases without acceptance"));
  BOOST_TEST(Contains(Get(open, "findings.major").detail, "not contained"));
  Finding& m = o.s.findings.back().id == f.id ? o.s.findings.back() : o.s.findings.front();
  m.correction = "held releases until accepted";
  m.cause = "no release gate";
  m.action = "add a release checklist";
  m.state = FindingState::kPlanned;
  m.history = {T("", "open", "2026-10-15"), T("open", "analysed", "2026-10-16"),
               T("analysed", "planned", "2026-10-17")};
  BOOST_TEST(StatusOf(o, "findings.major") == CheckStatus::kWarn);
  BOOST_TEST(o.Assess(2).ready);
  // Past its due date: blocks again.
  BOOST_TEST(StatusOf(o, "findings.major", 2, D("2026-11-20")) == CheckStatus::kFail);
  // Raised by the certification body: blocks until closed, plan or not.
  m.source = FindingSource::kStage2;
  BOOST_TEST(StatusOf(o, "findings.major") == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(effectiveness_verified_too_soon_or_on_old_evidence_is_not_accepted) {
  Org o;
  Finding& f = o.s.findings.front();
  // Verified the same day as implemented.
  f.checks[0].date = D("2026-09-10");
  auto r = o.Assess(2);
  BOOST_TEST(Get(r, "findings.verified").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "findings.verified").detail, "not before 2026-10-10"));
  // On time, but citing the quality policy filed long before the action.
  f.checks[0].date = D("2026-10-20");
  f.checks[0].evidence = {EvidenceRef{o.Id("0100_Quality_Policy.md"), "x"}};
  BOOST_TEST(StatusOf(o, "findings.verified") == CheckStatus::kFail);
  f.checks[0].evidence = {EvidenceRef{o.Id("follow-up-sample.xlsx"), "x"}};
  BOOST_TEST(StatusOf(o, "findings.verified") == CheckStatus::kPass);
  // Verified by the action's own owner: a warning.
  f.checks[0].by = "ops lead";
  BOOST_TEST(StatusOf(o, "findings.verifier") == CheckStatus::kWarn);
}

BOOST_AUTO_TEST_CASE(a_clause_with_no_evidence_is_not_green) {
  Org o;
  o.s.audits[0].scope = {"8", "9", "10", "7"};  // audited only part of the system
  o.Remove("context.md");
  o.Remove("risk-register.xlsx");
  auto r1 = o.Assess(1);
  BOOST_TEST(Get(r1, "clauses.evidence").status == CheckStatus::kWarn);
  BOOST_TEST(Contains(Get(r1, "clauses.evidence").detail, "4.1 "));
  for (const auto& row : r1.matrix) {
    if (row.clause == "4.1" || row.clause == "6.1.1") BOOST_TEST(row.status == CheckStatus::kWarn);
  }
  // At Stage 2, risks and opportunities with no evidence at all block.
  auto r2 = o.Assess(2);
  BOOST_TEST(Get(r2, "clauses.evidence").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r2, "clauses.evidence").detail, "6.1.1"));
  o.Add(ArtifactKind::kRecord, "6.1", "risk-register.xlsx", "2026-05-01");
  BOOST_TEST(StatusOf(o, "clauses.evidence") == CheckStatus::kWarn);  // 4.1, 4.2 ... remain
}

BOOST_AUTO_TEST_CASE(management_reads_words_not_commands) {
  Org o;
  o.Remove("training-matrix.xlsx");
  o.Art("0100_Quality_Policy.md").approval.reset();
  auto r = o.Assess(2);
  BOOST_TEST(!r.ready);
  const std::string html = RenderHtml(r, {});
  BOOST_TEST(!Contains(html, "dossier add"));
  BOOST_TEST(!Contains(html, "dossier approve"));
  BOOST_TEST(Contains(html, "0100_Quality_Policy.md"));  // titles, not just ids
  const std::string text = RenderText(r);
  BOOST_TEST(Contains(text, "command: dossier"));
  for (const auto& c : r.checks) {
    BOOST_TEST(!Contains(c.next_action, "dossier "), c.id << ": " << c.next_action);
  }
}

BOOST_AUTO_TEST_CASE(a_withdrawal_cannot_hide_a_recurrence) {
  Org o;
  BOOST_TEST(StatusOf(o, "findings.withdrawn") == CheckStatus::kPass);
  // Raised after the finding it "duplicates" was closed: a recurrence.
  for (auto& f : o.s.findings) {
    if (f.id != "NC-20260906-CLS2") continue;
    f.raised = D("2026-10-25");
    f.history = {T("", "open", "2026-10-25"), T("open", "withdrawn", "2026-10-26")};
  }
  auto r = o.Assess();
  BOOST_TEST(Get(r, "findings.withdrawn").status == CheckStatus::kFail);
  BOOST_TEST(Contains(Get(r, "findings.withdrawn").detail, "a recurrence, not a duplicate"));
  // Withdrawn findings are a list of their own, not among the findings.
  BOOST_TEST(r.withdrawn.size() == 1u);
  for (const auto& f : r.findings) BOOST_TEST(f.id != "NC-20260906-CLS2");
}

BOOST_AUTO_TEST_CASE(surveillance_and_recertification_look_at_what_happened_since) {
  Org o;
  // No audit of the body done yet: surveillance has nothing to follow.
  BOOST_TEST(StatusOf(o, "surveillance.audit", kSurveillance) == CheckStatus::kFail);
  BOOST_TEST(StatusOf(o, "recertification.coverage", kRecertification) == CheckStatus::kFail);
  BodyAudit stage2;
  stage2.id = "CB-20260301-STG2";
  stage2.type = BodyAuditType::kStage2;
  stage2.body = "Meridian";
  stage2.planned = D("2026-03-20");
  stage2.done = D("2026-03-20");
  stage2.state = AuditState::kDone;
  o.s.body_audits.push_back(stage2);
  // The internal audit of 2026-09 and the review of 2026-10 came after it.
  BOOST_TEST(StatusOf(o, "surveillance.audit", kSurveillance) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "surveillance.review", kSurveillance) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "surveillance.complaints", kSurveillance) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "surveillance.mark", kSurveillance) == CheckStatus::kWarn);
  o.Add(ArtifactKind::kRecord, "7.4", "certificate-mark-use-check.md", "2026-10-01");
  BOOST_TEST(StatusOf(o, "surveillance.mark", kSurveillance) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "recertification.coverage", kRecertification) == CheckStatus::kPass);
  BOOST_TEST(StatusOf(o, "recertification.performance", kRecertification) == CheckStatus::kPass);
  // A surveillance audit later than every internal audit and review.
  BodyAudit s1 = stage2;
  s1.id = "CB-20261020-SRV1";
  s1.type = BodyAuditType::kSurveillance1;
  s1.planned = D("2026-10-20");
  s1.done = D("2026-10-20");
  o.s.body_audits.push_back(s1);
  BOOST_TEST(StatusOf(o, "surveillance.audit", kSurveillance) == CheckStatus::kFail);
  BOOST_TEST(StatusOf(o, "surveillance.review", kSurveillance) == CheckStatus::kFail);
  // A year of the cycle without a review of performance.
  for (auto& r : o.s.reviews) r.inputs = {"a", "b", "d", "e", "f"};
  BOOST_TEST(StatusOf(o, "recertification.performance", kRecertification, D("2027-04-30")) ==
             CheckStatus::kFail);
  // An open complaint past its due date.
  Finding c = Minor("NC-20260801-CMP1", "2026-08-01");
  c.source = FindingSource::kComplaint;
  c.due = D("2026-09-01");
  o.s.findings.push_back(c);
  o.Sort();
  BOOST_TEST(StatusOf(o, "surveillance.complaints", kSurveillance) == CheckStatus::kFail);
}

// doc/readiness.md lists every rule of the engine with its stage, and no other.
BOOST_AUTO_TEST_CASE(the_documented_rule_table_is_the_engines) {
  std::ifstream in(std::string(DOSSIER_SOURCE_DIR) + "/doc/readiness.md");
  BOOST_REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::regex row(R"(^\| `([a-z0-9_.]+)` \| ([1-5]) \| ([a-z, ]+) \| (.+) \|$)");
  std::set<std::string> documented;
  std::istringstream lines(doc);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    documented.insert(m[1].str() + " " + m[2].str());
    bool known = false;
    for (const auto& rule : ReadinessRules()) {
      if (rule.id == m[1].str()) {
        known = true;
        BOOST_TEST(std::to_string(rule.stage) == m[2].str(), rule.id);
        BOOST_TEST(m[4].str() == rule.rule, rule.id);
      }
    }
    BOOST_TEST(known, "documented but not in the engine: " << m[1].str());
  }
  for (const auto& rule : ReadinessRules()) {
    BOOST_TEST(documented.count(std::string(rule.id) + " " + std::to_string(rule.stage)) == 1u,
               "not documented in doc/readiness.md: " << rule.id);
  }
}

BOOST_AUTO_TEST_SUITE_END()
