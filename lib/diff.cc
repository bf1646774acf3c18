#include "dossier/diff.h"

#include <map>

#include "dossier/evidence.h"
#include "dossier/json.h"
#include "dossier/text.h"

namespace dossier {

const char* ToString(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kChanged:
      return "changed";
    case ChangeKind::kRemoved:
      return "removed";
  }
  return "changed";
}

namespace {

// Compares two id-sorted entity vectors; `describe` says how a changed entity changed.
template <typename T, typename Describe, typename Label>
void DiffKind(const char* kind, const std::vector<T>& before, const std::vector<T>& after,
              Describe describe, Label label, std::vector<EntityChange>* out) {
  std::map<std::string, const T*> old_by_id, new_by_id;
  for (const auto& e : before) old_by_id[e.id] = &e;
  for (const auto& e : after) new_by_id[e.id] = &e;
  std::map<std::string, EntityChange> changes;
  for (const auto& [id, e] : new_by_id) {
    auto it = old_by_id.find(id);
    if (it == old_by_id.end()) {
      changes[id] = {kind, id, ChangeKind::kAdded, label(*e)};
    } else if (ToJson(*it->second) != ToJson(*e)) {
      changes[id] = {kind, id, ChangeKind::kChanged, describe(*it->second, *e)};
    }
  }
  for (const auto& [id, e] : old_by_id) {
    if (!new_by_id.count(id)) changes[id] = {kind, id, ChangeKind::kRemoved, label(*e)};
  }
  for (auto& [id, c] : changes) out->push_back(std::move(c));
}

std::string ArtifactChange(const Artifact& a, const Artifact& b) {
  std::vector<std::string> what;
  if (a.sha256 != b.sha256)
    what.push_back("content changed (" + a.sha256.Short() + " -> " + b.sha256.Short() + ")");
  if (a.approved() != b.approved())
    what.push_back(b.approved() ? "approved" : "no longer approved");
  if (a.path != b.path) what.push_back("moved to " + b.path);
  if (what.empty()) what.push_back("metadata changed");
  return b.path + ": " + Join(what, ", ");
}

std::string FindingChange(const Finding& a, const Finding& b) {
  std::string out;
  if (a.state != b.state) out = std::string(ToString(a.state)) + " -> " + ToString(b.state);
  if (a.grade != b.grade)
    out += (out.empty() ? "" : ", ") + std::string("grade ") + ToString(a.grade) + " -> " +
           ToString(b.grade);
  return out.empty() ? "details changed" : out;
}

std::string FindingLabel(const Finding& f) {
  return std::string(ToString(f.grade)) + ", " + ToString(f.state) + ": " + f.title;
}

std::string AuditChange(const InternalAudit& a, const InternalAudit& b) {
  if (a.state != b.state) return std::string(ToString(a.state)) + " -> " + ToString(b.state);
  return "details changed";
}

Result<RevisionSide> Side(const Repository& repo, const std::string& rev, const Snapshot* snap,
                          std::optional<Date> as_of) {
  Context ctx;
  auto integrity = VerifyArtifacts(repo, *snap, rev, ctx);
  if (!integrity) return integrity.error();
  RevisionSide side;
  side.rev = rev;
  side.commit = snap->commit;
  side.as_of = as_of ? *as_of : snap->commit_date;
  side.stage1 = AssessReadiness(*snap, *integrity, 1, side.as_of);
  side.stage2 = AssessReadiness(*snap, *integrity, 2, side.as_of);
  return side;
}

}  // namespace

std::vector<EntityChange> DiffSnapshots(const Snapshot& before, const Snapshot& after) {
  std::vector<EntityChange> out;
  auto same = [](const auto&, const auto&) { return std::string("details changed"); };
  DiffKind(
      "artifact", before.artifacts, after.artifacts, ArtifactChange,
      [](const Artifact& a) { return a.path; }, &out);
  DiffKind("finding", before.findings, after.findings, FindingChange, FindingLabel, &out);
  DiffKind(
      "audit", before.audits, after.audits, AuditChange,
      [](const InternalAudit& a) { return std::string(ToString(a.state)); }, &out);
  DiffKind(
      "review", before.reviews, after.reviews, same,
      [](const ManagementReview& r) { return "held " + r.date.ToString(); }, &out);
  DiffKind(
      "objective", before.objectives, after.objectives, same,
      [](const Objective& o) { return o.name; }, &out);
  DiffKind(
      "measurement", before.measurements, after.measurements, same,
      [](const Measurement& m) {
        return m.objective + " " + m.measure + " on " + m.date.ToString();
      },
      &out);
  const auto& na0 = before.config.not_applicable;
  const auto& na1 = after.config.not_applicable;
  std::map<std::string, EntityChange> scope;
  for (const auto& [clause, why] : na1) {
    auto it = na0.find(clause);
    if (it == na0.end()) {
      scope[clause] = {"scope", clause, ChangeKind::kAdded, "declared not applicable: " + why};
    } else if (it->second != why) {
      scope[clause] = {"scope", clause, ChangeKind::kChanged, "justification changed: " + why};
    }
  }
  for (const auto& [clause, why] : na0) {
    if (!na1.count(clause))
      scope[clause] = {"scope", clause, ChangeKind::kRemoved, "applicable again"};
  }
  for (auto& [c, e] : scope) out.push_back(std::move(e));
  return out;
}

Result<RevisionDiff> DiffRevisions(const Repository& repo, const std::string& rev1,
                                   const std::string& rev2, std::optional<Date> as_of) {
  auto before_snap = repo.Load(rev1);
  if (!before_snap) return before_snap.error();
  auto after_snap = repo.Load(rev2);
  if (!after_snap) return after_snap.error();
  auto before = Side(repo, rev1, &*before_snap, as_of);
  if (!before) return before.error();
  auto after = Side(repo, rev2, &*after_snap, as_of);
  if (!after) return after.error();
  RevisionDiff d;
  d.before = std::move(*before);
  d.after = std::move(*after);
  d.changes = DiffSnapshots(*before_snap, *after_snap);
  return d;
}

}  // namespace dossier
