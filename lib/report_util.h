// Small helpers shared by the report renderers. Private to lib/.
#ifndef DOSSIER_LIB_REPORT_UTIL_H_
#define DOSSIER_LIB_REPORT_UTIL_H_

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "dossier/readiness.h"

namespace dossier::report {

// "READY" / "NOT READY".
inline const char* Verdict(const ReadinessReport& r) { return r.ready ? "READY" : "NOT READY"; }
// A score with one decimal: "87.5", "100.0". No locale.
std::string Score(double score);
// A number in its shortest exact form: "0.5", "12", "97.25". No locale.
std::string Number(double v);
// "artifact ART-..." style list of a check's entities.
std::string Entities(const CheckResult& c);
// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string Html(std::string_view s);
// The entity Html writes for `c` ("&amp;", "&lt;", "&gt;", "&quot;",
// "&#39;"), or null when `c` stands as it is: one spelling for the HTML,
// JUnit XML and Markdown reports.
const char* HtmlEntity(char c);
// Canonical JSON (sorted keys, two-space indent, LF, trailing newline) with
// decimal numbers written plainly ("87.5", not Boost.JSON's "8.75E1").
std::string Json(const boost::json::value& v);
// Human-readable stage name.
inline std::string StageName(int stage) { return ReadinessStageName(stage); }

}  // namespace dossier::report

#endif  // DOSSIER_LIB_REPORT_UTIL_H_
