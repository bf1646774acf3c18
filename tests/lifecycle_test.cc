// The pure rules of lifecycle.h: the finding state machine for every grade
// and every illegal step, audit steps, self-audit detection, review inputs,
// objective targets.
#define BOOST_TEST_MODULE lifecycle
#include "dossier/lifecycle.h"

#include <boost/test/unit_test.hpp>
#include <ostream>

#include "test_util.h"

using dossier::test::Contains;

using namespace dossier;

namespace dossier {
// For Boost.Test's messages.
std::ostream& operator<<(std::ostream& os, FindingState s) { return os << ToString(s); }
std::ostream& operator<<(std::ostream& os, Date d) { return os << d.ToString(); }
}  // namespace dossier

namespace {

const Date kRaised = Date::FromCivil(2026, 3, 2);

Date Day(int n) { return kRaised.AddDays(n); }

Finding NewFinding(Grade g) {
  Finding f;
  f.id = std::string(FindingIdPrefix(g)) + "-20260302-7Q2K";
  f.title = "t";
  f.grade = g;
  f.raised = kRaised;
  f.due = Day(30);
  f.history.push_back(Transition{"", "open", "Ann", kRaised, "raised"});
  return f;
}

const EvidenceRef kEvidence{"ART-20260301-AAAA", std::string(64, 'a')};

FindingStep Step(FindingCommand c) {
  FindingStep s;
  s.command = c;
  s.correction = "fixed the record";
  s.cause = "no procedure";
  s.action = "write the procedure";
  s.response = "noted";
  s.why = "it recurred";
  if (c == FindingCommand::kImplement) s.evidence = {kEvidence};
  return s;
}

FindingStep Verify(bool effective) {
  FindingStep s = Step(FindingCommand::kVerify);
  s.effective = effective;
  s.evidence = {kEvidence};
  return s;
}

Finding Apply(const Finding& f, const FindingStep& s, int day) {
  auto r = ApplyStep(f, s, "Bob", Day(day));
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message()));
  return *r;
}

std::string Refusal(const Finding& f, const FindingStep& s, int day = 10) {
  auto r = ApplyStep(f, s, "Bob", Day(day));
  BOOST_REQUIRE_MESSAGE(
      !r.ok(), "expected a refusal of " << ToString(s.command) << " from " << ToString(f.state));
  BOOST_TEST((r.error().kind() == ErrorKind::kInput));
  return r.error().message();
}

// The finding after the nonconformity path up to `state`.
Finding At(Grade g, FindingState state) {
  Finding f = NewFinding(g);
  int day = 1;
  auto go = [&](FindingCommand c) { f = Apply(f, Step(c), day++); };
  if (state == FindingState::kOpen) return f;
  go(FindingCommand::kAnalyse);
  if (state == FindingState::kAnalysed) return f;
  go(FindingCommand::kPlan);
  if (state == FindingState::kPlanned) return f;
  go(FindingCommand::kImplement);
  if (state == FindingState::kImplemented) return f;
  f = Apply(f, Verify(true), day++);
  if (state == FindingState::kVerified) return f;
  go(FindingCommand::kClose);
  return f;
}

const FindingCommand kAll[] = {FindingCommand::kAnalyse,   FindingCommand::kPlan,
                               FindingCommand::kImplement, FindingCommand::kVerify,
                               FindingCommand::kClose,     FindingCommand::kReopen};
const FindingState kStates[] = {FindingState::kOpen,     FindingState::kAnalysed,
                                FindingState::kPlanned,  FindingState::kImplemented,
                                FindingState::kVerified, FindingState::kClosed};
const Grade kGrades[] = {Grade::kMajor, Grade::kMinor, Grade::kConcern, Grade::kObservation,
                         Grade::kOfi};

}  // namespace

BOOST_AUTO_TEST_SUITE(findings)

