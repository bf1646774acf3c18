// The domain's value types: one entity per file in the evidence repository
// (doc/architecture.md, doc/lifecycle.md). Plain data; rules live in lifecycle.h and readiness.h.
#ifndef DOSSIER_ENTITIES_H_
#define DOSSIER_ENTITIES_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/date.h"
#include "dossier/result.h"

namespace dossier {

// Keys of an entity file this version does not know, kept as their JSON text
// so that a re-save of a hand-extended entity loses nothing.
using UnknownFields = std::map<std::string, std::string>;

enum class ArtifactKind { kDocument, kRecord };
const char* ToString(ArtifactKind k);
Result<ArtifactKind> ParseArtifactKind(std::string_view s);

// A SHA-256 as an entity records it: 64 lowercase hex digits. Held as its
// 32 bytes (in place, not a 64-character string on the heap: 8 MB at
// 100,000 artifacts); any other text (a hand-edited file) is kept as it is,
// so that it is reported, compared and saved exactly as before.
class Sha256Digest {
 public:
  Sha256Digest() = default;  // empty
  // The text as an entity file holds it (implicit, as the std::string it replaces).
  Sha256Digest(std::string_view text);                                             // NOLINT
  Sha256Digest(const std::string& text) : Sha256Digest(std::string_view(text)) {}  // NOLINT
  Sha256Digest(const char* text) : Sha256Digest(std::string_view(text)) {}         // NOLINT
  Sha256Digest(const Sha256Digest& o);
  Sha256Digest& operator=(const Sha256Digest& o);
  Sha256Digest(Sha256Digest&&) noexcept = default;
  Sha256Digest& operator=(Sha256Digest&&) noexcept = default;
  ~Sha256Digest() = default;

  // The text: 64 hex digits, "" when empty, or the other text it was given.
  std::string hex() const;
  // Its first 12 characters, as people are shown a digest.
  std::string Short() const { return hex().substr(0, 12); }
  // The 32 bytes, or "" when it is empty or other text.
  std::string_view bytes() const;
  // The digest of 32 bytes (`raw` of any other size: as text).
  static Sha256Digest FromBytes(std::string_view raw);
  bool empty() const { return !raw() && !other_; }

  friend bool operator==(const Sha256Digest& a, const Sha256Digest& b);
  friend bool operator!=(const Sha256Digest& a, const Sha256Digest& b) { return !(a == b); }
  friend bool operator<(const Sha256Digest& a, const Sha256Digest& b) { return a.hex() < b.hex(); }

 private:
  // bytes_ holds it when any byte is set (40 bytes in all, not 48 with a
  // flag); the digest of 32 zero bytes, never a file's, is held as other text.
  bool raw() const;

  unsigned char bytes_[32] = {};
  std::unique_ptr<std::string> other_;  // text that is not 64 lowercase hex digits
};

// What the repository's keys say of an approval's signature: worked out when
// a snapshot is loaded (lib/approvals.cc), never stored. doc/architecture.md,
// "Approval signatures".
enum class SignatureState {
  kUnchecked,  // not judged (an approval of an earlier content, or built in memory)
  kValid,      // signed by a key registered for the approver, and it verifies
  kUnsigned,   // no signature, and dossier.ini does not require one: a warning
  kInvalid,    // missing when required, or does not verify: NOT an approval
};

// "unchecked", "valid", "unsigned", "not-valid": as `show --json` reports it.
const char* ToString(SignatureState s);

struct Approval {
  std::string by;
  Date date;
  Sha256Digest sha256;  // the content that was approved
  // For a scope document (M1, 4.3): the clauses declared not applicable when
  // it was approved, with their justifications. The scope document must
  // state them, so a change to them needs a new approval (readiness:
  // scope.document). None in approvals made before this was recorded.
  std::optional<std::map<std::string, std::string>> not_applicable;
  // Ed25519 signature (hex) by the approver's key over ApprovalStatement
  // (lib/approvals.h), and that key's fingerprint (SHA-256 of its DER
  // public key, hex). Empty in unsigned approvals.
  std::string signature;
  std::string key;
  // Computed on load: the signature's standing and, unless valid, why.
  SignatureState signature_state = SignatureState::kUnchecked;
  std::string signature_problem;
};

// An optional value held on the heap, with std::optional's interface
// (`if (b)`, `b->x`, `*b`, assignment of a value or nullopt, reset,
// emplace): for a big member most entities lack. An approval is 240 bytes
// in place; boxed, an artifact without one carries a pointer (100,000
// artifacts, a quarter approved: 17 MB less at peak).
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}                               // NOLINT: implicit, as std::optional's
  Boxed(T v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT
  Boxed(const std::optional<T>& v) : p_(v ? std::make_unique<T>(*v) : nullptr) {}  // NOLINT
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed o) noexcept {
    p_ = std::move(o.p_);
    return *this;
  }
  // A std::optional's copy (controlled.h keeps one Approval per revision).
  operator std::optional<T>() const {  // NOLINT
    return p_ ? std::optional<T>(*p_) : std::nullopt;
  }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  void reset() { p_.reset(); }
  template <typename... Args>
  T& emplace(Args&&... args) {
    p_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *p_;
  }

 private:
  std::unique_ptr<T> p_;
};

