// The evidence commands end to end through the real CLI: init, add, link,
// approve, list, show, status, verify, log, clauses, scope. Every mutating
// command must leave a clean git work tree and one commit (or none).
#define BOOST_TEST_MODULE evidence_cli
#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <map>

#include "crypto/sha256.h"
#include "test_util.h"

using dossier::test::Contains;

namespace bj = boost::json;
using dossier::test::Dossier;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::Head;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

const char* kToday = "2026-03-02";

// `git status --porcelain` must be empty: Dossier leaves nothing staged,
// modified or untracked behind (no temp files, no half-written entities).
void ExpectClean(const EvidenceRepo& repo) {
  auto st = Git({"status", "--porcelain", "--untracked-files=all"}, repo.root);
  BOOST_TEST(st.code == 0);
  BOOST_TEST(st.out == "", "work tree not clean:\n" << st.out);
}

RunResult Ok(const EvidenceRepo& repo, std::vector<std::string> args) {
  args.insert(args.begin(), {"--as-of", kToday});
  auto r = repo.Run(args);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier failed (" << r.code << "): " << r.err);
  return r;
}

bj::object Json(const RunResult& r) {
  boost::system::error_code ec;
  bj::value v = bj::parse(r.out, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "not JSON: " << r.out);
  return v.as_object();
}

std::string Str(const bj::value& v) { return std::string(v.as_string()); }

// Files `path` (outside the repository) and returns the new artifact's id.
std::string AddOne(const EvidenceRepo& repo, const std::string& path, const std::string& kind,
                   const std::string& clause, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"add", path, "--kind", kind, "--clause", clause, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto doc = Json(Ok(repo, args));
  auto& added = doc["added"].as_array();
  BOOST_REQUIRE_EQUAL(added.size(), 1u);
  return Str(added[0].as_object()["id"]);
}

size_t CommitCount(const EvidenceRepo& repo) {
  auto r = Git({"rev-list", "--count", "HEAD"}, repo.root);
  return std::stoul(r.out);
}

bj::object Show(const EvidenceRepo& repo, const std::string& id) {
  return Json(Ok(repo, {"show", id, "--json"}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(init)

BOOST_AUTO_TEST_CASE(makes_a_clean_repository_that_passes_fsck) {
  EvidenceRepo repo;
  ExpectClean(repo);
  BOOST_TEST(CommitCount(repo) == 1u);
  BOOST_TEST(Contains(ReadFile(repo.root + "/dossier.ini"), "Test Org"));
  auto fsck = Git({"fsck", "--strict"}, repo.root);
  BOOST_TEST(fsck.code == 0, fsck.err);
  auto again = repo.Run({"init", "--org", "Again"});
  BOOST_TEST(again.code == 2);
  BOOST_TEST(Contains(again.err, "already an evidence repository"), again.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verify)

BOOST_AUTO_TEST_CASE(passes_after_add_and_names_a_modified_artifact) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "Quality policy v1\n");
  WriteFile(repo.dir / "minutes.md", "Minutes\n");
  std::string policy = AddOne(repo, repo.dir / "policy.md", "document", "5.2");
  std::string minutes = AddOne(repo, repo.dir / "minutes.md", "record", "9.3.3");
  ExpectClean(repo);

  auto ok = repo.Run({"verify"});
  BOOST_TEST(ok.code == 0, ok.err);
  BOOST_TEST(Contains(ok.out, "2 artifacts checked, 0 problems"), ok.out);

  // One byte changed.
  const std::string path = repo.root + "/evidence/documents/policy.md";
  std::string bytes = ReadFile(path);
  bytes[0] = 'q';
  WriteFile(path, bytes);
  auto expected = Show(repo, policy)["sha256"];
  auto bad = repo.Run({"verify"});
  BOOST_TEST(bad.code == 1);
  BOOST_TEST(Contains(bad.out, "MODIFIED"), bad.out);
  BOOST_TEST(Contains(bad.out, policy), bad.out);
  BOOST_TEST(Contains(bad.out, "evidence/documents/policy.md"), bad.out);
  BOOST_TEST(Contains(bad.out, Str(expected)), bad.out);
  BOOST_TEST(!Contains(bad.out, minutes), "only the changed artifact is named: " << bad.out);

  auto js = repo.Run({"verify", "--json"});
  BOOST_TEST(js.code == 1);
  auto doc = Json(js);
  BOOST_TEST(doc["ok"].as_bool() == false);
  BOOST_TEST(doc["checked"].to_number<int>() == 2);
  auto& problems = doc["problems"].as_array();
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  auto& p = problems[0].as_object();
  BOOST_TEST(Str(p["artifact"]) == policy);
  BOOST_TEST(Str(p["path"]) == "evidence/documents/policy.md");
  BOOST_TEST(Str(p["expected"]) == Str(expected));
  BOOST_TEST(Str(p["actual"]) == dossier::crypto::Sha256Hex(bytes));
  BOOST_TEST(Str(p["actual"]) != Str(expected));
  BOOST_TEST(Contains(bad.out, dossier::crypto::Sha256Hex(bytes)), "text names the actual hash");
  BOOST_TEST(Str(p["problem"]) == "modified");

  // The committed revision is still intact: verify --at HEAD reads the blobs.
  auto at = repo.Run({"verify", "--at", "HEAD"});
  BOOST_TEST(at.code == 0, at.out << at.err);
}

BOOST_AUTO_TEST_CASE(a_deleted_file_is_missing) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "cert.pdf", "certificate");
  std::string id = AddOne(repo, repo.dir / "cert.pdf", "record", "7.2");
  std::remove((repo.root + "/evidence/records/cert.pdf").c_str());
  auto r = repo.Run({"verify"});
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.out, "MISSING"), r.out);
  BOOST_TEST(Contains(r.out, id), r.out);
  auto js = Json(repo.Run({"verify", "--json"}));
  auto& p = js["problems"].as_array().at(0).as_object();
  BOOST_TEST(Str(p["problem"]) == "missing");
  BOOST_TEST(Str(p["actual"]) == "");
  auto st = Json(repo.Run({"status", "--json"}));
  BOOST_TEST(st["missing"].as_array().size() == 1u);
  BOOST_TEST(Str(st["missing"].as_array()[0]) == id);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(approval)

