#include "manuals.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "dossier/text.h"
#include "dossier/version.h"

namespace dossier::cli {
namespace {

const char* const kExitStatus[][2] = {
    {"0", "success; a positive answer (ready, verified)"},
    {"1", "a negative answer: not ready, an integrity failure, a pack that does not verify"},
    {"2",
     "a usage or input error, said with what was wrong and what would be valid; nothing "
     "was written"},
    {"3",
     "an operational error: a file or git failure, the repository lock held by another "
     "command"},
};

// The value name an option takes, as the usage line spells it ("--stage 1|2"
// -> "1|2"), else its name in capitals ("--due" -> "DUE").
std::string ValueName(const std::string& usage, const std::string& long_name,
                      const std::string& short_name) {
  for (const std::string& flag : {"--" + long_name, short_name}) {
    if (flag.empty()) continue;
    size_t at = 0;
    while ((at = usage.find(flag + " ", at)) != std::string::npos) {
      bool starts = at == 0 || usage[at - 1] == ' ' || usage[at - 1] == '[';
      at += flag.size() + 1;
      if (!starts) continue;
      std::string token = usage.substr(at, usage.find_first_of(" \n", at) - at);
      while (token.size() >= 3 && token.compare(token.size() - 3, 3, "...") == 0) {
        token.resize(token.size() - 3);
      }
      while (!token.empty() && token.back() == ']' &&
             std::count(token.begin(), token.end(), '[') <
                 std::count(token.begin(), token.end(), ']')) {
        token.pop_back();
      }
      if (!token.empty() && token[0] != '-' && token[0] != '[') return token;
    }
  }
  std::string upper;
  for (char c : long_name) upper += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return upper;
}

std::vector<OptionDoc> Options(const po::options_description& desc,
                               const po::positional_options_description& pos,
                               const std::string& usage) {
  std::set<std::string> positional;
  unsigned count = pos.max_total_count();
  for (unsigned i = 0; i < count && i < 16; ++i) positional.insert(pos.name_for_position(i));
  std::vector<OptionDoc> out;
  for (const auto& o : desc.options()) {
    OptionDoc d;
    d.name = o->long_name();
    std::string shown = o->canonical_display_name(po::command_line_style::allow_dash_for_short);
    if (shown.size() == 2 && shown[0] == '-') d.short_name = shown;
    d.description = o->description();
    const auto& semantic = *o->semantic();
    if (semantic.max_tokens() > 0) {
      d.value = ValueName(usage, d.name, d.short_name);
      std::string param = semantic.name();  // "arg (=iso9001-2015)"
      auto eq = param.find("(=");
      if (eq != std::string::npos && param.back() == ')') {
        d.description += " (default: " + param.substr(eq + 2, param.size() - eq - 3) + ")";
      }
    }
    d.repeatable = dynamic_cast<const po::typed_value<std::vector<std::string>>*>(&semantic);
    d.positional = positional.count(d.name) > 0;
    if (d.positional) {
      d.value = d.name;
      std::transform(d.value.begin(), d.value.end(), d.value.begin(),
                     [](unsigned char c) { return c == '-' ? '_' : std::toupper(c); });
    }
    out.push_back(std::move(d));
  }
  return out;
}

// --- roff -------------------------------------------------------------------

// Text for a roff line: backslashes escaped, no leading control character,
// and an option's hyphens ("--to", "-o") minus signs, so a copied option works.
std::string Roff(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool option = c == '-' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' ||
                                     text[i - 1] == '-' || text[i - 1] == '"');
    if (c == '\\') {
      out += "\\e";
    } else if (option) {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

// A command line or option for roff: hyphens are minus signs (copyable).
std::string RoffCode(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void RoffOption(std::ostream& os, const OptionDoc& o) {
  os << ".TP\n";
  if (o.positional) os << "\\fI" << RoffCode(o.value) << "\\fR, ";
  if (!o.short_name.empty()) os << "\\fB" << RoffCode(o.short_name) << "\\fR";
  if (!o.short_name.empty() && !o.name.empty()) os << ", ";
  if (!o.name.empty()) os << "\\fB\\-\\-" << RoffCode(o.name) << "\\fR";
  if (!o.value.empty()) os << " \\fI" << RoffCode(o.value) << "\\fR";
  os << "\n" << Roff(o.description);
  if (o.positional) os << "; may be given without the option name";
  if (o.repeatable) os << "; may be given more than once";
  os << "\n";
}

void RoffHeader(std::ostream& os, const std::string& page, const std::string& summary) {
  os << ".\\\" Generated by `dossier help --man`: do not edit.\n"
     << ".TH " << RoffCode(Upper(page)) << " 1 \"\" \"dossier " << DOSSIER_VERSION
     << "\" \"Dossier Manual\"\n"
     << ".SH NAME\n"
     << RoffCode(page) << " \\- " << Roff(summary) << "\n";
}

// The lines of `c`'s usage that are its own: a usage may also show another
// form ("pack" shows "pack verify"), which that form's own usage gives.
std::vector<std::string> UsageLines(const CommandDoc& c, const std::vector<CommandDoc>& all) {
  auto starts = [](const std::string& line, const std::string& name) {
    const std::string prefix = "dossier " + name;
    return line.rfind(prefix, 0) == 0 &&
           (line.size() == prefix.size() || line[prefix.size()] == ' ');
  };
  std::vector<std::string> out;
  std::istringstream lines("dossier " + c.usage);
  std::string line;
  while (std::getline(lines, line)) {
    line.erase(0, line.find_first_not_of(' '));
    bool other = false;
    for (const auto& o : all) {
      other = other || (o.name.size() > c.name.size() && starts(line, o.name));
    }
    if (starts(line, c.name) && !other) out.push_back(line);
  }
  return out;
}

void RoffSynopsis(std::ostream& os, const std::vector<CommandDoc>& commands) {
  os << ".SH SYNOPSIS\n.nf\n";
  for (const auto& c : commands) {
    for (const auto& line : UsageLines(c, commands)) os << RoffCode(line) << "\n";
  }
  os << ".fi\n";
}

void RoffExitStatus(std::ostream& os) {
  os << ".SH EXIT STATUS\n";
  for (const auto& e : kExitStatus) os << ".TP\n.B " << e[0] << "\n" << Roff(e[1]) << "\n";
}

// --- describing -------------------------------------------------------------

Catalogue Describe(const ToolDoc& tool, const Command& command) {
  Catalogue cat;
  std::ostream null(nullptr);
  auto run = [&](std::vector<std::string> args) {
    Invocation inv(std::move(args), null, null, GlobalOptions{}, "/");
    inv.describe = &cat;
    inv.command = command.name;
    command.run(inv);
  };
  run({});
  if (cat.commands.size() == 1 && cat.commands[0].name == command.name) {
    cat.commands[0].summary = command.summary;
  }
  for (const auto& h : tool.hidden_forms) {
    if (std::string(h.command) != command.name) continue;
    run({h.argument});
    Summarise(cat, std::string(h.command) + " " + h.argument, h.summary);
  }
  // The common options' value names, as the tool's usage line spells them.
  for (auto& o : cat.common) {
    if (!o.value.empty()) o.value = ValueName(tool.synopsis, o.name, o.short_name);
  }
  if (cat.commands.empty()) {
    Fail(Error::Operational(std::string("dossier ") + command.name + " did not describe itself"));
  }
  return cat;
}

const Command* Find(const ToolDoc& tool, const std::string& name) {
  for (const auto& c : *tool.commands) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

bool Documented(const Command& c) { return std::string(c.name) != "help"; }

std::vector<OptionDoc> CommonOptions(const ToolDoc& tool) {
  for (const auto& c : *tool.commands) {
    if (Documented(c)) return Describe(tool, c).common;
  }
  return {};
}

// The group's sub-command word for a recorded name ("finding open" -> "open").
std::string SubName(const CommandDoc& d) {
  auto sp = d.name.find(' ');
  return sp == std::string::npos ? "" : d.name.substr(sp + 1);
}

// --- man pages --------------------------------------------------------------

void ToolPage(std::ostream& os, const ToolDoc& tool) {
  RoffHeader(os, "dossier", "ISO 9001 evidence in git, and readiness for certification");
  os << ".SH SYNOPSIS\n.nf\n" << RoffCode("dossier " + tool.synopsis) << "\n.fi\n";
  os << ".SH DESCRIPTION\n";
  std::istringstream about(tool.about);
  std::string line;
  while (std::getline(about, line)) os << Roff(line) << "\n";
  os << ".PP\nEach command has its own page: "
     << "\\fBman dossier\\-\\fR\\fICOMMAND\\fR, or \\fBdossier help\\fR \\fICOMMAND\\fR.\n";
  os << ".SH COMMANDS\n";
  for (const auto& c : *tool.commands) {
    os << ".TP\n.B " << RoffCode(c.name) << "\n" << Roff(c.summary);
    if (Documented(c)) os << " (\\fBdossier\\-" << RoffCode(c.name) << "\\fR(1))";
    os << "\n";
  }
  os << ".SH OPTIONS\nBefore the command; the common options may also follow it.\n";
  for (const auto& o : tool.top_level) RoffOption(os, o);
  for (const auto& o : CommonOptions(tool)) RoffOption(os, o);
  RoffExitStatus(os);
  os << ".SH SEE ALSO\n";
  std::string sep;
  for (const auto& c : *tool.commands) {
    if (!Documented(c)) continue;
    os << sep << ".BR dossier\\-" << RoffCode(c.name) << " (1)";
    sep = ",\n";
  }
  os << ",\n.BR git (1)\n";
}

void CommandPage(std::ostream& os, const ToolDoc& tool, const Command& command) {
  Catalogue cat = Describe(tool, command);
  const bool group = cat.commands.size() > 1 || cat.commands[0].name != command.name;
  RoffHeader(os, std::string("dossier-") + command.name, command.summary);
  RoffSynopsis(os, cat.commands);
  os << ".SH DESCRIPTION\n"
     << Roff(std::string("dossier ") + command.name + ": " + command.summary + ".") << "\n";
  if (group) {
    os << "Each command below takes its own options and the common options.\n"
       << ".SH COMMANDS\n";
    for (const auto& c : cat.commands) {
      os << ".SS \"" << RoffCode("dossier " + c.name) << "\"\n" << Roff(c.summary) << ".\n";
      os << ".PP\n.nf\n";
      for (const auto& line : UsageLines(c, cat.commands)) os << RoffCode(line) << "\n";
      os << ".fi\n";
      for (const auto& o : c.options) RoffOption(os, o);
    }
  } else {
    os << ".SH OPTIONS\n";
    for (const auto& o : cat.commands[0].options) RoffOption(os, o);
  }
  os << ".SH COMMON OPTIONS\n";
  for (const auto& o : cat.common) RoffOption(os, o);
  RoffExitStatus(os);
  os << ".SH SEE ALSO\n.BR dossier (1)\n";
}

// --- completion -------------------------------------------------------------

// Whether an option's value is a file or folder, by its value name
// ("FILE.tar|.tar.gz|.zip", "KEY.pem", "DIR"): completion offers paths.
bool TakesPath(const OptionDoc& o) {
  std::string value = o.value;
  for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : {"file", "path", "dir", "pem", "key", ".tar", ".zip"}) {
    if (value.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string Words(const std::vector<OptionDoc>& options, bool values_only, bool paths_only) {
  std::string out;
  for (const auto& o : options) {
    if (values_only && o.value.empty()) continue;
    if (paths_only && !TakesPath(o)) continue;
    if (!o.short_name.empty()) out += (out.empty() ? "" : " ") + o.short_name;
    if (!o.name.empty()) out += (out.empty() ? "--" : " --") + o.name;
  }
  return out;
}

// A word list for a bash case arm or a zsh array, single-quoted.
std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct Completed {
  std::string name;  // "add", "finding open", "pack verify"
  std::vector<OptionDoc> options;
  bool arguments = false;  // takes bare arguments
};

struct Model {
  std::vector<OptionDoc> top;  // before the command: top-level and common
  std::vector<OptionDoc> common;
  std::vector<std::pair<std::string, std::string>> commands;  // name, summary
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> groups;
  std::map<std::string, std::vector<std::string>> hidden;  // command -> argument words
  std::vector<Completed> forms;
};

Model Build(const ToolDoc& tool) {
  Model m;
  m.common = CommonOptions(tool);
  m.top = tool.top_level;
  m.top.insert(m.top.end(), m.common.begin(), m.common.end());
  for (const auto& c : *tool.commands) {
    m.commands.emplace_back(c.name, c.summary);
    if (!Documented(c)) continue;
    Catalogue cat = Describe(tool, c);
    for (const auto& d : cat.commands) {
      Completed f{d.name, d.options, false};
      for (const auto& o : d.options) f.arguments = f.arguments || o.positional;
      f.options.insert(f.options.end(), cat.common.begin(), cat.common.end());
      m.forms.push_back(std::move(f));
      bool hidden = false;
      for (const auto& h : tool.hidden_forms) {
        if (d.name == std::string(h.command) + " " + h.argument) {
          m.hidden[h.command].push_back(h.argument);
          hidden = true;
        }
      }
      if (!hidden && d.name != c.name) m.groups[c.name].emplace_back(SubName(d), d.summary);
    }
  }
  return m;
}

// The first of each (name, summary) pair.
std::vector<std::string> Names(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::vector<std::string> out;
  for (const auto& p : pairs) out.push_back(p.first);
  return out;
}

void Bash(std::ostream& os, const ToolDoc& tool) {
  Model m = Build(tool);
  std::string commands, globals_with_value;
  commands = Join(Names(m.commands), " ");
  for (const auto& o : m.top) {
    if (o.value.empty()) continue;
    if (!o.short_name.empty()) globals_with_value += o.short_name + "|";
    if (!o.name.empty()) globals_with_value += "--" + o.name + "|";
  }
  globals_with_value.pop_back();
  os << "# bash completion for dossier. Generated by `dossier help --completion bash`: do not "
        "edit.\n"
     << "_dossier() {\n"
     << "  local line=${COMP_LINE:0:COMP_POINT} cur= prev= cmd= key= i cmdi=0\n"
     << "  local -a words\n"
     << "  read -ra words <<< \"$line\"\n"
     << "  if [[ $line != *[[:space:]] ]]; then cur=${words[${#words[@]}-1]}; "
        "unset 'words[${#words[@]}-1]'; fi\n"
     << "  prev=${words[${#words[@]}-1]}\n"
     << "  for ((i = 1; i < ${#words[@]}; i++)); do\n"
     << "    case ${words[i]} in\n"
     << "      " << globals_with_value << ") ((i++)) ;;\n"
     << "      -*) ;;\n"
     << "      *) cmd=${words[i]}; cmdi=$i; break ;;\n"
     << "    esac\n"
     << "  done\n"
     << "  local opts= vopts= popts= subs= hidden= args=1\n"
     << "  if [[ -z $cmd ]]; then\n"
     << "    opts=" << Quote(Words(m.top, false, false)) << "\n"
     << "    vopts=" << Quote(Words(m.top, true, false)) << "\n"
     << "    popts=" << Quote(Words(m.top, true, true)) << "\n"
     << "    args=0\n"
     << "  else\n"
     << "    key=$cmd\n"
     << "    case $cmd in\n";
  for (const auto& [group, subs] : m.groups) {
    os << "      " << group << ") subs=" << Quote(Join(Names(subs), " ")) << " ;;\n";
  }
  for (const auto& [command, words] : m.hidden) {
    os << "      " << command << ") hidden=" << Quote(Join(words, " ")) << " ;;\n";
  }
  os << "    esac\n"
     << "    if [[ -n $subs ]]; then\n"
     << "      if ((cmdi + 1 == ${#words[@]})); then\n"
     << "        COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
     << "        return\n"
     << "      fi\n"
     << "      key=\"$cmd ${words[cmdi+1]}\"\n"
     << "    elif [[ -n $hidden ]] && ((cmdi + 1 < ${#words[@]})) && "
        "[[ \" $hidden \" == *\" ${words[cmdi+1]} \"* ]]; then\n"
     << "      key=\"$cmd ${words[cmdi+1]}\"\n"
     << "    fi\n"
     << "    case $key in\n"
     << "      help) COMPREPLY=($(compgen -W " << Quote(commands) << " -- \"$cur\")); return ;;\n";
  for (const auto& f : m.forms) {
    os << "      \"" << f.name << "\") opts=" << Quote(Words(f.options, false, false))
       << "; vopts=" << Quote(Words(f.options, true, false))
       << "; popts=" << Quote(Words(f.options, true, true)) << "; args=" << (f.arguments ? 1 : 0)
       << " ;;\n";
  }
  os << "      *) return ;;\n"
     << "    esac\n"
     << "  fi\n"
     << "  if [[ $prev == -C ]]; then\n"
     << "    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")); return\n"
     << "  elif [[ \" $popts \" == *\" $prev \"* ]]; then\n"
     << "    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\")); return\n"
     << "  elif [[ \" $vopts \" == *\" $prev \"* ]]; then\n"
     << "    return\n"
     << "  fi\n"
     << "  if [[ -z $cmd && $cur != -* ]]; then\n"
     << "    COMPREPLY=($(compgen -W " << Quote(commands) << " -- \"$cur\"))\n"
     << "  elif [[ $cur == -* ]]; then\n"
     << "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
     << "  else\n"
     << "    COMPREPLY=()\n"
     << "    if [[ -n $hidden && $key == \"$cmd\" ]] && ((cmdi + 1 == ${#words[@]})); then\n"
     << "      COMPREPLY=($(compgen -W \"$hidden\" -- \"$cur\"))\n"
     << "    fi\n"
     << "    if [[ $args == 1 ]]; then\n"
     << "      compopt -o filenames 2>/dev/null\n"
     << "      COMPREPLY+=($(compgen -f -- \"$cur\"))\n"
     << "    else\n"
     << "      COMPREPLY+=($(compgen -W \"$opts\" -- \"$cur\"))\n"
     << "    fi\n"
     << "  fi\n"
     << "}\n"
     << "complete -F _dossier dossier\n";
}

// An _arguments description or message: brackets and colons escaped.
std::string ZshText(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string ZshSpecs(const std::vector<OptionDoc>& options, const std::string& indent) {
  std::string out;
  for (const auto& o : options) {
    std::vector<std::string> names;
    if (!o.short_name.empty()) names.push_back(o.short_name);
    if (!o.name.empty()) names.push_back("--" + o.name);
    std::string exclusion;
    if (!o.repeatable && names.size() > 1) exclusion = "(" + names[0] + " " + names[1] + ")";
    for (const auto& n : names) {
      std::string spec = o.repeatable ? "*" : exclusion;
      spec += n;
      if (!o.value.empty()) spec += n.size() == 2 ? "+" : "=";
      spec += "[" + ZshText(o.description) + "]";
      if (!o.value.empty()) {
        spec += ":" + ZshText(o.value) + ":";
        if (n == "-C") {
          spec += "_files -/";
        } else if (TakesPath(o)) {
          spec += "_files";
        }
      }
      out += indent + Quote(spec) + " \\\n";
    }
  }
  return out;
}

std::string ZshDescribe(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out;
  for (const auto& [name, summary] : items) out += " " + Quote(name + ":" + summary);
  return out;
}

void Zsh(std::ostream& os, const ToolDoc& tool) {
  Model m = Build(tool);
  auto form = [&](const std::string& name) -> const Completed* {
    for (const auto& f : m.forms) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  auto arguments = [&](const Completed& f, const std::string& indent, const std::string& extra) {
    std::string out = indent + "_arguments -s \\\n" + ZshSpecs(f.options, indent + "  ");
    if (!extra.empty()) out += indent + "  " + extra + " \\\n";
    if (f.arguments) out += indent + "  '*:argument:_files' \\\n";
    out += indent + "  && ret=0\n";
    return out;
  };
  os << "#compdef dossier\n"
     << "# zsh completion for dossier. Generated by `dossier help --completion zsh`: do not "
        "edit.\n"
     << "_dossier() {\n"
     << "  local curcontext=$curcontext state state_descr line ret=1\n"
     << "  typeset -A opt_args\n"
     << "  _arguments -C \\\n"
     << ZshSpecs(m.top, "    ") << "    '1:command:->command' \\\n"
     << "    '*::argument:->argument' && ret=0\n"
     << "  case $state in\n"
     << "    command)\n"
     << "      local -a commands=(" << ZshDescribe(m.commands) << ")\n"
     << "      _describe -t commands 'dossier command' commands && ret=0\n"
     << "      ;;\n"
     << "    argument)\n"
     << "      curcontext=${curcontext%:*:*}:dossier-$words[1]:\n"
     << "      case $words[1] in\n"
     << "        help)\n"
     << "          local -a commands=(" << ZshDescribe(m.commands) << ")\n"
     << "          _describe -t commands 'dossier command' commands && ret=0\n"
     << "          ;;\n";
  for (const auto& [name, summary] : m.commands) {
    if (name == "help") continue;
    os << "        " << name << ")\n";
    auto group = m.groups.find(name);
    auto hidden = m.hidden.find(name);
    if (group != m.groups.end()) {
      os << "          if (( CURRENT == 2 )); then\n"
         << "            local -a subs=(" << ZshDescribe(group->second) << ")\n"
         << "            _describe -t commands 'dossier " << name << " command' subs && ret=0\n"
         << "          else\n"
         << "            shift words; (( CURRENT-- ))\n"
         << "            case $words[1] in\n";
      for (const auto& sub : group->second) {
        os << "              " << sub.first << ")\n"
           << arguments(*form(name + " " + sub.first), "                ", "")
           << "                ;;\n";
      }
      os << "            esac\n"
         << "          fi\n";
    } else if (hidden != m.hidden.end()) {
      const std::string words = Join(hidden->second, " ");
      os << "          if [[ CURRENT -gt 2 && \" " << words << " \" == *\" $words[2] \"* ]]; then\n"
         << "            shift words; (( CURRENT-- ))\n"
         << "            case $words[1] in\n";
      for (const auto& w : hidden->second) {
        os << "              " << w << ")\n"
           << arguments(*form(name + " " + w), "                ", "") << "                ;;\n";
      }
      os << "            esac\n"
         << "          else\n"
         << arguments(*form(name), "            ", Quote("1::form:(" + words + ")"))
         << "          fi\n";
    } else {
      os << arguments(*form(name), "          ", "");
    }
    os << "          ;;\n";
  }
  os << "      esac\n"
     << "      ;;\n"
     << "  esac\n"
     << "  return ret\n"
     << "}\n"
     << "_dossier \"$@\"\n";
}

}  // namespace

void Record(Catalogue& catalogue, const std::string& name, const std::string& usage,
            const po::options_description& desc, const po::positional_options_description& pos,
            const po::options_description& common) {
  catalogue.commands.push_back(CommandDoc{name, "", usage, Options(desc, pos, usage)});
  catalogue.common = Options(common, {}, "");
}

void Summarise(Catalogue& catalogue, const std::string& name, const std::string& summary) {
  for (auto& c : catalogue.commands) {
    if (c.name == name) c.summary = summary;
  }
}

bool IsManualsFlag(const std::string& arg) {
  return arg == "--man" || arg == "--completion" || arg == "--commands";
}

int RunManuals(Invocation& inv, const ToolDoc& tool) {
  const std::string flag = inv.args[0];
  const std::vector<std::string> rest(inv.args.begin() + 1, inv.args.end());
  std::ostringstream os;
  if (flag == "--commands" && rest.empty()) {
    for (const auto& c : *tool.commands) {
      if (Documented(c)) os << c.name << "\n";
    }
  } else if (flag == "--man" && rest.empty()) {
    ToolPage(os, tool);
  } else if (flag == "--man" && rest.size() == 1) {
    const Command* c = Find(tool, rest[0]);
    if (!c || !Documented(*c)) Usage("help --man: no such command '" + rest[0] + "'");
    CommandPage(os, tool, *c);
  } else if (flag == "--completion" && rest.size() == 1 && rest[0] == "bash") {
    Bash(os, tool);
  } else if (flag == "--completion" && rest.size() == 1 && rest[0] == "zsh") {
    Zsh(os, tool);
  } else {
    Usage("usage: dossier help --commands | --man [COMMAND] | --completion bash|zsh");
  }
  inv.out << os.str();
  return 0;
}

}  // namespace dossier::cli
