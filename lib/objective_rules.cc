// The rules of quality objectives: see objective_rules.h.
#include "dossier/objective_rules.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "dossier/text.h"

namespace dossier {

bool Target::Met(double measured) const {
  switch (op) {
    case Op::kGe:
      return measured >= value;
    case Op::kLe:
      return measured <= value;
    case Op::kGt:
      return measured > value;
    case Op::kLt:
      return measured < value;
    case Op::kEq:
      return std::fabs(measured - value) <= 1e-9 * std::max(1.0, std::fabs(value));
  }
  return false;
}

std::optional<TargetReading> ReadTarget(std::string_view text) {
  const std::string s = Trim(text);
  TargetReading r;
  size_t i = 0;
  for (const char* op : {"==", ">=", "<=", ">", "<", "="}) {  // longest first
    const size_t n = std::char_traits<char>::length(op);
    if (s.compare(0, n, op) == 0) {
      r.op = op;
      i = n;
      break;
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  const size_t start = i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (digits == 0) return std::nullopt;
  // A fraction needs digits after the point; "5." leaves the point to the unit.
  if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  r.number = s.substr(start, i - start);
  r.unit = Trim(std::string_view(s).substr(i));
  return r;
}

Result<Target> ParseTarget(std::string_view text) {
  auto bad = [&]() {
    return Error::Input("target \"" + std::string(text) +
                        "\" is not measurable: give an operator and a number, e.g. \">=90\", "
                        "\"<=5\", \">0\", \"<3\" or \"=100\"");
  };
  // Recorded targets name one comparison and a plain decimal: no "==", no
  // "+", no exponent or unit ("90%": the unit is the measure's).
  auto r = ReadTarget(text);
  if (!r || r->op.empty() || r->op == "==" || r->number[0] == '+' || !r->unit.empty()) {
    return bad();
  }
  Target t;
  if (r->op == ">=") {
    t.op = Target::Op::kGe;
  } else if (r->op == "<=") {
    t.op = Target::Op::kLe;
  } else if (r->op == ">") {
    t.op = Target::Op::kGt;
  } else if (r->op == "<") {
    t.op = Target::Op::kLt;
  } else {
    t.op = Target::Op::kEq;
  }
  t.value = std::strtod(r->number.c_str(), nullptr);
  t.text = r->op + r->number;
  return t;
}

const Measurement* LatestMeasurement(const std::vector<Measurement>& all,
                                     const std::string& objective, const std::string& measure,
                                     std::optional<Date> as_of) {
  const Measurement* best = nullptr;
  for (const auto& m : all) {
    if (m.objective != objective || m.measure != measure) continue;
    if (as_of && m.date > *as_of) continue;
    if (!best || m.date > best->date || (m.date == best->date && m.id > best->id)) best = &m;
  }
  return best;
}

}  // namespace dossier
