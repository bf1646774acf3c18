// The rules of registers (doc/registers.md): a row's key, the due dates that
// count, and what registers evidence, as readiness reads them. Pure functions
// of the snapshot; the commands that change registers are in registers.h.
#ifndef DOSSIER_REGISTER_RULES_H_
#define DOSSIER_REGISTER_RULES_H_

#include <string>
#include <vector>

#include "dossier/controlled.h"
#include "dossier/date.h"
#include "dossier/snapshot.h"

namespace dossier {

// The row's key as people read it: key values joined by " / ".
std::string RowKey(const RegisterKind& kind, const RegisterRow& row);

// A due date in a register row that counts (its row is active).
struct RegisterDue {
  std::string kind;
  std::string register_title;
  std::string key;
  std::string what;  // the column's "due" label: "calibration"
  std::string owner;
  Date date;
};
std::vector<RegisterDue> RegisterDueDates(const Snapshot& snap);

// How registers evidence retain requirement `requirement` between `start`
// and `as_of` (rows dated by the kind's record date), one line per register;
// empty when none.
std::vector<std::string> RegisterRecords(const Snapshot& snap, const std::string& requirement,
                                         Date start, Date as_of);
// The leaf clauses registers with rows dated up to `as_of` serve.
std::vector<std::string> RegisterClauses(const Snapshot& snap, Date as_of);

}  // namespace dossier

#endif  // DOSSIER_REGISTER_RULES_H_
