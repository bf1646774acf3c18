// objective add | measure | list | show
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/json.h"
#include "dossier/json_documents.h"
#include "dossier/objectives.h"
#include "dossier/resolve.h"

namespace dossier::cli {
namespace {

std::string Verdict(const MeasureStatus& s) {
  if (!s.latest) return "not measured";
  if (!s.met) return "target unreadable";
  return *s.met ? "met" : "not met";
}

int ObjectiveAdd(Invocation& inv) {
  po::options_description desc("objective add options");
  desc.add_options()("name", po::value<std::string>(), "the objective (required)")(
      "measure", po::value<std::vector<std::string>>()->composing(),
      "a measure's name (repeatable; at least one)")(
      "unit", po::value<std::vector<std::string>>()->composing(),
      "its unit (once for all, or once per measure)")(
      "target", po::value<std::vector<std::string>>()->composing(),
      "its target: >=90, <=5, >0, <3, =100 (once for all, or per measure)")(
      "frequency", po::value<std::vector<std::string>>()->composing(),
      "monthly, quarterly or yearly (once for all, or per measure)")(
      "owner", po::value<std::string>(), "who is responsible")("plan", po::value<std::string>(),
                                                               "how it will be achieved (6.2.2)");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  const std::string usage =
      "objective add NAME --measure NAME --unit U --target \">=90\" "
      "--frequency monthly|quarterly|yearly [--owner O] [--plan T]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  AddObjectiveOptions o;
  o.name = Opt(vm, "name");
  o.measures = Repeated(vm, "measure");
  o.units = Repeated(vm, "unit");
  o.targets = Repeated(vm, "target");
  o.frequencies = Repeated(vm, "frequency");
  o.owner = Opt(vm, "owner");
  o.plan = Opt(vm, "plan");
  Objective ob = Check(AddObjective(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(ob);
    return 0;
  }
  inv.out << "added " << ob.id << "  " << ob.name << "\n";
  for (const auto& m : ob.measures) {
    inv.out << "  measure " << m.name << ": target " << m.target
            << (m.unit.empty() ? "" : " " + m.unit) << ", " << ToString(m.frequency) << "\n";
  }
  return 0;
}

int ObjectiveMeasure(Invocation& inv) {
  po::options_description desc("objective measure options");
  desc.add_options()("id", po::value<std::string>(), "objective id (any unique prefix)")(
      "measure", po::value<std::string>(), "which measure (required)")(
      "value", po::value<std::string>(), "the value measured (required)")(
      "date", po::value<std::string>(), "when it was measured (required)")(
      "source", po::value<std::string>(), "the artifact it comes from (id or path)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  const std::string usage =
      "objective measure ID --measure NAME --value V --date DATE [--source ARTIFACT]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("id"))
    Usage("objective measure needs an objective ID (usage: dossier " + usage + ")");
  if (!vm.count("measure") || !vm.count("value")) {
    Usage("objective measure needs --measure NAME and --value V (usage: dossier " + usage + ")");
  }
  auto date = OptionalDate(vm, "date");
  if (!date) Usage("objective measure needs --date YYYY-MM-DD (usage: dossier " + usage + ")");
  MeasureOptions o;
  o.objective = Opt(vm, "id");
  o.measure = Opt(vm, "measure");
  o.value = Opt(vm, "value");
  o.date = *date;
  o.source = Opt(vm, "source");
  Measurement m = Check(RecordMeasurement(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(m);
    return 0;
  }
  inv.out << "recorded " << m.id << "  " << m.objective << "  " << m.measure << " = "
          << ShortestNumber(m.value) << " on " << m.date.ToString() << "\n";
  return 0;
}

int ObjectiveList(Invocation& inv) {
  po::options_description desc("objective list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "objective list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadObjectives | kLoadMeasurements));
  if (inv.global.json) {
    inv.out << ObjectivesJson(snap);
    return 0;
  }
  for (const auto& ob : snap.objectives) {
    inv.out << ob.id << "  " << OneLine(ob.name)
            << (ob.owner.empty() ? "" : "  (" + OneLine(ob.owner) + ")") << "\n";
    for (const auto& s : MeasureStatuses(snap, ob)) {
      inv.out << "    " << std::left << std::setw(24) << s.measure->name << " target "
              << std::setw(8) << s.measure->target << " latest ";
      if (s.latest) {
        inv.out << std::setw(10) << ShortestNumber(s.latest->value) << " ("
                << s.latest->date.ToString() << ")  ";
      } else {
        inv.out << "-  ";
      }
      inv.out << Verdict(s) << "\n";
    }
  }
  if (snap.objectives.empty()) inv.err << "no quality objectives yet\n";
  return 0;
}

int ObjectiveShow(Invocation& inv) {
  po::options_description desc("objective show options");
  desc.add_options()("id", po::value<std::string>(), "objective id (any unique prefix)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "objective show ID [--json]")) return 0;
  if (!vm.count("id")) Usage("objective show needs an objective ID");
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadObjectives | kLoadMeasurements));
  const Objective& ob = *Check(ResolveId(snap.objectives, Opt(vm, "id"), "objective"));
  if (inv.global.json) {
    inv.out << ObjectiveJson(snap, ob);
    return 0;
  }
  inv.out << "id        " << ob.id << "\nname      " << ob.name << "\n";
  if (!ob.owner.empty()) inv.out << "owner     " << ob.owner << "\n";
  if (!ob.plan.empty()) inv.out << "plan      " << ob.plan << "\n";
  inv.out << "created   " << ob.created.ToString() << "\n";
  const auto measurements = MeasurementsOf(snap, ob.id);
  for (const auto& s : MeasureStatuses(snap, ob)) {
    const Measure& m = *s.measure;
    inv.out << "measure   " << m.name << ": target " << m.target
            << (m.unit.empty() ? "" : " " + m.unit) << ", " << ToString(m.frequency) << "; latest ";
    if (s.latest) {
      inv.out << ShortestNumber(s.latest->value) << " on " << s.latest->date.ToString() << ": ";
    }
    inv.out << Verdict(s) << "\n";
    for (const Measurement* x : measurements) {
      if (x->measure != m.name) continue;
      inv.out << "  " << x->date.ToString() << "  " << std::left << std::setw(10)
              << ShortestNumber(x->value) << " " << x->id
              << (x->source.empty() ? "" : "  source " + x->source)
              << (x->recorded_by.empty() ? "" : "  by " + x->recorded_by) << "\n";
    }
  }
  return 0;
}

}  // namespace

int RunObjective(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"add", "define a quality objective and its measures", ObjectiveAdd},
      {"measure", "record a measurement of one measure", ObjectiveMeasure},
      {"list", "objectives with each measure's latest value against its target", ObjectiveList},
      {"show", "one objective with all its measurements", ObjectiveShow},
  };
  return RunSubcommand(inv, kTable, "objective");
}

}  // namespace dossier::cli