BOOST_AUTO_TEST_CASE(is_void_once_the_document_changes_and_rebinds_on_approve) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "scope.md", "Scope v1\n");
  std::string id = AddOne(repo, repo.dir / "scope.md", "document", "4.3");
  Ok(repo, {"approve", id, "--by", "Jo Director"});
  ExpectClean(repo);
  auto approved = Show(repo, id);
  BOOST_TEST(Str(approved["approval"].as_object()["sha256"]) == Str(approved["sha256"]));
  BOOST_TEST(Str(approved["approval"].as_object()["by"]) == "Jo Director");

  // Edited in place and not re-added: approving it is refused.
  const std::string path = repo.root + "/evidence/documents/scope.md";
  WriteFile(path, "Scope v2\n");
  std::string head = Head(repo.root);
  auto refused = repo.Run({"approve", id});
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(Contains(refused.err, "changed since it was filed"), refused.err);
  BOOST_TEST(Contains(refused.err, "dossier add"), refused.err);
  BOOST_TEST(Head(repo.root) == head);

  // Re-added: the approval no longer holds.
  auto readd = Ok(repo, {"add", "evidence/documents/scope.md"});
  BOOST_TEST(Contains(readd.out, "re-approve"), readd.out);
  ExpectClean(repo);
  auto text = Ok(repo, {"show", id});
  BOOST_TEST(Contains(text.out, "VOID"), text.out);
  BOOST_TEST(Contains(text.out, "changed-since-approval"), text.out);
  auto list = Json(Ok(repo, {"list", "--json"}));
  auto& a = list["artifacts"].as_array().at(0).as_object();
  BOOST_TEST(Str(a["state"]) == "changed-since-approval");
  BOOST_TEST(Str(a["approval"].as_object()["sha256"]) != Str(a["sha256"]));

  // Approving again binds the new hash.
  Ok(repo, {"approve", id});
  auto rebound = Show(repo, id);
  BOOST_TEST(Str(rebound["approval"].as_object()["sha256"]) == Str(rebound["sha256"]));
  BOOST_TEST(Str(rebound["approval"].as_object()["by"]) == "Test Auditor");
  auto list2 = Json(Ok(repo, {"list", "--json"}));
  BOOST_TEST(Str(list2["artifacts"].as_array().at(0).as_object()["state"]) == "approved");
  ExpectClean(repo);
}

BOOST_AUTO_TEST_CASE(records_are_not_approved) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "m.md", "minutes");
  std::string id = AddOne(repo, repo.dir / "m.md", "record", "9.3.3");
  std::string head = Head(repo.root);
  auto r = repo.Run({"approve", id});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "is a record"), r.err);
  BOOST_TEST(Head(repo.root) == head);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(revisions)

BOOST_AUTO_TEST_CASE(readd_of_changed_content_records_a_revision_unchanged_is_a_no_op) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "proc.md", "Procedure v1\n");
  std::string id = AddOne(repo, repo.dir / "proc.md", "document", "7.5.1");
  const std::string v1 = Str(Show(repo, id)["sha256"]);

  // Same content again: nothing changes, no commit.
  std::string head = Head(repo.root);
  auto same = Json(Ok(repo, {"add", repo.dir / "proc.md", "--json"}));
  BOOST_TEST(same["unchanged"].as_array().size() == 1u);
  BOOST_TEST(same["added"].as_array().empty());
  BOOST_TEST(Str(same["commit"]) == "");
  BOOST_TEST(Head(repo.root) == head);

  // New content from outside, filed at the same place: a new revision.
  WriteFile(repo.dir / "proc.md", "Procedure v2, longer\n");
  auto revised = Json(Ok(repo, {"--as-of", "2026-04-01", "add", repo.dir / "proc.md", "--json"}));
  BOOST_TEST(revised["revised"].as_array().size() == 1u);
  BOOST_TEST(Head(repo.root) != head);
  ExpectClean(repo);
  auto a = Show(repo, id);
  BOOST_TEST(Str(a["sha256"]) != v1);
  BOOST_TEST(Str(a["collected"]) == "2026-04-01");
  auto& revs = a["revisions"].as_array();
  BOOST_REQUIRE_EQUAL(revs.size(), 1u);
  BOOST_TEST(Str(revs[0].as_object()["sha256"]) == v1);
  BOOST_TEST(revs[0].as_object()["size"].to_number<int>() == 13);
  BOOST_TEST(Str(revs[0].as_object()["collected"]) == kToday);
  BOOST_TEST(ReadFile(repo.root + "/evidence/documents/proc.md") == "Procedure v2, longer\n");
  BOOST_TEST(repo.Run({"verify"}).code == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(folders)

BOOST_AUTO_TEST_CASE(a_folder_add_is_one_commit) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "training/2026/alice.pdf", "alice");
  WriteFile(repo.dir / "training/2026/bob.pdf", "bob");
  WriteFile(repo.dir / "training/carol.pdf", "carol");
  size_t before = CommitCount(repo);
  auto doc = Json(Ok(repo, {"add", repo.dir / "training", "--kind", "record", "--clause", "7.2",
                            "--requirement", "R4", "--json"}));
  BOOST_TEST(doc["added"].as_array().size() == 3u);
  BOOST_TEST(CommitCount(repo) == before + 1);
  ExpectClean(repo);
  auto list = Json(Ok(repo, {"list", "--json", "--requirement", "R4"}));
  std::vector<std::string> paths;
  for (auto& a : list["artifacts"].as_array()) paths.push_back(Str(a.as_object()["path"]));
  std::sort(paths.begin(), paths.end());
  BOOST_TEST(paths == (std::vector<std::string>{"evidence/records/training/2026/alice.pdf",
                                                "evidence/records/training/2026/bob.pdf",
                                                "evidence/records/training/carol.pdf"}),
             boost::test_tools::per_element());
  auto subject = Git({"log", "-1", "--format=%s"}, repo.root);
  BOOST_TEST(subject.out == "add 3 artifacts\n");
  // The commit holds the three files and their three entity files.
  auto files = Git({"show", "--name-only", "--format=", "HEAD"}, repo.root);
  BOOST_TEST(std::count(files.out.begin(), files.out.end(), '\n') == 6);
}