BOOST_AUTO_TEST_CASE(nonconformity_full_lifecycle_records_every_step) {
  for (Grade g : {Grade::kMajor, Grade::kMinor}) {
    Finding f = At(g, FindingState::kClosed);
    BOOST_TEST(f.state == FindingState::kClosed);
    BOOST_TEST(f.correction == "fixed the record");
    BOOST_TEST(f.cause == "no procedure");
    BOOST_TEST(f.action == "write the procedure");
    BOOST_REQUIRE(f.checks.size() == 1u);
    BOOST_TEST(f.checks[0].effective);
    BOOST_TEST(f.checks[0].by == "Bob");
    BOOST_TEST(f.checks[0].evidence[0].sha256 == kEvidence.sha256);
    BOOST_TEST(f.closed->ToString() == "2026-03-07");
    std::vector<std::string> path;
    for (const auto& t : f.history) path.push_back(t.from + ">" + t.to);
    BOOST_TEST(path == (std::vector<std::string>{">open", "open>analysed", "analysed>planned",
                                                 "planned>implemented", "implemented>verified",
                                                 "verified>closed"}));
    BOOST_TEST(f.history.back().by == "Bob");
    BOOST_TEST(f.history.back().date.ToString() == "2026-03-07");
    BOOST_TEST(!f.open());
  }
}

BOOST_AUTO_TEST_CASE(failed_verification_returns_to_analysis_then_succeeds) {
  Finding f = At(Grade::kMajor, FindingState::kImplemented);
  BOOST_TEST(Contains(Refusal(f, Verify(false), 10), "needs --due DATE"));
  FindingStep failed = Verify(false);
  failed.due = Day(40);
  f = Apply(f, failed, 10);
  BOOST_TEST(f.state == FindingState::kOpen);
  BOOST_TEST(f.round == 2);
  BOOST_TEST(Contains(f.history.back().note, "not effective"));
  BOOST_TEST(!HasEffectiveVerification(f));
  std::string why = Refusal(f, Step(FindingCommand::kClose), 11);
  BOOST_TEST(Contains(why, "it is open"));
  BOOST_TEST(Contains(why, "verified effective"));
  // A new analysis and plan, implemented, verified effective.
  f = Apply(f, Step(FindingCommand::kAnalyse), 11);
  FindingStep replan = Step(FindingCommand::kPlan);
  replan.action = "train the team as well";
  f = Apply(f, replan, 11);
  BOOST_TEST(f.action == "train the team as well");
  BOOST_TEST(f.state == FindingState::kPlanned);
  f = Apply(f, Step(FindingCommand::kImplement), 12);
  f = Apply(f, Verify(true), 13);
  f = Apply(f, Step(FindingCommand::kClose), 14);
  BOOST_TEST(f.state == FindingState::kClosed);
  BOOST_TEST(f.checks.size() == 2u);
}

