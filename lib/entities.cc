#include "dossier/entities.h"

#include <cstring>
#include <iterator>

#include "join.h"

namespace dossier {
namespace {

template <typename E, size_t N>
Result<E> ParseEnum(std::string_view s, const char* const (&names)[N], const char* what) {
  for (size_t i = 0; i < N; ++i) {
    if (s == names[i]) return static_cast<E>(i);
  }
  const std::string valid = JoinEach(names, ", ", [](const char* n) { return n; });
  return Error::Input("unknown " + std::string(what) + " \"" + std::string(s) +
                      "\" (valid: " + valid + ")");
}

const char* const kArtifactKinds[] = {"document", "record"};
const char* const kGrades[] = {"major", "minor", "concern", "observation", "ofi"};
const char* const kSources[] = {"internal-audit", "stage1",          "stage2",
                                "surveillance",   "complaint",       "process",
                                "review",         "recertification", "special"};
const char* const kFindingStates[] = {"open",     "analysed", "planned",  "implemented",
                                      "verified", "closed",   "withdrawn"};
const char* const kBodyAuditTypes[] = {"stage1",        "stage2",          "surveillance1",
                                       "surveillance2", "recertification", "special"};
const char* const kAuditStates[] = {"planned", "done", "cancelled"};
const char* const kFrequencies[] = {"monthly", "quarterly", "yearly"};

// The value of a lowercase hex digit, or -1.
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Sha256Digest::Sha256Digest(std::string_view text) {
  if (text.empty()) return;
  bool hex = text.size() == 2 * sizeof bytes_;
  for (size_t i = 0; hex && i < sizeof bytes_; ++i) {
    const int hi = HexValue(text[2 * i]), lo = HexValue(text[2 * i + 1]);
    hex = hi >= 0 && lo >= 0;
    if (hex) bytes_[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  if (hex && raw()) return;
  std::memset(bytes_, 0, sizeof bytes_);
  other_ = std::make_unique<std::string>(text);
}

bool Sha256Digest::raw() const {
  for (const unsigned char b : bytes_) {
    if (b) return true;
  }
  return false;
}

Sha256Digest::Sha256Digest(const Sha256Digest& o) {
  std::memcpy(bytes_, o.bytes_, sizeof bytes_);
  if (o.other_) other_ = std::make_unique<std::string>(*o.other_);
}

Sha256Digest& Sha256Digest::operator=(const Sha256Digest& o) {
  if (this != &o) *this = Sha256Digest(o);
  return *this;
}

std::string_view Sha256Digest::bytes() const {
  if (!raw()) return std::string_view();
  return std::string_view(reinterpret_cast<const char*>(bytes_), sizeof bytes_);
}

Sha256Digest Sha256Digest::FromBytes(std::string_view raw) {
  Sha256Digest d;
  if (raw.size() != sizeof d.bytes_) return Sha256Digest(raw);
  std::memcpy(d.bytes_, raw.data(), sizeof d.bytes_);
  if (!d.raw()) return Sha256Digest(std::string(2 * sizeof d.bytes_, '0'));
  return d;
}

std::string Sha256Digest::hex() const {
  if (other_) return *other_;
  if (!raw()) return std::string();
  static const char kDigits[] = "0123456789abcdef";
  std::string out(2 * sizeof bytes_, '0');
  for (size_t i = 0; i < sizeof bytes_; ++i) {
    out[2 * i] = kDigits[bytes_[i] >> 4];
    out[2 * i + 1] = kDigits[bytes_[i] & 15];
  }
  return out;
}

bool operator==(const Sha256Digest& a, const Sha256Digest& b) {
  // Other text is held with zero bytes: equal bytes and equal text.
  if (std::memcmp(a.bytes_, b.bytes_, sizeof a.bytes_) != 0) return false;
  if (!a.other_ || !b.other_) return !a.other_ && !b.other_;
  return *a.other_ == *b.other_;
}

namespace {

// An item's length prefix at p: where its bytes start, and how many.
const char* ReadLength(const char* p, size_t* n) {
  *n = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(*p++);
    *n |= static_cast<size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) return p;
  }
}

}  // namespace

std::string TagList::const_iterator::operator*() const {
  size_t n;
  const char* item = ReadLength(p_, &n);
  return std::string(item, n);
}

TagList::const_iterator& TagList::const_iterator::operator++() {
  size_t n;
  p_ = ReadLength(p_, &n) + n;
  return *this;
}

TagList::TagList(std::initializer_list<std::string_view> items) {
  for (std::string_view item : items) push_back(item);
}

TagList::TagList(const std::vector<std::string>& items) {
  for (const std::string& item : items) push_back(item);
}

size_t TagList::size() const { return static_cast<size_t>(std::distance(begin(), end())); }

std::string TagList::operator[](size_t i) const { return *std::next(begin(), i); }

void TagList::push_back(std::string_view item) {
  size_t n = item.size();
  for (; n >= 0x80; n >>= 7) packed_.push_back(static_cast<char>(0x80 | (n & 0x7f)));
  packed_.push_back(static_cast<char>(n));
  packed_.append(item);
}

std::string Join(const TagList& items, std::string_view sep) {
  return JoinEach(items, sep, [](const std::string& item) { return item; });
}

const char* ToString(ArtifactKind k) { return kArtifactKinds[static_cast<int>(k)]; }
const char* ToString(Grade g) { return kGrades[static_cast<int>(g)]; }
const char* ToString(FindingSource s) { return kSources[static_cast<int>(s)]; }
const char* ToString(FindingState s) { return kFindingStates[static_cast<int>(s)]; }
const char* ToString(BodyAuditType t) { return kBodyAuditTypes[static_cast<int>(t)]; }
Result<BodyAuditType> ParseBodyAuditType(std::string_view s) {
  return ParseEnum<BodyAuditType>(s, kBodyAuditTypes, "certification audit type");
}
const char* ToString(AuditState s) { return kAuditStates[static_cast<int>(s)]; }
const char* ToString(Frequency f) { return kFrequencies[static_cast<int>(f)]; }

Result<ArtifactKind> ParseArtifactKind(std::string_view s) {
  return ParseEnum<ArtifactKind>(s, kArtifactKinds, "kind");
}
Result<Grade> ParseGrade(std::string_view s) { return ParseEnum<Grade>(s, kGrades, "grade"); }
Result<FindingSource> ParseFindingSource(std::string_view s) {
  return ParseEnum<FindingSource>(s, kSources, "source");
}
Result<FindingState> ParseFindingState(std::string_view s) {
  return ParseEnum<FindingState>(s, kFindingStates, "state");
}
Result<AuditState> ParseAuditState(std::string_view s) {
  return ParseEnum<AuditState>(s, kAuditStates, "audit state");
}
Result<Frequency> ParseFrequency(std::string_view s) {
  return ParseEnum<Frequency>(s, kFrequencies, "frequency");
}

Period FrequencyWindow(Frequency f) {
  switch (f) {
    case Frequency::kMonthly:
      return Period(1, Period::Unit::kMonths);
    case Frequency::kQuarterly:
      return Period(3, Period::Unit::kMonths);
    case Frequency::kYearly:
      return Period(12, Period::Unit::kMonths);
  }
  return Period(12, Period::Unit::kMonths);
}

const char* ToString(SignatureState s) {
  switch (s) {
    case SignatureState::kValid:
      return "valid";
    case SignatureState::kUnsigned:
      return "unsigned";
    case SignatureState::kInvalid:
      return "not-valid";
    case SignatureState::kUnchecked:
      break;
  }
  return "unchecked";
}

const char* ArtifactState(const Artifact& a, Date today) {
  if (a.kind != ArtifactKind::kDocument) {
    return a.expires && *a.expires < today ? "expired" : "-";
  }
  if (!a.approval) return "unapproved";
  if (!a.approved()) {
    // An approval of this very content whose signature does not verify is
    // no approval, and says so.
    return a.approval->sha256 == a.sha256 ? "approval-not-valid" : "changed-since-approval";
  }
  auto due = a.NextReview();
  if (due && *due < today) return "review-overdue";
  return "approved";
}

std::optional<Date> Artifact::NextReview() const {
  if (review_due) return review_due;
  if (!review_every) return std::nullopt;
  Date base = approval ? approval->date : EvidenceDate();
  return review_every->After(base);
}

}  // namespace dossier