BOOST_AUTO_TEST_CASE(hidden_and_lock_files_are_passed_over_in_folders) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "audit/report.docx", "report");
  WriteFile(repo.dir / "audit/.DS_Store", "finder");
  WriteFile(repo.dir / "audit/~$report.docx", "word lock");
  WriteFile(repo.dir / "audit/.svn/entries", "vcs");
  auto doc = Json(Ok(repo, {"add", repo.dir / "audit", "--kind", "record", "--clause", "9.2.2",
                            "--to", "evidence/records/audits", "--json"}));
  auto& added = doc["added"].as_array();
  BOOST_REQUIRE_EQUAL(added.size(), 1u);
  // --to written from the repository root means the same as from evidence/.
  BOOST_TEST(Str(added[0].as_object()["path"]) == "evidence/records/audits/audit/report.docx");
  auto& skipped = doc["skipped"].as_array();
  BOOST_TEST(skipped.size() == 3u);
  auto text = Ok(repo, {"add", repo.dir / "audit", "--kind", "record", "--clause", "9.2.2", "--to",
                        "records/audits"});
  BOOST_TEST(Contains(text.out, "skipped   " + repo.dir / "audit/.DS_Store"), text.out);
  BOOST_TEST(Contains(text.out, "unchanged"), text.out);
  ExpectClean(repo);

  // Under evidence/ too, and status does not count them as unfiled.
  WriteFile(repo.root + "/evidence/records/.~lock.minutes.odt#", "lock");
  WriteFile(repo.root + "/evidence/records/minutes.odt", "minutes");
  auto st = Json(Ok(repo, {"status", "--json"}));
  BOOST_REQUIRE_EQUAL(st["unfiled"].as_array().size(), 1u);
  BOOST_TEST(Str(st["unfiled"].as_array()[0]) == "evidence/records/minutes.odt");
  auto in_place = Json(
      Ok(repo, {"add", "evidence/records", "--kind", "record", "--clause", "9.3.3", "--json"}));
  BOOST_TEST(in_place["added"].as_array().size() == 1u);
  BOOST_TEST(Str(in_place["skipped"].as_array().at(0)) == "evidence/records/.~lock.minutes.odt#");
  // Named on its own, a hidden file is filed.
  auto named = Json(Ok(repo, {"add", repo.dir / "audit/.DS_Store", "--kind", "record", "--clause",
                              "9.2.2", "--json"}));
  BOOST_TEST(named["added"].as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(files_already_under_evidence_are_adopted_in_place) {
  EvidenceRepo repo;
  WriteFile(repo.root + "/evidence/suppliers/acme.md", "ACME evaluation");
  WriteFile(repo.root + "/evidence/suppliers/globex.md", "Globex evaluation");
  auto st = Json(Ok(repo, {"status", "--json"}));
  BOOST_TEST(st["unfiled"].as_array().size() == 2u);

  size_t before = CommitCount(repo);
  auto doc = Json(
      Ok(repo, {"add", "evidence/suppliers", "--kind", "record", "--clause", "8.4.1", "--json"}));
  BOOST_TEST(doc["added"].as_array().size() == 2u);
  BOOST_TEST(CommitCount(repo) == before + 1);
  ExpectClean(repo);
  for (auto& a : doc["added"].as_array()) {
    BOOST_TEST(Contains(Str(a.as_object()["path"]), "evidence/suppliers/"));
  }
  // No copy was made anywhere else.
  auto tracked = Git({"ls-files", "evidence"}, repo.root);
  BOOST_TEST(tracked.out ==
             "evidence/.gitkeep\nevidence/suppliers/acme.md\nevidence/suppliers/globex.md\n");
  auto st2 = Json(Ok(repo, {"status", "--json"}));
  BOOST_TEST(st2["unfiled"].as_array().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(working_folder)

BOOST_AUTO_TEST_CASE(dash_C_runs_as_if_started_in_that_folder) {
  EvidenceRepo repo;
  WriteFile(repo.root + "/evidence/records/visit.md", "site visit");
  // Relative paths are relative to -C DIR, as in git: the file is adopted in
  // place, not looked for in the folder the command was started from.
  auto r = Dossier({"-C", "repo", "--as-of", kToday, "add", "evidence/records/visit.md", "--kind",
                    "record", "--clause", "7.1.3", "--json"},
                   repo.dir.path());
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  auto doc = Json(r);
  BOOST_TEST(Str(doc["added"].as_array().at(0).as_object()["path"]) == "evidence/records/visit.md");
  ExpectClean(repo);
  auto shown = Dossier({"-C", repo.root + "/evidence", "show", "records/visit.md", "--json"},
                       repo.dir.path());
  BOOST_TEST(shown.code == 0, shown.err);
  BOOST_TEST(Contains(shown.out, "\"evidence/records/visit.md\""), shown.out);
}

BOOST_AUTO_TEST_CASE(paths_are_relative_to_the_folder_the_command_runs_in) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "policy");
  std::string id = AddOne(repo, repo.dir / "policy.md", "document", "5.2.2");
  const std::string docs = repo.root + "/evidence/documents";
  auto approved = Dossier({"approve", "policy.md"}, docs);
  BOOST_TEST(approved.code == 0, approved.err);
  BOOST_TEST(Contains(approved.out, "approved " + id), approved.out);
  auto shown = Dossier({"show", "./policy.md", "--json"}, docs);
  BOOST_TEST(shown.code == 0, shown.err);
  auto logged = Dossier({"log", "policy.md"}, docs);
  BOOST_TEST(Contains(logged.out, "approve " + id), logged.out);
  // Through a symbolic link to the repository: still inside, adopted in place.
  boost::filesystem::create_symlink(repo.root, repo.dir / "alias");
  WriteFile(repo.root + "/evidence/records/r.md", "r");
  auto via_link = Dossier({"-C", repo.dir / "alias", "add", "evidence/records/r.md", "--kind",
                           "record", "--clause", "7.2"},
                          repo.dir.path());
  BOOST_TEST(via_link.code == 0, via_link.err);
  ExpectClean(repo);
  auto tracked = Git({"ls-files", "evidence"}, repo.root);
  BOOST_TEST(tracked.out ==
             "evidence/.gitkeep\nevidence/documents/policy.md\nevidence/records/r.md\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(link_command)

BOOST_AUTO_TEST_CASE(files_external_evidence_with_its_snapshot) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "page.html", "<html>KPI dashboard</html>");
  auto r = Ok(repo, {"link", "https://wiki.example.org/kpi", "--snapshot", repo.dir / "page.html",
                     "--kind", "record", "--clause", "9.1.1", "--json"});
  ExpectClean(repo);
  auto a = Json(r);
  BOOST_TEST(Str(a["url"]) == "https://wiki.example.org/kpi");
  BOOST_TEST(Str(a["path"]) == "evidence/links/page.html");
  BOOST_TEST(Str(a["title"]) == "https://wiki.example.org/kpi");
  BOOST_TEST(ReadFile(repo.root + "/evidence/links/page.html") == "<html>KPI dashboard</html>");
  auto shown = Ok(repo, {"show", Str(a["id"])});
  BOOST_TEST(Contains(shown.out, "https://wiki.example.org/kpi"), shown.out);
  BOOST_TEST(repo.Run({"verify"}).code == 0);

  auto no_snapshot =
      repo.Run({"link", "https://wiki.example.org/x", "--kind", "record", "--clause", "9.1.1"});
  BOOST_TEST(no_snapshot.code == 2);
  BOOST_TEST(Contains(no_snapshot.err, "--snapshot"), no_snapshot.err);
  auto bad_url = repo.Run({"link", "not a url", "--snapshot", repo.dir / "page.html", "--kind",
                           "record", "--clause", "9.1.1"});
  BOOST_TEST(bad_url.code == 2);
  BOOST_TEST(Contains(bad_url.err, "invalid URL"), bad_url.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(git_repository)

BOOST_AUTO_TEST_CASE(fsck_clean_and_a_plain_clone_verifies) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "in/policy.md", "policy");
  WriteFile(repo.dir / "in/records/a.csv", "a,b\n1,2\n");
  WriteFile(repo.dir / "in/records/b.bin", std::string("\0\x01\x02\xff", 4));
  std::string policy = AddOne(repo, repo.dir / "in/policy.md", "document", "5.2.2");
  ExpectClean(repo);
  Ok(repo, {"add", repo.dir / "in/records", "--kind", "record", "--clause", "8.6"});
  ExpectClean(repo);
  Ok(repo, {"approve", policy});
  ExpectClean(repo);
  Ok(repo, {"scope", "exclude", "8.3", "--why", "we resell; no design"});
  ExpectClean(repo);
  Ok(repo, {"scope", "include", "8.3"});
  ExpectClean(repo);
  WriteFile(repo.dir / "snap.html", "snapshot");
  Ok(repo, {"link", "https://tickets.example.org/1", "--snapshot", repo.dir / "snap.html", "--kind",
            "record", "--clause", "10.2.2"});
  ExpectClean(repo);

  auto fsck = Git({"fsck", "--strict", "--no-dangling"}, repo.root);
  BOOST_TEST(fsck.code == 0, fsck.out << fsck.err);

  auto clone = Git({"clone", "-q", repo.root, repo.dir / "clone"}, repo.dir.path());
  BOOST_REQUIRE_MESSAGE(clone.code == 0, clone.err);
  auto v = Dossier({"verify"}, repo.dir / "clone");
  BOOST_TEST(v.code == 0, v.out << v.err);
  BOOST_TEST(Contains(v.out, "4 artifacts checked, 0 problems"), v.out);
  // The clone reads the same entities.
  auto here = repo.Run({"list", "--json", "--as-of", kToday});
  auto there = Dossier({"list", "--json", "--as-of", kToday}, repo.dir / "clone");
  BOOST_TEST(here.out == there.out);
}

// Evidence with Windows line endings, in a repository whose owner converts
// line endings (core.autocrlf, or text=auto): the blob must be the bytes
// that were hashed, or every clone fails verify.
BOOST_AUTO_TEST_CASE(evidence_is_stored_byte_for_byte_whatever_the_line_ending_settings) {
  TempDir dir;
  const std::string root = dir / "repo";
  BOOST_REQUIRE(Git({"init", "-q", root}, dir.path()).code == 0);
  WriteFile(root + "/.gitattributes", "* text=auto\n");
  BOOST_REQUIRE(Git({"config", "core.autocrlf", "true"}, root).code == 0);
  auto init = Dossier({"init", "--org", "Adopted"}, root);
  BOOST_REQUIRE_MESSAGE(init.code == 0, init.err);
  BOOST_TEST(Contains(ReadFile(root + "/.gitattributes"), "* text=auto\n"),
             "the owner's line stays");
  WriteFile(dir / "kpi.csv", "month,value\r\n2026-01,97\r\n");
  auto add = Dossier({"add", dir / "kpi.csv", "--kind", "record", "--clause", "9.1.1"}, root);
  BOOST_REQUIRE_MESSAGE(add.code == 0, add.err);
  BOOST_TEST(Dossier({"verify"}, root).code == 0);
  auto at = Dossier({"verify", "--at", "HEAD"}, root);
  BOOST_TEST(at.code == 0, at.out);
  for (const char* autocrlf : {"core.autocrlf=false", "core.autocrlf=true"}) {
    const std::string clone = dir / (std::string("clone-") + autocrlf);
    BOOST_REQUIRE(Git({"clone", "-q", "-c", autocrlf, root, clone}, dir.path()).code == 0);
    auto v = Dossier({"verify"}, clone);
    BOOST_TEST(v.code == 0, autocrlf << ": " << v.out);
  }
}

// Evidence already compressed (a scan, a PDF) is stored without deflating it
// again, text is deflated; either way each blob is a valid git object that
// plain git reads back as the exact bytes, named as git names them.
BOOST_AUTO_TEST_CASE(compressed_evidence_is_stored_text_is_deflated_git_reads_both) {
  EvidenceRepo repo;
  std::string noise(300 * 1024, '\0');
  uint64_t x = 88172645463325252ull;  // xorshift: bytes a compressor cannot shrink
  for (char& c : noise) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x >> 56);
  }
  std::string text;
  for (int i = 0; text.size() < 300 * 1024; ++i) {
    text += "2026-03-" + std::to_string(1 + i % 28) + ",line " + std::to_string(i) + ",ok\n";
  }
  // Exactly two buffers long, and empty: the stream's end falls on a read.
  std::string even(128 * 1024, 'e');
  WriteFile(repo.dir / "in/scan.pdf", noise);
  WriteFile(repo.dir / "in/log.csv", text);
  WriteFile(repo.dir / "in/even.txt", even);
  WriteFile(repo.dir / "in/empty.txt", "");
  Ok(repo, {"add", repo.dir / "in", "--kind", "record", "--clause", "8.5.1"});
  ExpectClean(repo);
  auto fsck = Git({"fsck", "--strict", "--no-dangling"}, repo.root);
  BOOST_TEST(fsck.code == 0, fsck.out << fsck.err);
  for (const auto& [name, bytes] : std::map<std::string, const std::string*>{
           {"scan.pdf", &noise}, {"log.csv", &text}, {"even.txt", &even}}) {
    const std::string path = "evidence/records/in/" + name;
    auto blob = Git({"rev-parse", "HEAD:" + path}, repo.root);
    BOOST_REQUIRE_EQUAL(blob.code, 0);
    const std::string id = blob.out.substr(0, 40);
    auto named = Git({"hash-object", path}, repo.root);
    BOOST_TEST(named.out.substr(0, 40) == id, name);
    auto back = Git({"cat-file", "blob", id}, repo.root);
    BOOST_TEST((back.out == *bytes), name << " reads back as its bytes");
    const auto stored = boost::filesystem::file_size(repo.root + "/.git/objects/" +
                                                     id.substr(0, 2) + "/" + id.substr(2));
    if (name == "scan.pdf") {
      BOOST_TEST(stored >= noise.size(), "stored as it is");
      BOOST_TEST(stored < noise.size() + 1024);
    } else {
      BOOST_TEST(stored < bytes->size() / 2, name << " deflated: " << stored);
    }
  }
  auto v = repo.Run({"verify"});
  BOOST_TEST(v.code == 0, v.out << v.err);
  auto clone = Git({"clone", "-q", repo.root, repo.dir / "clone"}, repo.dir.path());
  BOOST_REQUIRE_MESSAGE(clone.code == 0, clone.err);
  BOOST_TEST(Dossier({"verify"}, repo.dir / "clone").code == 0);
}