// A short list of strings (an artifact's clause and requirement ids) packed
// in ONE std::string: each item is its length (LEB128: one byte below 128)
// then its bytes, so any text, NUL and all, comes back exactly. Two or
// three short ids fit in the string's in-place buffer and need no heap
// block, where a std::vector<std::string> of two clause ids is 24 bytes in
// place plus 80 on the heap (13 MB at 100,000 artifacts). It has the part
// of std::vector<std::string>'s interface the code uses; items are given
// by value (a std::string, not a reference into the packing), and
// iterators are invalidated by any change to, or move of, the list.
class TagList {
 public:
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string;

    const_iterator() = default;
    std::string operator*() const;
    const_iterator& operator++();
    const_iterator operator++(int) {
      const_iterator was = *this;
      ++*this;
      return was;
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.p_ == b.p_; }
    friend bool operator!=(const_iterator a, const_iterator b) { return a.p_ != b.p_; }

   private:
    friend class TagList;
    explicit const_iterator(const char* p) : p_(p) {}
    const char* p_ = nullptr;  // an item's length prefix, or the packing's end
  };
  using iterator = const_iterator;
  using value_type = std::string;
  using size_type = size_t;

  TagList() = default;
  TagList(std::initializer_list<std::string_view> items);  // NOLINT: as a vector's
  TagList(const std::vector<std::string>& items);  // NOLINT: implicit, as the vector it replaces

  // For a caller that needs the items as a vector of their own.
  std::vector<std::string> ToVector() const { return {begin(), end()}; }

  const_iterator begin() const { return const_iterator(packed_.data()); }
  const_iterator end() const { return const_iterator(packed_.data() + packed_.size()); }
  size_t size() const;  // counted: the lists are short
  bool empty() const { return packed_.empty(); }
  std::string operator[](size_t i) const;
  void push_back(std::string_view item);

  // One packing per list (each length written in its fewest bytes): equal
  // packings, equal items.
  friend bool operator==(const TagList& a, const TagList& b) { return a.packed_ == b.packed_; }
  friend bool operator!=(const TagList& a, const TagList& b) { return !(a == b); }

 private:
  std::string packed_;
};

// The items with `sep` between them, as Join (dossier/text.h) puts a vector's.
std::string Join(const TagList& items, std::string_view sep);

// An earlier content of an artifact, superseded by a re-add.
struct Revision {
  Sha256Digest sha256;
  uint64_t size = 0;
  Date collected;
};

struct Artifact {
  std::string id;  // "ART-20260302-7Q2K"
  ArtifactKind kind = ArtifactKind::kRecord;
  std::string title;
  std::string path;      // repository-relative, under evidence/
  std::string url;       // external evidence: the link; `path` holds its snapshot
  TagList clauses;       // leaf clause ids
  TagList requirements;  // "M3", "R19"
  Sha256Digest sha256;
  uint64_t size = 0;
  std::string owner;
  Date collected;                      // when it was filed
  std::optional<Date> effective;       // the date the evidence is about
  std::optional<Date> expires;         // end of validity (certificates, calibrations)
  std::optional<Period> review_every;  // documents: review period
  std::optional<Date> review_due;      // documents: explicit next review
  Boxed<Approval> approval;            // most artifacts have none: held on the heap
  std::vector<Revision> revisions;     // earlier contents, oldest first
  Boxed<UnknownFields> unknown;        // none in nearly every artifact: held on the heap

  // Approved, the approval is of the current content, and its signature
  // was not found invalid.
  bool approved() const {
    return approval && approval->sha256 == sha256 &&
           approval->signature_state != SignatureState::kInvalid;
  }
  // The date the next review falls due, if the document has a review cycle.
  std::optional<Date> NextReview() const;
  // The date the evidence is about: `effective`, else `collected`.
  Date EvidenceDate() const { return effective ? *effective : collected; }
};

