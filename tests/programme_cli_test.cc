// `dossier audit|review|objective ...` end to end through the real binary:
// the internal audit programme with self-audit risks, management reviews
// and their 9.3.2 inputs, quality objectives measured against targets.
#define BOOST_TEST_MODULE programme_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

std::string LastMessage(const std::string& repo) {
  return Git({"log", "-1", "--format=%s"}, repo).out;
}

struct Fixture {
  EvidenceRepo repo;

  Fixture() {
    // Two processes with their owners and clauses.
    std::string ini = ReadFile(repo.root + "/dossier.ini");
    ini +=
        "\n[process:purchasing]\nowner = Ann Buyer\nclauses = 8.4\n"
        "\n[process:training]\nowner = Tom Trainer\nclauses = 7.2,7.3\n";
    WriteFile(repo.root + "/dossier.ini", ini);
    Git({"commit", "-q", "-am", "processes"}, repo.root);
  }

  RunResult Ok(std::vector<std::string> args) {
    RunResult r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier failed: " << r.err);
    return r;
  }

  bj::value Json(std::vector<std::string> args) {
    args.push_back("--json");
    return bj::parse(Ok(args).out);
  }

  std::string Artifact(const std::string& name) {
    WriteFile(repo.dir / name, "content of " + name + "\n");
    bj::value r = Json(
        {"add", repo.dir / name, "--kind", "record", "--clause", "9.2.2", "--as-of", "2026-03-01"});
    return std::string(r.at("added").at(0).at("id").as_string());
  }

  std::string Sha(const std::string& artifact) {
    return std::string(Json({"show", artifact}).at("sha256").as_string());
  }

