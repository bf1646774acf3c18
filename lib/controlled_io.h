// Reading and writing document-control files, register kinds and register
// CSV files (doc/documents.md, doc/registers.md). Private to lib/.
#ifndef DOSSIER_LIB_CONTROLLED_IO_H_
#define DOSSIER_LIB_CONTROLLED_IO_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/controlled.h"
#include "dossier/register_rules.h"
#include "dossier/repository.h"
#include "file_source.h"

namespace dossier {

Result<DocumentControl> DecodeControl(std::string_view text, const std::string& source);
std::string EncodeControl(const DocumentControl& c);

// A {"kinds": [...]} file; clause and requirement ids are checked against `checklist`.
Result<std::vector<RegisterKind>> ParseRegisterKinds(std::string_view text,
                                                     const std::string& source,
                                                     const Checklist& checklist);

// RFC 4180 records with the quirks of spreadsheet exports: a UTF-8 BOM, CRLF
// or LF, `,` or `;` (detected from the header line when `delimiter` is 0),
// quoted fields holding delimiters, quotes ("") and newlines. Each record is
// returned with the line it starts on.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> fields;
};
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, const std::string& source,
                                        char delimiter = 0);
std::string CsvField(const std::string& value, char delimiter = ',');

// The register file of `kind`: header of column names, then rows sorted by key.
std::string EncodeRegister(const RegisterKind& kind, const std::vector<RegisterRow>& rows);
Result<std::vector<RegisterRow>> DecodeRegister(const RegisterKind& kind, std::string_view text,
                                                const std::string& source);
void SortRows(const RegisterKind& kind, std::vector<RegisterRow>* rows);

// Reads dossier/control/, the register kinds and dossier/registers/ into `snap`.
Status LoadControlled(const FileSource& source, Snapshot* snap);

}  // namespace dossier

#endif  // DOSSIER_LIB_CONTROLLED_IO_H_
