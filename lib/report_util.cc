#include "report_util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace dossier::report {

std::string Score(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(score * 10.0) / 10.0);
  return buf;
}

std::string Number(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf) == "-0" ? "0" : buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

namespace {
namespace bj = boost::json;

void Write(std::string& out, const bj::value& v, int indent) {
  auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case bj::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      std::vector<const bj::key_value_pair*> items;
      for (const auto& kv : o) items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
      out += '{';
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        newline(indent + 1);
        out += bj::serialize(bj::string_view(items[i]->key()));
        out += ": ";
        Write(out, items[i]->value(), indent + 1);
      }
      newline(indent);
      out += '}';
      return;
    }
    case bj::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(indent + 1);
        Write(out, a[i], indent + 1);
      }
      newline(indent);
      out += ']';
      return;
    }
    case bj::kind::double_:
      out += report::Number(v.get_double());
      return;
    default:
      out += bj::serialize(v);
      return;
  }
}

}  // namespace

std::string Json(const bj::value& v) {
  std::string out;
  Write(out, v, 0);
  out += '\n';
  return out;
}

std::string Entities(const CheckResult& c) {
  std::string out;
  for (const auto& e : c.entities) out += (out.empty() ? "" : ", ") + e.kind + " " + e.id;
  return out;
}

std::string Html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace dossier::report
