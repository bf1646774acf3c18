#include "controlled_io.h"

#include <algorithm>
#include <set>

#include "builtin_checklists.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "json_io.h"

namespace dossier {

const char* ToString(ColumnType t) {
  switch (t) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kNumber:
      return "number";
    case ColumnType::kPerson:
      return "person";
    case ColumnType::kEnum:
      return "enum";
    case ColumnType::kClause:
      return "clause";
  }
  return "text";
}

const RegisterColumn* RegisterKind::Column(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const DocumentControl* Snapshot::FindControl(const std::string& artifact) const {
  for (const auto& c : controls) {
    if (c.artifact == artifact) return &c;
  }
  return nullptr;
}
const RegisterKind* Snapshot::FindRegisterKind(const std::string& id) const {
  for (const auto& k : register_kinds) {
    if (k.id == id) return &k;
  }
  return nullptr;
}
const Register* Snapshot::FindRegister(const std::string& kind) const {
  for (const auto& r : registers) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

namespace bj = boost::json;

Result<DocumentControl> DecodeControl(std::string_view text, const std::string& source) {
  auto v = json::Parse(text, source);
  if (!v) return v.error();
  if (!v->is_object()) return Error::Input(source + ": not a JSON object");
  json::Reader r(v->as_object(), source, text);
  DocumentControl c;
  c.artifact = r.String("artifact", true);
  if (auto p = r.String("retention"); !p.empty()) {
    auto period = Period::Parse(p, "retention");
    if (!period) return period.error().WithContext(source);
    c.retention = *period;
  }
  c.obsolete = r.OptDate("obsolete");
  c.obsolete_reason = r.String("obsolete_reason");
  c.obsolete_by = r.String("obsolete_by");
  std::optional<Error> err;
  if (const bj::array* revs = r.Array("revisions")) {
    for (const auto& rv : *revs) {
      if (!rv.is_object()) return Error::Input(source + ": a revision is not an object");
      json::Reader rr(rv.as_object(), source + ": revision");
      DocRevision d;
      d.id = rr.String("id", true);
      d.sha256 = rr.String("sha256", true);
      d.size = static_cast<uint64_t>(rr.Int("size"));
      d.stored = rr.String("stored");
      d.note = rr.String("note");
      d.drafted_by = rr.String("drafted_by");
      d.drafted = rr.RequiredDate("drafted");
      d.reviewer = rr.String("reviewer");
      d.submitted = rr.OptDate("submitted");
      if (const bj::object* ap = rr.Object("approval")) {
        auto approval = codec::DecodeApproval(*ap, source);
        if (approval) {
          d.approval = std::move(*approval);
        } else {
          err = approval.error();
        }
      }
      d.effective = rr.OptDate("effective");
      d.withdrawn = rr.OptDate("withdrawn");
      d.withdrawn_reason = rr.String("withdrawn_reason");
      if (!rr.ok()) return rr.error();
      if (err) return *err;
      // Revision contents live under dossier/control/ only: a hand-edited
      // path never reads a file elsewhere.
      const std::string prefix = std::string(layout::kControlDir) + "/";
      if (!d.stored.empty() &&
          (d.stored.rfind(prefix, 0) != 0 || d.stored.find("..") != std::string::npos ||
           d.stored.find('\\') != std::string::npos)) {
        return Error::Input(source + ": revision " + d.id + ": stored path \"" + d.stored +
                            "\" is not under " + prefix);
      }
      c.revisions.push_back(std::move(d));
    }
  }
  if (const bj::array* ds = r.Array("dispositions")) {
    for (const auto& dv : *ds) {
      if (!dv.is_object()) return Error::Input(source + ": a disposition is not an object");
      json::Reader dr(dv.as_object(), source + ": disposition");
      Disposition d;
      d.decision = dr.String("decision", true);
      d.by = dr.String("by");
      d.date = dr.RequiredDate("date");
      d.why = dr.String("why");
      d.keep_until = dr.OptDate("keep_until");
      if (!dr.ok()) return dr.error();
      if (d.decision != "keep" && d.decision != "dispose") {
        return Error::Input(source + ": disposition decision \"" + d.decision +
                            "\" is neither keep nor dispose");
      }
      c.dispositions.push_back(std::move(d));
    }
  }
  if (!r.ok()) return r.error();
  c.unknown = r.Unknown();
  return c;
}

std::string EncodeControl(const DocumentControl& c) {
  bj::object o;
  o["artifact"] = c.artifact;
  if (c.retention) o["retention"] = c.retention->ToString();
  json::PutDate(o, "obsolete", c.obsolete);
  json::PutString(o, "obsolete_reason", c.obsolete_reason);
  json::PutString(o, "obsolete_by", c.obsolete_by);
  if (!c.revisions.empty()) {
    bj::array revs;
    for (const auto& d : c.revisions) {
      bj::object r;
      r["id"] = d.id;
      r["sha256"] = d.sha256;
      r["size"] = d.size;
      json::PutString(r, "stored", d.stored);
      json::PutString(r, "note", d.note);
      json::PutString(r, "drafted_by", d.drafted_by);
      r["drafted"] = d.drafted.ToString();
      json::PutString(r, "reviewer", d.reviewer);
      json::PutDate(r, "submitted", d.submitted);
      if (d.approval) r["approval"] = codec::ToValue(*d.approval);
      json::PutDate(r, "effective", d.effective);
      json::PutDate(r, "withdrawn", d.withdrawn);
      json::PutString(r, "withdrawn_reason", d.withdrawn_reason);
      revs.push_back(std::move(r));
    }
    o["revisions"] = std::move(revs);
  }
  if (!c.dispositions.empty()) {
    bj::array ds;
    for (const auto& d : c.dispositions) {
      bj::object x;
      x["decision"] = d.decision;
      json::PutString(x, "by", d.by);
      x["date"] = d.date.ToString();
      json::PutString(x, "why", d.why);
      json::PutDate(x, "keep_until", d.keep_until);
      ds.push_back(std::move(x));
    }
    o["dispositions"] = std::move(ds);
  }
  json::PutUnknown(o, c.unknown);
  return json::Canonical(o);
}

namespace {

bool ValidName(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char ch : s) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
      return false;
  }
  return true;
}

}  // namespace