BOOST_AUTO_TEST_CASE(commits_are_authored_from_git_identity_or_author_option) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "a.md", "a");
  Ok(repo, {"--author", "Dana Quality <dana@example.org>", "add", repo.dir / "a.md", "--kind",
            "record", "--clause", "7.2"});
  auto who = Git({"log", "-1", "--format=%an <%ae>|%s"}, repo.root);
  BOOST_TEST(Contains(who.out, "Dana Quality <dana@example.org>|add ART-"), who.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(log_command)

BOOST_AUTO_TEST_CASE(shows_who_what_when_and_filters_by_entity) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "a.md", "a");
  WriteFile(repo.dir / "b.md", "b");
  std::string a = AddOne(repo, repo.dir / "a.md", "document", "7.5.1");
  std::string b = AddOne(repo, repo.dir / "b.md", "record", "7.2");
  Ok(repo, {"--author", "Erin Boss <erin@example.org>", "approve", a});

  auto all = Ok(repo, {"log"});
  BOOST_TEST(Contains(all.out, "Test Auditor <auditor@example.org>"), all.out);
  BOOST_TEST(Contains(all.out, "Erin Boss <erin@example.org>"), all.out);
  BOOST_TEST(Contains(all.out, "approve " + a), all.out);
  BOOST_TEST(Contains(all.out, "add " + b), all.out);
  BOOST_TEST(Contains(all.out, "dossier init"), all.out);

  auto js = Json(Ok(repo, {"log", "--json"}));
  auto& entries = js["log"].as_array();
  BOOST_TEST(entries.size() == 4u);
  auto& newest = entries[0].as_object();
  BOOST_TEST(Contains(Str(newest["summary"]), "approve " + a));
  BOOST_TEST(Str(newest["author"]) == "Erin Boss <erin@example.org>");
  // ISO 8601, UTC: the commit time git records.
  const std::string time = Str(newest["time"]);
  BOOST_TEST(time.size() == 20u, time);
  BOOST_TEST(time[10] == 'T');
  BOOST_TEST(time.back() == 'Z');
  auto git_time =
      Git({"log", "-1", "--date=format-local:%Y-%m-%dT%H:%M:%SZ", "--format=%cd"}, repo.root);
  BOOST_TEST(git_time.out == time + "\n");
  BOOST_TEST(Str(newest["commit"]) == Head(repo.root));

  auto only_a = Json(Ok(repo, {"log", a, "--json"}));
  auto& ea = only_a["log"].as_array();
  BOOST_TEST(ea.size() == 2u);
  for (auto& e : ea) BOOST_TEST(Contains(Str(e.as_object()["summary"]), a));
  // A unique prefix of the id is enough.
  auto prefix = Json(Ok(repo, {"log", b.substr(0, b.size() - 1), "--json"}));
  BOOST_REQUIRE_EQUAL(prefix["log"].as_array().size(), 1u);
  BOOST_TEST(Contains(Str(prefix["log"].as_array()[0].as_object()["summary"]), "add " + b));

  auto n1 = Json(Ok(repo, {"log", "-n", "1", "--json"}));
  BOOST_TEST(n1["log"].as_array().size() == 1u);

  // --at REV: the history as it was at that revision, the approval not yet in it.
  auto earlier = Json(Ok(repo, {"log", a, "--at", "HEAD~1", "--json"}));
  BOOST_REQUIRE_EQUAL(earlier["log"].as_array().size(), 1u);
  BOOST_TEST(Contains(Str(earlier["log"].as_array()[0].as_object()["summary"]), "add " + a));
  // status is about the work tree: --at is refused, not silently ignored.
  const std::string head = Head(repo.root);
  auto status_at = repo.Run({"status", "--at", "HEAD~1"});
  BOOST_TEST(status_at.code == 2);
  BOOST_TEST(Contains(status_at.err, "--at does not apply"), status_at.err);
  BOOST_TEST(Head(repo.root) == head);
}

