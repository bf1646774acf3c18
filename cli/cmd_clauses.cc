// clauses, scope exclude|include|list.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli.h"
#include "dossier/assessment.h"
#include "dossier/evidence.h"
#include "dossier/json_documents.h"

namespace dossier::cli {
namespace {

int ScopeExcludeCmd(Invocation& inv) {
  po::options_description desc("scope exclude options");
  desc.add_options()("clause", po::value<std::string>(), "the clause (or parent) not applicable")(
      "why", po::value<std::string>(), "the justification (required; ISO 9001 4.3)");
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

int ScopeConditionCmd(Invocation& inv) {
  po::options_description desc("scope condition options");
  desc.add_options()("requirement", po::value<std::string>(),
                     "a conditional requirement, e.g. R14")(
      "not-held", "its condition does not hold (needs --why)")(
      "holds", "withdraw a statement that it does not hold")("why", po::value<std::string>(),
                                                             "why the condition does not hold")(
      "from", po::value<std::string>(), "from this date (default: today)")(
      "to", po::value<std::string>(), "until this date (default: until withdrawn)");
  po::positional_options_description pos;
  pos.add("requirement", 1);
  po::variables_map vm;
  const std::string usage =
      "scope condition REQ --not-held --why TEXT [--from DATE] [--to DATE] | REQ --holds";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("requirement"))
    Usage("scope condition needs a requirement (usage: dossier " + usage + ")");
  if (vm.count("not-held") == vm.count("holds")) {
    Usage("scope condition needs one of --not-held or --holds (usage: dossier " + usage + ")");
  }
  ConditionStatement st;
  st.requirement = vm["requirement"].as<std::string>();
  st.holds = vm.count("holds") > 0;
  if (vm.count("why")) st.why = vm["why"].as<std::string>();
  if (st.holds && (vm.count("why") || vm.count("from") || vm.count("to"))) {
    Usage("--holds withdraws the statement; it takes no --why, --from or --to");
  }
  if (vm.count("from")) st.from = ParseDateOption(vm["from"].as<std::string>(), "--from");
  if (vm.count("to")) st.to = ParseDateOption(vm["to"].as<std::string>(), "--to");
  auto c = Check(ScopeCondition(inv.Repo(), inv.MakeContext(), st));
  inv.out << c.message << " (" << c.commit.substr(0, 12) << ")\n";
  return 0;
}

int ScopeListCmd(Invocation& inv) {
  po::options_description desc("scope list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "scope list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  if (inv.global.json) {
    inv.out << ScopeJson(snap.config);
    return 0;
  }
  if (snap.config.not_applicable.empty()) inv.out << "every clause applies\n";
  for (const auto& [c, why] : snap.config.not_applicable) {
    const Clause* cl = snap.checklist.FindClause(c);
    inv.out << c << "  " << (cl ? cl->title : "?") << "\n    not applicable: " << why << "\n";
  }
  for (const auto& [q, n] : snap.config.not_held) {
    const Requirement* r = snap.checklist.FindRequirement(q);
    inv.out << q << "  " << (r ? r->title : "?") << "\n    condition does not hold ("
            << FormatNotHeld(n).substr(0, FormatNotHeld(n).find(':')) << "): " << n.why << "\n";
  }
  return 0;
}

}  // namespace

int RunScope(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"exclude", "declare a clause not applicable, with its justification", ScopeExcludeCmd},
      {"include", "make a clause applicable again", ScopeIncludeCmd},
      {"condition", "state that a conditional requirement's condition does not hold",
       ScopeConditionCmd},
      {"list", "the clauses declared not applicable, and conditions stated not to hold",
       ScopeListCmd},
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
  const std::string root = vm.count("clause") ? vm["clause"].as<std::string>() : "";
  ClauseCoverageReport cov = Check(CoverageOfClauses(inv.Repo(), inv.global.at, inv.Today(), root));
  if (inv.global.json) {
    inv.out << ClauseCoverageJson(cov);
    return 0;
  }
  inv.out << cov.standard << " (" << cov.checklist << ")   documents / records\n";
  for (const ClauseCoverage& c : cov.clauses) {
    std::string label = std::string(static_cast<size_t>(c.depth) * 2, ' ') + c.id + " " + c.title;
    if (label.size() > 66) label.replace(63, std::string::npos, "...");
    inv.out << std::left << std::setw(68) << label;
    if (!c.applicable) {
      inv.out << "n/a";
    } else {
      inv.out << std::right << std::setw(3) << c.documents << " / " << std::left << c.records;
      if (!c.requirements.empty()) inv.out << "  [" << Join(c.requirements, ",") << "]";
    }
    inv.out << "\n";
  }
  return 0;
}

}  // namespace dossier::cli
