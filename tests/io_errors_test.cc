// An I/O failure is said as one (doc/architecture.md, "Reading"): a file or
// folder that is there but cannot be read, or a damaged git object, ends the
// command with exit 3 naming what failed; it is never reported as a missing
// file, a changed file or a shorter list.
#define BOOST_TEST_MODULE io_errors
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <string>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::GitOk;
using dossier::test::RunResult;
using dossier::test::WriteFile;

namespace {

// Replaces the loose object `rev` (e.g. "HEAD:evidence/x") with bytes that
// do not inflate: a damaged disk or a bad copy.
void DamageObject(const EvidenceRepo& repo, const std::string& rev) {
  std::string id = GitOk({"rev-parse", rev}, repo.root).out;
  id.resize(40);
  const std::string file = repo.root + "/.git/objects/" + id.substr(0, 2) + "/" + id.substr(2);
  BOOST_REQUIRE(fs::exists(file));
  fs::remove(file);
  WriteFile(file, "this is not a zlib stream");
}

std::string AddRecord(const EvidenceRepo& repo, const std::string& name) {
  WriteFile(repo.dir / name, "record " + name);
  auto r = repo.Run({"add", repo.dir / name, "--kind", "record", "--clause", "7.2", "--json"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const auto pos = r.out.find("\"ART-");
  return r.out.substr(pos + 1, r.out.find('"', pos + 1) - pos - 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(io_errors)

BOOST_AUTO_TEST_CASE(verify_at_a_revision_with_an_unreadable_blob_is_exit_3_not_missing) {
  EvidenceRepo repo;
  AddRecord(repo, "a.txt");
  const std::string id = AddRecord(repo, "b.txt");
  AddRecord(repo, "c.txt");
  DamageObject(repo, "HEAD:evidence/records/b.txt");
  RunResult r = repo.Run({"verify", "--at", "HEAD"});
  BOOST_TEST(r.code == 3, r.out << r.err);
  BOOST_TEST(Contains(r.err, "cannot verify " + id), r.err);
  BOOST_TEST(Contains(r.err, "evidence/records/b.txt"), r.err);
  BOOST_TEST(!Contains(r.out + r.err, "missing"), r.out << r.err);
}

// A revision's files are found through each folder's tree, read once per
// folder (doc/architecture.md, "Reading"): a damaged folder is an error for
// the files in it, never files missing.
BOOST_AUTO_TEST_CASE(a_damaged_evidence_folder_at_a_revision_is_exit_3_not_missing_files) {
  EvidenceRepo repo;
  const std::string id = AddRecord(repo, "a.txt");
  AddRecord(repo, "b.txt");
  DamageObject(repo, "HEAD:evidence/records");
  RunResult r = repo.Run({"verify", "--at", "HEAD"});
  BOOST_TEST(r.code == 3, r.out << r.err);
  BOOST_TEST(Contains(r.err, "evidence/records"), r.err);
  BOOST_TEST(!Contains(r.out + r.err, "missing"), r.out << r.err);
}

BOOST_AUTO_TEST_CASE(a_damaged_tree_is_exit_3_not_an_empty_list) {
  EvidenceRepo repo;
  auto opened = repo.Run({"finding", "open", "--title", "Calibration overdue", "--grade", "minor",
                          "--clause", "7.1.5"});
  BOOST_REQUIRE_MESSAGE(opened.code == 0, opened.err);
  DamageObject(repo, "HEAD:dossier/findings");
  RunResult r = repo.Run({"finding", "list", "--at", "HEAD"});
  BOOST_TEST(r.code == 3, r.out << r.err);
  BOOST_TEST(r.out == "");
  BOOST_TEST(Contains(r.err, "dossier/findings"), r.err);
}

// A path the system cannot resolve (a link to itself: ELOOP), which a test
// running as root can make where a permission error it cannot. Links under
// evidence/ are never followed (doc/architecture.md): verify names it as a
// link, never as a missing file.
BOOST_AUTO_TEST_CASE(an_evidence_file_that_cannot_be_reached_is_named_not_missing) {
  EvidenceRepo repo;
  const std::string id = AddRecord(repo, "a.txt");
  const std::string file = repo.root + "/evidence/records/a.txt";
  fs::remove(file);
  fs::create_symlink("a.txt", file);
  RunResult verify = repo.Run({"verify"});
  BOOST_TEST(verify.code == 1, verify.out << verify.err);
  BOOST_TEST(Contains(verify.out, "SYMLINK"), verify.out << verify.err);
  BOOST_TEST(Contains(verify.out, id), verify.out);
  BOOST_TEST(!Contains(verify.out + verify.err, "MISSING"), verify.out << verify.err);
  RunResult status = repo.Run({"status"});
  BOOST_TEST(status.code != 2, status.out << status.err);
  BOOST_TEST(Contains(status.out, "symlink"), status.out << status.err);
}

BOOST_AUTO_TEST_SUITE_END()
