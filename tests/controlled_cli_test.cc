// Document control, registers and `dossier due` end to end through the real
// binary (doc/documents.md, doc/registers.md): a document revised three times
// judged by its effective revision throughout, registers imported from
// realistic spreadsheet exports, a file with errors refused with every
// problem named, and the iCalendar output read by Python's icalendar.
#define BOOST_TEST_MODULE controlled_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

const std::string kData = std::string(DOSSIER_SOURCE_DIR) + "/tests/data/registers/";

struct Fixture {
  EvidenceRepo repo;

  RunResult Ok(std::vector<std::string> args) {
    RunResult r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier " << args[0] << " failed: " << r.err);
    return r;
  }

  // A command refused with exit 2 that changes nothing; returns its message.
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

  // The quality policy (M3), filed and approved on 2026-03-01; its id.
  std::string Policy() {
    WriteFile(repo.dir / "policy.md", "Quality policy\nWe deliver.\nWe improve.\n");
    RunResult r = Ok({"add", repo.dir / "policy.md", "--kind", "document", "--requirement", "M3",
                      "--clause", "5.2.2", "--as-of", "2026-03-01", "--json"});
    const std::string id(bj::parse(r.out).at("added").at(0).at("id").as_string());
    Ok({"approve", id, "--as-of", "2026-03-01"});
    return id;
  }

  // M3's status and how it is met in a Stage 1 report as of `as_of`.
  std::string M3(const std::string& as_of) {
    RunResult r = repo.Run({"readiness", "--stage", "1", "--json", "--as-of", as_of});
    BOOST_REQUIRE_MESSAGE(r.code == 0 || r.code == 1, r.err);
    const bj::value report = bj::parse(r.out);
    for (const auto& q : report.at("requirements").as_array()) {
      if (q.at("id").as_string() == "M3") {
        std::string s(q.at("status").as_string());
        for (const auto& m : q.at("met_by").as_array()) s += " | " + std::string(m.as_string());
        return s;
      }
    }
    return "(none)";
  }

  bj::value History(const std::string& id, const std::string& as_of) {
    return bj::parse(Ok({"doc", "history", id, "--json", "--as-of", as_of}).out);
  }

