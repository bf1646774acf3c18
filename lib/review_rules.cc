// The rules of management reviews: see review_rules.h.
#include "dossier/review_rules.h"

#include <algorithm>

#include "dossier/text.h"

namespace dossier {

const std::vector<std::string>& ReviewInputs() {
  static const std::vector<std::string> kInputs = {"a",  "b",  "c1", "c2", "c3", "c4",
                                                   "c5", "c6", "c7", "d",  "e",  "f"};
  return kInputs;
}

std::vector<std::string> MissingReviewInputs(const ManagementReview& r) {
  std::vector<std::string> out;
  for (const auto& in : ReviewInputs()) {
    if (std::find(r.inputs.begin(), r.inputs.end(), in) == r.inputs.end()) out.push_back(in);
  }
  return out;
}

Result<std::vector<std::string>> ParseReviewInputs(const std::vector<std::string>& given) {
  const auto& all = ReviewInputs();
  std::vector<bool> seen(all.size(), false);
  for (const auto& raw : given) {
    std::string s = Lower(Trim(raw));
    if (s.size() > 1 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
    if (s == "c") {
      for (size_t i = 0; i < all.size(); ++i) seen[i] = seen[i] || all[i][0] == 'c';
      continue;
    }
    auto it = std::find(all.begin(), all.end(), s);
    if (it == all.end()) {
      return Error::Input("unknown management review input \"" + Trim(raw) +
                          "\" (ISO 9001 9.3.2; valid: " + Join(all, ", ") +
                          ", or c for all of c1..c7)");
    }
    seen[static_cast<size_t>(it - all.begin())] = true;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (seen[i]) out.push_back(all[i]);
  }
  if (out.empty()) {
    return Error::Input(
        "a management review needs the 9.3.2 inputs it covered (valid: " + Join(all, ", ") + ")");
  }
  return out;
}

}  // namespace dossier
