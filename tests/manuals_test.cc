// The man pages and shell completion generated from the command table and the
// option descriptions (cli/manuals.cc): the files built beside the binary are
// what the binary generates now, every option --help shows is in the man page
// and offered by completion, and the pages render without roff warnings.
#define BOOST_TEST_MODULE manuals
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::Dossier;
using dossier::test::ReadFile;
using dossier::test::Run;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

using Names = std::set<std::string>;

std::string Manuals() {
  return (fs::path(DOSSIER_BIN).parent_path().parent_path() / "manuals").string();
}

// The output of a dossier command that must succeed; each asked once.
std::string Ok(const std::vector<std::string>& args) {
  static std::map<std::vector<std::string>, std::string> seen;
  auto it = seen.find(args);
  if (it != seen.end()) return it->second;
  RunResult r = Dossier(args, "/");
  BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier " << args[0] << "...: " << r.err);
  return seen[args] = r.out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> Commands() { return Lines(Ok({"help", "--commands"})); }

// The long options a --help lists ("  --clause arg", "  -o [ --output ] arg").
Names HelpOptions(const std::string& help) {
  static const std::regex kOption("^  (?:-[A-Za-z] \\[ )?--([a-z0-9-]+)");
  Names out;
  for (const auto& line : Lines(help)) {
    std::smatch m;
    if (std::regex_search(line, m, kOption)) out.insert(m[1]);
  }
  return out;
}

// The sub-commands a group's --help lists.
std::vector<std::string> HelpSubcommands(const std::string& help) {
  std::vector<std::string> out;
  bool in = false;
  for (const auto& line : Lines(help)) {
    if (line == "commands:") {
      in = true;
    } else if (in && line.size() > 2 && line[2] != ' ') {
      out.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return out;
}

// The long options of the .TP entries in `roff`.
Names ManOptions(const std::string& roff) {
  static const std::regex kOption("\\\\fB\\\\-\\\\-([a-z0-9\\\\-]+)\\\\fR");
  Names out;
  auto lines = Lines(roff);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i] != ".TP") continue;
    std::smatch m;
    if (!std::regex_search(lines[i + 1], m, kOption)) continue;
    out.insert(std::regex_replace(m[1].str(), std::regex("\\\\-"), "-"));
  }
  return out;
}

