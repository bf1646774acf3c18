// Readiness scenarios, table-driven: each builds a small evidence repository
// (a copy of the complete QMS, changed the way the scenario says) and asks
// `dossier readiness` for the verdict, the exact set of failed checks with
// the entities behind them, and the warnings.
#define BOOST_TEST_MODULE readiness
#include <boost/json.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <set>

#include "readiness_fixture.h"

using namespace dossier;
using namespace dossier::test;
namespace bj = boost::json;

namespace {

// "kind id" strings. When an expectation lists no clause, the clauses a
// check names beside its other entities are not compared (they follow from
// those entities); checks about clauses list them.
using Entities = std::set<std::string>;

struct Expectation {
  int stage;
  bool ready;
  std::map<std::string, Entities> failed;  // check id -> entities
  std::set<std::string> warned = {};
  const char* as_of = kAsOf;
};

struct Scenario {
  const char* name;
  std::function<void(QmsRepo&)> setup;
  std::vector<Expectation> expect;
};

std::ostream& operator<<(std::ostream& os, const Scenario& s) { return os << s.name; }

Finding Minor(const char* id, const char* title) {
  Finding f;
  f.id = id;
  f.title = title;
  f.grade = Grade::kMinor;
  f.source = FindingSource::kInternalAudit;
  f.clauses = {"8.5.1"};
  f.raised = D("2026-10-01");
  f.history = {T("", "open", "2026-10-01")};
  return f;
}

Finding Planned(const char* id, const char* due) {
  Finding f = Minor(id, "Release checklist skipped");
  f.state = FindingState::kPlanned;
  f.correction = "released items re-checked";
  f.cause = "checklist not in the release tool";
  f.action = "add the checklist to the release tool";
  f.due = D(due);
  f.history.push_back(T("open", "analysed", "2026-10-02"));
  f.history.push_back(T("analysed", "planned", "2026-10-03"));
  return f;
}

// What the scenarios do to the complete repository.
void PolicyChanged(QmsRepo& q) {
  q.Write("evidence/documents/m3.md", "# Quality policy\n\nEdited after approval.\n");
  q.Run({"--as-of", "2026-10-01", "add", "evidence/documents/m3.md"});
}

void OpenMajor(QmsRepo& q) {
  Finding f = Minor("NC-20261020-MAJ1", "Releases without acceptance");
  f.grade = Grade::kMajor;
  f.raised = D("2026-10-20");
  f.history = {T("", "open", "2026-10-20")};
  q.Put(f);
  q.Commit("major");
}

void DropDesignRecords(QmsRepo& q) {
  q.Remove("evidence/records/rec-design.md");
  q.Remove("dossier/artifacts/" + q.Id("rec-design.md") + ".json");
  q.Commit("design records withdrawn");
}

void DesignNotApplicable(QmsRepo& q) {
  DropDesignRecords(q);
  q.Run({"scope", "exclude", "8.3", "--why", "We build to customer-supplied designs only"});
  // The scope document states the exclusion: approved again with it.
  q.Run({"--as-of", "2026-10-20", "approve", "evidence/documents/m1.md"});
}

void ExclusionAfterScopeApproval(QmsRepo& q) {
  DropDesignRecords(q);
  q.Run({"scope", "exclude", "8.3", "--why", "We build to customer-supplied designs only"});
}

void LiveForTwoMonths(QmsRepo& q) {
  std::string ini = ReadFile(q.root() + "/dossier.ini");
  q.Write("dossier.ini", ini + "\n[qms]\ngo_live = 2026-09-01\n");
  q.Commit("the QMS went live in September");
}

ManagementReview Review(const char* id, const char* date, std::vector<std::string> inputs,
                        const QmsRepo& q) {
  ManagementReview r;
  r.id = id;
  r.date = D(date);
  r.inputs = std::move(inputs);
  r.minutes = q.Id("rec-minutes.md");
  r.outputs = {"improve onboarding"};
  return r;
}

void ReviewsWithoutC4(QmsRepo& q) {
  q.Put(Review(QmsRepo::kReview, "2026-10-10", {"a", "b", "c1", "c2", "c3", "c5", "d"}, q));
  q.Put(Review("MR-20260701-REV2", "2026-07-01", {"c6", "c7", "e", "f", "a"}, q));
  q.Commit("reviews without c4");
}

void InputsSpreadOverTwoReviews(QmsRepo& q) {
  q.Put(Review(QmsRepo::kReview, "2026-10-10", {"a", "b", "c1", "c2", "c3", "c6"}, q));
  q.Put(Review("MR-20260701-REV2", "2026-07-01", {"c4", "c5", "c7", "d", "e", "f"}, q));
  q.Commit("inputs over two reviews");
}

void AuditResultsBeforeAnyAudit(QmsRepo& q) {
  q.Put(Review(QmsRepo::kReview, "2026-10-10", {"a", "b", "c1", "c2", "c3"}, q));
  q.Put(Review("MR-20260701-REV2", "2026-07-01", {"c4", "c5", "c6", "c7", "d", "e", "f"}, q));
  q.Commit("audit results claimed before the first audit");
}

void ReviewWithoutMinutes(QmsRepo& q) {
  ManagementReview r =
      Review(QmsRepo::kReview, "2026-10-10",
             {"a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"}, q);
  r.minutes.clear();
  q.Put(r);
  q.Commit("minutes unlinked");
}

void NoReview(QmsRepo& q) {
  q.Remove(std::string("dossier/reviews/") + QmsRepo::kReview + ".json");
  q.Commit("no review");
}

void StaleMeasure(QmsRepo& q) {
  Objective o;
  o.id = "OBJ-20260501-OBJ2";
  o.name = "Fewer complaints";
  o.measures = {Measure{"complaints", "per quarter", "<5", Frequency::kQuarterly}};
  o.created = D("2026-05-01");
  q.Put(o);
  Measurement m;
  m.id = "MS-20260630-OLD1";
  m.objective = o.id;
  m.measure = "complaints";
  m.value = 3;
  m.date = D("2026-06-30");
  q.Put(m);
  q.Commit("objective measured last in June");
}

void VagueObjectiveOnly(QmsRepo& q) {
  Objective o;
  o.id = QmsRepo::kObjective;
  o.name = "On-time delivery";
  o.measures = {Measure{"on-time rate", "%", "as high as possible", Frequency::kMonthly}};
  o.created = D("2026-05-01");
  q.Put(o);
  q.Commit("target made vague");
}

void MinorWithoutPlan(QmsRepo& q) {
  Finding f = Minor("NC-20260920-NOP1", "Training records incomplete");
  f.raised = D("2026-09-20");  // more than 30 days before the as-of date
  f.history = {T("", "open", "2026-09-20")};
  f.state = FindingState::kAnalysed;
  f.correction = "records completed";
  f.cause = "no reminder";
  f.due = D("2026-12-15");
  f.history.push_back(T("open", "analysed", "2026-10-05"));
  q.Put(f);
  q.Commit("minor analysed, not planned");
}

void OverdueMinor(QmsRepo& q) {
  q.Put(Planned("NC-20261001-OVD1", "2026-10-15"));
  q.Commit("minor overdue");
}

void Stage1Concern(QmsRepo& q) {
  Finding f = Minor("OB-20261001-S1C1", "Objectives not communicated to staff");
  f.grade = Grade::kConcern;
  f.source = FindingSource::kStage1;
  f.clauses = {"6.2.1"};
  q.Put(f);
  Finding ofi = Minor("OB-20261001-S1O1", "Consider a supplier portal");
  ofi.grade = Grade::kOfi;
  ofi.source = FindingSource::kStage1;
  q.Put(ofi);
  q.Commit("stage 1 concern and an OFI");
}

void TamperedRecord(QmsRepo& q) { q.Write("evidence/records/rec-ops-a.md", "quietly rewritten\n"); }

void SelfAudit(QmsRepo& q) {
  std::string ini = ReadFile(q.root() + "/dossier.ini");
  ini += "\n[process:Delivery]\nowner = Ann Auditor\nclauses = 8.5\n";
  q.Write("dossier.ini", ini);
  q.Commit("process owners");
}

void ClosedWithoutVerification(QmsRepo& q) {
  Finding f = Minor("NC-20260910-UNV1", "Calibration sticker missing");
  f.state = FindingState::kClosed;
  f.correction = "sticker applied";
  f.cause = "no check";
  f.action = "add to checklist";
  f.closed = D("2026-10-01");
  f.raised = D("2026-09-10");
  f.history = {T("", "open", "2026-09-10"), T("open", "closed", "2026-10-01")};
  q.Put(f);
  q.Commit("closed without verification");
}

void AuditMisses74(QmsRepo& q) {
  auto text = ReadFile(q.root() + "/dossier/audits/" + QmsRepo::kAudit + ".json");
  auto v = bj::parse(text);
  auto& scope = v.as_object()["scope"].as_array();
  for (auto it = scope.begin(); it != scope.end();)
    it = it->as_string() == "7.4" ? scope.erase(it) : it + 1;
  q.Write(std::string("dossier/audits/") + QmsRepo::kAudit + ".json",
          CanonicalJson(bj::serialize(v)));
  q.Commit("audit scope without 7.4");
}

void UnjustifiableExclusion(QmsRepo& q) {
  std::string ini = ReadFile(q.root() + "/dossier.ini");
  ini += "\n[not-applicable]\n8.4.1 = we outsource it\n";
  q.Write("dossier.ini", ini);
  q.Commit("hand-edited scope");
}

void MinorDueMidNovember(QmsRepo& q) {
  q.Put(Planned("NC-20261001-NOV1", "2026-11-15"));
  Measurement m;
  m.id = "MS-20261118-M005";
  m.objective = QmsRepo::kObjective;
  m.measure = "on-time rate";
  m.value = 96;
  m.date = D("2026-11-18");
  q.Put(m);
  q.Commit("minor due 2026-11-15");
}

const Scenario kScenarios[] = {
    {"complete QMS", [](QmsRepo&) {}, {{1, true, {}}, {2, true, {}}}},
    {"policy changed after approval",
     PolicyChanged,
     {{1, false, {{"documents.current", {"requirement M3", "artifact @m3.md"}}}},
      {2, false, {{"documents.current", {"requirement M3", "artifact @m3.md"}}}},
      // Before the edit was filed (2026-10-01) the approved content was current.
      {1, false, {{"reviews.held", {"clause 9.3.1"}}}, {}, "2026-09-30"}}},
    {"open major",
     OpenMajor,
     {{1, true, {}}, {2, false, {{"findings.major", {"finding NC-20261020-MAJ1"}}}}}},
    {"design 8.3 not applicable", DesignNotApplicable, {{1, true, {}}, {2, true, {}}}},
    {"exclusion declared after the scope document was approved",
     ExclusionAfterScopeApproval,
     {{1, false, {{"scope.document", {"artifact @m1.md", "clause 4.3"}}}}}},
    {"design in scope without records",
     DropDesignRecords,
     {{1, true, {}},
      {2,
       false,
       {{"records.current",
         {"requirement R7", "requirement R8", "requirement R9", "requirement R10"}}},
       {"records.conditional"}}}},
    {"QMS live for only two months",
     LiveForTwoMonths,
     {{1, true, {}}, {2, false, {{"records.span", {}}}}}},
    {"management review missing c4 across the window",
     ReviewsWithoutC4,
     {{1, true, {}},
      {2,
       false,
       {{"reviews.inputs", {"input c4", "input c6", "clause 9.3.2", "review MR-20260701-REV2"}}}}}},
    {"review inputs spread over two reviews", InputsSpreadOverTwoReviews, {{2, true, {}}}},
    {"audit results reviewed before any audit was done",
     AuditResultsBeforeAnyAudit,
     {{2, false, {{"reviews.inputs", {"input c6", "clause 9.3.2", "review MR-20260701-REV2"}}}}}},
    {"review without minutes",
     ReviewWithoutMinutes,
     {{1, true, {}}, {2, false, {{"reviews.minutes", {"review MR-20261010-REV1"}}}}}},
    {"no management review",
     NoReview,
     {{1, false, {{"reviews.held", {"clause 9.3.1"}}}},
      {2,
       false,
       {{"reviews.held", {"clause 9.3.1"}},
        {"reviews.inputs",
         {"input a", "input b", "input c1", "input c2", "input c3", "input c4", "input c5",
          "input c6", "input c7", "input d", "input e", "input f", "clause 9.3.2"}}}}}},
    {"objective without a measurement in its window",
     StaleMeasure,
     {{1, true, {}},
      {2, false, {{"objectives.measured", {"measure OBJ-20260501-OBJ2#complaints"}}}}}},
    {"objective without a measurable target",
     VagueObjectiveOnly,
     {{1, false, {{"objectives.defined", {"objective OBJ-20260501-OBJ1"}}}}}},
    {"minor with no plan",
     MinorWithoutPlan,
     {{1, true, {}}, {2, false, {{"findings.minor_plan", {"finding NC-20260920-NOP1"}}}}}},
    {"minor raised recently, not planned yet",
     [](QmsRepo& q) {
       Finding f = Minor("NC-20261025-NEW1", "Sign-off missing on one job sheet");
       f.raised = D("2026-10-25");
       f.history = {T("", "open", "2026-10-25")};
       q.Put(f);
       q.Commit("a new minor");
     },
     {{2, true, {}}}},
    {"overdue minor",
     OverdueMinor,
     {{1, true, {}}, {2, false, {{"findings.minor_overdue", {"finding NC-20261001-OVD1"}}}}}},
    {"open Stage 1 concern at Stage 2",
     Stage1Concern,
     {{1, true, {}}, {2, false, {{"findings.stage1", {"finding OB-20261001-S1C1"}}}}}},
    {"closed nonconformity without effectiveness check",
     ClosedWithoutVerification,
     {{2, false, {{"findings.verified", {"finding NC-20260910-UNV1"}}}}}},
    {"tampered artifact",
     TamperedRecord,
     {{1, false, {{"artifacts.integrity", {"artifact @rec-ops-a.md"}}}},
      {2, false, {{"artifacts.integrity", {"artifact @rec-ops-a.md"}}}}}},
    {"self-audit", SelfAudit, {{1, true, {}}, {2, true, {}, {"audits.independence"}}}},
    {"audit programme misses a clause",
     AuditMisses74,
     {{1, true, {}, {"clauses.evidence"}},
      {2, false, {{"audits.coverage", {"clause 7.4"}}}, {"clauses.evidence"}}}},
    {"core clause declared not applicable",
     UnjustifiableExclusion,
     {{1,
       false,
       {{"scope.applicability", {"clause 8.4.1", "artifact @rec-ops-a.md"}},
        {"scope.document", {"artifact @m1.md", "clause 4.3"}}}}}},
    {"as-of date changes the verdict",
     MinorDueMidNovember,
     {{2, true, {}, {}, "2026-10-31"},
      {2, false, {{"findings.minor_overdue", {"finding NC-20261001-NOV1"}}}, {}, "2026-11-20"}}},
    {"as-of before the audit was done",
     [](QmsRepo&) {},
     {{1,
       false,
       {{"audits.done", {"audit IA-20260801-AUD1", "clause 9.2.2"}},
        {"reviews.held", {"clause 9.3.1"}}},
       {"clauses.evidence"},
       "2026-08-20"}}},
};

// Resolves "artifact @file.md" to the artifact's id.
std::string Resolve(const QmsRepo& q, const std::string& entity) {
  auto at = entity.find('@');
  return at == std::string::npos ? entity : entity.substr(0, at) + q.Id(entity.substr(at + 1));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(readiness)

BOOST_DATA_TEST_CASE(scenario, boost::unit_test::data::make(kScenarios), s) {
  QmsRepo q;
  s.setup(q);
  for (const auto& e : s.expect) {
    BOOST_TEST_CONTEXT(s.name << ", stage " << e.stage << " as of " << e.as_of) {
      const std::string stage = std::to_string(e.stage);
      auto r = q.Run({"readiness", "--stage", stage, "--as-of", e.as_of, "--format", "json"}, -1);
      BOOST_TEST(r.code == (e.ready ? 0 : 1), r.err);
      auto doc = bj::parse(r.out).as_object();
      BOOST_TEST(doc.at("ready").as_bool() == e.ready);
      std::map<std::string, Entities> failed;
      std::set<std::string> warned;
      for (const auto& cv : doc.at("checks").as_array()) {
        const auto& c = cv.as_object();
        const std::string id(c.at("id").as_string());
        if (c.at("status") == "warn") warned.insert(id);
        if (c.at("status") != "fail") continue;
        Entities ents;
        for (const auto& ev : c.at("entities").as_array()) {
          ents.insert(std::string(ev.at("kind").as_string()) + " " +
                      std::string(ev.at("id").as_string()));
        }
        failed[id] = ents;
      }
      std::set<std::string> want_ids, got_ids;
      for (const auto& [id, ents] : e.failed) want_ids.insert(id);
      for (const auto& [id, ents] : failed) got_ids.insert(id);
      std::string failed_ids;
      for (const auto& g : got_ids) failed_ids += g + " ";
      BOOST_TEST(got_ids == want_ids, "failed: " << failed_ids);
      for (const auto& [id, want] : e.failed) {
        if (!failed.count(id)) continue;
        Entities want_resolved, got = failed[id];
        bool with_clauses = false;
        for (const auto& w : want) {
          want_resolved.insert(Resolve(q, w));
          with_clauses = with_clauses || w.rfind("clause ", 0) == 0;
        }
        if (!with_clauses) {
          for (auto it = got.begin(); it != got.end();)
            it = it->rfind("clause ", 0) == 0 ? got.erase(it) : std::next(it);
        }
        std::string got_text;
        for (const auto& g : got) got_text += g + ", ";
        BOOST_TEST(got == want_resolved, id << " names: " << got_text);
      }
      std::string got_warned;
      for (const auto& w : warned) got_warned += w + " ";
      BOOST_TEST(warned == e.warned, "warned: " << got_warned);
      // The text report leads with the verdict, then the blockers.
      auto text = q.Run({"readiness", "--stage", stage, "--as-of", e.as_of}, e.ready ? 0 : 1);
      BOOST_TEST(text.out.rfind(
                     e.ready ? "READY for Stage " + stage : "NOT READY for Stage " + stage, 0) ==
                 0u);
      for (const auto& [id, ents] : e.failed) {
        BOOST_TEST(text.out.find("FAIL " + id + ":") < text.out.find("\nChecks:"), id);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(not_applicable_design_drops_r7_to_r11) {
  QmsRepo q;
  DesignNotApplicable(q);
  auto r = q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--format", "json"});
  auto doc = bj::parse(r.out).as_object();
  for (const char* req : {"R7", "R8", "R9", "R10", "R11"}) {
    for (const auto& c : doc.at("checks").as_array()) {
      for (const auto& e : c.at("entities").as_array()) BOOST_TEST(e.at("id") != req, req);
    }
    for (const auto& row : doc.at("requirements").as_array()) {
      if (row.at("id") == req) BOOST_TEST(row.at("status") == "not applicable", req);
    }
  }
  int na = 0;
  for (const auto& row : doc.at("matrix").as_array()) {
    const std::string clause(row.at("clause").as_string());
    if (clause.rfind("8.3.", 0) == 0) {
      BOOST_TEST(!row.at("applicable").as_bool(), clause);
      BOOST_TEST(row.at("status") == "n/a");
      BOOST_TEST(row.at("justification") == "We build to customer-supplied designs only");
      ++na;
    }
  }
  BOOST_TEST(na == 6);
}

BOOST_AUTO_TEST_CASE(at_rev_reproduces_an_earlier_verdict_exactly) {
  QmsRepo q;
  const std::string before = Head(q.root());
  std::map<std::string, std::string> then;
  for (const char* format : {"text", "json", "markdown", "csv", "html"}) {
    then[format] = q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--format", format}).out;
  }
  OpenMajor(q);
  q.Run({"readiness", "--stage", "2", "--as-of", kAsOf}, 1);
  for (const char* format : {"text", "json", "markdown", "csv"}) {
    auto now =
        q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--at", before, "--format", format});
    BOOST_TEST(now.out == then[format], format);
  }
  // The HTML adds the history walk, bounded by the revision's commit.
  auto html =
      q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--at", before, "--format", "html"});
  BOOST_TEST(html.out.find(">READY<") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tampered_artifact_named_with_its_path) {
  QmsRepo q;
  TamperedRecord(q);
  auto r = q.Run({"readiness", "--stage", "1", "--as-of", kAsOf, "--json"}, 1);
  BOOST_TEST(r.out.find(q.Id("rec-ops-a.md") + ") evidence/records/rec-ops-a.md was modified") !=
                 std::string::npos,
             r.out);
}

BOOST_AUTO_TEST_CASE(bad_input_is_a_usage_error) {
  QmsRepo q;
  const std::string head = Head(q.root());
  auto no_stage = q.Run({"readiness"}, 2);
  // With no certification audit planned there is no default stage.
  BOOST_TEST(no_stage.err.find("needs --stage 1, 2, decision, surveillance or recertification") !=
                 std::string::npos,
             no_stage.err);
  BOOST_TEST(no_stage.err.find("no certification audit is planned") != std::string::npos);
  auto bad_stage = q.Run({"readiness", "--stage", "6"}, 2);
  BOOST_TEST(bad_stage.err.find("--stage 6: unknown (valid: 1, 2, decision, surveillance, "
                                "recertification)") != std::string::npos,
             bad_stage.err);
  auto bad_format = q.Run({"readiness", "--stage", "1", "--format", "pdf"}, 2);
  BOOST_TEST(bad_format.err.find("valid: text, json, markdown, html, csv") != std::string::npos,
             bad_format.err);
  auto bad_date = q.Run({"readiness", "--stage", "1", "--as-of", "2026-13-01"}, 2);
  BOOST_TEST(bad_date.err.find("--as-of") != std::string::npos, bad_date.err);
  auto bad_rev = q.Run({"readiness", "--stage", "1", "--at", "no-such-rev"}, -1);
  BOOST_TEST(bad_rev.code >= 2);
  BOOST_TEST(Head(q.root()) == head);
}

BOOST_AUTO_TEST_CASE(output_file_written_and_verdict_in_exit_code) {
  QmsRepo q;
  OpenMajor(q);
  auto r = q.Run(
      {"readiness", "--stage", "2", "--as-of", kAsOf, "--format", "json", "-o", "report.json"}, 1);
  BOOST_TEST(r.out.find("NOT READY for Stage 2") == 0u, r.out);
  auto doc = bj::parse(ReadFile(q.root() + "/report.json")).as_object();
  BOOST_TEST(doc.at("verdict") == "NOT READY");
}

BOOST_AUTO_TEST_CASE(diff_shows_what_moved_and_the_verdicts) {
  QmsRepo q;
  const std::string before = Head(q.root());
  OpenMajor(q);
  auto text = q.Run({"diff", before, "HEAD", "--as-of", kAsOf});
  BOOST_TEST(text.out.find("+ finding") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("NC-20261020-MAJ1") != std::string::npos, text.out);
  BOOST_TEST(text.out.find("findings.major") != std::string::npos, text.out);
  auto json = q.Run({"diff", before, "HEAD", "--as-of", kAsOf, "--json"});
  auto doc = bj::parse(json.out).as_object();
  BOOST_TEST(doc.at("before").at("stage2").at("ready").as_bool());
  BOOST_TEST(!doc.at("after").at("stage2").at("ready").as_bool());
  BOOST_TEST(doc.at("after").at("stage1").at("ready").as_bool());
  BOOST_TEST(doc.at("before").at("stage2").at("score").to_number<double>() ==
             doc.at("before").at("stage2").at("score").to_number<double>());
  BOOST_TEST(doc.at("after").at("stage2").at("score").to_number<double>() <
             doc.at("before").at("stage2").at("score").to_number<double>());
  const auto& changes = doc.at("changes").as_array();
  BOOST_REQUIRE(changes.size() == 1u);
  BOOST_TEST(changes[0].at("kind") == "finding");
  BOOST_TEST(changes[0].at("change") == "added");
  BOOST_TEST(doc.at("checks_changed").as_array().size() == 1u);

  // A policy edit shows as a changed artifact that is no longer approved.
  const std::string mid = Head(q.root());
  PolicyChanged(q);
  auto policy = q.Run({"diff", mid, "--as-of", kAsOf});
  BOOST_TEST(policy.out.find("~ artifact") != std::string::npos, policy.out);
  BOOST_TEST(policy.out.find("no longer approved") != std::string::npos, policy.out);
  auto bad = q.Run({"diff", "nope"}, -1);
  BOOST_TEST(bad.code >= 2);
}

BOOST_AUTO_TEST_SUITE_END()
