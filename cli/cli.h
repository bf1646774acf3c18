// The command-line front end: a table of commands, each a function that
// parses its options, calls the library once, and renders the result to the
// streams it is given (doc/architecture.md).
#ifndef DOSSIER_CLI_CLI_H_
#define DOSSIER_CLI_CLI_H_

#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "dossier/date.h"
#include "dossier/repository.h"
#include "dossier/result.h"
#include "dossier/text.h"

namespace dossier::cli {

namespace po = boost::program_options;
namespace bj = boost::json;

// Options accepted before the command and by every command.
struct GlobalOptions {
  std::string dir;             // -C DIR
  std::optional<Date> as_of;   // --as-of
  std::string at;              // --at REV
  bool quiet = false;          // --quiet
  bool json = false;           // --json
  std::string author;          // --author "Name <email>"
  std::optional<double> wait;  // --wait SECONDS for the repository lock
};

// The options every command takes, before the command name or after it:
// one table, read by Main's loop and by Invocation::Parse (and so by the
// man pages and completion).
struct GlobalOption {
  const char* name;        // "as-of"
  char short_name;         // 'q', or 0
  const char* value_name;  // "DATE"; nullptr for a flag
  const char* help;
  // Stores the value ("" for a flag); a bad value is a usage error.
  void (*apply)(GlobalOptions& global, const std::string& value);
};
const std::vector<GlobalOption>& GlobalOptionTable();

// Thrown inside the CLI only (never across the library) to end a command
// with an Error; main() prints it and exits with its code.
struct Failure {
  Error error;
};

class Catalogue;  // manuals.h

class Invocation {
 public:
  Invocation(std::vector<std::string> args, std::ostream& out, std::ostream& err,
             GlobalOptions global, std::string cwd)
      : args(std::move(args)), out(out), err(err), global(std::move(global)), cwd(std::move(cwd)) {}

  std::vector<std::string> args;  // after the command name
  std::ostream& out;
  std::ostream& err;
  GlobalOptions global;
  std::string cwd;

  // The command's name as typed, for usage messages ("finding open").
  std::string command;

  // Parses `args` against `desc` plus the global options. Prints help and
  // returns false for --help; throws Failure on a usage error.
  bool Parse(const po::options_description& desc, const po::positional_options_description& pos,
             po::variables_map& vm, const std::string& usage);

  // The evidence repository at -C DIR or the current directory.
  Repository& Repo();
  // Today (or --as-of), the author, and a progress reporter for terminals.
  Context MakeContext() const;
  Date Today() const;

  // When set, the command is being described for the man pages and shell
  // completion (manuals.cc): Parse records its usage and options here and
  // returns false as for --help, so the command does nothing.
  Catalogue* describe = nullptr;

 private:
  std::optional<Repository> repo_;
};

// Ends the command with `e`.
[[noreturn]] void Fail(const Error& e);
[[noreturn]] void Usage(const std::string& message);
// The value of a Result, or Fail with its error.
template <typename T>
T Check(Result<T> r) {
  if (!r) Fail(r.error());
  return std::move(*r);
}
inline void Check(const Status& s) {
  if (!s.ok()) Fail(s.error());
}

// Parses --wait's value (seconds); a bad one is a usage error.
double ParseWaitOption(const std::string& value);
// Parses a date option value; a bad one is a usage error naming the option.
Date ParseDateOption(const std::string& value, const std::string& option);
std::optional<Date> OptionalDate(const po::variables_map& vm, const std::string& option);
// The value of a string option, or "" when it was not given.
std::string Opt(const po::variables_map& vm, const char* name);
// The values of a repeatable string option, as given.
std::vector<std::string> Repeated(const po::variables_map& vm, const char* name);
// The values of a repeatable option, each possibly a comma list, as one list.
std::vector<std::string> Many(const po::variables_map& vm, const char* name);
// Splits "a,b, c" into items; empty items dropped.
std::vector<std::string> SplitCommas(const std::string& s);
// Writes `content` to `path` (a report, an export) through a temporary file
// in the same folder and a rename, so a reader never sees half of it; a
// failure ends the command (exit 3) with nothing left at `path.tmp`.
void WriteOutputFile(const std::string& path, const std::string& content);
// Where approvers' private keys are kept and looked for:
// $XDG_CONFIG_HOME/dossier/keys, else ~/.config/dossier/keys ("" without HOME).
std::string KeyDir();

using CommandFn = int (*)(Invocation&);
struct Command {
  const char* name;
  const char* summary;
  CommandFn run;
};

// The usage error for a command name not in `names`: "'NAME' is not a
// dossier WHAT command", a "did you mean" when one is close, and `hint`.
[[noreturn]] void UnknownCommand(const std::string& name, const std::vector<std::string>& names,
                                 const std::string& what, const std::string& hint);

// Runs a group's sub-command ("finding open" -> table entry "open").
int RunSubcommand(Invocation& inv, const std::vector<Command>& table, const std::string& group);

// The command groups, one per file.
int RunInit(Invocation& inv);
int RunAdd(Invocation& inv);
int RunLink(Invocation& inv);
int RunApprove(Invocation& inv);
int RunList(Invocation& inv);
int RunShow(Invocation& inv);
int RunStatus(Invocation& inv);
int RunVerify(Invocation& inv);
int RunLog(Invocation& inv);
int RunClauses(Invocation& inv);
int RunScope(Invocation& inv);
int RunFinding(Invocation& inv);        // cmd_findings.cc
int RunAudit(Invocation& inv);          // cmd_audits.cc
int RunCertification(Invocation& inv);  // cmd_audits.cc
int RunReview(Invocation& inv);         // cmd_reviews.cc
int RunObjective(Invocation& inv);      // cmd_objectives.cc
int RunReadiness(Invocation& inv);      // cmd_readiness.cc
int RunDiff(Invocation& inv);           // cmd_readiness.cc
int RunPack(Invocation& inv);           // cmd_pack.cc ("pack" and "pack verify")
int RunKeygen(Invocation& inv);         // cmd_keys.cc
int RunKey(Invocation& inv);            // cmd_keys.cc
int RunSync(Invocation& inv);           // cmd_sync.cc
int RunDoc(Invocation& inv);            // cmd_documents.cc
int RunRetention(Invocation& inv);      // cmd_documents.cc
int RunRegister(Invocation& inv);       // cmd_registers.cc
int RunDue(Invocation& inv);            // cmd_registers.cc

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_CLI_H_
