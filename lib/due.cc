#include "dossier/due.h"

#include <algorithm>
#include <cstdio>

#include "crypto/sha256.h"
#include "dossier/document_rules.h"
#include "dossier/register_rules.h"
#include "dossier/text.h"
#include "dossier/version.h"

namespace dossier {
namespace {

std::string Title(const Artifact& a) {
  return "\"" + (a.title.empty() ? a.path.substr(a.path.rfind('/') + 1) : a.title) + "\"";
}

}  // namespace

DueReport CollectDue(const Snapshot& snap, Date today, std::optional<Period> within) {
  DueReport r;
  r.today = today;
  r.within = within;
  std::vector<DueItem> all;
  for (const auto& f : snap.findings) {
    if (!f.open() || f.raised > today) continue;
    const std::string name = f.id + " \"" + OneLine(f.title) + "\" (" + ToString(f.grade) + ")";
    if (f.state < FindingState::kImplemented) {
      if (f.due) all.push_back({*f.due, "finding", "corrective action of " + name, f.owner, f.id});
      continue;
    }
    // Implemented: what falls due is the check of effectiveness, no sooner
    // than effectiveness_interval after the implementation (doc/lifecycle.md).
    std::optional<Date> implemented;
    for (const auto& t : f.history) {
      if (t.to == ToString(FindingState::kImplemented)) implemented = t.date;
    }
    if (implemented && IsNonconformity(f.grade)) {
      all.push_back({snap.config.effectiveness_interval.After(*implemented), "finding",
                     "effectiveness check of " + name, f.owner, f.id});
    }
  }
  const Snapshot view = ControlledView(snap, today);
  for (const auto& a : view.artifacts) {
    if (a.kind != ArtifactKind::kDocument || !a.approved()) continue;
    if (auto next = a.NextReview()) {
      all.push_back({*next, "document review", "periodic review of " + Title(a), a.owner, a.id});
    }
  }
  for (const auto& o : snap.objectives) {
    if (o.created > today) continue;
    for (const auto& m : o.measures) {
      std::optional<Date> last;
      for (const auto& x : snap.measurements) {
        if (x.objective == o.id && x.measure == m.name && x.date <= today &&
            (!last || x.date > *last)) {
          last = x.date;
        }
      }
      const Date next = FrequencyWindow(m.frequency).After(last ? *last : o.created);
      all.push_back({next, "measurement",
                     std::string(ToString(m.frequency)) + " measurement of " + m.name +
                         " (objective \"" + OneLine(o.name) + "\")",
                     o.owner, o.id + "#" + m.name});
    }
  }
  for (const auto& a : snap.audits) {
    if (a.state != AuditState::kPlanned) continue;
    all.push_back({a.planned, "internal audit",
                   "internal audit " + a.id + " of " + Join(a.scope, ", "), Join(a.auditors, ", "),
                   a.id});
  }
  {
    std::optional<Date> last;
    for (const auto& m : snap.reviews) {
      if (m.date <= today && (!last || m.date > *last)) last = m.date;
    }
    if (last) {
      all.push_back({snap.config.review_window.After(*last), "management review",
                     "management review (the last was held " + last->ToString() + ")", "",
                     "management review"});
    }
  }
  for (const auto& d : RegisterDueDates(snap)) {
    all.push_back({d.date, "register", d.what + ": " + d.key + " (" + d.kind + " register)",
                   d.owner, d.kind + ": " + d.key});
  }
  for (const auto& c : snap.controls) {
    const Artifact* a = snap.FindArtifact(c.artifact);
    if (!a) continue;
    if (auto end = RetentionEnd(c, *a)) {
      all.push_back({*end, "retention",
                     "retention of " + Title(*a) + " ends: decide to keep or dispose of it",
                     a->owner, a->id});
    }
  }
  const std::optional<Date> horizon =
      within ? std::optional<Date>(within->After(today)) : std::nullopt;
  for (auto& i : all) {
    if (horizon && i.date > *horizon) continue;
    i.overdue = i.date < today;
    r.items.push_back(std::move(i));
  }
  std::sort(r.items.begin(), r.items.end(), [](const DueItem& a, const DueItem& b) {
    if (a.date != b.date) return a.date < b.date;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.ref < b.ref;
  });
  return r;
}

namespace {

std::string IcsText(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '\\' || ch == ';' || ch == ',') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r' || (static_cast<unsigned char>(ch) < 0x20 && ch != '\t')) {
      continue;
    } else {
      out += ch;
    }
  }
  return out;
}

// A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
std::string Fold(const std::string& line) {
  std::string out;
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(line[i]);
    size_t len = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len - 1;
  }
  return out + "\r\n";
}

std::string Compact(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year(), d.month(), d.day());
  return buf;
}

}  // namespace

std::string RenderIcs(const DueReport& report, const std::string& organisation) {
  std::string out;
  out += Fold("BEGIN:VCALENDAR");
  out += Fold("VERSION:2.0");
  out += Fold(std::string("PRODID:-//Dossier//Dossier ") + DOSSIER_VERSION + "//EN");
  out += Fold("CALSCALE:GREGORIAN");
  out += Fold("METHOD:PUBLISH");
  out += Fold("X-WR-CALNAME:" +
              IcsText(organisation.empty() ? "QMS: what is due" : organisation + ": what is due"));
  for (const auto& i : report.items) {
    const std::string uid = crypto::Sha256Hex(i.kind + "\n" + i.ref + "\n" + i.what).substr(0, 32);
    out += Fold("BEGIN:VEVENT");
    out += Fold("UID:" + uid + "@dossier");
    out += Fold("DTSTAMP:" + Compact(report.today) + "T000000Z");
    out += Fold("DTSTART;VALUE=DATE:" + Compact(i.date));
    out += Fold("DTEND;VALUE=DATE:" + Compact(i.date.AddDays(1)));
    out += Fold("SUMMARY:" + IcsText((i.overdue ? "OVERDUE: " : "") + i.what));
    std::string desc = i.kind + " due " + i.date.ToString();
    if (!i.owner.empty()) desc += "\nowner: " + i.owner;
    desc += "\nref: " + i.ref;
    out += Fold("DESCRIPTION:" + IcsText(desc));
    out += Fold("CATEGORIES:" + IcsText(i.kind));
    out += Fold("TRANSP:TRANSPARENT");
    out += Fold("END:VEVENT");
  }
  out += Fold("END:VCALENDAR");
  return out;
}

}  // namespace dossier
