// The lifecycle tables (FindingTransitions, AuditTransitions) against
// doc/lifecycle.md: every transition the document draws is in the table and
// allowed by ApplyStep, and every other step, from every state, is refused.
#define BOOST_TEST_MODULE lifecycle_table
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "dossier/lifecycle.h"
#include "test_util.h"

using dossier::test::Contains;

using namespace dossier;

namespace {

using S = FindingState;
using C = FindingCommand;

// (from, command, to)
using Step3 = std::tuple<FindingState, FindingCommand, FindingState>;

const Date kRaised = Date::FromCivil(2026, 3, 2);
Date Day(int n) { return kRaised.AddDays(n); }

const S kStates[] = {S::kOpen,     S::kAnalysed, S::kPlanned,  S::kImplemented,
                     S::kVerified, S::kClosed,   S::kWithdrawn};
const C kCommands[] = {C::kAnalyse, C::kPlan,   C::kImplement, C::kVerify,
                       C::kClose,   C::kReopen, C::kWithdraw,  C::kRegrade,
                       C::kSubmit,  C::kAccept, C::kBodyVerify};
const S kOpenStates[] = {S::kOpen, S::kAnalysed, S::kPlanned, S::kImplemented, S::kVerified};

const EvidenceRef kEvidence{"ART-20260301-AAAA", std::string(64, 'a')};

std::string Name(const Step3& t) {
  return std::string(ToString(std::get<0>(t))) + " --" + ToString(std::get<1>(t)) + "--> " +
         ToString(std::get<2>(t));
}

// The steps of `c` a user could give: each outcome the command has.
std::vector<FindingStep> Variants(const Finding& f, C c) {
  FindingStep s;
  s.command = c;
  s.correction = "fixed the record";
  s.cause = "no procedure";
  s.action = "write the procedure";
  s.due = Day(90);
  s.response = "noted";
  s.why = "a reason";
  s.reason = "error";
  s.evidence = {kEvidence};
  s.verified_by = "Carol";
  s.grade = f.grade == Grade::kMajor   ? Grade::kMinor
            : f.grade == Grade::kMinor ? Grade::kMajor
            : f.grade == Grade::kOfi   ? Grade::kObservation
                                       : Grade::kOfi;
  std::vector<FindingStep> out = {s};
  if (c == C::kImplement) {
    out[0].action_number = 1;  // one action of two: the others stay open
    out.push_back(s);          // every open action
  }
  if (c == C::kVerify) {
    out[0].effective = true;
    out.push_back(s);  // not effective: back to analysis
  }
  return out;
}

Finding Apply(const Finding& f, FindingStep s, int day) {
  auto r = ApplyStep(f, s, "Bob", Day(day));
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message()));
  return *r;
}

// A finding of `grade` in `state`, by the usual path; a planned one has two
// open actions, so that implementing one of them keeps it planned.
Finding Reach(Grade grade, S state, bool body = false) {
  Finding f;
  f.id = std::string(FindingIdPrefix(grade)) + "-20260302-7Q2K";
  f.title = "t";
  f.grade = grade;
  f.raised = kRaised;
  f.due = Day(30);
  if (body) f.body_audit = "CB-20260301-AAAA";
  f.history.push_back(Transition{"", "open", "Ann", kRaised, "raised"});
  auto go = [&](C c, int day, bool effective = true) {
    FindingStep s = Variants(f, c).front();
    if (c == C::kImplement) s.action_number = 0;
    s.effective = effective;
    f = Apply(f, s, day);
  };
  if (state == S::kOpen) return f;
  if (state == S::kWithdrawn) {
    go(C::kWithdraw, 1);
    return f;
  }
  go(C::kAnalyse, 1);
  if (state == S::kAnalysed) return f;
  go(C::kPlan, 2);
  go(C::kPlan, 2);
  if (state == S::kPlanned) return f;
  go(C::kImplement, 3);
  if (state == S::kImplemented) return f;
  go(C::kVerify, 4);
  if (state == S::kVerified) return f;
  go(C::kClose, 5);
  return f;
}