  void People() {
    Ok({"register", "import", "people", kData + "people_semicolon_ddmmyyyy.csv", "--date-format",
        "DD/MM/YYYY", "--as-of", "2026-03-01"});
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(controlled_cli, Fixture)

BOOST_AUTO_TEST_CASE(a_document_revised_three_times_is_judged_by_its_effective_revision) {
  const std::string id = Policy();
  const std::string v1 = ReadFile(repo.root + "/evidence/documents/policy.md");
  BOOST_TEST(Contains(M3("2026-03-02"), "met"));

  // Revision B, edited in place: the file goes back to revision 1 at once,
  // so nothing is modified and readiness is unaffected while B is drafted.
  WriteFile(repo.root + "/evidence/documents/policy.md",
            "Quality policy\nWe deliver on time.\nWe improve.\n");
  Ok({"doc", "draft", "policy.md", "--rev", "B", "--note", "On-time delivery", "--as-of",
      "2026-04-01"});
  BOOST_TEST(ReadFile(repo.root + "/evidence/documents/policy.md") == v1);
  BOOST_TEST(repo.Run({"verify"}).code == 0);
  BOOST_TEST(Contains(M3("2026-04-01"), "met"));
  Ok({"doc", "submit", id, "--reviewer", "Ben Okoro", "--as-of", "2026-04-02"});
  BOOST_TEST(Contains(M3("2026-04-02"), "met"));
  // Approved on 04-03, effective 04-10: revision 1 stays in force until then.
  Ok({"doc", "approve", id, "--effective", "2026-04-10", "--by", "Mara Okafor", "--as-of",
      "2026-04-03"});
  bj::value h = History(id, "2026-04-05");
  BOOST_TEST(h.at("effective_revision").as_string() == "1");
  BOOST_TEST(h.at("revisions").at(1).at("state").as_string() == "approved");
  BOOST_TEST(h.at("revisions").at(1).at("reviewer").as_string() == "Ben Okoro");
  BOOST_TEST(h.at("revisions").at(1).at("approved_by").as_string() == "Mara Okafor");
  BOOST_TEST(History(id, "2026-04-10").at("effective_revision").as_string() == "B");
  BOOST_TEST(History(id, "2026-04-10").at("revisions").at(0).at("state").as_string() ==
             "superseded");
  BOOST_TEST(Contains(M3("2026-04-05"), "met"));
  BOOST_TEST(Contains(M3("2026-04-11"), "met"));

  // Revision C from a file, approved at once; D (default id) drafted only.
  WriteFile(repo.dir / "policy-c.md",
            "Quality policy\nWe deliver on time.\nWe improve.\nWe listen.\n");
  Ok({"doc", "draft", id, "--from", repo.dir / "policy-c.md", "--rev", "C", "--note", "Listening",
      "--as-of", "2026-05-01"});
  Ok({"doc", "submit", id, "--reviewer", "Ben Okoro", "--as-of", "2026-05-01"});
  Ok({"doc", "approve", id, "--as-of", "2026-05-02"});
  WriteFile(repo.dir / "policy-d.md", "Draft policy\n");
  Ok({"doc", "draft", id, "--from", repo.dir / "policy-d.md", "--note", "Rewrite", "--as-of",
      "2026-06-01"});
  h = History(id, "2026-06-01");
  BOOST_TEST(h.at("revisions").as_array().size() == 4u);
  BOOST_TEST(h.at("revisions").at(3).at("id").as_string() == "4");
  BOOST_TEST(h.at("revisions").at(3).at("state").as_string() == "draft");
  BOOST_TEST(h.at("effective_revision").as_string() == "C");
  BOOST_TEST(Contains(M3("2026-06-01"), "met"));
  BOOST_TEST(repo.Run({"verify"}).code == 0);

  // Old revisions stay retrievable, in the tree and in git.
  BOOST_TEST(ReadFile(repo.root + "/dossier/control/" + id + "/1.md") == v1);
  BOOST_TEST(Git({"show", "HEAD:dossier/control/" + id + "/B.md"}, repo.root).out ==
             "Quality policy\nWe deliver on time.\nWe improve.\n");
  RunResult d = Ok({"doc", "diff", id, "B", "C"});
  BOOST_TEST(Contains(d.out, "+We listen.\n"));
  BOOST_TEST(Contains(d.out, " We improve.\n"));
  d = Ok({"doc", "diff", id, "1", "B"});
  BOOST_TEST(Contains(d.out, "-We deliver.\n+We deliver on time.\n"));

  // Withdrawn: obsolete, left out of readiness from that day (not before).
  Ok({"doc", "withdraw", id, "--reason", "Replaced by the integrated management policy", "--as-of",
      "2026-07-01"});
  BOOST_TEST(Contains(M3("2026-07-01"), "missing"));
  BOOST_TEST(Contains(M3("2026-06-30"), "met"));
  h = History(id, "2026-07-01");
  BOOST_TEST(h.at("revisions").at(2).at("state").as_string() == "obsolete");
  BOOST_TEST(h.at("revisions").at(3).at("state").as_string() == "obsolete");
  BOOST_TEST(
      Contains(Refused({"doc", "draft", id, "--note", "again", "--from", repo.dir / "policy-d.md"}),
               "withdrawn"));
}

BOOST_AUTO_TEST_CASE(bad_document_control_input_exits_2_and_commits_nothing) {
  const std::string id = Policy();
  WriteFile(repo.dir / "new.md", "New text\n");
  BOOST_TEST(Contains(Refused({"doc", "draft", id, "--from", repo.dir / "new.md"}), "--note"));
  BOOST_TEST(Contains(
      Refused({"doc", "draft", id, "--from", repo.dir / "new.md", "--note", "x", "--rev", "../x"}),
      "revision id"));
  BOOST_TEST(Contains(Refused({"doc", "draft", id, "--note", "x"}), "unchanged"));
  BOOST_TEST(
      Contains(Refused({"doc", "draft", id, "--note", "x", "--from", repo.dir / "missing.md"}),
               "cannot read"));
  BOOST_TEST(
      Contains(Refused({"doc", "draft", id, "--note", "x\x1b[2J", "--from", repo.dir / "new.md"}),
               "--note"));
  BOOST_TEST(Contains(Refused({"doc", "submit", id, "--reviewer", "Ben"}), "no revision in draft"));
  BOOST_TEST(Contains(Refused({"doc", "approve", id}), "no revision in review"));
  Ok({"doc", "draft", id, "--from", repo.dir / "new.md", "--note", "New", "--as-of", "2026-04-01"});
  BOOST_TEST(Contains(
      Refused({"doc", "draft", id, "--from", repo.dir / "new.md", "--note", "x", "--rev", "1"}),
      "revision 1 already"));
  BOOST_TEST(Contains(Refused({"doc", "approve", id, "--as-of", "2026-04-01"}), "submit"));
  BOOST_TEST(Contains(Refused({"doc", "submit", id, "--as-of", "2026-04-01"}), "--reviewer"));
  Ok({"doc", "submit", id, "--reviewer", "Ben", "--as-of", "2026-04-01"});
  BOOST_TEST(Contains(
      Refused({"doc", "approve", id, "--effective", "2026-03-01", "--as-of", "2026-04-02"}),
      "before today"));
  BOOST_TEST(Contains(Refused({"doc", "withdraw", id}), "--reason"));
  BOOST_TEST(Contains(Refused({"doc", "diff", id, "Z"}), "no revision \"Z\""));
  BOOST_TEST(Contains(Refused({"doc", "history", "nosuch.md"}), "nosuch"));
  WriteFile(repo.dir / "log.csv", "a,b\n");
  Ok({"add", repo.dir / "log.csv", "--kind", "record", "--clause", "7.2", "--as-of", "2026-03-01"});
  BOOST_TEST(
      Contains(Refused({"doc", "draft", "log.csv", "--note", "x", "--from", repo.dir / "new.md"}),
               "is a record"));
  // Retention: decisions need a period, a reason, and the end reached.
  BOOST_TEST(Contains(Refused({"retention", "decide", "log.csv", "--dispose", "--why", "old"}),
                      "no retention period"));
  Ok({"retention", "set", "log.csv", "--for", "1y", "--as-of", "2026-03-01"});
  BOOST_TEST(Contains(Refused({"retention", "decide", "log.csv", "--dispose", "--why", "old",
                               "--as-of", "2026-06-01"}),
                      "retained until 2027-03-01"));
  BOOST_TEST(Contains(Refused({"retention", "set", "log.csv", "--for", "forever"}), "--for"));
  RunResult due = Ok({"due", "--within", "all", "--json", "--as-of", "2027-03-05"});
  BOOST_TEST(Contains(due.out, "retention of \\\"log.csv\\\" ends"));
  Ok({"retention", "decide", "log.csv", "--dispose", "--why", "Past the legal period", "--as-of",
      "2027-03-05"});
  due = Ok({"due", "--within", "all", "--json", "--as-of", "2027-03-05"});
  BOOST_TEST(!Contains(due.out, "retention of"));
}

BOOST_AUTO_TEST_CASE(registers_import_realistic_exports_of_each_kind) {
  People();
  // BOM, semicolons, CRLF, DD/MM/YYYY, a quoted newline and a quoted ';'.
  const std::string head = Head(repo.root);
  RunResult dry = Ok({"register", "import", "training", kData + "training_semicolon_ddmmyyyy.csv",
                      "--date-format", "DD/MM/YYYY", "--dry-run", "--as-of", "2026-03-20"});
  BOOST_TEST(Contains(dry.out, "would change dossier/registers/training.csv: 4 added"));
  BOOST_TEST(Head(repo.root) == head);
  Ok({"register", "import", "training", kData + "training_semicolon_ddmmyyyy.csv", "--date-format",
      "DD/MM/YYYY", "--as-of", "2026-03-20"});
  const std::string csv = ReadFile(repo.root + "/dossier/registers/training.csv");
  BOOST_TEST(Contains(csv,
                      "ISO 9001 internal auditor,2026-02-14,2029-02-14,current,\"Certificate "
                      "IA-2291\nissued by T"));
  BOOST_TEST(Contains(
      csv, "Ben Okoro,Engineer,Accessibility (WCAG 2.2),2026-03-03,2027-03-03,current,LMS export"));
  BOOST_TEST(Contains(csv, ",Red Cross; card 7781\n"));
  // Re-importing the same file changes nothing and commits nothing.
  RunResult again = Ok({"register", "import", "training", kData + "training_semicolon_ddmmyyyy.csv",
                        "--date-format", "DD/MM/YYYY", "--as-of", "2026-03-20"});
  BOOST_TEST(Contains(again.out, "no change"));
  // Commas with quoted commas and quotes.
  Ok({"register", "import", "suppliers", kData + "suppliers_comma.csv", "--as-of", "2026-03-20"});
  RunResult show = Ok({"register", "show", "suppliers", "--json"});
  BOOST_TEST(Contains(show.out, "Northwind Hosting, Ltd"));
  BOOST_TEST(Contains(show.out, "Fabrikam \\\"Secure\\\" Backup"));
  // A column the register does not have: refused until mapped out.
  BOOST_TEST(Contains(
      Refused({"register", "import", "calibration", kData + "calibration_extra_columns.csv"}),
      "\"Location\" matches no column"));
  Ok({"register", "import", "calibration", kData + "calibration_extra_columns.csv", "--map",
      "Location=-", "--as-of", "2026-03-20"});
  Ok({"register", "import", "complaints", kData + "complaints_quoted_newlines.csv", "--as-of",
      "2026-06-20"});
  Ok({"register", "import", "risks", kData + "risks_semicolon.csv", "--as-of", "2026-03-20"});
  RunResult list = Ok({"register", "list"});
  BOOST_TEST(Contains(list.out, "risks          3 row(s)"));
  BOOST_TEST(Contains(list.out, "complaints     2 row(s)"));

  // Update, add, and an export in the spreadsheet's own format that imports back unchanged.
  Ok({"register", "update", "calibration", "CAL-02", "--set", "calibrated=2026-03-25", "--set",
      "next_due=2027-03-25", "--as-of", "2026-03-25"});
  BOOST_TEST(Contains(Git({"log", "-1", "--format=%B"}, repo.root).out,
                      "next_due: 2026-03-01 -> 2027-03-25"));
  Ok({"register", "add", "risks", "--set", "ref=R-04", "--set", "type=Risk", "--set",
      "description=Ransomware", "--set", "status=open", "--as-of", "2026-03-25"});
  Ok({"register", "export", "training", "-o", repo.dir / "out.csv", "--date-format", "DD/MM/YYYY",
      "--delimiter", ";"});
  BOOST_TEST(Contains(ReadFile(repo.dir / "out.csv"), "Employee;Role;Course;Completed;Expires"));
  BOOST_TEST(Contains(ReadFile(repo.dir / "out.csv"), "03/03/2026"));
  RunResult back = Ok({"register", "import", "training", repo.dir / "out.csv", "--date-format",
                       "DD/MM/YYYY", "--as-of", "2026-03-25"});
  BOOST_TEST(Contains(back.out, "no change"));

  // Bad edits: exit 2, nothing written.
  BOOST_TEST(Contains(Refused({"register", "add", "risks", "--set", "ref=R-04", "--set",
                               "type=risk", "--set", "description=x", "--set", "status=open"}),
                      "has a row \"R-04\" already"));
  BOOST_TEST(
      Contains(Refused({"register", "update", "calibration", "CAL-99", "--set", "status=retired"}),
               "no row \"CAL-99\""));
  BOOST_TEST(
      Contains(Refused({"register", "update", "calibration", "CAL-01", "--set", "next_due=soon"}),
               "\"soon\" is not a date"));
  BOOST_TEST(
      Contains(Refused({"register", "update", "calibration", "CAL-01", "--set", "colour=red"}),
               "no such column"));
  BOOST_TEST(Contains(Refused({"register", "add", "changes", "--set", "ref=CH-1", "--set",
                               "change=x", "--set", "reviewed=2026-03-01", "--set", "clause=7.9"}),
                      "not a clause"));
  BOOST_TEST(Contains(Refused({"register", "import", "widgets", kData + "risks_semicolon.csv"}),
                      "no register kind \"widgets\""));
  BOOST_TEST(Contains(Refused({"register", "import", "risks", kData + "risks_semicolon.csv",
                               "--date-format", "DDMMYY"}),
                      "--date-format"));
  BOOST_TEST(
      Contains(Refused({"register", "import", "risks", kData + "nosuch.csv"}), "cannot read"));
  BOOST_TEST(Contains(Refused({"register", "import", "risks", kData + "risks_semicolon.csv",
                               "--map", "Owner=boss"}),
                      "has no column \"boss\""));
}

BOOST_AUTO_TEST_CASE(a_file_with_errors_is_refused_with_every_problem_named) {
  People();
  const std::string err =
      Refused({"register", "import", "training", kData + "training_with_errors.csv",
               "--date-format", "DD/MM/YYYY"});
  BOOST_TEST(Contains(err, "6 problem(s); nothing was imported"));
  BOOST_TEST(
      Contains(err, "row 2, column \"Completed\": \"31/02/2026\" is not a date as DD/MM/YYYY"));
  BOOST_TEST(
      Contains(err, "row 3, column \"Employee\" (person): \"Jon Smith\" is not a known person"));
  BOOST_TEST(
      Contains(err, "row 4, column \"Status\": \"finished\" is not one of: current, lapsed, left"));
  BOOST_TEST(Contains(err,
                      "row 5: the key \"Ben Okoro / Accessibility (WCAG 2.2)\" (person + course) "
                      "is on row 4 already"));
  BOOST_TEST(Contains(err, "row 6, column \"Course\": is empty"));
  BOOST_TEST(Contains(err,
                      "row 6, column \"Completed\": \"2026-03-10\" is not a date as DD/MM/YYYY; "
                      "the file mixes date formats"));
  BOOST_TEST(!std::ifstream(repo.root + "/dossier/registers/training.csv").good());
  // ISO dates by default: a day/month/year file is told what to give.
  BOOST_TEST(Contains(
      Refused({"register", "import", "training", kData + "training_semicolon_ddmmyyyy.csv"}),
      "give --date-format DD/MM/YYYY"));
  // A register file damaged by hand stops commands with exit 2, naming it.
  Ok({"register", "import", "risks", kData + "risks_semicolon.csv", "--as-of", "2026-03-20"});
  WriteFile(repo.root + "/dossier/registers/risks.csv", "ref,colour\nR-1,red\n");
  RunResult r = repo.Run({"register", "show", "risks"});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "dossier/registers/risks.csv line 1: column \"colour\""));
}

