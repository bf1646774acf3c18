// The report renderings: deterministic bytes in every format, the JSON's
// schema, the CSV's shape, and HTML that is self-contained and escapes user
// text.
#define BOOST_TEST_MODULE report
#include "dossier/report.h"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

#include "readiness_fixture.h"

using namespace dossier;
using namespace dossier::test;
namespace bj = boost::json;

namespace {

const char* kFormats[] = {"text", "json", "markdown", "csv", "html", "junit"};

// The complete QMS plus an open minor whose title is hostile markup.
struct HostileRepo : QmsRepo {
  HostileRepo() {
    Finding f;
    f.id = "NC-20260920-XSS1";
    f.title = "<script>alert(1)</script> | *bold* \"quoted\" & 'single'";
    f.grade = Grade::kMinor;
    f.source = FindingSource::kInternalAudit;
    f.clauses = {"7.5.3"};
    f.raised = D("2026-09-20");  // unplanned for longer than the 30 days' grace
    f.history = {T("", "open", "2026-09-20")};
    Put(f);
    Commit("hostile finding");
  }
  std::string Report(const std::string& format, int stage = 2) const {
    return Run({"readiness", "--stage", std::to_string(stage), "--as-of", kAsOf, "--format",
                format},
               -1)
        .out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(every_format_is_byte_identical_run_to_run) {
  HostileRepo q;
  for (const char* format : kFormats) {
    for (int stage : {1, 2}) {
      const std::string a = q.Report(format, stage);
      const std::string b = q.Report(format, stage);
      BOOST_TEST(!a.empty(), format);
      BOOST_TEST((a == b), format << " stage " << stage);
      BOOST_TEST(a.find('\r') == std::string::npos, format);
    }
  }
}

// Standard output gets the report written as it is made (the JSON report
// streamed, not held whole); -o FILE gets it whole: the same bytes.
BOOST_AUTO_TEST_CASE(streamed_and_written_to_a_file_are_the_same_bytes) {
  HostileRepo q;
  for (const char* format : kFormats) {
    const std::string file = q.root() + "/../report-out";
    const RunResult r =
        q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--format", format, "-o", file}, -1);
    BOOST_TEST(Contains(r.out, "report written to"), format);
    BOOST_TEST(ReadFile(file) == q.Report(format), format);
  }
}

// Written as it is made, a report passes through the stream in pieces of
// 64 KiB: a check whose detail and entities run far beyond that (thousands
// of unapproved documents) still gives the bytes RenderReport gives whole
// (fails when a piece is written twice or dropped).
BOOST_AUTO_TEST_CASE(a_report_larger_than_a_piece_streams_the_same_bytes) {
  ReadinessReport r;
  r.organisation = "Large & <Co>";
  CheckResult c;
  c.id = "documents.controlled";
  c.title = "Documents are controlled";
  c.status = CheckStatus::kWarn;
  for (int i = 0; i < 20000; ++i) {
    const std::string id = "ART-20260101-" + std::to_string(100000 + i);
    c.detail += (i ? "; " : "") + id + " \"Doc <" + std::to_string(i) + ">\" never approved";
    c.entities.push_back({"artifact", id});
  }
  c.next_action = "approve | withdraw";
  r.checks.push_back(c);
  c.status = CheckStatus::kFail;
  c.id = "documents.current";
  r.checks.push_back(c);
  for (const char* name : kFormats) {
    const ReportFormat format = *ParseReportFormat(name);
    std::ostringstream streamed;
    WriteReport(r, format, {}, streamed);
    const std::string whole = RenderReport(r, format);
    // (CSV is the clause matrix alone: small.)
    if (format != ReportFormat::kCsv) BOOST_TEST(whole.size() > size_t{1} << 20, name);
    BOOST_TEST((streamed.str() == whole), name);
  }
}

BOOST_AUTO_TEST_CASE(json_has_schema_version_and_the_documented_keys) {
  HostileRepo q;
  auto doc = bj::parse(q.Report("json")).as_object();
  BOOST_TEST(doc.at("schema_version").as_int64() == 1);
  BOOST_TEST(doc.at("report") == "dossier.readiness");
  BOOST_TEST(doc.at("stage").as_int64() == 2);
  BOOST_TEST(doc.at("as_of") == kAsOf);
  BOOST_TEST(doc.at("verdict") == "NOT READY");
  BOOST_TEST(doc.at("organisation") == "Harbour Test Ltd");
  BOOST_TEST(doc.at("commit").as_string().size() == 40u);
  // 29 checks and 28 requirements: one minor without a plan fails one check,
  // some have nothing to judge (no exclusion declared, no action owner named,
  // nothing withdrawn, no review action tracked, no register): 51 of 57 points.
  BOOST_TEST(doc.at("score").as_double() == 89.5);
  BOOST_TEST(doc.at("blockers").as_array().size() == 1u);
  BOOST_TEST(doc.at("blockers").as_array()[0] == "findings.minor_plan");
  BOOST_TEST(doc.at("counts").at("fail").as_int64() == 1);
  BOOST_TEST(doc.at("settings").at("operating_period") == "3m");
  for (const auto& c : doc.at("checks").as_array()) {
    for (const char* key :
         {"id", "stage", "title", "status", "detail", "entities", "next_action"}) {
      BOOST_TEST(c.as_object().contains(key), key);
    }
  }
  bool found = false;
  for (const auto& f : doc.at("findings").as_array()) {
    if (f.at("id") == "NC-20260920-XSS1") {
      found = true;
      BOOST_TEST(f.at("age_days").as_int64() == 41);
      BOOST_TEST(f.at("state") == "open");
    }
  }
  BOOST_TEST(found);
  const auto& measures = doc.at("measures").as_array();
  BOOST_REQUIRE(measures.size() == 1u);
  BOOST_TEST(measures[0].at("measurements").as_array().size() == 4u);
  BOOST_TEST(measures[0].at("measurements").as_array()[1].at("value").as_double() == 94.5);
  // Plain decimal numbers, not exponent notation.
  BOOST_TEST(q.Report("json").find("\"score\": 89.5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_is_the_clause_matrix) {
  HostileRepo q;
  q.Run({"scope", "exclude", "8.3", "--why", "=HYPERLINK(\"x\"), designs are the customer's"});
  const std::string csv = q.Report("csv");
  std::vector<std::string> lines;
  for (size_t i = 0, j; i < csv.size(); i = j + 1) {
    j = csv.find('\n', i);
    lines.push_back(csv.substr(i, j - i));
  }
  BOOST_REQUIRE(lines.size() == 65u);  // header + 64 leaf clauses
  BOOST_TEST(
      lines[0] ==
      "clause,title,applicable,justification,documents,records,audited,open_findings,status");
  BOOST_TEST(lines[1].rfind("4.1,Understanding the organization and its context,yes,,", 0) == 0u,
             lines[1]);
  bool na = false, open = false;
  for (const auto& l : lines) {
    if (l.rfind("8.3.1,", 0) == 0) {
      na = true;
      // Quoted because of the comma and quotes; defused against formula injection.
      BOOST_TEST(
          l ==
          "8.3.1,General,no,\"'=HYPERLINK(\"\"x\"\"), designs are the customer's\",0,0,yes,0,n/a");
    }
    if (l.rfind("7.5.3,", 0) == 0) {
      open = true;
      BOOST_TEST(l.find(",1,fail") != std::string::npos, l);
    }
  }
  BOOST_TEST(na);
  BOOST_TEST(open);
}

BOOST_AUTO_TEST_CASE(html_is_self_contained_and_escapes_user_text) {
  HostileRepo q;
  const std::string html = q.Report("html");
  BOOST_TEST(html.find("http://") == std::string::npos);
  BOOST_TEST(html.find("https://") == std::string::npos);
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("<link") == std::string::npos);
  BOOST_TEST(html.find("src=") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  BOOST_TEST(html.find("&quot;quoted&quot; &amp; &#39;single&#39;") != std::string::npos);
  BOOST_TEST(html.find("Content-Security-Policy") != std::string::npos);
  BOOST_TEST(html.find("id=\"clause-grid\"") != std::string::npos);
  BOOST_TEST(html.find(">NOT READY<") != std::string::npos);
  BOOST_TEST(html.find("id=\"history\"") != std::string::npos);
}

// JUnit XML for CI: one test case per check, a failed check a failure, a
// warning a skipped test of type "warning", counts that agree, user text
// escaped, and well-formed (parsed by python3's XML parser).
BOOST_AUTO_TEST_CASE(junit_has_one_test_case_per_check_failures_and_warnings) {
  HostileRepo q;
  // The closed minor's action verified by its own owner: a warning.
  const std::string closed = std::string("dossier/findings/") + QmsRepo::kClosedMinor + ".json";
  bj::object finding = bj::parse(ReadFile(q.root() + "/" + closed)).as_object();
  finding["owner"] = "Ann Auditor";
  q.Write(closed, bj::serialize(finding) + "\n");
  q.Commit("the owner verified their own action");
  size_t all_fails = 0, all_warns = 0;
  for (int stage : {1, 2}) {
    BOOST_TEST_CONTEXT("stage " << stage) {
      const std::string xml = q.Report("junit", stage);
      const bj::object doc = bj::parse(q.Report("json", stage)).as_object();
      size_t checks = 0, fails = 0, warns = 0;
      for (const auto& c : doc.at("checks").as_array()) {
        ++checks;
        const std::string status(c.at("status").as_string());
        fails += status == "fail";
        warns += status == "warn";
      }
      all_fails += fails;
      all_warns += warns;
      auto count = [&](const std::string& what) {
        size_t n = 0;
        for (size_t at = xml.find(what); at != std::string::npos; at = xml.find(what, at + 1)) ++n;
        return n;
      };
      BOOST_TEST(count("<testcase ") == checks);
      BOOST_TEST(count("<failure type=\"fail\"") == fails);
      BOOST_TEST(count("<skipped type=\"warning\"") == warns);
      BOOST_TEST(Contains(
          xml, "<testsuite name=\"Dossier readiness for Stage " + std::to_string(stage) + ": "));
      BOOST_TEST(Contains(xml, "failures=\"" + std::to_string(fails) + "\""));
      BOOST_TEST(Contains(xml, "skipped=\"" + std::to_string(warns) + "\""));
      BOOST_TEST(!Contains(xml, "<script>"));
      const std::string file = q.root() + "/../report.xml";
      WriteFile(file, xml);
      RunResult parsed = dossier::test::Run(
          {"python3", "-c",
           "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
           "print(len(r.findall('./testsuite/testcase')))",
           file},
          q.root());
      BOOST_TEST(parsed.code == 0, parsed.err);
      BOOST_TEST(parsed.out == std::to_string(checks) + "\n");
    }
  }
  // The hostile minor fails Stage 2, its title escaped.
  const std::string xml = q.Report("junit", 2);
  BOOST_TEST(Contains(xml, "<property name=\"verdict\" value=\"NOT READY\"/>"));
  BOOST_TEST(Contains(xml, "name=\"findings.minor_plan: "));
  BOOST_TEST(Contains(xml, "&lt;script&gt;"));
  BOOST_TEST(all_fails > 0u);
  BOOST_TEST(all_warns > 0u);
}

BOOST_AUTO_TEST_CASE(markdown_escapes_table_breakers_and_html) {
  HostileRepo q;
  const std::string md = q.Report("markdown");
  BOOST_TEST(md.rfind("# NOT READY for Stage 2\n", 0) == 0u);
  BOOST_TEST(md.find("<script>") == std::string::npos);
  BOOST_TEST(md.find("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*bold\\*") != std::string::npos,
             md);
  BOOST_TEST(md.find("## Blockers") < md.find("## Checks"));
}

BOOST_AUTO_TEST_CASE(text_fits_a_terminal_and_leads_with_the_verdict) {
  HostileRepo q;
  const std::string text = q.Report("text");
  BOOST_TEST(text.rfind("NOT READY for Stage 2 as of 2026-10-31  (score 89.5/100)\n", 0) == 0u,
             text);
  BOOST_TEST(text.find("Blockers (1):\n  FAIL findings.minor_plan:") != std::string::npos, text);
  for (size_t i = 0, j; i < text.size(); i = j + 1) {
    j = text.find('\n', i);
    BOOST_TEST(j - i <= 80u, text.substr(i, j - i));
  }
}

BOOST_AUTO_TEST_SUITE_END()
