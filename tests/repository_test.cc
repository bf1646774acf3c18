// The library beneath the evidence commands: Repository (work tree vs a git
// revision), Transaction (lock, all-or-nothing commit, rollback), the
// canonical JSON of entity files, and calendar arithmetic.
#define BOOST_TEST_MODULE repository
#include "dossier/repository.h"

#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>

#include "config_edit.h"
#include "dossier/config.h"
#include "dossier/date.h"
#include "dossier/evidence.h"
#include "entity_codec.h"
#include "json_io.h"
#include "test_util.h"

using dossier::test::Contains;
#include "transaction.h"

namespace fs = boost::filesystem;
using namespace dossier;
namespace bj = boost::json;
using dossier::test::Git;
using dossier::test::Head;
using dossier::test::ReadFile;
using dossier::test::RepoLockHeld;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

Context Ctx(const char* today = "2026-03-02") {
  Context c;
  c.author_name = "Lib Tester";
  c.author_email = "lib@example.org";
  c.today = *Date::Parse(today);
  return c;
}

// A fresh evidence repository made through the library.
struct LibRepo {
  TempDir dir;
  std::string root = dir / "repo";
  Repository repo = Make(root);

  static Repository Make(const std::string& root) {
    InitOptions opts;
    opts.organisation = "Lib Org";
    auto r = Repository::Init(root, opts, Ctx());
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message()));
    return std::move(*r);
  }

  std::string Add(const std::string& name, const std::string& content, const char* clause) {
    WriteFile(dir / name, content);
    AddOptions opts;
    opts.paths = {dir / name};
    opts.cwd = dir.path();
    opts.metadata.kind = ArtifactKind::kRecord;
    opts.metadata.clauses = clause;
    auto r = AddArtifacts(repo, Ctx(), opts);
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message()));
    BOOST_REQUIRE_EQUAL(r->added.size(), 1u);
    return r->added[0].id;
  }

  std::string Status() const {
    return Git({"status", "--porcelain", "--untracked-files=all"}, root).out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(repository)

BOOST_AUTO_TEST_CASE(discover_walks_up_from_a_subfolder) {
  LibRepo r;
  fs::create_directories(r.root + "/evidence/deep/er");
  auto found = Repository::Discover(r.root + "/evidence/deep/er");
  BOOST_REQUIRE(found.ok());
  BOOST_TEST(found->root() == fs::canonical(r.root).string());
  auto none = Repository::Discover(r.dir.path());
  BOOST_REQUIRE(!none.ok());
  BOOST_TEST(none.error().exit_code() == 2);
}

BOOST_AUTO_TEST_CASE(load_reads_the_work_tree_or_a_revision) {
  LibRepo r;
  const std::string first = r.Add("a.md", "a", "7.2");
  const std::string after_first = Head(r.root);
  const std::string second = r.Add("b.md", "b", "9.1.1");

  auto work = r.repo.Load();
  BOOST_REQUIRE(work.ok());
  BOOST_TEST(work->artifacts.size() == 2u);
  BOOST_TEST(work->commit == Head(r.root));
  BOOST_TEST(work->commit_date.ToString().size() == 10u);
  BOOST_TEST(work->config.organisation == "Lib Org");
  BOOST_TEST(work->checklist.Leaves().size() == 64u);
  BOOST_TEST(work->artifacts[0].id < work->artifacts[1].id, "sorted by id");

  auto old = r.repo.Load("HEAD~1");
  BOOST_REQUIRE(old.ok());
  BOOST_TEST(old->commit == after_first);
  BOOST_REQUIRE_EQUAL(old->artifacts.size(), 1u);
  BOOST_TEST(old->artifacts[0].id == first);
  BOOST_TEST(old->FindArtifact(second) == nullptr);

  // An uncommitted edit is seen in the work tree only.
  const std::string file = r.root + "/dossier/artifacts/" + second + ".json";
  std::string text = ReadFile(file);
  text.replace(text.find("\"title\": \"b.md\""), 15, "\"title\": \"Bee\"");
  WriteFile(file, text);
  BOOST_TEST(r.repo.Load()->FindArtifact(second)->title == "Bee");
  BOOST_TEST(r.repo.Load("HEAD")->FindArtifact(second)->title == "b.md");
  BOOST_TEST(r.repo.Load(Head(r.root))->FindArtifact(second)->title == "b.md");

  auto bad = r.repo.Load("no-such-branch");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().exit_code() == 2);
  BOOST_TEST(Contains(bad.error().message(), "no-such-branch"));

  auto file_at = r.repo.ReadFile("HEAD~1", "evidence/records/a.md");
  BOOST_REQUIRE(file_at.ok());
  BOOST_TEST(*file_at == "a");
}

