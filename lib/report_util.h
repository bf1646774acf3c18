// Small helpers shared by the report renderers. Private to lib/.
#ifndef DOSSIER_LIB_REPORT_UTIL_H_
#define DOSSIER_LIB_REPORT_UTIL_H_

#include <boost/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "dossier/readiness.h"
#include "dossier/report.h"

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
// Where a renderer writes: a buffer that, given a stream, is passed on to
// it in pieces as it fills, so a report of 100,000 artifacts (25 MB of
// HTML) is not held whole, and then again as it is copied out; without a
// stream, the text is kept for Take.
class Sink {
 public:
  explicit Sink(std::ostream* to = nullptr) : to_(to) {}
  Sink& operator+=(std::string_view s) {
    text_.append(s);
    if (to_ && text_.size() >= kPiece) Flush();
    return *this;
  }
  Sink& operator+=(char c) { return *this += std::string_view(&c, 1); }
  // Writes what is held to the stream, if there is one.
  void Flush() {
    if (!to_) return;
    to_->write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }
  std::string Take() { return std::move(text_); }

 private:
  static constexpr size_t kPiece = size_t{64} << 10;
  std::ostream* to_;
  std::string text_;
};

// The renderers behind RenderText, RenderMarkdown, RenderHtml and
// RenderJunit (and WriteReport), writing into `out`.
void WriteText(const ReadinessReport& r, Sink& out);
void WriteMarkdown(const ReadinessReport& r, Sink& out);
void WriteHtml(const ReadinessReport& r, const ReportExtras& extras, Sink& out);
void WriteJunit(const ReadinessReport& r, Sink& out);

// Human-readable stage name.
inline std::string StageName(int stage) { return ReadinessStageName(stage); }

}  // namespace dossier::report

#endif  // DOSSIER_LIB_REPORT_UTIL_H_
