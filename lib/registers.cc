#include "dossier/registers.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "controlled_io.h"
#include "dossier/text.h"
#include "transaction.h"

namespace dossier {
namespace {

std::string Squash(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    else if (static_cast<unsigned char>(ch) >= 0x80)
      out += ch;
  }
  return out;
}

// The column a person means by `name`: its name, or else its title as
// written loosely (case, spaces and punctuation aside); null when none is.
const RegisterColumn* ColumnNamed(const RegisterKind& kind, const std::string& name) {
  const RegisterColumn* c = kind.Column(name);
  for (const auto& col : kind.columns) {
    if (!c && Squash(col.title) == Squash(name)) c = &col;
  }
  return c;
}

std::vector<std::string> ColumnNames(const RegisterKind& kind) {
  std::vector<std::string> names;
  for (const auto& col : kind.columns) names.push_back(col.name);
  return names;
}

// Date formats accepted on import and written on export.
const std::vector<std::string>& DateFormats() {
  static const std::vector<std::string> k = {"YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY",
                                             "DD.MM.YYYY"};
  return k;
}

Status CheckDateFormat(const std::string& f) {
  if (f.empty() || std::find(DateFormats().begin(), DateFormats().end(), f) != DateFormats().end())
    return Status::Ok();
  return Error::Input("--date-format " + f + " is not one of " + Join(DateFormats(), ", "));
}

std::optional<Date> ParseDateAs(const std::string& text, const std::string& format) {
  if (format.empty() || format == "YYYY-MM-DD") {
    auto d = Date::Parse(text);
    if (d) return *d;
    return std::nullopt;
  }
  const char sep = format[2];
  std::vector<std::string> parts;
  std::string cur;
  for (char ch : text) {
    if (ch == sep) {
      parts.push_back(cur);
      cur.clear();
    } else if (std::isdigit(static_cast<unsigned char>(ch))) {
      cur += ch;
    } else {
      return std::nullopt;
    }
  }
  parts.push_back(cur);
  if (parts.size() != 3 || parts[0].empty() || parts[0].size() > 2 || parts[1].empty() ||
      parts[1].size() > 2 || parts[2].size() != 4) {
    return std::nullopt;
  }
  int a = std::atoi(parts[0].c_str()), b = std::atoi(parts[1].c_str()),
      y = std::atoi(parts[2].c_str());
  const int day = format[0] == 'D' ? a : b;
  const int month = format[0] == 'D' ? b : a;
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, month, day);
  auto d = Date::Parse(iso);
  if (!d) return std::nullopt;
  return *d;
}

std::string FormatDate(const std::string& iso, const std::string& format) {
  if (format.empty() || format == "YYYY-MM-DD") return iso;
  auto d = Date::Parse(iso);
  if (!d) return iso;
  char buf[16];
  const char sep = format[2];
  if (format[0] == 'D') {
    std::snprintf(buf, sizeof buf, "%02u%c%02u%c%04d", d->day(), sep, d->month(), sep, d->year());
  } else {
    std::snprintf(buf, sizeof buf, "%02u%c%02u%c%04d", d->month(), sep, d->day(), sep, d->year());
  }
  return buf;
}

// Whom a person column may name: the people register, process owners,
// objective and finding owners, auditors and artifact owners. Lower-case ->
// as written. Empty: nobody is known yet, anyone is accepted.
std::map<std::string, std::string> KnownPeople(const Snapshot& snap) {
  std::map<std::string, std::string> out;
  auto add = [&](const std::string& name) {
    const std::string t = Trim(name);
    if (!t.empty()) out.emplace(Lower(t), t);
  };
  if (const Register* people = snap.FindRegister("people")) {
    for (const auto& r : people->rows) add(r.Get("person"));
  }
  for (const auto& p : snap.config.processes) add(p.owner);
  for (const auto& o : snap.objectives) add(o.owner);
  for (const auto& f : snap.findings) add(f.owner);
  for (const auto& a : snap.audits) {
    for (const auto& x : a.auditors) add(x);
  }
  for (const auto& a : snap.artifacts) add(a.owner);
  return out;
}

