// The commands' --json documents (include/dossier/json_documents.h): each
// built once as a value from the entities' own JSON forms (codec::ToValue)
// and written by the one canonical writer (json::Canonical).
#include "dossier/json_documents.h"

#include "dossier/audits.h"
#include "dossier/json.h"
#include "dossier/lifecycle.h"
#include "dossier/objectives.h"
#include "entity_codec.h"
#include "json_io.h"

namespace dossier {
namespace {

namespace bj = boost::json;

std::string Document(bj::object doc) {
  doc["schema_version"] = kJsonSchemaVersion;
  return json::Canonical(doc);
}

bj::array Strings(const std::vector<std::string>& v) {
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

bj::value FindingValue(const Finding& f, Date as_of) {
  bj::value v = codec::ToValue(f);
  bj::object& o = v.as_object();
  o["overdue"] = f.Overdue(as_of);
  o["next"] = Strings(NextStepHints(f));
  return v;
}

bj::value AuditValue(const Snapshot& snap, const InternalAudit& a) {
  bj::value v = codec::ToValue(a);
  bj::object& o = v.as_object();
  bj::array risks;
  for (const auto& r : SelfAuditRisks(a, snap.config.processes, snap.checklist)) {
    risks.push_back(bj::object{{"auditor", r.auditor}, {"process", r.process}});
  }
  o["self_audit_risks"] = std::move(risks);
  bj::array findings;
  for (const Finding* f : FindingsOfAudit(snap, a.id)) findings.emplace_back(f->id);
  o["findings"] = std::move(findings);
  return v;
}

bj::value ReviewValue(const ManagementReview& r) {
  bj::value v = codec::ToValue(r);
  v.as_object()["inputs_not_covered"] = Strings(MissingReviewInputs(r));
  return v;
}

bj::value ObjectiveValue(const Snapshot& snap, const Objective& ob, bool with_measurements) {
  bj::value v = codec::ToValue(ob);
  bj::array status;
  for (const auto& s : MeasureStatuses(snap, ob)) {
    bj::object o;
    o["measure"] = s.measure->name;
    o["target"] = s.measure->target;
    o["latest"] = s.latest ? codec::ToValue(*s.latest) : bj::value(nullptr);
    o["met"] = s.latest && s.met ? bj::value(*s.met) : bj::value(nullptr);
    status.push_back(std::move(o));
  }
  v.as_object()["status"] = std::move(status);
  if (with_measurements) {
    bj::array all;
    for (const Measurement* m : MeasurementsOf(snap, ob.id)) all.push_back(codec::ToValue(*m));
    v.as_object()["measurements"] = std::move(all);
  }
  return v;
}

bj::array Artifacts(const std::vector<Artifact>& v) {
  bj::array a;
  for (const auto& x : v) a.push_back(codec::ToValue(x));
  return a;
}

}  // namespace

void WriteArtifactsJson(std::ostream& out, const std::vector<const Artifact*>& artifacts,
                        Date as_of) {
  json::CanonicalWriter w(out);
  w.BeginArray("artifacts");
  for (const Artifact* a : artifacts) {
    bj::value v = codec::ToValue(*a);
    v.as_object()["state"] = ArtifactState(*a, as_of);
    w.Element(v);
  }
  w.EndArray();
  w.Member("as_of", bj::value(as_of.ToString()));
  w.Member("schema_version", bj::value(kJsonSchemaVersion));
  w.End();
}

std::string ArtifactJson(const Artifact& a) {
  bj::value v = codec::ToValue(a);
  if (a.approval && a.approval->signature_state != SignatureState::kUnchecked) {
    bj::object check{{"signature", ToString(a.approval->signature_state)}};
    if (!a.approval->signature_problem.empty()) check["problem"] = a.approval->signature_problem;
    v.as_object()["approval_check"] = std::move(check);
  }
  return json::Canonical(v);
}

std::string AddResultJson(const AddResult& r) {
  bj::object doc;
  doc["added"] = Artifacts(r.added);
  doc["revised"] = Artifacts(r.revised);
  doc["unchanged"] = Artifacts(r.unchanged);
  doc["skipped"] = Strings(r.skipped);
  doc["commit"] = r.commit ? r.commit->commit : "";
  return Document(std::move(doc));
}

std::string WorkTreeStatusJson(const WorkTreeStatus& st) {
  bj::object doc;
  doc["unfiled"] = Strings(st.unfiled);
  doc["changed"] = Strings(st.changed);
  doc["missing"] = Strings(st.missing);
  doc["duplicated"] = Strings(st.duplicated);
  doc["symlinks"] = Strings(st.symlinks);
  doc["approvals_not_counted"] = Strings(st.approvals_not_counted);
  doc["unsigned_approvals"] = Strings(st.unsigned_approvals);
  return Document(std::move(doc));
}

std::string VerifyReportJson(const VerifyReport& r) {
  bj::object doc;
  bj::array outside;
  for (const auto& c : r.outside_commits) {
    outside.push_back(bj::object{{"commit", c.commit},
                                 {"time", Date::FromUnixSeconds(c.time).ToString()},
                                 {"author", c.author},
                                 {"summary", c.summary}});
  }
  doc["commits_outside_dossier"] = std::move(outside);
  doc["checked"] = r.checked;
  doc["bytes"] = r.bytes;
  doc["ok"] = r.ok();
  bj::array problems;
  for (const auto& p : r.problems) {
    bj::object o;
    o["artifact"] = p.artifact;
    o["path"] = p.path;
    o["expected"] = p.expected;
    o["actual"] = p.actual;
    o["problem"] = p.kind();
    if (!p.link.empty()) {
      o["link"] = p.link;
      o["link_target"] = p.link_target;
    }
    problems.push_back(std::move(o));
  }
  doc["problems"] = std::move(problems);
  bj::array conversions;
  for (const auto& c : r.conversions) {
    conversions.push_back(
        bj::object{{"artifact", c.artifact}, {"path", c.path}, {"settings", c.settings}});
  }
  doc["git_conversions"] = std::move(conversions);
  bj::array approvals;
  for (const auto& p : r.approval_problems) {
    approvals.push_back(bj::object{{"artifact", p.artifact}, {"path", p.path}, {"why", p.why}});
  }
  doc["approvals_not_counted"] = std::move(approvals);
  doc["unsigned_approvals"] = Strings(r.unsigned_approvals);
  doc["untrusted_keys"] = Strings(r.untrusted_keys);
  if (!r.rewritten_from.empty()) doc["history_rewritten_from"] = r.rewritten_from;
  return Document(std::move(doc));
}

std::string FindingsJson(const std::vector<const Finding*>& findings, Date as_of) {
  bj::array arr;
  for (const Finding* f : findings) arr.push_back(FindingValue(*f, as_of));
  return Document({{"findings", std::move(arr)}, {"as_of", as_of.ToString()}});
}

std::string FindingJson(const Finding& finding, Date as_of) {
  return Document({{"finding", FindingValue(finding, as_of)}, {"as_of", as_of.ToString()}});
}

std::string AuditsJson(const Snapshot& snap) {
  bj::array arr;
  for (const auto& a : snap.audits) arr.push_back(AuditValue(snap, a));
  return Document({{"audits", std::move(arr)}});
}

std::string AuditJson(const Snapshot& snap, const InternalAudit& audit) {
  return Document({{"audit", AuditValue(snap, audit)}});
}

std::string BodyAuditsJson(const Snapshot& snap, Date as_of) {
  const BodyAudit* next = NextBodyAudit(snap, as_of);
  bj::array arr;
  for (const auto& a : snap.body_audits) {
    bj::value v = codec::ToValue(a);
    bj::array findings;
    for (const auto& f : snap.findings) {
      if (f.body_audit == a.id) findings.emplace_back(f.id);
    }
    v.as_object()["findings"] = std::move(findings);
    v.as_object()["next"] = next == &a;
    arr.push_back(std::move(v));
  }
  return Document({{"audits", std::move(arr)}, {"as_of", as_of.ToString()}});
}

std::string ReviewsJson(const Snapshot& snap) {
  bj::array arr;
  for (const auto& r : snap.reviews) arr.push_back(ReviewValue(r));
  return Document({{"reviews", std::move(arr)}});
}

std::string ReviewJson(const ManagementReview& review) {
  return Document({{"review", ReviewValue(review)}});
}

std::string ObjectivesJson(const Snapshot& snap) {
  bj::array arr;
  for (const auto& ob : snap.objectives) arr.push_back(ObjectiveValue(snap, ob, false));
  return Document({{"objectives", std::move(arr)}});
}

std::string ObjectiveJson(const Snapshot& snap, const Objective& objective) {
  return Document({{"objective", ObjectiveValue(snap, objective, true)}});
}

std::string ClauseCoverageJson(const ClauseCoverageReport& coverage) {
  bj::array arr;
  for (const ClauseCoverage& c : coverage.clauses) {
    bj::object o;
    o["id"] = c.id;
    o["title"] = c.title;
    if (!c.parent.empty()) o["parent"] = c.parent;
    o["leaf"] = c.leaf;
    o["excludable"] = c.excludable;
    o["requirements"] = Strings(c.requirements);
    o["artifacts"] = static_cast<uint64_t>(c.documents + c.records);
    o["documents"] = static_cast<uint64_t>(c.documents);
    o["records"] = static_cast<uint64_t>(c.records);
    o["applicable"] = c.applicable;
    arr.push_back(std::move(o));
  }
  return Document({{"checklist", coverage.checklist}, {"clauses", std::move(arr)}});
}

std::string AuditTrailJson(const std::vector<Repository::HistoryEntry>& trail) {
  bj::array arr;
  for (const auto& h : trail) {
    arr.push_back(bj::object{{"commit", h.commit},
                             {"time", FormatTime(h.time)},
                             {"author", h.author},
                             {"summary", h.summary},
                             {"paths", Strings(h.paths)}});
  }
  return Document({{"log", std::move(arr)}});
}

std::string ScopeJson(const Config& config) {
  bj::object na;
  for (const auto& [c, why] : config.not_applicable) na[c] = why;
  bj::object nh;
  for (const auto& [q, n] : config.not_held) {
    bj::object o;
    o["from"] = n.from.ToString();
    if (n.to) o["to"] = n.to->ToString();
    o["why"] = n.why;
    nh[q] = std::move(o);
  }
  return Document({{"not_applicable", std::move(na)}, {"not_held", std::move(nh)}});
}

namespace {

bj::value DateOrNull(const std::optional<Date>& d) {
  return d ? bj::value(d->ToString()) : bj::value(nullptr);
}

bj::object RevisionValue(const DocRevision& r, const std::string& state) {
  bj::object o;
  o["id"] = r.id;
  o["state"] = state;
  o["sha256"] = r.sha256;
  o["size"] = r.size;
  o["stored"] = r.stored;
  o["note"] = r.note;
  o["drafted"] = r.drafted.ToString();
  o["drafted_by"] = r.drafted_by;
  o["reviewer"] = r.reviewer;
  o["submitted"] = DateOrNull(r.submitted);
  o["approved_by"] = r.approval ? bj::value(r.approval->by) : bj::value(nullptr);
  o["approved"] = r.approval ? bj::value(r.approval->date.ToString()) : bj::value(nullptr);
  o["effective"] = DateOrNull(r.effective);
  o["withdrawn"] = DateOrNull(r.withdrawn);
  o["withdrawn_reason"] = r.withdrawn_reason;
  return o;
}

}  // namespace

std::string DocumentHistoryJson(const DocumentHistory& h, Date as_of) {
  const DocumentControl& c = h.control;
  bj::object o;
  o["artifact"] = h.artifact.id;
  o["path"] = h.artifact.path;
  o["title"] = h.artifact.title;
  o["as_of"] = as_of.ToString();
  const DocRevision* e = EffectiveRevision(c, as_of);
  o["effective_revision"] = e ? bj::value(e->id) : bj::value(nullptr);
  o["obsolete"] = DateOrNull(c.obsolete);
  o["obsolete_reason"] = c.obsolete_reason;
  bj::array revs;
  for (size_t i = 0; i < c.revisions.size(); ++i) {
    revs.push_back(RevisionValue(c.revisions[i], h.states[i]));
  }
  o["revisions"] = std::move(revs);
  o["retention"] = c.retention ? bj::value(c.retention->ToString()) : bj::value(nullptr);
  return Document(std::move(o));
}

std::string ApproverKeysJson(const std::vector<KeyListing>& keys) {
  bj::array arr;
  for (const auto& k : keys) {
    bj::object o{{"id", k.key.id},
                 {"person", k.key.person},
                 {"fingerprint", k.key.fingerprint},
                 {"registered", k.key.registered.ToString()}};
    if (k.key.revoked) {
      o["revoked"] = k.key.revoked->ToString();
      o["revoked_why"] = k.key.revoked_why;
    }
    if (!k.problem.empty()) o["problem"] = k.problem;
    arr.push_back(std::move(o));
  }
  return Document({{"keys", std::move(arr)}});
}

std::string NewKeyJson(const NewKey& k) {
  return Document({{"id", k.key.id},
                   {"person", k.key.person},
                   {"fingerprint", k.key.fingerprint},
                   {"private_key", k.private_path},
                   {"commit", k.commit.commit}});
}

std::string RegisterChangeJson(const RegisterChange& ch, bool dry_run) {
  bj::object o;
  o["register"] = ch.kind;
  o["path"] = ch.path;
  o["dry_run"] = dry_run;
  o["rows"] = ch.rows;
  o["unchanged"] = ch.unchanged;
  bj::array changes;
  for (const auto& c : ch.changes) {
    changes.push_back(
        bj::object{{"key", c.key}, {"change", c.change}, {"fields", Strings(c.fields)}});
  }
  o["changes"] = std::move(changes);
  o["commit"] = ch.commit ? bj::value(ch.commit->commit) : bj::value(nullptr);
  return Document(std::move(o));
}

std::string RegistersJson(const Snapshot& snap) {
  bj::array kinds;
  for (const auto& k : snap.register_kinds) {
    bj::object o;
    o["kind"] = k.id;
    o["title"] = k.title;
    o["source"] = k.source;
    o["clauses"] = Strings(k.clauses);
    o["requirements"] = Strings(k.requirements);
    const Register* r = snap.FindRegister(k.id);
    o["rows"] = r ? r->rows.size() : 0;
    o["path"] = r ? bj::value(r->path) : bj::value(nullptr);
    kinds.push_back(std::move(o));
  }
  return Document({{"registers", std::move(kinds)}});
}

std::string RegisterJson(const RegisterKind& k, const Register* r) {
  bj::object o;
  o["register"] = k.id;
  o["title"] = k.title;
  bj::array cols;
  for (const auto& c : k.columns) {
    bj::object x;
    x["name"] = c.name;
    x["title"] = c.title;
    x["type"] = ToString(c.type);
    x["required"] = c.required;
    if (!c.due.empty()) x["due"] = c.due;
    cols.push_back(std::move(x));
  }
  o["columns"] = std::move(cols);
  bj::array rows;
  if (r) {
    for (const auto& row : r->rows) {
      bj::object x;
      for (const auto& [col, v] : row.values) x[col] = v;
      rows.push_back(std::move(x));
    }
  }
  o["rows"] = std::move(rows);
  return Document(std::move(o));
}

std::string DueJson(const DueReport& r) {
  bj::object o;
  o["today"] = r.today.ToString();
  o["within"] = r.within ? bj::value(r.within->ToString()) : bj::value(nullptr);
  bj::array items;
  for (const auto& i : r.items) {
    items.push_back(bj::object{{"date", i.date.ToString()},
                               {"kind", i.kind},
                               {"what", i.what},
                               {"owner", i.owner},
                               {"ref", i.ref},
                               {"overdue", i.overdue}});
  }
  o["items"] = std::move(items);
  return Document(std::move(o));
}

namespace {

bj::array CommitsJson(const std::vector<SyncCommit>& commits) {
  bj::array out;
  for (const auto& c : commits) {
    out.push_back(
        bj::object{{"id", c.id}, {"time", c.time}, {"author", c.author}, {"summary", c.summary}});
  }
  return out;
}

}  // namespace

std::string SyncResultJson(const SyncResult& r) {
  bj::array entities;
  for (const auto& e : r.entities) {
    entities.push_back(bj::object{{"kind", e.kind}, {"id", e.id}, {"change", e.change}});
  }
  bj::array others;
  for (const auto& f : r.other_files) others.emplace_back(f);
  return Document(bj::object{
      {"remote", r.remote},
      {"branch", r.branch},
      {"remote_branch", r.remote_branch},
      {"attempts", r.attempts},
      {"merged_entities",
       [&] {
         bj::array a;
         for (const auto& p : r.merged_entities) a.emplace_back(p);
         return a;
       }()},
      {"action", r.action},
      {"old_head", r.old_head},
      {"head", r.head},
      {"incoming", bj::object{{"commits", CommitsJson(r.incoming)},
                              {"entities", std::move(entities)},
                              {"other_files", std::move(others)}}},
      {"outgoing", bj::object{{"commits", CommitsJson(r.outgoing)}, {"pushed", r.pushed}}},
      {"history_rewritten",
       bj::object{{"remote_dropped",
                   r.remote_dropped.empty() ? bj::value(nullptr) : bj::value(r.remote_dropped)},
                  {"local_dropped",
                   r.local_dropped.empty() ? bj::value(nullptr) : bj::value(r.local_dropped)}}}});
}

std::string PackJson(const PackSummary& s) {
  const PackSelection& sel = s.selection;
  bj::object doc;
  doc["output"] = s.output;
  doc["top"] = s.top;
  doc["commit"] = s.commit;
  doc["stage"] = sel.stage;
  doc["files"] = s.files;
  doc["bytes"] = s.bytes;
  doc["manifest_sha256"] = s.manifest_sha256;
  doc["signer"] = s.signer;
  doc["documents"] = Strings(sel.documents);
  doc["records"] = Strings(sel.records);
  doc["referenced"] = Strings(sel.referenced);
  doc["findings"] = Strings(sel.findings);
  doc["audits"] = Strings(sel.audits);
  doc["reviews"] = Strings(sel.reviews);
  if (sel.seed) doc["seed"] = *sel.seed;
  return Document(std::move(doc));
}

std::string PackVerificationJson(const PackVerification& v, const std::string& pack_as_typed) {
  bj::object doc;
  doc["pack"] = pack_as_typed;
  doc["top"] = v.top;
  doc["files"] = v.files;
  doc["signed"] = v.signed_pack;
  doc["signature_verified"] = v.signature_checked;
  doc["signer"] = v.signer;
  doc["problems"] = Strings(v.problems);
  doc["notes"] = Strings(v.notes);
  doc["ok"] = v.ok();
  return Document(std::move(doc));
}

}  // namespace dossier
