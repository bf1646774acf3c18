#include "pack_render.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "dossier/json.h"
#include "dossier/objective_rules.h"
#include "dossier/review_rules.h"
#include "dossier/text.h"
#include "dossier/version.h"
#include "json_io.h"
#include "report_util.h"

namespace dossier::pack {
namespace {

using report::Html;  // the escaping the readiness report uses

namespace bj = boost::json;

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string Md(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' ||
        c == '<' || c == '>') {
      out += '\\';
    }
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

// A relative link to a pack file, percent-encoding what a URL cannot hold.
std::string Href(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

template <typename List>  // a vector or an artifact's TagList
std::string JoinAll(const List& v) {
  return Join(v, ", ");
}

std::string ArtifactDate(const Artifact& a) { return a.EvidenceDate().ToString(); }

std::string ApprovalText(const Artifact& a) {
  if (a.kind != ArtifactKind::kDocument) return "";
  if (!a.approval) return "not approved";
  if (a.approval->sha256 == a.sha256 && a.approval->signature_state == SignatureState::kInvalid) {
    return "not approved: " + a.approval->signature_problem;
  }
  if (!a.approved()) return "changed since approved by " + a.approval->by;
  return "approved by " + a.approval->by + " on " + a.approval->date.ToString() +
         (a.approval->signature_state == SignatureState::kValid ? ", signed" : "");
}

// The pack's artifacts serving `leaf`.
std::vector<const Artifact*> Serving(const Contents& c, const std::string& leaf) {
  std::vector<const Artifact*> out;
  for (const auto* a : c.artifacts) {
    if (std::find(a->clauses.begin(), a->clauses.end(), leaf) != a->clauses.end()) out.push_back(a);
  }
  return out;
}

// The not-applicable leaves within the clause filter, with justification.
std::vector<std::pair<const Clause*, std::string>> Excluded(const Contents& c) {
  const Snapshot& s = *c.snapshot;
  std::vector<std::pair<const Clause*, std::string>> out;
  for (const Clause* leaf : s.checklist.Leaves()) {
    for (const auto& [clause, why] : s.config.not_applicable) {
      if (s.checklist.IsUnder(leaf->id, clause)) {
        out.emplace_back(leaf, why);
        break;
      }
    }
  }
  return out;
}

std::string StageTitle(const Contents& c) {
  if (c.selection->stage == kDecisionPack) return "Certification decision pack";
  return "Stage " + std::to_string(c.selection->stage) + " evidence pack";
}

}  // namespace

std::string IndexMarkdown(const Contents& c) {
  const Snapshot& s = *c.snapshot;
  const PackSelection& sel = *c.selection;
  std::ostringstream o;
  o << "# " << Md(s.config.organisation) << ": " << StageTitle(c) << "\n\n";
  o << "- Standard: " << Md(s.checklist.standard()) << " (" << Md(s.checklist.id()) << ")\n";
  o << "- As of: " << c.as_of.ToString() << "\n";
  o << "- Commit: " << s.commit << " (" << FormatTime(c.commit_time) << ")\n";
  if (sel.window_from) {
    o << "- Records effective from " << sel.window_from->ToString() << " to "
      << sel.window_to->ToString() << "\n";
  }
  if (sel.sample) {
    o << "- Sample: " << *sel.sample << " record(s) per retain requirement, seed " << *sel.seed
      << "\n";
  }
  o << "\nEvery file is listed with its SHA-256 in MANIFEST.sha256; check them all with "
       "`sha256sum -c MANIFEST.sha256` in this folder.\n";
  for (const auto& leaf : sel.clauses) {
    const Clause* cl = s.checklist.FindClause(leaf);
    o << "\n## " << leaf << " " << Md(cl ? cl->title : "") << "\n\n";
    auto arts = Serving(c, leaf);
    if (arts.empty()) {
      o << "No artifact in this pack.\n";
      continue;
    }
    o << "| File | Title | Kind | Requirements | Date | Status | SHA-256 |\n"
         "|---|---|---|---|---|---|---|\n";
    for (const auto* a : arts) {
      std::string status = ApprovalText(*a);
      if (a->expires)
        status += (status.empty() ? "" : "; ") + std::string("expires ") + a->expires->ToString();
      o << "| [" << Md(a->path) << "](" << Href(a->path) << ") | " << Md(a->title) << " | "
        << ToString(a->kind) << " | " << Md(JoinAll(a->requirements)) << " | " << ArtifactDate(*a)
        << " | " << Md(status) << " | `" << a->sha256.hex() << "` |\n";
    }
  }
  auto excluded = Excluded(c);
  if (!excluded.empty()) {
    o << "\n## Not applicable (4.3)\n\n| Clause | Title | Justification |\n|---|---|---|\n";
    for (const auto& [cl, why] : excluded) {
      o << "| " << cl->id << " | " << Md(cl->title) << " | " << Md(why) << " |\n";
    }
  }
  if (!sel.findings.empty() || !sel.audits.empty() || !sel.reviews.empty()) {
    o << "\n## Findings, audits and reviews\n\n";
    for (const auto& id : sel.findings)
      o << "- [" << id << "](dossier/findings/" << id << ".json)\n";
    for (const auto& id : sel.audits) o << "- [" << id << "](dossier/audits/" << id << ".json)\n";
    for (const auto& id : sel.reviews) o << "- [" << id << "](dossier/reviews/" << id << ".json)\n";
  }
  o << "\nSummaries: [audit programme](summaries/audit-programme.md), "
       "[management reviews](summaries/management-reviews.md), "
       "[quality objectives](summaries/objectives.md).\n";
  return o.str();
}

std::string IndexHtml(const Contents& c) {
  const Snapshot& s = *c.snapshot;
  const PackSelection& sel = *c.selection;
  std::ostringstream o;
  const std::string title = s.config.organisation + ": " + StageTitle(c);
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
    << Html(title) << "</title>\n<style>\n"
    << "body{font-family:sans-serif;margin:2em;max-width:80em}"
       "table{border-collapse:collapse;margin-bottom:1em}"
       "th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}"
       "code{font-size:.85em}.none{color:#a00}\n</style>\n</head>\n<body>\n";
  o << "<h1>" << Html(title) << "</h1>\n<ul>\n";
  o << "<li>Standard: " << Html(s.checklist.standard()) << "</li>\n";
  o << "<li>As of: " << c.as_of.ToString() << "</li>\n";
  o << "<li>Commit: <code>" << Html(s.commit) << "</code> (" << FormatTime(c.commit_time)
    << ")</li>\n";
  if (sel.window_from) {
    o << "<li>Records effective from " << sel.window_from->ToString() << " to "
      << sel.window_to->ToString() << "</li>\n";
  }
  if (sel.sample) {
    o << "<li>Sample: " << *sel.sample << " record(s) per retain requirement, seed " << *sel.seed
      << "</li>\n";
  }
  o << "</ul>\n<p>Every file is listed with its SHA-256 in <code>MANIFEST.sha256</code>; check "
       "them with <code>sha256sum -c MANIFEST.sha256</code> in this folder.</p>\n";
  for (const auto& leaf : sel.clauses) {
    const Clause* cl = s.checklist.FindClause(leaf);
    o << "<h2 id=\"clause-" << Html(leaf) << "\">" << Html(leaf) << " " << Html(cl ? cl->title : "")
      << "</h2>\n";
    auto arts = Serving(c, leaf);
    if (arts.empty()) {
      o << "<p class=\"none\">No artifact in this pack.</p>\n";
      continue;
    }
    o << "<table>\n<tr><th>File</th><th>Title</th><th>Kind</th><th>Requirements</th><th>Date</th>"
         "<th>Status</th><th>SHA-256</th></tr>\n";
    for (const auto* a : arts) {
      std::string status = ApprovalText(*a);
      if (a->expires)
        status += (status.empty() ? "" : "; ") + std::string("expires ") + a->expires->ToString();
      o << "<tr><td><a href=\"" << Html(Href(a->path)) << "\">" << Html(a->path) << "</a></td><td>"
        << Html(a->title) << "</td><td>" << ToString(a->kind) << "</td><td>"
        << Html(JoinAll(a->requirements)) << "</td><td>" << ArtifactDate(*a) << "</td><td>"
        << Html(status) << "</td><td><code>" << a->sha256.hex() << "</code></td></tr>\n";
    }
    o << "</table>\n";
  }
  auto excluded = Excluded(c);
  if (!excluded.empty()) {
    o << "<h2>Not applicable (4.3)</h2>\n<table>\n<tr><th>Clause</th><th>Title</th>"
         "<th>Justification</th></tr>\n";
    for (const auto& [cl, why] : excluded) {
      o << "<tr><td>" << Html(cl->id) << "</td><td>" << Html(cl->title) << "</td><td>" << Html(why)
        << "</td></tr>\n";
    }
    o << "</table>\n";
  }
  if (!sel.findings.empty() || !sel.audits.empty() || !sel.reviews.empty()) {
    o << "<h2>Findings, audits and reviews</h2>\n<ul>\n";
    auto item = [&](const char* dir, const std::string& id) {
      o << "<li><a href=\"" << dir << "/" << Html(Href(id)) << ".json\">" << Html(id)
        << "</a></li>\n";
    };
    for (const auto& id : sel.findings) item("dossier/findings", id);
    for (const auto& id : sel.audits) item("dossier/audits", id);
    for (const auto& id : sel.reviews) item("dossier/reviews", id);
    o << "</ul>\n";
  }
  o << "<p>Summaries: <a href=\"summaries/audit-programme.md\">audit programme</a>, "
       "<a href=\"summaries/management-reviews.md\">management reviews</a>, "
       "<a href=\"summaries/objectives.md\">quality objectives</a>.</p>\n</body>\n</html>\n";
  return o.str();
}

std::vector<GeneratedFile> Summaries(const Contents& c) {
  const Snapshot& s = *c.snapshot;
  const PackSelection& sel = *c.selection;
  auto path_of = [&](const std::string& id) -> std::string {
    const Artifact* a = s.FindArtifact(id);
    return a ? a->path : "";
  };
  std::vector<GeneratedFile> out;

  // The audit programme (9.2.2): every audit, planned, done or cancelled.
  {
    bj::array audits;
    std::ostringstream md;
    md << "# Internal audit programme\n\nCycle: " << s.config.audit_cycle.ToString() << ". As of "
       << c.as_of.ToString() << ".\n\n";
    md << "| Audit | State | Planned | Done | Scope | Processes | Auditors | Report | Findings |\n"
          "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& a : s.audits) {
      std::vector<std::string> raised;
      for (const auto& f : s.findings) {
        if (f.audit == a.id) raised.push_back(f.id);
      }
      bj::object o;
      o["id"] = a.id;
      o["state"] = ToString(a.state);
      o["planned"] = a.planned.ToString();
      o["done"] = a.done ? bj::value(a.done->ToString()) : bj::value(nullptr);
      o["scope"] = Strings(a.scope);
      o["processes"] = Strings(a.processes);
      o["auditors"] = Strings(a.auditors);
      o["report"] = a.report;
      o["report_path"] = path_of(a.report);
      o["findings"] = Strings(raised);
      if (a.state == AuditState::kCancelled) o["cancel_reason"] = a.cancel_reason;
      audits.push_back(std::move(o));
      md << "| " << a.id << " | " << ToString(a.state) << " | " << a.planned.ToString() << " | "
         << (a.done ? a.done->ToString() : "") << " | " << Md(JoinAll(a.scope)) << " | "
         << Md(JoinAll(a.processes)) << " | " << Md(JoinAll(a.auditors)) << " | "
         << Md(path_of(a.report)) << " | " << JoinAll(raised) << " |\n";
    }
    if (s.audits.empty()) md << "\nNo internal audit is planned or done.\n";
    bj::object doc;
    doc["schema_version"] = kJsonSchemaVersion;
    doc["audit_cycle"] = s.config.audit_cycle.ToString();
    doc["audits"] = std::move(audits);
    out.push_back({"summaries/audit-programme.json", json::Canonical(doc)});
    out.push_back({"summaries/audit-programme.md", md.str()});
  }