BOOST_AUTO_TEST_CASE(readiness_uses_registers_and_due_lists_what_falls_due) {
  People();
  Ok({"register", "import", "training", kData + "training_semicolon_ddmmyyyy.csv", "--date-format",
      "DD/MM/YYYY", "--as-of", "2026-03-20"});
  Ok({"register", "import", "calibration", kData + "calibration_extra_columns.csv", "--map",
      "Location=-", "--as-of", "2026-03-20"});
  Ok({"register", "import", "risks", kData + "risks_semicolon.csv", "--as-of", "2026-03-20"});
  RunResult r = repo.Run({"readiness", "--stage", "2", "--json", "--as-of", "2026-05-01"});
  BOOST_REQUIRE(r.code == 1);
  bj::value rep = bj::parse(r.out);
  std::map<std::string, std::string> req;
  for (const auto& q : rep.at("requirements").as_array()) {
    std::string how;
    for (const auto& m : q.at("met_by").as_array()) how += std::string(m.as_string()) + ";";
    req[std::string(q.at("id").as_string())] = std::string(q.at("status").as_string()) + ": " + how;
  }
  BOOST_TEST(Contains(req["R4"],
                      "met: the training register (dossier/registers/training.csv): 3 row(s) dated "
                      "2026-02-14..2026-03-10"));
  BOOST_TEST(Contains(req["R2"], "met: the calibration register"));
  BOOST_TEST(Contains(req["R12"], "missing"));
  std::string due_status, due_detail, evidence_detail;
  for (const auto& c : rep.at("checks").as_array()) {
    if (c.at("id").as_string() == "registers.due") {
      due_status = std::string(c.at("status").as_string());
      due_detail = std::string(c.at("detail").as_string());
    }
    if (c.at("id").as_string() == "clauses.evidence")
      evidence_detail = std::string(c.at("detail").as_string());
  }
  BOOST_TEST(due_status == "warn");
  BOOST_TEST(
      Contains(due_detail,
               "calibration of CAL-02 (calibration register) was due 2026-03-01, owner Ben Okoro"));
  BOOST_TEST(!Contains(due_detail, "CAL-03"));       // retired
  BOOST_TEST(!Contains(evidence_detail, "6.1.1 "));  // the risk register evidences 6.1

  RunResult due = Ok({"due", "--as-of", "2026-05-01"});
  BOOST_TEST(Contains(
      due.out, "2026-03-01  OVERDUE  calibration: CAL-02 (calibration register)  [Ben Okoro]"));
  BOOST_TEST(Contains(
      due.out,
      "2026-05-05  training renewal: Dev Patel / First aid (training register)  [Dev Patel]"));
  BOOST_TEST(!Contains(due.out, "risk review"));  // 2026-08-01, beyond 30 days
  RunResult all = Ok({"due", "--within", "all", "--json", "--as-of", "2026-05-01"});
  BOOST_TEST(Contains(all.out, "risk review: R-01"));
  BOOST_TEST(Contains(Refused({"due", "--within", "soon"}), "--within"));
  BOOST_TEST(Contains(Refused({"due", "--format", "pdf"}), "--format"));

  Ok({"due", "--within", "1y", "--format", "ics", "-o", repo.dir / "due.ics", "--as-of",
      "2026-05-01"});
  const std::string py =
      "import icalendar, sys\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "ev = cal.walk('VEVENT')\n"
      "uids = set(str(e['UID']) for e in ev)\n"
      "assert len(uids) == len(ev), 'duplicate UIDs'\n"
      "for e in ev: print(e['DTSTART'].dt.isoformat(), str(e['SUMMARY']))\n";
  WriteFile(repo.dir / "read_ics.py", py);
  RunResult parsed =
      Run({"/usr/bin/python3", repo.dir / "read_ics.py", repo.dir / "due.ics"}, repo.root);
  BOOST_REQUIRE_MESSAGE(parsed.code == 0,
                        "python3-icalendar could not read the file (is "
                        "python3-icalendar installed? apt-get install python3-icalendar, in the "
                        "Makefile TEST_PACKAGES): "
                            << parsed.err);
  BOOST_TEST(
      Contains(parsed.out, "2026-03-01 OVERDUE: calibration: CAL-02 (calibration register)"));
  BOOST_TEST(Contains(parsed.out, "2026-08-01 risk review: R-01 (risks register)"));
}

BOOST_AUTO_TEST_SUITE_END()
