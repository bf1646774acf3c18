// Edits of dossier.ini that keep the file as its people wrote it. Private to
// lib/.
#ifndef DOSSIER_LIB_CONFIG_EDIT_H_
#define DOSSIER_LIB_CONFIG_EDIT_H_

#include <map>
#include <string>

namespace dossier {

// Rewrites only the keys of the [not-applicable] section of `ini_text`
// (clause -> justification), appending the section when it is absent. Every
// other line (comments, other sections, their order, line endings) stays as
// it was: a scope change is a one-line diff, and notes written in the file
// survive it.
std::string ReplaceNotApplicable(const std::string& ini_text,
                                 const std::map<std::string, std::string>& not_applicable);

// The same for any section: its keys become `keys` (none: the section goes,
// unless it holds comments).
std::string ReplaceSection(const std::string& ini_text, const std::string& section,
                           const std::map<std::string, std::string>& keys);

}  // namespace dossier

#endif  // DOSSIER_LIB_CONFIG_EDIT_H_
