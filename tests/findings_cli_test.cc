// `dossier finding ...` end to end through the real binary: every grade's
// lifecycle, refused steps, overdue as of a date, and bad input that must
// exit 2 and commit nothing.
#define BOOST_TEST_MODULE findings_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

int CommitCount(const std::string& repo) {
  return std::stoi(Git({"rev-list", "--count", "HEAD"}, repo).out);
}

std::string LastMessage(const std::string& repo) {
  return Git({"log", "-1", "--format=%s"}, repo).out;
}

struct Fixture {
  EvidenceRepo repo;

  RunResult Ok(std::vector<std::string> args) {
    RunResult r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier failed: " << r.err);
    return r;
  }

  // Files a record and returns its artifact id.
  std::string Artifact(const std::string& name, const std::string& content = "evidence\n",
                       const std::string& as_of = "2026-03-01") {
    WriteFile(repo.dir / name, content);
    RunResult r = Ok({"add", repo.dir / name, "--kind", "record", "--clause", "10.2.2", "--as-of",
                      as_of, "--json"});
    return std::string(bj::parse(r.out).at("added").at(0).at("id").as_string());
  }

  std::string Open(const std::string& grade, const std::string& clause = "7.2",
                   std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "finding", "open",       "--title",  "Training records missing",
        "--grade", grade,        "--clause", clause,
        "--as-of", "2026-03-02", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = Ok(args);
    return std::string(bj::parse(r.out).at("id").as_string());
  }

  bj::object Show(const std::string& id, const std::string& as_of = "2026-03-02") {
    RunResult r = Ok({"finding", "show", id, "--json", "--as-of", as_of});
    return bj::parse(r.out).at("finding").as_object();
  }

  std::string State(const std::string& id) { return std::string(Show(id).at("state").as_string()); }

