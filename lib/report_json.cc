// The JSON report (doc/readiness.md "JSON report"): canonical like every
// --json document (sorted keys, two-space indent, LF), with decimal numbers
// written plainly ("87.5", not "8.75E1").
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <sstream>
#include <string_view>
#include <vector>

#include "dossier/report.h"
#include "json_io.h"
#include "report_util.h"

namespace dossier {
namespace {
namespace bj = boost::json;

bj::value Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

bj::value CheckValue(const CheckResult& c) {
  bj::object o;
  o["id"] = c.id;
  o["stage"] = c.stage;
  o["title"] = c.title;
  o["status"] = ToString(c.status);
  o["detail"] = c.detail;
  o["next_action"] = c.next_action;
  o["command"] = c.command;
  o["judged"] = c.judged;
  bj::array ents;
  for (const auto& e : c.entities) ents.push_back(bj::object{{"kind", e.kind}, {"id", e.id}});
  o["entities"] = std::move(ents);
  return o;
}

}  // namespace

std::string RenderJson(const ReadinessReport& r, const ReportExtras& extras) {
  std::ostringstream out;
  WriteJson(r, extras, out);
  return std::move(out).str();
}

void WriteJson(const ReadinessReport& r, const ReportExtras& extras, std::ostream& out) {
  // The small members as one tree; "checks" and "requirements", which name
  // every record that counts (megabytes at 100,000 artifacts), written an
  // element at a time, in their place in the canonical key order.
  bj::object doc;
  doc["schema_version"] = kReportSchemaVersion;
  doc["report"] = "dossier.readiness";
  doc["stage"] = r.stage;
  doc["as_of"] = r.as_of.ToString();
  doc["organisation"] = r.organisation;
  doc["commit"] = r.commit;
  doc["checklist"] = r.checklist;
  doc["verdict"] = report::Verdict(r);
  doc["ready"] = r.ready;
  doc["score"] = std::round(r.score * 10.0) / 10.0;
  doc["counts"] = bj::object{{"pass", r.Count(CheckStatus::kPass)},
                             {"warn", r.Count(CheckStatus::kWarn)},
                             {"fail", r.Count(CheckStatus::kFail)}};
  doc["settings"] =
      bj::object{{"evidence_window", r.settings.evidence_window.ToString()},
                 {"operating_period", r.settings.operating_period.ToString()},
                 {"audit_cycle", r.settings.audit_cycle.ToString()},
                 {"review_window", r.settings.review_window.ToString()},
                 {"min_objectives", r.settings.min_objectives},
                 {"approval_grace", r.settings.approval_grace.ToString()},
                 {"plan_grace", r.settings.plan_grace.ToString()},
                 {"effectiveness_interval", r.settings.effectiveness_interval.ToString()},
                 {"target_misses", r.settings.target_misses},
                 {"go_live", r.settings.go_live ? bj::value(r.settings.go_live->ToString())
                                                : bj::value(nullptr)}};
  bj::array blockers, warnings;
  for (const auto& c : r.checks) {
    if (c.status == CheckStatus::kFail) blockers.emplace_back(c.id);
    if (c.status == CheckStatus::kWarn) warnings.emplace_back(c.id);
  }
  doc["blockers"] = std::move(blockers);
  doc["warnings"] = std::move(warnings);
  bj::array matrix;
  for (const auto& row : r.matrix) {
    bj::object o;
    o["clause"] = row.clause;
    o["title"] = row.title;
    o["applicable"] = row.applicable;
    o["justification"] = row.justification;
    o["documents"] = row.documents;
    o["records"] = row.records;
    o["audited"] = row.audited;
    o["open_findings"] = row.open_findings;
    o["status"] = row.applicable ? ToString(row.status) : "n/a";
    matrix.push_back(std::move(o));
  }
  doc["matrix"] = std::move(matrix);
  bj::array findings;
  for (const auto& f : r.findings) {
    bj::object o;
    o["id"] = f.id;
    o["title"] = f.title;
    o["grade"] = ToString(f.grade);
    o["source"] = ToString(f.source);
    o["state"] = ToString(f.state);
    o["raised"] = f.raised.ToString();
    o["due"] = f.due ? bj::value(f.due->ToString()) : bj::value(nullptr);
    o["age_days"] = f.age_days;
    o["overdue"] = f.overdue;
    o["clauses"] = Strings(f.clauses);
    findings.push_back(std::move(o));
  }
  doc["findings"] = std::move(findings);
  bj::array withdrawn;
  for (const auto& f : r.withdrawn) {
    bj::object o;
    o["id"] = f.id;
    o["title"] = f.title;
    o["grade"] = ToString(f.grade);
    o["source"] = ToString(f.source);
    o["raised"] = f.raised.ToString();
    o["withdrawn"] = f.withdrawn;
    o["clauses"] = Strings(f.clauses);
    withdrawn.push_back(std::move(o));
  }
  doc["withdrawn"] = std::move(withdrawn);
  doc["stage_name"] = ReadinessStageName(r.stage);
  doc["audit"] = r.audit;
  bj::array measures;
  for (const auto& m : r.measures) {
    bj::object o;
    o["objective"] = m.objective;
    o["objective_name"] = m.objective_name;
    o["measure"] = m.measure;
    o["unit"] = m.unit;
    o["target"] = m.target;
    o["frequency"] = ToString(m.frequency);
    o["current"] = m.current;
    o["met"] = m.met ? bj::value(*m.met) : bj::value(nullptr);
    bj::array pts;
    for (const auto& p : m.points) {
      pts.push_back(bj::object{{"date", p.date.ToString()}, {"value", p.value}});
    }
    o["measurements"] = std::move(pts);
    measures.push_back(std::move(o));
  }
  doc["measures"] = std::move(measures);
  bj::array history;
  for (const auto& h : extras.history) {
    bj::object o;
    o["date"] = h.date.ToString();
    o["commit"] = h.commit;
    o["score"] = std::round(h.score * 10.0) / 10.0;
    o["ready"] = h.ready;
    o["failed"] = h.failed;
    o["warned"] = h.warned;
    history.push_back(std::move(o));
  }
  doc["history"] = std::move(history);

  std::vector<std::string_view> keys{"checks", "requirements"};
  for (const auto& kv : doc) keys.emplace_back(kv.key().data(), kv.key().size());
  std::sort(keys.begin(), keys.end());
  json::CanonicalWriter w(out);
  for (const auto key : keys) {
    if (key == "checks") {
      w.BeginArray(key);
      for (const auto& c : r.checks) w.Element(CheckValue(c));
      w.EndArray();
    } else if (key == "requirements") {
      w.BeginArray(key);
      for (const auto& q : r.requirements) {
        bj::object o;
        o["id"] = q.id;
        o["ref"] = q.ref;
        o["title"] = q.title;
        o["clause"] = q.clause;
        o["kind"] = q.maintain ? "maintain" : "retain";
        o["conditional"] = q.conditional;
        o["status"] = q.status;
        o["met_by"] = Strings(q.met_by);
        w.Element(o);
      }
      w.EndArray();
    } else {
      w.Member(key, doc.at(key));
    }
  }
  w.End();
}

}  // namespace dossier
