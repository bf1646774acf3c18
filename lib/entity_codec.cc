#include "entity_codec.h"

#include <vector>

namespace dossier::codec {
namespace bj = json::bj;
namespace {

constexpr int kSchemaVersion = 1;

bj::value TransitionsValue(const std::vector<Transition>& history) {
  bj::array a;
  for (const auto& t : history) {
    bj::object o;
    json::PutString(o, "from", t.from);
    o["to"] = t.to;
    json::PutString(o, "by", t.by);
    o["date"] = t.date.ToString();
    json::PutString(o, "note", t.note);
    a.push_back(std::move(o));
  }
  return a;
}

std::vector<Transition> ReadTransitions(json::Reader& r, const char* key) {
  std::vector<Transition> out;
  const bj::array* a = r.Array(key);
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_object()) {
      r.Fail(key, "expected objects");
      return out;
    }
    json::Reader tr((*a)[i].get_object(), r.source() + ": " + key + "[" + std::to_string(i) + "]");
    Transition t;
    t.from = tr.String("from");
    t.to = tr.String("to", true);
    t.by = tr.String("by");
    t.date = tr.RequiredDate("date");
    t.note = tr.String("note");
    if (!tr.ok()) r.Fail(key, tr.error().message());
    out.push_back(std::move(t));
  }
  return out;
}

bj::value EvidenceValue(const std::vector<EvidenceRef>& refs) {
  bj::array a;
  for (const auto& e : refs) {
    bj::object o;
    o["artifact"] = e.artifact;
    o["sha256"] = e.sha256;
    a.push_back(std::move(o));
  }
  return a;
}

std::vector<EvidenceRef> ReadEvidence(json::Reader& r, const bj::array* a, const char* key) {
  std::vector<EvidenceRef> out;
  if (!a) return out;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_object()) {
      r.Fail(key, "expected objects");
      return out;
    }
    json::Reader er((*a)[i].get_object(), r.source() + ": " + key + "[" + std::to_string(i) + "]");
    EvidenceRef e;
    e.artifact = er.String("artifact", true);
    e.sha256 = er.String("sha256");
    if (!er.ok()) r.Fail(key, er.error().message());
    out.push_back(std::move(e));
  }
  return out;
}

// Reads an array of objects under `key`, calling `read` with a Reader for each.
template <typename F>
void ReadObjects(json::Reader& r, const char* key, F read) {
  const bj::array* a = r.Array(key);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_object()) {
      r.Fail(key, "expected objects");
      return;
    }
    json::Reader er((*a)[i].get_object(), r.source() + ": " + key + "[" + std::to_string(i) + "]");
    read(er);
    if (!er.ok()) {
      r.Fail(key, er.error().message());
      return;
    }
  }
}

bj::value BodyStepValue(const BodyStep& b) {
  bj::object o;
  o["date"] = b.date.ToString();
  json::PutString(o, "by", b.by);
  if (!b.evidence.empty()) o["evidence"] = EvidenceValue(b.evidence);
  json::PutString(o, "note", b.note);
  return o;
}

std::optional<BodyStep> ReadBodyStep(json::Reader& r, const char* key) {
  const bj::object* o = r.Object(key);
  if (!o) return std::nullopt;
  json::Reader br(*o, r.source() + ": " + key);
  BodyStep b;
  b.date = br.RequiredDate("date");
  b.by = br.String("by");
  b.evidence = ReadEvidence(br, br.Array("evidence"), "evidence");
  b.note = br.String("note");
  if (!br.ok()) r.Fail(key, br.error().message());
  return b;
}

// Parses `text` as an object and checks its schema version.
Result<bj::value> ParseObject(std::string_view text, const std::string& source) {
  auto v = json::Parse(text, source);
  if (!v) return v.error();
  if (!v->is_object()) return Error::Input(source + ": expected a JSON object");
  return v;
}