  // Runs a command that must be refused with exit 2 and change nothing;
  // returns its message.
  std::string Refused(std::vector<std::string> args) {
    const std::string head = Head(repo.root);
    RunResult r = repo.Run(args);
    BOOST_TEST(r.code == 2,
               "exit " << r.code << " for " << args[0] << " " << args[1] << ": " << r.err);
    BOOST_TEST(Head(repo.root) == head);
    BOOST_TEST(Git({"status", "--porcelain"}, repo.root).out == "");
    BOOST_TEST(r.out == "");
    return r.err;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(findings_cli, Fixture)

BOOST_AUTO_TEST_CASE(major_nonconformity_from_open_to_closed_one_commit_per_step) {
  const std::string art = Artifact("training-log.csv");
  const std::string id = Open("major");
  BOOST_TEST(id.rfind("NC-20260302-", 0) == 0u);
  BOOST_TEST(Contains(LastMessage(repo.root), "finding " + id + ": opened (major, 7.2)"));
  bj::object f = Show(id);
  BOOST_TEST(f.at("due").as_string() == "2026-04-01");  // major: 30 days by default
  BOOST_TEST(f.at("source").as_string() == "internal-audit");

  struct StepCase {
    std::vector<std::string> args;
    std::string from, to;
  };
  const std::vector<StepCase> steps = {
      {{"analyse", id, "--correction", "filed the missing records", "--cause",
        "no onboarding checklist", "--as-of", "2026-03-03"},
       "open",
       "analysed"},
      {{"plan", id, "--action", "add training to the onboarding checklist", "--as-of",
        "2026-03-04"},
       "analysed",
       "planned"},
      {{"implement", id, "--evidence", art, "--as-of", "2026-03-10"}, "planned", "implemented"},
      {{"verify", id, "--effective", "--evidence", "@after", "--by", "Lead Auditor", "--as-of",
        "2026-04-20"},
       "implemented",
       "verified"},
      {{"close", id, "--as-of", "2026-04-21"}, "verified", "closed"},
  };
  std::string after;  // evidence of effectiveness, filed once the action is in place
  int commits = CommitCount(repo.root);
  for (const auto& s : steps) {
    std::vector<std::string> args = {"finding"};
    args.insert(args.end(), s.args.begin(), s.args.end());
    if (s.to == "verified") {
      // Too soon after the action, or on evidence from before it: refused.
      auto soon = repo.Run(
          {"finding", "verify", id, "--effective", "--evidence", art, "--as-of", "2026-03-20"});
      BOOST_TEST(soon.code == 2);
      BOOST_TEST(Contains(soon.err, "not before 2026-04-09"));
      auto old = repo.Run(
          {"finding", "verify", id, "--effective", "--evidence", art, "--as-of", "2026-04-20"});
      BOOST_TEST(old.code == 2);
      BOOST_TEST(Contains(old.err, "filed before the action was implemented on 2026-03-10"));
      after = Artifact("training-log-april.csv", "all trained\n", "2026-04-15");
      commits = CommitCount(repo.root);
      for (auto& a : args) {
        if (a == "@after") a = after;
      }
    }
    RunResult r = Ok(args);
    BOOST_TEST(Contains(r.out, id + ": " + s.from + " -> " + s.to));
    BOOST_TEST(CommitCount(repo.root) == ++commits);
    BOOST_TEST(LastMessage(repo.root) == "finding " + id + ": " + s.from + " -> " + s.to + "\n");
    // One file changed per step: the finding's.
    BOOST_TEST(Git({"show", "--name-only", "--format=", "HEAD"}, repo.root).out ==
               "dossier/findings/" + id + ".json\n");
  }
  f = Show(id);
  BOOST_TEST(f.at("state").as_string() == "closed");
  BOOST_TEST(f.at("closed").as_string() == "2026-04-21");
  BOOST_TEST(f.at("history").as_array().size() == 6u);
  const bj::object& check = f.at("checks").at(0).as_object();
  BOOST_TEST(check.at("effective").as_bool());
  BOOST_TEST(check.at("by").as_string() == "Lead Auditor");
  // The hash recorded is the artifact's at the moment of the check.
  RunResult art_json = Ok({"show", after, "--json"});
  BOOST_TEST(check.at("evidence").at(0).at("sha256") == bj::parse(art_json.out).at("sha256"));
  BOOST_TEST(f.at("history").at(5).at("by").as_string() == "Test Auditor");

  // The text view carries the whole history.
  RunResult text = Ok({"finding", "show", id.substr(0, 14)});
  for (const char* part : {"open -> analysed", "analysed -> planned", "planned -> implemented",
                           "implemented -> verified", "verified -> closed",
                           "no onboarding checklist", "by Lead Auditor: effective"}) {
    BOOST_TEST(Contains(text.out, part), part);
  }
}

BOOST_AUTO_TEST_CASE(minor_nonconformity_failed_check_returns_to_cause_analysis) {
  const std::string art = Artifact("sample.csv");
  const std::string id = Open("minor");
  BOOST_TEST(Show(id).at("due").as_string() == "2026-05-01");  // minor: 60 days
  Ok({"finding", "analyse", id, "--correction", "c", "--cause", "k", "--as-of", "2026-03-03"});
  Ok({"finding", "plan", id, "--action", "a", "--due", "2026-04-15", "--as-of", "2026-03-03"});
  BOOST_TEST(Show(id).at("due").as_string() == "2026-04-15");
  Ok({"finding", "implement", id, "--evidence", art, "--as-of", "2026-03-05"});

  // Closing before effectiveness is verified is refused.
  std::string why = Refused({"finding", "close", id, "--as-of", "2026-03-06"});
  BOOST_TEST(Contains(why, "cannot close " + id + ": it is implemented"));
  BOOST_TEST(Contains(why, "verified effective"));
  BOOST_TEST(Contains(why, "next: finding verify " + id));

  // A failed check needs a new due date, and sends the finding back to
  // cause analysis (10.2.1 b): the cause was not removed.
  why = Refused(
      {"finding", "verify", id, "--not-effective", "--evidence", art, "--as-of", "2026-03-10"});
  BOOST_TEST(Contains(why, "needs --due DATE"));
  RunResult r = Ok({"finding", "verify", id, "--not-effective", "--evidence", art, "--due",
                    "2026-04-30", "--as-of", "2026-03-10"});
  BOOST_TEST(Contains(r.out, id + ": implemented -> open"));
  BOOST_TEST(State(id) == "open");
  BOOST_TEST(LastMessage(repo.root) == "finding " + id + ": implemented -> open\n");
  why = Refused({"finding", "close", id, "--as-of", "2026-03-11"});
  BOOST_TEST(Contains(why, "it is open"));
  why = Refused({"finding", "implement", id, "--evidence", art, "--as-of", "2026-03-11"});
  BOOST_TEST(Contains(why, "next: finding analyse " + id));

  Ok({"finding", "analyse", id, "--correction", "c", "--cause", "k, and no refresher", "--as-of",
      "2026-03-11"});
  Ok({"finding", "plan", id, "--action", "a, and retrain", "--as-of", "2026-03-11"});
  Ok({"finding", "implement", id, "--evidence", art, "--as-of", "2026-03-12"});
  const std::string later = Artifact("sample-april.csv", "sampled again\n", "2026-04-12");
  Ok({"finding", "verify", id, "--effective", "--evidence", later, "--as-of", "2026-04-12"});
  Ok({"finding", "close", id, "--as-of", "2026-04-12"});
  bj::object f = Show(id);
  BOOST_TEST(f.at("state").as_string() == "closed");
  BOOST_TEST(f.at("checks").as_array().size() == 2u);
  BOOST_TEST(!f.at("checks").at(0).at("effective").as_bool());

  // Reopened, it needs a new effective check before it can close again.
  Refused({"finding", "reopen", id});
  Ok({"finding", "reopen", id, "--why", "recurred at the next audit", "--as-of", "2026-04-20"});
  BOOST_TEST(State(id) == "open");
  why = Refused({"finding", "close", id, "--as-of", "2026-04-20"});
  BOOST_TEST(Contains(why, "next: finding analyse " + id));
}

BOOST_AUTO_TEST_CASE(a_finding_names_the_objective_it_is_about) {
  RunResult o =
      Ok({"objective", "add", "On-time delivery", "--measure", "otd", "--unit", "%", "--target",
          ">=95", "--frequency", "monthly", "--as-of", "2026-03-01", "--json"});
  const std::string obj(bj::parse(o.out).at("id").as_string());
  auto bad = repo.Run({"finding", "open", "--title", "t", "--grade", "ofi", "--clause", "6.2.2",
                       "--objective", "OBJ-19990101-NOPE", "--as-of", "2026-03-02"});
  BOOST_TEST(bad.code == 2);
  BOOST_TEST(Contains(bad.err, "--objective"), bad.err);
  RunResult r = Ok({"finding", "open", "--title", "On-time delivery below target since May",
                    "--grade", "ofi", "--clause", "6.2.2", "--objective", obj.substr(0, 14),
                    "--as-of", "2026-03-02", "--json"});
  const std::string id(bj::parse(r.out).at("id").as_string());
  BOOST_TEST(Show(id).at("objective").as_string() == obj);
}

BOOST_AUTO_TEST_CASE(concern_observation_ofi_close_with_a_response) {
  for (const std::string grade : {"concern", "observation", "ofi"}) {
    const std::string id = Open(grade, "6.2.1", {"--source", "stage1"});
    BOOST_TEST(id.rfind("OB-20260302-", 0) == 0u);
    bj::object f = Show(id);
    BOOST_TEST(f.at("source").as_string() == "stage1");
    if (grade == "concern") {
      BOOST_TEST(f.at("due").as_string() == "2026-05-31");  // before Stage 2: 90 days
    } else {
      BOOST_TEST(!f.contains("due"));
    }
    std::string why = Refused({"finding", "close", id, "--as-of", "2026-03-03"});
    BOOST_TEST(Contains(why, "needs --response"));
    why = Refused(
        {"finding", "verify", id, "--effective", "--evidence", "x", "--as-of", "2026-03-03"});
    BOOST_TEST(Contains(why, "it is open; next: finding analyse " + id));
    BOOST_TEST(Contains(why, "or finding close " + id + " --response T"));
    Ok({"finding", "close", id, "--response", "objectives now have targets", "--as-of",
        "2026-03-03"});
    f = Show(id);
    BOOST_TEST(f.at("state").as_string() == "closed");
    BOOST_TEST(f.at("response").as_string() == "objectives now have targets");
    BOOST_TEST(LastMessage(repo.root) == "finding " + id + ": open -> closed\n");
  }
  // A concern may also be worked like a nonconformity before closing. With
  // no --source it is taken to come from a Stage 1 audit.
  const std::string id = Open("concern");
  BOOST_TEST(Show(id).at("source").as_string() == "stage1");
  Ok({"finding", "analyse", id, "--correction", "c", "--cause", "k", "--as-of", "2026-03-03"});
  Ok({"finding", "close", id, "--response", "addressed", "--as-of", "2026-03-04"});
  BOOST_TEST(State(id) == "closed");
}

BOOST_AUTO_TEST_CASE(overdue_is_computed_against_as_of) {
  const std::string minor = Open("minor");  // due 2026-05-01
  const std::string major = Open("major");  // due 2026-04-01
  const std::string ofi = Open("ofi");      // no due date
  auto overdue = [&](const std::string& as_of) {
    RunResult r = Ok({"finding", "list", "--overdue", "--json", "--as-of", as_of});
    std::vector<std::string> ids;
    bj::value doc = bj::parse(r.out);
    BOOST_TEST(doc.at("as_of").as_string() == as_of);
    for (const auto& f : doc.at("findings").as_array()) {
      BOOST_TEST(f.at("overdue").as_bool());
      ids.emplace_back(f.at("id").as_string());
    }
    return ids;
  };
  BOOST_TEST(overdue("2026-04-01").empty());
  BOOST_TEST(overdue("2026-04-02") == std::vector<std::string>{major});
  std::vector<std::string> both = {major, minor};
  std::sort(both.begin(), both.end());
  BOOST_TEST(overdue("2026-05-02") == both);
  RunResult text = Ok({"finding", "list", "--as-of", "2026-04-02"});
  BOOST_TEST(Contains(text.out, "2026-04-01 OVERDUE"));
  BOOST_TEST(Contains(text.out, ofi));
  BOOST_TEST(Contains(Ok({"finding", "show", major, "--as-of", "2026-04-02"}).out, "OVERDUE"));

  // Once its action is implemented a finding is no longer overdue.
  Ok({"finding", "analyse", major, "--correction", "c", "--cause", "k", "--as-of", "2026-04-02"});
  Ok({"finding", "plan", major, "--action", "a", "--due", "2026-04-10", "--as-of", "2026-04-02"});
  BOOST_TEST(overdue("2026-04-11") == std::vector<std::string>{major});
  Ok({"finding", "implement", major, "--evidence", Artifact("fix.csv"), "--as-of", "2026-04-12"});
  BOOST_TEST(overdue("2026-04-13").empty());

  // Closed findings are never overdue.
  Ok({"finding", "close", ofi, "--response", "thanks", "--as-of", "2026-03-03"});
  RunResult open = Ok({"finding", "list", "--open", "--json"});
  BOOST_TEST(bj::parse(open.out).at("findings").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(list_filters_by_grade_and_clause) {
  const std::string a = Open("major", "8.4.1");
  const std::string b = Open("minor", "7.2");
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"finding", "list", "--json"});
    std::vector<std::string> out;
    const bj::value doc = bj::parse(Ok(args).out);
    for (const auto& f : doc.at("findings").as_array()) {
      out.emplace_back(f.at("id").as_string());
    }
    return out;
  };
  BOOST_TEST(ids({"--grade", "major"}) == std::vector<std::string>{a});
  BOOST_TEST(ids({"--clause", "8.4"}) == std::vector<std::string>{a});  // a parent
  BOOST_TEST(ids({"--clause", "7"}) == std::vector<std::string>{b});
  BOOST_TEST(ids({"--grade", "ofi"}).empty());
}

BOOST_AUTO_TEST_CASE(due_policy_comes_from_dossier_ini) {
  std::string ini = ReadFile(repo.root + "/dossier.ini");
  size_t at = ini.find("due_major = 30d");
  BOOST_REQUIRE(at != std::string::npos);
  ini.replace(at, 15, "due_major = 14d");
  WriteFile(repo.root + "/dossier.ini", ini);
  Git({"commit", "-q", "-am", "majors due in two weeks"}, repo.root);
  BOOST_TEST(Show(Open("major")).at("due").as_string() == "2026-03-16");
  // An explicit --due wins.
  BOOST_TEST(Show(Open("major", "7.2", {"--due", "2026-03-09"})).at("due").as_string() ==
             "2026-03-09");
}

BOOST_AUTO_TEST_CASE(findings_link_to_the_audit_that_raised_them) {
  RunResult plan =
      Ok({"audit", "plan", "--scope", "7", "--date", "2026-03-02", "--auditor", "Ann", "--json"});
  const std::string audit(bj::parse(plan.out).at("id").as_string());
  const std::string id = Open("minor", "7.2", {"--audit", audit.substr(0, 15)});
  BOOST_TEST(Show(id).at("audit").as_string() == audit);
  std::string why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause",
                             "7.2", "--audit", audit, "--source", "complaint"});
  BOOST_TEST(Contains(why, "--source internal-audit"));
}

