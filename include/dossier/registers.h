// Registers (doc/registers.md): the tables an organisation keeps (training,
// suppliers, calibration, complaints, risks...), one CSV file per register
// under dossier/registers/, of kinds defined as data. Each changing call is
// one commit or nothing.
#ifndef DOSSIER_REGISTERS_H_
#define DOSSIER_REGISTERS_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/controlled.h"
#include "dossier/register_rules.h"
#include "dossier/repository.h"

namespace dossier {

struct ImportOptions {
  std::string kind;
  std::string file;  // absolute, or relative to cwd
  std::string cwd;
  // "Header in the file=column" (or "=-" to leave a column of the file out).
  std::vector<std::string> mappings;
  std::string date_format;  // YYYY-MM-DD (default), DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY
  char delimiter = 0;       // 0: detected (',' or ';')
  bool replace = false;     // rows not in the file are removed
  bool dry_run = false;     // validate and report, write nothing
};

struct RowChange {
  std::string key;
  std::string change;               // "added", "changed", "removed"
  std::vector<std::string> fields;  // "status: in use -> retired"
};

struct RegisterChange {
  std::string kind;
  std::string path;
  size_t rows = 0;  // in the register afterwards
  size_t unchanged = 0;
  std::vector<RowChange> changes;
  std::optional<CommitInfo> commit;  // none on a dry run or when nothing changed
};

// Validates every row (types, required cells, enum values, known people and
// clauses, duplicate keys); any problem is an input error naming each one
// with its row and column, and nothing is written.
Result<RegisterChange> ImportRegister(Repository& repo, const Context& ctx, const ImportOptions& o);
// `sets` are "column=value"; a row is added (its key must be new) or updated
// (found by `key`, its key values joined by " / ").
Result<RegisterChange> AddRegisterRow(Repository& repo, const Context& ctx, const std::string& kind,
                                      const std::vector<std::string>& sets,
                                      const std::string& date_format);
Result<RegisterChange> UpdateRegisterRow(Repository& repo, const Context& ctx,
                                         const std::string& kind, const std::string& key,
                                         const std::vector<std::string>& sets,
                                         const std::string& date_format);
// The register as CSV with titles as headers, `delimiter` and `date_format`.
Result<std::string> ExportRegister(const Snapshot& snap, const std::string& kind, char delimiter,
                                   const std::string& date_format);
Result<const RegisterKind*> FindKind(const Snapshot& snap, const std::string& kind);

}  // namespace dossier

#endif  // DOSSIER_REGISTERS_H_
