// The HTML report in a real browser: headless Chromium loads the file with
// networking off, the DOM shows the verdict and the clause grid, and the
// finding titled with a script stays text (the script never runs). Nothing
// is installed at test time: without /usr/bin/chromium the test is skipped
// and says so.
#define BOOST_TEST_MODULE html_browser
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "readiness_fixture.h"

using namespace dossier;
using namespace dossier::test;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";

struct ChromiumPresent {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result r(::access(kChromium, X_OK) == 0);
    if (!r)
      r.message() << "SKIPPED: " << kChromium << " is not installed (apt-get install chromium)";
    return r;
  }
};

RunResult Chromium(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> argv = {kChromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-dev-shm-usage",
                                   "--user-data-dir=" + (dir / "profile")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return Run(argv, dir.path());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(html_browser)

BOOST_AUTO_TEST_CASE(report_renders_offline_with_verdict_grid_and_inert_script,
                     *boost::unit_test::precondition(ChromiumPresent())) {
  QmsRepo q;
  // If the title's script ran it would replace the page title and body.
  Finding f;
  f.id = "NC-20260920-XSS1";
  f.title = "<script>alert(1);document.title='PWNED';document.body.innerHTML='PWNED'</script>";
  f.grade = Grade::kMinor;
  f.source = FindingSource::kInternalAudit;
  f.clauses = {"7.5.3"};
  f.raised = D("2026-09-20");
  f.history = {T("", "open", "2026-09-20")};
  q.Put(f);
  q.Commit("hostile finding");
  TempDir out;
  const std::string html = out / "report.html";
  q.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--format", "html", "-o", html}, 1);

  // Every request other than the file itself is refused, so a report that
  // needed the network would show it in the DOM (broken) or in the log.
  auto dom = Chromium(out, {"--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr",
                            "--v=0", "--dump-dom", "file://" + html});
  BOOST_REQUIRE_MESSAGE(dom.code == 0, dom.err);
  BOOST_TEST(
      dom.out.find("<title>NOT READY for Stage 2: Harbour Test Ltd</title>") != std::string::npos,
      dom.out);
  BOOST_TEST(dom.out.find("&lt;script&gt;alert(1);document.title=") != std::string::npos);
  BOOST_TEST(dom.out.find("<script") == std::string::npos);
  BOOST_TEST(dom.out.find("id=\"verdict\"") != std::string::npos);
  BOOST_TEST(dom.out.find(">NOT READY<") != std::string::npos);
  BOOST_TEST(dom.out.find("id=\"clause-grid\"") != std::string::npos);
  BOOST_TEST(dom.out.find("data-clause=\"7.5.3\"") != std::string::npos);
  BOOST_TEST(dom.out.find("<svg") != std::string::npos);
  // No script error and no blocked request in the browser's log.
  BOOST_TEST(dom.err.find("Uncaught") == std::string::npos, dom.err);
  BOOST_TEST(dom.err.find("ERR_NAME_NOT_RESOLVED") == std::string::npos, dom.err);
  BOOST_TEST(dom.err.find("Refused to") == std::string::npos, dom.err);
}

BOOST_AUTO_TEST_SUITE_END()
