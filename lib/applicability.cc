// The rules of applicability (doc/readiness.md). Pure: nothing here reads a
// file, a clock or git.
#include "dossier/applicability.h"

#include <cctype>
#include <set>
#include <vector>

#include "dossier/text.h"

namespace dossier {
namespace {

// Words that carry no reason on their own: a justification made only of
// these says "it does not apply" without saying why.
const std::set<std::string>& FillerWords() {
  static const std::set<std::string> kWords = {"not",
                                               "applicable",
                                               "n",
                                               "a",
                                               "na",
                                               "to",
                                               "us",
                                               "for",
                                               "our",
                                               "the",
                                               "this",
                                               "that",
                                               "it",
                                               "is",
                                               "are",
                                               "be",
                                               "does",
                                               "do",
                                               "apply",
                                               "applies",
                                               "relevant",
                                               "none",
                                               "needed",
                                               "required",
                                               "here",
                                               "we",
                                               "organisation",
                                               "organization",
                                               "company",
                                               "business",
                                               "clause",
                                               "clauses",
                                               "requirement",
                                               "requirements",
                                               "excluded",
                                               "exclusion",
                                               "exclude",
                                               "scope",
                                               "in",
                                               "of",
                                               "and",
                                               "or",
                                               "any",
                                               "no",
                                               "at",
                                               "all",
                                               "currently",
                                               "case",
                                               "used",
                                               "use",
                                               "ours",
                                               "yet",
                                               "tbd",
                                               "todo",
                                               "see",
                                               "above",
                                               "below",
                                               "document",
                                               "iso",
                                               "9001",
                                               "standard"};
  return kWords;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char ch : text) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || u >= 0x80) {
      cur += static_cast<char>(std::tolower(u));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

std::string ExcludableUnits(const Checklist& checklist) {
  std::vector<std::string> units;
  for (const auto& c : checklist.clauses()) {
    if (c.excludable) units.push_back(c.id);
  }
  return units.empty() ? "none" : Join(units, ", ");
}

Status CheckDeclarable(const Checklist& checklist, const std::string& clause,
                       const std::map<std::string, std::string>& declared) {
  const Clause* c = checklist.FindClause(clause);
  if (!c) return checklist.ExpandClause(clause).error();
  if (c->excludable) return Status::Ok();
  // Every leaf declared, through any declaration.
  std::set<std::string> out;
  for (const auto& [d, why] : declared) {
    auto leaves = checklist.ExpandClause(d);
    if (leaves) out.insert(leaves->begin(), leaves->end());
  }
  for (const Clause* a = c->parent.empty() ? nullptr : checklist.FindClause(c->parent); a;
       a = a->parent.empty() ? nullptr : checklist.FindClause(a->parent)) {
    if (!a->excludable) continue;
    auto leaves = checklist.ExpandClause(a->id);
    bool all = leaves && !leaves->empty();
    for (const auto& l : leaves ? *leaves : std::vector<std::string>{}) all = all && out.count(l);
    if (all) return Status::Ok();
    return Error::Input("clause " + clause + " (" + c->title + ") is part of " + a->id + " (" +
                        a->title +
                        "), which applies: a part of a clause that applies cannot be declared "
                        "not applicable on its own; declare all of " +
                        a->id + " not applicable if none of it applies");
  }
  return Error::Input("clause " + clause + " (" + c->title +
                      ") cannot be declared not applicable; what may be, in " + checklist.id() +
                      ": " + ExcludableUnits(checklist));
}

Status CheckJustification(std::string_view why, const std::string& what) {
  const std::string text = Trim(why);
  const std::string valid =
      "; say why, in words an auditor can check (for example \"We resell standard products and "
      "do no design or development\")";
  if (text.empty()) return Error::Input(what + " is missing" + valid);
  const auto words = Words(text);
  if (words.size() < 3) {
    return Error::Input(what + " \"" + text + "\" is too short to justify anything" + valid);
  }
  for (const auto& w : words) {
    if (!FillerWords().count(w)) return Status::Ok();
  }
  return Error::Input(what + " \"" + text + "\" says only that it does not apply, not why" + valid);
}

}  // namespace dossier
