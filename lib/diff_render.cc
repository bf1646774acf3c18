// `dossier diff` output: text for people, JSON for machines.
#include <cmath>
#include <map>

#include "dossier/diff.h"
#include "dossier/json.h"
#include "report_util.h"

namespace dossier {
namespace {
namespace bj = boost::json;

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s + " ";
}

std::string Verdict(const ReadinessReport& r) {
  return std::string(r.ready ? "READY" : "NOT READY") + " " + report::Score(r.score);
}

bj::object SideJson(const RevisionSide& s) {
  auto stage = [](const ReadinessReport& r) {
    bj::array blockers;
    for (const auto* c : r.Blockers()) blockers.emplace_back(c->id);
    return bj::object{{"verdict", r.ready ? "READY" : "NOT READY"},
                      {"ready", r.ready},
                      {"score", std::round(r.score * 10.0) / 10.0},
                      {"blockers", std::move(blockers)}};
  };
  return bj::object{{"rev", s.rev},
                    {"commit", s.commit},
                    {"as_of", s.as_of.ToString()},
                    {"stage1", stage(s.stage1)},
                    {"stage2", stage(s.stage2)}};
}

}  // namespace

std::vector<CheckMove> ChangedChecks(const RevisionDiff& d) {
  std::vector<CheckMove> out;
  for (const auto& c : d.after.stage2.checks) {
    const CheckResult* old = d.before.stage2.FindCheck(c.id);
    const std::string was = old ? ToString(old->status) : "absent";
    if (was != ToString(c.status)) out.push_back({c.stage, c.id, was, ToString(c.status)});
  }
  return out;
}

std::string RenderDiffText(const RevisionDiff& d) {
  std::string out = "diff " + d.before.commit.substr(0, 12) + " (" + d.before.rev + ") .. " +
                    d.after.commit.substr(0, 12) + " (" + d.after.rev + ")\n\n";
  out += Pad("readiness", 11) + Pad("before, as of " + d.before.as_of.ToString(), 25) +
         "after, as of " + d.after.as_of.ToString() + "\n";
  out += Pad("  Stage 1", 11) + Pad(Verdict(d.before.stage1), 25) + Verdict(d.after.stage1) + "\n";
  out += Pad("  Stage 2", 11) + Pad(Verdict(d.before.stage2), 25) + Verdict(d.after.stage2) + "\n";
  const auto moves = ChangedChecks(d);
  if (!moves.empty()) {
    out += "\nchecks that changed:\n";
    for (const auto& m : moves) out += "  " + Pad(m.id, 24) + m.before + " -> " + m.after + "\n";
  }
  out += "\n" + std::to_string(d.changes.size()) + " change" + (d.changes.size() == 1 ? "" : "s") +
         "\n";
  const std::map<ChangeKind, const char*> marks = {
      {ChangeKind::kAdded, "+"}, {ChangeKind::kChanged, "~"}, {ChangeKind::kRemoved, "-"}};
  for (const auto& c : d.changes) {
    out += std::string("  ") + marks.at(c.change) + " " + Pad(c.kind, 11) + Pad(c.id, 19) +
           c.summary + "\n";
  }
  return out;
}

std::string RenderDiffJson(const RevisionDiff& d) {
  bj::array changes;
  for (const auto& c : d.changes) {
    changes.push_back(bj::object{
        {"kind", c.kind}, {"id", c.id}, {"change", ToString(c.change)}, {"summary", c.summary}});
  }
  bj::array checks;
  for (const auto& m : ChangedChecks(d)) {
    checks.push_back(
        bj::object{{"stage", m.stage}, {"id", m.id}, {"before", m.before}, {"after", m.after}});
  }
  bj::object doc{{"schema_version", kJsonSchemaVersion},
                 {"before", SideJson(d.before)},
                 {"after", SideJson(d.after)},
                 {"changes", std::move(changes)},
                 {"checks_changed", std::move(checks)}};
  return report::Json(doc);
}

}  // namespace dossier
