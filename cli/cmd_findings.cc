// finding open | analyse | plan | implement | verify | close | reopen | list | show
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/findings.h"
#include "dossier/json.h"
#include "dossier/lifecycle.h"
#include "dossier/resolve.h"

namespace dossier::cli {
namespace {

// The finding as JSON, with what a reader needs and the file does not hold.
bj::value FindingJson(const Finding& f, Date today) {
  bj::value v = ParseJson(ToJson(f));
  bj::object& o = v.as_object();
  o["overdue"] = f.Overdue(today);
  bj::array next;
  for (const auto& h : NextStepHints(f)) next.emplace_back(h);
  o["next"] = std::move(next);
  return v;
}

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
      "description", po::value<std::string>(), "the objective evidence and the requirement");
  po::variables_map vm;
  const char* usage =
      "finding open --title T --grade major|minor|concern|observation|ofi --clause C "
      "[--source S] [--audit ID] [--owner O] [--objective ID] [--due DATE] [--description T]";
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
  Finding f = Check(OpenFinding(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(f);
    return 0;
  }
  inv.out << "opened " << f.id << "  " << ToString(f.grade) << "  " << Join(f.clauses, ",") << "  "
          << f.title << "\n";
  if (f.due) inv.out << "due " << f.due->ToString() << "\n";
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
      "cause", po::value<std::string>(), "its root cause");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, "finding analyse ID --correction T --cause T", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kAnalyse;
  r.step.correction = Opt(vm, "correction");
  r.step.cause = Opt(vm, "cause");
  return Step(inv, id, r);
}

int FindingPlan(Invocation& inv) {
  po::options_description desc("finding plan options");
  desc.add_options()("action", po::value<std::string>(),
                     "the corrective action that removes the cause")(
      "due", po::value<std::string>(), "when it is due (default: the finding's due date)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, "finding plan ID --action T [--due DATE]", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kPlan;
  r.step.action = Opt(vm, "action");
  r.step.due = OptionalDate(vm, "due");
  return Step(inv, id, r);
}

int FindingImplement(Invocation& inv) {
  po::options_description desc("finding implement options");
  desc.add_options()("evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
                     "artifacts showing the action was taken (ids or paths)");
  po::variables_map vm;
  bool help;
  std::string id = ParseStep(inv, desc, vm, "finding implement ID [--evidence ARTIFACT...]", &help);
  if (help) return 0;
  FindingStepRequest r;
  r.step.command = FindingCommand::kImplement;
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
}

int FindingVerify(Invocation& inv) {
  po::options_description desc("finding verify options");
  desc.add_options()("effective", "the action removed the cause: the finding is verified")(
      "not-effective", "it did not: the finding returns to planned")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts the check rests on (required; ids or paths)")("by", po::value<std::string>(),
                                                               "who checked (default: the author)");
  po::variables_map vm;
  bool help;
  const char* usage =
      "finding verify ID --effective|--not-effective --evidence ARTIFACT... [--by NAME]";
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
  r.evidence_artifacts = Many(vm, "evidence");
  return Step(inv, id, r);
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
    bj::array arr;
    for (const Finding* f : shown) arr.push_back(FindingJson(*f, today));
    bj::object doc;
    doc["findings"] = std::move(arr);
    doc["as_of"] = today.ToString();
    inv.PrintJson(std::move(doc));
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
    bj::object doc;
    doc["finding"] = FindingJson(f, today);
    doc["as_of"] = today.ToString();
    inv.PrintJson(std::move(doc));
    return 0;
  }
  auto line = [&](const char* k, const std::string& v) {
    if (!v.empty()) inv.out << std::left << std::setw(13) << k << v << "\n";
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
  line("clauses", Join(clauses, "\n             "));
  line("audit", f.audit);
  line("owner", f.owner);
  line("objective", f.objective);
  line("raised", f.raised.ToString());
  if (f.due) line("due", f.due->ToString() + (f.Overdue(today) ? "  OVERDUE" : ""));
  line("state", ToString(f.state));
  line("description", f.description);
  line("correction", f.correction);
  line("cause", f.cause);
  line("action", f.action);
  line("implemented", Evidence(f.implementation_evidence));
  for (const auto& c : f.checks) {
    line("check", c.date.ToString() + " by " + c.by + ": " +
                      (c.effective ? "effective" : "NOT effective") + "; evidence " +
                      Evidence(c.evidence));
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
      {"analyse", "record the correction and the root cause", FindingAnalyse},
      {"plan", "record the corrective action and its due date", FindingPlan},
      {"implement", "the action is taken, with evidence", FindingImplement},
      {"verify", "check effectiveness, with evidence", FindingVerify},
      {"close", "close it (nonconformities once verified effective)", FindingClose},
      {"reopen", "reopen a closed finding", FindingReopen},
      {"list", "findings, filtered", FindingList},
      {"show", "one finding with its whole history", FindingShow},
  };
  return RunSubcommand(inv, kTable, "finding");
}

}  // namespace dossier::cli
