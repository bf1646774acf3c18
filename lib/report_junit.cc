// The JUnit XML report, for CI (doc/readiness.md, "Readiness in CI"): one
// test case per check, so GitLab, GitHub and Jenkins list each check with
// its verdict. A failed check is a <failure>; a warning is <skipped> with
// type "warning" (JUnit has no warning: CI tools show skipped apart from
// passes and failures, Jenkins in yellow, and a skip never fails a build,
// as a warning never blocks readiness). Deterministic: no time stamps or
// durations beyond the report's own date.
#include "dossier/report.h"
#include "report_util.h"

namespace dossier {
namespace {

// Escapes text for an XML attribute or element; drops the control
// characters XML 1.0 cannot carry at all.
std::string Xml(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    const char* entity = c == '\'' ? "&apos;" : report::HtmlEntity(static_cast<char>(c));
    if (entity) {
      out += entity;
      continue;
    }
    switch (c) {
      case '\n':
        out += "&#10;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (c >= 0x20) out += static_cast<char>(c);
    }
  }
  return out;
}

// What a person needs to act on a check: why, what is behind it, what to do.
std::string Body(const CheckResult& c) {
  std::string text = c.detail;
  const std::string behind = report::Entities(c);
  if (!behind.empty()) text += "\nbehind it: " + behind;
  if (!c.next_action.empty()) text += "\nnext action: " + c.next_action;
  if (!c.command.empty()) text += "\ncommand: " + c.command;
  return text;
}

}  // namespace

namespace report {

void WriteJunit(const ReadinessReport& r, Sink& out) {
  const int total = static_cast<int>(r.checks.size());
  const int failures = r.Count(CheckStatus::kFail);
  const int warnings = r.Count(CheckStatus::kWarn);
  const std::string stage = "stage" + std::to_string(r.stage);
  const std::string suite =
      "Dossier readiness for " + report::StageName(r.stage) + ": " + r.organisation;
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + Xml(suite) + "\" tests=\"" + std::to_string(total) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(warnings) + "\" time=\"0\">\n";
  out += "  <testsuite name=\"" + Xml(suite) + "\" tests=\"" + std::to_string(total) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(warnings) + "\" time=\"0\">\n";
  out += "    <properties>\n";
  auto property = [&](const std::string& name, const std::string& value) {
    out += "      <property name=\"" + Xml(name) + "\" value=\"" + Xml(value) + "\"/>\n";
  };
  property("verdict", report::Verdict(r));
  property("stage", std::to_string(r.stage));
  property("score", report::Score(r.score));
  property("as_of", r.as_of.ToString());
  property("organisation", r.organisation);
  property("commit", r.commit.empty() ? "none" : r.commit);
  property("checklist", r.checklist);
  property("warnings", std::to_string(warnings));
  out += "    </properties>\n";
  for (const auto& c : r.checks) {
    const std::string area = c.id.substr(0, c.id.find('.'));
    out += "    <testcase classname=\"dossier.readiness." + Xml(stage + "." + area) + "\" name=\"" +
           Xml(c.id + ": " + c.title) + "\" time=\"0\"";
    if (c.status == CheckStatus::kPass) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    const bool fail = c.status == CheckStatus::kFail;
    // Piece by piece: a detail or a list of entities may run to megabytes.
    out += std::string("      <") + (fail ? "failure" : "skipped") + " type=\"" +
           (fail ? "fail" : "warning") + "\" message=\"";
    out += Xml(std::string(fail ? "FAIL: " : "warning: ") + c.detail);
    out += "\"";
    if (fail) {
      out += ">";
      out += Xml(Body(c));
      out += "</failure>\n";
    } else {
      out += "/>\n      <system-out>";
      out += Xml("warning: " + Body(c));
      out += "</system-out>\n";
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
}

}  // namespace report

std::string RenderJunit(const ReadinessReport& r) {
  report::Sink out;
  report::WriteJunit(r, out);
  return out.Take();
}

}  // namespace dossier
