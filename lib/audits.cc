#include "dossier/audits.h"

#include <algorithm>

#include "citation.h"
#include "dossier/audit_rules.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "transaction.h"

namespace dossier {
namespace {

Result<CommitInfo> Save(Transaction& tx, const InternalAudit& a, const std::string& message) {
  tx.Write(layout::EntityPath(layout::kAuditsDir, a.id), codec::Encode(a));
  return tx.Commit(message);
}

}  // namespace

Result<InternalAudit> PlanAudit(Repository& repo, const Context& ctx, const PlanAuditOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--scope", o.scope));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--process", o.processes));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--auditor", o.auditors));
  std::vector<std::string> auditors;
  for (const auto& a : o.auditors) {
    if (!Trim(a).empty()) auditors.push_back(Trim(a));
  }
  if (auditors.empty()) return Error::Input("audit plan needs --auditor NAME");
  if (Trim(o.scope).empty() && o.processes.empty()) {
    return Error::Input("audit plan needs --scope CLAUSES (e.g. 8.4,9.1) or --process NAME");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();

  InternalAudit a;
  std::vector<std::string> scope_parts;
  if (!Trim(o.scope).empty()) scope_parts.push_back(o.scope);
  for (const auto& name : o.processes) {
    auto p = std::find_if(snap.config.processes.begin(), snap.config.processes.end(),
                          [&](const Process& p) { return p.name == Trim(name); });
    if (p == snap.config.processes.end()) {
      std::vector<std::string> names;
      for (const auto& q : snap.config.processes) names.push_back(q.name);
      const std::string known = Join(names, ", ");
      return Error::Input("--process " + name + ": no such process in dossier.ini" +
                          DidYouMean(Trim(name), names, '"') + " (" +
                          (known.empty() ? std::string("none defined; add a [process:NAME] "
                                                       "section with owner and clauses")
                                         : "defined: " + known) +
                          ")");
    }
    if (std::find(a.processes.begin(), a.processes.end(), p->name) == a.processes.end()) {
      a.processes.push_back(p->name);
    }
    // With no explicit scope, a process brings its clauses.
    if (Trim(o.scope).empty()) {
      scope_parts.insert(scope_parts.end(), p->clauses.begin(), p->clauses.end());
    }
  }
  if (scope_parts.empty()) {
    return Error::Input(
        "audit plan: the processes given serve no clauses in dossier.ini; "
        "give --scope CLAUSES");
  }
  auto leaves = snap.checklist.ExpandClauses(Join(scope_parts, ","));
  if (!leaves) return leaves.error().WithContext("--scope");
  if (leaves->empty()) return Error::Input("audit plan: the scope has no clauses");
  a.scope = *leaves;
  a.auditors = auditors;
  a.planned = o.date;
  a.state = AuditState::kPlanned;
  a.id = tx->NewId("IA", IdsOf(snap.audits));
  Transition t;
  t.to = ToString(a.state);
  t.by = tx->actor();
  t.date = ctx.today;
  t.note = "planned for " + a.planned.ToString() + " by " + Join(a.auditors, ",");
  a.history.push_back(t);
  std::string message = "audit " + a.id + ": planned for " + a.planned.ToString() + ", scope " +
                        Join(a.scope, ",") + "\n\nauditors: " + Join(a.auditors, ",");
  if (!a.processes.empty()) message += "\nprocesses: " + Join(a.processes, ",");
  for (const auto& r : SelfAuditRisks(a, snap.config.processes, snap.checklist)) {
    message += "\nrisk: auditor " + r.auditor + " owns process " + r.process;
  }
  auto commit = Save(*tx, a, message);
  if (!commit) return commit.error();
  return a;
}

Result<InternalAudit> CompleteAudit(Repository& repo, const Context& ctx, const std::string& id,
                                    Date date, const std::string& report) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--report", report));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto found = ResolveId(snap.audits, id, "internal audit");
  if (!found) return found.error();
  InternalAudit a = **found;
  DOSSIER_RETURN_IF_ERROR(CheckAuditCommand(a, AuditCommand::kDone));
  if (date > ctx.today) {
    return Error::Input("--date " + date.ToString() + " is after today (" + ctx.today.ToString() +
                        "): an audit is marked done once it has taken place");
  }
  if (Trim(report).empty()) {
    return Error::Input("audit done needs --report ARTIFACT: the audit report (a record, 9.2.2 f)");
  }
  auto cited = CiteArtifact(snap, repo.root(), report, "--report");
  if (!cited) return cited.error();
  a.done = date;
  a.report = cited->artifact;
  a.report_sha256 = cited->sha256;
  a.state = AuditState::kDone;
  Transition t{"planned", "done", tx->actor(), ctx.today,
               "held " + date.ToString() + "; report " + a.report};
  a.history.push_back(t);
  auto commit = Save(*tx, a, "audit " + a.id + ": planned -> done\n\n" + t.note);
  if (!commit) return commit.error();
  return a;
}

