// What goes into an evidence pack (doc/packs.md): the pure selection and
// sampling of a snapshot's evidence. Building the pack from it is pack.h.
#ifndef DOSSIER_PACK_SELECT_H_
#define DOSSIER_PACK_SELECT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/result.h"
#include "dossier/snapshot.h"

namespace dossier {

// The `stage` of a certification decision pack (`pack --for
// certification-decision`): the certification body's findings with their
// closure evidence; readiness as for the decision (kDecision in readiness.h).
inline constexpr int kDecisionPack = 3;

// What goes into a pack (pure selection; see SelectEvidence).
struct SelectionOptions {
  int stage = 1;                     // 1, 2 or kDecisionPack
  std::vector<std::string> clauses;  // as typed (parents allowed); empty = all applicable
  std::optional<Date> from, to;      // Stage 2 record window; default: evidence_window before as_of
  std::optional<int> sample;         // records per retain requirement
  std::optional<uint64_t> seed;      // REQUIRED with `sample`
  Date as_of;
};

// One sampled population: the records of one retain requirement (or, for
// records naming no retain requirement, of one clause) in the window.
struct SampleGroup {
  std::string key;  // "R12" or "clause 8.5.1"
  size_t population = 0;
  std::vector<std::string> picked;  // artifact ids, sorted
};

struct PackSelection {
  int stage = 1;
  std::vector<std::string>
      clauses;  // leaf clauses served (applicable, after --clause), catalog order
  std::optional<Date> window_from, window_to;  // Stage 2
  std::vector<std::string> documents;          // artifact ids, sorted
  std::vector<std::string> records;            // artifact ids, sorted (after sampling)
  std::vector<std::string> referenced;  // artifact ids cited by selected findings/audits/reviews
                                        // that the window or sample left out, sorted
  std::vector<std::string> findings;    // Stage 2: open, or raised/closed in the window
  std::vector<std::string> audits;      // Stage 2: done in the window, or still planned
  std::vector<std::string> reviews;     // Stage 2: held in the window
  std::optional<int> sample;
  std::optional<uint64_t> seed;
  std::vector<SampleGroup> groups;  // when sampling, sorted by key
};

// Chooses the pack's contents from a snapshot. Stage 1: documents serving
// applicable clauses. Stage 2 adds records whose evidence date lies in the
// window, findings, audits and reviews, and the artifacts those cite.
// `clauses` keeps only what serves those clauses (parents expand to their
// leaves). Sampling: within each group the records are sorted by id and N
// are drawn with std::mt19937_64 seeded from (seed, group key), so the same
// seed and repository state give the same sample on any platform, and one
// group's sample does not change when another group grows.
// Errors (input): stage not 1/2, unknown clause, sample < 1, sample without
// seed, window options or sampling on Stage 1, from after to.
Result<PackSelection> SelectEvidence(const Snapshot& snapshot, const SelectionOptions& options);

}  // namespace dossier

#endif  // DOSSIER_PACK_SELECT_H_