struct CellContext {
  const Snapshot* snap;
  std::map<std::string, std::string> people;
  std::string date_format;
  bool check_people = true;
  char delimiter = ',';
};

// The stored form of `raw` in column `c`, or what is wrong with it.
Result<std::string> Cell(const RegisterColumn& c, const std::string& raw, const CellContext& cx,
                         bool key) {
  const std::string v = c.type == ColumnType::kText ? raw : Trim(raw);
  if (v.empty()) {
    if (c.required || key) return Error::Input("is empty; the column is required");
    return std::string();
  }
  if (std::string p = TextProblem(
          v, key || c.type != ColumnType::kText ? TextForm::kLine : TextForm::kMultiLine);
      !p.empty()) {
    return Error::Input(p);
  }
  switch (c.type) {
    case ColumnType::kText:
      return v;
    case ColumnType::kDate: {
      auto d = ParseDateAs(v, cx.date_format);
      if (d) return d->ToString();
      const std::string fmt = cx.date_format.empty() ? "YYYY-MM-DD" : cx.date_format;
      std::string hint;
      if (fmt == "YYYY-MM-DD" && v.find('/') != std::string::npos) {
        hint = "; if the file writes day/month/year, give --date-format DD/MM/YYYY";
      } else if (fmt != "YYYY-MM-DD" && Date::Parse(v)) {
        hint = "; the file mixes date formats";
      }
      return Error::Input("\"" + v + "\" is not a date as " + fmt + hint);
    }
    case ColumnType::kNumber: {
      std::string n = v;
      if (n.find('.') == std::string::npos && std::count(n.begin(), n.end(), ',') == 1) {
        n[n.find(',')] = '.';  // a decimal comma
      }
      char* end = nullptr;
      std::strtod(n.c_str(), &end);
      if (n.empty() || end != n.c_str() + n.size()) {
        return Error::Input("\"" + v + "\" is not a number");
      }
      return n;
    }
    case ColumnType::kPerson: {
      if (!cx.check_people || cx.people.empty()) return v;
      auto it = cx.people.find(Lower(v));
      if (it != cx.people.end()) return it->second;
      std::vector<std::string> names;
      for (const auto& [k, name] : cx.people) names.push_back(name);
      return Error::Input("\"" + v +
                          "\" is not a known person (the people register, process "
                          "owners in dossier.ini, owners and auditors)" +
                          DidYouMean(v, names));
    }
    case ColumnType::kEnum: {
      for (const auto& value : c.values) {
        if (Lower(value) == Lower(v)) return value;
      }
      return Error::Input("\"" + v + "\" is not one of: " + Join(c.values, ", "));
    }
    case ColumnType::kClause: {
      if (cx.snap->checklist.FindClause(v)) return v;
      return Error::Input("\"" + v + "\" is not a clause of " + cx.snap->checklist.id());
    }
  }
  return v;
}

