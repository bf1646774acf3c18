#include "dossier/objectives.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "citation.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "transaction.h"

namespace dossier {
namespace {

// The i-th of a list that holds one entry per measure or one for all.
Result<std::string> Nth(const std::vector<std::string>& v, size_t i, size_t n, const char* option,
                        bool required) {
  if (v.empty()) {
    if (required) return Error::Input(std::string("objective add needs ") + option);
    return std::string();
  }
  if (v.size() != 1 && v.size() != n) {
    return Error::Input(std::string(option) + " is given " + std::to_string(v.size()) +
                        " times for " + std::to_string(n) +
                        " measures: give it once for all, or once per --measure in order");
  }
  return Trim(v.size() == 1 ? v[0] : v[i]);
}

std::string FormatValue(double v) {
  std::ostringstream os;
  os.imbue(std::locale::classic());
  os << v;
  return os.str();
}

}  // namespace

Result<Objective> AddObjective(Repository& repo, const Context& ctx, const AddObjectiveOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts(
      {{"NAME", o.name}, {"--owner", o.owner}, {"--plan", o.plan, TextForm::kMultiLine}}));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--measure", o.measures));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--unit", o.units));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--target", o.targets));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--frequency", o.frequencies));
  const std::string name = Trim(o.name);
  if (name.empty()) return Error::Input("objective add needs a NAME");
  if (o.measures.empty()) {
    return Error::Input(
        "objective add needs at least one --measure NAME with --target and "
        "--frequency: an objective must be measurable (ISO 9001 6.2.1 b)");
  }
  Objective ob;
  ob.name = name;
  ob.owner = Trim(o.owner);
  ob.plan = Trim(o.plan);
  ob.created = ctx.today;
  const size_t n = o.measures.size();
  for (size_t i = 0; i < n; ++i) {
    Measure m;
    m.name = Trim(o.measures[i]);
    if (m.name.empty()) return Error::Input("--measure needs a name");
    for (const auto& other : ob.measures) {
      if (Lower(other.name) == Lower(m.name)) {
        return Error::Input("--measure " + m.name + " is given twice");
      }
    }
    auto unit = Nth(o.units, i, n, "--unit", false);
    if (!unit) return unit.error();
    m.unit = *unit;
    auto target_text = Nth(o.targets, i, n, "--target \">=90\"", true);
    if (!target_text) return target_text.error();
    auto target = ParseTarget(*target_text);
    if (!target) return target.error().WithContext("--target for measure " + m.name);
    m.target = target->text;
    auto freq_text = Nth(o.frequencies, i, n, "--frequency monthly|quarterly|yearly", true);
    if (!freq_text) return freq_text.error();
    auto freq = ParseFrequency(Lower(*freq_text));
    if (!freq) return freq.error().WithContext("--frequency");
    m.frequency = *freq;
    ob.measures.push_back(m);
  }

  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  for (const auto& x : snap.objectives) {
    if (Lower(x.name) == Lower(ob.name)) {
      return Error::Input("an objective named \"" + x.name + "\" exists already: " + x.id);
    }
  }
  ob.id = tx->NewId("OBJ", IdsOf(snap.objectives));
  tx->Write(layout::EntityPath(layout::kObjectivesDir, ob.id), codec::Encode(ob));
  std::string message = "objective " + ob.id + ": added \"" + ob.name + "\"\n";
  for (const auto& m : ob.measures) {
    message += "\nmeasure " + m.name + ": target " + m.target +
               (m.unit.empty() ? "" : " " + m.unit) + ", " + ToString(m.frequency);
  }
  auto commit = tx->Commit(message);
  if (!commit) return commit.error();
  return ob;
}

Result<Measurement> RecordMeasurement(Repository& repo, const Context& ctx,
                                      const MeasureOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"ID", o.objective},
                                      {"--measure", o.measure},
                                      {"--value", o.value},
                                      {"--source", o.source}}));
  const std::string text = Trim(o.value);
  char* end = nullptr;
  double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  bool plain = !text.empty() && end == text.c_str() + text.size() && std::isfinite(value) &&
               text.find_first_of("xXpPeEnN") == std::string::npos;
  if (!plain) {
    return Error::Input("--value \"" + o.value + "\" is not a number (e.g. 93.5)");
  }
  if (o.date > ctx.today) {
    return Error::Input("--date " + o.date.ToString() + " is after today (" + ctx.today.ToString() +
                        "): a measurement is recorded once it is taken");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto found = ResolveId(snap.objectives, o.objective, "objective");
  if (!found) return found.error();
  const Objective& ob = **found;
  const Measure* measure = nullptr;
  for (const auto& m : ob.measures) {
    if (m.name == Trim(o.measure)) measure = &m;
  }
  for (const auto& m : ob.measures) {
    if (!measure && Lower(m.name) == Lower(Trim(o.measure))) measure = &m;
  }
  if (!measure) {
    std::vector<std::string> all;
    for (const auto& m : ob.measures) all.push_back(m.name);
    const std::string names = Join(all, ", ");
    return Error::Input("objective " + ob.id + " (" + ob.name + ") has no measure \"" + o.measure +
                        "\"" + DidYouMean(Trim(o.measure), all, '"') + " (its measures: " + names +
                        ")");
  }
  Measurement m;
  m.objective = ob.id;
  m.measure = measure->name;
  m.value = value;
  m.date = o.date;
  m.recorded_by = tx->actor();
  if (!Trim(o.source).empty()) {
    auto cited = CiteArtifact(snap, repo.root(), o.source, "--source");
    if (!cited) return cited.error();
    m.source = cited->artifact;
  }
  m.id = tx->NewId("MS", IdsOf(snap.measurements));
  tx->Write(layout::EntityPath(layout::kMeasurementsDir, m.id), codec::Encode(m));
  auto commit = tx->Commit("objective " + ob.id + ": " + m.measure + " = " + FormatValue(value) +
                           (measure->unit.empty() ? "" : " " + measure->unit) + " on " +
                           m.date.ToString() + " (" + m.id + ")");
  if (!commit) return commit.error();
  return m;
}

std::vector<MeasureStatus> MeasureStatuses(const Snapshot& snap, const Objective& ob) {
  std::vector<MeasureStatus> out;
  for (const auto& m : ob.measures) {
    MeasureStatus s;
    s.measure = &m;
    s.latest = LatestMeasurement(snap.measurements, ob.id, m.name);
    auto target = ParseTarget(m.target);
    if (s.latest && target) s.met = target->Met(s.latest->value);
    out.push_back(s);
  }
  return out;
}

std::vector<const Measurement*> MeasurementsOf(const Snapshot& snap, const std::string& objective) {
  std::vector<const Measurement*> out;
  for (const auto& m : snap.measurements) {
    if (m.objective == objective) out.push_back(&m);
  }
  std::sort(out.begin(), out.end(), [](const Measurement* a, const Measurement* b) {
    return a->date != b->date ? a->date < b->date : a->id < b->id;
  });
  return out;
}

}  // namespace dossier
