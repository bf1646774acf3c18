// Readiness over the repository's history: one point per week of git
// history, from the last commit of that week, assessed as of the week's end.
#define BOOST_TEST_MODULE readiness_history
#include "dossier/readiness_history.h"

#include <boost/test/unit_test.hpp>

#include "dossier/assessment.h"
#include "test_util.h"

using namespace dossier;
using namespace dossier::test;

namespace {

Date D(const char* iso) { return *Date::Parse(iso); }

// Runs dossier with the commit dated `date` at noon UTC.
void At(const std::string& date, const std::vector<std::string>& args, const std::string& cwd) {
  const std::string when = "GIT_COMMITTER_DATE=" + date + "T12:00:00Z";
  auto r = Dossier(args, cwd, {when, "GIT_AUTHOR_DATE=" + date + "T12:00:00Z"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(readiness_history)

BOOST_AUTO_TEST_CASE(one_point_per_week_from_the_last_commit_of_the_week) {
  TempDir dir;
  const std::string root = dir / "repo";
  At("2026-06-01", {"init", root, "--org", "History Org", "--unsigned-approvals"},
     dir.path());  // a Monday
  WriteFile(dir / "scope.md", "scope\n");
  WriteFile(dir / "policy.md", "policy\n");
  At("2026-06-09",
     {"--as-of", "2026-06-09", "add", dir / "scope.md", "--kind", "document", "--requirement",
      "M1"},
     root);
  At("2026-06-10", {"--as-of", "2026-06-10", "approve", "evidence/documents/scope.md"}, root);
  At("2026-06-24",
     {"--as-of", "2026-06-24", "add", dir / "policy.md", "--kind", "document", "--requirement",
      "M3"},
     root);
  At("2026-06-25", {"--as-of", "2026-06-25", "approve", "evidence/documents/policy.md"}, root);
  const std::string approved_scope = Git({"rev-parse", "HEAD~2"}, root).out.substr(0, 40);

  auto repo = Repository::Discover(root);
  BOOST_REQUIRE(repo.ok());
  auto points = ReadinessHistory(*repo, 1, D("2026-07-01"));
  BOOST_REQUIRE_MESSAGE(points.ok(), (points.ok() ? std::string() : points.error().message()));
  std::vector<std::string> dates;
  for (const auto& p : *points) dates.push_back(p.date.ToString());
  const std::vector<std::string> want = {"2026-06-07", "2026-06-14", "2026-06-21", "2026-06-28",
                                         "2026-07-01"};
  BOOST_TEST(dates == want, boost::test_tools::per_element());
  const auto& h = *points;
  BOOST_TEST(h[1].commit == approved_scope);
  BOOST_TEST(h[2].commit == approved_scope);  // a quiet week keeps the last commit
  BOOST_TEST(h[0].score < h[1].score);        // the scope document approved
  BOOST_TEST(h[1].score == h[2].score);
  BOOST_TEST(h[2].score < h[3].score);  // the policy approved: M3 is met
  BOOST_TEST(h[3].failed <= h[2].failed);
  BOOST_TEST(!h.back().ready);
  BOOST_TEST(h.back().commit == Git({"rev-parse", "HEAD"}, root).out.substr(0, 40));

  // The html report's history (AssessRevision, drawn before the revision is
  // loaded) is this one; with no stage and no certification audit planned,
  // the same input error as without a history, and nothing drawn.
  ReadinessQuery query;
  query.stage = 1;
  query.as_of = D("2026-07-01");
  query.history = true;
  auto assessed = AssessRevision(*repo, query);
  BOOST_REQUIRE_MESSAGE(assessed.ok(), (assessed.ok() ? "" : assessed.error().message()));
  BOOST_REQUIRE(assessed->extras.history.size() == points->size());
  for (size_t i = 0; i < points->size(); ++i) {
    BOOST_TEST(assessed->extras.history[i].commit == (*points)[i].commit);
    BOOST_TEST(assessed->extras.history[i].score == (*points)[i].score);
  }
  query.stage.reset();
  auto unplanned = AssessRevision(*repo, query);
  BOOST_REQUIRE(!unplanned.ok());
  BOOST_TEST(unplanned.error().exit_code() == 2);
  BOOST_TEST(unplanned.error().message().find("no certification audit is planned") !=
             std::string::npos);

  // --at bounds the walk by that revision's commit time.
  auto at = ReadinessHistory(*repo, 1, D("2026-07-01"), approved_scope);
  BOOST_REQUIRE(at.ok());
  BOOST_TEST(at->size() == 5u);
  BOOST_TEST(at->back().commit == approved_scope);

  // A later commit dated in the past (a rebase, a clock off) does not change
  // the history of an earlier revision.
  const std::string head = Git({"rev-parse", "HEAD"}, root).out.substr(0, 40);
  WriteFile(dir / "late.md", "late\n");
  At("2026-06-15",
     {"--as-of", "2026-06-15", "add", dir / "late.md", "--kind", "record", "--clause", "7.2"},
     root);
  auto again = ReadinessHistory(*repo, 1, D("2026-07-01"), head);
  BOOST_REQUIRE(again.ok());
  BOOST_REQUIRE(again->size() == points->size());
  for (size_t i = 0; i < again->size(); ++i) BOOST_TEST((*again)[i].commit == (*points)[i].commit);

  // An as-of date before the first commit has no history.
  auto none = ReadinessHistory(*repo, 1, D("2026-05-01"));
  BOOST_REQUIRE(none.ok());
  BOOST_TEST(none->empty());
}

BOOST_AUTO_TEST_SUITE_END()