// The text of a page between `from` and the next line starting with `until`.
std::string Section(const std::string& roff, const std::string& from, const std::string& until) {
  auto at = roff.find("\n" + from + "\n");
  if (at == std::string::npos) return "";
  at += from.size() + 2;
  auto end = roff.find("\n" + until, at);
  return roff.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// What the generated bash completion offers for each command line in
// `lines` (the cursor at its end), run in `cwd`: one bash for them all.
std::vector<Names> CompleteAll(const std::vector<std::string>& lines,
                               const std::string& cwd = "/") {
  const std::string script = "source '" + Manuals() +
                             "/completions/dossier'\n"
                             "for COMP_LINE; do\n"
                             "  COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _dossier\n"
                             "  printf '%s\\n' \"${COMPREPLY[@]}\" '--end--'\n"
                             "done\n";
  std::vector<std::string> argv = {"bash", "-c", script, "bash"};
  argv.insert(argv.end(), lines.begin(), lines.end());
  RunResult r = Run(argv, cwd);
  BOOST_REQUIRE_MESSAGE(r.code == 0 && r.err.empty(), r.err);
  std::vector<Names> out(1);
  for (const auto& w : Lines(r.out)) {
    if (w == "--end--") {
      out.emplace_back();
    } else if (!w.empty()) {
      out.back().insert(w);
    }
  }
  out.pop_back();
  BOOST_REQUIRE_EQUAL(out.size(), lines.size());
  return out;
}

std::string Show(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return "{" + out + "}";
}

Names LongOnly(const Names& words) {
  Names out;
  for (const auto& w : words) {
    if (w.rfind("--", 0) == 0) out.insert(w.substr(2));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manuals)

BOOST_AUTO_TEST_CASE(built_files_are_what_the_binary_generates) {
  const std::string dir = Manuals();
  BOOST_TEST(ReadFile(dir + "/man1/dossier.1") == Ok({"help", "--man"}));
  auto commands = Commands();
  BOOST_TEST(commands.size() >= 20u);
  for (const auto& c : commands) {
    BOOST_TEST(ReadFile(dir + "/man1/dossier-" + c + ".1") == Ok({"help", "--man", c}), c);
  }
  BOOST_TEST(ReadFile(dir + "/completions/dossier") == Ok({"help", "--completion", "bash"}));
  BOOST_TEST(ReadFile(dir + "/completions/_dossier") == Ok({"help", "--completion", "zsh"}));
  // No page for a command that no longer exists.
  size_t pages = 0;
  for (const auto& e : fs::directory_iterator(dir + "/man1")) pages += e.path().extension() == ".1";
  BOOST_TEST(pages == commands.size() + 1);
}

BOOST_AUTO_TEST_CASE(the_tool_page_lists_every_command_and_global_option) {
  const std::string page = Ok({"help", "--man"});
  for (const auto& line : Lines(Ok({"--help"}))) {
    if (line.size() > 2 && line.rfind("  ", 0) == 0 && line[2] != ' ') {
      std::string name = line.substr(2, line.find(' ', 2) - 2);
      BOOST_TEST(Contains(page, ".TP\n.B " + name + "\n"), name);
    }
  }
  // Everything the usage line names, and what `dossier --version` and -C do.
  Names options = ManOptions(page);
  for (const char* o : {"as-of", "at", "json", "quiet", "wait", "author", "help", "version"}) {
    BOOST_TEST(options.count(o) == 1u, o);
  }
  BOOST_TEST(Contains(page, "\\fB\\-C\\fR \\fIDIR\\fR"));
  BOOST_TEST(Contains(page, ".SH EXIT STATUS"));
  BOOST_TEST(Contains(page, ".BR dossier\\-readiness (1)"));
}

BOOST_AUTO_TEST_CASE(every_option_of_help_is_in_the_man_page) {
  for (const auto& c : Commands()) {
    const std::string page = Ok({"help", "--man", c});
    const Names common = ManOptions(Section(page, ".SH COMMON OPTIONS", ".SH"));
    BOOST_TEST(common.count("as-of") == 1u, c);
    BOOST_TEST(Contains(page, ".SH NAME\ndossier\\-" + c + " \\- "), c);
    const std::string help = Ok({c, "--help"});
    if (help.rfind("usage: dossier " + c + " <command>", 0) == 0) {
      auto subs = HelpSubcommands(help);
      BOOST_TEST(!subs.empty(), c);
      for (const auto& s : subs) {
        std::string roff;  // a hyphen is \- in roff
        for (char ch : s) roff += ch == '-' ? std::string("\\-") : std::string(1, ch);
        const std::string title = ".SS \"dossier " + c + " " + roff + "\"";
        BOOST_TEST(Contains(page, title + "\n"), c << " " << s);
        Names man = ManOptions(Section(page, title, ".S"));
        man.insert(common.begin(), common.end());
        BOOST_TEST(man == HelpOptions(Ok({c, s, "--help"})), c << " " << s);
      }
    } else if (Contains(page, ".SH COMMANDS")) {
      // A command with a form reached by an argument ("pack verify").
      std::regex title("\n\\.SS \"dossier ([a-z ]+)\"\n");
      size_t forms = 0;
      for (std::sregex_iterator it(page.begin(), page.end(), title), end; it != end; ++it) {
        std::string form = (*it)[1];
        Names man = ManOptions(Section(page, it->str().substr(1, it->str().size() - 2), ".S"));
        man.insert(common.begin(), common.end());
        std::vector<std::string> args;
        std::istringstream words(form);
        for (std::string w; words >> w;) args.push_back(w);
        args.push_back("--help");
        BOOST_TEST(man == HelpOptions(Ok(args)),
                   form << ": man " << Show(man) << ", --help " << Show(HelpOptions(Ok(args))));
        ++forms;
      }
      BOOST_TEST(forms >= 2u, c);
    } else {
      Names man = ManOptions(Section(page, ".SH OPTIONS", ".SH"));
      man.insert(common.begin(), common.end());
      BOOST_TEST(man == HelpOptions(help), c);
      BOOST_TEST(Contains(page, ".SH SYNOPSIS\n.nf\ndossier " + c), c);
    }
  }
  // pack verify is documented on dossier-pack(1).
  BOOST_TEST(Contains(Ok({"help", "--man", "pack"}), ".SS \"dossier pack verify\""));
}

BOOST_AUTO_TEST_CASE(pages_render_without_roff_warnings) {
  for (const auto& entry : fs::directory_iterator(Manuals() + "/man1")) {
    const std::string path = entry.path().string();
    RunResult r = Run({"groff", "-man", "-Tutf8", "-ww", "-z", path}, "/");
    BOOST_TEST(r.code == 0, path);
    BOOST_TEST(r.err.empty(), path << ": " << r.err);
  }
}

BOOST_AUTO_TEST_CASE(bash_completion_offers_commands_subcommands_and_options) {
  // Each command line, and what completion must offer (long options compared
  // by name when `options_only`).
  struct Case {
    std::string line;
    Names expected;
    bool options_only = false;
  };
  std::vector<Case> cases = {
      {"dossier fi", {"finding"}},
      {"dossier -C /tmp --as-of 2026-01-01 rea", {"readiness"}},
      {"dossier help rev", {"review"}},
      {"dossier --js", {"--json"}},
      {"dossier pack ver", {"verify"}},
      {"dossier pack verify --", HelpOptions(Ok({"pack", "verify", "--help"})), true},
  };
  for (const auto& c : Commands()) {
    const std::string help = Ok({c, "--help"});
    if (help.rfind("usage: dossier " + c + " <command>", 0) == 0) {
      auto subs = HelpSubcommands(help);
      cases.push_back({"dossier " + c + " ", Names(subs.begin(), subs.end())});
      for (const auto& s : subs) {
        cases.push_back(
            {"dossier " + c + " " + s + " --", HelpOptions(Ok({c, s, "--help"})), true});
      }
    } else {
      cases.push_back({"dossier --quiet " + c + " --", HelpOptions(help), true});
    }
  }
  // Paths where the command takes them, nothing where it takes a date.
  TempDir dir;
  WriteFile(dir / "policy.pdf", "x");
  cases.push_back({"dossier add pol", {"policy.pdf"}});
  cases.push_back({"dossier pack --stage 1 -o pol", {"policy.pdf"}});
  cases.push_back({"dossier pack verify x.tar --pubkey pol", {"policy.pdf"}});
  cases.push_back({"dossier finding open --due ", {}});
  std::vector<std::string> lines;
  for (const auto& c : cases) lines.push_back(c.line);
  auto got = CompleteAll(lines, dir.path());
  for (size_t i = 0; i < cases.size(); ++i) {
    Names offered = cases[i].options_only ? LongOnly(got[i]) : got[i];
    BOOST_TEST(offered == cases[i].expected, "'" << cases[i].line << "': offered " << Show(offered)
                                                 << ", expected " << Show(cases[i].expected));
  }
}

BOOST_AUTO_TEST_CASE(zsh_completion_is_valid_and_complete) {
  const std::string file = Manuals() + "/completions/_dossier";
  const std::string zsh = ReadFile(file);
  BOOST_TEST(zsh.rfind("#compdef dossier\n", 0) == 0u);
  RunResult r = Run({"zsh", "-n", file}, "/");
  BOOST_TEST(r.code == 0, r.err);
  for (const auto& c : Commands()) {
    BOOST_TEST(Contains(zsh, "\n        " + c + ")\n"), c);
    const std::string help = Ok({c, "--help"});
    std::vector<std::vector<std::string>> forms;
    if (help.rfind("usage: dossier " + c + " <command>", 0) == 0) {
      for (const auto& s : HelpSubcommands(help)) forms.push_back({c, s, "--help"});
    } else {
      forms.push_back({c, "--help"});
    }
    for (const auto& f : forms) {
      for (const auto& o : HelpOptions(Ok(f))) {
        BOOST_TEST((Contains(zsh, "--" + o + "[") || Contains(zsh, "--" + o + "=[")),
                   f[0] << " --" << o);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_generator_misused_is_a_usage_error) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"help", "--man", "lsit"},
                                             {"help", "--completion", "fish"},
                                             {"help", "--completion"},
                                             {"help", "--man", "add", "list"}}) {
    RunResult r = Dossier(args, "/");
    BOOST_TEST(r.code == 2, args[2]);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(!r.err.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