S StateNamed(const std::string& name) {
  for (S s : kStates) {
    if (name == ToString(s)) return s;
  }
  BOOST_FAIL("doc/lifecycle.md names an unknown finding state: " << name);
  return S::kOpen;
}

C CommandNamed(const std::string& name) {
  for (C c : kCommands) {
    if (name == ToString(c)) return c;
  }
  BOOST_FAIL("doc/lifecycle.md names an unknown finding command: " << name);
  return C::kAnalyse;
}

// The transitions drawn in the ```text block of doc/lifecycle.md's
// "Findings" section: "open --analyse--> analysed --plan--> planned ...",
// "any open state --withdraw--> withdrawn", "... --> the same state".
std::set<Step3> DocumentedTransitions() {
  std::ifstream in(std::string(DOSSIER_SOURCE_DIR) + "/doc/lifecycle.md");
  BOOST_REQUIRE(in);
  std::set<Step3> out;
  bool in_findings = false, in_block = false;
  const std::regex arrow(R"(\s*--([a-z-]+)(?: --[a-z-]+)?-->\s*)");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_findings = line == "## Findings";
    if (!in_findings) continue;
    if (line == "```text") {
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    if (line == "```") break;
    line = line.substr(0, line.find("  ("));  // the comment
    std::vector<std::string> states, commands;
    size_t at = 0;
    for (std::sregex_iterator m(line.begin(), line.end(), arrow), end; m != end; ++m) {
      states.push_back(line.substr(at, m->position() - at));
      commands.push_back((*m)[1]);
      at = m->position() + m->length();
    }
    states.push_back(line.substr(at));
    while (!states.back().empty() && states.back().back() == ' ') states.back().pop_back();
    BOOST_REQUIRE_MESSAGE(!commands.empty(), "not a transition: " << line);
    for (size_t i = 0; i < commands.size(); ++i) {
      std::vector<S> from;
      if (states[i] == "any open state") {
        from.assign(std::begin(kOpenStates), std::end(kOpenStates));
      } else {
        from.push_back(StateNamed(states[i]));
      }
      for (S s : from) {
        const S to = states[i + 1] == "the same state" ? s : StateNamed(states[i + 1]);
        out.insert({s, CommandNamed(commands[i]), to});
      }
    }
  }
  BOOST_REQUIRE_MESSAGE(out.size() > 10u, "no transitions found in doc/lifecycle.md");
  return out;
}

