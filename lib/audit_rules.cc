// The rules of internal audits: see audit_rules.h.
#include "dossier/audit_rules.h"

#include <algorithm>
#include <cctype>

#include "dossier/text.h"

namespace dossier {

const std::vector<AuditTransition>& AuditTransitions() {
  static const std::vector<AuditTransition> k = {
      {AuditCommand::kDone, AuditState::kPlanned, AuditState::kDone},
      {AuditCommand::kCancel, AuditState::kPlanned, AuditState::kCancelled},
  };
  return k;
}

Status CheckAuditCommand(const InternalAudit& a, AuditCommand c) {
  for (const auto& t : AuditTransitions()) {
    if (t.command == c && t.from == a.state) return Status::Ok();
  }
  const char* verb = c == AuditCommand::kDone ? "mark done" : "cancel";
  std::string when;
  if (a.state == AuditState::kDone && a.done) when = " on " + a.done->ToString();
  return Error::Input("cannot " + std::string(verb) + " " + a.id + ": it is " + ToString(a.state) +
                      when +
                      "; only a planned audit can be done or cancelled (plan a new one with: "
                      "dossier audit plan --scope CLAUSES --date DATE --auditor NAME)");
}

namespace {

// The lower-case keys a person is known by: the name and, from "Name
// <mail>", the address too.
std::vector<std::string> PersonKeys(std::string_view who) {
  const std::string s = Lower(Trim(who));
  std::vector<std::string> keys;
  const auto lt = s.find('<');
  const auto gt = s.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    keys.push_back(Trim(std::string_view(s).substr(0, lt)));
    keys.push_back(Trim(std::string_view(s).substr(lt + 1, gt - lt - 1)));
  } else {
    keys.push_back(s);
  }
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  return keys;
}

}  // namespace

bool SamePerson(std::string_view a, std::string_view b) {
  const auto kb = PersonKeys(b);
  for (const auto& x : PersonKeys(a)) {
    if (std::find(kb.begin(), kb.end(), x) != kb.end()) return true;
  }
  return false;
}

std::vector<SelfAuditRisk> SelfAuditRisks(const InternalAudit& a,
                                          const std::vector<Process>& processes,
                                          const Checklist& checklist) {
  std::vector<SelfAuditRisk> out;
  for (const auto& auditor : a.auditors) {
    for (const auto& p : processes) {
      if (!SamePerson(auditor, p.owner)) continue;
      bool covered = std::any_of(a.processes.begin(), a.processes.end(), [&](const std::string& n) {
        return Lower(Trim(n)) == Lower(Trim(p.name));
      });
      for (const auto& pc : p.clauses) {
        for (const auto& sc : a.scope) {
          covered = covered || checklist.IsUnder(pc, sc) || checklist.IsUnder(sc, pc);
        }
      }
      if (covered) out.push_back({auditor, p.name});
    }
  }
  return out;
}

}  // namespace dossier