// An entity's unknown keys; an artifact's are boxed, and only when there are any.
void SetUnknown(UnknownFields* to, UnknownFields from) { *to = std::move(from); }
void SetUnknown(Boxed<UnknownFields>* to, UnknownFields from) {
  if (from.empty()) {
    to->reset();
  } else {
    *to = std::move(from);
  }
}
void PutUnknown(bj::object& o, const Boxed<UnknownFields>& unknown) {
  if (unknown) json::PutUnknown(o, *unknown);
}

template <typename T>
Result<T> Finish(json::Reader& r, T entity) {
  int64_t version = r.Int("schema_version", kSchemaVersion);
  if (version > kSchemaVersion) {
    r.Fail("schema_version", "version " + std::to_string(version) +
                                 " is newer than this dossier understands (" +
                                 std::to_string(kSchemaVersion) + ")");
  }
  if (!r.ok()) return r.error();
  SetUnknown(&entity.unknown, r.Unknown());
  return entity;
}

template <typename E>
E ReadEnum(json::Reader& r, const char* key, Result<E> (*parse)(std::string_view), E fallback) {
  std::string s = r.String(key, true);
  if (s.empty()) return fallback;
  auto v = parse(s);
  if (!v) {
    r.Fail(key, v.error().message());
    return fallback;
  }
  return *v;
}

// An artifact's file must lie in the repository's evidence/ folder: a
// hand-edited "../../etc/passwd" would otherwise be hashed, shown and packed.
bool IsEvidencePath(const std::string& path) {
  if (path.find('\0') != std::string::npos) return false;
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    parts.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2 || parts[0] != "evidence") return false;
  for (const auto& p : parts) {
    if (p.empty() || p == "." || p == "..") return false;
  }
  return true;
}

}  // namespace

// ---- Approval (an artifact's, a document revision's) ----

bj::value ToValue(const Approval& a) {
  bj::object o;
  o["by"] = a.by;
  o["date"] = a.date.ToString();
  o["sha256"] = a.sha256.hex();
  json::PutString(o, "signature", a.signature);
  json::PutString(o, "key", a.key);
  if (a.not_applicable) {
    bj::object na;
    for (const auto& [clause, why] : *a.not_applicable) na[clause] = why;
    o["not_applicable"] = std::move(na);
  }
  return o;
}

Result<Approval> DecodeApproval(const bj::object& o, const std::string& source) {
  json::Reader r(o, source + ": approval");
  Approval a;
  a.by = r.String("by", true);
  a.date = r.RequiredDate("date");
  a.sha256 = r.String("sha256", true);
  a.signature = r.String("signature");
  a.key = r.String("key");
  if (const bj::object* na = r.Object("not_applicable")) {
    a.not_applicable.emplace();
    for (const auto& [clause, why] : *na) {
      if (!why.is_string()) {
        r.Fail("not_applicable", "expected a justification text per clause");
        break;
      }
      (*a.not_applicable)[std::string(clause)] = std::string(why.get_string());
    }
  }
  if (!r.ok()) return r.error();
  return a;
}

// ---- Artifact ----

bj::value ToValue(const Artifact& a) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = a.id;
  o["kind"] = ToString(a.kind);
  o["title"] = a.title;
  o["path"] = a.path;
  json::PutString(o, "url", a.url);
  json::PutStrings(o, "clauses", a.clauses);
  json::PutStrings(o, "requirements", a.requirements);
  o["sha256"] = a.sha256.hex();
  o["size"] = a.size;
  json::PutString(o, "owner", a.owner);
  o["collected"] = a.collected.ToString();
  json::PutDate(o, "effective", a.effective);
  json::PutDate(o, "expires", a.expires);
  if (a.review_every) o["review_every"] = a.review_every->ToString();
  json::PutDate(o, "review_due", a.review_due);
  if (a.approval) o["approval"] = ToValue(*a.approval);
  if (!a.revisions.empty()) {
    bj::array revs;
    for (const auto& r : a.revisions) {
      bj::object ro;
      ro["sha256"] = r.sha256.hex();
      ro["size"] = r.size;
      ro["collected"] = r.collected.ToString();
      revs.push_back(std::move(ro));
    }
    o["revisions"] = std::move(revs);
  }
  PutUnknown(o, a.unknown);
  return o;
}