BOOST_AUTO_TEST_CASE(history_filters_by_path) {
  LibRepo r;
  const std::string a = r.Add("a.md", "a", "7.2");
  r.Add("b.md", "b", "7.2");
  auto all = r.repo.History({});
  BOOST_REQUIRE(all.ok());
  BOOST_TEST(all->size() == 3u);
  BOOST_TEST(all->front().author == "Lib Tester <lib@example.org>");
  auto only = r.repo.History({"dossier/artifacts/" + a + ".json"});
  BOOST_REQUIRE(only.ok());
  BOOST_REQUIRE_EQUAL(only->size(), 1u);
  BOOST_TEST(Contains(only->front().summary, "add " + a));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(transaction)

BOOST_AUTO_TEST_CASE(commits_all_staged_files_in_one_commit) {
  LibRepo r;
  const std::string head = Head(r.root);
  {
    auto tx = Transaction::Begin(r.repo, Ctx());
    BOOST_REQUIRE(tx.ok());
    tx->Write("evidence/one.txt", "1");
    tx->Write("evidence/sub/two.txt", "2");
    auto c = tx->Commit("two files\n\nbody");
    BOOST_REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message()));
    BOOST_TEST(c->message == "two files");
    BOOST_TEST(c->commit == Head(r.root));
  }
  BOOST_TEST(Git({"rev-parse", "HEAD~1"}, r.root).out == head + "\n");
  BOOST_TEST(r.Status() == "");
  BOOST_TEST(!RepoLockHeld(r.root));
}

// Stages writes of every sort, then one that cannot succeed, and checks that
// the work tree, the index and HEAD are exactly as before.
void ExpectRollback(LibRepo& r, const std::string& failing_path, const std::string& message) {
  const std::string head = Head(r.root);
  const std::string ini = ReadFile(r.root + "/dossier.ini");
  const std::string status = r.Status();
  WriteFile(r.dir / "new-content.md", "replacement");
  {
    auto tx = Transaction::Begin(r.repo, Ctx());
    BOOST_REQUIRE(tx.ok());
    tx->Write("dossier.ini", "overwritten");                         // an existing file
    tx->Copy(r.dir / "new-content.md", "evidence/records/keep.md");  // evidence, set aside
    tx->Write("evidence/new/deeper/brand-new.txt", "new");           // new folders
    tx->Write(failing_path, "cannot be written or committed");
    auto c = tx->Commit("must not happen");
    BOOST_REQUIRE(!c.ok());
    BOOST_TEST(c.error().exit_code() == 3);
    BOOST_TEST(Contains(c.error().message(), message), c.error().message());
  }
  BOOST_TEST(Head(r.root) == head);
  BOOST_TEST(ReadFile(r.root + "/dossier.ini") == ini);
  BOOST_TEST(ReadFile(r.root + "/evidence/records/keep.md") == "committed evidence");
  BOOST_TEST(!fs::exists(r.root + "/evidence/new"), "folders made for the commit are removed");
  BOOST_TEST(r.Status() == status, "work tree not as it was:\n" << r.Status());
  BOOST_TEST(!RepoLockHeld(r.root));
}

BOOST_AUTO_TEST_CASE(a_failing_commit_leaves_the_work_tree_unchanged) {
  LibRepo r;
  r.Add("keep.md", "committed evidence", "7.2");
  // A committed folder where the transaction will want a file: refused
  // before anything is written.
  WriteFile(r.root + "/evidence/zz-folder/inside.txt", "inside");
  BOOST_REQUIRE(Git({"add", "-A"}, r.root).code == 0);
  BOOST_REQUIRE(Git({"commit", "-qm", "a folder"}, r.root).code == 0);
  ExpectRollback(r, "evidence/zz-folder", "evidence/zz-folder");
  BOOST_TEST(ReadFile(r.root + "/evidence/zz-folder/inside.txt") == "inside");
  // A file where a folder should be.
  ExpectRollback(r, "evidence/records/keep.md/child.txt", "is a file, not a folder");
  // Every file written, then git refuses the commit (a path git may not
  // hold): all of it is undone.
  ExpectRollback(r, "evidence/sub/.git/config", "evidence/sub/.git/config");
  BOOST_TEST(!fs::exists(r.root + "/evidence/sub"));
}

