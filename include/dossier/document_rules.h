// The rules of document control (ISO 9001 7.5.2, 7.5.3; doc/documents.md):
// which revision is in force on a day, retention, and the snapshot as
// readiness judges it. Pure functions of the data (controlled.h); the
// commands that change it are in documents.h.
#ifndef DOSSIER_DOCUMENT_RULES_H_
#define DOSSIER_DOCUMENT_RULES_H_

#include <optional>
#include <string>

#include "dossier/controlled.h"
#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/snapshot.h"

namespace dossier {

// "draft", "in review", "approved" (effective, or to be on its effective
// date), "superseded" or "obsolete", as of `as_of`.
std::string RevisionState(const DocumentControl& c, const DocRevision& r, Date as_of);
// The revision in force on `as_of`: approved, effective on or before it, not
// withdrawn; null when none is.
const DocRevision* EffectiveRevision(const DocumentControl& c, Date as_of);
// The revision being drafted or reviewed (neither approved nor withdrawn),
// if any: the latest, should a hand edit leave several. The doc commands
// act on it.
const DocRevision* OpenRevision(const DocumentControl& c);
DocRevision* OpenRevision(DocumentControl& c);
// When an artifact's retention ends (from its evidence date, or the last
// "keep" decision), if it has a retention period and no "dispose" decision.
std::optional<Date> RetentionEnd(const DocumentControl& c, const Artifact& a);

// The snapshot as readiness judges it on `as_of` (pure): a controlled
// document is its effective revision (content and approval), whatever is
// being drafted; a document withdrawn, or a record disposed of, by then is
// left out.
Snapshot ControlledView(const Snapshot& snapshot, Date as_of);

}  // namespace dossier

#endif  // DOSSIER_DOCUMENT_RULES_H_
