#include "dossier/config.h"

#include <algorithm>
#include <map>

#include "dossier/checklist.h"
#include "dossier/text.h"
#include "ini.h"

namespace dossier {
namespace {

constexpr const char* kProcessPrefix = "process:";

// "a/b" -> {"a", "b"}, empty parts kept.
std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    parts.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

// A repository-relative path to a file inside the repository: a checklist
// named "../x.json" or "/etc/x.json" would be read from outside it.
bool IsInsideRepositoryPath(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\\') != std::string::npos) return false;
  for (const auto& part : SplitPath(path)) {
    if (part.empty() || part == "." || part == ".." || part == ".git") return false;
  }
  return true;
}

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
  auto sections = ini::Parse(ini_text, source);
  if (!sections) return sections.error();
  Config c;
  std::map<std::pair<std::string, std::string>, size_t> line_of;  // (section, key) -> line
  size_t keys = 0;
  for (const auto& section : *sections) {
    for (const auto& e : section.entries) {
      c.raw[section.name][e.key] = e.value;
      line_of[{section.name, e.key}] = e.line;
      ++keys;
    }
  }
  if (keys == 0) {
    return Error::Input(source +
                        ": holds no settings; it needs at least [organisation] with "
                        "name = ... (see doc/architecture.md)");
  }
  auto bad = [&](const std::string& section, const std::string& key, const std::string& why) {
    auto it = line_of.find({section, key});
    return Error::Input(source + (it == line_of.end() ? "" : ":" + std::to_string(it->second)) +
                        ": [" + section + "] " + key + ": " + why);
  };
  auto get = [&](const std::string& section, const std::string& key) -> const std::string* {
    auto s = c.raw.find(section);
    if (s == c.raw.end()) return nullptr;
    auto it = s->second.find(key);
    return it == s->second.end() ? nullptr : &it->second;
  };
  auto period = [&](const std::string& section, const std::string& key, Period* out) -> Status {
    const std::string* v = get(section, key);
    if (!v) return Status::Ok();
    auto p = Period::Parse(*v, key);
    if (!p) return bad(section, key, p.error().message());
    *out = *p;
    return Status::Ok();
  };