// Two clones file evidence, one merges the other's work: the entity's log is
// the commit that filed it, not the merge that brought it in, as git log
// shows it.
BOOST_AUTO_TEST_CASE(an_entity_log_across_a_merge_is_its_own_commits) {
  EvidenceRepo origin;
  TempDir dir;
  BOOST_REQUIRE(Git({"config", "receive.denyCurrentBranch", "ignore"}, origin.root).code == 0);
  BOOST_REQUIRE(Git({"clone", "-q", origin.root, dir / "a"}, dir.path()).code == 0);
  BOOST_REQUIRE(Git({"clone", "-q", origin.root, dir / "b"}, dir.path()).code == 0);
  WriteFile(dir / "fa.md", "A");
  WriteFile(dir / "fb.md", "B");
  auto a =
      Dossier({"add", dir / "fa.md", "--kind", "record", "--clause", "7.2", "--json"}, dir / "a");
  BOOST_REQUIRE_MESSAGE(a.code == 0, a.err);
  const std::string id = Str(Json(a)["added"].as_array()[0].as_object()["id"]);
  BOOST_REQUIRE(Git({"push", "-q", "origin", "HEAD:main"}, dir / "a").code == 0);
  BOOST_REQUIRE(
      Dossier({"add", dir / "fb.md", "--kind", "record", "--clause", "7.2"}, dir / "b").code == 0);
  auto pull =
      Git({"-c", "pull.rebase=false", "pull", "-q", "--no-edit", "origin", "main"}, dir / "b");
  BOOST_REQUIRE_MESSAGE(pull.code == 0, pull.err);
  BOOST_TEST(Dossier({"verify"}, dir / "b").code == 0);

  auto log = Dossier({"log", id, "--json"}, dir / "b");
  BOOST_REQUIRE_MESSAGE(log.code == 0, log.err);
  auto entries = Json(log)["log"].as_array();
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(Contains(Str(entries[0].as_object()["summary"]), "add " + id));
  auto git_log = Git({"log", "--format=%H", "--", "dossier/artifacts/" + id + ".json"}, dir / "b");
  BOOST_TEST(git_log.out == Str(entries[0].as_object()["commit"]) + "\n");
  // A folder as the path: the commits git log lists for it (here the merge
  // too: it differs from each side under evidence/records).
  auto folder = Dossier({"log", "evidence/records", "--json"}, dir / "b");
  auto git_folder = Git({"log", "--format=%H", "--", "evidence/records"}, dir / "b");
  std::string ids;
  auto folder_log = Json(folder);
  for (auto& e : folder_log["log"].as_array()) ids += Str(e.as_object()["commit"]) + "\n";
  BOOST_TEST(ids == git_folder.out);
  BOOST_TEST(std::count(ids.begin(), ids.end(), '\n') == 3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(clauses)

BOOST_AUTO_TEST_CASE(lists_89_clauses_64_leaves_with_artifact_counts) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "proc.md", "process map");
  WriteFile(repo.dir / "kpi.csv", "kpi");
  WriteFile(repo.dir / "draft.md", "a procedure nobody approved");
  WriteFile(repo.dir / "old.csv", "a record from long ago");
  std::string proc =
      AddOne(repo, repo.dir / "proc.md", "document", "4.4");  // a parent: all its leaves
  Ok(repo, {"approve", proc});
  AddOne(repo, repo.dir / "kpi.csv", "record", "4.4.2,9.1.1");
  // Counted as readiness counts them: a document not approved is no current
  // document, and a record outside the evidence window is no evidence.
  AddOne(repo, repo.dir / "draft.md", "document", "4.4.1");
  AddOne(repo, repo.dir / "old.csv", "record", "4.4.1", {"--effective", "2019-01-01"});
  auto doc = Json(Ok(repo, {"clauses", "--json"}));
  BOOST_TEST(Str(doc["checklist"]) == "iso9001-2015");
  auto& clauses = doc["clauses"].as_array();
  BOOST_TEST(clauses.size() == 89u);
  std::map<std::string, bj::object> by_id;
  int leaves = 0;
  for (auto& c : clauses) {
    auto& o = c.as_object();
    by_id[Str(o["id"])] = o;
    leaves += o["leaf"].as_bool();
  }
  BOOST_TEST(leaves == 64);
  auto count = [&](const std::string& id, const char* key) {
    return by_id.at(id)[key].to_number<int>();
  };
  BOOST_TEST(count("4.4.1", "artifacts") == 1);
  BOOST_TEST(count("4.4.2", "artifacts") == 2);
  BOOST_TEST(count("4.4.2", "documents") == 1);
  BOOST_TEST(count("4.4.2", "records") == 1);
  BOOST_TEST(count("4.4", "artifacts") == 2);  // distinct artifacts, not leaf sums
  BOOST_TEST(count("4", "artifacts") == 2);
  BOOST_TEST(count("9.1.1", "records") == 1);
  BOOST_TEST(count("5.2.2", "artifacts") == 0);
  BOOST_TEST(by_id.at("8.3")["excludable"].as_bool());
  BOOST_TEST(!by_id.at("4.3")["excludable"].as_bool());

  // A parent id is accepted where a clause is asked.
  auto sub = Json(Ok(repo, {"clauses", "4.4", "--json"}));
  BOOST_TEST(sub["clauses"].as_array().size() == 3u);
  // list shows what is filed, counted or not.
  auto list = Json(Ok(repo, {"list", "--clause", "4.4", "--json"}));
  BOOST_TEST(list["artifacts"].as_array().size() == 4u);
  auto list2 = Json(Ok(repo, {"list", "--clause", "4.4.1", "--json"}));
  BOOST_TEST(list2["artifacts"].as_array().size() == 3u);
  auto shown = Json(Ok(repo, {"show", proc, "--json"}));
  auto& leaves_of_doc = shown["clauses"].as_array();
  BOOST_TEST(leaves_of_doc.size() == 2u);
  BOOST_TEST(Str(leaves_of_doc[0]) == "4.4.1");
  BOOST_TEST(Str(leaves_of_doc[1]) == "4.4.2");
}

