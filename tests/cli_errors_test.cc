// Bad input through the real CLI: every one exits 2 (3 for a held lock) with
// a message that names the problem, and changes nothing: HEAD does not move
// and the work tree is as it was.
#define BOOST_TEST_MODULE cli_errors
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "test_util.h"

using dossier::test::Contains;

namespace fs = boost::filesystem;
using dossier::test::Dossier;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::Head;
using dossier::test::HeldRepoLock;
using dossier::test::ReadFile;
using dossier::test::RepoLockHeld;
using dossier::test::RunResult;
using dossier::test::StartDossier;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

std::string Status(const std::string& root) {
  return Git({"status", "--porcelain", "--untracked-files=all"}, root).out;
}

// Runs `args` in `repo`, expects exit `code` and every one of `needles` in
// the error, and that neither HEAD nor the work tree changed.
RunResult ExpectRefused(const EvidenceRepo& repo, const std::vector<std::string>& args,
                        const std::vector<std::string>& needles, int code = 2) {
  const std::string head = Head(repo.root);
  const std::string status = Status(repo.root);
  auto r = repo.Run(args);
  std::string cmd;
  for (const auto& a : args) cmd += " " + a;
  BOOST_TEST(r.code == code, "dossier" << cmd << " exited " << r.code << ": " << r.err);
  BOOST_TEST(r.out == "", "dossier" << cmd << " printed data: " << r.out);
  BOOST_TEST(r.err.rfind("error: ", 0) == 0u, r.err);
  for (const auto& n : needles) {
    BOOST_TEST(Contains(r.err, n), "dossier" << cmd << ": expected '" << n << "' in: " << r.err);
  }
  BOOST_TEST(Head(repo.root) == head, "HEAD moved after dossier" << cmd);
  BOOST_TEST(Status(repo.root) == status, "work tree changed after dossier" << cmd);
  return r;
}

// A filed record, so that the repository is not trivially empty.
std::string Seed(const EvidenceRepo& repo) {
  WriteFile(repo.dir / "seed.md", "seed");
  auto r = repo.Run({"add", repo.dir / "seed.md", "--kind", "record", "--clause", "7.2", "--json"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  auto pos = r.out.find("\"ART-");
  return r.out.substr(pos + 1, r.out.find('"', pos + 1) - pos - 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(clauses_and_requirements)

BOOST_AUTO_TEST_CASE(unknown_clause_names_the_nearest_valid_ids) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--kind", "record", "--clause", "4.9"},
                {"unknown clause \"4.9\"", "4.1", "4.2", "4.3"});
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2,8.3.9"},
                {"unknown clause \"8.3.9\"", "8.3.1"});
  ExpectRefused(repo, {"list", "--clause", "9.9"}, {"unknown clause \"9.9\""});
  ExpectRefused(repo, {"clauses", "11"}, {"unknown clause \"11\""});
  ExpectRefused(repo, {"scope", "exclude", "8.3.7", "--why", "x"}, {"unknown clause \"8.3.7\""});
}

BOOST_AUTO_TEST_CASE(a_clause_that_is_not_excludable) {
  EvidenceRepo repo;
  ExpectRefused(repo, {"scope", "exclude", "4.3", "--why", "x"},
                {"4.3", "cannot be declared not applicable", "8.3"});
  // A parent with a core clause under it.
  ExpectRefused(repo, {"scope", "exclude", "8", "--why", "x"},
                {"cannot be declared not applicable"});
  ExpectRefused(repo, {"scope", "include", "8.3"}, {"8.3 is not declared not applicable"});
}

BOOST_AUTO_TEST_CASE(requirements_of_the_wrong_kind_or_unknown) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--requirement", "M3", "--kind", "record"},
                {"M3 is a maintain requirement", "--kind document"});
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--requirement", "R19", "--kind", "document"},
                {"R19 is a retain requirement", "--kind record"});
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--requirement", "M9", "--kind", "document"},
                {"unknown requirement \"M9\"", "M1-M7", "R1-R21"});
  ExpectRefused(repo, {"list", "--requirement", "X1"}, {"unknown requirement \"X1\""});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(metadata)

