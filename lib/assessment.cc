// The one call behind `dossier readiness`, the pack's readiness report and
// each point of the readiness history (include/dossier/assessment.h).
#include "dossier/assessment.h"

#include <malloc.h>

#include <algorithm>
#include <set>

#include "dossier/audits.h"
#include "dossier/checklist.h"
#include "dossier/evidence.h"
#include "dossier/readiness_history.h"
#include "repository_impl.h"

namespace dossier {

namespace {

// The stage judged and the date it is judged as of: the query's, or the next
// certification body audit's (whose description the report carries).
struct Target {
  int stage = 0;
  Date as_of;
  std::string audit;
};

Result<Target> TargetOf(const Snapshot& snapshot, const ReadinessQuery& query) {
  Target t;
  t.as_of = query.as_of;
  if (query.stage) {
    t.stage = *query.stage;
  } else if (const BodyAudit* next = NextBodyAudit(snapshot, query.as_of)) {
    // The next audit of the cycle, judged as of its date.
    t.stage = ReadinessStageOf(next->type);
    t.as_of = next->planned;
    t.audit = std::string(ToString(next->type)) + " audit " + next->id + " by " + next->body +
              " on " + next->planned.ToString();
  } else {
    return Error::Input(
        "readiness needs --stage 1, 2, decision, surveillance or recertification: no "
        "certification audit is planned on or after " +
        query.as_of.ToString() + " (dossier certification plan records one)");
  }
  if (t.stage < kStage1 || t.stage > kRecertification) {
    return Error::Input("readiness stage " + std::to_string(t.stage) +
                        " is not one of 1 to 5 (Stage 1 to recertification)");
  }
  return t;
}

}  // namespace

Result<Assessment> AssessRevision(const Repository& repo, const ReadinessQuery& query,
                                  const Context& ctx) {
  // The history loads other revisions, one at a time. It is drawn before this
  // revision is loaded, so that two revisions' entities are never held at
  // once (at 100,000 artifacts each is tens of MB). Its stage and date are
  // the query's, or come from the certification body's audits, which every
  // Load reads (no other kind is needed for them).
  ReadinessQuery rest = query;
  std::vector<HistoryPoint> history;
  if (query.history) {
    Result<Snapshot> audits = Snapshot();
    if (!query.stage) audits = repo.Load(query.at, 0u);
    if (!audits) return audits.error();
    auto target = TargetOf(*audits, query);
    if (!target) return target.error();
    auto drawn = ReadinessHistory(repo, target->stage, target->as_of, query.at);
    if (!drawn) return drawn.error();
    history = std::move(*drawn);
    rest.history = false;
    // The revisions drawn left tens of MB free on the heap: given back
    // before this revision's entities and indexes take new pages.
    ::malloc_trim(0);
  }
  // The integrity check reads the evidence files' hashes
  // (.git/dossier-index-evidence, 11 MB at 100,000) once the entities are
  // loaded, not while they load: the entity index being decoded and the
  // hashes are not held at once (the load's peak).
  auto snapshot = repo.Load(query.at);
  if (!snapshot) return snapshot.error();
  auto assessed = AssessRevision(repo, *snapshot, rest, ctx);
  if (assessed && query.history) assessed->extras.history = std::move(history);
  return assessed;
}

Result<Assessment> AssessRevision(const Repository& repo, const Snapshot& snapshot,
                                  const ReadinessQuery& query, const Context& ctx) {
  auto target = TargetOf(snapshot, query);
  if (!target) return target.error();
  const int stage = target->stage;
  const Date as_of = target->as_of;

  VerifyReport integrity;
  if (query.integrity == ReadinessIntegrity::kCommittedBlobs) {
    integrity.checked = snapshot.artifacts.size();  // see ReadinessIntegrity
  } else {
    auto verified = VerifyArtifacts(repo, snapshot, query.at, ctx,
                                    query.integrity == ReadinessIntegrity::kTrustUnchangedStat
                                        ? IntegrityCheck::kTrustUnchangedStat
                                        : IntegrityCheck::kHashEverything);
    if (!verified) return verified.error();
    integrity = std::move(*verified);
  }

  Assessment a;
  a.report = AssessReadiness(snapshot, integrity, stage, as_of);
  a.report.audit = target->audit;
  if (query.history) {
    auto history = ReadinessHistory(repo, stage, as_of, query.at);
    if (!history) return history.error();
    a.extras.history = std::move(*history);
  }
  return a;
}

Result<ClauseCoverageReport> CoverageOfClauses(const Repository& repo, const std::string& at,
                                               Date as_of, const std::string& root) {
  auto snapshot = repo.Load(at);
  if (!snapshot) return snapshot.error();
  const Checklist& cl = snapshot->checklist;
  if (!root.empty()) {
    auto known = cl.ExpandClause(root);
    if (!known) return known.error();
  }
  // The matrix's counts are the same at every stage, and do not depend on
  // the files' integrity (that is `status`'s and `verify`'s to tell).
  const ClauseEvidence report = CountClauseEvidence(*snapshot, as_of);

  std::set<std::string> applicable_leaves;
  for (const auto& row : report.matrix) {
    if (row.applicable) applicable_leaves.insert(row.clause);
  }

  ClauseCoverageReport out;
  out.checklist = cl.id();
  out.standard = cl.standard();
  for (const auto& c : cl.clauses()) {
    if (!root.empty() && !cl.IsUnder(c.id, root)) continue;
    ClauseCoverage row;
    row.id = c.id;
    row.title = c.title;
    row.parent = c.parent;
    for (const Clause* p = &c; !p->parent.empty(); p = cl.FindClause(p->parent)) ++row.depth;
    row.leaf = c.leaf();
    row.excludable = c.excludable;
    row.requirements = c.requirements;
    if (c.leaf()) {
      row.applicable = applicable_leaves.count(c.id) > 0;
    } else {
      auto leaves = cl.ExpandClause(c.id);
      row.applicable = leaves && std::any_of(leaves->begin(), leaves->end(), [&](const auto& l) {
                         return applicable_leaves.count(l) > 0;
                       });
    }
    if (auto n = report.coverage.find(c.id); n != report.coverage.end()) {
      row.documents = n->second.documents;
      row.records = n->second.records;
    }
    out.clauses.push_back(std::move(row));
  }
  return out;
}

}  // namespace dossier
