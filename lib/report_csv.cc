// The clause matrix as CSV (RFC 4180 quoting, LF line ends as all Dossier output): a header, then
// one row per leaf clause in catalog order.
#include "dossier/report.h"
#include "report_util.h"

namespace dossier {
namespace {

// Quotes a field when needed. Free text that a spreadsheet would run as a
// formula (=, +, -, @ first) gets a leading apostrophe.
std::string Field(const std::string& s, bool free_text = false) {
  std::string v = s;
  if (free_text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) {
    v = "'" + v;
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string RenderCsv(const ReadinessReport& r) {
  std::string out =
      "clause,title,applicable,justification,documents,records,audited,open_findings,status\n";
  for (const auto& row : r.matrix) {
    out += Field(row.clause) + "," + Field(row.title) + "," + (row.applicable ? "yes" : "no") +
           "," + Field(row.justification, true) + "," + std::to_string(row.documents) + "," +
           std::to_string(row.records) + "," + (row.audited ? "yes" : "no") + "," +
           std::to_string(row.open_findings) + "," +
           (row.applicable ? ToString(row.status) : "n/a") + "\n";
  }
  return out;
}

}  // namespace dossier
