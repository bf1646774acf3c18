// The examples in README.md and doc/*.md, run against the real binary, so
// the documentation cannot drift from the tool.
//
// Every fenced block must say what it is: `sh` blocks are run, line by line
// in order (a block preceded by `<!-- not run: REASON -->` is not), `ini`
// blocks must be accepted as dossier.ini, `json` blocks must parse, `text`
// blocks (synopses, folder trees, diagrams) are prose.
#define BOOST_TEST_MODULE doc_examples
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <ctime>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

struct Block {
  std::string file;
  int line = 0;  // of the opening fence
  std::string lang;
  bool not_run = false;
  std::vector<std::string> lines;
};

std::vector<Block> Blocks(const std::string& rel) {
  std::istringstream in(ReadFile(std::string(DOSSIER_SOURCE_DIR) + "/" + rel));
  std::vector<Block> out;
  std::string line, previous;
  int n = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("```", 0) == 0) {
      if (open) {
        open = nullptr;
      } else {
        out.push_back(Block{rel, n, line.substr(3), previous.rfind("<!-- not run:", 0) == 0, {}});
        open = &out.back();
      }
    } else if (open) {
      open->lines.push_back(line);
    }
    if (!line.empty()) previous = line;
  }
  BOOST_REQUIRE_MESSAGE(!open, rel << ": a code block is not closed");
  return out;
}

std::vector<std::string> DocFiles() {
  std::vector<std::string> files = {"README.md"};
  std::set<std::string> docs;
  for (const auto& e : fs::directory_iterator(fs::path(DOSSIER_SOURCE_DIR) / "doc")) {
    if (e.path().extension() == ".md") docs.insert("doc/" + e.path().filename().string());
  }
  files.insert(files.end(), docs.begin(), docs.end());
  return files;
}

// The commands of a sh block: continuation lines joined, blank and
// comment-only lines dropped.
std::vector<std::pair<int, std::string>> Commands(const Block& b) {
  std::vector<std::pair<int, std::string>> out;
  std::string pending;
  int start = 0;
  for (size_t i = 0; i < b.lines.size(); ++i) {
    std::string l = b.lines[i];
    if (pending.empty()) start = b.line + 1 + static_cast<int>(i);
    if (!l.empty() && l.back() == '\\') {
      pending += l.substr(0, l.size() - 1) + " ";
      continue;
    }
    l = pending + l;
    pending.clear();
    const size_t first = l.find_first_not_of(" \t");
    if (first == std::string::npos || l[first] == '#') continue;
    out.emplace_back(start, l);
  }
  return out;
}

std::string Year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return std::to_string(1900 + tm.tm_year);
}

// A sample file with some content of its kind.
void MakeSample(const fs::path& path) {
  WriteFile(path.string(), "Sample " + path.filename().string() + " made by doc_examples_test\n");
}

// A shell script that runs `commands` in order and stops at the first exit
// status a command is not allowed, saying which line it was. `readiness`
// may answer NOT READY (exit 1); anything else must exit 0. Each block starts
// in `start_dir`; a `cd` holds until the block ends.
std::string Script(const std::vector<Block>& blocks, const std::string& start_dir,
                   const std::string& home, const std::string& bin_dir) {
  // The ids the examples show carry the year they are made in (NC-2026...).
  const std::regex id_year(R"(\b(ART|NC|OB|IA|MR|OBJ|MS)-2026\b)");
  std::string s = "set -u\nexport HOME='" + home + "'\nexport PATH='" + bin_dir + "':\"$PATH\"\n";
  for (const auto& b : blocks) {
    s += "cd '" + start_dir + "'\n";
    for (const auto& [line, cmd] : Commands(b)) {
      const std::string run = std::regex_replace(cmd, id_year, "$1-" + Year());
      const bool may_be_not_ready =
          std::regex_search(cmd, std::regex(R"(^\s*dossier readiness\b)"));
      s += run + "\nrc=$?\n";
      s += std::string("if [ $rc -ne 0 ]") + (may_be_not_ready ? " && [ $rc -ne 1 ]" : "") +
           "; then echo \"" + b.file + ":" + std::to_string(line) +
           ": exit $rc\" >&2; exit 99; fi\n";
    }
  }
  return s;
}

