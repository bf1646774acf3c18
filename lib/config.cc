#include "dossier/config.h"

#include "dossier/text.h"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <set>
#include <sstream>

namespace dossier {
namespace pt = boost::property_tree;
namespace {

constexpr const char* kProcessPrefix = "process:";

}  // namespace

Result<Config> ParseConfig(const std::string& ini_text, const std::string& source) {
  pt::ptree tree;
  try {
    std::istringstream in(ini_text);
    pt::read_ini(in, tree);
  } catch (const pt::ini_parser_error& e) {
    return Error::Input(source + ":" + std::to_string(e.line()) + ": " + e.message());
  }
  Config c;
  // Keys are read section by section rather than with ptree paths: clause
  // ids such as "8.3" contain the path separator.
  for (const auto& [section, body] : tree) {
    if (body.empty() && !body.data().empty()) {
      return Error::Input(source + ": key \"" + section + "\" outside any [section]");
    }
    for (const auto& [key, value] : body) c.raw[section + "." + key] = value.data();
  }
  auto bad = [&](const std::string& section, const std::string& key, const std::string& why) {
    return Error::Input(source + ": [" + section + "] " + key + ": " + why);
  };
  auto period = [&](const std::string& section, const std::string& key,
                    Period* out) -> Status {
    auto it = c.raw.find(section + "." + key);
    if (it == c.raw.end()) return Status::Ok();
    auto p = Period::Parse(it->second, key);
    if (!p) return bad(section, key, p.error().message());
    *out = *p;
    return Status::Ok();
  };

  for (const auto& [section, body] : tree) {
    if (section == "organisation") {
      c.organisation = body.get<std::string>("name", "");
    } else if (section == "checklist") {
      c.checklist = body.get<std::string>("name", c.checklist);
    } else if (section == "not-applicable") {
      for (const auto& [clause, why] : body) c.not_applicable[clause] = why.data();
    } else if (section.rfind(kProcessPrefix, 0) == 0) {
      Process p;
      p.name = section.substr(std::string(kProcessPrefix).size());
      p.owner = body.get<std::string>("owner", "");
      p.clauses = SplitList(body.get<std::string>("clauses", ""));
      if (p.name.empty()) return Error::Input(source + ": [" + section + "]: empty process name");
      c.processes.push_back(std::move(p));
    } else if (section == "findings") {
      for (const auto& [key, value] : body) {
        if (key.rfind("due_", 0) != 0) continue;
        auto g = ParseGrade(key.substr(4));
        if (!g) return bad(section, key, g.error().message());
        if (value.data() == "none" || value.data().empty()) {
          c.due_by_grade.erase(*g);
          continue;
        }
        auto p = Period::Parse(value.data(), key);
        if (!p) return bad(section, key, p.error().message());
        c.due_by_grade[*g] = *p;
      }
    }
  }
  DOSSIER_RETURN_IF_ERROR(period("documents", "review_every", &c.default_review_every));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "evidence_window", &c.evidence_window));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "operating_period", &c.operating_period));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "audit_cycle", &c.audit_cycle));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "review_window", &c.review_window));
  if (auto it = c.raw.find("readiness.min_objectives"); it != c.raw.end()) {
    try {
      c.min_objectives = std::stoi(it->second);
    } catch (...) {
      return bad("readiness", "min_objectives", "expected a whole number");
    }
  }
  return c;
}

std::string FormatConfig(const Config& c) {
  // Start from every key the file had, then overwrite what we interpret.
  std::map<std::string, std::map<std::string, std::string>> sections;
  for (const auto& [k, v] : c.raw) {
    auto dot = k.find('.');
    sections[k.substr(0, dot)][k.substr(dot + 1)] = v;
  }
  sections["organisation"]["name"] = c.organisation;
  sections["checklist"]["name"] = c.checklist;
  sections.erase("not-applicable");
  for (const auto& [clause, why] : c.not_applicable) sections["not-applicable"][clause] = why;
  for (auto it = sections.begin(); it != sections.end();) {
    it = it->first.rfind(kProcessPrefix, 0) == 0 ? sections.erase(it) : std::next(it);
  }
  for (const auto& p : c.processes) {
    auto& s = sections[kProcessPrefix + p.name];
    s["owner"] = p.owner;
    std::string list;
    for (const auto& cl : p.clauses) list += (list.empty() ? "" : ",") + cl;
    s["clauses"] = list;
  }
  sections["documents"]["review_every"] = c.default_review_every.ToString();
  for (const Grade g : {Grade::kMajor, Grade::kMinor, Grade::kConcern, Grade::kObservation,
                        Grade::kOfi}) {
    auto it = c.due_by_grade.find(g);
    sections["findings"][std::string("due_") + ToString(g)] =
        it == c.due_by_grade.end() ? "none" : it->second.ToString();
  }
  auto& r = sections["readiness"];
  r["evidence_window"] = c.evidence_window.ToString();
  r["operating_period"] = c.operating_period.ToString();
  r["audit_cycle"] = c.audit_cycle.ToString();
  r["review_window"] = c.review_window.ToString();
  r["min_objectives"] = std::to_string(c.min_objectives);

  std::string out = "# Dossier evidence repository configuration (see doc/architecture.md).\n";
  for (const auto& [name, keys] : sections) {
    out += "\n[" + name + "]\n";
    for (const auto& [k, v] : keys) {
      std::string value = v;
      for (char& ch : value) {
        if (ch == '\n' || ch == '\r') ch = ' ';
      }
      out += k + " = " + value + "\n";
    }
  }
  return out;
}

}  // namespace dossier
