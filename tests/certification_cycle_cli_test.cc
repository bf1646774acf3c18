// Corrective action as ISO 9001 10.2 asks and the certification body's
// cycle, end to end through the real binary: containment, extent, several
// actions, a failed check sending the finding back to analysis, withdrawal
// and re-grading, the body's findings with its deadlines, and readiness for
// the certification decision and surveillance. Bad input exits 2 and
// commits nothing.
#define BOOST_TEST_MODULE certification_cycle_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

struct Fixture {
  EvidenceRepo repo;

  RunResult Ok(std::vector<std::string> args) {
    RunResult r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0,
                          "dossier " << args[0] << " " << args[1] << " failed: " << r.err);
    return r;
  }

  std::string Artifact(const std::string& name, const std::string& as_of,
                       const std::string& clause = "10.2.2") {
    WriteFile(repo.dir / name, name + "\n");
    RunResult r = Ok({"add", repo.dir / name, "--kind", "record", "--clause", clause, "--as-of",
                      as_of, "--json"});
    return std::string(bj::parse(r.out).at("added").at(0).at("id").as_string());
  }

  std::string Id(const RunResult& r) { return std::string(bj::parse(r.out).at("id").as_string()); }

  std::string Open(const std::string& grade, const std::string& as_of,
                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"finding", "open", "--title",  "Calibration overdue",
                                     "--grade", grade,  "--clause", "7.1.5.2",
                                     "--as-of", as_of,  "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Id(Ok(args));
  }

  bj::object Show(const std::string& id, const std::string& as_of = "2027-12-31") {
    RunResult r = Ok({"finding", "show", id, "--json", "--as-of", as_of});
    return bj::parse(r.out).at("finding").as_object();
  }
  std::string ShowText(const std::string& id, const std::string& as_of = "2027-12-31") {
    return Ok({"finding", "show", id, "--as-of", as_of}).out;
  }

  // The readiness report as JSON (exit 0 or 1).
  bj::object Readiness(std::vector<std::string> args) {
    args.insert(args.begin(), "readiness");
    args.push_back("--json");
    RunResult r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0 || r.code == 1, "readiness failed: " << r.err);
    return bj::parse(r.out).as_object();
  }
  std::string Status(const bj::object& report, const std::string& check) {
    for (const auto& c : report.at("checks").as_array()) {
      if (c.at("id").as_string() == check) return std::string(c.at("status").as_string());
    }
    return "(absent)";
  }
  std::string Detail(const bj::object& report, const std::string& check) {
    for (const auto& c : report.at("checks").as_array()) {
      if (c.at("id").as_string() == check) return std::string(c.at("detail").as_string());
    }
    return "";
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

BOOST_FIXTURE_TEST_SUITE(certification_cycle_cli, Fixture)

BOOST_AUTO_TEST_CASE(corrective_action_rounds_keep_every_step) {
  const std::string seen = Artifact("overdue-gauge.txt", "2026-03-02");
  const std::string id = Open("minor", "2026-03-02", {"--evidence", seen, "--owner", "Lab Lead"});
  BOOST_TEST(Show(id).at("raised_evidence").as_array().size() == 1u);

  // Bad analysis input: refused, nothing written.
  BOOST_TEST(Contains(Refused({"finding", "analyse", id, "--correction", "c", "--cause", "x",
                               "--method", "fishbone", "--as-of", "2026-03-03"}),
                      "--category"));
  BOOST_TEST(
      Contains(Refused({"finding", "analyse", id, "--correction", "c", "--cause", "x", "--method",
                        "fishbone", "--category", "weather", "--as-of", "2026-03-03"}),
               "valid: people"));
  BOOST_TEST(Contains(Refused({"finding", "analyse", id, "--correction", "c", "--cause", "x",
                               "--correction-date", "2026-03-09", "--as-of", "2026-03-03"}),
                      "after 2026-03-03"));
  BOOST_TEST(Contains(Refused({"finding", "analyse", id, "--correction", "c", "--cause", "x",
                               "--method", "7-whys", "--as-of", "2026-03-03"}),
                      "valid: 5-whys, fishbone"));

  Ok({"finding",
      "analyse",
      id,
      "--containment",
      "Gauge quarantined",
      "--correction",
      "Gauge recalibrated",
      "--correction-date",
      "2026-03-02",
      "--extent",
      "Checked the other 14 gauges: 2 more overdue, recalibrated",
      "--cause",
      "No reminder for calibration dates",
      "--method",
      "5-whys",
      "--why-chain",
      "The due date was missed",
      "--why-chain",
      "Nobody was reminded",
      "--as-of",
      "2026-03-03"});
  Ok({"finding", "plan", id, "--action", "Calendar reminders for every gauge", "--owner",
      "Lab Lead", "--due", "2026-03-20", "--risks", "Risk register: measurement drift added",
      "--as-of", "2026-03-04"});
  Ok({"finding", "plan", id, "--action", "Monthly check of the calibration register", "--owner",
      "Quality Lead", "--due", "2026-03-31", "--qms-changes", "Procedure QP-07 revised", "--as-of",
      "2026-03-04"});
  bj::object f = Show(id);
  BOOST_TEST(f.at("actions").as_array().size() == 2u);
  BOOST_TEST(f.at("due").as_string() == "2026-03-31");
  BOOST_TEST(f.at("extent").as_string() ==
             "Checked the other 14 gauges: 2 more overdue, recalibrated");
  BOOST_TEST(f.at("correction_date").as_string() == "2026-03-02");

  // Implement needs evidence; an action at a time.
  Refused({"finding", "implement", id, "--as-of", "2026-03-10"});
  BOOST_TEST(Contains(Refused({"finding", "implement", id, "--action", "3", "--evidence", seen,
                               "--as-of", "2026-03-10"}),
                      "open: 1, 2"));
  const std::string reminders = Artifact("reminders.txt", "2026-03-10");
  Ok({"finding", "implement", id, "--action", "1", "--evidence", reminders, "--as-of",
      "2026-03-10"});
  BOOST_TEST(Show(id).at("state").as_string() == "planned");
  Ok({"finding", "implement", id, "--action", "2", "--evidence", reminders, "--as-of",
      "2026-03-11"});
  BOOST_TEST(Show(id).at("state").as_string() == "implemented");

  // Not effective: back to analysis, with a new due date, a new round.
  const std::string drift = Artifact("drift-again.txt", "2026-04-20");
  BOOST_TEST(Contains(Refused({"finding", "verify", id, "--not-effective", "--evidence", drift,
                               "--as-of", "2026-04-20"}),
                      "--due"));
  Ok({"finding", "verify", id, "--not-effective", "--evidence", drift, "--due", "2026-06-30",
      "--by", "Internal Auditor", "--as-of", "2026-04-20"});
  f = Show(id);
  BOOST_TEST(f.at("state").as_string() == "open");
  BOOST_TEST(f.at("round").as_int64() == 2);
  BOOST_TEST(f.at("due").as_string() == "2026-06-30");
  BOOST_TEST(f.at("actions").at(0).at("state").as_string() == "ineffective");
  Refused({"finding", "implement", id, "--evidence", drift, "--as-of", "2026-04-21"});

  Ok({"finding", "analyse", id, "--correction", "Gauges rechecked", "--cause",
      "Reminders went to a shared mailbox nobody reads", "--method", "fishbone", "--category",
      "method", "--category", "people", "--as-of", "2026-04-21"});
  Ok({"finding", "plan", id, "--action", "Reminders to named owners", "--as-of", "2026-04-22"});
  const std::string named = Artifact("named-owners.txt", "2026-04-25");
  Ok({"finding", "implement", id, "--evidence", named, "--as-of", "2026-04-25"});
  const std::string fine = Artifact("june-register.txt", "2026-06-01");
  Ok({"finding", "verify", id, "--effective", "--evidence", fine, "--by", "Internal Auditor",
      "--as-of", "2026-06-01"});
  Ok({"finding", "close", id, "--as-of", "2026-06-02"});
  std::string text = ShowText(id);
  BOOST_TEST(Contains(text, "earlier check"));
  BOOST_TEST(Contains(text, "round 1, no longer stands"));
  BOOST_TEST(Contains(text, "fishbone       method, people"));
  BOOST_TEST(Contains(text, "cause: No reminder for calibration dates (5-whys)"));  // round 1
  BOOST_TEST(Contains(text, "containment"));
  BOOST_TEST(Contains(text, "back to cause analysis (round 2), due 2026-06-30"));

  // Reopened: the old "effective" is no longer shown as current.
  Ok({"finding", "reopen", id, "--why", "Another gauge found overdue", "--as-of", "2026-07-01"});
  text = ShowText(id);
  BOOST_TEST(!Contains(text, "\ncheck "));
  BOOST_TEST(Contains(text, "round 2, no longer stands"));
  BOOST_TEST(Contains(text, "state          open  (round 3)"));
}

BOOST_AUTO_TEST_CASE(withdrawn_and_regraded_findings_keep_their_reasons_and_hide_nothing) {
  const std::string a = Open("major", "2026-03-02");
  const std::string b = Open("major", "2026-03-03");
  const std::string c = Open("major", "2026-03-04");
  const std::string minor = Open("minor", "2026-03-04");

  BOOST_TEST(Contains(Refused({"finding", "withdraw", b, "--reason", "duplicate", "--why", "x",
                               "--as-of", "2026-03-05"}),
                      "--duplicate-of"));
  BOOST_TEST(Contains(Refused({"finding", "withdraw", b, "--reason", "duplicate", "--duplicate-of",
                               b, "--why", "x", "--as-of", "2026-03-05"}),
                      "the finding itself"));
  BOOST_TEST(Contains(Refused({"finding", "withdraw", b, "--reason", "duplicate", "--duplicate-of",
                               minor, "--why", "x", "--as-of", "2026-03-05"}),
                      "would hide the major"));
  BOOST_TEST(Contains(Refused({"finding", "withdraw", b, "--reason", "mistake", "--why", "x",
                               "--as-of", "2026-03-05"}),
                      "error|duplicate"));
  Refused({"finding", "withdraw", b, "--reason", "error", "--as-of", "2026-03-05"});
  Ok({"finding", "withdraw", b, "--reason", "duplicate", "--duplicate-of", a, "--why",
      "Same calibration gap, raised twice by two auditors", "--decided-by", "Lead Auditor",
      "--as-of", "2026-03-05"});
  BOOST_TEST(Contains(Refused({"finding", "analyse", b, "--correction", "c", "--cause", "x",
                               "--as-of", "2026-03-06"}),
                      "withdrawn"));
  BOOST_TEST(Contains(Refused({"finding", "withdraw", c, "--reason", "duplicate", "--duplicate-of",
                               b, "--why", "x", "--as-of", "2026-03-06"}),
                      "itself withdrawn"));

  BOOST_TEST(Contains(Refused({"finding", "regrade", c, "--grade", "observation", "--why", "x",
                               "--as-of", "2026-03-06"}),
                      "stays a nonconformity"));
  Refused({"finding", "regrade", c, "--grade", "minor", "--as-of", "2026-03-06"});
  Ok({"finding", "regrade", c, "--grade", "minor", "--why",
      "One gauge, no product affected: an isolated lapse", "--decided-by", "Lead Auditor",
      "--as-of", "2026-03-06"});

  std::string text = ShowText(b);
  BOOST_TEST(Contains(text, "withdrawn      2026-03-05: duplicate of " + a +
                                "; Same calibration gap, raised twice by two auditors; decided by "
                                "Lead Auditor"));
  text = ShowText(c);
  BOOST_TEST(Contains(text,
                      "regraded       2026-03-06: major -> minor; One gauge, no product "
                      "affected: an isolated lapse; decided by Lead Auditor"));
  BOOST_TEST(Contains(text, "grade          minor"));
  BOOST_TEST(Show(b).at("state").as_string() == "withdrawn");

  // Readiness lists the withdrawn finding apart; the open major it duplicates
  // still blocks.
  bj::object r = Readiness({"--stage", "2", "--as-of", "2026-03-10"});
  BOOST_TEST(r.at("withdrawn").as_array().size() == 1u);
  BOOST_TEST(r.at("withdrawn").at(0).at("id").as_string() == b);
  for (const auto& f : r.at("findings").as_array()) BOOST_TEST(f.at("id").as_string() != b);
  BOOST_TEST(Status(r, "findings.withdrawn") == "pass");
  BOOST_TEST(Contains(Detail(r, "findings.withdrawn"), b));
  BOOST_TEST(Status(r, "findings.major") == "fail");
  BOOST_TEST(Contains(Detail(r, "findings.major"), a));
  const std::string text_report =
      repo.Run({"readiness", "--stage", "2", "--as-of", "2026-03-10"}).out;
  BOOST_TEST(Contains(text_report, "Withdrawn findings (1"));
}

BOOST_AUTO_TEST_CASE(a_stage_2_major_blocks_the_decision_until_the_body_verified_it_closed) {
  // Bad input for the body's audits: nothing written.
  Refused({"certification", "plan", "--type", "stage3", "--date", "2026-03-10", "--body", "B",
           "--scope", "S", "--as-of", "2026-03-01"});
  Refused({"certification", "plan", "--type", "stage2", "--date", "2026-03-10", "--scope", "S",
           "--as-of", "2026-03-01"});
  Refused({"certification", "plan", "--type", "stage2", "--date", "2026-03-10", "--body", "B",
           "--as-of", "2026-03-01"});
  const std::string scope = "Calibration services for marine instruments";
  const std::string cb =
      Id(Ok({"certification", "plan", "--type", "stage2", "--date", "2026-03-10", "--body",
             "North Sea Certification", "--scope", scope, "--as-of", "2026-03-01", "--json"}));
  BOOST_TEST(cb.rfind("CB-", 0) == 0u);
  // Without --stage, readiness judges for the next planned audit, as of its date.
  bj::object r = Readiness({"--as-of", "2026-03-01"});
  BOOST_TEST(r.at("stage").as_int64() == 2);
  BOOST_TEST(r.at("as_of").as_string() == "2026-03-10");
  BOOST_TEST(Contains(std::string(r.at("audit").as_string()), cb));

  Refused({"certification", "done", cb, "--date", "2026-03-12", "--as-of", "2026-03-11"});
  Ok({"certification", "done", cb, "--date", "2026-03-12", "--certificate", "NSC-4411", "--as-of",
      "2026-03-12"});
  BOOST_TEST(Contains(Refused({"finding", "open", "--title", "t", "--grade", "major", "--clause",
                               "7.1.5.2", "--plan-due", "2026-04-01", "--as-of", "2026-03-12"}),
                      "--body-audit"));
  const std::string major = Open("major", "2026-03-12", {"--body-audit", cb});
  bj::object f = Show(major);
  BOOST_TEST(f.at("source").as_string() == "stage2");
  BOOST_TEST(f.at("body_plan_due").as_string() == "2026-04-11");
  BOOST_TEST(f.at("body_close_due").as_string() == "2026-06-10");

  r = Readiness({"--stage", "decision", "--as-of", "2026-03-13"});
  BOOST_TEST(r.at("stage_name").as_string() == "the certification decision");
  BOOST_TEST(Status(r, "body.majors") == "fail");
  BOOST_TEST(Status(r, "body.deadlines") == "pass");
  // Past the body's 30 days with nothing sent: the deadline check fails too.
  r = Readiness({"--stage", "decision", "--as-of", "2026-04-15"});
  BOOST_TEST(Status(r, "body.deadlines") == "fail");

  Ok({"finding", "analyse", major, "--correction", "Instruments recalled and recalibrated",
      "--cause", "Register not maintained", "--as-of", "2026-03-14"});
  Ok({"finding", "plan", major, "--action", "Register owned and reviewed monthly", "--as-of",
      "2026-03-15"});
  BOOST_TEST(Contains(Refused({"finding", "accept", major, "--as-of", "2026-03-16"}), "submit"));
  const std::string letter = Artifact("plan-to-body.txt", "2026-03-16");
  Ok({"finding", "submit", major, "--evidence", letter, "--as-of", "2026-03-16"});
  Refused({"finding", "accept", major, "--as-of", "2026-03-17"});  // --by is required
  Ok({"finding", "accept", major, "--by", "J. Lund (North Sea Certification)", "--as-of",
      "2026-03-17"});
  const std::string register_rec = Artifact("register-live.txt", "2026-03-20");
  Ok({"finding", "implement", major, "--evidence", register_rec, "--as-of", "2026-03-20"});
  const std::string april = Artifact("register-april.txt", "2026-04-25");
  Ok({"finding", "verify", major, "--effective", "--evidence", april, "--by", "Internal Auditor",
      "--as-of", "2026-04-25"});
  BOOST_TEST(
      Contains(Refused({"finding", "close", major, "--as-of", "2026-04-26"}), "verified it"));
  r = Readiness({"--stage", "decision", "--as-of", "2026-04-26"});
  BOOST_TEST(Status(r, "body.majors") == "fail");
  BOOST_TEST(Contains(Detail(r, "body.majors"), "not verified by the body"));
  Refused({"finding", "body-verify", major, "--by", "J. Lund", "--as-of", "2026-04-27"});
  const std::string body_letter = Artifact("body-closure-letter.txt", "2026-04-27");
  Ok({"finding", "body-verify", major, "--by", "J. Lund", "--evidence", body_letter, "--as-of",
      "2026-04-27"});
  Ok({"finding", "close", major, "--as-of", "2026-04-28"});
  r = Readiness({"--stage", "decision", "--as-of", "2026-04-28"});
  BOOST_TEST(Status(r, "body.majors") == "pass");
  BOOST_TEST(Status(r, "body.deadlines") == "pass");
  // As of a day before the body verified it, the decision was still blocked.
  r = Readiness({"--stage", "decision", "--as-of", "2026-04-26"});
  BOOST_TEST(Status(r, "body.majors") == "fail");

  // The certification decision pack: the body's findings with their closure evidence.
  const std::string head = Head(repo.root);
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"pack", "--for", "decision", "-o", repo.dir / "p.tar"},
        std::vector<std::string>{"pack", "--for", "certification-decision", "--stage", "2", "-o",
                                 repo.dir / "p.tar"},
        std::vector<std::string>{"pack", "--for", "certification-decision", "--clause", "7.2", "-o",
                                 repo.dir / "p.tar"}}) {
    RunResult b = repo.Run(bad);
    BOOST_TEST(b.code == 2, b.err);
  }
  BOOST_TEST(Head(repo.root) == head);
  Ok({"pack", "--for", "certification-decision", "-o", repo.dir / "decision.tar", "--as-of",
      "2026-04-28"});
  const std::string files = Run({"tar", "tf", repo.dir / "decision.tar"}, repo.dir.path()).out;
  BOOST_TEST(
      Contains(files, "certification-decision-2026-04-28/dossier/findings/" + major + ".json"));
  BOOST_TEST(Contains(files, "evidence/records/body-closure-letter.txt"));
  BOOST_TEST(Contains(files, "evidence/records/plan-to-body.txt"));
  BOOST_TEST(!Contains(files, "evidence/records/overdue-gauge.txt"));

  const std::string list = Ok({"certification", "list", "--as-of", "2026-04-28"}).out;
  BOOST_TEST(Contains(list, "North Sea Certification"));
  BOOST_TEST(Contains(list, "NSC-4411"));
  BOOST_TEST(Contains(list, scope));
}

