// readiness and diff: the question management asks, and what changed.
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>

#include "cli.h"
#include "dossier/diff.h"
#include "dossier/evidence.h"
#include "dossier/readiness.h"
#include "dossier/report.h"

namespace dossier::cli {
namespace {

// Writes `content` to `path` through a temporary file in the same folder and
// a rename, so a reader never sees half a report.
void WriteReportFile(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      Fail(Error::Operational("cannot write " + path));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    Fail(Error::Operational("cannot write " + path));
  }
}

int ParseStage(const po::variables_map& vm, const char* usage) {
  if (!vm.count("stage")) {
    Usage(std::string("readiness needs --stage 1 or --stage 2 (usage: dossier ") + usage + ")");
  }
  const std::string s = vm["stage"].as<std::string>();
  if (s != "1" && s != "2") Usage("--stage must be 1 or 2, not '" + s + "'");
  return s[0] - '0';
}

}  // namespace

int RunReadiness(Invocation& inv) {
  po::options_description desc("readiness options");
  desc.add_options()
      ("stage", po::value<std::string>(), "1 (documentation review) or 2 (implementation)")
      ("format", po::value<std::string>(), "text (default), json, markdown, html or csv (the clause matrix)")
      ("output,o", po::value<std::string>(), "write the report to FILE instead of standard output");
  const char* usage =
      "readiness --stage 1|2 [--as-of DATE] [--at REV] [--format text|json|markdown|html|csv] [-o FILE]";
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  const int stage = ParseStage(vm, usage);
  ReportFormat format = ReportFormat::kText;
  if (vm.count("format")) {
    format = Check(ParseReportFormat(vm["format"].as<std::string>()));
    if (inv.global.json && format != ReportFormat::kJson) {
      Usage("--json conflicts with --format " + vm["format"].as<std::string>());
    }
  } else if (inv.global.json) {
    format = ReportFormat::kJson;
  }

  Repository& repo = inv.Repo();
  const Context ctx = inv.MakeContext();
  const Date as_of = inv.Today();
  Snapshot snap = Check(repo.Load(inv.global.at));
  VerifyReport integrity = Check(VerifyArtifacts(repo, snap, inv.global.at, ctx));
  ReadinessReport report = AssessReadiness(snap, integrity, stage, as_of);
  ReportExtras extras;
  if (format == ReportFormat::kHtml) {
    extras.history = Check(ReadinessHistory(repo, stage, as_of, inv.global.at));
  }
  const std::string text = RenderReport(report, format, extras);
  if (vm.count("output")) {
    std::string path = vm["output"].as<std::string>();
    if (path.empty()) Usage("-o needs a file name");
    if (path[0] != '/') path = inv.cwd + "/" + path;
    WriteReportFile(path, text);
    inv.out << (report.ready ? "READY" : "NOT READY") << " for Stage " << stage << " as of "
            << as_of.ToString() << " (score " << std::fixed << std::setprecision(1) << report.score
            << "); " << ToString(format) << " report written to " << vm["output"].as<std::string>()
            << "\n";
  } else {
    inv.out << text;
  }
  return report.ready ? 0 : 1;
}

namespace {

bj::object SideJson(const RevisionSide& s) {
  auto stage = [](const ReadinessReport& r) {
    bj::object o;
    o["verdict"] = r.ready ? "READY" : "NOT READY";
    o["ready"] = r.ready;
    o["score"] = r.score;
    bj::array blockers;
    for (const auto* c : r.Blockers()) blockers.emplace_back(c->id);
    o["blockers"] = std::move(blockers);
    return o;
  };
  bj::object o;
  o["rev"] = s.rev;
  o["commit"] = s.commit;
  o["as_of"] = s.as_of.ToString();
  o["stage1"] = stage(s.stage1);
  o["stage2"] = stage(s.stage2);
  return o;
}

struct CheckMove {
  int stage;
  std::string id;
  std::string before;
  std::string after;
};

std::vector<CheckMove> ChangedChecks(const RevisionDiff& d) {
  std::vector<CheckMove> out;
  // Stage 2 includes every Stage 1 check.
  const ReadinessReport& a = d.before.stage2;
  const ReadinessReport& b = d.after.stage2;
  for (const auto& c : b.checks) {
    const CheckResult* old = a.FindCheck(c.id);
    const std::string was = old ? ToString(old->status) : "absent";
    if (was != ToString(c.status)) out.push_back({c.stage, c.id, was, ToString(c.status)});
  }
  return out;
}

std::string Score(double s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", s);
  return buf;
}

}  // namespace