BOOST_AUTO_TEST_CASE(an_abandoned_transaction_writes_nothing_and_releases_the_lock) {
  LibRepo r;
  const std::string head = Head(r.root);
  {
    auto tx = Transaction::Begin(r.repo, Ctx());
    BOOST_REQUIRE(tx.ok());
    tx->Write("evidence/never.txt", "x");
    BOOST_TEST(RepoLockHeld(r.root));
    // The lock is exclusive, even within one process.
    Context no_wait = Ctx();
    no_wait.lock_wait_seconds = 0;
    auto second = Transaction::Begin(r.repo, no_wait);
    BOOST_REQUIRE(!second.ok());
    BOOST_TEST(second.error().exit_code() == 3);
    BOOST_TEST(Contains(second.error().message(), "dossier.lock"));
  }
  BOOST_TEST(!fs::exists(r.root + "/evidence/never.txt"));
  BOOST_TEST(!RepoLockHeld(r.root));
  BOOST_TEST(Head(r.root) == head);
  BOOST_TEST(Transaction::Begin(r.repo, Ctx()).ok());
}

BOOST_AUTO_TEST_CASE(new_ids_carry_kind_date_and_a_readable_suffix) {
  LibRepo r;
  auto tx = Transaction::Begin(r.repo, Ctx("2026-03-02"));
  BOOST_REQUIRE(tx.ok());
  std::vector<std::string> taken;
  for (int i = 0; i < 200; ++i) {
    std::string id = tx->NewId("NC", taken);
    BOOST_REQUIRE_EQUAL(id.size(), 16u);
    BOOST_TEST(id.rfind("NC-20260302-", 0) == 0u);
    BOOST_TEST(id.find_first_of("ILOU", 12) == std::string::npos, id);
    BOOST_TEST((std::find(taken.begin(), taken.end(), id) == taken.end()));
    taken.push_back(id);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_io)

BOOST_AUTO_TEST_CASE(canonical_form_sorts_keys_and_indents_two_spaces) {
  auto v = json::Parse(
      R"({"b": 1, "a": [true, {"d": null, "c": "x\"y"}], "e": {}, "f": [], "g": 1.5})", "t.json");
  BOOST_REQUIRE(v.ok());
  BOOST_TEST(json::Canonical(*v) ==
             "{\n"
             "  \"a\": [\n"
             "    true,\n"
             "    {\n"
             "      \"c\": \"x\\\"y\",\n"
             "      \"d\": null\n"
             "    }\n"
             "  ],\n"
             "  \"b\": 1,\n"
             "  \"e\": {},\n"
             "  \"f\": [],\n"
             "  \"g\": 1.5\n"
             "}\n");
  BOOST_TEST(json::Compact(*v) ==
             R"({"a":[true,{"c":"x\"y","d":null}],"b":1,"e":{},"f":[],"g":1.5})");
  // Doubles in their shortest form, and stable through a re-read.
  bj::array numbers{97.25, 100.0, 0.1, 1e21, -3.5, 5000000000ull, -7};
  BOOST_TEST(json::Compact(numbers) == "[97.25,100,0.1,1e+21,-3.5,5000000000,-7]");
  auto reread = json::Parse(json::Compact(numbers), "n.json");
  BOOST_TEST(json::Compact(*reread) == json::Compact(numbers));
  // Canonical of canonical is itself.
  auto again = json::Parse(json::Canonical(*v), "t.json");
  BOOST_TEST(json::Canonical(*again) == json::Canonical(*v));
}

BOOST_AUTO_TEST_CASE(parse_errors_name_source_line_and_column) {
  auto bad = json::Parse("{\n  \"a\": 1,\n  \"b\": ,\n}\n", "dossier/findings/NC-1.json");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().exit_code() == 2);
  BOOST_TEST(Contains(bad.error().message(), "dossier/findings/NC-1.json:3:"),
             bad.error().message());
  auto truncated = json::Parse("{\n  \"a\": [1,\n", "x.json");
  BOOST_REQUIRE(!truncated.ok());
  BOOST_TEST(Contains(truncated.error().message(), "x.json:"), truncated.error().message());
  auto trailing = json::Parse("{}\n{}", "y.json");
  BOOST_REQUIRE(!trailing.ok());
  BOOST_TEST(Contains(trailing.error().message(), "y.json:2:"), trailing.error().message());
}

