// Readiness over the repository's history (doc/readiness.md): the score at the
// end of each week, from the snapshot of the last commit made by then.
#include "dossier/readiness_history.h"

#include <algorithm>

#include "dossier/assessment.h"
#include "dossier/readiness.h"
#include "repository_impl.h"

namespace dossier {
namespace {

// At most this many weeks are walked back from the as-of date: three years,
// one certification cycle, keeps the report quick on old repositories.
constexpr int kMaxWeeks = 156;

// The Sunday ending the ISO week (Monday to Sunday) that contains `d`.
Date WeekEnd(Date d) {
  const int64_t weekday = ((d.days() + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  return d.AddDays(6 - weekday);
}

int64_t EndOfDay(Date d) { return d.days() * 86400 + 86399; }

}  // namespace

Result<std::vector<HistoryPoint>> ReadinessHistory(const Repository& repo, int stage, Date as_of,
                                                   const std::string& at) {
  // Walking from `at` (not HEAD) keeps the points of a revision the same
  // whatever is committed or merged later.
  auto log = RepositoryAccess::Of(repo).git.Commits(at);
  if (!log) return log.error();
  const int64_t limit = EndOfDay(as_of);
  std::vector<const git::CommitSummary*> commits;
  for (const auto& h : *log) {
    if (h.time <= limit) commits.push_back(&h);
  }
  std::vector<HistoryPoint> points;
  if (commits.empty()) return points;
  int64_t first_time = commits.front()->time;
  for (const auto* c : commits) first_time = std::min(first_time, c->time);
  Date week = WeekEnd(Date::FromUnixSeconds(first_time));
  const Date last_week = WeekEnd(as_of);
  if ((last_week.days() - week.days()) / 7 >= kMaxWeeks)
    week = last_week.AddDays(-7 * static_cast<int64_t>(kMaxWeeks - 1));

  std::string loaded;
  std::optional<Snapshot> snapshot;
  for (; week <= last_week; week = week.AddDays(7)) {
    const Date date = std::min(week, as_of);
    const int64_t cutoff = EndOfDay(date);
    // The newest commit by the cutoff; the log is newest first, so the first
    // of equal times is the later one.
    const git::CommitSummary* best = nullptr;
    for (const auto* c : commits) {
      if (c->time <= cutoff && (!best || c->time > best->time)) best = c;
    }
    if (!best) continue;
    if (best->id != loaded) {
      snapshot.reset();  // one revision's entities held at a time, not two
      auto snap = repo.Load(best->id);
      if (!snap) return snap.error().WithContext("history at " + best->id.substr(0, 12));
      snapshot = std::move(*snap);
      loaded = best->id;
    }
    ReadinessQuery query;
    query.stage = stage;
    query.as_of = date;
    query.at = best->id;
    query.integrity = ReadinessIntegrity::kCommittedBlobs;  // see readiness.h
    auto assessed = AssessRevision(repo, *snapshot, query);
    if (!assessed) return assessed.error();
    const ReadinessReport& r = assessed->report;
    HistoryPoint p;
    p.date = date;
    p.commit = best->id;
    p.score = r.score;
    p.ready = r.ready;
    p.failed = r.Count(CheckStatus::kFail);
    p.warned = r.Count(CheckStatus::kWarn);
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace dossier