BOOST_AUTO_TEST_CASE(malformed_dates_and_periods) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(repo,
                {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2", "--effective",
                 "2026-13-01"},
                {"--effective", "2026-13-01", "no month 13", "YYYY-MM-DD"});
  ExpectRefused(
      repo,
      {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2", "--expires", "2026-02-29"},
      {"--expires", "2026-02-29"});
  ExpectRefused(repo, {"--as-of", "02/03/2026", "list"}, {"--as-of", "02/03/2026"});
  ExpectRefused(repo, {"list", "--as-of", "2026-3-2"}, {"--as-of"});
  ExpectRefused(repo,
                {"add", repo.dir / "f.md", "--kind", "document", "--clause", "7.5.1",
                 "--review-every", "12x"},
                {"--review-every", "12x"});
  ExpectRefused(repo,
                {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.1.5", "--effective",
                 "2026-03-01", "--expires", "2026-02-01"},
                {"--expires 2026-02-01 is before --effective 2026-03-01"});
}

BOOST_AUTO_TEST_CASE(kind_and_clause_are_required_for_a_new_file) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--clause", "7.2"},
                {"not filed yet", "--kind document|record"});
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--kind", "record"},
                {"not filed yet", "--clause"});
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--kind", "memo", "--clause", "7.2"},
                {"unknown kind \"memo\"", "document, record"});
  ExpectRefused(repo, {"add"}, {"add needs at least one PATH"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(missing_file) {
  EvidenceRepo repo;
  ExpectRefused(repo, {"add", repo.dir / "nope.md", "--kind", "record", "--clause", "7.2"},
                {"no such file or folder", "nope.md"});
  // One missing among several: nothing is filed.
  WriteFile(repo.dir / "yes.md", "y");
  ExpectRefused(
      repo,
      {"add", repo.dir / "yes.md", repo.dir / "nope.md", "--kind", "record", "--clause", "7.2"},
      {"nope.md"});
}

BOOST_AUTO_TEST_CASE(paths_outside_the_repository_or_its_evidence_folder) {
  EvidenceRepo repo;
  Seed(repo);
  WriteFile(repo.root + "/notes.txt", "not evidence");
  ExpectRefused(repo, {"add", "notes.txt", "--kind", "record", "--clause", "7.2"},
                {"notes.txt", "outside evidence/"});
  ExpectRefused(repo, {"add", "dossier.ini", "--kind", "record", "--clause", "7.2"},
                {"outside evidence/"});
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(
      repo, {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2", "--to", "../../x"},
      {"--to ../../x", "outside"});
  ExpectRefused(repo,
                {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2", "--to", "/tmp"},
                {"--to /tmp", "outside"});
  ExpectRefused(repo, {"show", "../../etc/passwd"}, {"../../etc/passwd", "outside the repository"});
  ExpectRefused(repo, {"approve", "../../etc/passwd"}, {"outside the repository"});
  ExpectRefused(repo, {"show", "evidence/records/none.md"}, {"no artifact is filed at"});
}

BOOST_AUTO_TEST_CASE(symlinks_leading_out_of_the_repository) {
  EvidenceRepo repo;
  Seed(repo);
  WriteFile(repo.dir / "secret.txt", "outside");
  fs::create_directories(repo.root + "/evidence/records");
  fs::create_symlink(repo.dir / "secret.txt", repo.root + "/evidence/records/link.txt");
  ExpectRefused(repo, {"add", "evidence/records/link.txt", "--kind", "record", "--clause", "7.2"},
                {"link.txt", "symbolic link leading outside the repository"});
  // Inside a folder that is added whole.
  ExpectRefused(repo, {"add", "evidence/records", "--kind", "record", "--clause", "7.2"},
                {"link.txt", "symbolic link"});
  // A linked folder: its files lie outside the repository.
  fs::create_directories(repo.dir / "outdir");
  WriteFile(repo.dir / "outdir/x.md", "x");
  fs::create_symlink(repo.dir / "outdir", repo.root + "/evidence/linked");
  ExpectRefused(repo, {"add", "evidence/linked/x.md", "--kind", "record", "--clause", "7.2"},
                {"symbolic link leading outside the repository"});
  ExpectRefused(repo, {"add", "evidence/linked", "--kind", "record", "--clause", "7.2"},
                {"symbolic link leading outside the repository"});
  // A copy from outside must not be written through the link.
  WriteFile(repo.dir / "new.md", "new");
  ExpectRefused(
      repo, {"add", repo.dir / "new.md", "--kind", "record", "--clause", "7.2", "--to", "linked"},
      {"evidence/linked is a symbolic link", "choose another --to"});
  BOOST_TEST(!fs::exists(repo.dir / "outdir/new.md"));
}

BOOST_AUTO_TEST_CASE(an_unfiled_file_in_the_way_is_not_overwritten) {
  EvidenceRepo repo;
  Seed(repo);
  WriteFile(repo.root + "/evidence/records/report.md", "the user's own, not yet filed");
  WriteFile(repo.dir / "report.md", "another report of the same name");
  ExpectRefused(repo, {"add", repo.dir / "report.md", "--kind", "record", "--clause", "7.2"},
                {"evidence/records/report.md", "not filed"});
  BOOST_TEST(ReadFile(repo.root + "/evidence/records/report.md") ==
             "the user's own, not yet filed");
}

BOOST_AUTO_TEST_CASE(a_folder_in_the_way_is_refused_and_nothing_changes) {
  EvidenceRepo repo;
  WriteFile(repo.root + "/evidence/records/plan.md/part1.md", "part 1");
  auto filed = repo.Run({"add", "evidence/records/plan.md", "--kind", "record", "--clause", "7.2"});
  BOOST_REQUIRE_MESSAGE(filed.code == 0, filed.err);
  WriteFile(repo.dir / "plan.md", "a file whose copy would land on that folder");
  ExpectRefused(repo, {"add", repo.dir / "plan.md", "--kind", "record", "--clause", "7.2"},
                {"evidence/records/plan.md", "folder"});
  BOOST_TEST(ReadFile(repo.root + "/evidence/records/plan.md/part1.md") == "part 1");
  BOOST_TEST(repo.Run({"verify"}).code == 0);
}

BOOST_AUTO_TEST_CASE(a_filed_file_with_unfiled_edits_is_not_overwritten) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "proc.md", "v1");
  BOOST_REQUIRE(
      repo.Run({"add", repo.dir / "proc.md", "--kind", "document", "--clause", "7.5.1"}).code == 0);
  WriteFile(repo.root + "/evidence/documents/proc.md", "edited in place, not filed yet");
  WriteFile(repo.dir / "proc.md", "v2 from elsewhere");
  ExpectRefused(repo, {"add", repo.dir / "proc.md"},
                {"evidence/documents/proc.md", "changed since it was filed"});
  BOOST_TEST(ReadFile(repo.root + "/evidence/documents/proc.md") ==
             "edited in place, not filed yet");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(repository)

BOOST_AUTO_TEST_CASE(commands_outside_an_evidence_repository) {
  TempDir plain;
  auto r = Dossier({"list"}, plain.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "not an evidence repository"), r.err);
  BOOST_TEST(Contains(r.err, "dossier init"), r.err);

  TempDir gitdir;
  BOOST_REQUIRE(Git({"init", "-q", "."}, gitdir.path()).code == 0);
  WriteFile(gitdir / "f.md", "f");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"list"},
                                             {"verify"},
                                             {"add", "f.md", "--kind", "record", "--clause", "7.2"},
                                             {"scope", "list"},
                                             {"log"}}) {
    auto g = Dossier(args, gitdir.path());
    BOOST_TEST(g.code == 2, args[0] << ": " << g.err);
    BOOST_TEST(Contains(g.err, "has no dossier.ini"), g.err);
  }
  BOOST_TEST(Git({"rev-parse", "--verify", "-q", "HEAD"}, gitdir.path()).code != 0,
             "no commit was made");

  // -C naming a folder that does not exist.
  auto c = Dossier({"-C", plain / "missing", "list"}, plain.path());
  BOOST_TEST(c.code == 2);
  BOOST_TEST(Contains(c.err, "no such directory"), c.err);
}