  for (const auto& section : *sections) {
    const std::string& name = section.name;
    if (name == "organisation") {
      if (const auto* v = get(name, "name")) c.organisation = *v;
    } else if (name == "checklist") {
      if (const auto* v = get(name, "name")) {
        const std::string& cl = *v;
        const bool file = cl.size() > 5 && cl.compare(cl.size() - 5, 5, ".json") == 0;
        if (file && !IsInsideRepositoryPath(cl)) {
          return bad(
              name, "name",
              "\"" + cl +
                  "\" is not a path inside the repository (give it relative to "
                  "the repository's top folder, without '..', e.g. checklists/iso14001.json)");
        }
        const auto builtin = Checklist::BuiltinNames();
        if (!file && std::find(builtin.begin(), builtin.end(), cl) == builtin.end()) {
          return bad(name, "name",
                     "\"" + cl + "\" is neither a built-in checklist (" + Join(builtin, ", ") +
                         ") nor a .json file in the repository");
        }
        c.checklist = cl;
      }
    } else if (name == "not-applicable") {
      for (const auto& e : section.entries) c.not_applicable[e.key] = e.value;
    } else if (name.rfind(kProcessPrefix, 0) == 0) {
      Process p;
      p.name = Trim(name.substr(std::string(kProcessPrefix).size()));
      if (p.name.empty()) {
        return Error::Input(source + ":" + std::to_string(section.line) + ": [" + name +
                            "]: empty process name (write [process:NAME])");
      }
      if (const auto* v = get(name, "owner")) p.owner = *v;
      if (const auto* v = get(name, "clauses")) p.clauses = SplitList(*v);
      c.processes.push_back(std::move(p));
    } else if (name == "findings") {
      for (const auto& e : section.entries) {
        if (e.key.rfind("due_", 0) != 0) continue;
        auto g = ParseGrade(e.key.substr(4));
        if (!g) return bad(name, e.key, g.error().message());
        if (e.value == "none" || e.value.empty()) {
          c.due_by_grade.erase(*g);
          continue;
        }
        auto p = Period::Parse(e.value, e.key);
        if (!p) return bad(name, e.key, p.error().message());
        c.due_by_grade[*g] = *p;
      }
    }
  }
  if (const auto* review_every = get("documents", "review_every")) {
    const std::string v = Trim(*review_every);
    if (v != "none" && !v.empty()) {
      auto p = Period::Parse(v, "review_every");
      if (!p) return bad("documents", "review_every", p.error().message() + " (or none)");
      c.default_review_every = *p;
    }
  }
  DOSSIER_RETURN_IF_ERROR(period("documents", "approval_grace", &c.approval_grace));
  DOSSIER_RETURN_IF_ERROR(period("findings", "effectiveness_interval", &c.effectiveness_interval));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "plan_grace", &c.plan_grace));
  if (const auto* go_live = get("qms", "go_live"); go_live && !Trim(*go_live).empty()) {
    auto d = Date::Parse(Trim(*go_live));
    if (!d) return bad("qms", "go_live", "expected a date YYYY-MM-DD, got \"" + *go_live + "\"");
    c.go_live = *d;
  }
  if (auto held = c.raw.find("not-held"); held != c.raw.end()) {
    for (const auto& [req, value] : held->second) {
      auto it = line_of.find({"not-held", req});
      auto n = ParseNotHeld(value,
                            source + (it == line_of.end() ? "" : ":" + std::to_string(it->second)) +
                                ": [not-held] " + req);
      if (!n) return n.error();
      c.not_held[req] = *n;
    }
  }
  DOSSIER_RETURN_IF_ERROR(period("readiness", "evidence_window", &c.evidence_window));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "operating_period", &c.operating_period));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "audit_cycle", &c.audit_cycle));
  DOSSIER_RETURN_IF_ERROR(period("readiness", "review_window", &c.review_window));
  if (const auto* v = get("readiness", "min_objectives")) {
    // Digits only: "5abc" is not 5, and "-5" or "0" objectives is no rule.
    constexpr int kMaxObjectives = 1000;
    int n = 0;
    bool ok = !v->empty() && v->size() <= 4;
    for (char ch : *v) {
      ok = ok && ch >= '0' && ch <= '9';
      if (ok) n = n * 10 + (ch - '0');
    }
    if (!ok || n < 1 || n > kMaxObjectives) {
      return bad(
          "readiness", "min_objectives",
          "\"" + *v + "\" is not a whole number from 1 to " + std::to_string(kMaxObjectives));
    }
    c.min_objectives = n;
  }
  if (const auto* v = get("readiness", "target_misses")) {
    int n = 0;
    bool ok = !v->empty() && v->size() <= 3;
    for (char ch : *v) {
      ok = ok && ch >= '0' && ch <= '9';
      if (ok) n = n * 10 + (ch - '0');
    }
    if (!ok || n < 1) {
      return bad("readiness", "target_misses",
                 "\"" + *v + "\" is not a whole number from 1 to 999");
    }
    c.target_misses = n;
  }
  if (const auto* v = get("approvals", "require_signature")) {
    const std::string b = Trim(*v);
    if (b == "true" || b == "yes") {
      c.require_signature = true;
    } else if (b == "false" || b == "no") {
      c.require_signature = false;
    } else {
      return bad("approvals", "require_signature", "\"" + b + "\" is neither true nor false");
    }
  }
  if (const auto* v = get("repository", "lock_wait")) {
    auto seconds = ParseSeconds(Trim(*v));
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
  std::map<std::string, std::map<std::string, std::string>> sections = c.raw;
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
    s["clauses"] = Join(p.clauses, ",");
  }
  sections["documents"]["review_every"] =
      c.default_review_every ? c.default_review_every->ToString() : "none";
  sections["documents"]["approval_grace"] = c.approval_grace.ToString();
  sections["findings"]["effectiveness_interval"] = c.effectiveness_interval.ToString();
  if (c.go_live) sections["qms"]["go_live"] = c.go_live->ToString();
  sections.erase("not-held");
  for (const auto& [req, n] : c.not_held) sections["not-held"][req] = FormatNotHeld(n);
  for (const Grade g :
       {Grade::kMajor, Grade::kMinor, Grade::kConcern, Grade::kObservation, Grade::kOfi}) {
    auto it = c.due_by_grade.find(g);
    sections["findings"][std::string("due_") + ToString(g)] =
        it == c.due_by_grade.end() ? "none" : it->second.ToString();
  }
  sections["approvals"]["require_signature"] = c.require_signature ? "true" : "false";
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
      out += k + " = " + ini::EscapeValue(ini::OneLineValue(v)) + "\n";
    }
  }
  return out;
}

}  // namespace dossier