BOOST_AUTO_TEST_CASE(a_minor_on_an_accepted_plan_does_not_block_surveillance_unplanned_it_does) {
  const std::string cb =
      Id(Ok({"certification", "plan", "--type", "stage2", "--date", "2026-03-10", "--body", "NSC",
             "--scope", "Calibration", "--as-of", "2026-03-01", "--json"}));
  Ok({"certification", "done", cb, "--date", "2026-03-10", "--as-of", "2026-03-10"});
  const std::string minor = Open("minor", "2026-03-10", {"--body-audit", cb});
  BOOST_TEST(Show(minor).at("body_plan_due").as_string() == "2026-06-08");
  const std::string s1 =
      Id(Ok({"certification", "plan", "--type", "surveillance1", "--date", "2027-03-01", "--body",
             "NSC", "--scope", "Calibration", "--as-of", "2026-03-11", "--json"}));
  // Still open and unplanned at surveillance: blocks.
  bj::object r = Readiness({"--as-of", "2026-03-11"});
  BOOST_TEST(r.at("stage").as_int64() == 4);
  BOOST_TEST(r.at("as_of").as_string() == "2027-03-01");
  BOOST_TEST(Status(r, "body.minors") == "fail");
  BOOST_TEST(Contains(Detail(r, "body.minors"), minor));
  BOOST_TEST(Status(r, "surveillance.audit") == "fail");
  BOOST_TEST(Status(r, "surveillance.review") == "fail");

  Ok({"finding", "analyse", minor, "--correction", "c", "--cause", "x", "--as-of", "2026-03-20"});
  Ok({"finding", "plan", minor, "--action", "a", "--due", "2026-12-31", "--as-of", "2026-03-20"});
  Ok({"finding", "submit", minor, "--as-of", "2026-03-21"});
  r = Readiness({"--stage", "surveillance", "--as-of", "2026-03-22"});
  BOOST_TEST(Status(r, "body.minors") == "fail");
  BOOST_TEST(Contains(Detail(r, "body.minors"), "not yet accepted"));
  Ok({"finding", "accept", minor, "--by", "NSC auditor", "--as-of", "2026-03-25"});
  r = Readiness({"--stage", "surveillance", "--as-of", "2026-03-26"});
  BOOST_TEST(Status(r, "body.minors") == "pass");
  // The past is reproduced: as of before the plan, it blocked.
  r = Readiness({"--stage", "surveillance", "--as-of", "2026-03-19"});
  BOOST_TEST(Status(r, "body.minors") == "fail");
  (void)s1;
}