int RunDiff(Invocation& inv) {
  po::options_description desc("diff options");
  desc.add_options()
      ("rev1", po::value<std::string>(), "the earlier revision")
      ("rev2", po::value<std::string>(), "the later revision (default: HEAD)");
  po::positional_options_description pos;
  pos.add("rev1", 1).add("rev2", 1);
  po::variables_map vm;
  const char* usage = "diff REV1 [REV2] [--as-of DATE] [--json]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("rev1")) Usage(std::string("diff needs a revision to compare (usage: dossier ") + usage + ")");
  const std::string rev1 = vm["rev1"].as<std::string>();
  const std::string rev2 = vm.count("rev2") ? vm["rev2"].as<std::string>() : "HEAD";
  RevisionDiff d = Check(DiffRevisions(inv.Repo(), rev1, rev2, inv.global.as_of));
  const auto moves = ChangedChecks(d);
  if (inv.global.json) {
    bj::object doc;
    doc["before"] = SideJson(d.before);
    doc["after"] = SideJson(d.after);
    bj::array changes;
    for (const auto& c : d.changes) {
      changes.push_back(bj::object{{"kind", c.kind}, {"id", c.id}, {"change", ToString(c.change)}, {"summary", c.summary}});
    }
    doc["changes"] = std::move(changes);
    bj::array checks;
    for (const auto& m : moves) {
      checks.push_back(bj::object{{"stage", m.stage}, {"id", m.id}, {"before", m.before}, {"after", m.after}});
    }
    doc["checks_changed"] = std::move(checks);
    inv.PrintJson(std::move(doc));
    return 0;
  }
  auto& out = inv.out;
  out << "diff " << d.before.commit.substr(0, 12) << " (" << rev1 << ") .. " << d.after.commit.substr(0, 12)
      << " (" << rev2 << ")\n\n";
  auto verdict = [](const ReadinessReport& r) {
    return std::string(r.ready ? "READY" : "NOT READY") + " " + Score(r.score);
  };
  out << std::left << std::setw(12) << "readiness" << std::setw(26) << ("before, as of " + d.before.as_of.ToString())
      << "after, as of " << d.after.as_of.ToString() << "\n";
  out << std::setw(12) << "  Stage 1" << std::setw(26) << verdict(d.before.stage1) << verdict(d.after.stage1) << "\n";
  out << std::setw(12) << "  Stage 2" << std::setw(26) << verdict(d.before.stage2) << verdict(d.after.stage2) << "\n";
  if (!moves.empty()) {
    out << "\nchecks that changed:\n";
    for (const auto& m : moves) {
      out << "  " << std::setw(26) << m.id << m.before << " -> " << m.after << "\n";
    }
  }
  out << "\n" << d.changes.size() << " change" << (d.changes.size() == 1 ? "" : "s") << "\n";
  const std::map<ChangeKind, const char*> marks = {
      {ChangeKind::kAdded, "+"}, {ChangeKind::kChanged, "~"}, {ChangeKind::kRemoved, "-"}};
  for (const auto& c : d.changes) {
    out << "  " << marks.at(c.change) << " " << std::setw(12) << c.kind << std::setw(20) << c.id << " "
        << c.summary << "\n";
  }
  return 0;
}

}  // namespace dossier::cli
