// The CI examples (examples/ci/, README.md "Readiness in CI"): the GitHub
// Actions workflow and the GitLab CI job parse as YAML, publish the JUnit
// results and keep the reports even when the gate fails, and the dossier
// commands in them run on the demo repository (built by the `demo` test,
// a CTest fixture) as a CI runner would run them.
#define BOOST_TEST_MODULE ci_examples
#include <sys/stat.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

const std::string kSource = DOSSIER_SOURCE_DIR;

std::string BinDir() {
  const std::string bin = DOSSIER_BIN;
  return bin.substr(0, bin.rfind('/'));
}

// The demo repository examples/demo.sh builds under the build folder.
std::string DemoRepo() {
  const std::string cli = BinDir();
  return cli.substr(0, cli.rfind('/')) + "/demo/harbour";
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ci_examples)

BOOST_AUTO_TEST_CASE(workflows_parse_and_their_commands_run_on_the_demo_repository) {
  struct stat st;
  BOOST_REQUIRE_MESSAGE(stat((DemoRepo() + "/.git").c_str(), &st) == 0,
                        "no demo repository at " + DemoRepo() +
                            ": run ctest -R 'demo|ci_examples' (the demo test builds it)");
  const std::string github = kSource + "/examples/ci/github-readiness.yml";
  const std::string gitlab = kSource + "/examples/ci/gitlab-readiness.yml";
  // Debian's python3 has python3-yaml (make test-deps).
  RunResult parsed =
      Run({"/usr/bin/python3", kSource + "/tests/ci_examples.py", github, gitlab}, kSource);
  BOOST_REQUIRE_MESSAGE(parsed.code == 0, "the CI examples do not parse: " + parsed.err);
  const bj::object doc = bj::parse(parsed.out).as_object();

  const bj::object& gh = doc.at(github).as_object();
  BOOST_TEST(gh.at("kind").as_string() == "github");
  BOOST_TEST(gh.at("triggers").as_array().size() == 3u);  // push, pull request, weekly
  BOOST_TEST(gh.at("junit").as_string() == "readiness-stage2.xml");
  std::vector<std::string> always;
  for (const auto& a : gh.at("always").as_array()) always.emplace_back(a.as_string());
  BOOST_TEST((always ==
              std::vector<std::string>{"mikepenz/action-junit-report", "actions/upload-artifact"}));
  const bj::object& gl = doc.at(gitlab).as_object();
  BOOST_TEST(gl.at("kind").as_string() == "gitlab");
  BOOST_TEST(gl.at("junit").as_string() == "readiness-stage2.xml");
  BOOST_TEST(gl.at("when").as_string() == "always");
  BOOST_TEST(gl.at("depth").as_string() == "0");
  for (const auto* d : {&gh, &gl}) {
    std::vector<std::string> kept;
    for (const auto& k : d->at("kept").as_array()) kept.emplace_back(k.as_string());
    BOOST_TEST((kept == std::vector<std::string>{"readiness-stage2.html", "readiness-stage2.xml"}));
  }
  // Both run the same dossier commands: verify, the HTML report, the gate.
  BOOST_TEST(gh.at("dossier") == gl.at("dossier"));
  BOOST_REQUIRE(gh.at("dossier").as_array().size() == 3u);

  TempDir work;
  const std::string repo = work / "harbour";
  GitOk({"clone", "-q", DemoRepo(), repo}, work.path());
  // What the gate should say: the same report as JSON.
  RunResult json = Dossier({"readiness", "--stage", "2", "--json"}, repo);
  BOOST_REQUIRE(json.code == 0 || json.code == 1);
  const bj::object expected = bj::parse(json.out).as_object();
  size_t checks = 0, fails = 0, warns = 0;
  for (const auto& c : expected.at("checks").as_array()) {
    ++checks;
    fails += c.at("status").as_string() == "fail";
    warns += c.at("status").as_string() == "warn";
  }
  std::vector<int> codes;
  for (const auto& line : gh.at("dossier").as_array()) {
    RunResult r = Run({"bash", "-c", std::string(line.as_string())}, repo,
                      {"PATH=" + BinDir() + ":/usr/bin:/bin"});
    BOOST_TEST_MESSAGE(std::string(line.as_string()) << " -> " << r.code);
    codes.push_back(r.code);
    BOOST_TEST(r.code != 2, r.err);
    BOOST_TEST(r.code != 3, r.err);
  }
  BOOST_TEST(codes[0] == 0);          // verify: every file as filed
  BOOST_TEST(codes[1] == 0);          // the HTML report, ready or not
  BOOST_TEST(codes[2] == json.code);  // the gate: 0 READY, 1 NOT READY
  const std::string html = ReadFile(repo + "/readiness-stage2.html");
  BOOST_TEST(Contains(html, "<!DOCTYPE html>"));
  const std::string xml = ReadFile(repo + "/readiness-stage2.xml");
  BOOST_TEST(Count(xml, "<testcase ") == checks);
  BOOST_TEST(Count(xml, "<failure ") == fails);
  BOOST_TEST(Count(xml, "<skipped ") == warns);
  BOOST_TEST(Contains(xml, std::string("<property name=\"verdict\" value=\"") +
                               (json.code == 0 ? "READY" : "NOT READY") + "\"/>"));
}

BOOST_AUTO_TEST_SUITE_END()
