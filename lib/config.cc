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

Result<double> ParseSeconds(const std::string& text) {
  // Digits with at most one decimal point, nothing else: "10", "2.5".
  bool digit = false;
  int points = 0;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      digit = true;
    } else if (ch != '.' || ++points > 1) {
      digit = false;
      break;
    }
  }
  if (!digit || text.size() > 12) {
    return Error::Input("expected a number of seconds (e.g. 10 or 2.5), got '" + text + "'");
  }
  return std::stod(text);
}

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
  if (auto it = c.raw.find("documents.review_every"); it != c.raw.end()) {
    const std::string v = Trim(it->second);
    if (v != "none" && !v.empty()) {
      auto p = Period::Parse(v, "review_every");
      if (!p) return bad("documents", "review_every", p.error().message() + " (or none)");
      c.default_review_every = *p;
    }
  }
  DOSSIER_RETURN_IF_ERROR(period("documents", "approval_grace", &c.approval_grace));
  DOSSIER_RETURN_IF_ERROR(period("findings", "effectiveness_interval", &c.effectiveness_interval));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "plan_grace", &c.plan_grace));
  if (auto it = c.raw.find("qms.go_live"); it != c.raw.end() && !Trim(it->second).empty()) {
    auto d = Date::Parse(Trim(it->second));
    if (!d) return bad("qms", "go_live", "expected a date YYYY-MM-DD, got \"" + it->second + "\"");
    c.go_live = *d;
  }
  for (const auto& [key, value] : c.raw) {
    if (key.rfind("not-held.", 0) != 0) continue;
    const std::string req = key.substr(9);
    auto n = ParseNotHeld(value, source + ": [not-held] " + req);
    if (!n) return n.error();
    c.not_held[req] = *n;
  }
  DOSSIER_RETURN_IF_ERROR(period("readiness", "evidence_window", &c.evidence_window));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "operating_period", &c.operating_period));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "audit_cycle", &c.audit_cycle));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "review_window", &c.review_window));
  auto count = [&](const char* key, int* out) -> Status {
    auto it = c.raw.find(std::string("readiness.") + key);
    if (it == c.raw.end()) return Status::Ok();
    const std::string v = Trim(it->second);
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(v) < 1) {
      return bad("readiness", key, "expected a whole number of at least 1, got \"" + v + "\"");
    }
    *out = std::stoi(v);
    return Status::Ok();
  };
  DOSSIER_RETURN_IF_ERROR(count("min_objectives", &c.min_objectives));
  DOSSIER_RETURN_IF_ERROR(count("target_misses", &c.target_misses));
  if (auto it = c.raw.find("repository.lock_wait"); it != c.raw.end()) {
    auto seconds = ParseSeconds(Trim(it->second));
    if (!seconds) return bad("repository", "lock_wait", seconds.error().message());
    c.lock_wait_seconds = *seconds;
  }
  return c;
}

std::string FormatNotHeld(const Config::NotHeld& n) {
  return n.from.ToString() + ".." + (n.to ? n.to->ToString() : "") + ": " + n.why;
}

Result<Config::NotHeld> ParseNotHeld(const std::string& value, const std::string& where) {
  const std::string form =
      " (expected FROM..[TO]: JUSTIFICATION, e.g. \"2026-01-01..: no measuring equipment is "
      "used to verify conformity\")";
  const std::string v = Trim(value);
  const size_t dots = v.find("..");
  const size_t colon = v.find(':');
  if (dots == std::string::npos || colon == std::string::npos || colon < dots) {
    return Error::Input(where + ": \"" + v + "\"" + form);
  }
  Config::NotHeld n;
  auto from = Date::Parse(Trim(v.substr(0, dots)));
  if (!from) return Error::Input(where + ": bad start date" + form);
  n.from = *from;
  const std::string to = Trim(v.substr(dots + 2, colon - dots - 2));
  if (!to.empty()) {
    auto d = Date::Parse(to);
    if (!d) return Error::Input(where + ": bad end date \"" + to + "\"" + form);
    if (*d < n.from) return Error::Input(where + ": the end " + to + " is before the start");
    n.to = *d;
  }
  n.why = Trim(v.substr(colon + 1));
  if (n.why.empty()) return Error::Input(where + ": no justification" + form);
  return n;
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
  sections["documents"]["review_every"] =
      c.default_review_every ? c.default_review_every->ToString() : "none";
  sections["documents"]["approval_grace"] = c.approval_grace.ToString();
  sections["findings"]["effectiveness_interval"] = c.effectiveness_interval.ToString();
  if (c.go_live) sections["qms"]["go_live"] = c.go_live->ToString();
  sections.erase("not-held");
  for (const auto& [req, n] : c.not_held) sections["not-held"][req] = FormatNotHeld(n);
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
  r["plan_grace"] = c.plan_grace.ToString();
  r["target_misses"] = std::to_string(c.target_misses);

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
