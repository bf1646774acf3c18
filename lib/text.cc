#include "dossier/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace dossier {

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(start, end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string ShortestNumber(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v == 0) return "0";
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return std::string(buf, r.ptr);
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() < b.size()) std::swap(a, b);  // rows as long as the shorter
  // Each edit changes the length by at most one.
  if (a.size() - b.size() > limit) return limit + 1;
  const size_t m = b.size();
  // Optimal string alignment needs the row before the previous one for
  // swaps ("lsit" is one slip from "list", two from "init"): three rows.
  std::vector<size_t> before(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    // Distances never shrink from one row to the next but by a swap, which
    // reaches back one row: two rows over the limit settle it.
    if (row_min > limit && i > 1 && *std::min_element(prev.begin(), prev.end()) > limit) {
      return limit + 1;
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::vector<std::string> NearestNames(std::string_view typed,
                                      const std::vector<std::string>& candidates,
                                      size_t max_distance, size_t count) {
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  if (typed.empty() || typed.size() > kMaxSuggestedLength) return {};
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string& c = candidates[i];
    if (c.size() > kMaxSuggestedLength) continue;
    size_t d = c.compare(0, typed.size(), typed) == 0 ? 1 : EditDistance(typed, c, max_distance);
    if (d <= max_distance) scored.emplace_back(d, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t k = 0; k < scored.size() && out.size() < count; ++k) {
    out.push_back(candidates[scored[k].second]);
  }
  return out;
}

std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates,
                        size_t max_distance) {
  auto near = NearestNames(typed, candidates, max_distance, 1);
  return near.empty() ? std::string() : near[0];
}

std::string DidYouMean(std::string_view typed, const std::vector<std::string>& candidates,
                       char quote) {
  std::string near = NearestName(typed, candidates);
  if (near.empty()) return {};
  return std::string("; did you mean ") + quote + near + quote + "?";
}

namespace {

// The length of the UTF-8 sequence at `s[i]` with its code point in `*cp`,
// or 0 when the bytes there are not UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF included).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t n;
  uint32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(i + k) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return n;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string CodePoint(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  std::string name;
  switch (cp) {
    case 0x00:
      name = " (NUL)";
      break;
    case 0x09:
      name = " (tab)";
      break;
    case 0x0A:
      name = " (line break)";
      break;
    case 0x0D:
      name = " (carriage return)";
      break;
    case 0x1B:
      name = " (escape, which starts terminal control sequences)";
      break;
    case 0x7F:
      name = " (delete)";
      break;
    default:
      break;
  }
  return buf + name;
}

}  // namespace

std::string TextProblem(std::string_view text, TextForm form) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, &cp);
    ++chars;
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02X",
                    static_cast<unsigned>(static_cast<unsigned char>(text[i])));
      return std::string("is not valid UTF-8 text (byte ") + buf + " at character " +
             std::to_string(chars) + "); text must be UTF-8";
    }
    if (IsControl(cp) && !(form == TextForm::kMultiLine && (cp == '\n' || cp == '\t'))) {
      return "holds the control character " + CodePoint(cp) + " at character " +
             std::to_string(chars) +
             (form == TextForm::kMultiLine
                  ? "; only printable text, line breaks and tabs are allowed"
                  : "; only printable text on one line is allowed");
    }
    i += n;
  }
  return {};
}

Status CheckText(std::string_view field, std::string_view text, TextForm form) {
  std::string problem = TextProblem(text, form);
  if (problem.empty()) return Status::Ok();
  return Error::Input(std::string(field) + " " + problem);
}

Status CheckTexts(std::initializer_list<TextField> fields) {
  for (const auto& f : fields) DOSSIER_RETURN_IF_ERROR(CheckText(f.field, f.text, f.form));
  return Status::Ok();
}

Status CheckTexts(std::string_view field, const std::vector<std::string>& items) {
  for (const auto& item : items) DOSSIER_RETURN_IF_ERROR(CheckText(field, item));
  return Status::Ok();
}

std::string EscapeControls(std::string_view text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (IsControl(cp) && !(keep_layout && (cp == '\n' || cp == '\t'))) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

std::string SafeCommitMessage(std::string_view message) {
  const size_t nl = message.find('\n');
  std::string out = EscapeControls(message.substr(0, nl), /*keep_layout=*/false);
  if (nl != std::string_view::npos) out += "\n" + EscapeControls(message.substr(nl + 1), true);
  return out;
}

}  // namespace dossier