BOOST_AUTO_TEST_CASE(init_refuses_bad_input_and_makes_nothing) {
  TempDir dir;
  auto no_org = Dossier({"init", "r"}, dir.path());
  BOOST_TEST(no_org.code == 2);
  BOOST_TEST(Contains(no_org.err, "--org"), no_org.err);
  auto checklist = Dossier({"init", "r", "--org", "X", "--checklist", "iso9001-2008"}, dir.path());
  BOOST_TEST(checklist.code == 2);
  BOOST_TEST(Contains(checklist.err, "unknown checklist \"iso9001-2008\""), checklist.err);
  BOOST_TEST(Contains(checklist.err, "iso9001-2015"), checklist.err);
  BOOST_TEST(!fs::exists(dir / "r"));
  WriteFile(dir / "afile", "x");
  auto file = Dossier({"init", "afile", "--org", "X"}, dir.path());
  BOOST_TEST(file.code == 2);
  BOOST_TEST(Contains(file.err, "it is a file"), file.err);
}

BOOST_AUTO_TEST_CASE(a_malformed_entity_file_is_named_with_its_line) {
  EvidenceRepo repo;
  std::string id = Seed(repo);
  const std::string rel = "dossier/artifacts/" + id + ".json";
  WriteFile(repo.root + "/" + rel, "{\n  \"id\": \"" + id + "\",\n  \"kind\": record\n}\n");
  BOOST_REQUIRE(Git({"commit", "-qam", "broken by hand"}, repo.root).code == 0);
  ExpectRefused(repo, {"list"}, {rel + ":3:", "malformed JSON"});
  ExpectRefused(repo, {"verify"}, {rel + ":3:"});
  WriteFile(repo.dir / "f.md", "f");
  ExpectRefused(repo, {"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2"},
                {rel + ":3:"});

  // Well-formed JSON with a wrong value: the file, the line and the key.
  std::string good = "{\n  \"collected\": \"2026-03-02\",\n  \"id\": \"" + id +
                     "\",\n  \"kind\": \"record\",\n  \"path\": \"evidence/records/seed.md\",\n"
                     "  \"sha256\": \"00\",\n  \"size\": \"big\"\n}\n";
  WriteFile(repo.root + "/" + rel, good);
  BOOST_REQUIRE(Git({"commit", "-qam", "broken again"}, repo.root).code == 0);
  ExpectRefused(repo, {"list"}, {rel + ":7:", "\"size\"", "expected an integer"});
  // A path leading out of evidence/ (it would be hashed, shown and packed).
  for (const std::string bad : {"../../etc/passwd", "/etc/passwd", "evidence/../dossier.ini",
                                "dossier.ini", "evidence//x"}) {
    std::string text = good;
    text.replace(text.find("evidence/records/seed.md"), 24, bad);
    text.replace(text.find("\"big\""), 5, "4");
    WriteFile(repo.root + "/" + rel, text);
    BOOST_REQUIRE(Git({"commit", "-qam", "path out"}, repo.root).code == 0);
    ExpectRefused(repo, {"verify"}, {rel + ":5:", "\"path\"", "not a path under evidence/"});
  }
  WriteFile(repo.root + "/" + rel, "[1, 2]\n");
  BOOST_REQUIRE(Git({"commit", "-qam", "not an object"}, repo.root).code == 0);
  ExpectRefused(repo, {"list"}, {rel, "expected a JSON object"});
}

