// "Readiness of this revision as of this date": the one library call the
// readiness command, evidence packs and the readiness history use
// (doc/readiness.md). It loads the revision, judges the files' integrity,
// assesses (AssessReadiness, pure) and, when asked, adds the history.
#ifndef DOSSIER_ASSESSMENT_H_
#define DOSSIER_ASSESSMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/readiness.h"
#include "dossier/report.h"
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

// How the artifacts' files are checked against their recorded SHA-256.
enum class ReadinessIntegrity {
  kHashEverything,      // every file hashed (packs: the auditor gets what was judged)
  kTrustUnchangedStat,  // a work-tree file unchanged since it was last hashed is trusted (the CLI)
  kCommittedBlobs,      // not re-hashed: a commit's files are git blobs, content-addressed
                        // (each point of the history; see ReadinessHistory)
};

struct ReadinessQuery {
  // 1..5 (kStage1..kRecertification). None: the next certification body
  // audit planned on or after `as_of` (NextBodyAudit), judged as of its date,
  // and the report's `audit` names it; an input error when none is planned.
  std::optional<int> stage;
  Date as_of;
  std::string at;  // the revision; "" = the work tree
  ReadinessIntegrity integrity = ReadinessIntegrity::kHashEverything;
  bool history = false;  // also readiness over the history up to as_of (extras.history)
};

struct Assessment {
  ReadinessReport report;
  ReportExtras extras;  // what RenderReport shows beyond the report
};

// Loads `query.at` and assesses it. Errors: an unknown revision or a stage
// to choose with no audit planned (input); a file that cannot be read
// (operational).
Result<Assessment> AssessRevision(const Repository& repo, const ReadinessQuery& query,
                                  const Context& ctx = {});
// The same for a snapshot already loaded from `query.at`.
Result<Assessment> AssessRevision(const Repository& repo, const Snapshot& snapshot,
                                  const ReadinessQuery& query, const Context& ctx = {});

// One clause of the checklist, leaf or parent, with the evidence readiness
// counts for it (the report's clause matrix): `dossier clauses`.
struct ClauseCoverage {
  std::string id;
  std::string title;
  std::string parent;  // "" for a top-level clause
  int depth = 0;       // 0 for a top-level clause
  bool leaf = true;
  bool excludable = false;
  std::vector<std::string> requirements;  // M/R ids on this clause
  bool applicable = true;                 // a parent: some clause under it applies
  // Distinct artifacts filed on the clause or a clause under it that the
  // matrix counts: current approved documents, and records effective
  // within the evidence window as of the date.
  int documents = 0;
  int records = 0;
};

struct ClauseCoverageReport {
  std::string checklist;                // id, "iso9001-2015"
  std::string standard;                 // its title
  std::vector<ClauseCoverage> clauses;  // catalog order
};

// The checklist's clauses (`root` and what lies under it; "" = all) with
// their coverage as AssessRevision of `at` as of `as_of` counts it
// (CountClauseEvidence: no rule judged, no file hashed). An unknown `root`
// is an input error.
Result<ClauseCoverageReport> CoverageOfClauses(const Repository& repo, const std::string& at,
                                               Date as_of, const std::string& root);

}  // namespace dossier

#endif  // DOSSIER_ASSESSMENT_H_