BOOST_AUTO_TEST_CASE(an_entity_round_trips_byte_identically_with_unknown_keys) {
  Artifact a;
  a.id = "ART-20260302-7Q2K";
  a.kind = ArtifactKind::kDocument;
  a.title = "Quality policy \"2026\"";
  a.path = "evidence/documents/policy.md";
  a.clauses = {"5.2.1", "5.2.2"};
  a.requirements = {"M3"};
  a.sha256 = std::string(64, 'a');
  a.size = 5000000000ull;  // beyond 32 bits
  a.collected = *Date::Parse("2026-03-02");
  a.review_every = Period(12, Period::Unit::kMonths);
  a.approval = Approval{
      "Jo", *Date::Parse("2026-03-03"), std::string(64, 'a'), std::nullopt, {}, {}, {}, {}};
  a.revisions = {Revision{std::string(64, 'b'), 3, *Date::Parse("2026-01-01")}};
  a.unknown.emplace()["x_extra"] = R"({"k":[1,2]})";
  const std::string text = codec::Encode(a);
  auto back = codec::DecodeArtifact(text, "a.json");
  BOOST_REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message()));
  BOOST_TEST(codec::Encode(*back) == text);
  BOOST_TEST(back->size == 5000000000ull);
  BOOST_TEST(back->approved());
  BOOST_REQUIRE(back->unknown);
  BOOST_TEST(back->unknown->at("x_extra") == R"({"k":[1,2]})");
  BOOST_TEST(Contains(text, "  \"x_extra\": {\n    \"k\": [\n      1,\n      2\n    ]\n  }\n}\n"),
             text);
  BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_CASE(entity_value_errors_name_file_line_and_key) {
  const std::string text =
      "{\n  \"id\": \"ART-1\",\n  \"kind\": \"memo\",\n  \"path\": \"evidence/x\",\n"
      "  \"sha256\": \"00\",\n  \"collected\": \"2026-03-02\"\n}\n";
  auto bad = codec::DecodeArtifact(text, "dossier/artifacts/ART-1.json");
  BOOST_REQUIRE(!bad.ok());
  const std::string& m = bad.error().message();
  BOOST_TEST(Contains(m, "dossier/artifacts/ART-1.json:3:"), m);
  BOOST_TEST(Contains(m, "\"kind\""), m);
  BOOST_TEST(Contains(m, "document, record"), m);

  auto missing = codec::DecodeArtifact("{\n  \"id\": \"ART-1\"\n}\n", "a.json");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(Contains(missing.error().message(), "missing"), missing.error().message());

  auto newer = codec::DecodeArtifact(
      "{\"id\": \"A\", \"kind\": \"record\", \"path\": \"evidence/x\", \"sha256\": \"0\", "
      "\"collected\": \"2026-03-02\", \"schema_version\": 9}",
      "n.json");
  BOOST_REQUIRE(!newer.ok());
  BOOST_TEST(Contains(newer.error().message(), "newer"), newer.error().message());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dates)

BOOST_AUTO_TEST_CASE(parse_is_strict_iso_8601_with_leap_years) {
  BOOST_TEST(Date::Parse("2026-03-02")->ToString() == "2026-03-02");
  BOOST_TEST(Date::Parse("2024-02-29").ok());
  BOOST_TEST(Date::Parse("2000-02-29").ok());   // divisible by 400
  BOOST_TEST(!Date::Parse("1900-02-29").ok());  // divisible by 100 only
  BOOST_TEST(!Date::Parse("2026-02-29").ok());
  BOOST_TEST(!Date::Parse("2026-04-31").ok());
  BOOST_TEST(Date::Parse("2026-12-31").ok());
  for (const char* bad : {"2026-13-01", "2026-00-10", "2026-01-00", "2026-1-02", "26-01-02",
                          "2026/01/02", "2026-01-02T00:00", " 2026-01-02", "", "abcd-ef-gh"}) {
    auto d = Date::Parse(bad, "--effective");
    BOOST_TEST(!d.ok(), bad);
    if (!d.ok()) {
      BOOST_TEST(d.error().exit_code() == 2);
      BOOST_TEST(Contains(d.error().message(), "--effective"), d.error().message());
      BOOST_TEST(Contains(d.error().message(), "YYYY-MM-DD"), d.error().message());
    }
  }
  BOOST_TEST(Contains(Date::Parse("2026-13-01").error().message(), "no month 13"));
}

BOOST_AUTO_TEST_CASE(civil_conversions) {
  BOOST_TEST(Date().ToString() == "1970-01-01");
  BOOST_TEST(Date::FromCivil(2026, 3, 2).days() == Date::Parse("2026-03-02")->days());
  BOOST_TEST(Date::FromUnixSeconds(0).ToString() == "1970-01-01");
  BOOST_TEST(Date::FromUnixSeconds(1772409600).ToString() == "2026-03-02");  // midnight UTC
  BOOST_TEST(Date::FromUnixSeconds(1772409599).ToString() == "2026-03-01");
  BOOST_TEST(Date::FromUnixSeconds(-1).ToString() == "1969-12-31");
  Date d = *Date::Parse("2024-02-28");
  BOOST_TEST(d.AddDays(1).ToString() == "2024-02-29");
  BOOST_TEST(d.AddDays(2).ToString() == "2024-03-01");
  BOOST_TEST(d.year() == 2024);
  BOOST_TEST(d.month() == 2u);
  BOOST_TEST(d.day() == 28u);
}

