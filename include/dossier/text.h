// Small text helpers shared by the library and the CLI.
#ifndef DOSSIER_TEXT_H_
#define DOSSIER_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// Splits "a, b,c" into {"a", "b", "c"}: items trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view list);

// `s` without leading and trailing white space.
std::string Trim(std::string_view s);
// `s` in ASCII lower case.
std::string Lower(std::string_view s);
// The items with `sep` between them.
std::string Join(const std::vector<std::string>& items, std::string_view sep);

// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `typed` within `max_distance` edits (a candidate
// that starts with `typed` counts as distance 1), or "" when none is.
std::string NearestName(std::string_view typed, const std::vector<std::string>& candidates,
                        size_t max_distance = 2);

}  // namespace dossier

#endif  // DOSSIER_TEXT_H_
