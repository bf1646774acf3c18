#include "config_edit.h"

#include <vector>

#include "dossier/text.h"
#include "ini.h"

namespace dossier {
namespace {

// The section a header line opens, or "" when the line is not a header.
// Read as ParseConfig reads it: "[not-applicable]   ; a note" is a header.
std::string HeaderName(const std::string& line) {
  const bool eol = !line.empty() && line.back() == '\n';
  ini::Line l = ini::Lex(ini::SkipByteOrderMark(eol ? line.substr(0, line.size() - 1) : line));
  return l.kind == ini::Line::Kind::kSection ? l.name : std::string();
}

bool IsComment(const std::string& line) {
  return ini::Lex(ini::SkipByteOrderMark(line)).kind == ini::Line::Kind::kComment;
}

std::string KeyLine(const std::string& clause, const std::string& why, const std::string& eol) {
  return clause + " = " + ini::EscapeValue(ini::OneLineValue(why)) + eol;
}

}  // namespace

std::string ReplaceNotApplicable(const std::string& ini_text,
                                 const std::map<std::string, std::string>& not_applicable) {
  return ReplaceSection(ini_text, "not-applicable", not_applicable);
}

std::string ReplaceSection(const std::string& ini_text, const std::string& section,
                           const std::map<std::string, std::string>& keys_by_name) {
  std::vector<std::string> lines;  // each with its line ending, if any
  for (size_t pos = 0; pos < ini_text.size();) {
    size_t nl = ini_text.find('\n', pos);
    size_t end = nl == std::string::npos ? ini_text.size() : nl + 1;
    lines.push_back(ini_text.substr(pos, end - pos));
    pos = end;
  }
  const std::string eol = ini_text.find("\r\n") != std::string::npos ? "\r\n" : "\n";

  std::string keys;
  for (const auto& [clause, why] : keys_by_name) keys += KeyLine(clause, why, eol);

  std::string out;
  bool found = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (found || HeaderName(lines[i]) != section) {
      out += lines[i];
      continue;
    }
    found = true;
    // The section's comments and blank lines stay where they are; its old
    // keys go, and the new ones take the place of the first.
    size_t end = i + 1;
    while (end < lines.size() && HeaderName(lines[end]).empty()) ++end;
    bool has_comment = false;
    for (size_t k = i + 1; k < end; ++k) has_comment = has_comment || IsComment(lines[k]);
    std::string body;
    bool placed = false;
    for (size_t k = i + 1; k < end; ++k) {
      if (Trim(lines[k]).empty() || IsComment(lines[k])) {
        body += lines[k];
      } else if (!placed) {
        body += keys;
        placed = true;
      }
    }
    if (!placed) {
      // No keys before: the new ones go right after the header's comments.
      size_t k = i + 1;
      std::string head;
      while (k < end && IsComment(lines[k])) head += lines[k++];
      std::string rest;
      for (; k < end; ++k) rest += lines[k];
      body = head + keys + rest;
    }
    if (!keys.empty() || has_comment) {
      std::string header = lines[i];
      if (header.back() != '\n') header += eol;
      out += header;
      out += body;
    } else {
      out += body;  // the blank lines that separated it
    }
    i = end - 1;
  }
  if (!found && !keys_by_name.empty()) {
    if (!out.empty() && out.back() != '\n') out += eol;
    out += eol + "[" + section + "]" + eol;
    for (const auto& [clause, why] : keys_by_name) out += KeyLine(clause, why, eol);
  }
  return out;
}

}  // namespace dossier