BOOST_AUTO_TEST_CASE(add_months_clamps_to_the_end_of_the_month) {
  auto add = [](const char* d, int n) { return Date::Parse(d)->AddMonths(n).ToString(); };
  BOOST_TEST(add("2026-01-31", 1) == "2026-02-28");
  BOOST_TEST(add("2024-01-31", 1) == "2024-02-29");
  BOOST_TEST(add("2024-02-29", 12) == "2025-02-28");
  BOOST_TEST(add("2024-02-29", 48) == "2028-02-29");
  BOOST_TEST(add("2026-03-31", -1) == "2026-02-28");
  BOOST_TEST(add("2026-05-31", 1) == "2026-06-30");
  BOOST_TEST(add("2026-11-30", 3) == "2027-02-28");
  BOOST_TEST(add("2026-01-15", -1) == "2025-12-15");
  BOOST_TEST(add("2026-01-15", -13) == "2024-12-15");
  BOOST_TEST(add("2026-12-15", 1) == "2027-01-15");
  BOOST_TEST(add("2026-03-02", 0) == "2026-03-02");
}

BOOST_AUTO_TEST_CASE(periods_parse_and_apply) {
  auto p = [](const char* s) { return Period::Parse(s); };
  BOOST_TEST(p("30d")->ToString() == "30d");
  BOOST_TEST(p("2w")->ToString() == "2w");
  BOOST_TEST(p("12m")->ToString() == "12m");
  BOOST_TEST(p("1y")->ToString() == "1y");
  for (const char* bad : {"", "d", "0d", "12", "-1m", "1.5m", "12M", "m12", "12 m", "1234567d"}) {
    auto r = Period::Parse(bad, "--review-every");
    BOOST_TEST(!r.ok(), bad);
    if (!r.ok()) BOOST_TEST(Contains(r.error().message(), "--review-every"));
  }
  Date d = *Date::Parse("2024-02-29");
  BOOST_TEST(p("1y")->After(d).ToString() == "2025-02-28");
  BOOST_TEST(p("12m")->After(d).ToString() == "2025-02-28");
  BOOST_TEST(p("2w")->After(d).ToString() == "2024-03-14");
  BOOST_TEST(p("30d")->Before(d).ToString() == "2024-01-30");
  BOOST_TEST(p("3m")->Before(*Date::Parse("2026-05-31")).ToString() == "2026-02-28");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(config_edit)

BOOST_AUTO_TEST_CASE(scope_edits_keep_every_other_line_of_dossier_ini) {
  const std::string ini =
      "# header\n\n[organisation]\nname = Harbour\n\n"
      "[not-applicable]\n; agreed with the CB in March\n8.5.5 = no post-delivery\n\n"
      "; our notes\n[custom]\nfoo = bar\n";
  const std::string out =
      ReplaceNotApplicable(ini, {{"8.3", "we resell"}, {"8.5.5", "no post-delivery"}});
  BOOST_TEST(out ==
             "# header\n\n[organisation]\nname = Harbour\n\n"
             "[not-applicable]\n; agreed with the CB in March\n8.3 = we resell\n"
             "8.5.5 = no post-delivery\n\n; our notes\n[custom]\nfoo = bar\n");
  auto parsed = ParseConfig(out, "dossier.ini");
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->not_applicable.size() == 2u);
  BOOST_TEST(parsed->not_applicable.at("8.3") == "we resell");
  BOOST_TEST(parsed->raw.at("custom").at("foo") == "bar");

  // Emptied: the section goes, unless it holds comments.
  BOOST_TEST(ReplaceNotApplicable("[a]\nk = v\n\n[not-applicable]\n8.3 = x\n\n[b]\nk = v\n", {}) ==
             "[a]\nk = v\n\n\n[b]\nk = v\n");
  BOOST_TEST(ReplaceNotApplicable("[not-applicable]\n; why\n8.3 = x\n", {}) ==
             "[not-applicable]\n; why\n");
  // Absent: appended, with the file's own line endings.
  BOOST_TEST(ReplaceNotApplicable("[a]\r\nk = v", {{"8.3", "line one\nline two"}}) ==
             "[a]\r\nk = v\r\n\r\n[not-applicable]\r\n8.3 = line one line two\r\n");
  BOOST_TEST(ReplaceNotApplicable("", {}) == "");
}

BOOST_AUTO_TEST_SUITE_END()
