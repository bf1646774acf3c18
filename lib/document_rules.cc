// The rules of document control: see document_rules.h.
#include "dossier/document_rules.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace dossier {

std::string RevisionState(const DocumentControl& c, const DocRevision& r, Date as_of) {
  if (r.withdrawn && *r.withdrawn <= as_of) return "obsolete";
  if (r.approval && r.effective && r.approval->date <= as_of) {
    if (c.obsolete && *c.obsolete <= as_of) return "obsolete";
    const DocRevision* e = EffectiveRevision(c, as_of);
    if (e && e != &r && e->effective && *r.effective <= *e->effective) return "superseded";
    return "approved";
  }
  if (r.submitted && *r.submitted <= as_of) return "in review";
  return "draft";
}

const DocRevision* EffectiveRevision(const DocumentControl& c, Date as_of) {
  if (c.obsolete && *c.obsolete <= as_of) return nullptr;
  const DocRevision* best = nullptr;
  for (const auto& r : c.revisions) {
    if (!r.approval || !r.effective || *r.effective > as_of || r.approval->date > as_of) continue;
    if (r.withdrawn && *r.withdrawn <= as_of) continue;
    if (!best || *r.effective >= *best->effective) best = &r;
  }
  return best;
}

const DocRevision* OpenRevision(const DocumentControl& c) {
  for (auto r = c.revisions.rbegin(); r != c.revisions.rend(); ++r) {
    if (!r->approval && !r->withdrawn) return &*r;
  }
  return nullptr;
}

DocRevision* OpenRevision(DocumentControl& c) {
  return const_cast<DocRevision*>(OpenRevision(static_cast<const DocumentControl&>(c)));
}

std::optional<Date> RetentionEnd(const DocumentControl& c, const Artifact& a) {
  if (!c.retention) return std::nullopt;
  std::optional<Date> end = c.retention->After(a.EvidenceDate());
  for (const auto& d : c.dispositions) {
    if (d.decision == "dispose") return std::nullopt;
    if (d.keep_until) end = d.keep_until;
  }
  return end;
}

Snapshot ControlledView(const Snapshot& snapshot, Date as_of) {
  Snapshot view = snapshot;
  std::vector<Artifact> kept;
  for (auto& a : view.artifacts) {
    const DocumentControl* c = snapshot.FindControl(a.id);
    if (!c) {
      kept.push_back(std::move(a));
      continue;
    }
    if (c->obsolete && *c->obsolete <= as_of) continue;
    bool disposed = false;
    for (const auto& d : c->dispositions)
      disposed = disposed || (d.decision == "dispose" && d.date <= as_of);
    if (disposed) continue;
    bool outside = a.approved();
    bool any_approved = false;
    for (const auto& r : c->revisions) {
      outside = outside && r.sha256 != a.sha256;
      any_approved = any_approved || r.approval.has_value();
    }
    // An approval made with plain `dossier approve` of content no revision
    // holds is the latest word on the document: judged as it is.
    if (!outside) {
      if (const DocRevision* e = EffectiveRevision(*c, as_of)) {
        a.sha256 = e->sha256;
        a.size = e->size;
        a.approval = e->approval;
        a.collected = std::min(a.collected, *e->effective);
        a.revisions.clear();
      } else if (any_approved) {
        a.approval.reset();  // approved, but not in force yet
      }
    }
    kept.push_back(std::move(a));
  }
  view.artifacts = std::move(kept);
  return view;
}

}  // namespace dossier
