// Golden files: every --json document, the readiness report as text,
// Markdown, JSON and JUnit, and the clauses output, byte for byte against
// tests/data/golden/, from one repository built through the CLI with fixed
// dates (--as-of, GIT_AUTHOR_DATE / GIT_COMMITTER_DATE).
//
// Two things the tool draws at random are normalised, and nothing else:
// - entity ids (ART-20260303-K7QF): the four random characters become XXXX.
//   Every entity of a kind is made on a day of its own, so the normalised ids
//   stay distinct (checked) and sorting by id gives the same order each run;
// - git commit ids, which hash content holding those ids: a commit id (or a
//   prefix of 7+ characters of one) becomes <commit-N>, N counting from the
//   first commit; and the pack's manifest_sha256, a hash over those files.
// The temporary folder's path becomes <tmp>.
//
// After a deliberate change of output, regenerate and review the diff:
//   DOSSIER_UPDATE_GOLDEN=1 ctest -R golden
#define BOOST_TEST_MODULE golden_cli
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

using namespace dossier::test;

namespace {

const std::string kGoldenDir = std::string(DOSSIER_SOURCE_DIR) + "/tests/data/golden/";
const std::string kData = std::string(DOSSIER_SOURCE_DIR) + "/tests/data/registers/";

bool Updating() {
  const char* v = std::getenv("DOSSIER_UPDATE_GOLDEN");
  return v && *v && std::string(v) != "0";
}

class Golden {
 public:
  Golden() : root_(dir_ / "repo") {}

  // Runs dossier on `date` (also the commit date) and checks its exit code.
  RunResult On(const std::string& date, std::vector<std::string> args, int code = 0) {
    args.insert(args.begin(), {"--as-of", date});
    const std::string stamp = date + "T10:00:00Z";
    RunResult r = Dossier(args, Exists() ? root_ : dir_.path(),
                          {"GIT_AUTHOR_DATE=" + stamp, "GIT_COMMITTER_DATE=" + stamp});
    std::string cmd;
    for (const auto& a : args) cmd += " " + a;
    BOOST_TEST_REQUIRE(r.code == code, "dossier" << cmd << " exited " << r.code << " (expected "
                                                 << code << "): " << r.err);
    return r;
  }
  // The id a --json document names: its "id", or the first artifact `add` filed.
  static std::string IdOf(const RunResult& r) {
    const auto doc = boost::json::parse(r.out).as_object();
    if (doc.contains("added")) return std::string(doc.at("added").at(0).at("id").as_string());
    return std::string(doc.at("id").as_string());
  }

  // Records `out` as the document `name` for Check().
  void Keep(const std::string& name, const std::string& out) {
    BOOST_TEST_REQUIRE(!outputs_.count(name), "golden name used twice: " << name);
    outputs_[name] = out;
  }

  // Compares (or, when updating, writes) every kept document.
  void Check() {
    Normaliser n(root_, dir_.path(), outputs_);
    std::set<std::string> names;
    for (const auto& [name, raw] : outputs_) {
      const std::string out = n(raw);
      const std::string path = kGoldenDir + name;
      names.insert(name);
      if (Updating()) {
        WriteFile(path, out);
        continue;
      }
      const std::string want = ReadFile(path);
      BOOST_TEST(!want.empty(),
                 path << " is missing or empty (DOSSIER_UPDATE_GOLDEN=1 ctest -R golden)");
      if (out != want) {
        BOOST_ERROR(name << " differs from " << path << "; got:\n" << out);
      }
    }
    // A golden file no run produces is a stale one.
    if (!Updating()) {
      auto ls = Run({"ls", kGoldenDir}, dir_.path());
      std::istringstream in(ls.out);
      for (std::string f; std::getline(in, f);) {
        if (f == "README.md") continue;
        BOOST_TEST(names.count(f) == 1, "tests/data/golden/" << f << " is produced by no run");
      }
    }
  }

  const std::string& root() const { return root_; }
  const TempDir& dir() const { return dir_; }

 private:
  bool Exists() const { return !Run({"test", "-d", root_}, "/").code; }

  // The narrow rules of the file comment.
  class Normaliser {
   public:
    Normaliser(const std::string& root, const std::string& tmp,
               const std::map<std::string, std::string>& outputs)
        : tmp_(tmp) {
      auto log = GitOk({"log", "--reverse", "--format=%H"}, root);
      std::istringstream in(log.out);
      int n = 0;
      for (std::string c; std::getline(in, c);) commits_.push_back({c, ++n});
      // Distinct ids must stay distinct once normalised.
      std::map<std::string, std::string> seen;
      for (const auto& [name, out] : outputs) {
        for (std::sregex_iterator it(out.begin(), out.end(), kId), end; it != end; ++it) {
          std::string id = (*it)[0];
          std::string norm = (*it)[1].str() + "XXXX";
          auto [pos, fresh] = seen.emplace(norm, id);
          BOOST_TEST_REQUIRE((fresh || pos->second == id),
                             "ids " << id << " and " << pos->second
                                    << " normalise alike: make them on different days");
        }
      }
    }
    std::string operator()(std::string s) const {
      s = std::regex_replace(s, kId, "$1XXXX");
      for (size_t p; (p = s.find(tmp_)) != std::string::npos;) s.replace(p, tmp_.size(), "<tmp>");
      s = std::regex_replace(s, kManifest, "$1<sha256>");
      std::string out;
      auto begin = s.cbegin();
      for (std::sregex_iterator it(s.begin(), s.end(), kHex), end; it != end; ++it) {
        out.append(begin, (*it)[0].first);
        std::string hex = (*it)[0];
        std::string repl = hex;
        for (const auto& [c, n] : commits_) {
          if (c.compare(0, hex.size(), hex) == 0) repl = "<commit-" + std::to_string(n) + ">";
        }
        out += repl;
        begin = (*it)[0].second;
      }
      out.append(begin, s.cend());
      return out;
    }

