// Calendar dates (UTC, no time of day) and periods such as "12m" or "30d".
// Every date the tool reasons about is one of these; "today" is never read
// here: callers pass it in (see Clock in repository.h), so results reproduce.
#ifndef DOSSIER_DATE_H_
#define DOSSIER_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "dossier/result.h"

namespace dossier {

class Date {
 public:
  Date() = default;  // 1970-01-01
  // REQUIRES: within int32_t's days of 1970 (5.8 million years either way).
  static Date FromDays(int64_t days_since_epoch) {
    Date d;
    d.days_ = static_cast<int32_t>(days_since_epoch);
    return d;
  }
  // REQUIRES: a valid calendar date.
  static Date FromCivil(int year, unsigned month, unsigned day);
  // Strict ISO 8601 "YYYY-MM-DD"; anything else is an input error naming `what`.
  static Result<Date> Parse(std::string_view text, std::string_view what = "date");
  // The UTC date of a Unix timestamp.
  static Date FromUnixSeconds(int64_t seconds);

  int64_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  std::string ToString() const;  // "YYYY-MM-DD"

  Date AddDays(int64_t n) const { return FromDays(days_ + n); }
  // Adds calendar months, clamping the day to the end of the target month.
  Date AddMonths(int n) const;

  friend bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

 private:
  // 4 bytes, not 8: an artifact holds five dates (an optional<Date> is then
  // 8 bytes, not 16), 3 MB of 100,000 loaded artifacts.
  int32_t days_ = 0;
};

// A Unix timestamp (a commit's time) as UTC text, with no locale: kIso for
// machines and packs ("2026-03-02T10:15:00Z"), kMinutes for a person reading
// a list ("2026-03-02 10:15").
enum class TimeForm { kIso, kMinutes };
std::string FormatTime(int64_t unix_seconds, TimeForm form = TimeForm::kIso);

// A length of time written as a count and a unit: "30d", "2w", "3m", "1y".
class Period {
 public:
  enum class Unit { kDays, kWeeks, kMonths, kYears };
  Period() = default;
  Period(int count, Unit unit) : count_(count), unit_(unit) {}
  static Result<Period> Parse(std::string_view text, std::string_view what = "period");

  int count() const { return count_; }
  Unit unit() const { return unit_; }
  std::string ToString() const;
  Date After(Date d) const;   // d + period
  Date Before(Date d) const;  // d - period

 private:
  int count_ = 0;
  Unit unit_ = Unit::kDays;
};

}  // namespace dossier

#endif  // DOSSIER_DATE_H_
