// Where an entity stood on a past date, from its recorded transitions, so
// that readiness --as-of DATE ignores what happened after DATE. Private to lib/.
#ifndef DOSSIER_LIB_READINESS_DATES_H_
#define DOSSIER_LIB_READINESS_DATES_H_

#include "dossier/entities.h"

namespace dossier {

// The state of the last transition dated on or before `as_of`. A finding
// without a history (hand-written) is taken as it is now; one whose
// transitions all come later is open. A finding closed after `as_of` is open.
FindingState FindingStateAsOf(const Finding& f, Date as_of);

// IsOverdue (lifecycle.h) with the state the finding had on `as_of`.
bool OverdueAsOf(const Finding& f, Date as_of);

// Whether the audit was recorded by `as_of` (its first transition); audits
// without a history are taken to exist.
bool AuditExists(const InternalAudit& a, Date as_of);

// The audit's state on `as_of`: done only when its done date is on or before
// `as_of`; cancelled only when the cancellation is.
AuditState AuditStateAsOf(const InternalAudit& a, Date as_of);

}  // namespace dossier

#endif  // DOSSIER_LIB_READINESS_DATES_H_