Result<Artifact> DecodeArtifact(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  Artifact a;
  a.id = r.String("id", true);
  a.kind = ReadEnum(r, "kind", &ParseArtifactKind, ArtifactKind::kRecord);
  a.title = r.String("title");
  a.path = r.String("path", true);
  if (!a.path.empty() && !IsEvidencePath(a.path)) {
    r.Fail("path", "\"" + a.path + "\" is not a path under evidence/ (repository-relative, " +
                       "no '..', e.g. evidence/records/minutes.pdf)");
  }
  a.url = r.String("url");
  a.clauses = r.Strings("clauses");
  a.requirements = r.Strings("requirements");
  a.sha256 = r.String("sha256", true);
  a.size = static_cast<uint64_t>(r.Int("size"));
  a.owner = r.String("owner");
  a.collected = r.RequiredDate("collected");
  a.effective = r.OptDate("effective");
  a.expires = r.OptDate("expires");
  std::string every = r.String("review_every");
  if (!every.empty()) {
    auto p = Period::Parse(every, "review_every");
    if (p) {
      a.review_every = *p;
    } else {
      r.Fail("review_every", p.error().message());
    }
  }
  a.review_due = r.OptDate("review_due");
  if (const bj::object* ap = r.Object("approval")) {
    auto approval = DecodeApproval(*ap, source);
    if (approval) {
      a.approval = std::move(*approval);
    } else {
      r.Fail("approval", approval.error().message());
    }
  }
  if (const bj::array* revs = r.Array("revisions")) {
    for (const auto& e : *revs) {
      if (!e.is_object()) {
        r.Fail("revisions", "expected objects");
        break;
      }
      json::Reader rr(e.get_object(), source + ": revisions");
      Revision rev;
      rev.sha256 = rr.String("sha256", true);
      rev.size = static_cast<uint64_t>(rr.Int("size"));
      rev.collected = rr.RequiredDate("collected");
      if (!rr.ok()) r.Fail("revisions", rr.error().message());
      a.revisions.push_back(rev);
    }
  }
  return Finish(r, std::move(a));
}

// ---- Finding ----

