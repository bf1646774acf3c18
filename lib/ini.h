// The INI dialect of dossier.ini, read line by line so that every error
// names its line, and so that edits (config_edit.h) see the lines exactly as
// the reader does. Private to lib/.
//
//   [section]              ; a comment may follow a header
//   key = value            ; and a value, after a space or tab
//   ; a comment line, or   # a comment line
//   note = one\; two       ; "\;" is a ';' that starts no comment
//
// Files as ordinary editors save them read as intended: a UTF-8 byte-order
// mark is skipped, CRLF line ends and white space around keys and values are
// dropped. Text that is not UTF-8, or holds control characters other than
// tabs, is refused with its line.
#ifndef DOSSIER_LIB_INI_H_
#define DOSSIER_LIB_INI_H_

#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier::ini {

struct Line {
  enum class Kind { kBlank, kComment, kSection, kKey, kMalformed };
  Kind kind = Kind::kBlank;
  std::string name;     // the section's name, or the key
  std::string value;    // the key's value, comment dropped and "\;" read as ';'
  std::string problem;  // kMalformed: what is wrong
};

// One line, without its line end (a trailing '\r' is dropped).
Line Lex(std::string_view line);

struct Entry {
  std::string section;
  std::string key;
  std::string value;
  size_t line = 0;  // 1-based
};

struct Section {
  std::string name;
  size_t line = 0;
  std::vector<Entry> entries;  // in file order
};

// Parses a whole file. Refused, naming `source` and the line: a line that is
// neither a header, a comment nor "key = value"; a key before any section; a
// section or a key within one section given twice; text that is not UTF-8
// or holds control characters.
Result<std::vector<Section>> Parse(std::string_view text, const std::string& source);

// `value` as it must be written so that Lex reads it back: each ';' that
// would start a comment (at the start or after a space or tab), or follows
// a backslash, as "\;".
std::string EscapeValue(std::string_view value);

// `value` with its line breaks as spaces (tabs stay: a line may hold them).
std::string OneLineValue(std::string_view value);

// `text` without a leading UTF-8 byte-order mark.
std::string_view SkipByteOrderMark(std::string_view text);

}  // namespace dossier::ini

#endif  // DOSSIER_LIB_INI_H_