Result<InternalAudit> CancelAudit(Repository& repo, const Context& ctx, const std::string& id,
                                  const std::string& why) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--why", why));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto found = ResolveId(tx->snapshot().audits, id, "internal audit");
  if (!found) return found.error();
  InternalAudit a = **found;
  DOSSIER_RETURN_IF_ERROR(CheckAuditCommand(a, AuditCommand::kCancel));
  if (Trim(why).empty()) return Error::Input("audit cancel " + a.id + " needs --why TEXT");
  a.state = AuditState::kCancelled;
  a.cancel_reason = Trim(why);
  a.history.push_back(Transition{"planned", "cancelled", tx->actor(), ctx.today, a.cancel_reason});
  auto commit = Save(*tx, a, "audit " + a.id + ": planned -> cancelled\n\n" + a.cancel_reason);
  if (!commit) return commit.error();
  return a;
}

Result<BodyAudit> PlanBodyAudit(Repository& repo, const Context& ctx,
                                const PlanBodyAuditOptions& o) {
  DOSSIER_RETURN_IF_ERROR(
      CheckTexts({{"--body", o.body}, {"--scope", o.scope, TextForm::kMultiLine}}));
  if (Trim(o.body).empty()) {
    return Error::Input("certification plan needs --body NAME: the certification body");
  }
  if (Trim(o.scope).empty()) {
    return Error::Input(
        "certification plan needs --scope TEXT: the scope of certification "
        "as the certificate states it");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  BodyAudit a;
  a.type = o.type;
  a.body = Trim(o.body);
  a.scope = Trim(o.scope);
  a.planned = o.date;
  a.state = AuditState::kPlanned;
  a.id = tx->NewId("CB", IdsOf(snap.body_audits));
  Transition t;
  t.to = ToString(a.state);
  t.by = tx->actor();
  t.date = ctx.today;
  t.note = std::string(ToString(a.type)) + " audit by " + a.body + " planned for " +
           a.planned.ToString();
  a.history.push_back(t);
  tx->Write(layout::EntityPath(layout::kBodyAuditsDir, a.id), codec::Encode(a));
  auto commit =
      tx->Commit("certification " + a.id + ": " + ToString(a.type) + " planned for " +
                 a.planned.ToString() + " (" + a.body + ")\n\nscope: " + OneLine(a.scope));
  if (!commit) return commit.error();
  return a;
}

Result<BodyAudit> CompleteBodyAudit(Repository& repo, const Context& ctx, const std::string& id,
                                    Date date, const std::string& report,
                                    const std::string& certificate) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"--report", report}, {"--certificate", certificate}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto found = ResolveId(snap.body_audits, id, "certification audit");
  if (!found) return found.error();
  BodyAudit a = **found;
  if (a.state != AuditState::kPlanned) {
    return Error::Input("cannot mark " + a.id + " done: it is " + ToString(a.state) +
                        (a.done ? " on " + a.done->ToString() : std::string()) +
                        "; plan the next audit with: dossier certification plan --type TYPE "
                        "--date DATE --body NAME --scope TEXT");
  }
  if (date > ctx.today) {
    return Error::Input("--date " + date.ToString() + " is after today (" + ctx.today.ToString() +
                        "): an audit is marked done once it has taken place");
  }
  if (!Trim(report).empty()) {
    auto cited = CiteArtifact(snap, repo.root(), report, "--report");
    if (!cited) return cited.error();
    a.report = cited->artifact;
    a.report_sha256 = cited->sha256;
  }
  a.certificate = Trim(certificate);
  a.done = date;
  a.state = AuditState::kDone;
  Transition t{"planned", "done", tx->actor(), ctx.today,
               "held " + date.ToString() + (a.report.empty() ? "" : "; report " + a.report) +
                   (a.certificate.empty() ? "" : "; certificate " + a.certificate)};
  a.history.push_back(t);
  tx->Write(layout::EntityPath(layout::kBodyAuditsDir, a.id), codec::Encode(a));
  auto commit = tx->Commit("certification " + a.id + ": planned -> done\n\n" + t.note);
  if (!commit) return commit.error();
  return a;
}

const BodyAudit* NextBodyAudit(const Snapshot& snap, Date today) {
  const BodyAudit* next = nullptr;
  for (const auto& a : snap.body_audits) {
    if (a.state != AuditState::kPlanned || a.planned < today) continue;
    if (!next || a.planned < next->planned) next = &a;
  }
  return next;
}

std::vector<const Finding*> FindingsOfAudit(const Snapshot& snap, const std::string& id) {
  std::vector<const Finding*> out;
  for (const auto& f : snap.findings) {
    if (f.audit == id) out.push_back(&f);
  }
  return out;
}

}  // namespace dossier
