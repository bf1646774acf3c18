// Man pages and shell completion written from the command table and the
// option descriptions (Boost.Program_options) themselves, so they cannot drift
// from --help. The hidden `dossier help --commands | --man [COMMAND] |
// --completion bash|zsh` print them; cli/CMakeLists.txt runs them after each
// link and cmake/install.cmake installs the result.
#ifndef DOSSIER_CLI_MANUALS_H_
#define DOSSIER_CLI_MANUALS_H_

#include <string>
#include <vector>

#include "cli.h"

namespace dossier::cli {

struct OptionDoc {
  std::string name;         // the long name: "clause"
  std::string short_name;   // "-o", or empty
  std::string value;        // what it takes ("DATE"); empty for a switch
  std::string description;  // as --help prints it, with its default
  bool repeatable = false;  // may be given more than once
  bool positional = false;  // may also be given as a bare argument
};

struct CommandDoc {
  std::string name;     // "finding open"
  std::string summary;  // from the command table
  std::string usage;    // as --help prints it, after "dossier "
  std::vector<OptionDoc> options;
};

// What describing a command collected (Invocation::describe).
class Catalogue {
 public:
  std::vector<CommandDoc> commands;  // one, or one per sub-command, in table order
  std::vector<OptionDoc> common;     // accepted by every command
};

// Called by Invocation::Parse in describe mode.
void Record(Catalogue& catalogue, const std::string& name, const std::string& usage,
            const po::options_description& desc, const po::positional_options_description& pos,
            const po::options_description& common);
// Sets the summary of the recorded command `name` (sub-commands' come from their table).
void Summarise(Catalogue& catalogue, const std::string& name, const std::string& summary);

// A command reached by an argument but not listed in a sub-command table
// ("pack verify").
struct HiddenForm {
  const char* command;
  const char* argument;
  const char* summary;
};

// What main.cc knows about the tool as a whole.
struct ToolDoc {
  const std::vector<Command>* commands;
  std::vector<HiddenForm> hidden_forms;
  std::string synopsis;              // the usage line after "dossier "
  std::string about;                 // the paragraph --help prints
  std::vector<OptionDoc> top_level;  // options accepted only before the command (-C, --version)
};

// `dossier help --commands | --man [COMMAND] | --completion bash|zsh`, with
// inv.args[0] the generator's flag. Unknown commands and shells are usage errors.
int RunManuals(Invocation& inv, const ToolDoc& tool);
// Whether `arg` is one of the generators' flags.
bool IsManualsFlag(const std::string& arg);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_MANUALS_H_
