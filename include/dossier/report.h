// Renderings of a readiness report (doc/readiness.md): text
// for a terminal, JSON for machines (versioned), Markdown for a wiki or a
// pull request, CSV for the clause matrix, one self-contained HTML file, and
// JUnit XML for CI.
// Every rendering is a pure function of its arguments: the same report gives
// the same bytes.
#ifndef DOSSIER_REPORT_H_
#define DOSSIER_REPORT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/readiness.h"
#include "dossier/result.h"

namespace dossier {

enum class ReportFormat { kText, kJson, kMarkdown, kHtml, kCsv, kJunit };
const char* ToString(ReportFormat f);
// "text", "json", "markdown" (or "md"), "html", "csv", "junit"; others name the valid ones.
Result<ReportFormat> ParseReportFormat(std::string_view s);

// What a report shows beyond the assessment itself.
struct ReportExtras {
  // Readiness over the repository's history (ReadinessHistory); shown by
  // the HTML and JSON renderings when non-empty.
  std::vector<HistoryPoint> history;
};

// The version of the JSON report's format ("schema_version").
inline constexpr int kReportSchemaVersion = 1;

std::string RenderReport(const ReadinessReport& report, ReportFormat format,
                         const ReportExtras& extras = {});
// The same bytes written to `out` as they are made: the JSON report of a
// large repository (every record that meets each requirement) is not held
// whole in memory. Check `out`'s state for a write error.
void WriteReport(const ReadinessReport& report, ReportFormat format, const ReportExtras& extras,
                 std::ostream& out);

// The individual renderers, for callers that know what they want.
std::string RenderText(const ReadinessReport& report);
std::string RenderJson(const ReadinessReport& report, const ReportExtras& extras);
void WriteJson(const ReadinessReport& report, const ReportExtras& extras, std::ostream& out);
std::string RenderMarkdown(const ReadinessReport& report);
std::string RenderCsv(const ReadinessReport& report);
std::string RenderHtml(const ReadinessReport& report, const ReportExtras& extras);
// JUnit XML for CI: one test case per check; a failed check a failure, a
// warning a skipped test of type "warning".
std::string RenderJunit(const ReadinessReport& report);

}  // namespace dossier

#endif  // DOSSIER_REPORT_H_
