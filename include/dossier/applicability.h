// Rules of applicability (ISO 9001 4.3): which clauses may be declared not
// applicable, what counts as a justification, and statements that the
// condition of a conditional requirement does not hold. Pure: no I/O.
// `scope exclude`, `scope condition` and readiness apply the same rules
// (doc/readiness.md, scope.applicability and records.conditional).
#ifndef DOSSIER_APPLICABILITY_H_
#define DOSSIER_APPLICABILITY_H_

#include <map>
#include <string>
#include <string_view>

#include "dossier/checklist.h"
#include "dossier/result.h"

namespace dossier {

// Whether the declaration of `clause` is acceptable among all the clauses
// declared not applicable (`declared`, the keys of [not-applicable]): the
// clause is a unit of exclusion in the checklist (`excludable`), or every
// leaf of an excludable ancestor is declared too. A part of a clause that
// applies cannot be excluded on its own: an organisation that designs
// cannot exclude its design reviews. The error names the units to use.
Status CheckDeclarable(const Checklist& checklist, const std::string& clause,
                       const std::map<std::string, std::string>& declared);

// Whether `why` justifies a declaration, as a certification auditor reads
// it: not empty, at least three words, and more than a stock phrase ("not
// applicable to us", "N/A", "does not apply"). `what` names the declaration
// in the error ("the justification of 8.3").
Status CheckJustification(std::string_view why, const std::string& what);

// The units of exclusion of a checklist, for error messages: "7.1.5, ...".
std::string ExcludableUnits(const Checklist& checklist);

}  // namespace dossier

#endif  // DOSSIER_APPLICABILITY_H_