// How an artifact stands on `today`, in one word, as `list` and `show` say
// it. A document: "approved" (Artifact::approved()), "unapproved",
// "approval-not-valid" (its signature does not verify),
// "changed-since-approval" or "review-overdue". A record: "expired" past
// its end of validity, else "-".
const char* ArtifactState(const Artifact& a, Date today);

enum class Grade { kMajor, kMinor, kConcern, kObservation, kOfi };
const char* ToString(Grade g);
Result<Grade> ParseGrade(std::string_view s);
// Majors and minors are nonconformities and go through corrective action.
inline bool IsNonconformity(Grade g) { return g == Grade::kMajor || g == Grade::kMinor; }

enum class FindingSource {
  kInternalAudit,
  kStage1,
  kStage2,
  kSurveillance,
  kComplaint,
  kProcess,
  kReview,
  kRecertification,
  kSpecial
};
const char* ToString(FindingSource s);
Result<FindingSource> ParseFindingSource(std::string_view s);

// Withdrawn: raised in error or a duplicate of another finding; kept, never
// deleted, and listed apart by readiness (doc/lifecycle.md).
enum class FindingState {
  kOpen,
  kAnalysed,
  kPlanned,
  kImplemented,
  kVerified,
  kClosed,
  kWithdrawn
};
const char* ToString(FindingState s);
Result<FindingState> ParseFindingState(std::string_view s);

// One step of an entity's lifecycle: who moved it, when, why.
struct Transition {
  std::string from;  // state names; empty `from` for creation
  std::string to;
  std::string by;
  Date date;
  std::string note;
};

// An artifact cited as evidence, with the hash it had when cited.
struct EvidenceRef {
  std::string artifact;
  std::string sha256;
};

struct EffectivenessCheck {
  Date date;
  std::string by;
  bool effective = false;
  std::vector<EvidenceRef> evidence;
  std::string note;
  int round = 1;  // the round of corrective action it judged (Finding::round)
};

// One corrective action of a finding (10.2.1 c): several may remove a cause.
struct CorrectiveAction {
  std::string text;
  std::string owner;
  std::optional<Date> due;
  std::string state = "open";  // "open", "done", "ineffective" (its round failed)
  std::optional<Date> done;
  std::vector<EvidenceRef> evidence;
  int round = 1;
};

// A step the certification body takes on its own finding: plan submitted
// to it, plan accepted by it, closure verified by it.
struct BodyStep {
  Date date;
  std::string by;
  std::vector<EvidenceRef> evidence;
  std::string note;
};

// A change of grade, with the reason and who decided.
struct Regrade {
  Date date;
  Grade from = Grade::kMinor;
  Grade to = Grade::kMinor;
  std::string why;
  std::string decided_by;
};

struct Finding {
  std::string id;  // "NC-20260302-7Q2K" (major/minor) or "OB-..." (others)
  std::string title;
  std::string description;
  Grade grade = Grade::kMinor;
  FindingSource source = FindingSource::kInternalAudit;
  std::vector<std::string> clauses;
  std::string audit;  // the internal audit that raised it, if any
  std::string owner;
  std::string objective;  // the quality objective it is about, if any
  Date raised;
  std::optional<Date> due;
  FindingState state = FindingState::kOpen;
  std::string correction;
  std::string cause;
  std::string action;  // the latest action planned (older files: the only one)
  std::vector<EvidenceRef> implementation_evidence;
  std::vector<EffectivenessCheck> checks;
  std::string response;  // closing response (observations, OFIs, concerns)
  std::optional<Date> closed;
  std::vector<Transition> history;
  // Corrective action as 10.2 asks (doc/lifecycle.md).
  std::vector<EvidenceRef> raised_evidence;   // the objective evidence when raised
  std::string containment;                    // what was done at once to contain it
  std::optional<Date> correction_date;        // the day the correction was done
  std::string extent;                         // 10.2.1 b 3: similar nonconformities elsewhere
  std::string cause_method;                   // "5-whys" or "fishbone", optional
  std::vector<std::string> cause_whys;        // 5 whys: each answer in turn
  std::vector<std::string> cause_categories;  // fishbone: the categories the cause lies in
  std::vector<EvidenceRef> analysis_evidence;
  std::string risks;        // 10.2.1 e: risks and opportunities updated
  std::string qms_changes;  // 10.2.1 f: changes made to the QMS
  std::vector<CorrectiveAction> actions;
  int round = 1;  // increases when a check fails or the finding is reopened
  // Withdrawal: "error" or "duplicate" (of `duplicate_of`), why, who decided.
  std::string withdrawn_reason;
  std::string duplicate_of;
  std::string withdrawn_why;
  std::string withdrawn_by;
  std::optional<Date> withdrawn;
  std::vector<Regrade> regrades;
  // The certification body's finding: its audit and deadlines.
  std::string body_audit;              // CB-... id
  std::optional<Date> body_plan_due;   // correction and action plan to the body by
  std::optional<Date> body_close_due;  // closed and verified by the body by (majors)
  std::optional<BodyStep> plan_submitted;
  std::optional<BodyStep> plan_accepted;
  std::optional<BodyStep> body_verified;
  UnknownFields unknown;