bool IsKey(const RegisterKind& k, const std::string& column) {
  return std::find(k.key.begin(), k.key.end(), column) != k.key.end();
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// The changes from `before` to `after` (both by key), for reports and commit messages.
void Diff(const RegisterKind& kind, const std::vector<RegisterRow>& before,
          const std::vector<RegisterRow>& after, RegisterChange* out) {
  std::map<std::string, const RegisterRow*> old, now;
  for (const auto& r : before) old[RowKey(kind, r)] = &r;
  for (const auto& r : after) now[RowKey(kind, r)] = &r;
  for (const auto& [key, row] : now) {
    auto it = old.find(key);
    if (it == old.end()) {
      out->changes.push_back({key, "added", {}});
      continue;
    }
    std::vector<std::string> fields;
    for (const auto& c : kind.columns) {
      const std::string a = it->second->Get(c.name), b = row->Get(c.name);
      if (a != b) {
        fields.push_back(c.name + ": " + (a.empty() ? "(empty)" : OneLine(a)) + " -> " +
                         (b.empty() ? "(empty)" : OneLine(b)));
      }
    }
    if (fields.empty()) {
      ++out->unchanged;
    } else {
      out->changes.push_back({key, "changed", fields});
    }
  }
  for (const auto& [key, row] : old) {
    if (!now.count(key)) out->changes.push_back({key, "removed", {}});
  }
  out->rows = after.size();
}

std::string CommitMessage(const std::string& what, const RegisterChange& ch) {
  size_t added = 0, changed = 0, removed = 0;
  for (const auto& c : ch.changes) {
    added += c.change == "added";
    changed += c.change == "changed";
    removed += c.change == "removed";
  }
  std::string m = "register " + ch.kind + ": " + what + ": " + std::to_string(added) + " added, " +
                  std::to_string(changed) + " changed, " + std::to_string(removed) + " removed\n";
  size_t n = 0;
  for (const auto& c : ch.changes) {
    if (++n > 200) {
      m += "\n...";
      break;
    }
    m += "\n" + c.change + " " + OneLine(c.key);
    for (const auto& f : c.fields) m += "\n  " + f;
  }
  return m;
}

Result<RegisterChange> Commit(Transaction& tx, const RegisterKind& kind,
                              const std::vector<RegisterRow>& before,
                              const std::vector<RegisterRow>& after, const std::string& what,
                              bool dry_run) {
  RegisterChange ch;
  ch.kind = kind.id;
  ch.path = std::string(layout::kRegistersDir) + "/" + kind.id + ".csv";
  Diff(kind, before, after, &ch);
  if (dry_run || ch.changes.empty()) return ch;
  tx.Write(ch.path, EncodeRegister(kind, after));
  auto commit = tx.Commit(CommitMessage(what, ch));
  if (!commit) return commit.error();
  ch.commit = *commit;
  return ch;
}

std::vector<RegisterRow> RowsOf(const Snapshot& snap, const std::string& kind) {
  const Register* r = snap.FindRegister(kind);
  return r ? r->rows : std::vector<RegisterRow>{};
}

}  // namespace

Result<const RegisterKind*> FindKind(const Snapshot& snap, const std::string& kind) {
  if (const RegisterKind* k = snap.FindRegisterKind(Lower(Trim(kind)))) return k;
  std::vector<std::string> ids;
  for (const auto& k : snap.register_kinds) ids.push_back(k.id);
  return Error::Input("no register kind \"" + kind + "\"" + DidYouMean(kind, ids) +
                      "; the kinds: " + Join(ids, ", ") +
                      " (an organisation adds its own in dossier/register-kinds/)");
}