// What the document allows a finding of `grade` (with no certification
// body's audit): the drawing for nonconformities; for the other grades also
// a close with a response "from any open state".
std::set<Step3> Allowed(Grade grade) {
  std::set<Step3> out = DocumentedTransitions();
  if (!IsNonconformity(grade)) {
    for (S s : kOpenStates) out.insert({s, C::kClose, S::kClosed});
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lifecycle_table)

BOOST_AUTO_TEST_CASE(the_table_draws_what_doc_lifecycle_md_draws) {
  for (Grade g :
       {Grade::kMajor, Grade::kMinor, Grade::kConcern, Grade::kObservation, Grade::kOfi}) {
    std::set<Step3> rows;
    for (const auto& t : FindingTransitions()) {
      for (S s : t.from) {
        if (t.guard && !t.guard(Reach(g, s))) continue;
        rows.insert({s, t.command, t.to.value_or(s)});
      }
    }
    const std::set<Step3> doc = Allowed(g);
    for (const auto& t : doc)
      BOOST_TEST(rows.count(t) == 1u, ToString(g) << ": not in the table: " << Name(t));
    for (const auto& t : rows)
      BOOST_TEST(doc.count(t) == 1u, ToString(g) << ": not in the doc: " << Name(t));
  }
}

BOOST_AUTO_TEST_CASE(every_documented_step_is_allowed_and_every_other_refused) {
  for (Grade g :
       {Grade::kMajor, Grade::kMinor, Grade::kConcern, Grade::kObservation, Grade::kOfi}) {
    const std::set<Step3> doc = Allowed(g);
    std::set<Step3> done;
    for (S s : kStates) {
      const Finding f = Reach(g, s);
      BOOST_REQUIRE(f.state == s);
      for (C c : kCommands) {
        bool documented = false;
        for (const auto& t : doc)
          documented = documented || (std::get<0>(t) == s && std::get<1>(t) == c);
        for (const FindingStep& step : Variants(f, c)) {
          auto r = ApplyStep(f, step, "Bob", Day(50));
          const std::string what =
              std::string(ToString(g)) + ": " + ToString(c) + " from " + ToString(s);
          if (r.ok()) {
            done.insert({s, c, r->state});
            BOOST_TEST(r->history.back().from == ToString(s), what);
            BOOST_TEST(r->history.back().to == ToString(r->state), what);
            continue;
          }
          BOOST_TEST(!documented, what << ": refused: " << r.error().message());
          BOOST_TEST((r.error().kind() == ErrorKind::kInput), what);
          BOOST_TEST(Contains(r.error().message(), "it is " + std::string(ToString(s))), what);
        }
      }
    }
    for (const auto& t : doc)
      BOOST_TEST(done.count(t) == 1u, ToString(g) << ": refused: " << Name(t));
    for (const auto& t : done)
      BOOST_TEST(doc.count(t) == 1u, ToString(g) << ": allowed: " << Name(t));
  }
}

// doc/lifecycle.md, "The certification body's findings": the body's steps
// are recorded in the finding's state, each while it is pending.
BOOST_AUTO_TEST_CASE(the_bodys_steps_keep_the_state_and_come_first) {
  for (Grade g : {Grade::kMajor, Grade::kMinor}) {
    for (S s : kOpenStates) {
      Finding f = Reach(g, s, /*body=*/true);
      const auto legal = LegalCommands(f);
      const bool submit = s == S::kPlanned || s == S::kImplemented || s == S::kVerified;
      BOOST_TEST((std::find(legal.begin(), legal.end(), C::kSubmit) != legal.end()) == submit,
                 ToString(g) << " " << ToString(s));
      if (!submit) continue;
      // Pending body steps lead, the body's verification of a major first.
      const bool body_verify = g == Grade::kMajor && s == S::kVerified;
      const C pending = body_verify ? C::kBodyVerify : C::kAccept;
      const std::string what = std::string(ToString(g)) + " " + ToString(s);
      BOOST_TEST((legal.front() == (body_verify ? C::kBodyVerify : C::kSubmit)), what);
      f = Apply(f, Variants(f, C::kSubmit).front(), 50);
      BOOST_TEST((f.state == s), what);
      BOOST_TEST((LegalCommands(f).front() == pending), what);
      f = Apply(f, Variants(f, C::kAccept).front(), 50);
      BOOST_TEST((f.state == s), what);
      BOOST_TEST((LegalCommands(f).front() == C::kBodyVerify) == body_verify, what);
      if (body_verify) {
        f = Apply(f, Variants(f, C::kBodyVerify).front(), 50);
        BOOST_TEST((f.state == s), what);
        BOOST_TEST((LegalCommands(f).front() == C::kClose), what);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(audits_move_from_planned_only) {
  for (AuditState s : {AuditState::kPlanned, AuditState::kDone, AuditState::kCancelled}) {
    for (AuditCommand c : {AuditCommand::kDone, AuditCommand::kCancel}) {
      InternalAudit a;
      a.id = "IA-20260302-AAAA";
      a.state = s;
      size_t rows = 0;
      for (const auto& t : AuditTransitions()) {
        if (t.command != c || t.from != s) continue;
        ++rows;
        BOOST_TEST(
            (t.to == (c == AuditCommand::kDone ? AuditState::kDone : AuditState::kCancelled)));
      }
      BOOST_TEST(rows == (s == AuditState::kPlanned ? 1u : 0u));
      BOOST_TEST(CheckAuditCommand(a, c).ok() == (s == AuditState::kPlanned), ToString(s));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