   private:
    inline static const std::regex kId{R"(\b([A-Z]{2,3}-20[0-9]{6}-)[0-9A-HJKMNP-TV-Z]{4}\b)"};
    inline static const std::regex kHex{R"(\b[0-9a-f]{7,40}\b)"};
    inline static const std::regex kManifest{R"((manifest_sha256"?:?\s+"?(sha256 )?)[0-9a-f]{64})"};
    std::string tmp_;
    std::vector<std::pair<std::string, int>> commits_;
  };

  TempDir dir_;
  std::string root_;
  std::map<std::string, std::string> outputs_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(golden_cli)

BOOST_AUTO_TEST_CASE(every_machine_document_and_report_matches_its_golden_file) {
  Golden g;
  const std::string& R = g.root();
  g.On("2026-03-02", {"init", R, "--org", "Golden Test Ltd", "--unsigned-approvals"});

  // Documents and records, each on a day of its own.
  WriteFile(g.dir() / "scope.md", "# QMS scope\n\nAll services.\n");
  WriteFile(g.dir() / "policy.md", "# Quality policy\n\nWe keep our promises.\n");
  WriteFile(g.dir() / "delivery.md", "Delivery record, March.\n");
  WriteFile(g.dir() / "minutes.md", "Management review minutes.\n");
  WriteFile(g.dir() / "audit-report.md", "Internal audit report.\n");
  auto scope = g.On("2026-03-03", {"add", g.dir() / "scope.md", "--kind", "document",
                                   "--requirement", "M1", "--title", "QMS scope", "--json"});
  g.Keep("add.json", scope.out);
  g.Keep("approve.json",
         g.On("2026-03-04", {"approve", "evidence/documents/scope.md", "--json"}).out);
  g.On("2026-03-05", {"add", g.dir() / "policy.md", "--kind", "document", "--requirement", "M3",
                      "--title", "Quality policy", "--owner", "Top management"});
  auto delivery = g.On("2026-03-06", {"add", g.dir() / "delivery.md", "--kind", "record",
                                      "--clause", "8.5.1", "--effective", "2026-03-06", "--json"});
  auto report = g.On("2026-03-07", {"add", g.dir() / "audit-report.md", "--kind", "record",
                                    "--requirement", "R15", "--effective", "2026-03-07", "--json"});
  auto minutes =
      g.On("2026-03-08", {"add", g.dir() / "minutes.md", "--kind", "record", "--requirement", "R20",
                          "--effective", "2026-03-08", "--json"});
  const std::string delivery_id = Golden::IdOf(delivery);
  const std::string report_id = Golden::IdOf(report);
  const std::string minutes_id = Golden::IdOf(minutes);

  // Scope.
  g.On("2026-03-09",
       {"scope", "exclude", "8.3", "--why", "We design nothing: services as specified by clients"});

  // The internal audit programme and the certification body's audits.
  auto audit = g.On("2026-03-10", {"audit", "plan", "--scope", "8.4,8.5", "--date", "2026-03-12",
                                   "--auditor", "Ann Auditor", "--json"});
  g.Keep("audit-plan.json", audit.out);
  const std::string audit_id = Golden::IdOf(audit);
  g.On("2026-03-12", {"audit", "done", audit_id, "--date", "2026-03-12", "--report", report_id});
  auto body =
      g.On("2026-03-11", {"certification", "plan", "--type", "stage1", "--date", "2026-06-01",
                          "--body", "Example Certification", "--scope", "IT services", "--json"});
  g.Keep("certification-plan.json", body.out);

  // A finding through part of its cycle.
  auto finding = g.On(
      "2026-03-13", {"finding", "open", "--title", "Supplier list not reviewed", "--grade", "minor",
                     "--clause", "8.4.1", "--audit", audit_id, "--owner", "Ops Lead", "--json"});
  g.Keep("finding-open.json", finding.out);
  const std::string finding_id = Golden::IdOf(finding);
  g.Keep("finding-analyse.json",
         g.On("2026-03-14", {"finding", "analyse", finding_id, "--correction", "reviewed the list",
                             "--cause", "no owner", "--json"})
             .out);
  g.On("2026-03-15",
       {"finding", "plan", finding_id, "--action", "assign an owner", "--due", "2026-04-30"});
  g.On("2026-03-16", {"finding", "open", "--title", "Calibration overdue", "--grade", "observation",
                      "--clause", "7.1.5"});

  // A management review, an objective with a measurement.
  auto review = g.On("2026-03-17",
                     {"review", "record", "--date", "2026-03-17", "--inputs", "a,b,c1,c2,c3,d,e,f",
                      "--minutes", minutes_id, "--output", "resource needs", "--json"});
  g.Keep("review-record.json", review.out);
  const std::string review_id = Golden::IdOf(review);
  auto objective = g.On("2026-03-18", {"objective", "add", "On-time delivery", "--measure",
                                       "on-time rate", "--unit", "%", "--target", ">=95",
                                       "--frequency", "monthly", "--owner", "Ops Lead", "--json"});
  g.Keep("objective-add.json", objective.out);
  const std::string objective_id = Golden::IdOf(objective);
  g.Keep("objective-measure.json",
         g.On("2026-03-19",
              {"objective", "measure", objective_id, "--measure", "on-time rate", "--value", "96.5",
               "--date", "2026-03-19", "--source", delivery_id, "--json"})
             .out);

  // A register and a revised document.
  g.On("2026-03-19", {"register", "import", "people", kData + "people_semicolon_ddmmyyyy.csv",
                      "--date-format", "DD/MM/YYYY"});
  g.On("2026-03-20", {"register", "import", "suppliers", kData + "suppliers_comma.csv"});
  WriteFile(g.dir() / "policy-v2.md", "# Quality policy\n\nWe keep our promises, on time.\n");
  g.On("2026-03-21", {"doc", "draft", "evidence/documents/policy.md", "--note", "on time", "--from",
                      g.dir() / "policy-v2.md"});

  // Everything read back, as of one day.
  const std::string day = "2026-04-01";
  auto keep = [&](const std::string& name, const std::vector<std::string>& args, int code = 0) {
    g.Keep(name, g.On(day, args, code).out);
  };
  keep("list.json", {"list", "--json"});
  keep("list-none.json", {"list", "--requirement", "R7", "--json"});
  keep("show.json", {"show", delivery_id, "--json"});
  keep("show-approved.json", {"show", "evidence/documents/scope.md", "--json"});
  keep("status.json", {"status", "--json"});
  keep("verify.json", {"verify", "--json"});
  keep("log.json", {"log", "--json"});
  keep("log-entity.json", {"log", finding_id, "--json"});
  keep("clauses.json", {"clauses", "--json"});
  keep("clauses.txt", {"clauses"});
  keep("clauses-8.4.json", {"clauses", "8.4", "--json"});
  keep("clauses-8.4.txt", {"clauses", "8.4"});
  keep("scope-list.json", {"scope", "list", "--json"});
  keep("finding-list.json", {"finding", "list", "--json"});
  keep("finding-show.json", {"finding", "show", finding_id, "--json"});
  keep("audit-list.json", {"audit", "list", "--json"});
  keep("audit-show.json", {"audit", "show", audit_id, "--json"});
  keep("certification-list.json", {"certification", "list", "--json"});
  keep("review-list.json", {"review", "list", "--json"});
  keep("review-show.json", {"review", "show", review_id, "--json"});
  keep("objective-list.json", {"objective", "list", "--json"});
  keep("objective-show.json", {"objective", "show", objective_id, "--json"});
  keep("doc-history.json", {"doc", "history", "evidence/documents/policy.md", "--json"});
  keep("register-list.json", {"register", "list", "--json"});
  keep("register-show.json", {"register", "show", "suppliers", "--json"});
  keep("key-list.json", {"key", "list", "--json"});
  keep("due.json", {"due", "--within", "all", "--format", "json"});
  keep("diff.json", {"diff", "HEAD~4", "HEAD", "--json"});
  for (const char* stage : {"1", "2"}) {
    for (const char* format : {"text", "json", "markdown", "junit"}) {
      const std::string ext = std::string(format) == "text"       ? "txt"
                              : std::string(format) == "markdown" ? "md"
                              : std::string(format) == "junit"    ? "xml"
                                                                  : "json";
      keep(std::string("readiness-stage") + stage + "." + ext,
           {"readiness", "--stage", stage, "--format", format}, 1);
    }
  }
  keep("pack.json", {"pack", "--stage", "1", "-o", g.dir() / "pack.tar", "--json"});
  keep("pack-verify.json", {"pack", "verify", g.dir() / "pack.tar", "--json"});
  // What the pack holds that the library makes: its readiness report (as
  // BuildPack writes it, history included), manifest and index.
  for (const char* file : {"readiness.json", "readiness.html", "manifest.json", "index.md"}) {
    const std::string top = "dossier-pack-golden-test-ltd-stage1-" + day + "/";
    RunResult tar = Run({"tar", "-xOf", g.dir() / "pack.tar", top + file}, g.dir().path());
    BOOST_TEST_REQUIRE(tar.code == 0, "tar: " << tar.err);
    g.Keep(std::string("pack-") + file, tar.out);
  }

  g.Check();
}

BOOST_AUTO_TEST_SUITE_END()