Result<RegisterChange> ImportRegister(Repository& repo, const Context& ctx,
                                      const ImportOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckDateFormat(o.date_format));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--map", o.mappings));
  const std::string full = !o.file.empty() && o.file[0] == '/' ? o.file : o.cwd + "/" + o.file;
  std::ifstream in(full, std::ios::binary);
  if (!in) return Error::Input(o.file + ": cannot read the file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::string name = o.file;
  if (!TextProblem(text, TextForm::kMultiLine).empty() && text.find('\0') != std::string::npos) {
    return Error::Input(name + " is not a CSV text file (save the spreadsheet as CSV UTF-8)");
  }
  auto records = ParseCsv(text, name, o.delimiter);
  if (!records) return records.error();
  if (records->empty()) return Error::Input(name + " is empty: no header row");

  // Decide under the lock, against the repository as it is.
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto kind_r = FindKind(snap, o.kind);
  if (!kind_r) return kind_r.error();
  const RegisterKind& kind = **kind_r;

  std::vector<std::string> problems;
  // Header mapping.
  std::map<std::string, std::string> mapped;  // lower header -> column or "-"
  for (const auto& m : o.mappings) {
    const size_t eq = m.rfind('=');
    if (eq == std::string::npos) {
      problems.push_back("--map \"" + m +
                         "\": write it HEADER=COLUMN (or HEADER=- to leave the "
                         "file's column out)");
      continue;
    }
    const std::string header = Trim(m.substr(0, eq)), column = Trim(m.substr(eq + 1));
    std::string target = column;
    if (column != "-") {
      const RegisterColumn* c = ColumnNamed(kind, column);
      if (!c) {
        problems.push_back("--map \"" + m + "\": " + kind.id + " has no column \"" + column +
                           "\"; its columns: " + Join(ColumnNames(kind), ", "));
        continue;
      }
      target = c->name;
    }
    mapped[Lower(header)] = target;
  }
  const auto& header = records->front().fields;
  std::vector<const RegisterColumn*> column_of(header.size(), nullptr);
  std::map<std::string, size_t> index_of;
  std::set<std::string> used_maps;
  for (size_t j = 0; j < header.size(); ++j) {
    const std::string h = Trim(header[j]);
    auto mit = mapped.find(Lower(h));
    const RegisterColumn* c = nullptr;
    if (mit != mapped.end()) {
      used_maps.insert(mit->first);
      if (mit->second == "-") continue;
      c = kind.Column(mit->second);
    } else {
      for (const auto& col : kind.columns) {
        if (!c && (Squash(col.name) == Squash(h) || Squash(col.title) == Squash(h))) c = &col;
      }
    }
    if (!c) {
      std::vector<std::string> titles;
      for (const auto& col : kind.columns) titles.push_back(col.title + " (" + col.name + ")");
      problems.push_back(
          "column " + std::to_string(j + 1) + " \"" + h + "\" matches no column of the " + kind.id +
          " register; map it with --map \"" + h + "=COLUMN\" or leave it out with --map \"" + h +
          "=-\" (columns: " + Join(titles, ", ") + ")");
      continue;
    }
    if (index_of.count(c->name)) {
      problems.push_back("columns \"" + header[index_of[c->name]] + "\" and \"" + h +
                         "\" both map to " + c->name);
      continue;
    }
    index_of[c->name] = j;
    column_of[j] = c;
  }
  for (const auto& [h, target] : mapped) {
    if (!used_maps.count(h)) problems.push_back("--map: the file has no column \"" + h + "\"");
  }
  for (const auto& c : kind.columns) {
    if ((c.required || IsKey(kind, c.name)) && !index_of.count(c.name)) {
      problems.push_back("the file has no column for \"" + c.title + "\" (" + c.name +
                         "), which every row of the " + kind.id + " register needs");
    }
  }
  if (!problems.empty()) {
    return Error::Input(name + ": the header does not fit the " + kind.id + " register (" +
                        kind.title + "); nothing was imported:\n  " + Join(problems, "\n  "));
  }

  CellContext cx{&snap, KnownPeople(snap), o.date_format, kind.id != "people", ','};
  std::vector<RegisterRow> rows;
  std::map<std::string, size_t> key_row;
  for (size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& rec = (*records)[i];
    const std::string where = "row " + std::to_string(i + 1) +
                              (rec.line != i + 1 ? " (line " + std::to_string(rec.line) + ")" : "");
    bool blank = true;
    for (const auto& f : rec.fields) blank = blank && Trim(f).empty();
    if (blank) continue;
    if (rec.fields.size() > header.size()) {
      bool extra = false;
      for (size_t j = header.size(); j < rec.fields.size(); ++j)
        extra = extra || !Trim(rec.fields[j]).empty();
      if (extra) {
        problems.push_back(where + ": " + std::to_string(rec.fields.size()) +
                           " cells, the header has " + std::to_string(header.size()) +
                           " (a separator inside a value that is not quoted?)");
        continue;
      }
    }
    RegisterRow row;
    for (const auto& c : kind.columns) {
      auto it = index_of.find(c.name);
      if (it == index_of.end()) continue;
      const std::string raw = it->second < rec.fields.size() ? rec.fields[it->second] : "";
      auto v = Cell(c, raw, cx, IsKey(kind, c.name));
      if (!v) {
        problems.push_back(
            where + ", column \"" + Trim(header[it->second]) + "\"" +
            (Squash(header[it->second]) == Squash(c.name) ? "" : " (" + c.name + ")") + ": " +
            v.error().message());
        continue;
      }
      if (!v->empty()) row.values[c.name] = *v;
    }
    const std::string key = RowKey(kind, row);
    bool key_complete = true;
    for (const auto& k : kind.key) key_complete = key_complete && !row.Get(k).empty();
    if (key_complete) {
      auto [it, fresh] = key_row.emplace(Lower(key), i + 1);
      if (!fresh) {
        problems.push_back(where + ": the key " + Quote(key) + " (" + Join(kind.key, " + ") +
                           ") is on row " + std::to_string(it->second) + " already");
        continue;
      }
    }
    rows.push_back(std::move(row));
  }
  if (!problems.empty()) {
    return Error::Input(name + ": " + std::to_string(problems.size()) +
                        " problem(s); nothing was "
                        "imported:\n  " +
                        Join(problems, "\n  "));
  }
  // Merge by key: rows of the file replace theirs, new ones are added; rows
  // only in the register stay, unless --replace.
  const std::vector<RegisterRow> before = RowsOf(snap, kind.id);
  std::vector<RegisterRow> after;
  std::set<std::string> in_file;
  for (const auto& r : rows) in_file.insert(RowKey(kind, r));
  if (!o.replace) {
    for (const auto& r : before) {
      if (!in_file.count(RowKey(kind, r))) after.push_back(r);
    }
  }
  for (auto& r : rows) after.push_back(std::move(r));
  SortRows(kind, &after);
  const size_t slash = name.rfind('/');
  return Commit(*tx, kind, before, after,
                "import " + (slash == std::string::npos ? name : name.substr(slash + 1)),
                o.dry_run);
}

