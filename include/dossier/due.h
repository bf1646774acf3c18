// What falls due (doc/registers.md, "What is due"): finding actions,
// document reviews, objective measurements, planned audits and management
// reviews, register due dates and retention ends, by date, with the owner.
// Pure: a function of the snapshot and the day.
#ifndef DOSSIER_DUE_H_
#define DOSSIER_DUE_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/snapshot.h"

namespace dossier {

struct DueItem {
  Date date;
  // "finding", "document review", "measurement", "internal audit",
  // "management review", "register", "retention"
  std::string kind;
  std::string what;      // for people
  std::string owner;     // empty when none is recorded
  std::string ref;       // the entity: finding id, artifact id, "calibration: CAL-07"...
  bool overdue = false;  // before `today`
};

struct DueReport {
  Date today;
  std::optional<Period> within;  // none: everything
  std::vector<DueItem> items;    // by date, then kind, then ref
};

// Everything due up to `within` after `today` (all when none), overdue included.
DueReport CollectDue(const Snapshot& snap, Date today, std::optional<Period> within);

// An iCalendar (RFC 5545) file of the report: one all-day event per item,
// each with a stable UID so that a subscribed calendar updates it.
std::string RenderIcs(const DueReport& report, const std::string& organisation);

}  // namespace dossier

#endif  // DOSSIER_DUE_H_
