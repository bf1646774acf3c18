// The repository's configuration, dossier.ini (doc/architecture.md):
// organisation, checklist, applicability, processes, review and due-date
// policy, and the readiness thresholds (doc/readiness.md).
#ifndef DOSSIER_CONFIG_H_
#define DOSSIER_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/result.h"

namespace dossier {

struct Process {
  std::string name;
  std::string owner;
  std::vector<std::string> clauses;
};

struct Config {
  std::string organisation;
  std::string checklist = "iso9001-2015";  // a built-in name, or a path in the repository
  // Clauses declared not applicable, with their justification (4.3).
  std::map<std::string, std::string> not_applicable;
  std::vector<Process> processes;

  // Document review period when `add` is given none: none by default. ISO
  // 9001 7.5.2 asks for review and approval when a document is issued or
  // changed, not periodically; a period here is the organisation's own rule.
  std::optional<Period> default_review_every;
  // A document filed (or revised) and left unapproved longer than this is
  // uncontrolled (readiness: documents.controlled).
  Period approval_grace{30, Period::Unit::kDays};
  // The least time between a corrective action's implementation and the
  // verification of its effectiveness (0d: none).
  Period effectiveness_interval{30, Period::Unit::kDays};
  // Finding due dates by grade; absent = no default due date.
  std::map<Grade, Period> due_by_grade{{Grade::kMajor, Period(30, Period::Unit::kDays)},
                                       {Grade::kMinor, Period(60, Period::Unit::kDays)},
                                       {Grade::kConcern, Period(90, Period::Unit::kDays)}};

  // Readiness thresholds (doc/readiness.md).
  Period evidence_window{12, Period::Unit::kMonths};  // records must be this recent
  Period operating_period{3, Period::Unit::kMonths};  // records must span this long
  Period audit_cycle{12, Period::Unit::kMonths};      // internal audit programme cycle
  Period review_window{12, Period::Unit::kMonths};    // management reviews considered
  int min_objectives = 1;
  // An open internal minor nonconformity may be without an action plan this
  // long after it was raised before it blocks.
  Period plan_grace{30, Period::Unit::kDays};
  // Consecutive measurements missing their target, with nothing done about
  // it, that make readiness warn (objectives.performance).
  int target_misses = 3;

  // The day the QMS went live ([qms] go_live); none: the first approval of
  // the scope document or the quality policy (readiness: records.span).
  std::optional<Date> go_live;

  // Statements that the condition of a conditional requirement does not
  // hold ([not-held] REQ = FROM..[TO]: JUSTIFICATION), by requirement id.
  struct NotHeld {
    Date from;
    std::optional<Date> to;
    std::string why;
    bool InForce(Date day) const { return from <= day && (!to || day <= *to); }
  };
  std::map<std::string, NotHeld> not_held;

  // [repository] lock_wait: seconds a changing command waits for another to
  // finish before giving up (exit 3); absent = the built-in 10 s.
  std::optional<double> lock_wait_seconds;

  // [approvals] require_signature: an approval without a valid signature by
  // its approver's registered key is no approval. `dossier init` writes true;
  // absent (repositories made before signing existed) = false, and unsigned
  // approvals are reported "unsigned".
  bool require_signature = false;

  // Every key of the file, so that writing back keeps what this version
  // does not interpret: section -> key -> value (both may hold dots, as
  // clause ids and process names do).
  std::map<std::string, std::map<std::string, std::string>> raw;
};

// Parses dossier.ini text (the dialect and its checks are in
// doc/architecture.md). Every error names `source`, the line and the reason:
// malformed lines, duplicate sections or keys, text that is not UTF-8 or
// holds control characters, a file with no settings, a period or count that
// is not one ("5abc", "-5"), a checklist that is neither built in nor a
// .json path inside the repository.
Result<Config> ParseConfig(const std::string& ini_text, const std::string& source);
// The value of a [not-held] key: "FROM..[TO]: JUSTIFICATION".
std::string FormatNotHeld(const Config::NotHeld& n);
Result<Config::NotHeld> ParseNotHeld(const std::string& value, const std::string& where);

// A number of seconds as written in dossier.ini or --wait: "10", "2.5".
Result<double> ParseSeconds(const std::string& text);
// Serialises a config: sections and keys sorted, LF line endings.
std::string FormatConfig(const Config& config);

}  // namespace dossier

#endif  // DOSSIER_CONFIG_H_
