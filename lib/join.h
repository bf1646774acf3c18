// Joining lists into text for messages and reports. Private to lib/; the
// CLI and library users have Join (dossier/text.h) for lists of strings.
#ifndef DOSSIER_LIB_JOIN_H_
#define DOSSIER_LIB_JOIN_H_

#include <string>
#include <string_view>

#include "dossier/text.h"

namespace dossier {

// Join for lists of things that are not strings yet: the text of each item,
// `text_of(item)`, with `sep` between them ("" for no items). One separator
// between every two items, as Join puts it, even where a text is empty.
template <typename Items, typename TextOf>
std::string JoinEach(const Items& items, std::string_view sep, TextOf&& text_of) {
  std::string out;
  bool first = true;
  for (const auto& item : items) {
    if (!first) out += sep;
    first = false;
    out += text_of(item);
  }
  return out;
}

}  // namespace dossier

#endif  // DOSSIER_LIB_JOIN_H_
