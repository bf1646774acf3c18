#include "readiness_dates.h"

#include "dossier/finding_rules.h"

namespace dossier {

FindingState FindingStateAsOf(const Finding& f, Date as_of) {
  FindingState state = f.state;
  if (!f.history.empty()) {
    state = FindingState::kOpen;
    for (const auto& t : f.history) {
      if (t.date > as_of) break;  // transitions are recorded in order
      auto s = ParseFindingState(t.to);
      if (s) state = *s;
    }
  }
  if (state == FindingState::kClosed && f.closed && *f.closed > as_of) {
    state = FindingState::kVerified;
  }
  return state;
}

bool OverdueAsOf(const Finding& f, Date as_of) {
  return IsOverdue(FindingStateAsOf(f, as_of), f.due, as_of);
}

bool AuditExists(const InternalAudit& a, Date as_of) {
  return a.history.empty() || a.history.front().date <= as_of;
}

AuditState AuditStateAsOf(const InternalAudit& a, Date as_of) {
  AuditState state = a.state;
  if (!a.history.empty()) {
    state = AuditState::kPlanned;
    for (const auto& t : a.history) {
      if (t.date > as_of) break;
      auto s = ParseAuditState(t.to);
      if (s) state = *s;
    }
  }
  if (state == AuditState::kDone && (!a.done || *a.done > as_of)) state = AuditState::kPlanned;
  return state;
}

}  // namespace dossier