namespace {

Result<RegisterRow> ApplySets(const RegisterKind& kind, RegisterRow row,
                              const std::vector<std::string>& sets, const CellContext& cx) {
  std::vector<std::string> problems;
  for (const auto& s : sets) {
    const size_t eq = s.find('=');
    if (eq == std::string::npos) {
      problems.push_back("--set \"" + s + "\": write it COLUMN=VALUE");
      continue;
    }
    const std::string name = Trim(s.substr(0, eq));
    const RegisterColumn* c = ColumnNamed(kind, name);
    if (!c) {
      const std::vector<std::string> names = ColumnNames(kind);
      problems.push_back("--set " + name + ": " + kind.id + " has no such column" +
                         DidYouMean(name, names) + " (columns: " + Join(names, ", ") + ")");
      continue;
    }
    auto v = Cell(*c, s.substr(eq + 1), cx, IsKey(kind, c->name));
    if (!v) {
      problems.push_back("--set " + c->name + ": " + v.error().message());
      continue;
    }
    if (v->empty()) {
      row.values.erase(c->name);
    } else {
      row.values[c->name] = *v;
    }
  }
  for (const auto& c : kind.columns) {
    if ((c.required || IsKey(kind, c.name)) && row.Get(c.name).empty()) {
      problems.push_back(c.name + " (" + c.title + ") is required: --set " + c.name + "=VALUE");
    }
  }
  if (!problems.empty()) return Error::Input(Join(problems, "; "));
  return row;
}

}  // namespace