  bool open() const { return state != FindingState::kClosed && state != FindingState::kWithdrawn; }
  // IsOverdue (lifecycle.h) for the finding as it stands now.
  bool Overdue(Date today) const;
};

enum class AuditState { kPlanned, kDone, kCancelled };
const char* ToString(AuditState s);
Result<AuditState> ParseAuditState(std::string_view s);

struct InternalAudit {
  std::string id;                      // "IA-20260302-7Q2K"
  std::vector<std::string> scope;      // leaf clause ids
  std::vector<std::string> processes;  // process names from dossier.ini
  std::vector<std::string> auditors;
  Date planned;
  std::optional<Date> done;
  std::string report;         // artifact id of the audit report
  std::string report_sha256;  // its hash when the audit was marked done
  AuditState state = AuditState::kPlanned;
  std::string cancel_reason;
  std::vector<Transition> history;
  UnknownFields unknown;
};

// An action decided at a management review, tracked to done.
struct ReviewAction {
  std::string text;
  std::string owner;
  std::optional<Date> due;
  std::string state = "open";  // "open" or "done"
  std::optional<Date> done;
  std::vector<EvidenceRef> evidence;
};

// The certification body's audits of the three-year cycle (doc/lifecycle.md).
enum class BodyAuditType {
  kStage1,
  kStage2,
  kSurveillance1,
  kSurveillance2,
  kRecertification,
  kSpecial
};
const char* ToString(BodyAuditType t);
Result<BodyAuditType> ParseBodyAuditType(std::string_view s);

struct BodyAudit {
  std::string id;  // "CB-20260302-7Q2K"
  BodyAuditType type = BodyAuditType::kStage2;
  std::string body;         // the certification body
  std::string scope;        // the certificate scope audited
  std::string certificate;  // certificate number, once issued
  Date planned;
  std::optional<Date> done;
  std::string report;  // artifact id of the body's report
  std::string report_sha256;
  AuditState state = AuditState::kPlanned;
  std::vector<Transition> history;
  UnknownFields unknown;
};

struct ManagementReview {
  std::string id;  // "MR-20260302-7Q2K"
  Date date;
  std::vector<std::string> inputs;  // 9.3.2 items: a, b, c1..c7, d, e, f
  std::string minutes;              // artifact id
  std::string minutes_sha256;
  std::vector<std::string> outputs;  // 9.3.3
  std::vector<std::string> actions;
  std::vector<ReviewAction> tracked;  // actions with owner, due date and state
  std::string recorded_by;
  UnknownFields unknown;
};

enum class Frequency { kMonthly, kQuarterly, kYearly };
const char* ToString(Frequency f);
Result<Frequency> ParseFrequency(std::string_view s);
// The window within which a measure must have a measurement.
Period FrequencyWindow(Frequency f);

struct Measure {
  std::string name;
  std::string unit;
  std::string target;  // ">=90", "<5", "=100"
  Frequency frequency = Frequency::kMonthly;
};

struct Objective {
  std::string id;  // "OBJ-20260302-7Q2K"
  std::string name;
  std::string owner;
  std::string plan;
  std::vector<Measure> measures;
  Date created;
  UnknownFields unknown;
};

struct Measurement {
  std::string id;  // "MS-20260302-7Q2K"
  std::string objective;
  std::string measure;
  double value = 0;
  Date date;
  std::string source;  // artifact id, optional
  std::string recorded_by;
  UnknownFields unknown;
};

// A person's public key for signing approvals, kept in the repository
// (dossier/keys/ID.json) by `dossier keygen --person`; the private key stays
// with its owner. A key is revoked, never removed: approvals it signed
// before the revocation date stay valid.
struct ApproverKey {
  std::string id;           // the first 16 hex digits of the fingerprint
  std::string person;       // the approver's name, as approvals record it
  std::string fingerprint;  // SHA-256 (hex) of the DER public key
  std::string public_key;   // SubjectPublicKeyInfo PEM
  Date registered;
  std::optional<Date> revoked;  // signatures dated on or after it do not count
  std::string revoked_why;
  UnknownFields unknown;
};

}  // namespace dossier

#endif  // DOSSIER_ENTITIES_H_
