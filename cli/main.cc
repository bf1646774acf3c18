// dossier: the command table and dispatcher. Everything else is in the
// library or in one file per command group.
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "cli.h"
#include "dossier/version.h"
#include "manuals.h"
#include "terminal.h"

namespace dossier::cli {
namespace {

int RunHelp(Invocation& inv);

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", "create an evidence repository (or adopt a git repository)", RunInit},
      {"add", "file documents and records as evidence", RunAdd},
      {"link", "file external evidence (a URL) with a captured snapshot", RunLink},
      {"approve", "approve a document as it is now", RunApprove},
      {"list", "list artifacts", RunList},
      {"show", "show one artifact", RunShow},
      {"status", "evidence files not filed, changed or missing", RunStatus},
      {"verify", "recompute every SHA-256; exit 1 on any mismatch", RunVerify},
      {"log", "the audit trail: who did what, when", RunLog},
      {"clauses", "the checklist's clauses with the evidence serving each", RunClauses},
      {"scope", "declare clauses not applicable, or applicable again", RunScope},
      {"finding", "audit findings from raised to closed", RunFinding},
      {"audit", "the internal audit programme", RunAudit},
      {"certification", "the certification body's audits of the three-year cycle",
       RunCertification},
      {"review", "management reviews", RunReview},
      {"objective", "quality objectives and their measurements", RunObjective},
      {"doc", "document control: draft, review, approve, withdraw revisions", RunDoc},
      {"retention", "how long documents and records are kept, and what then", RunRetention},
      {"register", "the registers kept as tables: training, suppliers, calibration...",
       RunRegister},
      {"due", "what falls due: actions, reviews, measurements, audits, registers", RunDue},
      {"readiness", "ready for Stage 1 / Stage 2? with the reasons", RunReadiness},
      {"diff", "what changed between two revisions", RunDiff},
      {"pack", "build or verify an evidence pack for the auditor", RunPack},
      {"keygen", "create a key: an approver's (--person), or one for signing packs", RunKeygen},
      {"key", "approvers' keys registered in the repository: list, revoke", RunKey},
      {"sync", "fetch, merge and push the evidence with a shared git remote", RunSync},
      {"help", "help on a command", RunHelp},
  };
  return kCommands;
}

const char kSynopsis[] =
    "[-C DIR] [--as-of DATE] [--at REV] [--json] [--quiet] [--wait SECONDS] <command> [args]";
const char kAbout[] =
    "Dossier keeps an organisation's ISO 9001 evidence in a git repository and tells\n"
    "whether it is ready for its certification audits.\n";

// For the man pages and completion (manuals.h): what Main parses itself.
ToolDoc Tool() {
  ToolDoc tool;
  tool.commands = &Commands();
  tool.hidden_forms = {
      {"pack", "verify", "verify an evidence pack offline: its files' SHA-256 and its signature"}};
  tool.synopsis = kSynopsis;
  tool.about = kAbout;
  tool.top_level = {
      {"", "-C", "DIR", "run as if started in DIR (relative paths given to the command too)"},
      {"version", "", "", "print dossier's version and exit"},
  };
  return tool;
}

void PrintUsage(std::ostream& os) {
  os << "usage: dossier " << kSynopsis << "\n\n" << kAbout << "\ncommands:\n";
  for (const auto& c : Commands()) {
    std::string name = c.name;
    os << "  " << name << std::string(name.size() < 11 ? 11 - name.size() : 1, ' ') << c.summary
       << "\n";
  }
  os << "\n'dossier help COMMAND' or 'dossier COMMAND --help' shows a command's options.\n";
}

int RunHelp(Invocation& inv) {
  if (inv.args.empty()) {
    PrintUsage(inv.out);
    return 0;
  }
  if (IsManualsFlag(inv.args[0])) return RunManuals(inv, Tool());
  std::vector<std::string> rest(inv.args.begin() + 1, inv.args.end());
  rest.push_back("--help");
  for (const auto& c : Commands()) {
    if (inv.args[0] == c.name && std::strcmp(c.name, "help") != 0) {
      inv.args = rest;
      inv.command = c.name;
      return c.run(inv);
    }
  }
  std::vector<std::string> names;
  for (const auto& c : Commands()) names.emplace_back(c.name);
  UnknownCommand(inv.args[0], names, "", "see dossier --help");
}

// glibc's malloc backs its heap with transparent huge pages only when told so
// at start-up (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), and the kernel's usual
// policy ("madvise") gives them to nothing else. A command that reads every
// artifact allocates some hundred MB of small objects; with 4 KiB pages each
// page costs a fault, which on a virtual machine is an expensive exit: a
// quarter of readiness's time at 100,000 artifacts (bench/RESULTS.md). Such
// a command therefore starts itself again, once, with the tunable set. Pages
// of 2 MiB round the peak memory up by 2-7 MB, so `list` and `clauses`, whose
// bound at that size is memory, not time, do not. `verify` does only in a
// large repository (LargeRepository): on 2,000 large files the restart's
// ~20 ms is 8% of its time and saves no fault, at 100,000 small ones the
// faults it saves are a fifth of its CPU time. Nor does any command
// when the user set GLIBC_TUNABLES (theirs stands), DOSSIER_HUGE_PAGES=0, the
// kernel gives no huge pages, or a sanitizer owns malloc. The restarted
// process takes the tunable out of its environment again, so that git, ssh
// and hooks it runs see the user's.
constexpr const char* kHugePages = "glibc.malloc.hugetlb=1";
constexpr const char* kRestarted = "DOSSIER_RESTARTED_FOR_HUGE_PAGES";

