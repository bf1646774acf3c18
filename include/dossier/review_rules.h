// The rules of management reviews (doc/lifecycle.md, "Management reviews"):
// the ISO 9001 9.3.2 inputs a review must cover, as pure functions.
// reviews.h loads, calls these and commits.
#ifndef DOSSIER_REVIEW_RULES_H_
#define DOSSIER_REVIEW_RULES_H_

#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

// The 9.3.2 inputs, in the standard's order: a, b, c1..c7, d, e, f.
const std::vector<std::string>& ReviewInputs();
// The 9.3.2 inputs review `r` did not cover, in the standard's order.
std::vector<std::string> MissingReviewInputs(const ManagementReview& r);
// Validates a list of input letters ("c" stands for c1..c7) and returns
// them deduplicated in the standard's order. An unknown letter is an input
// error listing the valid ones.
Result<std::vector<std::string>> ParseReviewInputs(const std::vector<std::string>& given);

}  // namespace dossier

#endif  // DOSSIER_REVIEW_RULES_H_