BOOST_AUTO_TEST_CASE(requirements_add_their_clause) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "policy");
  // A requirement given with clauses must be on one of them.
  auto wrong = repo.Run({"add", repo.dir / "policy.md", "--kind", "document", "--clause", "5.1.1",
                         "--requirement", "M3"});
  BOOST_TEST(wrong.code == 2);
  BOOST_TEST(Contains(wrong.err, "belongs to clause 5.2.2"), wrong.err);
  BOOST_TEST(Contains(wrong.err, "--clause 5.2.2"), wrong.err);
  std::string id =
      AddOne(repo, repo.dir / "policy.md", "document", "5.1.1,5.2.2", {"--requirement", "M3"});
  auto a = Show(repo, id);
  auto& cl = a["clauses"].as_array();
  BOOST_TEST(cl.size() == 2u);
  BOOST_TEST(Str(cl[0]) == "5.1.1");
  BOOST_TEST(Str(cl[1]) == "5.2.2");
  BOOST_TEST(Str(a["requirements"].as_array().at(0)) == "M3");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scope)

BOOST_AUTO_TEST_CASE(excludes_an_excludable_clause_and_refuses_a_core_one) {
  EvidenceRepo repo;
  Ok(repo, {"scope", "exclude", "8.3", "--why", "Harbour resells; designs come from customers"});
  ExpectClean(repo);
  auto list = Json(Ok(repo, {"scope", "list", "--json"}));
  BOOST_TEST(Str(list["not_applicable"].as_object()["8.3"]) ==
             "Harbour resells; designs come from customers");
  BOOST_TEST(Contains(ReadFile(repo.root + "/dossier.ini"), "8.3 = Harbour resells"));
  auto clauses = Json(Ok(repo, {"clauses", "8.3", "--json"}));
  for (auto& c : clauses["clauses"].as_array()) {
    BOOST_TEST(!c.as_object()["applicable"].as_bool(), Str(c.as_object()["id"]));
  }

  std::string head = Head(repo.root);
  // The same declaration again changes nothing: no empty commit.
  Ok(repo, {"scope", "exclude", "8.3", "--why", "Harbour resells; designs come from customers"});
  BOOST_TEST(Head(repo.root) == head);
  auto core = repo.Run({"scope", "exclude", "4.3", "--why", "x"});
  BOOST_TEST(core.code == 2);
  BOOST_TEST(Contains(core.err, "4.3"), core.err);
  BOOST_TEST(Contains(core.err, "cannot be declared not applicable"), core.err);
  BOOST_TEST(Contains(core.err, "8.3"), "names the excludable ones: " << core.err);
  BOOST_TEST(Head(repo.root) == head);

  auto no_why = repo.Run({"scope", "exclude", "8.5.5"});
  BOOST_TEST(no_why.code == 2);
  BOOST_TEST(Contains(no_why.err, "--why"), no_why.err);
  BOOST_TEST(Head(repo.root) == head);

  Ok(repo, {"scope", "include", "8.3"});
  auto after = Json(Ok(repo, {"scope", "list", "--json"}));
  BOOST_TEST(after["not_applicable"].as_object().empty());
  ExpectClean(repo);
}

BOOST_AUTO_TEST_CASE(a_scope_change_is_a_one_line_change_to_a_hand_written_dossier_ini) {
  EvidenceRepo repo;
  const std::string path = repo.root + "/dossier.ini";
  WriteFile(path, ReadFile(path) +
                      "\n; Reviewed with the certification body, 2026-02.\n[custom]\nowner = QA\n");
  BOOST_REQUIRE(Git({"commit", "-qam", "notes"}, repo.root).code == 0);
  const std::string before = ReadFile(path);
  Ok(repo, {"scope", "exclude", "8.5.5", "--why", "no post-delivery activities"});
  ExpectClean(repo);
  auto diff = Git({"diff", "--numstat", "HEAD~1", "--", "dossier.ini"}, repo.root);
  BOOST_TEST(diff.out == "3\t0\tdossier.ini\n");  // a blank line, the header, the key
  BOOST_TEST(ReadFile(path).rfind(before, 0) == 0u, "the file before is kept as it was");
  Ok(repo, {"scope", "include", "8.5.5"});
  BOOST_TEST(Contains(ReadFile(path),
                      "; Reviewed with the certification body, 2026-02.\n[custom]\nowner = QA\n"));
  BOOST_TEST(!Contains(ReadFile(path), "8.5.5"));
}

