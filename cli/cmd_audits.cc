// audit plan | done | cancel | list | show
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/audits.h"
#include "dossier/json.h"
#include "dossier/lifecycle.h"
#include "dossier/resolve.h"

namespace dossier::cli {
namespace {

Date RequiredDate(const po::variables_map& vm, const char* name, const std::string& usage) {
  auto d = OptionalDate(vm, name);
  if (!d) Usage(std::string("needs --") + name + " YYYY-MM-DD (usage: dossier " + usage + ")");
  return *d;
}

std::string RiskText(const SelfAuditRisk& r) {
  return "RISK: auditor " + r.auditor + " owns process " + r.process +
         " (self-audit; 9.2.2 c asks for objectivity and impartiality)";
}

bj::value AuditJson(const Snapshot& snap, const InternalAudit& a) {
  bj::value v = ParseJson(ToJson(a));
  bj::object& o = v.as_object();
  bj::array risks;
  for (const auto& r : SelfAuditRisks(a, snap.config.processes)) {
    bj::object ro;
    ro["auditor"] = r.auditor;
    ro["process"] = r.process;
    risks.push_back(std::move(ro));
  }
  o["self_audit_risks"] = std::move(risks);
  bj::array findings;
  for (const Finding* f : FindingsOfAudit(snap, a.id)) findings.emplace_back(f->id);
  o["findings"] = std::move(findings);
  return v;
}

int AuditPlan(Invocation& inv) {
  po::options_description desc("audit plan options");
  desc.add_options()("scope", po::value<std::string>(),
                     "clauses audited, comma-separated (parents mean all their clauses)")(
      "date", po::value<std::string>(), "when it takes place (required)")(
      "auditor", po::value<std::vector<std::string>>()->composing(),
      "who audits (repeatable; required)")("process",
                                           po::value<std::vector<std::string>>()->composing(),
                                           "processes audited, from dossier.ini (repeatable)");
  po::variables_map vm;
  const std::string usage = "audit plan --scope CLAUSES --date DATE --auditor NAME [--process P]";
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  PlanAuditOptions o;
  o.scope = Opt(vm, "scope");
  o.date = RequiredDate(vm, "date", usage);
  o.auditors = Many(vm, "auditor");
  o.processes = Many(vm, "process");
  Repository& repo = inv.Repo();
  InternalAudit a = Check(PlanAudit(repo, inv.MakeContext(), o));
  Snapshot snap = Check(repo.Load());
  for (const auto& r : SelfAuditRisks(a, snap.config.processes)) {
    inv.err << "warning: " << RiskText(r) << "\n";
  }
  if (inv.global.json) {
    inv.out << ToJson(a);
    return 0;
  }
  inv.out << "planned " << a.id << "  " << a.planned.ToString() << "  scope " << Join(a.scope, ",")
          << "  by " << Join(a.auditors, ", ") << "\n";
  return 0;
}

std::string ParseId(Invocation& inv, po::options_description& desc, po::variables_map& vm,
                    const std::string& usage, bool* help) {
  desc.add_options()("id", po::value<std::string>(), "audit id (any unique prefix)");
  po::positional_options_description pos;
  pos.add("id", 1);
  *help = !inv.Parse(desc, pos, vm, usage);
  if (*help) return "";
  if (!vm.count("id")) Usage("needs an audit ID (usage: dossier " + usage + ")");
  return vm["id"].as<std::string>();
}

int AuditDone(Invocation& inv) {
  po::options_description desc("audit done options");
  desc.add_options()("date", po::value<std::string>(), "when it took place (required)")(
      "report", po::value<std::string>(), "the audit report artifact (required; id or path)");
  po::variables_map vm;
  bool help;
  const std::string usage = "audit done ID --date DATE --report ARTIFACT";
  std::string id = ParseId(inv, desc, vm, usage, &help);
  if (help) return 0;
  Date date = RequiredDate(vm, "date", usage);
  if (!vm.count("report"))
    Usage("audit done needs --report ARTIFACT (usage: dossier " + usage + ")");
  InternalAudit a =
      Check(CompleteAudit(inv.Repo(), inv.MakeContext(), id, date, Opt(vm, "report")));
  if (inv.global.json) {
    inv.out << ToJson(a);
  } else {
    inv.out << a.id << ": planned -> done on " << a.done->ToString() << ", report " << a.report
            << " (sha256 " << a.report_sha256.substr(0, 12) << ")\n";
  }
  return 0;
}

int AuditCancel(Invocation& inv) {
  po::options_description desc("audit cancel options");
  desc.add_options()("why", po::value<std::string>(), "why it will not take place (required)");
  po::variables_map vm;
  bool help;
  std::string id = ParseId(inv, desc, vm, "audit cancel ID --why T", &help);
  if (help) return 0;
  InternalAudit a = Check(CancelAudit(inv.Repo(), inv.MakeContext(), id, Opt(vm, "why")));
  if (inv.global.json) {
    inv.out << ToJson(a);
  } else {
    inv.out << a.id << ": planned -> cancelled\n";
  }
  return 0;
}

int AuditList(Invocation& inv) {
  po::options_description desc("audit list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "audit list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadAudits | kLoadFindings));
  if (inv.global.json) {
    bj::array arr;
    for (const auto& a : snap.audits) arr.push_back(AuditJson(snap, a));
    bj::object doc;
    doc["audits"] = std::move(arr);
    inv.PrintJson(std::move(doc));
    return 0;
  }
  for (const auto& a : snap.audits) {
    Date when = a.done ? *a.done : a.planned;
    inv.out << a.id << "  " << std::left << std::setw(9) << ToString(a.state) << " "
            << when.ToString() << "  " << std::setw(20) << Join(a.auditors, ", ") << " "
            << FindingsOfAudit(snap, a.id).size() << " findings  scope " << Join(a.scope, ",")
            << "\n";
    for (const auto& r : SelfAuditRisks(a, snap.config.processes)) {
      inv.out << "    " << RiskText(r) << "\n";
    }
  }
  if (snap.audits.empty()) inv.err << "no internal audits planned yet\n";
  return 0;
}

int AuditShow(Invocation& inv) {
  po::options_description desc("audit show options");
  po::variables_map vm;
  bool help;
  std::string id = ParseId(inv, desc, vm, "audit show ID [--json]", &help);
  if (help) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadAudits | kLoadFindings));
  const InternalAudit& a = *Check(ResolveId(snap.audits, id, "internal audit"));
  if (inv.global.json) {
    bj::object doc;
    doc["audit"] = AuditJson(snap, a);
    inv.PrintJson(std::move(doc));
    return 0;
  }
  auto line = [&](const char* k, const std::string& v) {
    if (!v.empty()) inv.out << std::left << std::setw(11) << k << v << "\n";
  };
  line("id", a.id);
  line("state", ToString(a.state));
  line("planned", a.planned.ToString());
  if (a.done) line("done", a.done->ToString());
  line("auditors", Join(a.auditors, ", "));
  line("processes", Join(a.processes, ", "));
  std::vector<std::string> scope;
  for (const auto& c : a.scope) {
    const Clause* cl = snap.checklist.FindClause(c);
    scope.push_back(c + (cl ? " " + cl->title : std::string()));
  }
  line("scope", Join(scope, "\n           "));
  if (!a.report.empty())
    line("report", a.report + " (sha256 " + a.report_sha256.substr(0, 12) + ")");
  line("cancelled", a.cancel_reason);
  for (const auto& r : SelfAuditRisks(a, snap.config.processes)) inv.out << RiskText(r) << "\n";
  auto findings = FindingsOfAudit(snap, a.id);
  inv.out << "findings   " << findings.size() << "\n";
  for (const Finding* f : findings) {
    inv.out << "  " << f->id << "  " << std::left << std::setw(11) << ToString(f->grade) << " "
            << std::setw(11) << ToString(f->state) << " " << OneLine(f->title) << "\n";
  }
  inv.out << "history\n";
  for (const auto& t : a.history) {
    inv.out << "  " << t.date.ToString() << "  " << (t.from.empty() ? "(new)" : t.from) << " -> "
            << t.to << "  by " << t.by << (t.note.empty() ? "" : ": " + t.note) << "\n";
  }
  return 0;
}

}  // namespace

int RunAudit(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"plan", "plan an internal audit: scope, date, auditors", AuditPlan},
      {"done", "mark an audit done, with its report", AuditDone},
      {"cancel", "cancel a planned audit", AuditCancel},
      {"list", "the audit programme", AuditList},
      {"show", "one audit with the findings it raised", AuditShow},
  };
  return RunSubcommand(inv, kTable, "audit");
}

}  // namespace dossier::cli
