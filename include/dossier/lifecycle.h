// The rules of findings, internal audits, management reviews and objectives
// (doc/lifecycle.md), as pure functions: no I/O, no clock. One header per
// entity; this one includes all four, for code that uses several. The
// operations in findings.h, audits.h, reviews.h and objectives.h load, call
// these, and commit; readiness reads the same rules.
#ifndef DOSSIER_LIFECYCLE_H_
#define DOSSIER_LIFECYCLE_H_

#include "dossier/audit_rules.h"
#include "dossier/finding_rules.h"
#include "dossier/objective_rules.h"
#include "dossier/review_rules.h"

#endif  // DOSSIER_LIFECYCLE_H_
