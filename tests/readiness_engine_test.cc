// AssessReadiness as a pure function: in-memory snapshots, no repository.
#define BOOST_TEST_MODULE readiness_engine
#include <boost/test/unit_test.hpp>

#include "dossier/readiness.h"
#include "dossier/report.h"

using namespace dossier;

namespace dossier {
std::ostream& operator<<(std::ostream& os, CheckStatus s) { return os << ToString(s); }
std::ostream& operator<<(std::ostream& os, FindingState s) { return os << ToString(s); }
}  // namespace dossier

namespace {

Date D(const char* iso) { return *Date::Parse(iso); }

Snapshot Empty() {
  Snapshot s;
  s.commit = "0123456789abcdef0123456789abcdef01234567";
  s.config.organisation = "Pure Org";
  s.checklist = *Checklist::Builtin("iso9001-2015");
  return s;
}

const CheckResult& Get(const ReadinessReport& r, const char* id) {
  const CheckResult* c = r.FindCheck(id);
  BOOST_REQUIRE_MESSAGE(c, id);
  return *c;
}

Transition T(const char* from, const char* to, const char* date) {
  Transition t;
  t.from = from;
  t.to = to;
  t.date = D(date);
  return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(readiness_engine)

BOOST_AUTO_TEST_CASE(stage_1_runs_the_stage_1_checks_in_rule_order) {
  auto r = AssessReadiness(Empty(), VerifyReport{}, 1, D("2026-10-31"));
  std::vector<std::string> ids;
  for (const auto& c : r.checks) ids.push_back(c.id);
  const std::vector<std::string> want = {
      "scope.document",     "scope.applicability", "documents.current", "documents.controlled",
      "objectives.defined", "audits.programme",    "audits.done",       "reviews.held",
      "clauses.evidence",   "artifacts.integrity"};
  BOOST_TEST(ids == want, boost::test_tools::per_element());
  BOOST_TEST(!r.ready);
  BOOST_TEST(r.matrix.size() == 64u);
  // An empty repository earns next to nothing: checks with nothing to judge
  // (no declaration, no document, no artifact) pass but score nothing, and
  // the 7 maintain requirements are unmet. Only clauses.evidence's warning
  // counts half: 0.5 of 10 checks + 7 requirements.
  BOOST_TEST(r.score == 2.9);
  BOOST_TEST(RenderJson(r, {}).find("\"score\": 2.9,\n") != std::string::npos);
  BOOST_TEST(r.requirements.size() == 7u);
  auto r2 = AssessReadiness(Empty(), VerifyReport{}, 2, D("2026-10-31"));
  BOOST_TEST(r2.checks.size() == 29u);  // registers.due among them
  BOOST_TEST(r2.requirements.size() == 28u);
  BOOST_TEST(r2.score < 5.0);
  for (const auto& c : r2.checks) {
    if (c.status == CheckStatus::kPass) BOOST_TEST(c.next_action.empty(), c.id);
    if (c.status != CheckStatus::kPass) BOOST_TEST(!c.next_action.empty(), c.id);
  }
}

BOOST_AUTO_TEST_CASE(a_finding_is_judged_as_it_stood_on_the_as_of_date) {
  Snapshot s = Empty();
  Finding f;
  f.id = "NC-20261001-MAJ1";
  f.title = "major";
  f.grade = Grade::kMajor;
  f.raised = D("2026-10-01");
  f.state = FindingState::kClosed;
  f.closed = D("2026-10-20");
  EffectivenessCheck k;
  k.date = D("2026-10-19");
  k.effective = true;
  k.evidence = {EvidenceRef{"ART-1", "abc"}};
  f.checks = {k};
  f.history = {T("", "open", "2026-10-01"), T("open", "verified", "2026-10-19"),
               T("verified", "closed", "2026-10-20")};
  s.findings = {f};
  auto before = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-10"));
  BOOST_TEST(Get(before, "findings.major").status == CheckStatus::kFail);
  BOOST_TEST(before.findings.at(0).state == FindingState::kOpen);
  auto after = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-25"));
  BOOST_TEST(Get(after, "findings.major").status == CheckStatus::kPass);
  BOOST_TEST(Get(after, "findings.verified").status == CheckStatus::kPass);
  auto not_yet = AssessReadiness(s, VerifyReport{}, 2, D("2026-09-30"));
  BOOST_TEST(not_yet.findings.empty());
  // A later failed check undoes the earlier success.
  EffectivenessCheck failed;
  failed.date = D("2026-10-22");
  failed.effective = false;
  s.findings[0].checks.push_back(failed);
  BOOST_TEST(
      Get(AssessReadiness(s, VerifyReport{}, 2, D("2026-10-25")), "findings.verified").status ==
      CheckStatus::kFail);
  BOOST_TEST(
      Get(AssessReadiness(s, VerifyReport{}, 2, D("2026-10-21")), "findings.verified").status ==
      CheckStatus::kPass);
  s.findings[0].checks.pop_back();
  // Without its evidence the verification does not count.
  s.findings[0].checks[0].evidence.clear();
  auto weak = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-25"));
  BOOST_TEST(Get(weak, "findings.verified").status == CheckStatus::kFail);
}

BOOST_AUTO_TEST_CASE(observations_and_ofis_never_block) {
  Snapshot s = Empty();
  for (Grade g : {Grade::kObservation, Grade::kOfi}) {
    Finding f;
    f.id = std::string("OB-20261001-") + ToString(g);
    f.grade = g;
    f.source = FindingSource::kStage1;
    f.raised = D("2026-10-01");
    f.due = D("2026-10-02");
    s.findings.push_back(f);
  }
  auto r = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31"));
  for (const char* id : {"findings.major", "findings.minor_plan", "findings.minor_overdue",
                         "findings.stage1", "findings.verified"}) {
    BOOST_TEST(Get(r, id).status == CheckStatus::kPass, id);
  }
}

BOOST_AUTO_TEST_CASE(a_minor_is_overdue_only_until_its_action_is_implemented) {
  Snapshot s = Empty();
  Finding f;
  f.id = "NC-20260901-MIN1";
  f.grade = Grade::kMinor;
  f.raised = D("2026-09-01");
  f.due = D("2026-10-01");
  f.correction = "c";
  f.cause = "r";
  f.action = "a";
  f.state = FindingState::kImplemented;
  f.history = {T("", "open", "2026-09-01"), T("open", "planned", "2026-09-02"),
               T("planned", "implemented", "2026-10-10")};
  s.findings = {f};
  // Late on 2026-10-05 (still planned then); not late once implemented.
  BOOST_TEST(Get(AssessReadiness(s, VerifyReport{}, 2, D("2026-10-05")), "findings.minor_overdue")
                 .status == CheckStatus::kFail);
  auto later = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31"));
  BOOST_TEST(Get(later, "findings.minor_overdue").status == CheckStatus::kPass);
  BOOST_TEST(!later.findings.at(0).overdue);
}

BOOST_AUTO_TEST_CASE(measurable_targets) {
  Snapshot s = Empty();
  auto with_target = [&](const char* target) {
    Objective o;
    o.id = "OBJ-1";
    o.created = D("2026-01-01");
    o.measures = {Measure{"m", "%", target, Frequency::kMonthly}};
    s.objectives = {o};
    return Get(AssessReadiness(s, VerifyReport{}, 1, D("2026-10-31")), "objectives.defined").status;
  };
  for (const char* ok : {">=95", ">= 95 %", "<5 days", "=100", "4.2", "-3"}) {
    BOOST_TEST((with_target(ok) == CheckStatus::kPass), ok);
  }
  for (const char* vague : {"", "high", "as good as possible", ">= lots"}) {
    BOOST_TEST((with_target(vague) == CheckStatus::kFail), vague);
  }
  s.config.min_objectives = 2;
  BOOST_TEST((with_target(">=95") == CheckStatus::kFail));
}

BOOST_AUTO_TEST_CASE(self_audit_matches_names_and_emails_and_only_warns) {
  Snapshot s = Empty();
  s.config.processes = {Process{"Sales", "Ann Owner <ann@example.org>", {"8.2"}}};
  InternalAudit a;
  a.id = "IA-1";
  a.scope = {"8.2.1"};
  a.auditors = {"ANN@example.org"};
  a.planned = D("2026-09-01");
  a.done = D("2026-09-02");
  a.state = AuditState::kDone;
  s.audits = {a};
  auto r = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31"));
  const auto& c = Get(r, "audits.independence");
  BOOST_TEST(c.status == CheckStatus::kWarn);
  BOOST_TEST(c.entities.size() == 1u);
  s.audits[0].auditors = {"Bob Other"};
  BOOST_TEST(
      Get(AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31")), "audits.independence").status ==
      CheckStatus::kPass);
}

BOOST_AUTO_TEST_CASE(conditional_requirements_warn_and_excluded_clauses_drop_theirs) {
  Snapshot s = Empty();
  auto r = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31"));
  const auto& warn = Get(r, "records.conditional");
  BOOST_TEST(warn.status == CheckStatus::kWarn);
  std::vector<std::string> reqs;
  for (const auto& e : warn.entities) {
    if (e.kind == "requirement") reqs.push_back(e.id);
  }
  const std::vector<std::string> want = {"R11", "R13", "R14", "R15", "R17", "R2", "R21", "R3"};
  BOOST_TEST(reqs == want, boost::test_tools::per_element());
  s.config.not_applicable = {{"7.1.5", "no measuring equipment verifies conformity"},
                             {"8.5.3", "we hold no customer property"}};
  auto r2 = AssessReadiness(s, VerifyReport{}, 2, D("2026-10-31"));
  reqs.clear();
  for (const auto& e : Get(r2, "records.conditional").entities) {
    if (e.kind == "requirement") reqs.push_back(e.id);
  }
  BOOST_TEST(reqs == (std::vector<std::string>{"R11", "R13", "R15", "R17", "R21"}),
             boost::test_tools::per_element());
  BOOST_TEST(Get(r2, "scope.applicability").status == CheckStatus::kPass);
  s.config.not_applicable = {{"8.3", "  "}};
  BOOST_TEST(
      Get(AssessReadiness(s, VerifyReport{}, 1, D("2026-10-31")), "scope.applicability").status ==
      CheckStatus::kFail);
}

// `dossier clauses` counts without judging (CountClauseEvidence): the same
// applicability and counts as the full assessment's, for documents current
// or not, records in the window or not, and an excluded clause.
BOOST_AUTO_TEST_CASE(clause_evidence_counts_as_the_assessment_does) {
  Snapshot s = Empty();
  s.config.not_applicable = {{"8.5.3", "we hold no customer property"}};
  auto artifact = [&](const char* id, ArtifactKind kind, std::vector<std::string> clauses,
                      const char* collected) {
    Artifact a;
    a.id = id;
    a.kind = kind;
    a.path = std::string("evidence/") + id;
    a.clauses = std::move(clauses);
    a.sha256 = std::string(64, 'a');
    a.collected = D(collected);
    s.artifacts.push_back(a);
  };
  artifact("ART-1", ArtifactKind::kDocument, {"4.3", "5.2.1"}, "2026-09-01");
  artifact("ART-2", ArtifactKind::kRecord, {"7.2", "7.2", "9.2.2"}, "2026-09-10");
  artifact("ART-3", ArtifactKind::kRecord, {"7.2"}, "2020-01-01");  // outside the window
  artifact("ART-4", ArtifactKind::kRecord, {"8.5.3"}, "2026-10-01");
  artifact("ART-5", ArtifactKind::kRecord, {"7.1.5"}, "2026-12-01");  // after the date
  s.artifacts[0].approval.emplace();
  s.artifacts[0].approval->date = D("2026-09-02");
  s.artifacts[0].approval->sha256 = s.artifacts[0].sha256;
  const Date as_of = D("2026-10-31");
  const ReadinessReport full = AssessReadiness(s, VerifyReport{}, 2, as_of);
  const ClauseEvidence counted = CountClauseEvidence(s, as_of);
  BOOST_REQUIRE(counted.matrix.size() == full.matrix.size());
  int documents = 0, records = 0;
  for (size_t i = 0; i < full.matrix.size(); ++i) {
    BOOST_TEST(counted.matrix[i].clause == full.matrix[i].clause);
    BOOST_TEST(counted.matrix[i].applicable == full.matrix[i].applicable);
    BOOST_TEST(counted.matrix[i].documents == full.matrix[i].documents);
    BOOST_TEST(counted.matrix[i].records == full.matrix[i].records);
    documents += counted.matrix[i].documents;
    records += counted.matrix[i].records;
  }
  BOOST_TEST(documents == 2);  // ART-1 on two clauses
  BOOST_TEST(records == 3);    // ART-2 on 7.2 and 9.2.2, ART-4 on 8.5.3
  BOOST_REQUIRE(counted.coverage.size() == full.coverage.size());
  for (const auto& [clause, n] : full.coverage) {
    BOOST_TEST(counted.coverage.at(clause).documents == n.documents, clause);
    BOOST_TEST(counted.coverage.at(clause).records == n.records, clause);
  }
}

BOOST_AUTO_TEST_CASE(same_inputs_same_report_bytes) {
  Snapshot s = Empty();
  VerifyReport v;
  v.problems = {IntegrityProblem{"ART-1", "evidence/a.md", "aa", "", {}, {}}};
  auto a = AssessReadiness(s, v, 2, D("2026-10-31"));
  auto b = AssessReadiness(s, v, 2, D("2026-10-31"));
  for (auto f : {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kMarkdown,
                 ReportFormat::kHtml, ReportFormat::kCsv}) {
    BOOST_TEST(RenderReport(a, f) == RenderReport(b, f), ToString(f));
  }
  BOOST_TEST(Get(a, "artifacts.integrity").detail == "ART-1 evidence/a.md is missing");
}

BOOST_AUTO_TEST_SUITE_END()