// Two clones filed the same file and were merged: two artifacts, one path.
BOOST_AUTO_TEST_CASE(a_file_filed_twice_is_named_not_picked_at_random) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "policy");
  auto added = repo.Run({"--as-of", "2026-03-02", "add", repo.dir / "policy.md", "--kind",
                         "document", "--clause", "5.2.2"});
  BOOST_REQUIRE_MESSAGE(added.code == 0, added.err);
  const std::string first = added.out.substr(10, 17);  // "added     ART-..."
  BOOST_REQUIRE(first.rfind("ART-", 0) == 0);
  const std::string second = "ART-20260101-ZZZZ";
  std::string entity = ReadFile(repo.root + "/dossier/artifacts/" + first + ".json");
  entity.replace(entity.find(first), first.size(), second);
  WriteFile(repo.root + "/dossier/artifacts/" + second + ".json", entity);
  BOOST_REQUIRE(Git({"add", "-A"}, repo.root).code == 0);
  BOOST_REQUIRE(Git({"commit", "-qm", "merged from another clone"}, repo.root).code == 0);

  const std::vector<std::string> named = {
      "evidence/documents/policy.md is filed by more than one artifact", first, second, "git rm"};
  ExpectRefused(repo, {"approve", "evidence/documents/policy.md"}, named);
  ExpectRefused(repo, {"add", repo.dir / "policy.md"}, named);
  ExpectRefused(repo, {"add", "evidence/documents/policy.md", "--owner", "Jo"}, named);
  auto st = repo.Run({"status", "--json"});
  BOOST_TEST(Contains(st.out, "\"duplicated\": [\n    \"evidence/documents/policy.md " + second +
                                  " " + first + "\""),
             st.out);
  auto text = repo.Run({"status"});
  BOOST_TEST(Contains(text.out, "filed twice evidence/documents/policy.md"), text.out);
  // By id, each is still reachable.
  BOOST_TEST(repo.Run({"approve", first}).code == 0);
}