// True in the restarted process.
bool ForgetRestart() {
  if (!::getenv(kRestarted)) return false;
  const char* tunables = ::getenv("GLIBC_TUNABLES");
  if (tunables && std::strcmp(tunables, kHugePages) == 0) ::unsetenv("GLIBC_TUNABLES");
  ::unsetenv(kRestarted);
  return true;
}

// Whether the repository `cwd` lies in holds many artifacts: its artifacts'
// entity index (.git/dossier-index-artifacts, some 350 bytes an artifact)
// is 4 MiB or more (over 10,000 artifacts). A guess that decides a restart
// only, never an answer: the first .git found going up is the repository's,
// and one that is not a folder (a linked worktree) or holds no index counts
// as small.
bool LargeRepository(const std::string& cwd) {
  constexpr off_t kLarge = off_t{4} << 20;
  for (std::string dir = cwd;;) {
    struct stat st;
    if (::stat((dir + "/.git").c_str(), &st) == 0) {
      return S_ISDIR(st.st_mode) &&
             ::stat((dir + "/.git/dossier-index-artifacts").c_str(), &st) == 0 &&
             st.st_size >= kLarge;
    }
    const size_t slash = dir.rfind('/');
    if (slash == std::string::npos || slash == 0) return false;
    dir.resize(slash);
  }
}

void RestartWithHugePages(const std::string& command, const std::string& cwd, char** argv) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return;
#endif
  static const char* const kWholeRepository[] = {"status", "readiness", "diff", "pack"};
  if (std::none_of(std::begin(kWholeRepository), std::end(kWholeRepository),
                   [&](const char* c) { return command == c; }) &&
      !(command == "verify" && LargeRepository(cwd)))
    return;
  if (::getenv("GLIBC_TUNABLES")) return;
  if (const char* v = ::getenv("DOSSIER_HUGE_PAGES"); v && std::strcmp(v, "0") == 0) return;
  std::ifstream policy("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  if (!std::getline(policy, line) || line.find("[never]") != std::string::npos) return;
  ::setenv("GLIBC_TUNABLES", kHugePages, 1);
  ::setenv(kRestarted, "1", 1);
  ::execv("/proc/self/exe", argv);
  // Not restarted (no /proc): go on as is.
  ::unsetenv("GLIBC_TUNABLES");
  ::unsetenv(kRestarted);
}

int Main(int argc, char** argv) {
  const bool restarted = ForgetRestart();
  GlobalOptions global;
  std::vector<std::string> args(argv + 1, argv + argc);
  size_t i = 0;
  auto value = [&](const std::string& opt) -> std::string {
    const std::string& a = args[i];
    if (a.size() > opt.size() && a[opt.size()] == '=') return a.substr(opt.size() + 1);
    if (a.size() > opt.size() && opt == "-C") return a.substr(2);
    if (i + 1 >= args.size()) Usage(opt + " needs a value");
    return args[++i];
  };
  auto is = [&](const std::string& opt) {
    const std::string& a = args[i];
    return a == opt || a.rfind(opt + "=", 0) == 0 || (opt == "-C" && a.rfind("-C", 0) == 0);
  };
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.empty() || a[0] != '-') break;
    if (is("-C")) {
      std::string dir = value("-C");
      global.dir = global.dir.empty() || dir[0] == '/' ? dir : global.dir + "/" + dir;
      continue;
    }
    const GlobalOption* option = nullptr;
    for (const auto& o : GlobalOptionTable()) {
      const std::string long_name = std::string("--") + o.name;
      if (o.value_name ? is(long_name) : a == long_name) option = &o;
      if (o.short_name && a == std::string("-") + o.short_name) option = &o;
    }
    if (option) {
      option->apply(global, option->value_name ? value(std::string("--") + option->name) : "");
    } else if (a == "--help" || a == "-h") {
      PrintUsage(std::cout);
      return 0;
    } else if (a == "--version") {
      std::cout << "dossier " << DOSSIER_VERSION << "\n";
      return 0;
    } else {
      Usage("unknown option " + a + " (see dossier --help)");
    }
  }
  if (i == args.size()) {
    PrintUsage(std::cerr);
    return 2;
  }
  char buf[PATH_MAX];
  std::string cwd = ::getcwd(buf, sizeof buf) ? buf : ".";
  if (!global.dir.empty() && global.dir[0] != '/') global.dir = cwd + "/" + global.dir;
  if (!global.dir.empty()) {
    // As in git, -C DIR runs the command as if started in DIR: relative paths
    // given to it are relative to DIR.
    char real[PATH_MAX];
    if (::realpath(global.dir.c_str(), real)) global.dir = real;
    cwd = global.dir;
  }
  const std::string name = args[i];
  std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
  for (const auto& c : Commands()) {
    if (name == c.name) {
      if (!restarted) RestartWithHugePages(name, cwd, argv);
      Invocation inv(rest, std::cout, std::cerr, global, cwd);
      inv.command = name;
      return c.run(inv);
    }
  }
  std::vector<std::string> names;
  for (const auto& c : Commands()) names.emplace_back(c.name);
  UnknownCommand(name, names, "", "see dossier --help");
}

}  // namespace
}  // namespace dossier::cli

int main(int argc, char** argv) {
  // Everything printed, errors included, is escaped on its way out: titles
  // and notes committed with plain git, and the bad input an error echoes,
  // must not drive the terminal (doc/architecture.md, hostile text).
  dossier::cli::EscapedStandardStreams escaped;
  int code;
  try {
    code = dossier::cli::Main(argc, argv);
  } catch (const dossier::cli::Failure& f) {
    std::cout.flush();
    std::cerr << "error: " << f.error.message() << "\n";
    return f.error.exit_code();
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << "\n";
    return 3;
  }
  // A full disk must not turn a truncated report into a success.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "error: cannot write to standard output\n";
    return 3;
  }
  return code;
}
