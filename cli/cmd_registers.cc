// register list | show | import | add | update | export; due (doc/registers.md)
#include "cli.h"
#include "dossier/due.h"
#include "dossier/json_documents.h"
#include "dossier/registers.h"

namespace dossier::cli {
namespace {

char Delimiter(const po::variables_map& vm) {
  const std::string d = Opt(vm, "delimiter");
  if (d.empty()) return 0;
  if (d == "," || d == "comma") return ',';
  if (d == ";" || d == "semicolon") return ';';
  if (d == "tab" || d == "\t") return '\t';
  Usage("--delimiter is , ; or tab, not \"" + d + "\"");
}

void PrintChange(Invocation& inv, const RegisterChange& ch, bool dry_run) {
  if (inv.global.json) {
    inv.out << RegisterChangeJson(ch, dry_run);
    return;
  }
  size_t added = 0, changed = 0, removed = 0;
  for (const auto& c : ch.changes) {
    added += c.change == "added";
    changed += c.change == "changed";
    removed += c.change == "removed";
    inv.out << "  " << c.change << " " << c.key << "\n";
    for (const auto& f : c.fields) inv.out << "      " << f << "\n";
  }
  inv.out << (dry_run     ? "would change "
              : ch.commit ? "changed "
                          : "no change to ")
          << ch.path << ": " << added << " added, " << changed << " changed, " << removed
          << " removed, " << ch.unchanged << " unchanged; " << ch.rows << " row(s)"
          << (dry_run ? " (dry run: nothing written)" : "") << "\n";
}

int RegisterList(Invocation& inv) {
  po::options_description desc("register list options");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "register list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  if (inv.global.json) {
    inv.out << RegistersJson(snap);
    return 0;
  }
  for (const auto& k : snap.register_kinds) {
    const Register* r = snap.FindRegister(k.id);
    std::string id = k.id;
    inv.out << id << std::string(id.size() < 15 ? 15 - id.size() : 1, ' ')
            << (r ? std::to_string(r->rows.size()) + " row(s)" : std::string("-")) << "\t"
            << k.title << " (" << Join(k.clauses, ", ")
            << (k.requirements.empty() ? "" : "; " + Join(k.requirements, ", ")) << ")\n";
  }
  return 0;
}

int RegisterShow(Invocation& inv) {
  po::options_description desc("register show options");
  desc.add_options()("kind", po::value<std::string>(), "the register");
  po::positional_options_description pos;
  pos.add("kind", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "register show KIND [--json]")) return 0;
  if (!vm.count("kind")) Usage("register show needs a KIND (see dossier register list)");
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  const RegisterKind* k = Check(FindKind(snap, Opt(vm, "kind")));
  const Register* r = snap.FindRegister(k->id);
  if (inv.global.json) {
    inv.out << RegisterJson(*k, r);
    return 0;
  }
  inv.out << k->title << " (" << k->id << ", " << (r ? r->path : "no rows yet") << ")\n";
  if (!r) return 0;
  for (const auto& row : r->rows) {
    std::vector<std::string> parts;
    for (const auto& c : k->columns) {
      const std::string v = row.Get(c.name);
      if (!v.empty()) parts.push_back(c.name + "=" + OneLine(v));
    }
    inv.out << "  " << Join(parts, "  ") << "\n";
  }
  return 0;
}

int RegisterImport(Invocation& inv) {
  po::options_description desc("register import options");
  desc.add_options()("kind", po::value<std::string>(), "the register")(
      "file", po::value<std::string>(), "the CSV file")(
      "map", po::value<std::vector<std::string>>()->composing(),
      "\"Header in the file=column\" (repeatable; \"Header=-\" leaves a column out)")(
      "date-format", po::value<std::string>(),
      "YYYY-MM-DD (default), DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY")(
      "delimiter", po::value<std::string>(), ", ; or tab (default: detected)")(
      "replace", "rows of the register not in the file are removed")(
      "dry-run", "validate and show what would change; write nothing");
  po::positional_options_description pos;
  pos.add("kind", 1).add("file", 1);
  po::variables_map vm;
  const std::string usage =
      "register import KIND FILE.csv [--map \"Header=column\"]... [--date-format DD/MM/YYYY] "
      "[--delimiter ;] [--replace] [--dry-run]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("kind") || !vm.count("file")) Usage("usage: dossier " + usage);
  ImportOptions o;
  o.kind = Opt(vm, "kind");
  o.file = Opt(vm, "file");
  o.cwd = inv.cwd;
  o.mappings = Repeated(vm, "map");
  o.date_format = Opt(vm, "date-format");
  o.delimiter = Delimiter(vm);
  o.replace = vm.count("replace") > 0;
  o.dry_run = vm.count("dry-run") > 0;
  RegisterChange ch = Check(ImportRegister(inv.Repo(), inv.MakeContext(), o));
  PrintChange(inv, ch, o.dry_run);
  return 0;
}

int RegisterAdd(Invocation& inv) {
  po::options_description desc("register add options");
  desc.add_options()("kind", po::value<std::string>(), "the register")(
      "set", po::value<std::vector<std::string>>()->composing(), "COLUMN=VALUE (repeatable)")(
      "date-format", po::value<std::string>(), "how dates are written (default YYYY-MM-DD)");
  po::positional_options_description pos;
  pos.add("kind", 1);
  po::variables_map vm;
  const std::string usage = "register add KIND --set COLUMN=VALUE...";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("kind") || !vm.count("set")) Usage("usage: dossier " + usage);
  RegisterChange ch = Check(AddRegisterRow(inv.Repo(), inv.MakeContext(), Opt(vm, "kind"),
                                           Repeated(vm, "set"), Opt(vm, "date-format")));
  PrintChange(inv, ch, false);
  return 0;
}

