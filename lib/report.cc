#include "dossier/report.h"

#include "report_util.h"

namespace dossier {

const char* ToString(ReportFormat f) {
  switch (f) {
    case ReportFormat::kText:
      return "text";
    case ReportFormat::kJson:
      return "json";
    case ReportFormat::kMarkdown:
      return "markdown";
    case ReportFormat::kHtml:
      return "html";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kJunit:
      return "junit";
  }
  return "text";
}

Result<ReportFormat> ParseReportFormat(std::string_view s) {
  if (s == "text") return ReportFormat::kText;
  if (s == "json") return ReportFormat::kJson;
  if (s == "markdown" || s == "md") return ReportFormat::kMarkdown;
  if (s == "html") return ReportFormat::kHtml;
  if (s == "csv") return ReportFormat::kCsv;
  if (s == "junit") return ReportFormat::kJunit;
  return Error::Input("unknown report format \"" + std::string(s) +
                      "\" (valid: text, json, markdown, html, csv, junit)");
}

std::string RenderReport(const ReadinessReport& report, ReportFormat format,
                         const ReportExtras& extras) {
  switch (format) {
    case ReportFormat::kText:
      return RenderText(report);
    case ReportFormat::kJson:
      return RenderJson(report, extras);
    case ReportFormat::kMarkdown:
      return RenderMarkdown(report);
    case ReportFormat::kHtml:
      return RenderHtml(report, extras);
    case ReportFormat::kCsv:
      return RenderCsv(report);
    case ReportFormat::kJunit:
      return RenderJunit(report);
  }
  return RenderText(report);
}

void WriteReport(const ReadinessReport& report, ReportFormat format, const ReportExtras& extras,
                 std::ostream& out) {
  report::Sink sink(&out);
  switch (format) {
    case ReportFormat::kJson:
      WriteJson(report, extras, out);
      return;
    case ReportFormat::kText:
      report::WriteText(report, sink);
      break;
    case ReportFormat::kMarkdown:
      report::WriteMarkdown(report, sink);
      break;
    case ReportFormat::kHtml:
      report::WriteHtml(report, extras, sink);
      break;
    case ReportFormat::kJunit:
      report::WriteJunit(report, sink);
      break;
    case ReportFormat::kCsv:  // the clause matrix: a few KB
      sink += RenderCsv(report);
      break;
  }
  sink.Flush();
}

}  // namespace dossier