// Only whole clauses that may be excluded are: a part of a clause that
// applies cannot be (an organisation that designs cannot drop its design
// reviews), and a part cannot be made applicable alone either.
BOOST_AUTO_TEST_CASE(only_whole_excludable_clauses_are_declared_not_applicable) {
  EvidenceRepo repo;
  const std::string why = "We resell standard hardware; no design and development is done";
  auto part = repo.Run({"scope", "exclude", "8.3.4", "--why", why});
  BOOST_TEST(part.code == 2);
  BOOST_TEST(Contains(part.err, "part of 8.3"), part.err);
  Ok(repo, {"scope", "exclude", "8.3", "--why", why});
  const std::string head = Head(repo.root);
  auto include_part = repo.Run({"scope", "include", "8.3.1"});
  BOOST_TEST(include_part.code == 2);
  BOOST_TEST(Contains(include_part.err, "cannot be made applicable on its own"), include_part.err);
  BOOST_TEST(Head(repo.root) == head);
  // 7.1.5.2 (measurement traceability) is a unit of its own inside 7.1.5.
  Ok(repo, {"scope", "exclude", "7.1.5", "--why", "No monitoring or measuring equipment is used"});
  Ok(repo, {"scope", "include", "7.1.5.1"});
  auto na = Json(Ok(repo, {"scope", "list", "--json"}))["not_applicable"].as_object();
  BOOST_TEST(na.contains("7.1.5.2"));
  BOOST_TEST(!na.contains("7.1.5"));
  BOOST_TEST(Str(na["8.3"]) == why);
  ExpectClean(repo);
}

// A conditional requirement's condition stated not to hold, and withdrawn.
BOOST_AUTO_TEST_CASE(a_condition_is_stated_not_to_hold_with_its_reason) {
  EvidenceRepo repo;
  const std::string head = Head(repo.root);
  const std::string why = "We hold no property of customers or external providers";
  struct Bad {
    std::vector<std::string> args;
    const char* says;
  };
  const Bad bad[] = {
      {{"scope", "condition", "R4", "--not-held", "--why", why}, "only a conditional requirement"},
      {{"scope", "condition", "R99", "--not-held", "--why", why}, "R99"},
      {{"scope", "condition", "R14", "--not-held"}, "is missing"},
      {{"scope", "condition", "R14", "--not-held", "--why", "n/a"}, "too short"},
      {{"scope", "condition", "R14", "--why", why}, "one of --not-held or --holds"},
      {{"scope", "condition", "R14", "--not-held", "--why", why, "--from", "2026-13-01"}, "--from"},
      {{"scope", "condition", "R14", "--not-held", "--why", why, "--from", "2026-05-01", "--to",
        "2026-04-01"},
       "before"},
      {{"scope", "condition", "R14", "--holds"}, "no statement"},
  };
  for (const auto& b : bad) {
    auto r = repo.Run(b.args);
    BOOST_TEST(r.code == 2, b.says);
    BOOST_TEST(Contains(r.err, b.says), r.err);
    BOOST_TEST(Head(repo.root) == head);
  }
  Ok(repo, {"scope", "condition", "R14", "--not-held", "--why", why, "--from", "2026-04-01"});
  ExpectClean(repo);
  BOOST_TEST(Contains(ReadFile(repo.root + "/dossier.ini"), "R14 = 2026-04-01..: " + why));
  auto list = Json(Ok(repo, {"scope", "list", "--json"}));
  BOOST_TEST(Str(list["not_held"].as_object()["R14"].as_object()["why"]) == why);
  BOOST_TEST(Contains(Ok(repo, {"scope", "list"}).out, "condition does not hold"));
  Ok(repo, {"scope", "condition", "R14", "--holds"});
  BOOST_TEST(!Contains(ReadFile(repo.root + "/dossier.ini"), "R14 ="));
  ExpectClean(repo);
}

