// Readiness over the repository's history (doc/readiness.md): the pure
// assessment of readiness.h run on the snapshot of each week's last commit.
// An operation: it reads git.
#ifndef DOSSIER_READINESS_HISTORY_H_
#define DOSSIER_READINESS_HISTORY_H_

#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/readiness.h"
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

// Readiness at each week of git history up to `as_of`: for every week from
// the week of the first commit to the week of `as_of`, the snapshot of the
// last commit made by the end of that week, assessed as of the week's end.
// `at` non-empty: the history of that revision (its ancestors) instead of HEAD's.
// Integrity is not re-hashed for these points: a commit's files are git
// blobs, content-addressed, so the history shows what the metadata said
// then; the current report's integrity check covers the files themselves.
Result<std::vector<HistoryPoint>> ReadinessHistory(const Repository& repo, int stage, Date as_of,
                                                   const std::string& at = "");

}  // namespace dossier

#endif  // DOSSIER_READINESS_HISTORY_H_