  std::string Refused(std::vector<std::string> args) {
    const std::string head = Head(repo.root);
    RunResult r = repo.Run(args);
    BOOST_TEST(r.code == 2,
               "exit " << r.code << " for " << args[0] << " " << args[1] << ": " << r.err);
    BOOST_TEST(Head(repo.root) == head);
    BOOST_TEST(Git({"status", "--porcelain"}, repo.root).out == "");
    return r.err;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(audits, Fixture)

BOOST_AUTO_TEST_CASE(plan_done_and_findings_raised) {
  const std::string report = Artifact("ia-report.pdf");
  bj::value a = Json({"audit", "plan", "--scope", "7.2,9.1", "--date", "2026-03-10", "--auditor",
                      "Quinn Auditor", "--as-of", "2026-03-01"});
  const std::string id(a.at("id").as_string());
  BOOST_TEST(id.rfind("IA-20260301-", 0) == 0u);
  BOOST_TEST(a.at("state").as_string() == "planned");
  BOOST_TEST((a.at("scope") == bj::parse(R"(["7.2","9.1.1","9.1.2","9.1.3"])")));
  BOOST_TEST(Contains(LastMessage(repo.root), "audit " + id + ": planned for 2026-03-10"));
  BOOST_TEST(Git({"show", "--name-only", "--format=", "HEAD"}, repo.root).out ==
             "dossier/audits/" + id + ".json\n");

  bj::value f = Json({"finding", "open", "--title", "no competence records", "--grade", "minor",
                      "--clause", "7.2", "--audit", id, "--as-of", "2026-03-10"});
  RunResult done = Ok({"audit", "done", id.substr(0, 15), "--date", "2026-03-10", "--report",
                       report, "--as-of", "2026-03-11"});
  BOOST_TEST(Contains(done.out, id + ": planned -> done on 2026-03-10"));
  BOOST_TEST(LastMessage(repo.root) == "audit " + id + ": planned -> done\n");

  bj::value shown = Json({"audit", "show", id});
  const bj::object& audit = shown.at("audit").as_object();
  BOOST_TEST(audit.at("state").as_string() == "done");
  BOOST_TEST(audit.at("done").as_string() == "2026-03-10");
  BOOST_TEST(audit.at("report").as_string() == report);
  BOOST_TEST(audit.at("report_sha256").as_string() == Sha(report));
  BOOST_TEST((audit.at("findings") == bj::array{f.at("id")}));
  BOOST_TEST(audit.at("self_audit_risks").as_array().empty());
  RunResult text = Ok({"audit", "show", id});
  BOOST_TEST(Contains(text.out, "Quinn Auditor"));
  BOOST_TEST(Contains(text.out, "7.2 Competence"));
  BOOST_TEST(Contains(text.out, std::string(f.at("id").as_string()) + "  minor"));
  BOOST_TEST(!Contains(text.out, "RISK"));

  // Done is final.
  std::string why = Refused({"audit", "cancel", id, "--why", "x"});
  BOOST_TEST(Contains(why, "cannot cancel " + id + ": it is done on 2026-03-10"));
  why = Refused({"audit", "done", id, "--date", "2026-03-10", "--report", report});
  BOOST_TEST(Contains(why, "it is done"));
}

BOOST_AUTO_TEST_CASE(auditor_auditing_own_process_is_flagged_as_a_risk) {
  // By clause: Ann owns purchasing (8.4) and audits 8.4.1.
  RunResult own = Ok({"audit", "plan", "--scope", "8.4.1", "--date", "2026-04-01", "--auditor",
                      "Ann Buyer", "--as-of", "2026-03-01"});
  BOOST_TEST(Contains(own.err, "warning: RISK: auditor Ann Buyer owns process purchasing"));
  // By named process: the scope comes from the process's clauses.
  bj::value by_process =
      Json({"audit", "plan", "--process", "training", "--date", "2026-04-02", "--auditor",
            "Tom Trainer", "--auditor", "Ann Buyer", "--as-of", "2026-03-01"});
  BOOST_TEST((by_process.at("scope") == bj::parse(R"(["7.2","7.3"])")));
  BOOST_TEST((by_process.at("processes") == bj::parse(R"(["training"])")));
  // Independent: no risk.
  RunResult other = Ok({"audit", "plan", "--scope", "8.4", "--date", "2026-04-03", "--auditor",
                        "Tom Trainer", "--as-of", "2026-03-01"});
  BOOST_TEST(!Contains(other.err, "RISK"));

  bj::value list = Json({"audit", "list"});
  std::map<std::string, std::vector<std::string>> risks;  // planned date -> "auditor/process"
  for (const auto& a : list.at("audits").as_array()) {
    auto& r = risks[std::string(a.at("planned").as_string())];
    for (const auto& x : a.at("self_audit_risks").as_array()) {
      r.push_back(std::string(x.at("auditor").as_string()) + "/" +
                  std::string(x.at("process").as_string()));
    }
  }
  BOOST_TEST(risks["2026-04-01"] == std::vector<std::string>{"Ann Buyer/purchasing"});
  BOOST_TEST(risks["2026-04-02"] == std::vector<std::string>{"Tom Trainer/training"});
  BOOST_TEST(risks["2026-04-03"].empty());
  RunResult text = Ok({"audit", "list"});
  BOOST_TEST(Contains(text.out, "RISK: auditor Ann Buyer owns process purchasing"));
  BOOST_TEST(Contains(text.out, "RISK: auditor Tom Trainer owns process training"));
}

BOOST_AUTO_TEST_CASE(cancel_needs_a_reason_and_is_final) {
  bj::value a = Json({"audit", "plan", "--scope", "10", "--date", "2026-04-01", "--auditor",
                      "Quinn", "--as-of", "2026-03-01"});
  const std::string id(a.at("id").as_string());
  std::string why = Refused({"audit", "cancel", id});
  BOOST_TEST(Contains(why, "needs --why"));
  Ok({"audit", "cancel", id, "--why", "auditor ill", "--as-of", "2026-03-02"});
  BOOST_TEST(LastMessage(repo.root) == "audit " + id + ": planned -> cancelled\n");
  bj::value shown = Json({"audit", "show", id});
  BOOST_TEST(shown.at("audit").at("state").as_string() == "cancelled");
  BOOST_TEST(shown.at("audit").at("cancel_reason").as_string() == "auditor ill");
  const std::string report = Artifact("r.pdf");
  why = Refused(
      {"audit", "done", id, "--date", "2026-03-02", "--report", report, "--as-of", "2026-03-02"});
  BOOST_TEST(Contains(why, "it is cancelled"));
  why = Refused(
      {"finding", "open", "--title", "t", "--grade", "minor", "--clause", "10.1", "--audit", id});
  BOOST_TEST(Contains(why, "was cancelled"));
}

BOOST_AUTO_TEST_CASE(bad_audit_input_exits_2) {
  const std::string report = Artifact("r.pdf");
  std::string why = Refused({"audit", "plan", "--scope", "8.4", "--date", "2026-04-01", "--auditor",
                             "Q", "--process", "sales"});
  BOOST_TEST(Contains(why,
                      "--process sales: no such process in dossier.ini (defined: "
                      "purchasing, training)"));
  why =
      Refused({"audit", "plan", "--date", "2026-04-01", "--auditor", "Q", "--process", "trainig"});
  BOOST_TEST(Contains(why, "did you mean \"training\"?"));
  why = Refused({"audit", "plan", "--scope", "8.44", "--date", "2026-04-01", "--auditor", "Q"});
  BOOST_TEST(Contains(why, "8.44"));
  why = Refused({"audit", "plan", "--scope", "8.4", "--date", "2026-04-31", "--auditor", "Q"});
  BOOST_TEST(Contains(why, "--date"));
  why = Refused({"audit", "plan", "--scope", "8.4", "--auditor", "Q"});
  BOOST_TEST(Contains(why, "needs --date"));
  why = Refused({"audit", "plan", "--scope", "8.4", "--date", "2026-04-01"});
  BOOST_TEST(Contains(why, "needs --auditor"));
  why = Refused({"audit", "plan", "--date", "2026-04-01", "--auditor", "Q"});
  BOOST_TEST(Contains(why, "needs --scope"));

  bj::value a = Json({"audit", "plan", "--scope", "8.4", "--date", "2026-03-01", "--auditor", "Q",
                      "--as-of", "2026-03-01"});
  bj::value b = Json({"audit", "plan", "--scope", "8.5", "--date", "2026-03-01", "--auditor", "Q",
                      "--as-of", "2026-03-01"});
  const std::string id(a.at("id").as_string());
  why = Refused({"audit", "show", "IA-20260301"});
  BOOST_TEST(Contains(why, "ambiguous internal audit id IA-20260301 matches 2"));
  why = Refused({"audit", "done", "IA-19990101", "--date", "2026-03-01", "--report", report});
  BOOST_TEST(Contains(why, "no internal audit with id IA-19990101"));
  why = Refused(
      {"audit", "done", id, "--date", "2026-03-05", "--report", report, "--as-of", "2026-03-02"});
  BOOST_TEST(Contains(why, "is after today"));
  why = Refused({"audit", "done", id, "--date", "2026-03-01", "--report", "ART-19990101-NOPE",
                 "--as-of", "2026-03-02"});
  BOOST_TEST(Contains(why, "--report: no artifact with id ART-19990101-NOPE"));
  why = Refused({"audit", "done", id, "--date", "2026-03-01", "--as-of", "2026-03-02"});
  BOOST_TEST(Contains(why, "needs --report"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(reviews, Fixture)

BOOST_AUTO_TEST_CASE(record_list_show) {
  const std::string minutes = Artifact("mr-minutes.pdf");
  bj::value r = Json({"review", "record", "--date", "2026-03-15", "--inputs", "a,b,c,d,e,f",
                      "--minutes", minutes, "--output", "new supplier KPI", "--action",
                      "train buyers", "--action", "review objectives", "--as-of", "2026-03-16"});
  const std::string id(r.at("id").as_string());
  BOOST_TEST(id.rfind("MR-20260316-", 0) == 0u);
  BOOST_TEST(r.at("inputs").as_array().size() == 12u);  // c stands for c1..c7
  BOOST_TEST(r.at("minutes_sha256").as_string() == Sha(minutes));
  BOOST_TEST(r.at("actions").as_array().size() == 2u);
  BOOST_TEST(Contains(LastMessage(repo.root), "review " + id + ": held 2026-03-15"));

  RunResult partial = Ok({"review", "record", "--date", "2026-03-16", "--inputs", "f,a,c3",
                          "--minutes", minutes, "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(partial.err, "not covered by this review: b,c1,c2,c4,c5,c6,c7,d,e"));
  bj::value list = Json({"review", "list"});
  BOOST_REQUIRE(list.at("reviews").as_array().size() == 2u);
  bj::value shown = Json({"review", "show", id});
  BOOST_TEST(shown.at("review").at("inputs_not_covered").as_array().empty());
  RunResult text = Ok({"review", "show", id});
  BOOST_TEST(Contains(text.out, "train buyers"));
  BOOST_TEST(Contains(text.out, "a,b,c1,c2,c3,c4,c5,c6,c7,d,e,f"));
}

BOOST_AUTO_TEST_CASE(bad_review_input_exits_2) {
  const std::string minutes = Artifact("m.pdf");
  std::string why = Refused({"review", "record", "--date", "2026-03-15", "--inputs", "a,b,g",
                             "--minutes", minutes, "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(why, "unknown management review input \"g\""));
  BOOST_TEST(Contains(why, "valid: a, b, c1, c2, c3, c4, c5, c6, c7, d, e, f"));
  why = Refused({"review", "record", "--date", "2026-03-15", "--inputs", "c8", "--minutes", minutes,
                 "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(why, "\"c8\""));
  why = Refused(
      {"review", "record", "--date", "2026-03-15", "--inputs", "a", "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(why, "needs --minutes"));
  why = Refused({"review", "record", "--date", "2026-03-15", "--inputs", "a", "--minutes",
                 "minutes.pdf", "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(why, "--minutes"));
  why =
      Refused({"review", "record", "--date", "15/03/2026", "--inputs", "a", "--minutes", minutes});
  BOOST_TEST(Contains(why, "--date"));
  why = Refused({"review", "record", "--date", "2026-03-20", "--inputs", "a", "--minutes", minutes,
                 "--as-of", "2026-03-16"});
  BOOST_TEST(Contains(why, "is after today"));
  why = Refused({"review", "show", "MR-1999"});
  BOOST_TEST(Contains(why, "no management review with id MR-1999"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(objectives, Fixture)

BOOST_AUTO_TEST_CASE(add_measure_and_judge_latest_against_target) {
  const std::string source = Artifact("otd-report.csv");
  bj::value ob = Json({"objective", "add", "Deliver on time", "--measure", "on-time delivery",
                       "--unit", "%", "--target", ">=95", "--frequency", "monthly", "--owner",
                       "Ops", "--as-of", "2026-01-01"});
  const std::string id(ob.at("id").as_string());
  BOOST_TEST(id.rfind("OBJ-20260101-", 0) == 0u);
  Ok({"objective", "measure", id, "--measure", "on-time delivery", "--value", "93", "--date",
      "2026-01-31", "--as-of", "2026-02-01"});
  bj::value latest = Json({"objective", "list"});
  const bj::value& status = latest.at("objectives").at(0).at("status").at(0);
  BOOST_TEST(status.at("latest").at("value").as_int64() == 93);
  BOOST_TEST(!status.at("met").as_bool());

  bj::value m =
      Json({"objective", "measure", id.substr(0, 14), "--measure", "On-Time Delivery", "--value",
            "96.5", "--date", "2026-02-28", "--source", source, "--as-of", "2026-03-01"});
  const std::string ms(m.at("id").as_string());
  BOOST_TEST(ms.rfind("MS-20260301-", 0) == 0u);
  BOOST_TEST(m.at("measure").as_string() == "on-time delivery");  // its own spelling
  BOOST_TEST(Git({"show", "--name-only", "--format=", "HEAD"}, repo.root).out ==
             "dossier/measurements/" + ms + ".json\n");
  // An older measurement recorded later does not become the latest.
  Ok({"objective", "measure", id, "--measure", "on-time delivery", "--value", "80", "--date",
      "2025-12-31", "--as-of", "2026-03-02"});

  bj::value shown = Json({"objective", "show", id});
  const bj::object& o = shown.at("objective").as_object();
  BOOST_TEST(o.at("status").at(0).at("latest").at("value").as_double() == 96.5);
  BOOST_TEST(o.at("status").at(0).at("met").as_bool());
  BOOST_TEST(o.at("measurements").as_array().size() == 3u);
  BOOST_TEST(o.at("measurements").at(0).at("date").as_string() == "2025-12-31");
  RunResult text = Ok({"objective", "show", id});
  BOOST_TEST(Contains(text.out, "target >=95 %, monthly; latest 96.5 on 2026-02-28: met"));
  BOOST_TEST(Contains(text.out, "2026-01-31  93"));
  RunResult list = Ok({"objective", "list"});
  BOOST_TEST(Contains(list.out, "Deliver on time"));
  BOOST_TEST(Contains(list.out, "met"));
  // Whole numbers stay whole in the file people read.
  BOOST_TEST(Contains(ReadFile(repo.root + "/dossier/measurements/" +
                               std::string(status.at("latest").at("id").as_string()) + ".json"),
                      "\"value\": 93\n"));
}

BOOST_AUTO_TEST_CASE(several_measures_each_with_its_target) {
  bj::value ob = Json({"objective", "add", "Fewer complaints", "--measure", "complaints",
                       "--target", "<=5", "--measure", "satisfaction", "--target", ">=4.2",
                       "--frequency", "quarterly", "--as-of", "2026-01-01"});
  const std::string id(ob.at("id").as_string());
  const bj::array& measures = ob.at("measures").as_array();
  BOOST_REQUIRE(measures.size() == 2u);
  BOOST_TEST(measures[0].at("target").as_string() == "<=5");
  BOOST_TEST(measures[1].at("target").as_string() == ">=4.2");
  BOOST_TEST(measures[1].at("frequency").as_string() == "quarterly");
  Ok({"objective", "measure", id, "--measure", "complaints", "--value", "7", "--date", "2026-03-31",
      "--as-of", "2026-04-01"});
  bj::value shown = Json({"objective", "show", id});
  const bj::array& status = shown.at("objective").at("status").as_array();
  BOOST_TEST(!status[0].at("met").as_bool());
  BOOST_TEST(status[1].at("met").is_null());
  BOOST_TEST(status[1].at("latest").is_null());
  BOOST_TEST(Contains(Ok({"objective", "show", id}).out, "not measured"));
}

BOOST_AUTO_TEST_CASE(bad_objective_input_exits_2) {
  std::string why = Refused({"objective", "add", "Quality", "--measure", "defects", "--target",
                             "90%", "--frequency", "monthly"});
  BOOST_TEST(Contains(why, "target \"90%\" is not measurable"));
  why = Refused({"objective", "add", "Quality", "--measure", "defects", "--target", "high",
                 "--frequency", "monthly"});
  BOOST_TEST(Contains(why, "e.g. \">=90\""));
  why = Refused({"objective", "add", "Quality", "--measure", "defects", "--target", "<3",
                 "--frequency", "weekly"});
  BOOST_TEST(Contains(why, "unknown frequency \"weekly\" (valid: monthly, quarterly, yearly)"));
  why = Refused({"objective", "add", "Quality", "--target", "<3", "--frequency", "monthly"});
  BOOST_TEST(Contains(why, "at least one --measure"));
  why = Refused({"objective", "add", "Quality", "--measure", "a", "--measure", "b", "--measure",
                 "c", "--target", "<3", "--target", "<4", "--frequency", "monthly"});
  BOOST_TEST(Contains(why, "--target"));
  BOOST_TEST(Contains(why, "once per --measure"));

  bj::value ob = Json({"objective", "add", "Quality", "--measure", "defects", "--target", "<3",
                       "--frequency", "monthly", "--as-of", "2026-01-01"});
  const std::string id(ob.at("id").as_string());
  why = Refused({"objective", "add", "quality", "--measure", "x", "--target", "<3", "--frequency",
                 "monthly"});
  BOOST_TEST(Contains(why, "exists already: " + id));
  why = Refused({"objective", "measure", id, "--measure", "rework", "--value", "2", "--date",
                 "2026-01-31", "--as-of", "2026-02-01"});
  BOOST_TEST(Contains(why, "has no measure \"rework\" (its measures: defects)"));
  why = Refused({"objective", "measure", id, "--measure", "defect", "--value", "2", "--date",
                 "2026-01-31", "--as-of", "2026-02-01"});
  BOOST_TEST(Contains(why, "has no measure \"defect\"; did you mean \"defects\"?"));
  why = Refused({"objective", "measure", id, "--measure", "defects", "--value", "two", "--date",
                 "2026-01-31", "--as-of", "2026-02-01"});
  BOOST_TEST(Contains(why, "--value \"two\" is not a number"));
  why = Refused(
      {"objective", "measure", id, "--measure", "defects", "--value", "2", "--date", "2026-01-32"});
  BOOST_TEST(Contains(why, "--date"));
  why = Refused({"objective", "measure", id, "--measure", "defects", "--value", "2"});
  BOOST_TEST(Contains(why, "needs --date"));
  why = Refused({"objective", "measure", id, "--measure", "defects", "--value", "2", "--date",
                 "2026-03-01", "--as-of", "2026-02-01"});
  BOOST_TEST(Contains(why, "is after today"));
  why = Refused({"objective", "measure", "OBJ-1999", "--measure", "defects", "--value", "2",
                 "--date", "2026-01-31"});
  BOOST_TEST(Contains(why, "no objective with id OBJ-1999"));
  why = Refused({"objective", "measure", id, "--measure", "defects", "--value", "2", "--date",
                 "2026-01-31", "--source", "ART-1999", "--as-of", "2026-02-01"});
  BOOST_TEST(Contains(why, "--source: no artifact with id ART-1999"));
}

BOOST_AUTO_TEST_SUITE_END()
