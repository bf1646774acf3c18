// The HTML report (doc/readiness.md): one self-contained file that opens
// offline. Inline CSS and inline SVG only: no script, no external asset, and
// a Content-Security-Policy that forbids both, so a hostile string in the
// evidence cannot run or phone home. Every piece of user text goes through
// report::Html.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "dossier/report.h"
#include "dossier/version.h"
#include "join.h"
#include "report_util.h"

namespace dossier {
namespace {

using report::Html;

const char* kStyle = R"(
:root{--pass:#1f8a4c;--pass-bg:#e3f4ea;--warn:#a86400;--warn-bg:#fff1d6;--fail:#b3261e;--fail-bg:#fde7e5;--na:#6b7280;--na-bg:#eef0f3;--ink:#1d2430;--muted:#5b6472;--line:#dfe3e8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px 28px 48px}
header.top{display:flex;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:8px;margin-bottom:14px}
header.top h1{font-size:20px;margin:0}
header.top .meta{color:var(--muted);font-size:13px}
.banner{display:flex;align-items:center;gap:28px;padding:20px 26px;border-radius:10px;color:#fff;margin-bottom:22px}
.banner.ready{background:linear-gradient(135deg,#1f8a4c,#2aa862)}
.banner.notready{background:linear-gradient(135deg,#b3261e,#d4453b)}
.banner .verdict{font-size:34px;font-weight:800;letter-spacing:.5px}
.banner .sub{font-size:15px;opacity:.95}
.banner .score{margin-left:auto;text-align:right}
.banner .score b{font-size:34px;display:block;line-height:1}
.counts span{display:inline-block;margin-right:14px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin-bottom:18px}
h2{font-size:16px;margin:0 0 12px}
h3{font-size:14px;margin:14px 0 6px;color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:7px 9px;border-bottom:1px solid var(--line)}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f5;padding:1px 4px;border-radius:4px}
.pill{display:inline-block;font-size:11.5px;font-weight:700;padding:2px 8px;border-radius:10px;text-transform:uppercase}
.pill.pass{background:var(--pass-bg);color:var(--pass)}.pill.warn{background:var(--warn-bg);color:var(--warn)}.pill.fail{background:var(--fail-bg);color:var(--fail)}.pill.na{background:var(--na-bg);color:var(--na)}
.next{color:var(--muted);font-size:13px}
.ents code{margin:0 3px 3px 0;display:inline-block}
.grid{display:grid;grid-template-columns:150px 1fr;gap:6px 12px;align-items:start}
.grid .group{font-weight:600;padding-top:6px}
.cells{display:flex;flex-wrap:wrap;gap:5px}
.cell{width:88px;min-height:56px;border-radius:6px;padding:5px 7px;font-size:11px;border:1px solid transparent}
.cell b{display:block;font-size:13px}
.cell.pass{background:var(--pass-bg);border-color:#b9e2c8;color:#175e36}
.cell.warn{background:var(--warn-bg);border-color:#f1cf8f;color:#7a4a00}
.cell.fail{background:var(--fail-bg);border-color:#f3b4ae;color:#8c1d17}
.cell.na{background:var(--na-bg);border-color:#d6dae0;color:var(--na)}
.legend span{display:inline-flex;align-items:center;margin-right:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px}
.two{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.obj{display:grid;grid-template-columns:1fr 240px;gap:10px;align-items:center;border-bottom:1px solid var(--line);padding:6px 0 6px 14px}
h3.objective{color:var(--ink);margin:16px 0 2px}
.muted{color:var(--muted)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:22px}
@media print{body{background:#fff}section{break-inside:avoid}}
)";

const char* StatusClass(CheckStatus s) { return ToString(s); }

std::string Pill(CheckStatus s) {
  const char* label = s == CheckStatus::kPass ? "pass" : s == CheckStatus::kWarn ? "warn" : "fail";
  return std::string("<span class=\"pill ") + StatusClass(s) + "\">" + label + "</span>";
}

std::string EntityList(const CheckResult& c) {
  std::string out = "<div class=\"ents\">";
  for (const auto& e : c.entities) {
    out += "<code title=\"" + Html(e.kind) + "\">" + Html(e.id) + "</code>";
  }
  return out + "</div>";
}

void IssueTable(report::Sink& out, const ReadinessReport& r, CheckStatus status,
                const char* heading, const char* id) {
  if (r.Count(status) == 0) return;
  out += "<section id=\"" + std::string(id) + "\"><h2>" + heading + " (" +
         std::to_string(r.Count(status)) +
         ")</h2><table><thead><tr><th>Check</th><th>Why</th>"
         "<th>Behind it</th><th>Next action</th></tr></thead><tbody>\n";
  for (const auto& c : r.checks) {
    if (c.status != status) continue;
    // Piece by piece: a detail or a list of entities may run to megabytes.
    out += "<tr><td>" + Pill(c.status) + " <b>" + Html(c.title) + "</b><br><code>" + Html(c.id) +
           "</code></td><td>";
    out += Html(c.detail);
    out += "</td><td>";
    out += EntityList(c);
    out += "</td><td class=\"next\">" + Html(c.next_action) + "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

// The top-level clause of a leaf ("8.5.1" -> "8").
std::string TopOf(const std::string& clause) { return clause.substr(0, clause.find('.')); }

const char* kClauseGroups[][2] = {{"4", "Context"},     {"5", "Leadership"},
                                  {"6", "Planning"},    {"7", "Support"},
                                  {"8", "Operation"},   {"9", "Performance evaluation"},
                                  {"10", "Improvement"}};

void ClauseGrid(report::Sink& out, const ReadinessReport& r) {
  out +=
      "<section id=\"clause-matrix\"><h2>Clause matrix</h2>"
      "<p class=\"legend\"><span><i style=\"background:var(--pass)\"></i>pass</span>"
      "<span><i style=\"background:var(--warn)\"></i>warning</span>"
      "<span><i style=\"background:var(--fail)\"></i>blocking</span>"
      "<span><i style=\"background:var(--na)\"></i>not applicable</span>"
      "<span>D documents &middot; R records in window &middot; A audited &middot; F open "
      "findings</span></p>"
      "<div class=\"grid\" id=\"clause-grid\">\n";
  std::vector<std::string> tops;
  for (const auto& row : r.matrix) {
    if (std::find(tops.begin(), tops.end(), TopOf(row.clause)) == tops.end())
      tops.push_back(TopOf(row.clause));
  }
  for (const auto& top : tops) {
    std::string name;
    for (const auto& g : kClauseGroups) {
      if (top == g[0]) name = g[1];
    }
    out += "<div class=\"group\">" + Html(top) + (name.empty() ? "" : " " + Html(name)) +
           "</div><div class=\"cells\">";
    for (const auto& row : r.matrix) {
      if (TopOf(row.clause) != top) continue;
      const std::string cls = row.applicable ? StatusClass(row.status) : "na";
      std::string tip = row.clause + " " + row.title;
      if (!row.applicable) tip += " (not applicable: " + row.justification + ")";
      out += "<div class=\"cell " + cls + "\" data-clause=\"" + Html(row.clause) + "\" title=\"" +
             Html(tip) + "\"><b>" + Html(row.clause) + "</b>";
      if (row.applicable) {
        out += "D" + std::to_string(row.documents) + " R" + std::to_string(row.records) + " A" +
               (row.audited ? "&#10003;" : "&ndash;") +
               (row.open_findings ? " F" + std::to_string(row.open_findings) : "");
      } else {
        out += "n/a";
      }
      out += "</div>";
    }
    out += "</div>\n";
  }
  out += "</div></section>\n";
}

// Age buckets for open findings, in days since raised.
const struct {
  int max;
  const char* label;
} kAges[] = {
    {30, "0&ndash;30 d"}, {90, "31&ndash;90 d"}, {180, "91&ndash;180 d"}, {1 << 30, "&gt;180 d"}};

void FindingsSection(report::Sink& out, const ReadinessReport& r) {
  out += "<section id=\"findings\"><h2>Findings by state and age</h2>";
  if (r.findings.empty()) {
    out +=
        "<p class=\"muted\">No findings raised up to " + r.as_of.ToString() + ".</p></section>\n";
    return;
  }
  const FindingState states[] = {FindingState::kOpen,     FindingState::kAnalysed,
                                 FindingState::kPlanned,  FindingState::kImplemented,
                                 FindingState::kVerified, FindingState::kClosed};
  out += "<table><thead><tr><th>State</th>";
  for (const auto& a : kAges) out += std::string("<th class=\"num\">") + a.label + "</th>";
  out += "<th class=\"num\">Total</th></tr></thead><tbody>\n";
  for (FindingState st : states) {
    int counts[4] = {0, 0, 0, 0};
    int total = 0;
    for (const auto& f : r.findings) {
      if (f.state != st) continue;
      ++total;
      for (int i = 0; i < 4; ++i) {
        if (f.age_days <= kAges[i].max) {
          ++counts[i];
          break;
        }
      }
    }
    out += std::string("<tr><td>") + ToString(st) + "</td>";
    for (int c : counts)
      out += "<td class=\"num\">" + (c ? std::to_string(c) : std::string("&middot;")) + "</td>";
    out += "<td class=\"num\"><b>" + std::to_string(total) + "</b></td></tr>\n";
  }
  out +=
      "</tbody></table><h3>Open "
      "findings</h3><table><thead><tr><th>Finding</th><th>Title</th><th>Grade</th>"
      "<th>Source</th><th>State</th><th class=\"num\">Age</th><th>Due</th></tr></thead><tbody>\n";
  int open = 0;
  for (const auto& f : r.findings) {
    if (f.state == FindingState::kClosed) continue;
    ++open;
    const bool blocking = f.grade == Grade::kMajor || f.overdue;
    out += "<tr><td><code>" + Html(f.id) + "</code></td><td>" + Html(f.title) + "</td><td>" +
           (blocking ? "<span class=\"pill fail\">" : "<span class=\"pill na\">") +
           ToString(f.grade) + "</span></td><td>" + ToString(f.source) + "</td><td>" +
           ToString(f.state) + "</td><td class=\"num\">" + std::to_string(f.age_days) +
           " d</td><td>" + (f.due ? f.due->ToString() : "&ndash;") +
           (f.overdue ? " <span class=\"pill fail\">overdue</span>" : "") + "</td></tr>\n";
  }
  if (open == 0) out += "<tr><td colspan=\"7\" class=\"muted\">None open.</td></tr>\n";
  out += "</tbody></table></section>\n";
  if (!r.withdrawn.empty()) {
    out +=
        "<section id=\"withdrawn\"><h3>Withdrawn findings</h3><p class=\"muted\">Not counted "
        "as open or closed; the reason and who decided.</p><table><thead><tr><th>Finding</th>"
        "<th>Title</th><th>Grade</th><th>Withdrawn</th></tr></thead><tbody>\n";
    for (const auto& f : r.withdrawn) {
      out += "<tr><td><code>" + Html(f.id) + "</code></td><td>" + Html(f.title) + "</td><td>" +
             ToString(f.grade) + "</td><td>" + Html(f.withdrawn) + "</td></tr>\n";
    }
    out += "</tbody></table></section>\n";
  }
}

// The number in a target such as ">=95%" or "< 5 days", if any.
std::optional<double> TargetValue(const std::string& target) {
  size_t i = target.find_first_of("-0123456789");
  if (i == std::string::npos) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(target.c_str() + i, &end);
  if (end == target.c_str() + i) return std::nullopt;
  return v;
}

std::string Coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A small line chart of a measure's values, with its target as a dashed line.
std::string Sparkline(const MeasureSeries& m) {
  const double w = 240, h = 56, pad = 6;
  if (m.points.empty()) {
    return "<svg width=\"240\" height=\"56\" role=\"img\" aria-label=\"no measurements\"><text "
           "x=\"8\" y=\"32\" "
           "font-size=\"12\" fill=\"#5b6472\">no measurements</text></svg>";
  }
  auto target = TargetValue(m.target);
  double lo = m.points.front().value, hi = lo;
  for (const auto& p : m.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  if (target) {
    lo = std::min(lo, *target);
    hi = std::max(hi, *target);
  }
  if (hi - lo < 1e-9) {
    hi += 1;
    lo -= 1;
  }
  const int64_t d0 = m.points.front().date.days();
  const int64_t d1 = std::max<int64_t>(m.points.back().date.days(), d0 + 1);
  auto x = [&](Date d) {
    if (m.points.size() == 1) return w / 2;
    return pad + (w - 2 * pad) * static_cast<double>(d.days() - d0) / static_cast<double>(d1 - d0);
  };
  auto y = [&](double v) { return h - pad - (h - 2 * pad) * (v - lo) / (hi - lo); };
  std::string out =
      "<svg width=\"240\" height=\"56\" viewBox=\"0 0 240 56\" role=\"img\" aria-label=\"trend "
      "of " +
      Html(m.measure) + "\"><rect width=\"240\" height=\"56\" rx=\"6\" fill=\"#f6f7f9\"/>";
  if (target) {
    out += "<line x1=\"" + Coord(pad) + "\" x2=\"" + Coord(w - pad) + "\" y1=\"" +
           Coord(y(*target)) + "\" y2=\"" + Coord(y(*target)) +
           "\" stroke=\"#a86400\" stroke-dasharray=\"4 3\" stroke-width=\"1\"/>";
  }
  const std::string pts = JoinEach(
      m.points, " ", [&](const auto& p) { return Coord(x(p.date)) + "," + Coord(y(p.value)); });
  out += "<polyline fill=\"none\" stroke=\"#2f5fb3\" stroke-width=\"2\" points=\"" + pts + "\"/>";
  for (const auto& p : m.points) {
    out += "<circle cx=\"" + Coord(x(p.date)) + "\" cy=\"" + Coord(y(p.value)) +
           "\" r=\"2.5\" fill=\"#2f5fb3\"><title>" + p.date.ToString() + ": " +
           report::Number(p.value) + "</title></circle>";
  }
  return out + "</svg>";
}

void ObjectivesSection(report::Sink& out, const ReadinessReport& r) {
  out += "<section id=\"objectives\"><h2>Quality objectives</h2>";
  if (r.measures.empty()) {
    out += "<p class=\"muted\">No quality objective defined up to " + r.as_of.ToString() +
           ".</p></section>\n";
    return;
  }
  std::string objective;
  for (const auto& m : r.measures) {
    if (m.objective != objective) {
      objective = m.objective;
      out += "<h3 class=\"objective\">" + Html(m.objective_name) + " <code>" + Html(m.objective) +
             "</code></h3>\n";
    }
    std::string last = m.points.empty()
                           ? "never measured"
                           : "last " + report::Number(m.points.back().value) + " " + Html(m.unit) +
                                 " on " + m.points.back().date.ToString();
    out += "<div class=\"obj\"><div><b>" + Html(m.measure) + "</b>: target <b>" + Html(m.target) +
           "</b> " + Html(m.unit) + ", " + ToString(m.frequency) + " &middot; " + last + " " +
           (m.current ? "<span class=\"pill pass\">current</span>"
                      : "<span class=\"pill fail\">not current</span>") +
           (!m.met   ? std::string()
            : *m.met ? std::string(" <span class=\"pill pass\">target met</span>")
                     : std::string(" <span class=\"pill warn\">target not met</span>")) +
           "</div>" + Sparkline(m) + "</div>\n";
  }
  out += "</section>\n";
}

void HistorySection(report::Sink& out, const std::vector<HistoryPoint>& history) {
  out += "<section id=\"history\"><h2>Readiness over the repository's history</h2>";
  if (history.empty()) {
    out +=
        "<p class=\"muted\">No history: the report was not given the repository's weekly "
        "scores.</p></section>\n";
    return;
  }
  const double w = 1100, h = 190, left = 40, right = 14, top = 12, bottom = 28;
  const size_t n = history.size();
  auto x = [&](size_t i) {
    return n == 1 ? left + (w - left - right) / 2 : left + (w - left - right) * i / (n - 1.0);
  };
  auto y = [&](double score) { return top + (h - top - bottom) * (100.0 - score) / 100.0; };
  out +=
      "<svg width=\"100%\" viewBox=\"0 0 1100 190\" role=\"img\" aria-label=\"weekly readiness "
      "score\">";
  for (int s : {0, 50, 100}) {
    out += "<line x1=\"" + Coord(left) + "\" x2=\"" + Coord(w - right) + "\" y1=\"" + Coord(y(s)) +
           "\" y2=\"" + Coord(y(s)) + "\" stroke=\"#dfe3e8\"/><text x=\"" + Coord(left - 6) +
           "\" y=\"" + Coord(y(s) + 4) +
           "\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6472\">" + std::to_string(s) +
           "</text>";
  }
  std::string pts;
  for (size_t i = 0; i < n; ++i)
    pts += (pts.empty() ? "" : " ") + Coord(x(i)) + "," + Coord(y(history[i].score));
  out += "<polyline fill=\"none\" stroke=\"#2f5fb3\" stroke-width=\"2\" points=\"" + pts + "\"/>";
  const size_t label_every = std::max<size_t>(1, n / 8);
  for (size_t i = 0; i < n; ++i) {
    const auto& p = history[i];
    out += "<circle cx=\"" + Coord(x(i)) + "\" cy=\"" + Coord(y(p.score)) + "\" r=\"3.5\" fill=\"" +
           (p.ready ? "#1f8a4c" : "#b3261e") + "\"><title>" + p.date.ToString() + ": " +
           report::Score(p.score) + (p.ready ? " ready" : " not ready") + " (" +
           std::to_string(p.failed) + " failing, commit " + p.commit.substr(0, 10) +
           ")</title></circle>";
    // Regular labels, and the last one, never closer than a label's width.
    if ((i % label_every == 0 && n - 1 - i >= std::max<size_t>(label_every, 2)) || i + 1 == n) {
      const char* anchor = n > 1 && i + 1 == n ? "end" : n > 1 && i == 0 ? "start" : "middle";
      out += "<text x=\"" + Coord(x(i)) + "\" y=\"" + Coord(h - 8) +
             "\" font-size=\"11\" text-anchor=\"" + anchor + "\" fill=\"#5b6472\">" +
             p.date.ToString() + "</text>";
    }
  }
  out +=
      "</svg><p class=\"muted\">Score at the end of each week (green: ready, red: not ready), from "
      "the last "
      "commit of that week. Files are not re-hashed for past weeks.</p></section>\n";
}

// What the standard asks to be documented, and what in the repository
// shows it: for management, in words, without the tool's commands.
void RequirementsSection(report::Sink& out, const ReadinessReport& r) {
  out +=
      "<section id=\"requirements\"><h2>Documented information the standard requires</h2>"
      "<table><thead><tr><th>Requirement</th><th>Status</th><th>Shown by</th></tr></thead>"
      "<tbody>\n";
  for (const auto& q : r.requirements) {
    const char* pill = q.status == "met" || q.status == "not held" ? "pass"
                       : q.status == "not applicable"              ? "na"
                       : q.status == "not evidenced"               ? "warn"
                                                                   : "fail";
    const std::string how = JoinEach(q.met_by, "<br>", Html);
    out += "<tr><td><b>" + Html(q.title) + "</b><br><span class=\"muted\">" +
           (q.maintain ? "document" : "record") + ", clause " + Html(q.ref) + " (" + Html(q.id) +
           ")</span></td><td><span class=\"pill " + pill + "\">" + Html(q.status) +
           "</span></td><td>" + how + "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

void AllChecks(report::Sink& out, const ReadinessReport& r) {
  out +=
      "<section id=\"checks\"><h2>All "
      "checks</h2><table><thead><tr><th>Status</th><th>Check</th><th>Stage</th>"
      "<th>Detail</th></tr></thead><tbody>\n";
  for (const auto& c : r.checks) {
    out += "<tr><td>" + Pill(c.status) + "</td><td>" + Html(c.title) + "<br><code>" + Html(c.id) +
           "</code></td><td>" + std::to_string(c.stage) + "</td><td>";
    out += Html(c.detail);  // apart: it may run to megabytes
    out += "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace

namespace report {

void WriteHtml(const ReadinessReport& r, const ReportExtras& extras, Sink& out) {
  const std::string verdict = report::Verdict(r);
  const std::string stage = report::StageName(r.stage);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; "
      "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>" +
      Html(verdict + " for " + stage + ": " + r.organisation) + "</title>\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<main>\n";
  out += "<header class=\"top\"><h1>" + Html(r.organisation) +
         " &middot; ISO readiness</h1><div class=\"meta\">checklist <code>" + Html(r.checklist) +
         "</code> &middot; as of " + r.as_of.ToString() + " &middot; commit <code>" +
         Html(r.commit.empty() ? "none" : r.commit.substr(0, 12)) + "</code></div></header>\n";
  out += "<div class=\"banner " + std::string(r.ready ? "ready" : "notready") +
         "\" id=\"verdict\"><div><div class=\"verdict\">" + verdict +
         "</div><div class=\"sub\">for the " + stage + " certification audit" +
         "</div></div>"
         "<div class=\"counts\"><span><b>" +
         std::to_string(r.Count(CheckStatus::kFail)) + "</b> blocking</span><span><b>" +
         std::to_string(r.Count(CheckStatus::kWarn)) + "</b> warning" +
         (r.Count(CheckStatus::kWarn) == 1 ? "" : "s") + "</span><span><b>" +
         std::to_string(r.Count(CheckStatus::kPass)) +
         "</b> passed</span></div>"
         "<div class=\"score\"><b>" +
         report::Score(r.score) + "</b>score / 100</div></div>\n";
  IssueTable(out, r, CheckStatus::kFail, "Blockers", "blockers");
  IssueTable(out, r, CheckStatus::kWarn, "Warnings", "warnings");
  ClauseGrid(out, r);
  RequirementsSection(out, r);
  FindingsSection(out, r);
  ObjectivesSection(out, r);
  HistorySection(out, extras.history);
  AllChecks(out, r);
  out += std::string("<footer>Dossier ") + DOSSIER_VERSION +
         " &middot; thresholds: evidence window " + r.settings.evidence_window.ToString() +
         ", operating period " + r.settings.operating_period.ToString() + ", audit cycle " +
         r.settings.audit_cycle.ToString() + ", review window " +
         r.settings.review_window.ToString() + ", at least " +
         std::to_string(r.settings.min_objectives) +
         " objective(s)</footer>\n</main>\n</body>\n</html>\n";
}

}  // namespace report

std::string RenderHtml(const ReadinessReport& r, const ReportExtras& extras) {
  report::Sink out;
  report::WriteHtml(r, extras, out);
  return out.Take();
}

}  // namespace dossier