bj::value ToValue(const Finding& f) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = f.id;
  o["title"] = f.title;
  json::PutString(o, "description", f.description);
  o["grade"] = ToString(f.grade);
  o["source"] = ToString(f.source);
  json::PutStrings(o, "clauses", f.clauses);
  json::PutString(o, "audit", f.audit);
  json::PutString(o, "owner", f.owner);
  json::PutString(o, "objective", f.objective);
  o["raised"] = f.raised.ToString();
  json::PutDate(o, "due", f.due);
  o["state"] = ToString(f.state);
  json::PutString(o, "correction", f.correction);
  json::PutString(o, "cause", f.cause);
  json::PutString(o, "action", f.action);
  if (!f.implementation_evidence.empty()) {
    o["implementation_evidence"] = EvidenceValue(f.implementation_evidence);
  }
  if (!f.checks.empty()) {
    bj::array checks;
    for (const auto& c : f.checks) {
      bj::object co;
      co["date"] = c.date.ToString();
      json::PutString(co, "by", c.by);
      co["effective"] = c.effective;
      co["evidence"] = EvidenceValue(c.evidence);
      json::PutString(co, "note", c.note);
      if (c.round != 1) co["round"] = c.round;
      checks.push_back(std::move(co));
    }
    o["checks"] = std::move(checks);
  }
  json::PutString(o, "response", f.response);
  json::PutDate(o, "closed", f.closed);
  if (!f.raised_evidence.empty()) o["raised_evidence"] = EvidenceValue(f.raised_evidence);
  json::PutString(o, "containment", f.containment);
  json::PutDate(o, "correction_date", f.correction_date);
  json::PutString(o, "extent", f.extent);
  json::PutString(o, "cause_method", f.cause_method);
  json::PutStrings(o, "cause_whys", f.cause_whys);
  json::PutStrings(o, "cause_categories", f.cause_categories);
  if (!f.analysis_evidence.empty()) o["analysis_evidence"] = EvidenceValue(f.analysis_evidence);
  json::PutString(o, "risks", f.risks);
  json::PutString(o, "qms_changes", f.qms_changes);
  if (!f.actions.empty()) {
    bj::array actions;
    for (const auto& a : f.actions) {
      bj::object ao;
      ao["text"] = a.text;
      json::PutString(ao, "owner", a.owner);
      json::PutDate(ao, "due", a.due);
      ao["state"] = a.state;
      json::PutDate(ao, "done", a.done);
      if (!a.evidence.empty()) ao["evidence"] = EvidenceValue(a.evidence);
      ao["round"] = a.round;
      actions.push_back(std::move(ao));
    }
    o["actions"] = std::move(actions);
  }
  if (f.round != 1) o["round"] = f.round;
  json::PutString(o, "withdrawn_reason", f.withdrawn_reason);
  json::PutString(o, "duplicate_of", f.duplicate_of);
  json::PutString(o, "withdrawn_why", f.withdrawn_why);
  json::PutString(o, "withdrawn_by", f.withdrawn_by);
  json::PutDate(o, "withdrawn", f.withdrawn);
  if (!f.regrades.empty()) {
    bj::array regrades;
    for (const auto& g : f.regrades) {
      bj::object go;
      go["date"] = g.date.ToString();
      go["from"] = ToString(g.from);
      go["to"] = ToString(g.to);
      go["why"] = g.why;
      json::PutString(go, "decided_by", g.decided_by);
      regrades.push_back(std::move(go));
    }
    o["regrades"] = std::move(regrades);
  }
  json::PutString(o, "body_audit", f.body_audit);
  json::PutDate(o, "body_plan_due", f.body_plan_due);
  json::PutDate(o, "body_close_due", f.body_close_due);
  if (f.plan_submitted) o["plan_submitted"] = BodyStepValue(*f.plan_submitted);
  if (f.plan_accepted) o["plan_accepted"] = BodyStepValue(*f.plan_accepted);
  if (f.body_verified) o["body_verified"] = BodyStepValue(*f.body_verified);
  o["history"] = TransitionsValue(f.history);
  json::PutUnknown(o, f.unknown);
  return o;
}

