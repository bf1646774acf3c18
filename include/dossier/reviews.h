// Management reviews (ISO 9001 9.3, doc/lifecycle.md): one file per review,
// dossier/reviews/<ID>.json, recorded in one commit.
#ifndef DOSSIER_REVIEWS_H_
#define DOSSIER_REVIEWS_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"

namespace dossier {

struct RecordReviewOptions {
  Date date;                         // when it was held; not after ctx.today
  std::vector<std::string> inputs;   // 9.3.2 letters, see ParseReviewInputs
  std::string minutes;               // artifact id or path; its SHA-256 is recorded
  std::vector<std::string> outputs;  // 9.3.3 decisions
  std::vector<std::string> actions;
};
Result<ManagementReview> RecordReview(Repository& repo, const Context& ctx,
                                      const RecordReviewOptions& options);

// Adds an action decided at review `id` (any unique prefix), with its
// owner and due date, tracked to done (9.3.3; readiness: reviews.actions).
Result<ManagementReview> AddReviewAction(Repository& repo, const Context& ctx,
                                         const std::string& id, const std::string& text,
                                         const std::string& owner, std::optional<Date> due);
// Marks action `number` (1-based) of review `id` done today, with evidence.
Result<ManagementReview> CompleteReviewAction(Repository& repo, const Context& ctx,
                                              const std::string& id, int number,
                                              const std::vector<std::string>& evidence);

}  // namespace dossier

#endif  // DOSSIER_REVIEWS_H_
