#include "dossier/checklist.h"

#include <algorithm>
#include <set>

#include "builtin_checklists.h"
#include "dossier/text.h"
#include "join.h"
#include "json_io.h"

namespace dossier {
namespace {

Status CheckKeys(const json::bj::object& o, std::initializer_list<const char*> allowed,
                 const std::string& where) {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* a : allowed) known = known || kv.key() == a;
    if (!known) {
      const std::string valid = JoinEach(allowed, ", ", [](const char* a) { return a; });
      return Error::Input(where + ": unknown key \"" + std::string(kv.key()) +
                          "\" (valid keys: " + valid + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Checklist> Checklist::Parse(std::string_view json_text, const std::string& source) {
  auto parsed = json::Parse(json_text, source);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return Error::Input(source + ": expected a JSON object");
  const auto& root = parsed->get_object();
  DOSSIER_RETURN_IF_ERROR(
      CheckKeys(root, {"id", "schema_version", "standard", "clauses", "requirements"}, source));
  json::Reader r(root, source);
  Checklist c;
  c.id_ = r.String("id", true);
  c.standard_ = r.String("standard", true);
  if (r.Int("schema_version", 0) != 1) r.Fail("schema_version", "expected 1");
  const auto* clauses = r.Array("clauses");
  const auto* reqs = r.Array("requirements");
  if (!r.ok()) return r.error();
  if (!clauses || clauses->empty()) return Error::Input(source + ": no clauses");

  for (size_t i = 0; i < clauses->size(); ++i) {
    const std::string where = source + ": clauses[" + std::to_string(i) + "]";
    if (!(*clauses)[i].is_object()) return Error::Input(where + ": expected an object");
    const auto& o = (*clauses)[i].get_object();
    DOSSIER_RETURN_IF_ERROR(CheckKeys(
        o, {"id", "title", "parent", "excludable", "unheaded", "conditional", "stage2_evidence"},
        where));
    json::Reader cr(o, where);
    Clause cl;
    cl.id = cr.String("id", true);
    cl.title = cr.String("title", true);
    cl.parent = cr.String("parent");
    cl.excludable = cr.Bool("excludable");
    cl.unheaded = cr.Bool("unheaded");
    cl.condition = cr.String("conditional");
    cl.stage2_evidence = cr.Bool("stage2_evidence");
    if (!cr.ok()) return cr.error();
    if (c.clause_index_.count(cl.id)) {
      return Error::Input(where + ": duplicate clause id \"" + cl.id + "\"");
    }
    if (!cl.parent.empty()) {
      auto p = c.clause_index_.find(cl.parent);
      if (p == c.clause_index_.end()) {
        return Error::Input(where + ": clause \"" + cl.id + "\" has unknown parent \"" + cl.parent +
                            "\" (a parent must be listed before its children)");
      }
      c.clauses_[p->second].children.push_back(cl.id);
    }
    c.clause_index_[cl.id] = c.clauses_.size();
    c.clauses_.push_back(std::move(cl));
  }

  if (reqs) {
    for (size_t i = 0; i < reqs->size(); ++i) {
      const std::string where = source + ": requirements[" + std::to_string(i) + "]";
      if (!(*reqs)[i].is_object()) return Error::Input(where + ": expected an object");
      const auto& o = (*reqs)[i].get_object();
      DOSSIER_RETURN_IF_ERROR(CheckKeys(
          o, {"id", "kind", "clause", "ref", "title", "condition", "conditional"}, where));
      json::Reader rr(o, where);
      Requirement q;
      q.id = rr.String("id", true);
      std::string kind = rr.String("kind", true);
      q.clause = rr.String("clause", true);
      q.ref = rr.String("ref");
      q.title = rr.String("title", true);
      q.condition = rr.String("condition");
      q.conditional = rr.Bool("conditional");
      if (!rr.ok()) return rr.error();
      if (kind == "maintain") {
        q.kind = RequirementKind::kMaintain;
      } else if (kind == "retain") {
        q.kind = RequirementKind::kRetain;
      } else {
        return Error::Input(where + ": kind \"" + kind + "\" is not maintain or retain");
      }
      if (c.requirement_index_.count(q.id)) {
        return Error::Input(where + ": duplicate requirement id \"" + q.id + "\"");
      }
      auto cl = c.clause_index_.find(q.clause);
      if (cl == c.clause_index_.end()) {
        return Error::Input(where + ": requirement \"" + q.id + "\" names unknown clause \"" +
                            q.clause + "\"");
      }
      if (!c.clauses_[cl->second].leaf()) {
        return Error::Input(where + ": requirement \"" + q.id + "\" is on clause \"" + q.clause +
                            "\", which is not a leaf");
      }
      c.clauses_[cl->second].requirements.push_back(q.id);
      c.requirement_index_[q.id] = c.requirements_.size();
      c.requirements_.push_back(std::move(q));
    }
  }
  return c;
}

Result<Checklist> Checklist::Builtin(const std::string& name) {
  for (const auto& b : builtin::Checklists()) {
    if (name == b.name) return Parse(b.json, "checklists/" + std::string(b.name) + ".json");
  }
  return Error::Input("unknown checklist \"" + name +
                      "\" (built in: " + Join(BuiltinNames(), ", ") + ")");
}

std::vector<std::string> Checklist::BuiltinNames() {
  std::vector<std::string> out;
  for (const auto& b : builtin::Checklists()) out.emplace_back(b.name);
  return out;
}

std::vector<const Clause*> Checklist::Leaves() const {
  std::vector<const Clause*> out;
  for (const auto& c : clauses_) {
    if (c.leaf()) out.push_back(&c);
  }
  return out;
}

const Clause* Checklist::FindClause(std::string_view id) const {
  auto it = clause_index_.find(id);
  return it == clause_index_.end() ? nullptr : &clauses_[it->second];
}

const Requirement* Checklist::FindRequirement(std::string_view id) const {
  auto it = requirement_index_.find(id);
  return it == requirement_index_.end() ? nullptr : &requirements_[it->second];
}

std::vector<std::string> Checklist::Nearest(std::string_view id) const {
  std::vector<std::string> ids;
  ids.reserve(clauses_.size());
  for (const auto& c : clauses_) ids.push_back(c.id);
  // Any distance: a clause id is short, and the three nearest always help.
  return NearestNames(id, ids, kMaxSuggestedLength, 3);
}

Result<std::vector<std::string>> Checklist::ExpandClause(std::string_view id) const {
  const Clause* c = FindClause(id);
  if (!c) {
    const std::string near = Join(Nearest(id), ", ");
    return Error::Input(
        "unknown clause \"" + std::string(id) + "\" in " + id_ +
        (near.empty() ? std::string(" (see: dossier clauses)") : " (nearest: " + near + ")"));
  }
  std::vector<std::string> out;
  std::vector<const Clause*> stack{c};
  // Depth-first in catalog order.
  while (!stack.empty()) {
    const Clause* cur = stack.back();
    stack.pop_back();
    if (cur->leaf()) {
      out.push_back(cur->id);
      continue;
    }
    for (auto it = cur->children.rbegin(); it != cur->children.rend(); ++it) {
      stack.push_back(FindClause(*it));
    }
  }
  return out;
}

Result<std::vector<std::string>> Checklist::ExpandClauses(std::string_view comma_list) const {
  std::set<std::string> seen;
  size_t start = 0;
  while (start <= comma_list.size()) {
    size_t end = comma_list.find(',', start);
    if (end == std::string_view::npos) end = comma_list.size();
    std::string_view item = comma_list.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) return Error::Input("empty clause id in \"" + std::string(comma_list) + "\"");
    auto leaves = ExpandClause(item);
    if (!leaves) return leaves.error();
    seen.insert(leaves->begin(), leaves->end());
    start = end + 1;
  }
  std::vector<std::string> out;
  for (const auto& c : clauses_) {
    if (seen.count(c.id)) out.push_back(c.id);
  }
  return out;
}

Result<const Requirement*> Checklist::CheckRequirement(std::string_view id) const {
  if (const Requirement* r = FindRequirement(id)) return r;
  return Error::Input("unknown requirement \"" + std::string(id) + "\" (valid: M1-M" +
                      std::to_string(std::count_if(requirements_.begin(), requirements_.end(),
                                                   [](const Requirement& q) {
                                                     return q.kind == RequirementKind::kMaintain;
                                                   })) +
                      " maintain, R1-R" +
                      std::to_string(std::count_if(requirements_.begin(), requirements_.end(),
                                                   [](const Requirement& q) {
                                                     return q.kind == RequirementKind::kRetain;
                                                   })) +
                      " retain)");
}

bool Checklist::IsUnder(std::string_view leaf, std::string_view ancestor) const {
  const Clause* c = FindClause(leaf);
  while (c) {
    if (c->id == ancestor) return true;
    c = c->parent.empty() ? nullptr : FindClause(c->parent);
  }
  return false;
}

}  // namespace dossier
