// readiness and diff: the question management asks, and what changed.
#include <iomanip>

#include "cli.h"
#include "dossier/assessment.h"
#include "dossier/diff.h"
#include "dossier/readiness.h"
#include "dossier/report.h"

namespace dossier::cli {
namespace {

int ParseStage(const po::variables_map& vm) {
  auto stage = ParseReadinessStage(vm["stage"].as<std::string>());
  if (!stage) Usage(stage.error().message());
  return *stage;
}

}  // namespace

int RunReadiness(Invocation& inv) {
  po::options_description desc("readiness options");
  desc.add_options()("stage", po::value<std::string>(),
                     "1 (documentation review), 2 (implementation), decision, surveillance or "
                     "recertification (default: the next certification audit planned)")(
      "format", po::value<std::string>(),
      "text (default), json, markdown, html, csv (the clause matrix) or junit (one test case "
      "per check, for CI)")("output,o", po::value<std::string>(),
                            "write the report to FILE instead of standard output");
  const char* usage =
      "readiness [--stage 1|2|decision|surveillance|recertification] [--as-of DATE] [--at REV] "
      "[--format text|json|markdown|html|csv|junit] [-o FILE]";
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  ReportFormat format = ReportFormat::kText;
  if (vm.count("format")) {
    format = Check(ParseReportFormat(vm["format"].as<std::string>()));
    if (inv.global.json && format != ReportFormat::kJson) {
      Usage("--json conflicts with --format " + vm["format"].as<std::string>());
    }
  } else if (inv.global.json) {
    format = ReportFormat::kJson;
  }

  ReadinessQuery query;
  if (vm.count("stage")) query.stage = ParseStage(vm);
  query.as_of = inv.Today();
  query.at = inv.global.at;
  query.integrity = ReadinessIntegrity::kTrustUnchangedStat;
  query.history = format == ReportFormat::kHtml;
  const Assessment assessed = Check(AssessRevision(inv.Repo(), query, inv.MakeContext()));
  const ReadinessReport& report = assessed.report;
  if (vm.count("output")) {
    std::string path = vm["output"].as<std::string>();
    if (path.empty()) Usage("-o needs a file name");
    if (path[0] != '/') path = inv.cwd + "/" + path;
    WriteOutputFile(path, RenderReport(report, format, assessed.extras));
    inv.out << (report.ready ? "READY" : "NOT READY") << " for " << ReadinessStageName(report.stage)
            << " as of " << report.as_of.ToString() << " (score " << std::fixed
            << std::setprecision(1) << report.score << "); " << ToString(format)
            << " report written to " << vm["output"].as<std::string>() << "\n";
  } else {
    WriteReport(report, format, assessed.extras, inv.out);
  }
  return report.ready ? 0 : 1;
}

int RunDiff(Invocation& inv) {
  po::options_description desc("diff options");
  desc.add_options()("rev1", po::value<std::string>(), "the earlier revision")(
      "rev2", po::value<std::string>(), "the later revision (default: HEAD)");
  po::positional_options_description pos;
  pos.add("rev1", 1).add("rev2", 1);
  po::variables_map vm;
  const char* usage = "diff REV1 [REV2] [--as-of DATE] [--json]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("rev1"))
    Usage(std::string("diff needs a revision to compare (usage: dossier ") + usage + ")");
  const std::string rev1 = vm["rev1"].as<std::string>();
  const std::string rev2 = vm.count("rev2") ? vm["rev2"].as<std::string>() : "HEAD";
  RevisionDiff d = Check(DiffRevisions(inv.Repo(), rev1, rev2, inv.global.as_of));
  inv.out << (inv.global.json ? RenderDiffJson(d) : RenderDiffText(d));
  return 0;
}

}  // namespace dossier::cli