BOOST_AUTO_TEST_CASE(a_malformed_dossier_ini_is_named) {
  EvidenceRepo repo;
  std::string ini = ReadFile(repo.root + "/dossier.ini");
  const std::string key = "review_every = none";
  BOOST_REQUIRE(ini.find(key) != std::string::npos);
  ini.replace(ini.find(key), key.size(), "review_every = often");
  WriteFile(repo.root + "/dossier.ini", ini);
  BOOST_REQUIRE(Git({"commit", "-qam", "bad ini"}, repo.root).code == 0);
  ExpectRefused(repo, {"list"}, {"dossier.ini", "review_every", "often"});
}

BOOST_AUTO_TEST_CASE(unknown_ids) {
  EvidenceRepo repo;
  std::string id = Seed(repo);
  WriteFile(repo.dir / "two.md", "2");
  BOOST_REQUIRE(
      repo.Run({"add", repo.dir / "two.md", "--kind", "record", "--clause", "7.2"}).code == 0);
  ExpectRefused(repo, {"show", "ART-19990101-ZZZZ"}, {"no artifact with id ART-19990101-ZZZZ"});
  ExpectRefused(repo, {"show", "ART-"}, {"ambiguous artifact id", id});
  ExpectRefused(repo, {"approve", "ART-19990101-ZZZZ"}, {"no artifact with id"});
  ExpectRefused(repo, {"log", "NC-1"}, {"no entity with id NC-1"});
  ExpectRefused(repo, {"verify", "--at", "no-such-rev"}, {"unknown revision 'no-such-rev'"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(unknown_command_suggests_the_nearest) {
  EvidenceRepo repo;
  ExpectRefused(repo, {"verfy"}, {"'verfy' is not a dossier command", "did you mean 'verify'"});
  ExpectRefused(repo, {"lsit"}, {"did you mean 'list'"});
  ExpectRefused(repo, {"scope", "exlude", "8.3"},
                {"not a dossier scope command", "did you mean 'exclude'"});
  ExpectRefused(repo, {"frobnicate"}, {"'frobnicate' is not a dossier command"});
  ExpectRefused(repo, {"list", "--colour"}, {"colour", "dossier list --help"});
  ExpectRefused(repo, {"--bogus", "list"}, {"unknown option --bogus"});
  ExpectRefused(repo, {"help", "lsit"}, {"lsit"});
}

BOOST_AUTO_TEST_CASE(a_report_that_cannot_be_written_is_a_failure) {
  EvidenceRepo repo;
  for (const char* cmd : {" scope list", " clauses --json", " verify", " log"}) {
    auto r =
        dossier::test::Run({"sh", "-c", std::string(DOSSIER_BIN) + cmd + " >/dev/full"}, repo.root);
    BOOST_TEST(r.code == 3, cmd << ": " << r.code);
    BOOST_TEST(Contains(r.err, "cannot write to standard output"), r.err);
  }
}

BOOST_AUTO_TEST_CASE(every_evidence_command_has_help) {
  EvidenceRepo repo;
  for (const char* cmd :
       {"init", "add", "link", "approve", "list", "show", "status", "verify", "log", "clauses"}) {
    auto help = repo.Run({"help", cmd});
    BOOST_TEST(help.code == 0, cmd << ": " << help.err);
    BOOST_TEST(Contains(help.out, std::string("usage: dossier ") + cmd), help.out);
    auto dash = repo.Run({cmd, "--help"});
    BOOST_TEST(dash.out == help.out, cmd);
  }
  auto scope = repo.Run({"scope", "--help"});
  BOOST_TEST(scope.code == 0);
  BOOST_TEST(Contains(scope.out, "exclude"), scope.out);
  auto bare = repo.Run({"scope"});
  BOOST_TEST(bare.code == 2);
  BOOST_TEST(Contains(bare.err, "usage: dossier scope"), bare.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lock)

BOOST_AUTO_TEST_CASE(a_held_lock_stops_a_second_command_with_exit_3_naming_the_holder) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "f.md", "f");
  const std::string head = Head(repo.root);
  {
    HeldRepoLock held(repo.root);
    ExpectRefused(repo,
                  {"--wait", "0", "add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2"},
                  {"another dossier command", "pid " + std::to_string(::getpid()),
                   "test holding the lock", "dossier.lock", "--wait SECONDS"},
                  3);
    // dossier.ini's lock_wait is used when --wait is not given.
    WriteFile(repo.root + "/dossier.ini",
              ReadFile(repo.root + "/dossier.ini") + "\n[repository]\nlock_wait = 0\n");
    ExpectRefused(repo, {"scope", "exclude", "8.3", "--why", "x"}, {"another dossier command"}, 3);
    // Reading commands do not need the lock.
    BOOST_TEST(repo.Run({"list"}).code == 0);
  }
  BOOST_TEST(Head(repo.root) == head);
  auto r = repo.Run({"add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2"});
  BOOST_TEST(r.code == 0, r.err);
}

BOOST_AUTO_TEST_CASE(a_bad_wait_is_a_usage_error) {
  EvidenceRepo repo;
  ExpectRefused(repo, {"--wait", "soon", "finding", "open", "--title", "t", "--grade", "minor"},
                {"--wait", "seconds"}, 2);
  ExpectRefused(repo, {"finding", "open", "--title", "t", "--grade", "minor", "--wait", "-1"},
                {"--wait", "seconds"}, 2);
}

// The lock file's contents are for people only: a pid in it, even of a live
// process (a reused pid), never blocks anyone; only the OS lock does.
BOOST_AUTO_TEST_CASE(a_lock_file_naming_a_live_pid_blocks_nothing) {
  EvidenceRepo repo;
  const std::string lock = repo.root + "/.git/dossier.lock";
  WriteFile(lock, std::to_string(::getpid()) + "\n");
  WriteFile(repo.dir / "f.md", "f");
  std::string head = Head(repo.root);
  auto r =
      repo.Run({"--wait", "0", "add", repo.dir / "f.md", "--kind", "record", "--clause", "7.2"});
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(Head(repo.root) != head);
  BOOST_TEST(!RepoLockHeld(repo.root), "the lock is released after the command");
  BOOST_TEST(Status(repo.root) == "");
}

// Eight processes opening 25 findings each at the same time: each waits its
// turn (no one is turned away), all 200 are committed, one commit each, and
// git finds nothing wrong.
BOOST_AUTO_TEST_CASE(eight_writers_at_once_all_commit) {
  EvidenceRepo repo;
  const int writers = 8;
  const int each = 25;
  // Eight threads, each running its 25 commands one after the other: eight
  // dossier processes at any moment.
  std::vector<int> failures(writers, 0);
  std::vector<std::string> errors(writers);
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < each; ++i) {
        // A long wait: a slow machine is no failure; being turned away is.
        auto r = repo.Run({"--wait", "600", "--as-of", "2026-03-02", "finding", "open", "--title",
                           "w" + std::to_string(w) + " n" + std::to_string(i), "--grade", "minor",
                           "--clause", "7.2"});
        if (r.code != 0) {
          ++failures[w];
          errors[w] = r.err;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int w = 0; w < writers; ++w) BOOST_TEST(failures[w] == 0, errors[w]);
  auto count = Git({"rev-list", "--count", "HEAD"}, repo.root);
  BOOST_TEST(std::stoi(count.out) == 1 + writers * each);
  auto list = repo.Run({"finding", "list", "--json"});
  size_t filed = 0;
  for (size_t pos = 0; (pos = list.out.find("\"id\": \"NC-", pos)) != std::string::npos; ++pos) {
    ++filed;
  }
  BOOST_TEST(filed == static_cast<size_t>(writers * each));
  auto fsck = Git({"fsck", "--full", "--strict"}, repo.root);
  BOOST_TEST(fsck.code == 0, fsck.out << fsck.err);
  BOOST_TEST(Status(repo.root) == "");
  BOOST_TEST(!RepoLockHeld(repo.root));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(restart)

// A command that reads every artifact starts itself again, once, with glibc's
// huge-page tunable (cli/main.cc): seen in the environment it was started
// with, while it waits to write its report into a named pipe. Not when the
// user turned it off or set GLIBC_TUNABLES of their own.
std::string EnvironmentWhileBlocked(const EvidenceRepo& repo, const std::vector<std::string>& args,
                                    const std::vector<std::string>& env) {
  const std::string fifo = repo.root + "/report.html.tmp";
  fs::remove(fifo);
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const pid_t pid = StartDossier(args, repo.root, env);
  BOOST_REQUIRE(pid > 0);
  const std::string proc = "/proc/" + std::to_string(pid);
  std::string wchan;
  for (int i = 0; i < 600 && wchan != "wait_for_partner"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    wchan = ReadFile(proc + "/wchan");
  }
  std::ifstream in(proc + "/environ");
  std::stringstream environ;
  environ << in.rdbuf();
  {
    std::ifstream drain(fifo);
    std::string all((std::istreambuf_iterator<char>(drain)), {});
  }
  BOOST_TEST(dossier::test::Wait(pid) <= 1);
  BOOST_TEST(wchan == "wait_for_partner", "the command never came to open the pipe");
  return environ.str();
}

BOOST_AUTO_TEST_CASE(a_whole_repository_command_restarts_once_with_huge_pages) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return;  // the sanitizer's malloc knows no glibc tunable: no restart
#endif
  const std::string policy = ReadFile("/sys/kernel/mm/transparent_hugepage/enabled");
  if (policy.empty() || Contains(policy, "[never]")) return;
  EvidenceRepo repo;
  const std::vector<std::string> readiness = {"readiness", "--stage", "1", "-o", "report.html"};
  const std::string tunable = std::string(1, '\0') + "GLIBC_TUNABLES=glibc.malloc.hugetlb=1";
  const std::string with = std::string(1, '\0') + EnvironmentWhileBlocked(repo, readiness, {});
  BOOST_TEST(Contains(with, tunable));
  const std::string off = EnvironmentWhileBlocked(repo, readiness, {"DOSSIER_HUGE_PAGES=0"});
  BOOST_TEST(!Contains(off, "GLIBC_TUNABLES"));
  const std::string users =
      EnvironmentWhileBlocked(repo, readiness, {"GLIBC_TUNABLES=glibc.malloc.perturb=0"});
  BOOST_TEST(Contains(users, "GLIBC_TUNABLES=glibc.malloc.perturb=0"));
  BOOST_TEST(!Contains(users, "hugetlb"));
}

BOOST_AUTO_TEST_SUITE_END()
