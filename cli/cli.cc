#include "cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "dossier/config.h"
#include "dossier/json.h"
#include "dossier/text.h"
#include "manuals.h"
#include "terminal.h"

namespace dossier::cli {

[[noreturn]] void Fail(const Error& e) { throw Failure{e}; }
[[noreturn]] void Usage(const std::string& message) { throw Failure{Error::Input(message)}; }

Date ParseDateOption(const std::string& value, const std::string& option) {
  auto d = Date::Parse(value, option);
  if (!d) Fail(d.error());
  return *d;
}

double ParseWaitOption(const std::string& value) {
  auto seconds = ParseSeconds(value);
  if (!seconds) Usage("--wait: " + seconds.error().message());
  return *seconds;
}

std::optional<Date> OptionalDate(const po::variables_map& vm, const std::string& option) {
  if (!vm.count(option)) return std::nullopt;
  return ParseDateOption(vm[option].as<std::string>(), "--" + option);
}

std::string Opt(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::string>() : std::string();
}

std::vector<std::string> Repeated(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>();
}

std::vector<std::string> Many(const po::variables_map& vm, const char* name) {
  std::vector<std::string> out;
  for (const auto& v : Repeated(vm, name)) {
    for (auto& item : SplitList(v)) out.push_back(std::move(item));
  }
  return out;
}

std::vector<std::string> SplitCommas(const std::string& s) { return SplitList(s); }

void WriteOutputFile(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      Fail(Error::Operational("cannot write " + path));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    Fail(Error::Operational("cannot write " + path));
  }
}

const std::vector<GlobalOption>& GlobalOptionTable() {
  static const std::vector<GlobalOption> kTable = {
      {"json", 0, nullptr, "machine-readable output (JSON)",
       [](GlobalOptions& g, const std::string&) { g.json = true; }},
      {"as-of", 0, "DATE", "the date to act or report as of (YYYY-MM-DD, UTC)",
       [](GlobalOptions& g, const std::string& v) { g.as_of = ParseDateOption(v, "--as-of"); }},
      {"at", 0, "REV", "read the repository as it was at a git revision",
       [](GlobalOptions& g, const std::string& v) { g.at = v; }},
      {"quiet", 'q', nullptr, "no progress on stderr",
       [](GlobalOptions& g, const std::string&) { g.quiet = true; }},
      {"author", 0, "\"NAME <EMAIL>\"", "who acts: \"Name <email>\" (default: git config)",
       [](GlobalOptions& g, const std::string& v) { g.author = v; }},
      {"wait", 0, "SECONDS",
       "seconds to wait for another command changing the repository (default 10)",
       [](GlobalOptions& g, const std::string& v) { g.wait = ParseWaitOption(v); }},
  };
  return kTable;
}

[[noreturn]] void UnknownCommand(const std::string& name, const std::vector<std::string>& names,
                                 const std::string& what, const std::string& hint) {
  Usage("'" + name + "' is not a dossier " + (what.empty() ? "" : what + " ") + "command" +
        DidYouMean(name, names) + " (" + hint + ")");
}

bool Invocation::Parse(const po::options_description& desc,
                       const po::positional_options_description& pos, po::variables_map& vm,
                       const std::string& usage) {
  po::options_description common("Common options");
  common.add_options()("help,h", "show this help");
  for (const auto& o : GlobalOptionTable()) {
    const std::string spec =
        o.short_name ? std::string(o.name) + "," + o.short_name : std::string(o.name);
    if (o.value_name) {
      common.add_options()(spec.c_str(), po::value<std::string>(), o.help);
    } else {
      common.add_options()(spec.c_str(), o.help);
    }
  }
  if (describe) {
    Record(*describe, command, usage, desc, pos, common);
    return false;
  }
  po::options_description all;
  all.add(desc).add(common);
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    Usage(std::string(e.what()) + " (usage: dossier " + usage + "; see dossier " + command +
          " --help)");
  }
  if (vm.count("help")) {
    out << "usage: dossier " << usage << "\n\n" << desc << "\n" << common;
    return false;
  }
  for (const auto& o : GlobalOptionTable()) {
    if (vm.count(o.name)) o.apply(global, o.value_name ? vm[o.name].as<std::string>() : "");
  }
  return true;
}

Repository& Invocation::Repo() {
  if (!repo_) {
    std::string dir = global.dir.empty() ? cwd : global.dir;
    repo_.emplace(Check(Repository::Discover(dir)));
  }
  return *repo_;
}

Date Invocation::Today() const {
  if (global.as_of) return *global.as_of;
  return Date::FromUnixSeconds(static_cast<int64_t>(::time(nullptr)));
}

Context Invocation::MakeContext() const {
  Context ctx;
  ctx.today = Today();
  ctx.lock_wait_seconds = global.wait;
  if (!global.author.empty()) {
    const std::string& a = global.author;
    auto lt = a.find('<');
    auto gt = a.find('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
      ctx.author_name = a.substr(0, lt);
      while (!ctx.author_name.empty() && ctx.author_name.back() == ' ') ctx.author_name.pop_back();
      ctx.author_email = a.substr(lt + 1, gt - lt - 1);
    } else {
      ctx.author_name = a;
      ctx.author_email = "";
    }
    if (ctx.author_name.empty()) Usage("--author needs a name: \"Name <email>\"");
    Check(CheckTexts({{"--author", ctx.author_name}, {"--author", ctx.author_email}}));
  }
  if (!global.quiet && ::isatty(STDERR_FILENO)) ctx.progress = WriteProgress;
  return ctx;
}

std::string KeyDir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x == '/') {
    return std::string(x) + "/dossier/keys";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::string(home) + "/.config/dossier/keys";
  }
  return "";
}

int RunSubcommand(Invocation& inv, const std::vector<Command>& table, const std::string& group) {
  auto list = [&](std::ostream& os) {
    os << "usage: dossier " << group << " <command> [options]\n\ncommands:\n";
    for (const auto& c : table) {
      os << "  " << c.name
         << std::string(12 - std::min<size_t>(11, std::string(c.name).size()), ' ') << c.summary
         << "\n";
    }
  };
  if (inv.describe) {
    for (const auto& c : table) {
      inv.command = group + " " + c.name;
      c.run(inv);
      Summarise(*inv.describe, inv.command, c.summary);
    }
    return 0;
  }
  if (inv.args.empty() || inv.args[0] == "--help" || inv.args[0] == "-h" || inv.args[0] == "help") {
    if (inv.args.empty()) {
      list(inv.err);
      return 2;
    }
    list(inv.out);
    return 0;
  }
  std::string name = inv.args[0];
  std::vector<std::string> names;
  for (const auto& c : table) {
    names.emplace_back(c.name);
    if (name == c.name) {
      inv.args.erase(inv.args.begin());
      inv.command = group + " " + name;
      return c.run(inv);
    }
  }
  UnknownCommand(name, names, group, "commands: " + Join(names, ", "));
}

}  // namespace dossier::cli