BOOST_AUTO_TEST_CASE(a_justification_must_say_why) {
  EvidenceRepo repo;
  const std::string head = Head(repo.root);
  for (const char* why : {".", "N/A", "Not applicable to us",
                          "This clause does not apply to our "
                          "organisation",
                          "not relevant"}) {
    auto r = repo.Run({"scope", "exclude", "8.5.5", "--why", why});
    BOOST_TEST(r.code == 2, why);
    BOOST_TEST(Contains(r.err, "justification"), r.err);
  }
  BOOST_TEST(Head(repo.root) == head);
  Ok(repo, {"scope", "exclude", "8.5.5", "--why", "Services end at handover; no warranty work"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hand_edits)

BOOST_AUTO_TEST_CASE(unknown_keys_survive_a_resave_in_canonical_form) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "manual.md", "manual");
  std::string id = AddOne(repo, repo.dir / "manual.md", "document", "7.5.1");
  const std::string file = repo.root + "/dossier/artifacts/" + id + ".json";
  // A hand-extended entity, not in canonical form (one line, unsorted).
  bj::object o = bj::parse(ReadFile(file)).as_object();
  o["x_reviewer_notes"] = bj::array{"checked", 2};
  o["a_custom"] = bj::object{{"z", true}, {"b", nullptr}};
  WriteFile(file, bj::serialize(o));
  BOOST_REQUIRE(Git({"commit", "-qam", "hand edit"}, repo.root).code == 0);

  Ok(repo, {"approve", id});
  ExpectClean(repo);
  const std::string text = ReadFile(file);
  bj::object after = bj::parse(text).as_object();
  BOOST_TEST(after["x_reviewer_notes"] == (bj::array{"checked", 2}));
  BOOST_TEST(after["a_custom"] == (bj::object{{"z", true}, {"b", nullptr}}));
  BOOST_TEST(after.contains("approval"));
  // Canonical: sorted keys, two-space indent, LF, trailing newline.
  BOOST_TEST(text.back() == '\n');
  BOOST_TEST(!Contains(text, "\r"));
  BOOST_TEST(Contains(text, "\n  \"a_custom\": {\n    \"b\": null,\n    \"z\": true\n  },\n"),
             text);
  BOOST_TEST(text.rfind("{\n  \"a_custom\"", 0) == 0u, text);
  std::vector<std::string> keys;
  for (size_t pos = 0; (pos = text.find("\n  \"", pos)) != std::string::npos; ++pos) {
    keys.push_back(text.substr(pos + 4, text.find('"', pos + 4) - pos - 4));
  }
  BOOST_TEST(std::is_sorted(keys.begin(), keys.end()));
  BOOST_TEST(keys.size() == after.size());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(json_output_is_identical_run_to_run) {
  EvidenceRepo repo;
  for (int i = 0; i < 6; ++i) {
    WriteFile(repo.dir / ("in/f" + std::to_string(i) + ".md"), "file " + std::to_string(i));
  }
  Ok(repo, {"add", repo.dir / "in", "--kind", "record", "--clause", "9.1.1,7.2"});
  std::string id =
      Str(Json(Ok(repo, {"list", "--json"}))["artifacts"].as_array()[0].as_object()["id"]);
  for (const auto& args : std::vector<std::vector<std::string>>{{"list", "--json"},
                                                                {"show", id, "--json"},
                                                                {"clauses", "--json"},
                                                                {"scope", "list", "--json"},
                                                                {"status", "--json"}}) {
    auto first = Ok(repo, args).out;
    auto second = Ok(repo, args).out;
    BOOST_TEST(first == second, args[0]);
    BOOST_TEST(!first.empty());
    BOOST_TEST(first.back() == '\n');
  }
  // list is sorted by id.
  std::vector<std::string> ids;
  auto listed = Json(Ok(repo, {"list", "--json"}));
  for (auto& a : listed["artifacts"].as_array()) {
    ids.push_back(Str(a.as_object()["id"]));
  }
  BOOST_TEST(ids.size() == 6u);
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
}

BOOST_AUTO_TEST_SUITE_END()

// Folder paths as shells and people type them, and bare file names wherever
// a command takes ID|PATH.
BOOST_AUTO_TEST_SUITE(paths_and_names)

BOOST_AUTO_TEST_CASE(folder_paths_are_normalised_and_keep_the_folder_name) {
  // Each spelling of the folder files it as evidence/records/training/...
  for (const std::string spelling : {"../training/", "../training/.", "./../training//",
                                     "../x/../training", "..//training//./"}) {
    BOOST_TEST_CONTEXT(spelling) {
      EvidenceRepo repo;
      WriteFile(repo.dir / "training/t1.csv", "a\n");
      WriteFile(repo.dir / "training/sub/t2.csv", "b\n");
      boost::filesystem::create_directories(repo.dir / "x");
      auto doc = Json(Ok(repo, {"add", spelling, "--kind", "record", "--clause", "7.2", "--json"}));
      std::vector<std::string> paths;
      for (const auto& a : doc["added"].as_array()) paths.push_back(Str(a.as_object().at("path")));
      std::sort(paths.begin(), paths.end());
      BOOST_TEST(paths == (std::vector<std::string>{"evidence/records/training/sub/t2.csv",
                                                    "evidence/records/training/t1.csv"}),
                 boost::test_tools::per_element());
      ExpectClean(repo);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_folder_inside_evidence_given_with_a_slash_is_adopted) {
  EvidenceRepo repo;
  WriteFile(repo.root + "/evidence/records/calib/c1.csv", "c\n");
  auto doc = Json(Ok(
      repo, {"add", "evidence/records/calib/", "--kind", "record", "--clause", "7.1.5", "--json"}));
  BOOST_REQUIRE_EQUAL(doc["added"].as_array().size(), 1u);
  BOOST_TEST(Str(doc["added"].as_array()[0].as_object()["path"]) ==
             "evidence/records/calib/c1.csv");
  ExpectClean(repo);
}

BOOST_AUTO_TEST_CASE(a_bare_file_name_resolves_in_every_command) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "quality-policy.md", "Policy\n");
  WriteFile(repo.dir / "training/matrix.csv", "m\n");
  WriteFile(repo.dir / "audit-report.md", "Report\n");
  WriteFile(repo.dir / "minutes.md", "Minutes\n");
  const std::string policy = AddOne(repo, repo.dir / "quality-policy.md", "document", "5.2");
  Ok(repo, {"add", repo.dir / "training", "--kind", "record", "--clause", "7.2"});
  const std::string report = AddOne(repo, repo.dir / "audit-report.md", "record", "9.2.2");
  const std::string minutes = AddOne(repo, repo.dir / "minutes.md", "record", "9.3.3");

  BOOST_TEST(Str(Show(repo, "quality-policy.md")["id"]) == policy);
  Ok(repo, {"approve", "quality-policy.md", "--by", "Jane Doe"});
  BOOST_TEST(Show(repo, policy).count("approval") == 1u);
  auto log = Ok(repo, {"log", "quality-policy.md"});
  BOOST_TEST(Contains(log.out, "approve " + policy), log.out);
  BOOST_TEST(Contains(log.out, "add " + policy), log.out);

  Ok(repo, {"finding", "open", "--title", "Training records incomplete", "--grade", "minor",
            "--clause", "7.2"});
  Ok(repo, {"finding", "analyse", "NC", "--correction", "c", "--cause", "x"});
  Ok(repo, {"finding", "plan", "NC", "--action", "a"});
  Ok(repo, {"finding", "implement", "NC", "--evidence", "matrix.csv"});
  auto finding = Json(Ok(repo, {"finding", "show", "NC", "--json"}));
  const std::string matrix = Str(Show(repo, "matrix.csv")["id"]);
  BOOST_TEST(Contains(bj::serialize(finding), matrix), bj::serialize(finding));

  auto plan = Json(Ok(repo, {"audit", "plan", "--scope", "7", "--date", kToday, "--auditor",
                             "Ruth Adeyemi", "--json"}));
  const std::string audit = Str(plan["id"]);
  Ok(repo, {"audit", "done", audit, "--date", kToday, "--report", "audit-report.md"});
  auto audit_doc = Json(Ok(repo, {"audit", "show", audit, "--json"}));
  BOOST_TEST(Contains(bj::serialize(audit_doc), report), bj::serialize(audit_doc));

  auto review =
      Json(Ok(repo, {"review", "record", "--date", kToday, "--inputs",
                     "a,b,c1,c2,c3,c4,c5,c6,c7,d,e,f", "--minutes", "minutes.md", "--json"}));
  BOOST_TEST(Contains(bj::serialize(review), minutes), bj::serialize(review));
  ExpectClean(repo);
}

BOOST_AUTO_TEST_CASE(a_name_filed_twice_is_refused_listing_both) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "a/report.md", "one\n");
  WriteFile(repo.dir / "b/report.md", "two\n");
  const std::string one =
      AddOne(repo, repo.dir / "a/report.md", "document", "5.2", {"--to", "documents/a"});
  const std::string two =
      AddOne(repo, repo.dir / "b/report.md", "document", "5.2", {"--to", "documents/b"});
  const std::string head = Head(repo.root);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"show", "report.md"},
        {"approve", "report.md", "--by", "Jane"},
        {"log", "report.md"},
        {"finding", "open", "--title", "t", "--grade", "minor", "--clause", "5.2"}}) {
    auto r = repo.Run(args);
    if (args[0] == "finding") {
      // A finding to cite evidence on.
      BOOST_REQUIRE(r.code == 0);
      args = {"finding", "analyse", "NC", "--correction", "c", "--cause", "x"};
      BOOST_REQUIRE(repo.Run(args).code == 0);
      BOOST_REQUIRE(repo.Run({"finding", "plan", "NC", "--action", "a"}).code == 0);
      args = {"finding", "implement", "NC", "--evidence", "report.md"};
      r = repo.Run(args);
    }
    BOOST_TEST_CONTEXT(args[0] << " " << args[1]) {
      BOOST_TEST(r.code == 2, r.err);
      BOOST_TEST(r.out == "");
      BOOST_TEST(Contains(r.err, "report.md names 2 filed artifacts"), r.err);
      BOOST_TEST(Contains(r.err, "evidence/documents/a/report.md  " + one), r.err);
      BOOST_TEST(Contains(r.err, "evidence/documents/b/report.md  " + two), r.err);
    }
  }
  // The path still names one.
  BOOST_TEST(Str(Show(repo, "evidence/documents/b/report.md")["id"]) == two);
  BOOST_TEST(Git({"rev-list", "--count", head + "..HEAD"}, repo.root).out == "3\n");
}

BOOST_AUTO_TEST_CASE(an_unknown_name_is_still_an_error) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "p\n");
  AddOne(repo, repo.dir / "policy.md", "document", "5.2");
  auto r = repo.Run({"show", "nothing.md"});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "nothing.md"), r.err);
  BOOST_TEST(r.out == "");
}

BOOST_AUTO_TEST_SUITE_END()
