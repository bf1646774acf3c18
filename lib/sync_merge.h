// The same entity changed in two clones (doc/architecture.md, "Working as a
// team"): a three-way merge of its JSON, field by field, for what `dossier
// sync` meets when git's line merge conflicts on an entity file. Pure: no
// I/O. Private to lib/.
#ifndef DOSSIER_LIB_SYNC_MERGE_H_
#define DOSSIER_LIB_SYNC_MERGE_H_

#include <optional>
#include <string>

namespace dossier {

// One side of the merge, as shown in a report: "here" and "origin/main".
struct MergeSides {
  std::string ours = "here";
  std::string theirs;
};

// Merges `ours` and `theirs`, both changed from `base` (empty when the
// entity did not exist there), for an entity of `kind` ("findings",
// "audits", ...) with id `id`:
// - a field changed on one side only takes that side's value; changed alike
//   on both, that value;
// - a finding's history is the union of both sides' new steps in date order
//   (a tie takes the step that follows from the state reached), and must form
//   a chain, each step starting from the state the one before ended in; its
//   state is the state the last step ends in;
// - lists that only grow (a finding's checks and implementation evidence)
//   keep every item of both sides;
// - anything else changed on both sides differently (a field, two steps from
//   the same state) is not merged.
// Returns the merged entity in canonical JSON, or none with `report` naming
// the entity, what each side did, and why they cannot be combined.
std::optional<std::string> MergeEntity(const std::string& kind, const std::string& id,
                                       const std::string& base, const std::string& ours,
                                       const std::string& theirs, const MergeSides& sides,
                                       std::string* report);

}  // namespace dossier

#endif  // DOSSIER_LIB_SYNC_MERGE_H_
