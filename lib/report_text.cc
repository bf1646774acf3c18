// The terminal report: the verdict and the blockers first, then warnings,
// the full checklist of checks and a one-line clause summary. ASCII, lines
// wrapped to 78 columns.
#include "dossier/report.h"
#include "dossier/text.h"
#include "report_util.h"

namespace dossier {
namespace {

constexpr size_t kWidth = 78;

// Appends `text` wrapped at word boundaries, every line indented by `indent`.
void Wrapped(report::Sink& out, const std::string& text, size_t indent,
             const std::string& first = "") {
  std::string line = std::string(indent, ' ') + first;
  const std::string pad(indent + first.size(), ' ');
  size_t start = line.size();
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    if (line.size() > start && line.size() + 1 + word.size() > kWidth) {
      out += line + "\n";
      line = pad;
      start = line.size();
    }
    if (line.size() > start) line += ' ';
    line += word;
    i = j + 1;
  }
  out += line + "\n";
}

void Check(report::Sink& out, const CheckResult& c, const char* mark) {
  Wrapped(out, c.title, 2, std::string(mark) + " " + c.id + ": ");
  Wrapped(out, c.detail, 6);
  if (!c.next_action.empty()) Wrapped(out, c.next_action, 6, "next: ");
  if (!c.command.empty()) Wrapped(out, c.command, 6, "command: ");
}

}  // namespace

namespace report {

void WriteText(const ReadinessReport& r, Sink& out) {
  out += std::string(report::Verdict(r)) + " for " + report::StageName(r.stage) + " as of " +
         r.as_of.ToString() + "  (score " + report::Score(r.score) + "/100)\n";
  if (!r.audit.empty()) out += "the next certification audit: " + r.audit + "\n";
  std::string who = r.organisation.empty() ? "(no organisation name)" : r.organisation;
  out += who + ", " + r.checklist + ", commit " +
         (r.commit.empty() ? std::string("(none)") : r.commit.substr(0, 12)) + "\n";
  const auto blockers = r.Blockers();
  if (!blockers.empty()) {
    out += "\nBlockers (" + std::to_string(blockers.size()) + "):\n";
    for (const auto* c : blockers) Check(out, *c, "FAIL");
  }
  if (r.Count(CheckStatus::kWarn) > 0) {
    out += "\nWarnings (" + std::to_string(r.Count(CheckStatus::kWarn)) + "):\n";
    for (const auto& c : r.checks) {
      if (c.status == CheckStatus::kWarn) Check(out, c, "WARN");
    }
  }
  out += "\nChecks: " + std::to_string(r.Count(CheckStatus::kPass)) + " pass, " +
         std::to_string(r.Count(CheckStatus::kWarn)) + " warn, " +
         std::to_string(r.Count(CheckStatus::kFail)) + " fail\n";
  for (const auto& c : r.checks) {
    const char* mark = c.status == CheckStatus::kPass   ? "pass"
                       : c.status == CheckStatus::kWarn ? "WARN"
                                                        : "FAIL";
    Wrapped(out, c.title, 2,
            std::string(mark) + "  " + c.id +
                std::string(c.id.size() < 23 ? 23 - c.id.size() : 1, ' '));
  }
  out += "\nRequirements (documented information):\n";
  for (const auto& q : r.requirements) {
    std::string how = q.met_by.empty() ? q.title : Join(q.met_by, "; ");
    Wrapped(out, how, 2,
            q.id + std::string(q.id.size() < 4 ? 4 - q.id.size() : 1, ' ') + q.status + ": ");
  }
  if (!r.withdrawn.empty()) {
    out += "\nWithdrawn findings (" + std::to_string(r.withdrawn.size()) +
           ", not counted as open or closed):\n";
    for (const auto& f : r.withdrawn) {
      Wrapped(out, f.title + "; " + f.withdrawn, 2, f.id + " " + ToString(f.grade) + ": ");
    }
  }
  int applicable = 0, failing = 0, warning = 0;
  std::vector<std::string> na, failed;
  for (const auto& row : r.matrix) {
    if (!row.applicable) {
      na.push_back(row.clause);
      continue;
    }
    ++applicable;
    if (row.status == CheckStatus::kFail) {
      ++failing;
      failed.push_back(row.clause);
    }
    if (row.status == CheckStatus::kWarn) ++warning;
  }
  std::string clauses = std::to_string(applicable) + " applicable, " + std::to_string(na.size()) +
                        " not applicable, " + std::to_string(failing) + " failing, " +
                        std::to_string(warning) + " with warnings";
  out += "\n";
  Wrapped(out, clauses, 0, "Clauses: ");
  if (!failed.empty()) {
    Wrapped(out, Join(failed, " "), 2, "failing: ");
  }
  if (!na.empty()) {
    Wrapped(out, Join(na, " "), 2, "not applicable: ");
  }
}

}  // namespace report

std::string RenderText(const ReadinessReport& r) {
  report::Sink out;
  report::WriteText(r, out);
  return out.Take();
}

}  // namespace dossier