// Makes the sample files that `dossier add` and `dossier link` name: each
// `~/...` file, and in each
// `~/.../` folder the bare file names the commands cite (--evidence NAME,
// approve NAME...) that no `~/` file provides.
void MakeSamples(const std::vector<Block>& blocks, const std::string& home) {
  std::set<std::string> samples, folders, cited;
  const std::regex home_path(R"(~/([^\s"']+))");
  const std::regex cite(
      R"((?:--evidence|--minutes|--report|--source|approve|show|log)\s+([A-Za-z0-9_.-]+\.[A-Za-z0-9]+)\b)");
  for (const auto& b : blocks) {
    for (const auto& [line, cmd] : Commands(b)) {
      const bool files = std::regex_search(cmd, std::regex(R"(^\s*dossier (add|link)\b)"));
      for (std::sregex_iterator it(files ? cmd.begin() : cmd.end(), cmd.end(), home_path), end;
           it != end; ++it) {
        const std::string p = (*it)[1];
        (p.back() == '/' ? folders : samples).insert(p);
      }
      for (std::sregex_iterator it(cmd.begin(), cmd.end(), cite), end; it != end; ++it) {
        cited.insert((*it)[1]);
      }
    }
  }
  for (const auto& f : samples) {
    MakeSample(fs::path(home) / f);
    cited.erase(fs::path(f).filename().string());
  }
  for (const auto& d : folders) {
    fs::create_directories(fs::path(home) / d);
    for (const auto& c : cited) MakeSample(fs::path(home) / d / c);
  }
}

RunResult RunBlocks(const std::vector<Block>& blocks, const TempDir& dir,
                    const std::string& start_dir) {
  const std::string home = dir / "home";
  const std::string bin = dir / "bin";
  fs::create_directories(bin);
  fs::create_directories(home);
  fs::create_directories(start_dir);
  fs::create_symlink(DOSSIER_BIN, fs::path(bin) / "dossier");
  MakeSamples(blocks, home);
  WriteFile(dir / "examples.sh", Script(blocks, start_dir, home, bin));
  return dossier::test::Run({"bash", dir / "examples.sh"}, dir.path());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(doc_examples)

BOOST_AUTO_TEST_CASE(every_block_says_what_it_is) {
  const std::set<std::string> known = {"sh", "ini", "json", "text"};
  for (const auto& file : DocFiles()) {
    for (const auto& b : Blocks(file)) {
      BOOST_TEST(known.count(b.lang) == 1,
                 b.file << ":" << b.line << ": a code block tagged '" << b.lang
                        << "'; tag it sh (run by this test), ini, json or text");
    }
  }
}

// The README's tour, as a new user would type it: a scratch HOME with the
// files it names, a scratch folder to run in, every line in order.
BOOST_AUTO_TEST_CASE(readme_tour_runs_as_written) {
  std::vector<Block> run;
  for (const auto& b : Blocks("README.md")) {
    if (b.lang == "sh" && !b.not_run) run.push_back(b);
  }
  BOOST_REQUIRE_MESSAGE(!run.empty(), "README.md has no sh block to run");
  size_t commands = 0;
  for (const auto& b : run) commands += Commands(b).size();
  BOOST_TEST(commands >= 30u, "the tour has only " << commands << " commands");
  TempDir dir;
  auto r = RunBlocks(run, dir, dir / "work");
  BOOST_TEST(r.code == 0, "the tour fails:\n" << r.err);
  // It really ran to the end: the pack it builds last verifies.
  BOOST_TEST(fs::exists(dir / "work/acme-qms/acme-stage2.tar.gz"));
}

// doc/*.md's shell examples, per file, in a repository with one document
// filed, as the examples assume ("Acme Ltd", run from its root).
BOOST_AUTO_TEST_CASE(doc_shell_examples_run_as_written) {
  for (const auto& file : DocFiles()) {
    if (file == "README.md") continue;
    std::vector<Block> run;
    for (const auto& b : Blocks(file)) {
      if (b.lang == "sh" && !b.not_run) run.push_back(b);
    }
    if (run.empty()) continue;
    BOOST_TEST_CONTEXT(file) {
      TempDir dir;
      const std::string repo = dir / "acme-qms";
      dossier::test::DossierOk({"init", repo, "--org", "Acme Ltd"}, dir.path());
      WriteFile(dir / "policy.md", "Quality policy\n");
      dossier::test::DossierOk(
          {"add", dir / "policy.md", "--kind", "document", "--requirement", "M3"}, repo);
      auto r = RunBlocks(run, dir, repo);
      BOOST_TEST(r.code == 0, "the examples fail:\n" << r.err);
    }
  }
}

// Each ini block is a dossier.ini (or a part of one) that Dossier accepts.
BOOST_AUTO_TEST_CASE(ini_examples_are_accepted) {
  size_t checked = 0;
  for (const auto& file : DocFiles()) {
    for (const auto& b : Blocks(file)) {
      if (b.lang != "ini") continue;
      BOOST_TEST_CONTEXT(b.file << ":" << b.line) {
        dossier::test::EvidenceRepo repo;
        std::string ini;
        for (const auto& l : b.lines) ini += l + "\n";
        if (!Contains(ini, "[organisation]")) ini = "[organisation]\nname = Acme Ltd\n\n" + ini;
        WriteFile(repo.root + "/dossier.ini", ini);
        auto r = repo.Run({"readiness", "--stage", "1"});
        BOOST_TEST((r.code == 0 || r.code == 1), "refused (exit " << r.code << "): " << r.err);
        ++checked;
      }
    }
  }
  BOOST_TEST(checked >= 4u);
}

BOOST_AUTO_TEST_CASE(json_examples_parse) {
  for (const auto& file : DocFiles()) {
    for (const auto& b : Blocks(file)) {
      if (b.lang != "json") continue;
      std::string text;
      for (const auto& l : b.lines) text += l + "\n";
      boost::system::error_code ec;
      boost::json::parse(text, ec);
      BOOST_TEST(!ec, b.file << ":" << b.line << ": not JSON: " << ec.message());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