Result<Finding> DecodeFinding(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  Finding f;
  f.id = r.String("id", true);
  f.title = r.String("title", true);
  f.description = r.String("description");
  f.grade = ReadEnum(r, "grade", &ParseGrade, Grade::kMinor);
  f.source = ReadEnum(r, "source", &ParseFindingSource, FindingSource::kInternalAudit);
  f.clauses = r.Strings("clauses");
  f.audit = r.String("audit");
  f.owner = r.String("owner");
  f.objective = r.String("objective");
  f.raised = r.RequiredDate("raised");
  f.due = r.OptDate("due");
  f.state = ReadEnum(r, "state", &ParseFindingState, FindingState::kOpen);
  f.correction = r.String("correction");
  f.cause = r.String("cause");
  f.action = r.String("action");
  f.implementation_evidence =
      ReadEvidence(r, r.Array("implementation_evidence"), "implementation_evidence");
  if (const bj::array* checks = r.Array("checks")) {
    for (size_t i = 0; i < checks->size(); ++i) {
      if (!(*checks)[i].is_object()) {
        r.Fail("checks", "expected objects");
        break;
      }
      json::Reader cr((*checks)[i].get_object(), source + ": checks[" + std::to_string(i) + "]");
      EffectivenessCheck c;
      c.date = cr.RequiredDate("date");
      c.by = cr.String("by");
      c.effective = cr.Bool("effective");
      c.evidence = ReadEvidence(cr, cr.Array("evidence"), "evidence");
      c.note = cr.String("note");
      c.round = static_cast<int>(cr.Int("round", 1));
      if (!cr.ok()) r.Fail("checks", cr.error().message());
      f.checks.push_back(std::move(c));
    }
  }
  f.response = r.String("response");
  f.closed = r.OptDate("closed");
  f.raised_evidence = ReadEvidence(r, r.Array("raised_evidence"), "raised_evidence");
  f.containment = r.String("containment");
  f.correction_date = r.OptDate("correction_date");
  f.extent = r.String("extent");
  f.cause_method = r.String("cause_method");
  f.cause_whys = r.Strings("cause_whys");
  f.cause_categories = r.Strings("cause_categories");
  f.analysis_evidence = ReadEvidence(r, r.Array("analysis_evidence"), "analysis_evidence");
  f.risks = r.String("risks");
  f.qms_changes = r.String("qms_changes");
  ReadObjects(r, "actions", [&](json::Reader& ar) {
    CorrectiveAction a;
    a.text = ar.String("text", true);
    a.owner = ar.String("owner");
    a.due = ar.OptDate("due");
    a.state = ar.String("state");
    if (a.state.empty()) a.state = "open";
    if (a.state != "open" && a.state != "done" && a.state != "ineffective") {
      ar.Fail("state", "unknown action state \"" + a.state + "\" (valid: open, done, ineffective)");
    }
    a.done = ar.OptDate("done");
    a.evidence = ReadEvidence(ar, ar.Array("evidence"), "evidence");
    a.round = static_cast<int>(ar.Int("round", 1));
    f.actions.push_back(std::move(a));
  });
  f.round = static_cast<int>(r.Int("round", 1));
  f.withdrawn_reason = r.String("withdrawn_reason");
  f.duplicate_of = r.String("duplicate_of");
  f.withdrawn_why = r.String("withdrawn_why");
  f.withdrawn_by = r.String("withdrawn_by");
  f.withdrawn = r.OptDate("withdrawn");
  ReadObjects(r, "regrades", [&](json::Reader& gr) {
    Regrade g;
    g.date = gr.RequiredDate("date");
    g.from = ReadEnum(gr, "from", &ParseGrade, Grade::kMinor);
    g.to = ReadEnum(gr, "to", &ParseGrade, Grade::kMinor);
    g.why = gr.String("why");
    g.decided_by = gr.String("decided_by");
    f.regrades.push_back(std::move(g));
  });
  f.body_audit = r.String("body_audit");
  f.body_plan_due = r.OptDate("body_plan_due");
  f.body_close_due = r.OptDate("body_close_due");
  f.plan_submitted = ReadBodyStep(r, "plan_submitted");
  f.plan_accepted = ReadBodyStep(r, "plan_accepted");
  f.body_verified = ReadBodyStep(r, "body_verified");
  f.history = ReadTransitions(r, "history");
  return Finish(r, std::move(f));
}

// ---- InternalAudit ----

bj::value ToValue(const InternalAudit& a) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = a.id;
  json::PutStrings(o, "scope", a.scope);
  json::PutStrings(o, "processes", a.processes);
  json::PutStrings(o, "auditors", a.auditors);
  o["planned"] = a.planned.ToString();
  json::PutDate(o, "done", a.done);
  json::PutString(o, "report", a.report);
  json::PutString(o, "report_sha256", a.report_sha256);
  o["state"] = ToString(a.state);
  json::PutString(o, "cancel_reason", a.cancel_reason);
  o["history"] = TransitionsValue(a.history);
  json::PutUnknown(o, a.unknown);
  return o;
}