Result<std::vector<RegisterKind>> ParseRegisterKinds(std::string_view text,
                                                     const std::string& source,
                                                     const Checklist& checklist) {
  auto v = json::Parse(text, source);
  if (!v) return v.error();
  if (!v->is_object() || !v->as_object().contains("kinds") ||
      !v->as_object().at("kinds").is_array()) {
    return Error::Input(source + ": expected an object with a \"kinds\" list");
  }
  std::vector<RegisterKind> out;
  for (const auto& kv : v->as_object().at("kinds").as_array()) {
    if (!kv.is_object()) return Error::Input(source + ": a kind is not an object");
    json::Reader r(kv.as_object(), source);
    RegisterKind k;
    k.source = source;
    k.id = r.String("id", true);
    const std::string where = source + ": kind \"" + k.id + "\"";
    k.title = r.String("title", true);
    k.clauses = r.Strings("clauses");
    k.requirements = r.Strings("requirements");
    k.key = r.Strings("key");
    k.record_date = r.String("record_date");
    k.owner = r.String("owner");
    if (const bj::object* act = r.Object("active")) {
      json::Reader ar(*act, where + " active");
      k.active_column = ar.String("column", true);
      k.active_values = ar.Strings("values");
      if (!ar.ok()) return ar.error();
    }
    if (const bj::array* cols = r.Array("columns")) {
      for (const auto& cv : *cols) {
        if (!cv.is_object()) return Error::Input(where + ": a column is not an object");
        json::Reader cr(cv.as_object(), where);
        RegisterColumn c;
        c.name = cr.String("name", true);
        c.title = cr.String("title");
        if (c.title.empty()) c.title = c.name;
        std::string type = cr.String("type");
        c.required = cr.Bool("required");
        c.values = cr.Strings("values");
        c.due = cr.String("due");
        if (!cr.ok()) return cr.error();
        const std::vector<std::pair<const char*, ColumnType>> types = {
            {"text", ColumnType::kText},     {"date", ColumnType::kDate},
            {"number", ColumnType::kNumber}, {"person", ColumnType::kPerson},
            {"enum", ColumnType::kEnum},     {"clause", ColumnType::kClause}};
        bool found = type.empty();
        for (const auto& [n, t] : types) {
          if (type == n) {
            c.type = t;
            found = true;
          }
        }
        if (!found) {
          return Error::Input(where + ": column " + c.name + " has type \"" + type +
                              "\"; valid: text, date, number, person, enum, clause");
        }
        if (!ValidName(c.name)) {
          return Error::Input(where + ": column name \"" + c.name +
                              "\" must be lower-case letters, digits, _ or -");
        }
        if (k.Column(c.name)) return Error::Input(where + ": column " + c.name + " given twice");
        if (c.type == ColumnType::kEnum && c.values.empty()) {
          return Error::Input(where + ": enum column " + c.name + " needs \"values\"");
        }
        if (!c.due.empty() && c.type != ColumnType::kDate) {
          return Error::Input(where + ": column " + c.name + " is a due date but not a date");
        }
        k.columns.push_back(std::move(c));
      }
    }
    if (!r.ok()) return r.error();
    if (!ValidName(k.id)) {
      return Error::Input(where + ": the id must be lower-case letters, digits, _ or -");
    }
    if (k.columns.empty()) return Error::Input(where + ": no columns");
    if (k.key.empty()) return Error::Input(where + ": no key column");
    for (const auto& name : k.key) {
      if (!k.Column(name)) return Error::Input(where + ": key column " + name + " is not a column");
    }
    for (const std::string* name : {&k.record_date, &k.owner, &k.active_column}) {
      if (!name->empty() && !k.Column(*name)) {
        return Error::Input(where + ": " + *name + " is not a column");
      }
    }
    if (!k.record_date.empty() && k.Column(k.record_date)->type != ColumnType::kDate) {
      return Error::Input(where + ": record_date " + k.record_date + " is not a date column");
    }
    for (const auto& cl : k.clauses) {
      if (!checklist.FindClause(cl)) {
        return Error::Input(where + ": clause " + cl + " is not in " + checklist.id());
      }
    }
    for (const auto& q : k.requirements) {
      if (!checklist.FindRequirement(q)) {
        return Error::Input(where + ": requirement " + q + " is not in " + checklist.id());
      }
    }
    for (const auto& other : out) {
      if (other.id == k.id) return Error::Input(where + ": defined twice");
    }
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, const std::string& source,
                                        char delimiter) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (delimiter == 0) {
    // The header line decides: the more frequent of ';' and ',' outside quotes.
    size_t commas = 0, semis = 0;
    bool q = false;
    for (char ch : text) {
      if (ch == '"') q = !q;
      if (!q && (ch == '\n' || ch == '\r')) break;
      if (!q && ch == ',') ++commas;
      if (!q && ch == ';') ++semis;
    }
    delimiter = semis > commas ? ';' : ',';
  }
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string field;
  size_t line = 1;
  rec.line = 1;
  bool in_quotes = false, quoted = false, any = false;
  size_t quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (ch == '\n') ++line;
        field += ch;
      }
      continue;
    }
    if (ch == '"' && Trim(field).empty() && !quoted) {
      in_quotes = quoted = any = true;
      field.clear();
      quote_line = line;
    } else if (ch == delimiter) {
      rec.fields.push_back(quoted ? field : Trim(field));
      field.clear();
      quoted = false;
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        rec.fields.push_back(quoted ? field : Trim(field));
        out.push_back(std::move(rec));
      }
      rec = CsvRecord();
      field.clear();
      quoted = any = false;
      ++line;
      rec.line = line;
    } else {
      if (quoted) {
        return Error::Input(source + " line " + std::to_string(line) +
                            ": text after a closing quote; a quote inside a field is written "
                            "\"\" within a quoted field");
      }
      field += ch;
      any = true;
    }
  }
  if (in_quotes) {
    return Error::Input(source + " line " + std::to_string(quote_line) +
                        ": a quoted field is never closed (a missing \")");
  }
  if (any || !field.empty()) {
    rec.fields.push_back(quoted ? field : Trim(field));
    out.push_back(std::move(rec));
  }
  return out;
}

