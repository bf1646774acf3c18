// Durability (doc/architecture.md, "Transactions"): a commit Dossier reports
// survives a power cut, because everything it wrote was flushed before it
// said so. A power cut cannot be staged in a test, so this checks, with
// strace, that the flushes are made: of the journal, of the file system
// holding the files and git's objects (syncfs), of the index and of the
// branch; and that DOSSIER_FSYNC=0 (for benchmarks) turns them off.
#define BOOST_TEST_MODULE durable
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "test_util.h"

using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::ReadFile;
using dossier::test::Run;
using dossier::test::RunResult;

namespace {

// Runs a finding open under strace; returns the fsync calls, one a line,
// each with the path of what was flushed.
std::string Flushes(const EvidenceRepo& repo, const std::vector<std::string>& env) {
  const std::string log = repo.dir / "strace.log";
  // LeakSanitizer cannot run under ptrace: in the sanitizer build the traced
  // child checks everything but leaks (the other tests cover those).
  std::vector<std::string> traced_env = env;
  if (const char* asan = std::getenv("ASAN_OPTIONS")) {
    traced_env.push_back(std::string("ASAN_OPTIONS=") + asan + ":detect_leaks=0");
  }
  RunResult r = Run({"strace", "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,syncfs", "-o", log,
                     DOSSIER_BIN, "finding", "open", "--title", "Calibration overdue", "--grade",
                     "minor", "--clause", "7.1.5"},
                    repo.root, traced_env);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "strace dossier finding open: " << r.err);
  return ReadFile(log);
}

// Where in strace's log a line shows `call` ("fsync") of `path`, or npos.
size_t Line(const std::string& log, const std::string& call, const std::string& path) {
  for (size_t start = 0; start < log.size();) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    if (Contains(line, " " + call + "(") && Contains(line, "<" + path + ">)")) return start;
    start = end + 1;
  }
  return std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(durable)

BOOST_AUTO_TEST_CASE(a_commit_flushes_journal_files_objects_index_and_branch) {
  EvidenceRepo repo;
  const std::string log = Flushes(repo, {});
  const std::string git = repo.root + "/.git";
  const std::vector<std::pair<std::string, std::string>> flushes = {
      {"fsync", git + "/dossier-journal.dossier-tmp"},
      {"syncfs", git},
      {"syncfs", repo.root},
      {"fsync", git + "/index"},
      {"fsync", git + "/refs/heads/main"},
      {"fsync", git + "/refs/heads"}};
  for (const auto& [call, path] : flushes) {
    BOOST_TEST(Line(log, call, path) != std::string::npos, "no " << call << " of " << path
                                                                 << " in:\n"
                                                                 << log);
  }
  // In that order: the files and objects before the journal names the
  // commit, the index before the branch.
  BOOST_TEST(Line(log, "syncfs", git) < log.rfind("dossier-journal.dossier-tmp>"), log);
  BOOST_TEST(Line(log, "fsync", git + "/index") < Line(log, "fsync", git + "/refs/heads/main"),
             log);
}

BOOST_AUTO_TEST_CASE(dossier_fsync_0_turns_the_flushes_off) {
  EvidenceRepo repo;
  const std::string log = Flushes(repo, {"DOSSIER_FSYNC=0"});
  BOOST_TEST(!Contains(log, "fsync("), log);
  BOOST_TEST(!Contains(log, "syncfs("), log);
}

BOOST_AUTO_TEST_SUITE_END()
