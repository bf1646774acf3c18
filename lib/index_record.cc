#include "index_record.h"

#include <cstdint>
#include <cstring>

#include "entity_codec.h"
#include "index_bytes.h"

namespace dossier::index_record {
namespace {

// Artifact record, "A2": fields in declaration order, encoded as the index
// is (lib/index_bytes.h); optional values behind a u8 0/1; a SHA-256 as a
// string of "R" and its 32 bytes, or "T" and its text when it is other text
// or empty (not 64 hex digits parsed on every load, as "A1" had it). A
// record of another tag is read from its file again and indexed anew.
constexpr std::string_view kArtifactTag = "A2";
constexpr size_t kDigestBytes = 32;

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  template <typename T>
  void Int(T v) {
    index_bytes::PutInt(out_, v);
  }
  void Str(const std::string& s) { index_bytes::PutStr(out_, s); }
  void Str(const Sha256Digest& d) {
    const std::string_view raw = d.bytes();
    const std::string text = raw.empty() ? d.hex() : std::string();
    index_bytes::PutInt(out_, static_cast<uint32_t>(1 + (raw.empty() ? text.size() : raw.size())));
    out_->push_back(raw.empty() ? 'T' : 'R');
    out_->append(raw.empty() ? std::string_view(text) : raw);
  }
  void Strs(const TagList& v) {
    Int(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  void Map(const std::map<std::string, std::string>& m) {
    Int(static_cast<uint32_t>(m.size()));
    for (const auto& [k, v] : m) {
      Str(k);
      Str(v);
    }
  }
  void Day(Date d) { Int(static_cast<int64_t>(d.days())); }
  void OptDay(const std::optional<Date>& d) {
    Int(static_cast<uint8_t>(d ? 1 : 0));
    if (d) Day(*d);
  }

 private:
  std::string* out_;
};

// The index's reader, with the record's compound fields.
class Reader : public index_bytes::Reader {
 public:
  using index_bytes::Reader::Reader;
  using index_bytes::Reader::Str;
  bool Str(Sha256Digest* d) {
    std::string_view tagged;
    if (!Str(&tagged) || tagged.empty()) return false;
    const std::string_view rest = tagged.substr(1);
    if (tagged[0] == 'R' && rest.size() == kDigestBytes) {
      *d = Sha256Digest::FromBytes(rest);
    } else if (tagged[0] == 'T') {
      *d = Sha256Digest(rest);
    } else {
      return false;
    }
    return true;
  }
  bool Strs(TagList* v) {
    uint32_t n = 0;
    if (!Int(&n) || n > remaining()) return false;
    *v = TagList();
    for (uint32_t i = 0; i < n; ++i) {
      std::string_view s;
      if (!Str(&s)) return false;
      v->push_back(s);
    }
    return true;
  }
  bool Map(std::map<std::string, std::string>* m) {
    uint32_t n = 0;
    if (!Int(&n)) return false;
    for (uint32_t i = 0; i < n; ++i) {
      std::string k, v;
      if (!Str(&k) || !Str(&v)) return false;
      m->emplace_hint(m->end(), std::move(k), std::move(v));
    }
    return true;
  }
  bool Day(Date* d) {
    int64_t days = 0;
    if (!Int(&days)) return false;
    *d = Date::FromDays(days);
    return true;
  }
  bool Flag(bool* present) {
    uint8_t b = 2;
    if (!Int(&b) || b > 1) return false;
    *present = b == 1;
    return true;
  }
  bool OptDay(std::optional<Date>* d) {
    bool present = false;
    if (!Flag(&present)) return false;
    if (!present) return true;
    Date day;
    if (!Day(&day)) return false;
    *d = day;
    return true;
  }
};

void Write(const Artifact& a, std::string* out) {
  out->append(kArtifactTag);
  Writer w(out);
  w.Str(a.id);
  w.Int(static_cast<uint8_t>(a.kind == ArtifactKind::kDocument ? 1 : 0));
  w.Str(a.title);
  w.Str(a.path);
  w.Str(a.url);
  w.Strs(a.clauses);
  w.Strs(a.requirements);
  w.Str(a.sha256);
  w.Int(a.size);
  w.Str(a.owner);
  w.Day(a.collected);
  w.OptDay(a.effective);
  w.OptDay(a.expires);
  w.Int(static_cast<uint8_t>(a.review_every ? 1 : 0));
  if (a.review_every) {
    w.Int(static_cast<int32_t>(a.review_every->count()));
    w.Int(static_cast<uint8_t>(a.review_every->unit()));
  }
  w.OptDay(a.review_due);
  w.Int(static_cast<uint8_t>(a.approval ? 1 : 0));
  if (a.approval) {
    const Approval& p = *a.approval;
    w.Str(p.by);
    w.Day(p.date);
    w.Str(p.sha256);
    w.Int(static_cast<uint8_t>(p.not_applicable ? 1 : 0));
    if (p.not_applicable) w.Map(*p.not_applicable);
    w.Str(p.signature);
    w.Str(p.key);
  }
  w.Int(static_cast<uint32_t>(a.revisions.size()));
  for (const auto& r : a.revisions) {
    w.Str(r.sha256);
    w.Int(r.size);
    w.Day(r.collected);
  }
  w.Map(a.unknown ? *a.unknown : UnknownFields());
}

bool Read(std::string_view payload, Artifact* a) {
  if (payload.substr(0, kArtifactTag.size()) != kArtifactTag) return false;
  Reader r(payload.substr(kArtifactTag.size()));
  uint8_t kind = 0;
  bool present = false;
  if (!r.Str(&a->id) || !r.Int(&kind) || kind > 1 || !r.Str(&a->title) || !r.Str(&a->path) ||
      !r.Str(&a->url) || !r.Strs(&a->clauses) || !r.Strs(&a->requirements) || !r.Str(&a->sha256) ||
      !r.Int(&a->size) || !r.Str(&a->owner) || !r.Day(&a->collected) || !r.OptDay(&a->effective) ||
      !r.OptDay(&a->expires) || !r.Flag(&present)) {
    return false;
  }
  a->kind = kind == 1 ? ArtifactKind::kDocument : ArtifactKind::kRecord;
  if (present) {
    int32_t count = 0;
    uint8_t unit = 0;
    if (!r.Int(&count) || !r.Int(&unit) || unit > static_cast<uint8_t>(Period::Unit::kYears)) {
      return false;
    }
    a->review_every = Period(count, static_cast<Period::Unit>(unit));
  }
  if (!r.OptDay(&a->review_due) || !r.Flag(&present)) return false;
  if (present) {
    Approval p;
    bool has_na = false;
    if (!r.Str(&p.by) || !r.Day(&p.date) || !r.Str(&p.sha256) || !r.Flag(&has_na)) return false;
    if (has_na) {
      p.not_applicable.emplace();
      if (!r.Map(&*p.not_applicable)) return false;
    }
    if (!r.Str(&p.signature) || !r.Str(&p.key)) return false;
    a->approval = std::move(p);
  }
  uint32_t revisions = 0;
  if (!r.Int(&revisions)) return false;
  for (uint32_t i = 0; i < revisions; ++i) {
    Revision v;
    if (!r.Str(&v.sha256) || !r.Int(&v.size) || !r.Day(&v.collected)) return false;
    a->revisions.push_back(std::move(v));
  }
  UnknownFields unknown;
  if (!r.Map(&unknown) || !r.AtEnd()) return false;
  if (!unknown.empty()) a->unknown = std::move(unknown);
  return true;
}

}  // namespace

std::string Payload(const Artifact& entity, std::string_view text) {
  std::string record;
  Write(entity, &record);
  Artifact back;
  if (Read(record, &back) && codec::Encode(back) == codec::Encode(entity)) return record;
  return "T" + std::string(text);
}

bool Decode(std::string_view payload, Artifact* out, std::string_view* text) {
  *text = std::string_view();
  if (!payload.empty() && payload[0] == 'T') {
    *text = payload.substr(1);
    return false;
  }
  return Read(payload, out);  // `out` is left partly filled on failure: the caller resets it
}

bool IdAndPath(std::string_view payload, std::string_view* id, std::string_view* path) {
  if (payload.substr(0, kArtifactTag.size()) != kArtifactTag) return false;
  Reader r(payload.substr(kArtifactTag.size()));
  uint8_t kind = 0;
  std::string_view title;
  return r.Str(id) && r.Int(&kind) && kind <= 1 && r.Str(&title) && r.Str(path);
}

}  // namespace dossier::index_record
