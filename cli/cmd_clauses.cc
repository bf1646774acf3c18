// clauses, scope exclude|include|list.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli.h"
#include "dossier/evidence.h"

namespace dossier::cli {
namespace {

int ScopeExcludeCmd(Invocation& inv) {
  po::options_description desc("scope exclude options");
  desc.add_options()
      ("clause", po::value<std::string>(), "the clause (or parent) not applicable")
      ("why", po::value<std::string>(), "the justification (required; ISO 9001 4.3)");
  po::positional_options_description pos;
  pos.add("clause", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "scope exclude CLAUSE --why TEXT")) return 0;
  if (!vm.count("clause")) Usage("scope exclude needs a CLAUSE");
  auto c = Check(ScopeExclude(inv.Repo(), inv.MakeContext(), vm["clause"].as<std::string>(),
                              vm.count("why") ? vm["why"].as<std::string>() : ""));
  inv.out << "clause " << vm["clause"].as<std::string>() << " declared not applicable ("
          << c.commit.substr(0, 12) << ")\n";
  return 0;
}

int ScopeIncludeCmd(Invocation& inv) {
  po::options_description desc("scope include options");
  desc.add_options()("clause", po::value<std::string>(), "the clause applicable again");
  po::positional_options_description pos;
  pos.add("clause", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "scope include CLAUSE")) return 0;
  if (!vm.count("clause")) Usage("scope include needs a CLAUSE");
  auto c = Check(ScopeInclude(inv.Repo(), inv.MakeContext(), vm["clause"].as<std::string>()));
  inv.out << "clause " << vm["clause"].as<std::string>() << " applicable again ("
          << c.commit.substr(0, 12) << ")\n";
  return 0;
}

int ScopeListCmd(Invocation& inv) {
  po::options_description desc("scope list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "scope list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  if (inv.global.json) {
    bj::object na;
    for (const auto& [c, why] : snap.config.not_applicable) na[c] = why;
    bj::object doc;
    doc["not_applicable"] = std::move(na);
    inv.PrintJson(std::move(doc));
    return 0;
  }
  if (snap.config.not_applicable.empty()) inv.out << "every clause applies\n";
  for (const auto& [c, why] : snap.config.not_applicable) {
    const Clause* cl = snap.checklist.FindClause(c);
    inv.out << c << "  " << (cl ? cl->title : "?") << "\n    not applicable: " << why << "\n";
  }
  return 0;
}

}  // namespace

int RunScope(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"exclude", "declare a clause not applicable, with its justification", ScopeExcludeCmd},
      {"include", "make a clause applicable again", ScopeIncludeCmd},
      {"list", "the clauses declared not applicable", ScopeListCmd},
  };
  return RunSubcommand(inv, kTable, "scope");
}

int RunClauses(Invocation& inv) {
  po::options_description desc("clauses options");
  desc.add_options()("clause", po::value<std::string>(), "only this clause and what lies under it");
  po::positional_options_description pos;
  pos.add("clause", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "clauses [CLAUSE] [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  const Checklist& cl = snap.checklist;
  std::string root;
  if (vm.count("clause")) {
    root = vm["clause"].as<std::string>();
    Check(cl.ExpandClause(root));
  }
  // Distinct artifacts per clause, leaves and parents alike.
  std::map<std::string, std::set<std::string>> serving;
  std::map<std::string, std::set<std::string>> documents, records;
  for (const auto& a : snap.artifacts) {
    for (const auto& c : a.clauses) {
      for (const Clause* cur = cl.FindClause(c); cur;
           cur = cur->parent.empty() ? nullptr : cl.FindClause(cur->parent)) {
        serving[cur->id].insert(a.id);
        (a.kind == ArtifactKind::kDocument ? documents : records)[cur->id].insert(a.id);
      }
    }
  }
  const auto na = snap.NotApplicableLeaves();
  // A parent is not applicable when every leaf under it is excluded.
  auto not_applicable = [&](const Clause& c) {
    if (c.leaf()) return na.count(c.id) > 0;
    auto leaves = *cl.ExpandClause(c.id);
    return std::all_of(leaves.begin(), leaves.end(),
                       [&](const std::string& l) { return na.count(l) > 0; });
  };
  auto depth = [&](const Clause& c) {
    int d = 0;
    for (const Clause* p = &c; !p->parent.empty(); p = cl.FindClause(p->parent)) ++d;
    return d;
  };
  std::vector<const Clause*> shown;
  for (const auto& c : cl.clauses()) {
    if (root.empty() || cl.IsUnder(c.id, root)) shown.push_back(&c);
  }
  if (inv.global.json) {
    bj::array arr;
    for (const Clause* c : shown) {
      bj::object o;
      o["id"] = c->id;
      o["title"] = c->title;
      if (!c->parent.empty()) o["parent"] = c->parent;
      o["leaf"] = c->leaf();
      o["excludable"] = c->excludable;
      bj::array reqs;
      for (const auto& r : c->requirements) reqs.emplace_back(r);
      o["requirements"] = std::move(reqs);
      o["artifacts"] = serving[c->id].size();
      o["documents"] = documents[c->id].size();
      o["records"] = records[c->id].size();
      o["applicable"] = !not_applicable(*c);
      arr.push_back(std::move(o));
    }
    bj::object doc;
    doc["checklist"] = cl.id();
    doc["clauses"] = std::move(arr);
    inv.PrintJson(std::move(doc));
    return 0;
  }
  inv.out << cl.standard() << " (" << cl.id() << ")   documents / records\n";
  for (const Clause* c : shown) {
    std::string label = std::string(static_cast<size_t>(depth(*c)) * 2, ' ') + c->id + " " + c->title;
    if (label.size() > 66) label.replace(63, std::string::npos, "...");
    inv.out << std::left << std::setw(68) << label;
    if (not_applicable(*c)) {
      inv.out << "n/a";
    } else {
      inv.out << std::right << std::setw(3) << documents[c->id].size() << " / " << std::left
              << records[c->id].size();
      if (!c->requirements.empty()) {
        inv.out << "  [" << Join(c->requirements, ",") << "]";
      }
    }
    inv.out << "\n";
  }
  return 0;
}

}  // namespace dossier::cli
