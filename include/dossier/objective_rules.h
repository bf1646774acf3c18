// The rules of quality objectives (doc/lifecycle.md, "Quality objectives"):
// measurable targets (ISO 9001 6.2.1) and the latest measurement, as pure
// functions. objectives.h loads, calls these and commits.
#ifndef DOSSIER_OBJECTIVE_RULES_H_
#define DOSSIER_OBJECTIVE_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

// A measurable target: ">=90", "<=5", ">0", "<3", "=100".
struct Target {
  enum class Op { kGe, kLe, kGt, kLt, kEq };
  Op op = Op::kGe;
  double value = 0;
  std::string text;  // canonical: the operator then the number as written, no spaces

  bool Met(double measured) const;
};
// A target as an auditor reads it for 6.2.1 ("measurable"): a decimal
// number, optionally after a comparison (>=, <=, >, <, =, ==) and optionally
// followed by a unit: ">=95", ">= 95 %", "<5 days", "=100", "4.2", "-3".
// None when the text states no number ("high", ">= lots").
struct TargetReading {
  std::string op;      // as written; empty for a bare number
  std::string number;  // as written, sign included
  std::string unit;    // what follows the number, trimmed
};
std::optional<TargetReading> ReadTarget(std::string_view text);
// What readiness asks of an objective's target: ReadTarget finds a number.
inline bool IsMeasurableTarget(std::string_view text) { return ReadTarget(text).has_value(); }

// The form `objective add` records, so that a measurement can be judged met
// or not: a measurable target (ReadTarget) whose comparison is stated once
// (>=, <=, >, <, =), with an unsigned-or-minus number and no unit (the unit
// is the measure's). Anything else is an input error showing the accepted
// forms.
Result<Target> ParseTarget(std::string_view text);

// The measurement of `measure` of objective `objective` with the latest
// date (ties: the greatest id), among those dated on or before `as_of` when
// given; or null.
const Measurement* LatestMeasurement(const std::vector<Measurement>& all,
                                     const std::string& objective, const std::string& measure,
                                     std::optional<Date> as_of = std::nullopt);

}  // namespace dossier

#endif  // DOSSIER_OBJECTIVE_RULES_H_