BOOST_AUTO_TEST_CASE(management_review_actions_are_tracked_and_overdue_ones_warn) {
  const std::string minutes = Artifact("minutes.txt", "2026-03-02", "9.3.3");
  const std::string mr =
      Id(Ok({"review", "record", "--date", "2026-03-02", "--inputs", "a,b,c,d,e,f", "--minutes",
             minutes, "--as-of", "2026-03-02", "--json"}));
  Refused({"review", "action", mr, "--action", "Hire a metrologist", "--due", "2026-05-01",
           "--as-of", "2026-03-03"});  // no owner
  Refused({"review", "action", mr, "--action", "Hire a metrologist", "--owner", "CEO", "--due",
           "2026-01-01", "--as-of", "2026-03-03"});  // due in the past
  Ok({"review", "action", mr, "--action", "Hire a metrologist", "--owner", "CEO", "--due",
      "2026-05-01", "--as-of", "2026-03-03"});
  bj::object r = Readiness({"--stage", "2", "--as-of", "2026-04-01"});
  BOOST_TEST(Status(r, "reviews.actions") == "pass");
  r = Readiness({"--stage", "2", "--as-of", "2026-05-10"});
  BOOST_TEST(Status(r, "reviews.actions") == "warn");
  BOOST_TEST(Contains(Detail(r, "reviews.actions"), "Hire a metrologist"));
  Refused(
      {"review", "action-done", mr, "--item", "2", "--evidence", minutes, "--as-of", "2026-05-11"});
  Refused({"review", "action-done", mr, "--item", "1", "--as-of", "2026-05-11"});
  const std::string hired = Artifact("contract.txt", "2026-05-11", "7.1.2");
  Ok({"review", "action-done", mr, "--item", "1", "--evidence", hired, "--as-of", "2026-05-11"});
  r = Readiness({"--stage", "2", "--as-of", "2026-05-12"});
  BOOST_TEST(Status(r, "reviews.actions") == "pass");
  BOOST_TEST(Contains(Ok({"review", "show", mr, "--as-of", "2026-05-12"}).out,
                      "1. Hire a metrologist; owner CEO; due 2026-05-01; done 2026-05-11"));
}

BOOST_AUTO_TEST_SUITE_END()