std::string CsvField(const std::string& value, char delimiter) {
  if (value.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos &&
      (value.empty() || (value.front() != ' ' && value.back() != ' '))) {
    return value;
  }
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

void SortRows(const RegisterKind& kind, std::vector<RegisterRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [&](const RegisterRow& a, const RegisterRow& b) {
    for (const auto& k : kind.key) {
      if (a.Get(k) != b.Get(k)) return a.Get(k) < b.Get(k);
    }
    return false;
  });
}

std::string EncodeRegister(const RegisterKind& kind, const std::vector<RegisterRow>& rows) {
  std::string out;
  for (size_t i = 0; i < kind.columns.size(); ++i) {
    out += (i ? "," : "") + kind.columns[i].name;
  }
  out += "\n";
  std::vector<RegisterRow> sorted = rows;
  SortRows(kind, &sorted);
  for (const auto& r : sorted) {
    for (size_t i = 0; i < kind.columns.size(); ++i) {
      out += (i ? "," : "") + CsvField(r.Get(kind.columns[i].name));
    }
    out += "\n";
  }
  return out;
}

Result<std::vector<RegisterRow>> DecodeRegister(const RegisterKind& kind, std::string_view text,
                                                const std::string& source) {
  auto recs = ParseCsv(text, source, ',');
  if (!recs) return recs.error();
  std::vector<RegisterRow> rows;
  if (recs->empty()) return rows;
  const auto& header = recs->front().fields;
  for (const auto& h : header) {
    if (!kind.Column(h)) {
      return Error::Input(source + " line 1: column \"" + h + "\" is not a column of the " +
                          kind.id + " register (" + kind.source + ")");
    }
  }
  for (size_t i = 1; i < recs->size(); ++i) {
    const auto& rec = (*recs)[i];
    if (rec.fields.size() != header.size()) {
      return Error::Input(source + " line " + std::to_string(rec.line) + ": " +
                          std::to_string(rec.fields.size()) + " fields, the header has " +
                          std::to_string(header.size()));
    }
    RegisterRow row;
    for (size_t j = 0; j < header.size(); ++j) {
      if (!rec.fields[j].empty()) row.values[header[j]] = rec.fields[j];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status LoadControlled(const FileSource& source, Snapshot* snap) {
  auto files = source.List(layout::kControlDir);
  if (!files) return files.error();
  for (const auto& f : *files) {
    if (f.size() < 5 || f.compare(f.size() - 5, 5, ".json") != 0) continue;
    if (f.find('/', std::string(layout::kControlDir).size() + 1) != std::string::npos) continue;
    auto text = source.Read(f);
    if (!text) return text.error();
    if (!*text) continue;
    auto c = DecodeControl(**text, f);
    if (!c) return c.error();
    snap->controls.push_back(std::move(*c));
  }
  std::sort(
      snap->controls.begin(), snap->controls.end(),
      [](const DocumentControl& a, const DocumentControl& b) { return a.artifact < b.artifact; });
  for (const auto& b : builtin::RegisterKinds()) {
    auto kinds = ParseRegisterKinds(b.json, std::string("checklists/registers/") + b.name + ".json",
                                    snap->checklist);
    // A built-in kind that does not fit the organisation's checklist (its own
    // clause numbering) is left out rather than failing every command.
    if (!kinds) continue;
    for (auto& k : *kinds) snap->register_kinds.push_back(std::move(k));
  }
  auto own = source.List(layout::kRegisterKindsDir);
  if (!own) return own.error();
  for (const auto& f : *own) {
    if (f.size() < 5 || f.compare(f.size() - 5, 5, ".json") != 0) continue;
    auto text = source.Read(f);
    if (!text) return text.error();
    if (!*text) continue;
    auto kinds = ParseRegisterKinds(**text, f, snap->checklist);
    if (!kinds) return kinds.error();
    for (auto& k : *kinds) {
      // The organisation's definition of a kind replaces the built-in one.
      auto it = std::find_if(snap->register_kinds.begin(), snap->register_kinds.end(),
                             [&](const RegisterKind& x) { return x.id == k.id; });
      if (it != snap->register_kinds.end()) {
        *it = std::move(k);
      } else {
        snap->register_kinds.push_back(std::move(k));
      }
    }
  }
  auto regs = source.List(layout::kRegistersDir);
  if (!regs) return regs.error();
  for (const auto& f : *regs) {
    const std::string prefix = std::string(layout::kRegistersDir) + "/";
    if (f.size() < 4 || f.compare(f.size() - 4, 4, ".csv") != 0) continue;
    const std::string id = f.substr(prefix.size(), f.size() - prefix.size() - 4);
    const RegisterKind* kind = snap->FindRegisterKind(id);
    if (!kind) {
      return Error::Input(f + ": no register kind \"" + id +
                          "\" is defined (checklists/registers, or dossier/register-kinds/)");
    }
    auto text = source.Read(f);
    if (!text) return text.error();
    if (!*text) continue;
    auto rows = DecodeRegister(*kind, **text, f);
    if (!rows) return rows.error();
    snap->registers.push_back(Register{id, f, std::move(*rows)});
  }
  return Status::Ok();
}

}  // namespace dossier