Result<RegisterChange> AddRegisterRow(Repository& repo, const Context& ctx,
                                      const std::string& kind_id,
                                      const std::vector<std::string>& sets,
                                      const std::string& date_format) {
  DOSSIER_RETURN_IF_ERROR(CheckDateFormat(date_format));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--set", sets));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto kind_r = FindKind(snap, kind_id);
  if (!kind_r) return kind_r.error();
  const RegisterKind& kind = **kind_r;
  CellContext cx{&snap, KnownPeople(snap), date_format, kind.id != "people", ','};
  auto row = ApplySets(kind, RegisterRow{}, sets, cx);
  if (!row) return row.error().WithContext("register add " + kind.id);
  const std::vector<RegisterRow> before = RowsOf(snap, kind.id);
  const std::string key = RowKey(kind, *row);
  for (const auto& r : before) {
    if (Lower(RowKey(kind, r)) == Lower(key)) {
      return Error::Input("the " + kind.id + " register has a row " + Quote(key) +
                          " already: change it with dossier register update " + kind.id + " " +
                          Quote(RowKey(kind, r)) + " --set COLUMN=VALUE");
    }
  }
  std::vector<RegisterRow> after = before;
  after.push_back(*row);
  SortRows(kind, &after);
  return Commit(*tx, kind, before, after, "add " + OneLine(key), false);
}

Result<RegisterChange> UpdateRegisterRow(Repository& repo, const Context& ctx,
                                         const std::string& kind_id, const std::string& key,
                                         const std::vector<std::string>& sets,
                                         const std::string& date_format) {
  DOSSIER_RETURN_IF_ERROR(CheckDateFormat(date_format));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--set", sets));
  DOSSIER_RETURN_IF_ERROR(CheckText("KEY", key));
  if (sets.empty()) return Error::Input("register update needs --set COLUMN=VALUE");
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto kind_r = FindKind(snap, kind_id);
  if (!kind_r) return kind_r.error();
  const RegisterKind& kind = **kind_r;
  const std::vector<RegisterRow> before = RowsOf(snap, kind.id);
  std::vector<RegisterRow> after = before;
  RegisterRow* target = nullptr;
  std::vector<std::string> keys;
  for (auto& r : after) {
    keys.push_back(RowKey(kind, r));
    if (Lower(RowKey(kind, r)) == Lower(Trim(key))) target = &r;
  }
  if (!target) {
    return Error::Input("the " + kind.id + " register has no row " + Quote(key) +
                        DidYouMean(key, keys) + " (the key is " + Join(kind.key, " / ") + ")");
  }
  CellContext cx{&snap, KnownPeople(snap), date_format, kind.id != "people", ','};
  auto row = ApplySets(kind, *target, sets, cx);
  if (!row) return row.error().WithContext("register update " + kind.id);
  const std::string new_key = RowKey(kind, *row);
  if (Lower(new_key) != Lower(RowKey(kind, *target))) {
    for (const auto& r : before) {
      if (Lower(RowKey(kind, r)) == Lower(new_key)) {
        return Error::Input("the " + kind.id + " register has a row " + Quote(new_key) +
                            " already");
      }
    }
  }
  *target = *row;
  SortRows(kind, &after);
  return Commit(*tx, kind, before, after, "update " + OneLine(key), false);
}

Result<std::string> ExportRegister(const Snapshot& snap, const std::string& kind_id, char delimiter,
                                   const std::string& date_format) {
  DOSSIER_RETURN_IF_ERROR(CheckDateFormat(date_format));
  auto kind_r = FindKind(snap, kind_id);
  if (!kind_r) return kind_r.error();
  const RegisterKind& kind = **kind_r;
  const char d = delimiter ? delimiter : ',';
  std::string out;
  for (size_t i = 0; i < kind.columns.size(); ++i) {
    out += (i ? std::string(1, d) : "") + CsvField(kind.columns[i].title, d);
  }
  out += "\r\n";
  for (const auto& r : RowsOf(snap, kind.id)) {
    for (size_t i = 0; i < kind.columns.size(); ++i) {
      std::string v = r.Get(kind.columns[i].name);
      if (kind.columns[i].type == ColumnType::kDate) v = FormatDate(v, date_format);
      if (kind.columns[i].type == ColumnType::kNumber && d == ';') {
        std::replace(v.begin(), v.end(), '.', ',');
      }
      out += (i ? std::string(1, d) : "") + CsvField(v, d);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace dossier