Result<InternalAudit> DecodeAudit(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  InternalAudit a;
  a.id = r.String("id", true);
  a.scope = r.Strings("scope");
  a.processes = r.Strings("processes");
  a.auditors = r.Strings("auditors");
  a.planned = r.RequiredDate("planned");
  a.done = r.OptDate("done");
  a.report = r.String("report");
  a.report_sha256 = r.String("report_sha256");
  a.state = ReadEnum(r, "state", &ParseAuditState, AuditState::kPlanned);
  a.cancel_reason = r.String("cancel_reason");
  a.history = ReadTransitions(r, "history");
  return Finish(r, std::move(a));
}

// ---- BodyAudit ----

bj::value ToValue(const BodyAudit& a) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = a.id;
  o["type"] = ToString(a.type);
  json::PutString(o, "body", a.body);
  json::PutString(o, "scope", a.scope);
  json::PutString(o, "certificate", a.certificate);
  o["planned"] = a.planned.ToString();
  json::PutDate(o, "done", a.done);
  json::PutString(o, "report", a.report);
  json::PutString(o, "report_sha256", a.report_sha256);
  o["state"] = ToString(a.state);
  o["history"] = TransitionsValue(a.history);
  json::PutUnknown(o, a.unknown);
  return o;
}

Result<BodyAudit> DecodeBodyAudit(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  BodyAudit a;
  a.id = r.String("id", true);
  a.type = ReadEnum(r, "type", &ParseBodyAuditType, BodyAuditType::kStage2);
  a.body = r.String("body");
  a.scope = r.String("scope");
  a.certificate = r.String("certificate");
  a.planned = r.RequiredDate("planned");
  a.done = r.OptDate("done");
  a.report = r.String("report");
  a.report_sha256 = r.String("report_sha256");
  a.state = ReadEnum(r, "state", &ParseAuditState, AuditState::kPlanned);
  a.history = ReadTransitions(r, "history");
  return Finish(r, std::move(a));
}

// ---- ManagementReview ----

bj::value ToValue(const ManagementReview& m) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = m.id;
  o["date"] = m.date.ToString();
  json::PutStrings(o, "inputs", m.inputs);
  json::PutString(o, "minutes", m.minutes);
  json::PutString(o, "minutes_sha256", m.minutes_sha256);
  json::PutStrings(o, "outputs", m.outputs);
  json::PutStrings(o, "actions", m.actions);
  if (!m.tracked.empty()) {
    bj::array tracked;
    for (const auto& a : m.tracked) {
      bj::object ao;
      ao["text"] = a.text;
      json::PutString(ao, "owner", a.owner);
      json::PutDate(ao, "due", a.due);
      ao["state"] = a.state;
      json::PutDate(ao, "done", a.done);
      if (!a.evidence.empty()) ao["evidence"] = EvidenceValue(a.evidence);
      tracked.push_back(std::move(ao));
    }
    o["tracked_actions"] = std::move(tracked);
  }
  json::PutString(o, "recorded_by", m.recorded_by);
  json::PutUnknown(o, m.unknown);
  return o;
}

Result<ManagementReview> DecodeReview(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  ManagementReview m;
  m.id = r.String("id", true);
  m.date = r.RequiredDate("date");
  m.inputs = r.Strings("inputs");
  m.minutes = r.String("minutes");
  m.minutes_sha256 = r.String("minutes_sha256");
  m.outputs = r.Strings("outputs");
  m.actions = r.Strings("actions");
  ReadObjects(r, "tracked_actions", [&](json::Reader& ar) {
    ReviewAction a;
    a.text = ar.String("text", true);
    a.owner = ar.String("owner");
    a.due = ar.OptDate("due");
    a.state = ar.String("state");
    if (a.state.empty()) a.state = "open";
    if (a.state != "open" && a.state != "done") {
      ar.Fail("state", "unknown action state \"" + a.state + "\" (valid: open, done)");
    }
    a.done = ar.OptDate("done");
    a.evidence = ReadEvidence(ar, ar.Array("evidence"), "evidence");
    m.tracked.push_back(std::move(a));
  });
  m.recorded_by = r.String("recorded_by");
  return Finish(r, std::move(m));
}