BOOST_AUTO_TEST_CASE(bad_input_exits_2_and_commits_nothing) {
  const std::string art = Artifact("log.csv");
  const std::string a = Open("minor");
  const std::string b = Open("minor");

  std::string why = Refused({"finding", "show", "NC-19990101-ZZZZ"});
  BOOST_TEST(Contains(why, "no finding with id NC-19990101-ZZZZ"));
  why = Refused({"finding", "analyse", "NC-19990101", "--correction", "c", "--cause", "k"});
  BOOST_TEST(Contains(why, "no finding with id NC-19990101"));
  why = Refused({"finding", "analyse", "NC-20260302", "--correction", "c", "--cause", "k"});
  BOOST_TEST(Contains(why, "ambiguous finding id NC-20260302 matches 2"));
  BOOST_TEST(Contains(why, a));
  BOOST_TEST(Contains(why, b));

  why = Refused({"finding", "open", "--title", "t", "--grade", "critical", "--clause", "7.2"});
  BOOST_TEST(Contains(why,
                      "unknown grade \"critical\" (valid: major, minor, concern, "
                      "observation, ofi)"));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.2",
                 "--source", "gossip"});
  BOOST_TEST(Contains(why, "unknown source \"gossip\""));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.9"});
  BOOST_TEST(Contains(why, "7.9"));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor"});
  BOOST_TEST(Contains(why, "needs --clause"));
  why = Refused({"finding", "open", "--grade", "minor", "--clause", "7.2"});
  BOOST_TEST(Contains(why, "needs --title"));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.2", "--due",
                 "2026-02-30"});
  BOOST_TEST(Contains(why, "--due"));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.2",
                 "--as-of", "yesterday"});
  BOOST_TEST(Contains(why, "--as-of"));
  why = Refused({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.2",
                 "--audit", "IA-X"});
  BOOST_TEST(Contains(why, "no internal audit with id IA-X"));

  // Illegal transition: the state and the legal next step are named.
  why = Refused({"finding", "implement", a, "--as-of", "2026-03-03"});
  BOOST_TEST(Contains(why, "cannot implement " + a + ": it is open; next: finding analyse " + a +
                               " --correction T [--correction-date DATE] --cause T"));
  why = Refused({"finding", "analyse", a, "--correction", "c", "--as-of", "2026-03-03"});
  BOOST_TEST(Contains(why, "needs --cause"));
  why = Refused(
      {"finding", "analyse", a, "--correction", "c", "--cause", "k", "--as-of", "2026-03-01"});
  BOOST_TEST(Contains(why, "its last step was on 2026-03-02"));

  Ok({"finding", "analyse", a, "--correction", "c", "--cause", "k", "--as-of", "2026-03-03"});
  Ok({"finding", "plan", a, "--action", "x", "--as-of", "2026-03-03"});
  why = Refused(
      {"finding", "implement", a, "--evidence", "ART-19990101-NOPE", "--as-of", "2026-03-04"});
  BOOST_TEST(Contains(why, "--evidence: no artifact with id ART-19990101-NOPE"));
  why = Refused({"finding", "implement", a, "--evidence", "evidence/records/nothing.pdf", "--as-of",
                 "2026-03-04"});
  BOOST_TEST(Contains(why, "nothing.pdf"));
  why = Refused(
      {"finding", "plan", a, "--action", "x", "--due", "2026-03-01", "--as-of", "2026-03-04"});
  BOOST_TEST(Contains(why, "cannot be due in the past"));
  why = Refused({"finding", "implement", a, "--as-of", "2026-03-04"});
  BOOST_TEST(Contains(why, "needs --evidence"));
  Ok({"finding", "implement", a, "--evidence", art, "--as-of", "2026-03-04"});
  why = Refused({"finding", "verify", a, "--effective", "--as-of", "2026-03-05"});
  BOOST_TEST(Contains(why, "needs --evidence"));
  why = Refused({"finding", "verify", a, "--evidence", art, "--as-of", "2026-03-05"});
  BOOST_TEST(Contains(why, "exactly one of --effective or --not-effective"));

  // Evidence whose file changed since it was filed cannot be cited.
  WriteFile(repo.root + "/evidence/records/log.csv", "edited after filing\n");
  const std::string head = Head(repo.root);
  RunResult changed =
      repo.Run({"finding", "verify", a, "--effective", "--evidence", art, "--as-of", "2026-03-05"});
  BOOST_TEST(changed.code == 2);
  BOOST_TEST(Contains(changed.err, "changed since it was filed"));
  BOOST_TEST(Head(repo.root) == head);
  Git({"checkout", "--", "evidence/records/log.csv"}, repo.root);
  BOOST_TEST(State(a) == "implemented");

  why = Refused({"finding", "frobnicate", a});
  BOOST_TEST(Contains(why, "not a dossier finding command"));
  why = Refused({"finding", "list", "--grade", "huge"});
  BOOST_TEST(Contains(why, "unknown grade"));
}

BOOST_AUTO_TEST_SUITE_END()
