// A standard's clause catalog (checklists/*.json): the clause tree and the
// documented-information requirements (M = maintain = documents, R = retain =
// records). Data only: another Annex SL standard is another file.
#ifndef DOSSIER_CHECKLIST_H_
#define DOSSIER_CHECKLIST_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier {

enum class RequirementKind { kMaintain, kRetain };

struct Requirement {
  std::string id;  // "M3", "R19"
  RequirementKind kind = RequirementKind::kMaintain;
  std::string clause;  // the leaf clause it belongs to, "5.2.2"
  std::string ref;     // as the standard cites it, "5.2.2 a"
  std::string title;
  std::string condition;     // when it applies, free text ("design in scope")
  bool conditional = false;  // depends on facts the tool cannot see: warn, never fail
};

struct Clause {
  std::string id;
  std::string title;
  std::string parent;  // empty for a top-level clause
  // May be declared not applicable on its own (a unit of exclusion). A leaf
  // of an excludable parent that is not itself excludable may be declared
  // not applicable only together with all of that parent.
  bool excludable = false;
  bool unheaded = false;  // an unheaded paragraph; `title` is a label, not a heading
  std::string condition;  // when the clause applies only under a condition
  // Readiness for Stage 2 fails when the clause has no evidence of any kind
  // (doc/readiness.md, clauses.evidence); other clauses only warn.
  bool stage2_evidence = false;
  std::vector<std::string> children;      // in catalog order
  std::vector<std::string> requirements;  // requirement ids on this leaf
  bool leaf() const { return children.empty(); }
};

class Checklist {
 public:
  // Parses and validates a checklist. `source` names it in errors (a path).
  // Rejects unknown keys, duplicate ids, unknown parents, requirements on
  // unknown or non-leaf clauses.
  static Result<Checklist> Parse(std::string_view json_text, const std::string& source);
  // The checklist built into the binary: "iso9001-2015".
  static Result<Checklist> Builtin(const std::string& name);
  static std::vector<std::string> BuiltinNames();

  const std::string& id() const { return id_; }
  const std::string& standard() const { return standard_; }

  // All clauses in catalog order.
  const std::vector<Clause>& clauses() const { return clauses_; }
  const std::vector<Requirement>& requirements() const { return requirements_; }
  std::vector<const Clause*> Leaves() const;

  const Clause* FindClause(std::string_view id) const;
  const Requirement* FindRequirement(std::string_view id) const;

  // The leaves under `id` (itself when a leaf). Unknown ids are an input
  // error naming the nearest valid ids.
  Result<std::vector<std::string>> ExpandClause(std::string_view id) const;
  // Expands a comma-separated list, deduplicated, in catalog order.
  Result<std::vector<std::string>> ExpandClauses(std::string_view comma_list) const;
  // Validates a requirement id; unknown ones name the valid ones.
  Result<const Requirement*> CheckRequirement(std::string_view id) const;

  // The up to three known clause ids closest to `id` (for "did you mean").
  std::vector<std::string> Nearest(std::string_view id) const;

  // Whether `leaf` is `ancestor` or lies under it.
  bool IsUnder(std::string_view leaf, std::string_view ancestor) const;

 private:
  std::string id_;
  std::string standard_;
  std::vector<Clause> clauses_;
  std::vector<Requirement> requirements_;
  std::map<std::string, size_t, std::less<>> clause_index_;
  std::map<std::string, size_t, std::less<>> requirement_index_;
};

}  // namespace dossier

#endif  // DOSSIER_CHECKLIST_H_