// ---- Objective ----

bj::value ToValue(const Objective& ob) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = ob.id;
  o["name"] = ob.name;
  json::PutString(o, "owner", ob.owner);
  json::PutString(o, "plan", ob.plan);
  o["created"] = ob.created.ToString();
  bj::array measures;
  for (const auto& m : ob.measures) {
    bj::object mo;
    mo["name"] = m.name;
    json::PutString(mo, "unit", m.unit);
    mo["target"] = m.target;
    mo["frequency"] = ToString(m.frequency);
    measures.push_back(std::move(mo));
  }
  o["measures"] = std::move(measures);
  json::PutUnknown(o, ob.unknown);
  return o;
}

Result<Objective> DecodeObjective(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  Objective ob;
  ob.id = r.String("id", true);
  ob.name = r.String("name", true);
  ob.owner = r.String("owner");
  ob.plan = r.String("plan");
  ob.created = r.RequiredDate("created");
  if (const bj::array* ms = r.Array("measures")) {
    for (size_t i = 0; i < ms->size(); ++i) {
      if (!(*ms)[i].is_object()) {
        r.Fail("measures", "expected objects");
        break;
      }
      json::Reader mr((*ms)[i].get_object(), source + ": measures[" + std::to_string(i) + "]");
      Measure m;
      m.name = mr.String("name", true);
      m.unit = mr.String("unit");
      m.target = mr.String("target", true);
      m.frequency = ReadEnum(mr, "frequency", &ParseFrequency, Frequency::kMonthly);
      if (!mr.ok()) r.Fail("measures", mr.error().message());
      ob.measures.push_back(std::move(m));
    }
  }
  return Finish(r, std::move(ob));
}

// ---- Measurement ----

bj::value ToValue(const Measurement& m) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = m.id;
  o["objective"] = m.objective;
  o["measure"] = m.measure;
  o["value"] = m.value;
  o["date"] = m.date.ToString();
  json::PutString(o, "source", m.source);
  json::PutString(o, "recorded_by", m.recorded_by);
  json::PutUnknown(o, m.unknown);
  return o;
}

Result<Measurement> DecodeMeasurement(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  Measurement m;
  m.id = r.String("id", true);
  m.objective = r.String("objective", true);
  m.measure = r.String("measure", true);
  m.value = r.Double("value", true);
  m.date = r.RequiredDate("date");
  m.source = r.String("source");
  m.recorded_by = r.String("recorded_by");
  return Finish(r, std::move(m));
}

// ---- ApproverKey ----

bj::value ToValue(const ApproverKey& k) {
  bj::object o;
  o["schema_version"] = kSchemaVersion;
  o["id"] = k.id;
  o["person"] = k.person;
  o["fingerprint"] = k.fingerprint;
  o["public_key"] = k.public_key;
  o["registered"] = k.registered.ToString();
  json::PutDate(o, "revoked", k.revoked);
  json::PutString(o, "revoked_why", k.revoked_why);
  json::PutUnknown(o, k.unknown);
  return o;
}

Result<ApproverKey> DecodeKey(std::string_view text, const std::string& source) {
  auto v = ParseObject(text, source);
  if (!v) return v.error();
  json::Reader r(v->get_object(), source, text);
  ApproverKey k;
  k.id = r.String("id", true);
  k.person = r.String("person", true);
  k.fingerprint = r.String("fingerprint", true);
  k.public_key = r.String("public_key", true);
  k.registered = r.RequiredDate("registered");
  k.revoked = r.OptDate("revoked");
  k.revoked_why = r.String("revoked_why");
  return Finish(r, std::move(k));
}

}  // namespace dossier::codec