BOOST_AUTO_TEST_CASE(every_illegal_step_of_a_nonconformity_is_refused_naming_the_next) {
  for (Grade g : {Grade::kMajor, Grade::kMinor}) {
    for (FindingState s : kStates) {
      Finding f = At(g, s);
      const auto legal = LegalCommands(f);
      for (FindingCommand c : kAll) {
        bool ok = std::find(legal.begin(), legal.end(), c) != legal.end();
        FindingStep step = c == FindingCommand::kVerify ? Verify(true) : Step(c);
        auto r = ApplyStep(f, step, "Bob", Day(20));
        BOOST_TEST(r.ok() == ok, ToString(g) << " " << ToString(s) << " " << ToString(c));
        if (!ok && !r.ok()) {
          BOOST_TEST(Contains(r.error().message(), std::string("it is ") + ToString(s)));
          BOOST_TEST(Contains(r.error().message(), "next: finding "));
          BOOST_TEST(Contains(r.error().message(), f.id));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(legal_commands_by_state_for_nonconformities) {
  using C = FindingCommand;
  auto legal = [](FindingState s) { return LegalCommands(At(Grade::kMinor, s)); };
  // Regrade and withdraw are legal in every state but closed, last.
  BOOST_TEST(
      (legal(FindingState::kOpen) == std::vector<C>{C::kAnalyse, C::kRegrade, C::kWithdraw}));
  BOOST_TEST(
      (legal(FindingState::kAnalysed) == std::vector<C>{C::kPlan, C::kRegrade, C::kWithdraw}));
  BOOST_TEST((legal(FindingState::kPlanned) ==
              std::vector<C>{C::kImplement, C::kPlan, C::kRegrade, C::kWithdraw}));
  BOOST_TEST(
      (legal(FindingState::kImplemented) == std::vector<C>{C::kVerify, C::kRegrade, C::kWithdraw}));
  BOOST_TEST(
      (legal(FindingState::kVerified) == std::vector<C>{C::kClose, C::kRegrade, C::kWithdraw}));
  BOOST_TEST((legal(FindingState::kClosed) == std::vector<C>{C::kReopen}));
  Finding planned = At(Grade::kMinor, FindingState::kPlanned);
  BOOST_TEST(Refusal(planned, Step(C::kAnalyse)) ==
             "cannot analyse NC-20260302-7Q2K: it is planned; next: finding implement "
             "NC-20260302-7Q2K [--action N] --evidence ARTIFACT...; or finding plan "
             "NC-20260302-7Q2K --action T [--owner NAME] [--due DATE]");
}

BOOST_AUTO_TEST_CASE(concern_observation_ofi_close_from_any_open_state_with_a_response) {
  for (Grade g : {Grade::kConcern, Grade::kObservation, Grade::kOfi}) {
    for (FindingState s : kStates) {
      Finding f = At(g, s);
      BOOST_TEST(f.id.rfind("OB-", 0) == 0u);
      FindingStep close = Step(FindingCommand::kClose);
      if (s == FindingState::kClosed) {
        BOOST_TEST(Contains(Refusal(f, close), "it is closed; next: finding reopen"));
        continue;
      }
      Finding closed = Apply(f, close, 20);
      BOOST_TEST(closed.state == FindingState::kClosed);
      BOOST_TEST(closed.response == "noted");
      BOOST_TEST(closed.history.back().note == "noted");
      close.response = "  ";
      BOOST_TEST(Contains(Refusal(f, close, 20), "needs --response"));
    }
    // Their other steps follow the same order as a nonconformity's.
    Finding open = NewFinding(g);
    BOOST_TEST(Contains(Refusal(open, Step(FindingCommand::kImplement)),
                        "next: finding analyse OB-20260302-7Q2K --correction T "
                        "[--correction-date DATE] --cause T [--containment T] [--extent T]; or "
                        "finding close OB-20260302-7Q2K --response T"));
    BOOST_TEST(Contains(Refusal(open, Verify(true)), "it is open"));
    BOOST_TEST(Contains(Refusal(open, Step(FindingCommand::kReopen)), "it is open"));
  }
}

BOOST_AUTO_TEST_CASE(reopen_needs_a_reason_and_requires_a_new_verification) {
  Finding f = At(Grade::kMajor, FindingState::kClosed);
  FindingStep reopen = Step(FindingCommand::kReopen);
  reopen.why = "";
  BOOST_TEST(Contains(Refusal(f, reopen), "needs --why"));
  f = Apply(f, Step(FindingCommand::kReopen), 10);
  BOOST_TEST(f.state == FindingState::kOpen);
  BOOST_TEST(!f.closed);
  BOOST_TEST(f.history.back().note ==
             "it recurred (round 2; the earlier effectiveness checks no longer stand)");
  BOOST_TEST(Contains(Refusal(f, Step(FindingCommand::kClose), 11), "it is open"));
}

BOOST_AUTO_TEST_CASE(required_fields_and_dates) {
  Finding open = NewFinding(Grade::kMinor);
  FindingStep a = Step(FindingCommand::kAnalyse);
  a.cause = "";
  BOOST_TEST(Contains(Refusal(open, a), "needs --cause"));
  a = Step(FindingCommand::kAnalyse);
  a.correction = " ";
  BOOST_TEST(Contains(Refusal(open, a), "needs --correction"));
  // Steps are recorded in date order.
  BOOST_TEST(Contains(Refusal(open, Step(FindingCommand::kAnalyse), -1),
                      "its last step was on 2026-03-02"));

  Finding analysed = At(Grade::kMinor, FindingState::kAnalysed);
  FindingStep p = Step(FindingCommand::kPlan);
  p.action = "";
  BOOST_TEST(Contains(Refusal(analysed, p), "needs --action"));
  p = Step(FindingCommand::kPlan);
  p.due = Day(5);
  BOOST_TEST(Contains(Refusal(analysed, p, 10), "cannot be due in the past"));
  p.due = Day(40);
  BOOST_TEST(*Apply(analysed, p, 10).due == Day(40));
  Finding no_due = analysed;
  no_due.due.reset();
  BOOST_TEST(Contains(Refusal(no_due, Step(FindingCommand::kPlan)), "needs --due DATE"));

  // Implementing a corrective action needs the record that shows it was done.
  Finding planned = At(Grade::kMinor, FindingState::kPlanned);
  FindingStep i = Step(FindingCommand::kImplement);
  i.evidence.clear();
  BOOST_TEST(Contains(Refusal(planned, i), "needs --evidence"));

  Finding implemented = At(Grade::kMinor, FindingState::kImplemented);
  FindingStep v = Verify(true);
  v.evidence.clear();
  BOOST_TEST(Contains(Refusal(implemented, v), "needs --evidence"));
  v = Verify(true);
  v.verified_by = "Carol";
  Finding verified = Apply(implemented, v, 10);
  BOOST_TEST(verified.checks.back().by == "Carol");
  BOOST_TEST(verified.history.back().by == "Bob");
}

BOOST_AUTO_TEST_CASE(closing_a_hand_edited_verified_finding_without_evidence_is_refused) {
  Finding f = At(Grade::kMajor, FindingState::kImplemented);
  f.state = FindingState::kVerified;  // as if edited by hand, with no check
  BOOST_TEST(!HasEffectiveVerification(f));
  BOOST_TEST(Contains(Refusal(f, Step(FindingCommand::kClose)),
                      "last effectiveness check is not an effective one with evidence"));
}

BOOST_AUTO_TEST_CASE(overdue_is_against_the_given_day) {
  Finding f = NewFinding(Grade::kMinor);  // due day 30
  BOOST_TEST(!f.Overdue(Day(30)));
  BOOST_TEST(f.Overdue(Day(31)));
  Finding closed = At(Grade::kMinor, FindingState::kClosed);
  BOOST_TEST(!closed.Overdue(Day(90)));
  // The due date is the action's: implemented, it is no longer late...
  Finding implemented = At(Grade::kMinor, FindingState::kImplemented);
  BOOST_TEST(At(Grade::kMinor, FindingState::kPlanned).Overdue(Day(31)));
  BOOST_TEST(!implemented.Overdue(Day(31)));
  // ...until a failed check sends it back to analysis with a new due date.
  FindingStep failed = Verify(false);
  failed.due = Day(31);  // back to analysis, due again on the given day
  BOOST_TEST(!Apply(implemented, failed, 31).Overdue(Day(31)));
  BOOST_TEST(Apply(implemented, failed, 31).Overdue(Day(32)));
}

BOOST_AUTO_TEST_CASE(due_dates_default_from_the_grade_policy) {
  Config c;  // defaults: major 30d, minor 60d, concern 90d, others none
  BOOST_TEST(DefaultDue(Grade::kMajor, kRaised, c)->ToString() == "2026-04-01");
  BOOST_TEST(DefaultDue(Grade::kMinor, kRaised, c)->ToString() == "2026-05-01");
  BOOST_TEST(DefaultDue(Grade::kConcern, kRaised, c)->ToString() == "2026-05-31");
  BOOST_TEST(!DefaultDue(Grade::kOfi, kRaised, c));
  auto parsed = ParseConfig("[findings]\ndue_major = 2w\ndue_minor = none\ndue_ofi = 3m\n", "x");
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(DefaultDue(Grade::kMajor, kRaised, *parsed)->ToString() == "2026-03-16");
  BOOST_TEST(!DefaultDue(Grade::kMinor, kRaised, *parsed));
  BOOST_TEST(DefaultDue(Grade::kOfi, kRaised, *parsed)->ToString() == "2026-06-02");
  for (Grade g : kGrades) {
    BOOST_TEST(std::string(FindingIdPrefix(g)) == (IsNonconformity(g) ? "NC" : "OB"));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audits)

InternalAudit Audit(std::vector<std::string> scope, std::vector<std::string> processes,
                    std::vector<std::string> auditors) {
  InternalAudit a;
  a.id = "IA-20260302-AAAA";
  a.scope = std::move(scope);
  a.processes = std::move(processes);
  a.auditors = std::move(auditors);
  return a;
}

// The ISO 9001 checklist, whose tree says which clause lies under which.
const Checklist& Iso() {
  static const Checklist checklist = *Checklist::Builtin("iso9001-2015");
  return checklist;
}

const std::vector<Process> kProcesses = {
    {"purchasing", "Ann Buyer", {"8.4"}},
    {"training", "Tom Trainer", {"7.2", "7.3"}},
};

BOOST_AUTO_TEST_CASE(self_audit_by_scope_clauses_or_named_process) {
  // Ann owns purchasing (8.4); 8.4.1 lies under it.
  auto r = SelfAuditRisks(Audit({"8.4.1"}, {}, {"ann buyer "}), kProcesses, Iso());
  BOOST_REQUIRE(r.size() == 1u);
  BOOST_TEST(r[0].process == "purchasing");
  BOOST_TEST(r[0].auditor == "ann buyer ");
  // Named process, scope elsewhere.
  BOOST_TEST(
      SelfAuditRisks(Audit({"9.1.1"}, {"Purchasing"}, {"Ann Buyer"}), kProcesses, Iso()).size() ==
      1u);
  // Someone else's process, or no overlap: no risk.
  BOOST_TEST(SelfAuditRisks(Audit({"7.2"}, {}, {"Ann Buyer"}), kProcesses, Iso()).empty());
  BOOST_TEST(SelfAuditRisks(Audit({"8.5.1"}, {}, {"Ann Buyer"}), kProcesses, Iso()).empty());
  // A parent scope covers the process's clauses; two auditors, one at risk.
  auto two = SelfAuditRisks(Audit({"7"}, {}, {"Ann Buyer", "Tom Trainer"}), kProcesses, Iso());
  BOOST_REQUIRE(two.size() == 1u);
  BOOST_TEST(two[0].auditor == "Tom Trainer");
  BOOST_TEST(two[0].process == "training");
}

BOOST_AUTO_TEST_CASE(clause_overlap_is_by_tree_not_by_text) {
  const std::vector<Process> owner = {{"p", "Ann Buyer", {"8.4"}}};
  auto risky = [&](const std::string& scope) {
    return !SelfAuditRisks(Audit({scope}, {}, {"Ann Buyer"}), owner, Iso()).empty();
  };
  BOOST_TEST(risky("8.4.1"));  // under 8.4
  BOOST_TEST(risky("8"));      // 8.4 lies under it
  BOOST_TEST(risky("8.4"));
  BOOST_TEST(!risky("8.5.1"));
  BOOST_TEST(!risky("9"));
  const std::vector<Process> one = {{"p", "Ann Buyer", {"1"}}};
  BOOST_TEST(SelfAuditRisks(Audit({"10.1"}, {}, {"Ann Buyer"}), one, Iso()).empty());
}

BOOST_AUTO_TEST_CASE(only_planned_audits_are_done_or_cancelled) {
  InternalAudit a = Audit({"7.2"}, {}, {"X"});
  BOOST_TEST(CheckAuditCommand(a, AuditCommand::kDone).ok());
  BOOST_TEST(CheckAuditCommand(a, AuditCommand::kCancel).ok());
  a.state = AuditState::kDone;
  a.done = kRaised;
  auto s = CheckAuditCommand(a, AuditCommand::kCancel);
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST(s.error().message().find("it is done on 2026-03-02") != std::string::npos);
  a.state = AuditState::kCancelled;
  BOOST_TEST(!CheckAuditCommand(a, AuditCommand::kDone).ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reviews)

BOOST_AUTO_TEST_CASE(inputs_are_validated_deduplicated_and_ordered) {
  auto r = ParseReviewInputs({"f", "A", "c2", "(b)", "a"});
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(*r == (std::vector<std::string>{"a", "b", "c2", "f"}));
  auto c = ParseReviewInputs({"c"});
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(*c == (std::vector<std::string>{"c1", "c2", "c3", "c4", "c5", "c6", "c7"}));
  BOOST_TEST(ReviewInputs().size() == 12u);
  for (const char* bad : {"g", "c8", "c0", "9.3.2", ""}) {
    auto e = ParseReviewInputs({"a", bad});
    BOOST_TEST(!e.ok(), bad);
  }
  auto g = ParseReviewInputs({"g"});
  BOOST_TEST(g.error().message() ==
             "unknown management review input \"g\" (ISO 9001 9.3.2; valid: a, b, c1, c2, c3, "
             "c4, c5, c6, c7, d, e, f, or c for all of c1..c7)");
  BOOST_TEST(!ParseReviewInputs({}).ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(objectives)

BOOST_AUTO_TEST_CASE(targets_parse_and_evaluate) {
  struct Case {
    const char* text;
    const char* canonical;
    double below, at, above;
    bool met_below, met_at, met_above;
  };
  const Case cases[] = {
      {">=90", ">=90", 89.9, 90, 90.1, false, true, true},
      {"<=5", "<=5", 4, 5, 6, true, true, false},
      {">0", ">0", -1, 0, 0.5, false, false, true},
      {"<3", "<3", 2, 3, 4, true, false, false},
      {"=100", "=100", 99, 100, 101, false, true, false},
      {" >= 92.5 ", ">=92.5", 92.4, 92.5, 93, false, true, true},
      {"<-2", "<-2", -3, -2, 0, true, false, false},
  };
  for (const auto& c : cases) {
    auto t = ParseTarget(c.text);
    BOOST_REQUIRE_MESSAGE(t.ok(), c.text);
    BOOST_TEST(t->text == c.canonical);
    BOOST_TEST(t->Met(c.below) == c.met_below, c.text);
    BOOST_TEST(t->Met(c.at) == c.met_at, c.text);
    BOOST_TEST(t->Met(c.above) == c.met_above, c.text);
  }
}

BOOST_AUTO_TEST_CASE(unmeasurable_targets_are_refused) {
  for (const char* bad : {"90", "high", "==100", "=>90", ">=", ">=90%", ">= 9 0", "~5", "", ">=1e3",
                          ">=.5", ">=5.", "!=3", "<>3"}) {
    auto t = ParseTarget(bad);
    BOOST_TEST(!t.ok(), "accepted " << bad);
    if (!t.ok()) {
      BOOST_TEST(t.error().message().find("e.g. \">=90\"") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(latest_measurement_by_date_then_id) {
  std::vector<Measurement> ms(4);
  ms[0] = {"MS-1", "OBJ-A", "otd", 90, Date::FromCivil(2026, 1, 31), "", "", {}};
  ms[1] = {"MS-2", "OBJ-A", "otd", 80, Date::FromCivil(2026, 2, 28), "", "", {}};
  ms[2] = {"MS-3", "OBJ-A", "otd", 70, Date::FromCivil(2026, 2, 28), "", "", {}};
  ms[3] = {"MS-4", "OBJ-B", "otd", 99, Date::FromCivil(2026, 3, 31), "", "", {}};
  const Measurement* latest = LatestMeasurement(ms, "OBJ-A", "otd");
  BOOST_REQUIRE(latest);
  BOOST_TEST(latest->id == "MS-3");
  BOOST_TEST(!LatestMeasurement(ms, "OBJ-A", "complaints"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(effectiveness)

// An effective verification an auditor would accept: later than the
// interval after implementation, on evidence dated after it.
BOOST_AUTO_TEST_CASE(effectiveness_is_verified_later_on_evidence_from_after_the_action) {
  const Date implemented = *Date::Parse("2026-06-01");
  const Period month(30, Period::Unit::kDays);
  EffectivenessCheck k;
  k.effective = true;
  k.evidence = {EvidenceRef{"ART-NEW", "x"}, EvidenceRef{"ART-OLD", "y"}};
  auto dates = [](const std::string& id) -> std::optional<Date> {
    if (id == "ART-NEW") return *Date::Parse("2026-06-20");
    if (id == "ART-OLD") return *Date::Parse("2025-01-10");
    return std::nullopt;
  };
  k.date = *Date::Parse("2026-07-15");
  BOOST_TEST(EffectivenessDoubt(k, implemented, month, dates).empty());
  // The same day: too soon.
  k.date = implemented;
  BOOST_TEST(Contains(EffectivenessDoubt(k, implemented, month, dates), "not before 2026-07-01"));
  // Only evidence from before the action (the quality policy, say).
  k.date = *Date::Parse("2026-07-15");
  k.evidence = {EvidenceRef{"ART-OLD", "y"}};
  BOOST_TEST(Contains(EffectivenessDoubt(k, implemented, month, dates), "filed before"));
  // A zero interval allows the same day; a failed check is never doubted.
  k.evidence = {EvidenceRef{"ART-NEW", "x"}};
  k.date = *Date::Parse("2026-06-20");
  BOOST_TEST(EffectivenessDoubt(k, implemented, Period(0, Period::Unit::kDays), dates).empty());
  k.effective = false;
  k.evidence.clear();
  BOOST_TEST(EffectivenessDoubt(k, implemented, month, dates).empty());
}

BOOST_AUTO_TEST_SUITE_END()
