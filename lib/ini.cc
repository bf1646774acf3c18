#include "ini.h"

#include <set>

#include "dossier/text.h"

namespace dossier::ini {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// The value of a key line: up to an unescaped ';' that follows white space
// (or starts the value), with "\;" read as ';', trimmed.
std::string ReadValue(std::string_view raw) {
  raw = TrimView(raw);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size() && raw[i + 1] == ';') {
      out += ';';
      ++i;
      continue;
    }
    if (c == ';' && (i == 0 || IsBlank(raw[i - 1]))) break;
    out += c;
  }
  return std::string(TrimView(out));
}

}  // namespace

std::string_view SkipByteOrderMark(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

Line Lex(std::string_view raw) {
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  const std::string_view t = TrimView(raw);
  Line line;
  if (t.empty()) return line;
  // Only the file's first bytes may be a byte-order mark (SkipByteOrderMark);
  // one further in is an invisible character in a key or a value (two files
  // pasted together), which would make a setting silently differ.
  if (t.find("\xEF\xBB\xBF") != std::string_view::npos) {
    line.kind = Line::Kind::kMalformed;
    line.problem =
        "an invisible byte-order mark (U+FEFF) inside the line; delete it (it can come "
        "from pasting one file into another)";
    return line;
  }
  if (t[0] == ';' || t[0] == '#') {
    line.kind = Line::Kind::kComment;
    return line;
  }
  if (t[0] == '[') {
    const size_t close = t.find(']');
    std::string_view rest = close == std::string_view::npos ? "" : TrimView(t.substr(close + 1));
    if (close == std::string_view::npos || (!rest.empty() && rest[0] != ';' && rest[0] != '#')) {
      line.kind = Line::Kind::kMalformed;
      line.problem = "a section header is [NAME], with nothing but a comment after it";
      return line;
    }
    line.name = std::string(TrimView(t.substr(1, close - 1)));
    if (line.name.empty()) {
      line.kind = Line::Kind::kMalformed;
      line.problem = "a section header needs a name: [NAME]";
      return line;
    }
    line.kind = Line::Kind::kSection;
    return line;
  }
  const size_t eq = t.find('=');
  if (eq == std::string_view::npos) {
    line.kind = Line::Kind::kMalformed;
    line.problem = "'=' missing: expected KEY = VALUE, a [section] or a comment (; or #)";
    return line;
  }
  line.name = std::string(TrimView(t.substr(0, eq)));
  if (line.name.empty()) {
    line.kind = Line::Kind::kMalformed;
    line.problem = "a key is missing before '='";
    return line;
  }
  line.kind = Line::Kind::kKey;
  line.value = ReadValue(t.substr(eq + 1));
  return line;
}

Result<std::vector<Section>> Parse(std::string_view text, const std::string& source) {
  text = SkipByteOrderMark(text);
  std::vector<Section> sections;
  std::set<std::string> section_names;
  std::set<std::string> keys;  // of the current section
  size_t number = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (raw.empty() && nl == text.size()) break;
    const std::string where = source + ":" + std::to_string(number) + ": ";
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    // Line by line, so a bad byte is reported where it is. Tabs are white
    // space here; a line break cannot occur within a line.
    std::string problem = TextProblem(raw, TextForm::kMultiLine);
    if (!problem.empty()) return Error::Input(where + "the line " + problem);
    Line line = Lex(raw);
    switch (line.kind) {
      case Line::Kind::kBlank:
      case Line::Kind::kComment:
        break;
      case Line::Kind::kMalformed:
        return Error::Input(where + line.problem);
      case Line::Kind::kSection:
        if (!section_names.insert(line.name).second) {
          return Error::Input(where + "section [" + line.name +
                              "] appears twice; merge the two into one");
        }
        sections.push_back(Section{line.name, number, {}});
        keys.clear();
        break;
      case Line::Kind::kKey:
        if (sections.empty()) {
          return Error::Input(where + "key \"" + line.name +
                              "\" is outside any [section]; put it under one");
        }
        if (!keys.insert(line.name).second) {
          return Error::Input(where + "key \"" + line.name + "\" appears twice in [" +
                              sections.back().name + "]; keep one");
        }
        sections.back().entries.push_back(
            Entry{sections.back().name, line.name, line.value, number});
        break;
    }
  }
  return sections;
}

std::string OneLineValue(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string EscapeValue(std::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    // After a backslash too: "a\\;" must not read back as "a;".
    if (value[i] == ';' && (i == 0 || IsBlank(value[i - 1]) || value[i - 1] == '\\')) out += '\\';
    out += value[i];
  }
  return out;
}

}  // namespace dossier::ini
