// audit plan | done | cancel | list | show
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/audits.h"
#include "dossier/json.h"
#include "dossier/json_documents.h"
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
  for (const auto& r : SelfAuditRisks(a, snap.config.processes, snap.checklist)) {
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
    inv.out << AuditsJson(snap);
    return 0;
  }
  for (const auto& a : snap.audits) {
    Date when = a.done ? *a.done : a.planned;
    inv.out << a.id << "  " << std::left << std::setw(9) << ToString(a.state) << " "
            << when.ToString() << "  " << std::setw(20) << Join(a.auditors, ", ") << " "
            << FindingsOfAudit(snap, a.id).size() << " findings  scope " << Join(a.scope, ",")
            << "\n";
    for (const auto& r : SelfAuditRisks(a, snap.config.processes, snap.checklist)) {
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
    inv.out << AuditJson(snap, a);
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
  for (const auto& r : SelfAuditRisks(a, snap.config.processes, snap.checklist))
    inv.out << RiskText(r) << "\n";
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

namespace {

int CertificationPlan(Invocation& inv) {
  po::options_description desc("certification plan options");
  desc.add_options()("type", po::value<std::string>(),
                     "stage1, stage2, surveillance1, surveillance2, recertification or special")(
      "date", po::value<std::string>(), "when it takes place (required)")(
      "body", po::value<std::string>(), "the certification body (required)")(
      "scope", po::value<std::string>(), "the certificate scope (required)");
  po::variables_map vm;
  const std::string usage =
      "certification plan --type stage1|stage2|surveillance1|surveillance2|recertification|special "
      "--date DATE --body NAME --scope TEXT";
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  if (!vm.count("type")) Usage("needs --type (usage: dossier " + usage + ")");
  PlanBodyAuditOptions o;
  o.type = Check(ParseBodyAuditType(Opt(vm, "type")));
  o.date = RequiredDate(vm, "date", usage);
  o.body = Opt(vm, "body");
  o.scope = Opt(vm, "scope");
  BodyAudit a = Check(PlanBodyAudit(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(a);
    return 0;
  }
  inv.out << "planned " << a.id << "  " << ToString(a.type) << "  " << a.planned.ToString() << "  "
          << a.body << "\n";
  return 0;
}

int CertificationDone(Invocation& inv) {
  po::options_description desc("certification done options");
  desc.add_options()("id", po::value<std::string>(), "certification audit id (any unique prefix)")(
      "date", po::value<std::string>(), "when it took place (required)")(
      "report", po::value<std::string>(), "the body's report (artifact id or path)")(
      "certificate", po::value<std::string>(), "the certificate number, once issued");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  const std::string usage =
      "certification done ID --date DATE [--report ARTIFACT] [--certificate NUMBER]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("id")) Usage("needs a certification audit ID (usage: dossier " + usage + ")");
  BodyAudit a = Check(CompleteBodyAudit(inv.Repo(), inv.MakeContext(), Opt(vm, "id"),
                                        RequiredDate(vm, "date", usage), Opt(vm, "report"),
                                        Opt(vm, "certificate")));
  if (inv.global.json) {
    inv.out << ToJson(a);
    return 0;
  }
  inv.out << a.id << ": planned -> done " << a.done->ToString() << "\n";
  return 0;
}

int CertificationList(Invocation& inv) {
  po::options_description desc("certification list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "certification list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  const Date today = inv.Today();
  const BodyAudit* next = NextBodyAudit(snap, today);
  if (inv.global.json) {
    inv.out << BodyAuditsJson(snap, today);
    return 0;
  }
  if (snap.body_audits.empty()) {
    inv.err << "no certification audit recorded (dossier certification plan --type stage1 ...)\n";
    return 0;
  }
  // The body and scope as the latest audit states them.
  const BodyAudit& latest = snap.body_audits.back();
  inv.out << "body         " << latest.body << "\n"
          << "scope        " << OneLine(latest.scope) << "\n";
  for (const auto& a : snap.body_audits) {
    if (!a.certificate.empty())
      inv.out << "certificate  " << a.certificate << " (" << a.id << ")\n";
  }
  std::vector<const BodyAudit*> by_date;
  for (const auto& a : snap.body_audits) by_date.push_back(&a);
  std::stable_sort(by_date.begin(), by_date.end(),
                   [](const BodyAudit* x, const BodyAudit* y) { return x->planned < y->planned; });
  for (const BodyAudit* ap : by_date) {
    const BodyAudit& a = *ap;
    int open = 0, all = 0;
    for (const auto& f : snap.findings) {
      if (f.body_audit != a.id) continue;
      ++all;
      open += f.open() ? 1 : 0;
    }
    inv.out << a.id << "  " << std::left << std::setw(16) << ToString(a.type) << " "
            << std::setw(10) << ToString(a.state) << " "
            << (a.done ? a.done->ToString() : a.planned.ToString()) << "  " << all
            << " finding(s), " << open << " open" << (next == &a ? "  <- next" : "") << "\n";
  }
  return 0;
}

}  // namespace

int RunCertification(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"plan", "schedule an audit of the certification body: type, date, body, scope",
       CertificationPlan},
      {"done", "the body's audit took place (report, certificate number)", CertificationDone},
      {"list", "the certification cycle: body, scope, audits and their findings",
       CertificationList},
  };
  return RunSubcommand(inv, kTable, "certification");
}

}  // namespace dossier::cli
