// Scope: clauses declared not applicable, and conditional requirements whose
// condition does not hold (dossier.ini), each one commit (see evidence.h).
#include <map>
#include <set>

#include "config_edit.h"
#include "dossier/applicability.h"
#include "dossier/evidence.h"
#include "dossier/text.h"
#include "transaction.h"

namespace dossier {

Result<CommitInfo> ScopeExclude(Repository& repo, const Context& ctx, const std::string& clause,
                                const std::string& why) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"CLAUSE", clause}, {"--why", why}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto leaves = snap.checklist.ExpandClause(clause);
  if (!leaves) return leaves.error();
  const std::string trimmed = Trim(why);
  if (trimmed.empty()) {
    return Error::Input("declaring " + clause +
                        " not applicable needs --why TEXT: the justification the scope "
                        "document must state (ISO 9001 4.3)");
  }
  DOSSIER_RETURN_IF_ERROR(CheckDeclarable(snap.checklist, clause, snap.config.not_applicable));
  DOSSIER_RETURN_IF_ERROR(CheckJustification(trimmed, "the justification of " + clause));
  // A parent replaces its children's own entries.
  for (auto it = snap.config.not_applicable.begin(); it != snap.config.not_applicable.end();) {
    it = snap.checklist.IsUnder(it->first, clause) ? snap.config.not_applicable.erase(it)
                                                   : std::next(it);
  }
  snap.config.not_applicable[clause] = trimmed;
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceNotApplicable(*ini, snap.config.not_applicable));
  return tx->Commit("scope: " + clause + " not applicable\n\n" + trimmed);
}

Result<CommitInfo> ScopeInclude(Repository& repo, const Context& ctx, const std::string& clause) {
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto leaves = snap.checklist.ExpandClause(clause);
  if (!leaves) return leaves.error();
  const std::set<std::string> included(leaves->begin(), leaves->end());
  size_t removed = 0;
  std::map<std::string, std::string> kept;  // what stays not applicable
  for (const auto& [declared, why] : snap.config.not_applicable) {
    if (snap.checklist.IsUnder(declared, clause)) {
      ++removed;  // the clause itself, or a part of it
    } else if (snap.checklist.IsUnder(clause, declared)) {
      // A part of a clause declared as a whole: the rest of it stays not
      // applicable, each leaf with the whole's justification.
      ++removed;
      auto rest = snap.checklist.ExpandClause(declared);
      if (!rest) return rest.error();
      for (const auto& leaf : *rest) {
        if (!included.count(leaf)) kept.emplace(leaf, why);
      }
    } else {
      kept.emplace(declared, why);
    }
  }
  if (removed == 0) return Error::Input("clause " + clause + " is not declared not applicable");
  for (const auto& [declared, why] : kept) {
    if (auto st = CheckDeclarable(snap.checklist, declared, kept); !st.ok()) {
      return Error::Input("clause " + clause + " cannot be made applicable on its own: " +
                          st.error().message() + "; make all of it applicable instead");
    }
  }
  snap.config.not_applicable = std::move(kept);
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceNotApplicable(*ini, snap.config.not_applicable));
  return tx->Commit("scope: " + clause + " applicable again");
}

Result<CommitInfo> ScopeCondition(Repository& repo, const Context& ctx,
                                  const ConditionStatement& statement) {
  DOSSIER_RETURN_IF_ERROR(
      CheckTexts({{"REQUIREMENT", statement.requirement}, {"--why", statement.why}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto req = snap.checklist.CheckRequirement(Trim(statement.requirement));
  if (!req) return req.error();
  const Requirement& q = **req;
  std::vector<std::string> conditional;
  for (const auto& r : snap.checklist.requirements()) {
    if (r.conditional) conditional.push_back(r.id);
  }
  if (!q.conditional) {
    return Error::Input(q.id + " (" + q.title + ") applies whenever clause " + q.clause +
                        " applies; only a conditional requirement can be stated not to hold (" +
                        Join(conditional, ", ") + ")");
  }
  std::string message;
  if (statement.holds) {
    if (!snap.config.not_held.erase(q.id)) {
      return Error::Input("no statement that the condition of " + q.id + " does not hold");
    }
    message = "scope: the condition of " + q.id + " holds (" + q.condition + ")";
  } else {
    DOSSIER_RETURN_IF_ERROR(CheckJustification(
        statement.why, "the reason the condition of " + q.id + " does not hold"));
    Config::NotHeld n;
    n.from = statement.from.value_or(ctx.today);
    n.to = statement.to;
    n.why = Trim(statement.why);
    if (n.to && *n.to < n.from) {
      return Error::Input("--to " + n.to->ToString() + " is before --from " + n.from.ToString());
    }
    snap.config.not_held[q.id] = n;
    message = "scope: the condition of " + q.id + " does not hold from " + n.from.ToString() +
              (n.to ? " to " + n.to->ToString() : std::string()) + "\n\n" + q.condition +
              ": not so. " + n.why;
  }
  std::map<std::string, std::string> keys;
  for (const auto& [id, n] : snap.config.not_held) keys[id] = FormatNotHeld(n);
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceSection(*ini, "not-held", keys));
  return tx->Commit(message);
}

}  // namespace dossier
