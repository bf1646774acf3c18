// What changed between two snapshots of the evidence repository (`dossier
// diff REV1 REV2`): entities added, changed and removed, findings moved
// through their lifecycle, scope changes, and readiness before and after.
#ifndef DOSSIER_DIFF_H_
#define DOSSIER_DIFF_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/readiness.h"
#include "dossier/repository.h"

namespace dossier {

enum class ChangeKind { kAdded, kChanged, kRemoved };
const char* ToString(ChangeKind k);

struct EntityChange {
  std::string
      kind;        // "artifact", "finding", "audit", "review", "objective", "measurement", "scope"
  std::string id;  // entity id; for "scope" the clause
  ChangeKind change = ChangeKind::kChanged;
  std::string summary;  // for people: "open -> planned", "content changed", the path
};

// Pure: the entity-level differences, sorted by kind (in the order above)
// and id.
std::vector<EntityChange> DiffSnapshots(const Snapshot& before, const Snapshot& after);

struct RevisionSide {
  std::string rev;     // as given
  std::string commit;  // resolved
  Date as_of;          // the date readiness was assessed at
  ReadinessReport stage1;
  ReadinessReport stage2;
};

struct RevisionDiff {
  RevisionSide before;
  RevisionSide after;
  std::vector<EntityChange> changes;
};

// Loads both revisions, verifies their files from git, and assesses both
// stages. Each side is assessed as of `as_of` when given, else as of its
// commit's date, so each verdict is the one the repository gave then.
Result<RevisionDiff> DiffRevisions(const Repository& repo, const std::string& rev1,
                                   const std::string& rev2, std::optional<Date> as_of);

// A check whose status differs between the two sides (Stage 2 reports,
// which include every Stage 1 check).
struct CheckMove {
  int stage = 1;
  std::string id;
  std::string before;  // "pass", "warn", "fail", or "absent"
  std::string after;
};
std::vector<CheckMove> ChangedChecks(const RevisionDiff& diff);

// For people (`dossier diff`) and machines (`--json`, schema_version 1;
// doc/readiness.md).
std::string RenderDiffText(const RevisionDiff& diff);
std::string RenderDiffJson(const RevisionDiff& diff);

}  // namespace dossier

#endif  // DOSSIER_DIFF_H_
