// Small text helpers shared by the library and the CLI.
#ifndef DOSSIER_TEXT_H_
#define DOSSIER_TEXT_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier {

// Splits "a, b,c" into {"a", "b", "c"}: items trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view list);

// `s` without leading and trailing white space.
std::string Trim(std::string_view s);
// `s` in ASCII lower case.
std::string Lower(std::string_view s);
// The items with `sep` between them.
std::string Join(const std::vector<std::string>& items, std::string_view sep);
// A number as people read it and as it reads back: whole numbers written out
// ("12", "100000", never "1e+05"; -0 as "0"), others in the shortest form
// that reads back the same value ("0.5", "97.25", "1.5e-07"). No locale.
// The one number formatter of the JSON files, the reports and the CLI.
std::string ShortestNumber(double v);

// ---- "did you mean" ----

// Names longer than this are never compared: nobody mistypes a 2,000-character
// name, and comparing one costs time and memory for nothing.
inline constexpr size_t kMaxSuggestedLength = 64;

// Optimal string alignment distance (a swap of two neighbours is one edit),
// computed only up to `limit`: any distance above it is returned as
// `limit + 1`. Two rows of min(|a|, |b|) + 1 cells; REQUIRES: both at most
// kMaxSuggestedLength long unless the caller accepts O(|a| * |b|) time.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit = kMaxSuggestedLength);

// Up to `count` candidates within `max_distance` edits of `typed`, nearest
// first (equal distances in candidate order). A candidate that starts with
// `typed` counts as distance 1. Nothing when `typed` is empty or longer than
// kMaxSuggestedLength.
std::vector<std::string> NearestNames(std::string_view typed,
                                      const std::vector<std::string>& candidates,
                                      size_t max_distance = 2, size_t count = 1);
// The nearest of NearestNames, or "" when none is.
std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates,
                        size_t max_distance = 2);
// "; did you mean 'NAME'?" (with `quote` around the name), or "" when no
// candidate is near: the one phrase every "unknown X" message uses.
std::string DidYouMean(std::string_view typed, const std::vector<std::string>& candidates,
                       char quote = '\'');

// ---- user text ----

// What a text field may hold. Every field is valid UTF-8 without C0 or C1
// control characters or DEL; a multi-line field (a finding's description,
// its correction, cause, action and response, an objective's plan) may also
// hold line breaks and tabs.
enum class TextForm { kLine, kMultiLine };

// Refuses (input error) text that is not valid UTF-8 or holds a control
// character its form does not allow, naming `field` ("--title"), the
// character and where it is: titles and notes end up in commit messages,
// list rows and terminals, where a line break could forge a commit trailer
// and an escape sequence could rewrite what a reader sees.
Status CheckText(std::string_view field, std::string_view text, TextForm form = TextForm::kLine);

// CheckText over several fields, the first problem wins.
struct TextField {
  std::string_view field;
  std::string_view text;
  TextForm form = TextForm::kLine;
};
Status CheckTexts(std::initializer_list<TextField> fields);
// CheckText over every item of a repeatable option.
Status CheckTexts(std::string_view field, const std::vector<std::string>& items);

// The first problem CheckText would report for `text`, without the field
// name ("a control character U+001B (escape) at character 4"), or "" when
// the text is fine.
std::string TextProblem(std::string_view text, TextForm form);

// `text` safe to print on a terminal: C0 and C1 controls and DEL become
// "\u001b"-style escapes (also valid inside a JSON string, where they mean
// the character itself), bytes that are not UTF-8 become U+FFFD. With
// `keep_layout`, line feeds and tabs stay as they are.
std::string EscapeControls(std::string_view text, bool keep_layout = false);

// `text` with its line breaks and tabs as spaces: a multi-line note quoted
// on one line (a commit message body, a list row).
std::string OneLine(std::string_view text);

// A commit message whose subject (first line) holds no control character
// at all and whose body holds only line feeds and tabs: whatever a caller
// composed, a subject cannot be split into a body with forged trailers.
std::string SafeCommitMessage(std::string_view message);

}  // namespace dossier

#endif  // DOSSIER_TEXT_H_