  // Management reviews (9.3): inputs covered and not, minutes, outputs.
  {
    bj::array reviews;
    std::ostringstream md;
    md << "# Management reviews\n\nAs of " << c.as_of.ToString() << ".\n\n"
       << "| Review | Date | Inputs covered (9.3.2) | Inputs not covered | Minutes | Outputs |\n"
          "|---|---|---|---|---|---|\n";
    for (const auto& r : s.reviews) {
      const std::vector<std::string> missing = MissingReviewInputs(r);
      bj::object o;
      o["id"] = r.id;
      o["date"] = r.date.ToString();
      o["inputs"] = Strings(r.inputs);
      o["inputs_not_covered"] = Strings(missing);
      o["minutes"] = r.minutes;
      o["minutes_path"] = path_of(r.minutes);
      o["outputs"] = Strings(r.outputs);
      o["actions"] = Strings(r.actions);
      reviews.push_back(std::move(o));
      md << "| " << r.id << " | " << r.date.ToString() << " | " << JoinAll(r.inputs) << " | "
         << JoinAll(missing) << " | " << Md(path_of(r.minutes)) << " | " << Md(JoinAll(r.outputs))
         << " |\n";
    }
    if (s.reviews.empty()) md << "\nNo management review is recorded.\n";
    bj::object doc;
    doc["schema_version"] = kJsonSchemaVersion;
    doc["reviews"] = std::move(reviews);
    out.push_back({"summaries/management-reviews.json", json::Canonical(doc)});
    out.push_back({"summaries/management-reviews.md", md.str()});
  }

