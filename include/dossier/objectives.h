// Quality objectives and their measurements (ISO 9001 6.2, 9.1.1): one file
// per objective, dossier/objectives/<ID>.json, and one per measurement,
// dossier/measurements/<ID>.json, so clones measuring the same objective
// merge without conflict.
#ifndef DOSSIER_OBJECTIVES_H_
#define DOSSIER_OBJECTIVES_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/objective_rules.h"
#include "dossier/repository.h"

namespace dossier {

struct AddObjectiveOptions {
  std::string name;  // required, unique among objectives
  std::string owner;
  std::string plan;  // 6.2.2: what, resources, who, when, how evaluated
  // Parallel lists, one entry per measure; `units`, `targets` and
  // `frequencies` may instead hold a single entry that applies to all.
  std::vector<std::string> measures;
  std::vector<std::string> units;
  std::vector<std::string> targets;      // see ParseTarget
  std::vector<std::string> frequencies;  // monthly, quarterly, yearly
};
Result<Objective> AddObjective(Repository& repo, const Context& ctx,
                               const AddObjectiveOptions& options);

struct MeasureOptions {
  std::string objective;  // id prefix
  std::string measure;    // one of the objective's measure names
  std::string value;      // a decimal number
  Date date;              // not after ctx.today
  std::string source;     // artifact id or path, optional
};
Result<Measurement> RecordMeasurement(Repository& repo, const Context& ctx,
                                      const MeasureOptions& options);

// A measure with its latest measurement judged against its target.
struct MeasureStatus {
  const Measure* measure = nullptr;
  const Measurement* latest = nullptr;  // null: never measured
  std::optional<bool> met;              // null: never measured or target unreadable
};
std::vector<MeasureStatus> MeasureStatuses(const Snapshot& snap, const Objective& objective);

// The measurements of `objective`, by date then id.
std::vector<const Measurement*> MeasurementsOf(const Snapshot& snap, const std::string& objective);

}  // namespace dossier

#endif  // DOSSIER_OBJECTIVES_H_