int RegisterUpdate(Invocation& inv) {
  po::options_description desc("register update options");
  desc.add_options()("kind", po::value<std::string>(), "the register")(
      "key", po::value<std::string>(), "the row's key (key values joined by \" / \")")(
      "set", po::value<std::vector<std::string>>()->composing(), "COLUMN=VALUE (repeatable)")(
      "date-format", po::value<std::string>(), "how dates are written (default YYYY-MM-DD)");
  po::positional_options_description pos;
  pos.add("kind", 1).add("key", 1);
  po::variables_map vm;
  const std::string usage = "register update KIND KEY --set COLUMN=VALUE...";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("kind") || !vm.count("key")) Usage("usage: dossier " + usage);
  RegisterChange ch =
      Check(UpdateRegisterRow(inv.Repo(), inv.MakeContext(), Opt(vm, "kind"), Opt(vm, "key"),
                              Repeated(vm, "set"), Opt(vm, "date-format")));
  PrintChange(inv, ch, false);
  return 0;
}

int RegisterExport(Invocation& inv) {
  po::options_description desc("register export options");
  desc.add_options()("kind", po::value<std::string>(), "the register")(
      "output,o", po::value<std::string>(), "write to FILE instead of standard output")(
      "date-format", po::value<std::string>(), "how dates are written (default YYYY-MM-DD)")(
      "delimiter", po::value<std::string>(), ", (default), ; or tab");
  po::positional_options_description pos;
  pos.add("kind", 1);
  po::variables_map vm;
  const std::string usage =
      "register export KIND [-o FILE] [--date-format DD/MM/YYYY] [--delimiter ;]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("kind")) Usage("usage: dossier " + usage);
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  const std::string csv =
      Check(ExportRegister(snap, Opt(vm, "kind"), Delimiter(vm), Opt(vm, "date-format")));
  if (vm.count("output")) {
    std::string path = Opt(vm, "output");
    if (path.empty()) Usage("-o needs a file name");
    if (path[0] != '/') path = inv.cwd + "/" + path;
    WriteOutputFile(path, csv);
    inv.out << "exported the " << Lower(Opt(vm, "kind")) << " register to " << Opt(vm, "output")
            << "\n";
  } else {
    inv.out << csv;
  }
  return 0;
}

}  // namespace

int RunRegister(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"list", "the register kinds, with the rows each register holds", RegisterList},
      {"show", "the rows of a register", RegisterShow},
      {"import", "import rows from a spreadsheet's CSV export, validated", RegisterImport},
      {"add", "add a row", RegisterAdd},
      {"update", "change a row", RegisterUpdate},
      {"export", "the register as CSV for a spreadsheet", RegisterExport},
  };
  return RunSubcommand(inv, kTable, "register");
}

int RunDue(Invocation& inv) {
  po::options_description desc("due options");
  desc.add_options()(
      "within", po::value<std::string>(),
      "only what falls due within this period from today (default 30d; \"all\": everything)")(
      "format", po::value<std::string>(), "text (default), json or ics")(
      "output,o", po::value<std::string>(), "write to FILE instead of standard output");
  po::positional_options_description pos;
  po::variables_map vm;
  const std::string usage = "due [--within 30d|all] [--format text|json|ics] [-o FILE]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  std::optional<Period> within = Period(30, Period::Unit::kDays);
  if (vm.count("within")) {
    const std::string w = Opt(vm, "within");
    if (w == "all") {
      within.reset();
    } else {
      auto p = Period::Parse(w, "--within");
      if (!p) Usage(p.error().message() + " (or \"all\")");
      within = *p;
    }
  }
  std::string format = vm.count("format") ? Opt(vm, "format") : inv.global.json ? "json" : "text";
  if (format != "text" && format != "json" && format != "ics") {
    Usage("--format is text, json or ics, not \"" + format + "\"");
  }
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  DueReport r = CollectDue(snap, inv.Today(), within);
  std::string text;
  if (format == "ics") {
    text = RenderIcs(r, snap.config.organisation);
  } else if (format == "json") {
    text = DueJson(r);
    if (!vm.count("output")) {
      inv.out << text;
      return 0;
    }
  } else {
    size_t overdue = 0;
    for (const auto& i : r.items) overdue += i.overdue;
    std::ostringstream os;
    os << r.items.size() << " item(s) due "
       << (r.within ? "by " + r.within->After(r.today).ToString() : std::string("in all")) << ", "
       << overdue << " overdue, as of " << r.today.ToString() << "\n";
    for (const auto& i : r.items) {
      os << i.date.ToString() << (i.overdue ? "  OVERDUE  " : "  ") << i.what
         << (i.owner.empty() ? "" : "  [" + i.owner + "]") << "\n";
    }
    text = os.str();
  }
  if (vm.count("output")) {
    std::string path = Opt(vm, "output");
    if (path.empty()) Usage("-o needs a file name");
    if (path[0] != '/') path = inv.cwd + "/" + path;
    WriteOutputFile(path, text);
    inv.out << r.items.size() << " item(s) due written to " << Opt(vm, "output") << "\n";
  } else {
    inv.out << text;
  }
  return 0;
}

}  // namespace dossier::cli
