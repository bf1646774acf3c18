// The rules of registers: see register_rules.h.
#include "dossier/register_rules.h"

#include <algorithm>
#include <optional>
#include <set>

#include "dossier/text.h"

namespace dossier {

std::string RowKey(const RegisterKind& kind, const RegisterRow& row) {
  std::vector<std::string> parts;
  for (const auto& k : kind.key) parts.push_back(row.Get(k));
  return Join(parts, " / ");
}

namespace {

bool Active(const RegisterKind& k, const RegisterRow& r) {
  if (k.active_column.empty()) return true;
  const std::string v = Lower(r.Get(k.active_column));
  for (const auto& a : k.active_values) {
    if (Lower(a) == v) return true;
  }
  return false;
}

}  // namespace

std::vector<RegisterDue> RegisterDueDates(const Snapshot& snap) {
  std::vector<RegisterDue> out;
  for (const auto& reg : snap.registers) {
    const RegisterKind* k = snap.FindRegisterKind(reg.kind);
    if (!k) continue;
    for (const auto& row : reg.rows) {
      if (!Active(*k, row)) continue;
      for (const auto& c : k->columns) {
        if (c.due.empty()) continue;
        auto d = Date::Parse(row.Get(c.name));
        if (!d) continue;
        out.push_back({k->id, k->title, RowKey(*k, row), c.due,
                       k->owner.empty() ? "" : row.Get(k->owner), *d});
      }
    }
  }
  return out;
}

std::vector<std::string> RegisterRecords(const Snapshot& snap, const std::string& requirement,
                                         Date start, Date as_of) {
  std::vector<std::string> out;
  for (const auto& reg : snap.registers) {
    const RegisterKind* k = snap.FindRegisterKind(reg.kind);
    if (!k || k->record_date.empty() ||
        std::find(k->requirements.begin(), k->requirements.end(), requirement) ==
            k->requirements.end()) {
      continue;
    }
    size_t n = 0;
    std::optional<Date> first, last;
    for (const auto& row : reg.rows) {
      auto d = Date::Parse(row.Get(k->record_date));
      if (!d || *d < start || *d > as_of) continue;
      ++n;
      if (!first || *d < *first) first = *d;
      if (!last || *d > *last) last = *d;
    }
    if (n == 0) continue;
    out.push_back("the " + k->id + " register (" + reg.path + "): " + std::to_string(n) +
                  " row(s) dated " + first->ToString() +
                  (*last != *first ? ".." + last->ToString() : ""));
  }
  return out;
}

std::vector<std::string> RegisterClauses(const Snapshot& snap, Date as_of) {
  std::set<std::string> out;
  for (const auto& reg : snap.registers) {
    const RegisterKind* k = snap.FindRegisterKind(reg.kind);
    if (!k) continue;
    bool any = false;
    for (const auto& row : reg.rows) {
      if (k->record_date.empty()) {
        any = true;
        break;
      }
      auto d = Date::Parse(row.Get(k->record_date));
      if (d && *d <= as_of) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    for (const auto& cl : k->clauses) {
      auto leaves = snap.checklist.ExpandClause(cl);
      if (leaves) out.insert(leaves->begin(), leaves->end());
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace dossier