  // Quality objectives (6.2) with measurements up to the as-of date
  // (Stage 2: within the record window).
  {
    const Date to = sel.window_to ? *sel.window_to : c.as_of;
    bj::array objectives;
    std::ostringstream md;
    md << "# Quality objectives\n\nAs of " << c.as_of.ToString() << ".\n";
    for (const auto& ob : s.objectives) {
      bj::object o;
      o["id"] = ob.id;
      o["name"] = ob.name;
      o["owner"] = ob.owner;
      o["plan"] = ob.plan;
      md << "\n## " << Md(ob.name) << " (" << ob.id << ")\n\nOwner: " << Md(ob.owner) << "\n\n"
         << "| Measure | Unit | Target | Frequency | Measurements |\n|---|---|---|---|---|\n";
      bj::array measures;
      for (const auto& m : ob.measures) {
        bj::array values;
        std::string text;
        for (const auto& ms : s.measurements) {
          if (ms.objective != ob.id || ms.measure != m.name || to < ms.date) continue;
          if (sel.window_from && ms.date < *sel.window_from) continue;
          bj::object v;
          v["date"] = ms.date.ToString();
          v["value"] = ms.value;
          v["source"] = ms.source;
          values.push_back(std::move(v));
          std::ostringstream one;
          one << ms.date.ToString() << ": " << ms.value;
          text += (text.empty() ? "" : "; ") + one.str();
        }
        bj::object mo;
        mo["name"] = m.name;
        mo["unit"] = m.unit;
        mo["target"] = m.target;
        mo["frequency"] = ToString(m.frequency);
        mo["measurements"] = std::move(values);
        measures.push_back(std::move(mo));
        md << "| " << Md(m.name) << " | " << Md(m.unit) << " | " << Md(m.target) << " | "
           << ToString(m.frequency) << " | " << Md(text) << " |\n";
      }
      o["measures"] = std::move(measures);
      objectives.push_back(std::move(o));
    }
    if (s.objectives.empty()) md << "\nNo quality objective is recorded.\n";
    bj::object doc;
    doc["schema_version"] = kJsonSchemaVersion;
    doc["objectives"] = std::move(objectives);
    out.push_back({"summaries/objectives.json", json::Canonical(doc)});
    out.push_back({"summaries/objectives.md", md.str()});
  }
  return out;
}

std::string ManifestJson(const Contents& c, const ManifestFacts& facts) {
  const Snapshot& s = *c.snapshot;
  const PackSelection& sel = *c.selection;
  bj::object doc;
  doc["schema_version"] = kJsonSchemaVersion;
  doc["tool"] = bj::object{{"name", "dossier"}, {"version", DOSSIER_VERSION}};
  doc["organisation"] = s.config.organisation;
  doc["checklist"] = s.checklist.id();
  doc["commit"] = s.commit;
  doc["commit_time"] = FormatTime(c.commit_time);
  doc["as_of"] = c.as_of.ToString();
  doc["stage"] = sel.stage;
  doc["format"] = facts.format;
  doc["top"] = c.top;
  doc["files"] = facts.files;
  bj::object selection;
  selection["clause_filter"] = Strings(facts.clause_filter);
  selection["clauses"] = Strings(sel.clauses);
  selection["documents"] = Strings(sel.documents);
  selection["records"] = Strings(sel.records);
  selection["referenced"] = Strings(sel.referenced);
  selection["findings"] = Strings(sel.findings);
  selection["audits"] = Strings(sel.audits);
  selection["reviews"] = Strings(sel.reviews);
  if (sel.window_from) {
    selection["window"] =
        bj::object{{"from", sel.window_from->ToString()}, {"to", sel.window_to->ToString()}};
  } else {
    selection["window"] = nullptr;
  }
  if (sel.sample) {
    bj::array groups;
    for (const auto& g : sel.groups) {
      groups.push_back(
          bj::object{{"key", g.key}, {"population", g.population}, {"picked", Strings(g.picked)}});
    }
    selection["sample"] = bj::object{{"n", *sel.sample},
                                     {"seed", *sel.seed},
                                     {"method", "mt19937_64 per group, seed XOR FNV-1a(group key)"},
                                     {"groups", std::move(groups)}};
  } else {
    selection["sample"] = nullptr;
  }
  doc["selection"] = std::move(selection);
  if (facts.signer.empty()) {
    doc["signature"] = nullptr;
  } else {
    doc["signature"] = bj::object{{"algorithm", "Ed25519"},
                                  {"file", "MANIFEST.sha256.sig"},
                                  {"public_key", facts.signer_public_key},
                                  {"public_key_sha256", facts.signer}};
  }
  return json::Canonical(doc);
}

}  // namespace dossier::pack
