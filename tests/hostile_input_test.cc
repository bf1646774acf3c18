// Hostile and careless input through the real CLI (issue 9 items 3, 4, 5 and
// 7; issue 16's configuration): symbolic links, control characters, values
// that do not hold, dossier.ini as editors save it, and option values too
// long to compare. A refusal is exit 2 with a message naming what and where,
// an empty stdout, HEAD and the work tree unchanged.
#define BOOST_TEST_MODULE hostile_input
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <functional>

#include "crypto/sha256.h"
#include "dossier/date.h"
#include "test_util.h"

namespace fs = boost::filesystem;
namespace bj = boost::json;
using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::GitOk;
using dossier::test::Head;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::WriteFile;

namespace {

std::string WorkTree(const std::string& root) {
  return Git({"status", "--porcelain", "--untracked-files=all"}, root).out;
}

RunResult ExpectRefused(const EvidenceRepo& repo, const std::vector<std::string>& args,
                        const std::vector<std::string>& needles, int code = 2) {
  const std::string head = Head(repo.root);
  const std::string status = WorkTree(repo.root);
  auto r = repo.Run(args);
  std::string cmd;
  for (const auto& a : args) cmd += " " + a.substr(0, 60);
  BOOST_TEST(r.code == code, "dossier" << cmd << " exited " << r.code << ": " << r.err);
  BOOST_TEST(r.out == "", "dossier" << cmd << " printed data: " << r.out);
  for (const auto& n : needles) {
    BOOST_TEST(Contains(r.err, n), "dossier" << cmd << ": expected '" << n << "' in: " << r.err);
  }
  BOOST_TEST(Head(repo.root) == head, "HEAD moved after dossier" << cmd);
  BOOST_TEST(WorkTree(repo.root) == status, "work tree changed after dossier" << cmd);
  return r;
}

// Files `name` from outside and returns the artifact id.
std::string File(const EvidenceRepo& repo, const std::string& name, const std::string& content) {
  WriteFile(repo.dir / name, content);
  auto r = repo.Run({"add", repo.dir / name, "--kind", "record", "--clause", "7.2", "--json"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  auto pos = r.out.find("\"ART-");
  return r.out.substr(pos + 1, r.out.find('"', pos + 1) - pos - 1);
}

std::string OpenFinding(const EvidenceRepo& repo, const std::string& title) {
  auto r = repo.Run(
      {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title", title, "--json"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  return std::string(bj::parse(r.out).at("id").as_string());
}

// Commits with plain git what `edit` does to the work tree.
void CommitByHand(const EvidenceRepo& repo, const std::string& message) {
  GitOk({"add", "-A"}, repo.root);
  GitOk({"commit", "-q", "-m", message}, repo.root);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(symlinks)

BOOST_AUTO_TEST_CASE(links_in_an_added_folder_are_named_and_nothing_is_filed) {
  EvidenceRepo repo;
  File(repo, "seed.md", "seed");
  const std::string folder = repo.dir / "training";
  fs::create_directories(folder + "/sub");
  WriteFile(folder + "/a.md", "a");
  WriteFile(repo.dir / "secret.txt", "outside the folder");
  fs::create_symlink(repo.dir / "secret.txt", folder + "/looks-like-a-record.md");
  fs::create_symlink("/", folder + "/sub/root");
  ExpectRefused(repo, {"add", folder, "--kind", "record", "--clause", "7.2"},
                {"symbolic links are not filed",
                 "looks-like-a-record.md -> " + repo.dir / "secret.txt", "sub/root -> /"});
  // Inside evidence/: a folder of the repository with a link in it.
  fs::create_directories(repo.root + "/evidence/records/t");
  WriteFile(repo.root + "/evidence/records/t/b.md", "b");
  fs::create_symlink("b.md", repo.root + "/evidence/records/t/c.md");
  ExpectRefused(repo, {"add", "evidence/records/t", "--kind", "record", "--clause", "7.2"},
                {"evidence/records/t/c.md -> b.md"});
}

BOOST_AUTO_TEST_CASE(verify_and_status_never_follow_a_committed_link) {
  EvidenceRepo repo;
  const std::string id = File(repo, "r.md", "record");
  // With plain git: a link evidence/root -> a folder outside, and the
  // artifact pointed through it at a file there, its real hash recorded.
  const std::string outside = repo.dir / "elsewhere";
  fs::create_directories(outside);
  const std::string secret = "not evidence";
  WriteFile(outside + "/secret.txt", secret);
  fs::create_symlink(outside, repo.root + "/evidence/root");
  const std::string file = repo.root + "/dossier/artifacts/" + id + ".json";
  bj::object a = bj::parse(ReadFile(file)).as_object();
  a["path"] = "evidence/root/secret.txt";
  a["sha256"] = dossier::crypto::Sha256Hex(secret);
  a["size"] = secret.size();
  WriteFile(file, bj::serialize(a) + "\n");
  CommitByHand(repo, "point the record elsewhere");

  auto v = repo.Run({"verify"});
  BOOST_TEST(v.code == 1, v.out << v.err);
  BOOST_TEST(Contains(v.out, "SYMLINK   " + id), v.out);
  BOOST_TEST(Contains(v.out, "evidence/root is a symbolic link to " + outside), v.out);
  auto j = repo.Run({"verify", "--json"});
  BOOST_TEST(j.code == 1);
  auto problem = bj::parse(j.out).at("problems").as_array().at(0).as_object();
  BOOST_TEST(problem.at("problem").as_string() == "symlink");
  BOOST_TEST(problem.at("link").as_string() == "evidence/root");

  auto s = repo.Run({"status"});
  BOOST_TEST(s.code == 0, s.err);
  BOOST_TEST(Contains(s.out, "symlink   evidence/root -> " + outside), s.out);
  BOOST_TEST(Contains(s.out, "missing   " + id), s.out);
  BOOST_TEST(!Contains(s.out, "clean"), s.out);
  // A link no artifact names is reported too.
  fs::create_symlink("/etc", repo.root + "/evidence/etc");
  v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "SYMLINK   evidence/etc"), v.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(control_characters)

BOOST_AUTO_TEST_CASE(text_with_controls_or_bad_utf8_is_refused) {
  EvidenceRepo repo;
  const std::string id = File(repo, "seed.md", "seed");
  ExpectRefused(
      repo,
      {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title", "Training \x1b[31mRED"},
      {"--title", "U+001B", "character 10"});
  ExpectRefused(repo,
                {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title",
                 "x\n\nSigned-off-by: Eve <eve@example.org>"},
                {"--title", "line break"});
  ExpectRefused(repo,
                {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title", "ok",
                 "--owner", "M\xfcller"},
                {"--owner", "not valid UTF-8"});
  ExpectRefused(repo,
                {"objective", "add",
                 "OTD \xc2\x9b"
                 "2J",
                 "--measure", "otd", "--target", ">=90", "--frequency", "monthly"},
                {"U+009B"});
  ExpectRefused(repo, {"scope", "exclude", "8.3", "--why", "We resell\nnothing"},
                {"--why", "line break"});
  WriteFile(repo.dir / "x.md", "x");
  ExpectRefused(
      repo,
      {"add", repo.dir / "x.md", "--kind", "record", "--clause", "7.2", "--title", "tab\there"},
      {"--title", "tab"});
  ExpectRefused(repo, {"approve", id, "--by", "Jane\rDoe"}, {"--by", "carriage return"});
}

BOOST_AUTO_TEST_CASE(multi_line_fields_keep_their_lines_but_forge_no_trailer) {
  EvidenceRepo repo;
  auto opened = repo.Run({"finding", "open", "--grade", "minor", "--clause", "7.2", "--title",
                          "Records incomplete", "--description", "Two\n\tlines", "--json"});
  BOOST_REQUIRE_MESSAGE(opened.code == 0, opened.err);
  const std::string id(bj::parse(opened.out).at("id").as_string());
  auto analysed = repo.Run({"finding", "analyse", id, "--correction",
                            "Fixed.\n\nSigned-off-by: Eve <eve@example.org>", "--cause", "c"});
  BOOST_REQUIRE_MESSAGE(analysed.code == 0, analysed.err);
  auto trailers = GitOk({"log", "-1", "--format=%(trailers:key=Signed-off-by)"}, repo.root);
  BOOST_TEST(trailers.out == "\n", trailers.out);
  auto message = GitOk({"log", "-1", "--format=%B"}, repo.root);
  BOOST_TEST(!Contains(message.out, "\nSigned-off-by"), message.out);
  auto shown = repo.Run({"finding", "show", id, "--json"});
  BOOST_TEST(Contains(shown.out, "Fixed.\\n\\nSigned-off-by"), shown.out);
  BOOST_TEST(Contains(shown.out, "Two\\n\\tlines"), shown.out);
}

BOOST_AUTO_TEST_CASE(what_plain_git_committed_is_printed_escaped) {
  EvidenceRepo repo;
  const std::string id = OpenFinding(repo, "Harmless");
  const std::string file = repo.root + "/dossier/findings/" + id + ".json";
  bj::object f = bj::parse(ReadFile(file)).as_object();
  const std::string hostile = "\x1b[31mRED\x1b[0m\nNC-FAKE  major  open  forged row\x1b]0;t\x07";
  f["title"] = hostile;
  WriteFile(file, bj::serialize(f) + "\n");
  CommitByHand(repo, "edit \x1b[2J title\x9b");

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"finding", "list"},
        {"finding", "show", id},
        {"log"},
        {"readiness", "--stage", "1"},
        {"readiness", "--stage", "1", "--format", "markdown"},
        {"readiness", "--stage", "1", "--format", "csv"}}) {
    auto r = repo.Run(args);
    BOOST_TEST(r.code <= 1, args[0] << ": " << r.err);
    for (char c : r.out + r.err) {
      const auto u = static_cast<unsigned char>(c);
      BOOST_TEST_REQUIRE(!(u < 0x20 && c != '\n' && c != '\t'),
                         args[0] << " " << args[1] << " printed control " << int(u));
    }
    BOOST_TEST(!Contains(r.out, "\xc2\x9b"));
  }
  auto list = repo.Run({"finding", "list"});
  BOOST_TEST(Contains(list.out, "\\u001b[31mRED"), list.out);
  // One finding, one row.
  BOOST_TEST(std::count(list.out.begin(), list.out.end(), '\n') == 1, list.out);
  // --json keeps the meaning: the escape is JSON's own.
  auto json = repo.Run({"finding", "list", "--json"});
  BOOST_TEST(json.code == 0, json.err);
  auto findings = bj::parse(json.out).at("findings").as_array();
  BOOST_TEST(std::string(findings.at(0).at("title").as_string()) == hostile);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_values)

BOOST_AUTO_TEST_CASE(entity_files_that_do_not_hold_are_refused_with_file_and_line) {
  EvidenceRepo repo;
  const std::string art = File(repo, "r.md", "r");
  auto added = repo.Run({"objective", "add", "On-time delivery", "--measure", "otd", "--target",
                         ">=90", "--frequency", "monthly", "--json"});
  BOOST_REQUIRE_MESSAGE(added.code == 0, added.err);
  const std::string ob(bj::parse(added.out).at("id").as_string());
  const std::string today =
      dossier::Date::FromUnixSeconds(static_cast<int64_t>(std::time(nullptr))).ToString();
  auto measured = repo.Run(
      {"objective", "measure", ob, "--measure", "otd", "--value", "93", "--date", today, "--json"});
  BOOST_REQUIRE_MESSAGE(measured.code == 0, measured.err);
  const std::string ms(bj::parse(measured.out).at("id").as_string());
  const std::string nc = OpenFinding(repo, "A finding");
  const std::string good = Head(repo.root);

  struct Case {
    std::string file;
    std::function<std::string(std::string)> edit;
    std::vector<std::string> needles;
  };
  const std::string ms_file = "dossier/measurements/" + ms + ".json";
  const std::string art_file = "dossier/artifacts/" + art + ".json";
  const std::string nc_file = "dossier/findings/" + nc + ".json";
  auto replace = [](std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  const std::vector<Case> cases = {
      {ms_file,
       [&](std::string t) { return replace(t, "\"value\": 93", "\"value\": 1e999"); },
       {ms_file + ":", "too large"}},
      {art_file,
       [&](std::string t) {
         return replace(t, "\"kind\": \"record\",",
                        "\"kind\": \"record\",\n  \"kind\": \"document\",");
       },
       {art_file + ":", "key \"kind\" appears twice"}},
      {nc_file,
       [&](std::string t) { return replace(t, "\"7.2\"", "\"7.9.9\""); },
       {nc_file + ":", "key \"clauses\"", "unknown clause \"7.9.9\""}},
      {art_file,
       [&](std::string t) { return replace(t, "\"7.2\"", "\"7.2\", \"11\""); },
       {art_file + ":", "unknown clause \"11\""}},
      // An approval must name its approver (and its date and the approved
      // content's hash): one written by hand without "by" is not an approval.
      {art_file,
       [&](std::string t) {
         return replace(t, "\"kind\": \"record\",",
                        "\"kind\": \"record\",\n  \"approval\": {\"date\": \"2026-01-05\", "
                        "\"sha256\": \"" +
                            std::string(64, 'a') + "\"},");
       },
       {art_file + ":", "approval", "\"by\"", "missing"}},
  };
  for (const auto& c : cases) {
    const std::string path = repo.root + "/" + c.file;
    WriteFile(path, c.edit(ReadFile(path)));
    CommitByHand(repo, "by hand");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"readiness", "--stage", "2"}, {"list"}}) {
      ExpectRefused(repo, args, c.needles);
    }
    // A change refuses before it writes anything.
    ExpectRefused(repo, {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title", "t"},
                  c.needles);
    GitOk({"reset", "-q", "--hard", good}, repo.root);
  }
  // An id that differs from its file name: a copy posing as another entity.
  const std::string copy = "dossier/findings/NC-20990101-ZZZZ.json";
  WriteFile(repo.root + "/" + copy, ReadFile(repo.root + "/" + nc_file));
  CommitByHand(repo, "copy");
  ExpectRefused(repo, {"finding", "list"},
                {copy + ":", "key \"id\"", "\"" + nc + "\" differs from the file name"});
}

BOOST_AUTO_TEST_CASE(dossier_ini_values_are_checked_with_their_line) {
  EvidenceRepo repo;
  const std::string ini = repo.root + "/dossier.ini";
  const std::string original = ReadFile(ini);
  auto with = [&](const std::string& text, const std::vector<std::string>& needles) {
    WriteFile(ini, text);
    CommitByHand(repo, "edit dossier.ini");
    ExpectRefused(repo, {"readiness", "--stage", "1"}, needles);
    ExpectRefused(repo, {"finding", "open", "--grade", "minor", "--clause", "7.2", "--title", "t"},
                  needles);
  };
  auto line_of = [&](const std::string& key) {
    const size_t at = original.find(key);
    return std::to_string(
        std::count(original.begin(), original.begin() + static_cast<long>(at), '\n') + 1);
  };
  auto set = [&](const std::string& key, const std::string& value) {
    const size_t at = original.find(key + " = ");
    const size_t end = original.find('\n', at);
    return original.substr(0, at) + key + " = " + value + original.substr(end);
  };
  with(set("min_objectives", "5abc"),
       {"dossier.ini:" + line_of("min_objectives") + ": [readiness] min_objectives", "5abc"});
  with(set("min_objectives", "-5"), {"dossier.ini:" + line_of("min_objectives") + ":", "-5"});
  with("", {"dossier.ini", "holds no settings"});
  std::string outside = original;
  outside.replace(outside.find("name = iso9001-2015"), 19, "name = ../../../elsewhere/iso.json");
  with(outside, {"dossier.ini:", "[checklist] name", "not a path inside the repository"});
  with(original + "\n[organisation-notes]\nwho = M\xfcller\n", {"dossier.ini:", "not valid UTF-8"});
}

BOOST_AUTO_TEST_CASE(dossier_ini_as_a_windows_editor_saves_it) {
  EvidenceRepo repo;
  std::string text = "\xEF\xBB\xBF";
  for (const char* line :
       {"[organisation]", "name = Acme Windows Ltd   ", "", "[checklist]",
        "name = iso9001-2015          ; a built-in checklist", "", "[not-applicable]   ; scope", "",
        "[readiness]", "min_objectives = 1   "}) {
    text += std::string(line) + "\r\n";
  }
  WriteFile(repo.root + "/dossier.ini", text);
  CommitByHand(repo, "saved on Windows");
  auto r = repo.Run({"readiness", "--stage", "1", "--json"});
  BOOST_TEST(r.code <= 1, r.err);
  BOOST_TEST(std::string(bj::parse(r.out).at("organisation").as_string()) == "Acme Windows Ltd");
  auto scoped = repo.Run({"scope", "exclude", "8.3", "--why", "We resell ; no design"});
  BOOST_TEST(scoped.code == 0, scoped.err);
  const std::string after = ReadFile(repo.root + "/dossier.ini");
  BOOST_TEST(after.rfind("\xEF\xBB\xBF[organisation]\r\n", 0) == 0u, after);
  BOOST_TEST(Contains(after, "[not-applicable]   ; scope\r\n8.3 = We resell \\; no design\r\n"),
             after);
  BOOST_TEST(repo.Run({"readiness", "--stage", "1"}).code <= 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(did_you_mean)

BOOST_AUTO_TEST_CASE(a_huge_value_is_answered_at_once) {
  EvidenceRepo repo;
  const std::string name(10000, 'p');
  WriteFile(repo.root + "/dossier.ini", ReadFile(repo.root + "/dossier.ini") +
                                            "\n[process:" + name + "]\nowner = A\nclauses = 7.2\n");
  CommitByHand(repo, "a long process name");
  const auto start = std::chrono::steady_clock::now();
  auto r = ExpectRefused(repo,
                         {"audit", "plan", "--date", "2026-04-01", "--auditor", "Q", "--process",
                          std::string(9999, 'p') + "q"},
                         {"no such process"});
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(took).count() < 5);
  BOOST_TEST(!Contains(r.err, "did you mean"));
  // Short slips still get their suggestion.
  ExpectRefused(repo, {"verfy"}, {"did you mean 'verify'"});
}

BOOST_AUTO_TEST_SUITE_END()
