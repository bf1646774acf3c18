#include "report_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "dossier/text.h"
#include "join.h"
#include "json_io.h"

namespace dossier::report {

std::string Score(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(score * 10.0) / 10.0);
  return buf;
}

std::string Number(double v) { return std::isfinite(v) ? ShortestNumber(v) : "0"; }

std::string Json(const boost::json::value& v) { return json::Canonical(v); }

std::string Entities(const CheckResult& c) {
  return JoinEach(c.entities, ", ", [](const auto& e) { return e.kind + " " + e.id; });
}

const char* HtmlEntity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

std::string Html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (const char* entity = HtmlEntity(c)) {
      out += entity;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace dossier::report
