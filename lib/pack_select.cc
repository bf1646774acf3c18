// SelectEvidence: which artifacts and entities an evidence pack holds. Pure:
// a function of the snapshot and the options only.
#include "dossier/pack_select.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

namespace dossier {
namespace {

template <typename Clauses>  // a vector or an artifact's TagList
bool ServesAny(const Clauses& clauses, const std::set<std::string>& wanted) {
  return std::any_of(clauses.begin(), clauses.end(),
                     [&](const std::string& c) { return wanted.count(c) > 0; });
}

// FNV-1a, so a group's stream depends on its key in a documented,
// platform-independent way (std::hash is neither).
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// A uniform draw in [0, n) by rejection: std::uniform_int_distribution's
// algorithm is implementation-defined, mt19937_64's output is not.
uint64_t Below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  for (;;) {
    uint64_t x = rng();
    if (x < limit) return x % n;
  }
}

// N of `ids` (sorted), by a partial Fisher-Yates shuffle; the result sorted.
std::vector<std::string> Sample(std::vector<std::string> ids, size_t n, uint64_t seed,
                                const std::string& key) {
  if (ids.size() <= n) return ids;
  std::mt19937_64 rng(seed ^ Fnv1a(key));
  for (size_t i = 0; i < n; ++i) {
    size_t j = i + static_cast<size_t>(Below(rng, ids.size() - i));
    std::swap(ids[i], ids[j]);
  }
  ids.resize(n);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool InWindow(Date d, Date from, Date to) { return from <= d && d <= to; }

}  // namespace

// Every artifact a finding's steps cite, in the order of the steps.
void FindingEvidence(const Finding& f, const std::function<void(const std::string&)>& cite) {
  auto all = [&](const std::vector<EvidenceRef>& refs) {
    for (const auto& e : refs) cite(e.artifact);
  };
  all(f.raised_evidence);
  all(f.analysis_evidence);
  for (const auto& a : f.actions) all(a.evidence);
  all(f.implementation_evidence);
  for (const auto& c : f.checks) all(c.evidence);
  for (const auto* b : {&f.plan_submitted, &f.plan_accepted, &f.body_verified}) {
    if (*b) all((*b)->evidence);
  }
}

// The certification decision pack: the certification body's findings with
// everything that shows how each was closed, and the body's audit reports,
// for the body's technical review (doc/packs.md).
Result<PackSelection> SelectDecisionEvidence(const Snapshot& s, const SelectionOptions& o) {
  if (!o.clauses.empty() || o.from || o.to || o.sample || o.seed) {
    return Error::Input(
        "--clause, --from, --to, --sample and --seed choose documents and "
        "records; the certification decision pack holds the body's findings "
        "and their evidence only");
  }
  PackSelection sel;
  sel.stage = kDecisionPack;
  std::set<std::string> cited;
  auto cite = [&](const std::string& id) {
    if (!id.empty() && s.FindArtifact(id)) cited.insert(id);
  };
  std::set<std::string> audits;
  for (const auto& f : s.findings) {
    const bool from_body =
        !f.body_audit.empty() || f.source == FindingSource::kStage1 ||
        f.source == FindingSource::kStage2 || f.source == FindingSource::kSurveillance ||
        f.source == FindingSource::kRecertification || f.source == FindingSource::kSpecial;
    if (!from_body || f.raised > o.as_of) continue;
    sel.findings.push_back(f.id);
    FindingEvidence(f, cite);
    if (!f.body_audit.empty()) audits.insert(f.body_audit);
  }
  for (const auto& a : s.body_audits) {
    if (audits.count(a.id)) cite(a.report);
  }
  sel.referenced.assign(cited.begin(), cited.end());
  return sel;
}

Result<PackSelection> SelectEvidence(const Snapshot& s, const SelectionOptions& o) {
  if (o.stage != 1 && o.stage != 2 && o.stage != kDecisionPack) {
    return Error::Input("--stage must be 1 or 2 (got " + std::to_string(o.stage) + ")");
  }
  if (o.stage == kDecisionPack) return SelectDecisionEvidence(s, o);
  if (o.stage == 1 && (o.from || o.to || o.sample || o.seed)) {
    return Error::Input(
        "--from, --to, --sample and --seed choose records, which only a Stage 2 pack holds "
        "(use --stage 2)");
  }
  if (o.sample && *o.sample < 1) {
    return Error::Input("--sample must be at least 1 (got " + std::to_string(*o.sample) + ")");
  }
  if (o.sample && !o.seed) {
    return Error::Input("--sample needs --seed S so that the same sample can be drawn again");
  }
  if (o.seed && !o.sample) return Error::Input("--seed needs --sample N");

  PackSelection sel;
  sel.stage = o.stage;
  sel.sample = o.sample;
  sel.seed = o.seed;

  // The leaves served: applicable ones, narrowed by --clause.
  std::set<std::string> wanted;
  if (!o.clauses.empty()) {
    for (const auto& c : o.clauses) {
      auto leaves = s.checklist.ExpandClauses(c);
      if (!leaves) return leaves.error().WithContext("--clause");
      wanted.insert(leaves->begin(), leaves->end());
    }
  }
  const auto not_applicable = s.NotApplicableLeaves();
  for (const Clause* leaf : s.checklist.Leaves()) {
    if (not_applicable.count(leaf->id)) continue;
    if (!wanted.empty() && !wanted.count(leaf->id)) continue;
    sel.clauses.push_back(leaf->id);
  }
  const std::set<std::string> served(sel.clauses.begin(), sel.clauses.end());

  for (const auto& a : s.artifacts) {
    if (a.kind == ArtifactKind::kDocument && ServesAny(a.clauses, served)) {
      sel.documents.push_back(a.id);
    }
  }
  if (o.stage == 1) return sel;

  const Date to = o.to ? *o.to : o.as_of;
  const Date from = o.from ? *o.from : s.config.evidence_window.Before(to);
  if (to < from) {
    return Error::Input("the record window would start (--from) " + from.ToString() +
                        " after it ends (--to, default --as-of) " + to.ToString());
  }
  sel.window_from = from;
  sel.window_to = to;

  std::vector<const Artifact*> in_window;
  for (const auto& a : s.artifacts) {
    if (a.kind == ArtifactKind::kRecord && ServesAny(a.clauses, served) &&
        InWindow(a.EvidenceDate(), from, to)) {
      in_window.push_back(&a);
    }
  }
  if (!o.sample) {
    for (const auto* a : in_window) sel.records.push_back(a->id);
  } else {
    // Groups: each retain requirement the record names; a record naming
    // none falls in the group of each served clause it lists.
    std::map<std::string, std::vector<std::string>> groups;
    for (const auto* a : in_window) {
      bool any = false;
      for (const auto& r : a->requirements) {
        const Requirement* req = s.checklist.FindRequirement(r);
        if (req && req->kind == RequirementKind::kRetain) {
          groups[r].push_back(a->id);
          any = true;
        }
      }
      if (!any) {
        for (const auto& c : a->clauses) {
          if (served.count(c)) groups["clause " + c].push_back(a->id);
        }
      }
    }
    std::set<std::string> picked;
    for (auto& [key, ids] : groups) {
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      SampleGroup g;
      g.key = key;
      g.population = ids.size();
      g.picked = Sample(ids, static_cast<size_t>(*o.sample), *o.seed, key);
      picked.insert(g.picked.begin(), g.picked.end());
      sel.groups.push_back(std::move(g));
    }
    sel.records.assign(picked.begin(), picked.end());
  }

  for (const auto& f : s.findings) {
    if (!served.empty() && !f.clauses.empty() && !ServesAny(f.clauses, served)) continue;
    bool in =
        f.open() || InWindow(f.raised, from, to) || (f.closed && InWindow(*f.closed, from, to));
    if (in && f.raised <= to) sel.findings.push_back(f.id);
  }
  for (const auto& a : s.audits) {
    if (!a.scope.empty() && !ServesAny(a.scope, served)) continue;
    bool in = (a.state == AuditState::kDone && a.done && InWindow(*a.done, from, to)) ||
              a.state == AuditState::kPlanned;
    if (in) sel.audits.push_back(a.id);
  }
  const bool reviews_served =
      std::any_of(sel.clauses.begin(), sel.clauses.end(),
                  [&](const std::string& c) { return s.checklist.IsUnder(c, "9.3"); });
  for (const auto& r : s.reviews) {
    if (reviews_served && InWindow(r.date, from, to)) sel.reviews.push_back(r.id);
  }

  // What the selected entities cite must be in the pack for the auditor to
  // follow it, even when the window or the sample left it out.
  std::set<std::string> have(sel.documents.begin(), sel.documents.end());
  have.insert(sel.records.begin(), sel.records.end());
  std::set<std::string> cited;
  auto cite = [&](const std::string& id) {
    if (!id.empty() && !have.count(id) && s.FindArtifact(id)) cited.insert(id);
  };
  for (const auto& id : sel.findings) {
    auto it = std::lower_bound(s.findings.begin(), s.findings.end(), id,
                               [](const Finding& f, const std::string& k) { return f.id < k; });
    FindingEvidence(*it, cite);
  }
  for (const auto& a : s.audits) {
    if (std::binary_search(sel.audits.begin(), sel.audits.end(), a.id)) cite(a.report);
  }
  for (const auto& r : s.reviews) {
    if (std::binary_search(sel.reviews.begin(), sel.reviews.end(), r.id)) cite(r.minutes);
  }
  sel.referenced.assign(cited.begin(), cited.end());
  return sel;
}

}  // namespace dossier
