// Value types of document control and registers (doc/documents.md,
// doc/registers.md): the revisions of a controlled document, the retention
// of an artifact, and the registers (tables) an organisation keeps. Plain
// data, read into the Snapshot; operations are in documents.h and registers.h.
#ifndef DOSSIER_CONTROLLED_H_
#define DOSSIER_CONTROLLED_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/entities.h"

namespace dossier {

// One revision of a controlled document. Its state as of a day follows from
// its dates: drafted -> submitted (in review) -> approved, effective from
// `effective` -> superseded when a later revision becomes effective; or
// withdrawn (obsolete, with a reason).
struct DocRevision {
  std::string id;  // organisation's label ("B", "2.1"); default a counter
  std::string sha256;
  uint64_t size = 0;
  std::string stored;  // repository path of its content (dossier/control/ART-.../REV.ext)
  std::string note;    // the change note
  std::string drafted_by;
  Date drafted;
  std::string reviewer;  // named when submitted
  std::optional<Date> submitted;
  std::optional<Approval> approval;  // one Approval per revision
  std::optional<Date> effective;     // approved revisions: effective from
  std::optional<Date> withdrawn;     // a draft abandoned, or the document withdrawn
  std::string withdrawn_reason;
};

// A recorded decision on what to do at the end of retention (7.5.3.2 d).
struct Disposition {
  std::string decision;  // "keep" or "dispose"
  std::string by;
  Date date;
  std::string why;
  std::optional<Date> keep_until;  // "keep": the next end of retention
};

// dossier/control/ART-....json: the revisions and the retention of one
// artifact.
struct DocumentControl {
  std::string artifact;                // artifact id
  std::vector<DocRevision> revisions;  // oldest first
  std::optional<Period> retention;     // from the artifact's evidence date
  std::vector<Disposition> dispositions;
  std::optional<Date> obsolete;  // the document withdrawn (whole)
  std::string obsolete_reason;
  std::string obsolete_by;
  UnknownFields unknown;
};

enum class ColumnType { kText, kDate, kNumber, kPerson, kEnum, kClause };
const char* ToString(ColumnType t);

struct RegisterColumn {
  std::string name;   // "next_due": the CSV header in the repository
  std::string title;  // "Next calibration due": what people call it
  ColumnType type = ColumnType::kText;
  bool required = false;
  std::vector<std::string> values;  // enum values
  std::string due;                  // a due-date column: what falls due ("calibration")
};

// A register kind, defined as data (checklists/registers/*.json, or the
// organisation's own in dossier/register-kinds/*.json).
struct RegisterKind {
  std::string id;  // "calibration"
  std::string title;
  std::string source;                      // where it was defined
  std::vector<std::string> clauses;        // clauses it serves
  std::vector<std::string> requirements;   // retain requirements its rows are records of
  std::vector<std::string> key;            // key column(s)
  std::string record_date;                 // the column dating a row as a record
  std::string owner;                       // the column naming who is responsible
  std::string active_column;               // rows count for due dates only when this
  std::vector<std::string> active_values;  //   column holds one of these (empty: all rows)
  std::vector<RegisterColumn> columns;

  const RegisterColumn* Column(const std::string& name) const;
};

// A register's rows as stored (dossier/registers/KIND.csv): values by column
// name, dates ISO, enums canonical. Sorted by key.
struct RegisterRow {
  std::map<std::string, std::string> values;
  std::string Get(const std::string& column) const {
    auto it = values.find(column);
    return it == values.end() ? std::string() : it->second;
  }
};

struct Register {
  std::string kind;  // kind id
  std::string path;  // dossier/registers/KIND.csv
  std::vector<RegisterRow> rows;
};

}  // namespace dossier

#endif  // DOSSIER_CONTROLLED_H_
