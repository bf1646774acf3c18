// The Markdown report, for a wiki page or a pull request: the verdict, the
// blockers and warnings with their next actions, every check, and the clause
// matrix. User text is escaped so it cannot break a table or inject HTML.
#include "dossier/report.h"
#include "dossier/text.h"
#include "report_util.h"

namespace dossier {
namespace {

// Escapes text for a Markdown table cell: HTML specials, Markdown emphasis
// and link characters, pipes; newlines become spaces.
std::string Md(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
      case '<':
      case '>':
        out += report::HtmlEntity(c);
        break;
      case '|':
        out += "\\|";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

const char* Badge(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kWarn:
      return "**warn**";
    case CheckStatus::kFail:
      return "**FAIL**";
  }
  return "";
}

}  // namespace

namespace report {

void WriteMarkdown(const ReadinessReport& r, Sink& out) {
  out += "# " + std::string(r.ready ? "READY" : "NOT READY") + " for " +
         report::StageName(r.stage) + "\n\n";
  out += "**" + Md(r.organisation) + "**, checklist `" + Md(r.checklist) + "`, as of " +
         r.as_of.ToString() + ", commit `" + (r.commit.empty() ? "none" : r.commit.substr(0, 12)) +
         "`  \n";
  out += "Score **" + report::Score(r.score) +
         "/100**: " + std::to_string(r.Count(CheckStatus::kPass)) + " pass, " +
         std::to_string(r.Count(CheckStatus::kWarn)) + " warn, " +
         std::to_string(r.Count(CheckStatus::kFail)) + " fail.\n\n";
  auto issues = [&](CheckStatus status, const char* heading) {
    if (r.Count(status) == 0) return;
    out += "## " + std::string(heading) +
           "\n\n| check | why | behind it | next action |\n|---|---|---|---|\n";
    for (const auto& c : r.checks) {
      if (c.status != status) continue;
      // Piece by piece: a detail or a list of entities may run to megabytes.
      out += "| `" + c.id + "` " + Md(c.title) + " | ";
      out += Md(c.detail);
      out += " | ";
      out += Md(report::Entities(c));
      out += " | " + Md(c.next_action) + " |\n";
    }
    out += "\n";
  };
  issues(CheckStatus::kFail, "Blockers");
  issues(CheckStatus::kWarn, "Warnings");
  out += "## Checks\n\n| status | check | stage | detail |\n|---|---|---|---|\n";
  for (const auto& c : r.checks) {
    out += "| " + std::string(Badge(c.status)) + " | `" + c.id + "` " + Md(c.title) + " | " +
           std::to_string(c.stage) + " | ";
    out += Md(c.detail);  // apart: it may run to megabytes
    out += " |\n";
  }
  out += "\n## Requirements\n\n| requirement | status | met by |\n|---|---|---|\n";
  for (const auto& q : r.requirements) {
    const std::string how = Join(q.met_by, "; ");
    out += "| " + q.id + " (" + Md(q.ref) + ") " + Md(q.title) + " | " + Md(q.status) + " | " +
           Md(how) + " |\n";
  }
  out +=
      "\n## Clauses\n\n| clause | title | documents | records | audited | open findings | status "
      "|\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& row : r.matrix) {
    if (!row.applicable) {
      out += "| " + row.clause + " | " + Md(row.title) +
             " | | | | | n/a: " + Md(row.justification) + " |\n";
      continue;
    }
    out += "| " + row.clause + " | " + Md(row.title) + " | " + std::to_string(row.documents) +
           " | " + std::to_string(row.records) + " | " + (row.audited ? "yes" : "no") + " | " +
           std::to_string(row.open_findings) + " | " + Badge(row.status) + " |\n";
  }
}

}  // namespace report

std::string RenderMarkdown(const ReadinessReport& r) {
  report::Sink out;
  report::WriteMarkdown(r, out);
  return out.Take();
}

}  // namespace dossier
