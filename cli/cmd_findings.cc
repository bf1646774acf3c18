// finding open | analyse | plan | implement | verify | close | reopen | list | show
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/findings.h"
#include "dossier/json.h"
#include "dossier/json_documents.h"
#include "dossier/lifecycle.h"
#include "dossier/resolve.h"

namespace dossier::cli {
namespace {

void PrintStepped(Invocation& inv, const Finding& f) {
  if (inv.global.json) {
    inv.out << ToJson(f);
    return;
  }
  const Transition& t = f.history.back();
  inv.out << f.id << ": " << t.from << " -> " << t.to << "\n";
  for (const auto& h : NextStepHints(f)) inv.out << "next: " << h << "\n";
}

std::string Evidence(const std::vector<EvidenceRef>& refs) {
  std::vector<std::string> out;
  out.reserve(refs.size());
  for (const auto& r : refs) out.push_back(r.artifact + " (sha256 " + r.sha256.substr(0, 12) + ")");
  return Join(out, ", ");
}

int FindingOpen(Invocation& inv) {
  po::options_description desc("finding open options");
  desc.add_options()("title", po::value<std::string>(), "what was found (required)")(
      "grade", po::value<std::string>(), "major, minor, concern, observation or ofi (required)")(
      "clause", po::value<std::string>(), "the clause(s) not met, comma-separated (required)")(
      "source", po::value<std::string>(),
      "internal-audit (default; stage1 for a concern), stage1, stage2, surveillance, complaint, "
      "process, review")("audit", po::value<std::string>(),
                         "the internal audit that raised it (id prefix)")(
      "owner", po::value<std::string>(), "who is responsible for it")(
      "objective", po::value<std::string>(),
      "the quality objective it is about (id prefix), e.g. a target missed")(
      "due", po::value<std::string>(),
      "due date (default from dossier.ini [findings] due_<grade>)")(
      "description", po::value<std::string>(), "the objective evidence and the requirement")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts holding the objective evidence (ids or paths)")(
      "body-audit", po::value<std::string>(),
      "the certification body's audit that raised it (CB-... id prefix)")(
      "plan-due", po::value<std::string>(),
      "the body's deadline for correction and action plan (default 30 days major, 90 minor)")(
      "close-due", po::value<std::string>(),
      "a major: the body's deadline to have it closed and verified (default 90 days)");
  po::variables_map vm;
  const char* usage =
      "finding open --title T --grade major|minor|concern|observation|ofi --clause C "
      "[--source S] [--audit ID | --body-audit CB-ID [--plan-due DATE] [--close-due DATE]] "
      "[--owner O] [--objective ID] [--due DATE] [--description T] [--evidence ARTIFACT...]";
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  if (!vm.count("grade")) {
    Usage("finding open needs --grade major|minor|concern|observation|ofi");
  }
  OpenFindingOptions o;
  o.grade = Check(ParseGrade(Opt(vm, "grade")));
  o.title = Opt(vm, "title");
  o.clauses = Opt(vm, "clause");
  if (vm.count("source")) o.source = Check(ParseFindingSource(Opt(vm, "source")));
  o.audit = Opt(vm, "audit");
  o.owner = Opt(vm, "owner");
  o.objective = Opt(vm, "objective");
  o.due = OptionalDate(vm, "due");
  o.description = Opt(vm, "description");
  o.evidence = Many(vm, "evidence");
  o.body_audit = Opt(vm, "body-audit");
  o.plan_due = OptionalDate(vm, "plan-due");
  o.close_due = OptionalDate(vm, "close-due");
  Finding f = Check(OpenFinding(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(f);
    return 0;
  }
  inv.out << "opened " << f.id << "  " << ToString(f.grade) << "  " << Join(f.clauses, ",") << "  "
          << f.title << "\n";
  if (f.due) inv.out << "due " << f.due->ToString() << "\n";
  if (f.body_plan_due) {
    inv.out << "the body's deadline: correction and action plan by " << f.body_plan_due->ToString()
            << "\n";
  }
  if (f.body_close_due) {
    inv.out << "the body's deadline: closed and verified by the body by "
            << f.body_close_due->ToString() << "\n";
  }
  for (const auto& h : NextStepHints(f)) inv.out << "next: " << h << "\n";
  return 0;
}

// Parses a step command's options: the finding id plus `desc`.
std::string ParseStep(Invocation& inv, po::options_description& desc, po::variables_map& vm,
                      const std::string& usage, bool* help) {
  desc.add_options()("id", po::value<std::string>(), "finding id (any unique prefix)");
  po::positional_options_description pos;
  pos.add("id", 1);
  *help = !inv.Parse(desc, pos, vm, usage);
  if (*help) return "";
  if (!vm.count("id")) Usage("needs a finding ID (usage: dossier " + usage + ")");
  return vm["id"].as<std::string>();
}

int Step(Invocation& inv, const std::string& id, const FindingStepRequest& request) {
  Finding f = Check(AdvanceFinding(inv.Repo(), inv.MakeContext(), id, request));
  PrintStepped(inv, f);
  return 0;
}

int FindingAnalyse(Invocation& inv) {
  po::options_description desc("finding analyse options");
  desc.add_options()("correction", po::value<std::string>(),
                     "what was done to remove the nonconformity itself")(
      "correction-date", po::value<std::string>(),
      "the day the correction was done (default today)")("containment", po::value<std::string>(),
                                                         "what was done at once to contain it")(
      "extent", po::value<std::string>(),
      "whether similar nonconformities exist or could occur elsewhere (10.2.1 b 3)")(
      "cause", po::value<std::string>(), "its root cause")(
      "method", po::value<std::string>(), "how the cause was found: 5-whys or fishbone")(
      "why-chain", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "5 whys: each answer in turn")(
      "category", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "fishbone: people, method, machine, material, measurement, environment")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts showing the correction or the analysis (ids or paths)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm,
                             "finding analyse ID --correction T [--correction-date DATE] --cause T "
                             "[--containment T] [--extent T] [--method 5-whys --why-chain T... | "
                             "--method fishbone --category C...] [--evidence ARTIFACT...]",
                             &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kAnalyse;
  r.step.correction = Opt(vm, "correction");
  r.step.correction_date = OptionalDate(vm, "correction-date");
  r.step.containment = Opt(vm, "containment");
  r.step.extent = Opt(vm, "extent");
  r.step.cause = Opt(vm, "cause");
  r.step.method = Opt(vm, "method");
  r.step.whys = Many(vm, "why-chain");
  r.step.categories = Many(vm, "category");
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}

int FindingPlan(Invocation& inv) {
  po::options_description desc("finding plan options");
  desc.add_options()("action", po::value<std::string>(),
                     "one corrective action that removes the cause (plan again for another)")(
      "owner", po::value<std::string>(), "who carries it out (default: the finding's owner)")(
      "due", po::value<std::string>(), "when it is due (default: the finding's due date)")(
      "risks", po::value<std::string>(), "risks and opportunities updated (10.2.1 e)")(
      "qms-changes", po::value<std::string>(), "changes made to the QMS (10.2.1 f)")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts holding the plan (ids or paths)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm,
                             "finding plan ID --action T [--owner NAME] [--due DATE] [--risks T] "
                             "[--qms-changes T] [--evidence ARTIFACT...]",
                             &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kPlan;
  r.step.action = Opt(vm, "action");
  r.step.owner = Opt(vm, "owner");
  r.step.due = OptionalDate(vm, "due");
  r.step.risks = Opt(vm, "risks");
  r.step.qms_changes = Opt(vm, "qms-changes");
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}

int FindingImplement(Invocation& inv) {
  po::options_description desc("finding implement options");
  desc.add_options()("evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
                     "artifacts showing the action was taken (ids or paths; required)")(
      "action", po::value<int>(), "the number of the action done (default: every open one)");
  po::variables_map vm;
  bool help;
  std::string id =
      ParseStep(inv, desc, vm, "finding implement ID [--action N] --evidence ARTIFACT...", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kImplement;
  if (vm.count("action")) {
    r.step.action_number = vm["action"].as<int>();
    if (r.step.action_number < 1) Usage("--action must be an action number, 1 or more");
  }
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}

int FindingVerify(Invocation& inv) {
  po::options_description desc("finding verify options");
  desc.add_options()("effective", "the action removed the cause: the finding is verified")(
      "not-effective", "it did not: the finding goes back to cause analysis")(
      "due", po::value<std::string>(), "with --not-effective: the new due date (required)")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts the check rests on (required; ids or paths)")("by", po::value<std::string>(),
                                                               "who checked (default: the author)");
  po::variables_map vm;
  bool help;
  const char* usage =
      "finding verify ID --effective|--not-effective [--due DATE] --evidence ARTIFACT... [--by "
      "NAME]";
  std::string id = ParseStep(inv, desc, vm, usage, &help);
  if (help) return 0;
  if (vm.count("effective") == vm.count("not-effective")) {
    Usage(std::string("finding verify needs exactly one of --effective or --not-effective "
                      "(usage: dossier ") +
          usage + ")");
  }
  FindingStepRequest r;
  r.step.command = FindingCommand::kVerify;
  r.step.effective = vm.count("effective") > 0;
  r.step.verified_by = Opt(vm, "by");
  r.step.due = OptionalDate(vm, "due");
  if (r.step.effective && r.step.due) Usage("--due goes with --not-effective (the new due date)");
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}

int FindingWithdraw(Invocation& inv) {
  po::options_description desc("finding withdraw options");
  desc.add_options()("reason", po::value<std::string>(), "error (raised in error) or duplicate")(
      "duplicate-of", po::value<std::string>(), "with --reason duplicate: the finding it repeats")(
      "why", po::value<std::string>(), "why it is withdrawn (required)")(
      "decided-by", po::value<std::string>(), "who decided (default: the author)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm,
                             "finding withdraw ID --reason error|duplicate [--duplicate-of ID] "
                             "--why T [--decided-by NAME]",
                             &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kWithdraw;
  r.step.reason = Opt(vm, "reason");
  r.step.duplicate_of = Opt(vm, "duplicate-of");
  r.step.why = Opt(vm, "why");
  r.step.decided_by = Opt(vm, "decided-by");
  return Step(inv, id, r);
}

int FindingRegrade(Invocation& inv) {
  po::options_description desc("finding regrade options");
  desc.add_options()("grade", po::value<std::string>(), "the new grade (required)")(
      "why", po::value<std::string>(), "why the grade changes (required)")(
      "decided-by", po::value<std::string>(), "who decided (default: the author)");
  po::variables_map vm;
  bool help;
  std::string id =
      ParseStep(inv, desc, vm, "finding regrade ID --grade G --why T [--decided-by NAME]", &help);
  if (help) return 0;
  if (!vm.count("grade"))
    Usage("finding regrade needs --grade major|minor|concern|observation|ofi");
  FindingStepRequest r;
  r.step.command = FindingCommand::kRegrade;
  r.step.grade = Check(ParseGrade(Opt(vm, "grade")));
  r.step.why = Opt(vm, "why");
  r.step.decided_by = Opt(vm, "decided-by");
  return Step(inv, id, r);
}

// submit, accept, body-verify: the certification body's steps.
int BodyStepCommand(Invocation& inv, FindingCommand c, const char* usage, const char* by_help) {
  po::options_description desc(std::string("finding ") + ToString(c) + " options");
  desc.add_options()("by", po::value<std::string>(), by_help)(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts: what was sent, or the body's reply (ids or paths)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, usage, &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = c;
  r.step.verified_by = Opt(vm, "by");
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}
int FindingSubmit(Invocation& inv) {
  return BodyStepCommand(inv, FindingCommand::kSubmit,
                         "finding submit ID [--evidence ARTIFACT...] [--by NAME]",
                         "who sent it (default: the author)");
}
int FindingAccept(Invocation& inv) {
  return BodyStepCommand(inv, FindingCommand::kAccept,
                         "finding accept ID --by NAME [--evidence ARTIFACT...]",
                         "the body's auditor who accepted the plan (required)");
}
int FindingBodyVerify(Invocation& inv) {
  return BodyStepCommand(inv, FindingCommand::kBodyVerify,
                         "finding body-verify ID --by NAME --evidence ARTIFACT...",
                         "the body's auditor who verified it (required)");
}

int FindingClose(Invocation& inv) {
  po::options_description desc("finding close options");
  desc.add_options()("response", po::value<std::string>(),
                     "the response recorded (required for concerns, observations, OFIs)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, "finding close ID [--response T]", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kClose;
  r.step.response = Opt(vm, "response");
  return Step(inv, id, r);
}

int FindingReopen(Invocation& inv) {
  po::options_description desc("finding reopen options");
  desc.add_options()("why", po::value<std::string>(), "why it is not closed after all (required)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, "finding reopen ID --why T", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kReopen;
  r.step.why = Opt(vm, "why");
  return Step(inv, id, r);
}

int FindingList(Invocation& inv) {
  po::options_description desc("finding list options");
  desc.add_options()("open", "only findings not closed")(
      "overdue", "only findings whose action is not implemented by its due date (as of --as-of)")(
      "grade", po::value<std::string>(), "only this grade")("clause", po::value<std::string>(),
                                                            "only findings against these clauses");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm,
                 "finding list [--open] [--overdue] [--grade G] [--clause C] [--json]")) {
    return 0;
  }
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadFindings));
  FindingFilter filter;
  filter.open_only = vm.count("open") > 0;
  filter.overdue_only = vm.count("overdue") > 0;
  if (vm.count("grade")) filter.grade = Check(ParseGrade(Opt(vm, "grade")));
  if (vm.count("clause")) filter.clauses = Check(snap.checklist.ExpandClauses(Opt(vm, "clause")));
  const Date today = inv.Today();
  auto shown = SelectFindings(snap, filter, today);
  if (inv.global.json) {
    inv.out << FindingsJson(shown, today);
    return 0;
  }
  for (const Finding* f : shown) {
    std::string due = f->due ? f->due->ToString() : "-";
    if (f->Overdue(today)) due += " OVERDUE";
    inv.out << f->id << "  " << std::left << std::setw(11) << ToString(f->grade) << " "
            << std::setw(11) << ToString(f->state) << " " << std::setw(18) << due << " "
            << std::setw(12) << Join(f->clauses, ",") << " " << OneLine(f->title) << "\n";
  }
  if (shown.empty()) inv.err << "no findings match\n";
  return 0;
}

int FindingShow(Invocation& inv) {
  po::options_description desc("finding show options");
  desc.add_options()("id", po::value<std::string>(), "finding id (any unique prefix)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "finding show ID [--json]")) return 0;
  if (!vm.count("id")) Usage("finding show needs a finding ID");
  Snapshot snap = Check(inv.Repo().Load(inv.global.at, kLoadFindings));
  const Finding& f = *Check(ResolveId(snap.findings, Opt(vm, "id"), "finding"));
  const Date today = inv.Today();
  if (inv.global.json) {
    inv.out << FindingJson(f, today);
    return 0;
  }
  auto line = [&](const char* k, const std::string& v) {
    if (!v.empty()) inv.out << std::left << std::setw(15) << k << v << "\n";
  };
  line("id", f.id);
  line("title", f.title);
  line("grade", ToString(f.grade));
  line("source", ToString(f.source));
  std::vector<std::string> clauses;
  for (const auto& c : f.clauses) {
    const Clause* cl = snap.checklist.FindClause(c);
    clauses.push_back(c + (cl ? " " + cl->title : std::string()));
  }
  line("clauses", Join(clauses, "\n               "));
  line("audit", f.audit);
  line("body audit", f.body_audit);
  line("owner", f.owner);
  line("objective", f.objective);
  line("raised", f.raised.ToString());
  line("evidence", Evidence(f.raised_evidence));
  if (f.due) line("due", f.due->ToString() + (f.Overdue(today) ? "  OVERDUE" : ""));
  if (f.body_plan_due) {
    line("body: plan", "correction and action plan due to the body " + f.body_plan_due->ToString() +
                           (BodyPlanLate(f, today) ? "  LATE" : ""));
  }
  if (f.body_close_due) {
    line("body: close", "closed and verified by the body by " + f.body_close_due->ToString());
  }
  auto body_step = [&](const char* k, const std::optional<BodyStep>& b) {
    if (!b) return;
    line(k, b->date.ToString() + (b->by.empty() ? "" : " by " + b->by) +
                (b->evidence.empty() ? "" : "; evidence " + Evidence(b->evidence)));
  };
  body_step("submitted", f.plan_submitted);
  body_step("accepted", f.plan_accepted);
  body_step("body verified", f.body_verified);
  line("state", ToString(f.state) +
                    (f.round > 1 ? "  (round " + std::to_string(f.round) + ")" : std::string()));
  if (f.state == FindingState::kWithdrawn) {
    line("withdrawn", (f.withdrawn ? f.withdrawn->ToString() + ": " : std::string()) +
                          (f.withdrawn_reason == "duplicate" ? "duplicate of " + f.duplicate_of
                                                             : std::string("raised in error")) +
                          "; " + f.withdrawn_why + "; decided by " + f.withdrawn_by);
  }
  for (const auto& g : f.regrades) {
    line("regraded", g.date.ToString() + ": " + ToString(g.from) + " -> " + ToString(g.to) + "; " +
                         g.why + "; decided by " + g.decided_by);
  }
  line("description", f.description);
  line("containment", f.containment);
  line("correction", f.correction + (f.correction.empty() || !f.correction_date
                                         ? std::string()
                                         : " (done " + f.correction_date->ToString() + ")"));
  line("extent", f.extent);
  line("cause", f.cause + (f.cause_method.empty() ? "" : " (" + f.cause_method + ")"));
  for (size_t i = 0; i < f.cause_whys.size(); ++i) {
    line(i == 0 ? "5 whys" : "", std::to_string(i + 1) + ". " + f.cause_whys[i]);
  }
  line("fishbone", Join(f.cause_categories, ", "));
  line("analysis", Evidence(f.analysis_evidence));
  if (f.actions.empty()) {
    line("action", f.action);
    line("implemented", Evidence(f.implementation_evidence));
  }
  for (size_t i = 0; i < f.actions.size(); ++i) {
    const CorrectiveAction& a = f.actions[i];
    std::string v = std::to_string(i + 1) + ". " + a.text +
                    (a.owner.empty() ? "" : "; owner " + a.owner) +
                    (a.due ? "; due " + a.due->ToString() : std::string()) + "; " + a.state +
                    (a.done ? " " + a.done->ToString() : std::string()) +
                    (a.evidence.empty() ? "" : "; evidence " + Evidence(a.evidence));
    if (a.round != f.round) v += "  (round " + std::to_string(a.round) + ")";
    line("action", v);
  }
  line("risks", f.risks);
  line("qms changes", f.qms_changes);
  // Only the checks of the current round stand: a reopened finding's old
  // "effective" is history, not its state.
  for (const auto& c : f.checks) {
    const std::string v = c.date.ToString() + " by " + c.by + ": " +
                          (c.effective ? "effective" : "NOT effective") + "; evidence " +
                          Evidence(c.evidence);
    if (c.round == f.round) {
      line("check", v);
    } else {
      line("earlier check", v + "  (round " + std::to_string(c.round) + ", no longer stands)");
    }
  }
  line("response", f.response);
  if (f.closed) line("closed", f.closed->ToString());
  inv.out << "history\n";
  for (const auto& t : f.history) {
    inv.out << "  " << t.date.ToString() << "  " << (t.from.empty() ? "(new)" : t.from) << " -> "
            << t.to << "  by " << t.by << "\n";
    if (!t.note.empty()) inv.out << "      " << t.note << "\n";
  }
  for (const auto& h : NextStepHints(f)) inv.out << "next: " << h << "\n";
  return 0;
}

}  // namespace

int RunFinding(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"open", "raise a finding (NC-... for major/minor, OB-... otherwise)", FindingOpen},
      {"analyse", "record containment, correction, extent and the root cause", FindingAnalyse},
      {"plan", "add a corrective action with its owner and due date", FindingPlan},
      {"implement", "the action is taken, with evidence", FindingImplement},
      {"verify", "check effectiveness, with evidence", FindingVerify},
      {"close", "close it (nonconformities once verified effective)", FindingClose},
      {"reopen", "reopen a closed finding", FindingReopen},
      {"withdraw", "withdraw one raised in error or a duplicate (kept, with the reason)",
       FindingWithdraw},
      {"regrade", "change the grade, with the reason and who decided", FindingRegrade},
      {"submit", "the body's finding: correction and plan sent to the body", FindingSubmit},
      {"accept", "the body's finding: the body accepted the plan", FindingAccept},
      {"body-verify", "the body's major: the body verified it closed", FindingBodyVerify},
      {"list", "findings, filtered", FindingList},
      {"show", "one finding with its whole history", FindingShow},
  };
  return RunSubcommand(inv, kTable, "finding");
}

}  // namespace dossier::cli
