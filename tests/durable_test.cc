// Durability (doc/architecture.md, "Transactions"): a commit Dossier reports
// survives a power cut, because everything it wrote was flushed before it
// said so. A power cut cannot be staged in a test, so this checks, with
// strace, that the flushes are made: of the journal, of the file written and
// its folders, of git's objects, index and branch; and that DOSSIER_FSYNC=0
// (for benchmarks) turns them off.
#define BOOST_TEST_MODULE durable
#include <boost/test/unit_test.hpp>
#include <string>

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
  RunResult r = Run({"strace", "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o", log,
                     DOSSIER_BIN, "finding", "open", "--title", "Calibration overdue", "--grade",
                     "minor", "--clause", "7.1.5"},
                    repo.root, env);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "strace dossier finding open: " << r.err);
  return ReadFile(log);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(durable)

BOOST_AUTO_TEST_CASE(a_commit_flushes_journal_files_objects_index_and_branch) {
  EvidenceRepo repo;
  const std::string log = Flushes(repo, {});
  const std::string git = repo.root + "/.git";
  for (const std::string& flushed :
       {git + "/dossier-journal.dossier-tmp>", git + ">", repo.root + "/dossier/findings>",
        git + "/objects/", git + "/index>", git + "/refs/heads/main.lock>"}) {
    BOOST_TEST(Contains(log, flushed), "no fsync of " << flushed << " in:\n" << log);
  }
  BOOST_TEST(Contains(log, ".json.dossier-tmp>"), "the entity file is not flushed:\n" << log);
}

BOOST_AUTO_TEST_CASE(dossier_fsync_0_turns_the_flushes_off) {
  EvidenceRepo repo;
  const std::string log = Flushes(repo, {"DOSSIER_FSYNC=0"});
  BOOST_TEST(!Contains(log, "fsync("), log);
}

BOOST_AUTO_TEST_SUITE_END()
