#include "dossier/date.h"

#include <cstdio>

namespace dossier {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t y;
  unsigned m;
  unsigned d;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

Date Date::FromCivil(int year, unsigned month, unsigned day) {
  return FromDays(DaysFromCivil(year, month, day));
}

Result<Date> Date::Parse(std::string_view text, std::string_view what) {
  auto bad = [&](const std::string& why) {
    return Error::Input("invalid " + std::string(what) + " '" + std::string(text) + "': " + why +
                        " (expected YYYY-MM-DD, e.g. 2026-03-02)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad("wrong format");
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return bad("wrong format");
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const int y = num(0, 4);
  const int m = num(5, 2);
  const int d = num(8, 2);
  if (y < 1900 || y > 9999) return bad("year out of range");
  if (m < 1 || m > 12) return bad("no month " + std::to_string(m));
  if (d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, m))
    return bad("no such day in that month");
  return FromCivil(y, m, d);
}

Date Date::FromUnixSeconds(int64_t seconds) {
  int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) --days;
  return FromDays(days);
}

int Date::year() const { return static_cast<int>(CivilFromDays(days_).y); }
unsigned Date::month() const { return CivilFromDays(days_).m; }
unsigned Date::day() const { return CivilFromDays(days_).d; }

std::string Date::ToString() const {
  const Civil c = CivilFromDays(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(c.y), c.m, c.d);
  return buf;
}

std::string FormatTime(int64_t unix_seconds, TimeForm form) {
  const Date day = Date::FromUnixSeconds(unix_seconds);
  const int64_t second = unix_seconds - day.days() * 86400;  // of the day, 0..86399
  const int hh = static_cast<int>(second / 3600), mm = static_cast<int>(second / 60 % 60),
            ss = static_cast<int>(second % 60);
  char buf[16];
  if (form == TimeForm::kMinutes) {
    std::snprintf(buf, sizeof buf, " %02d:%02d", hh, mm);
  } else {
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", hh, mm, ss);
  }
  return day.ToString() + buf;
}

Date Date::AddMonths(int n) const {
  const Civil c = CivilFromDays(days_);
  int64_t months = c.y * 12 + (c.m - 1) + n;
  int64_t y = months >= 0 ? months / 12 : (months - 11) / 12;
  unsigned m = static_cast<unsigned>(months - y * 12) + 1;
  unsigned d = c.d;
  if (d > DaysInMonth(y, m)) d = DaysInMonth(y, m);
  return FromDays(DaysFromCivil(y, m, d));
}

Result<Period> Period::Parse(std::string_view text, std::string_view what) {
  auto bad = [&]() {
    return Error::Input("invalid " + std::string(what) + " '" + std::string(text) +
                        "' (expected a count and a unit d, w, m or y, e.g. 30d, 12m, 1y)");
  };
  if (text.size() < 2 || text.size() > 6) return bad();
  int count = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    count = count * 10 + (text[i] - '0');
  }
  if (count <= 0) return bad();
  switch (text.back()) {
    case 'd':
      return Period(count, Unit::kDays);
    case 'w':
      return Period(count, Unit::kWeeks);
    case 'm':
      return Period(count, Unit::kMonths);
    case 'y':
      return Period(count, Unit::kYears);
    default:
      return bad();
  }
}

std::string Period::ToString() const {
  static const char kUnits[] = {'d', 'w', 'm', 'y'};
  return std::to_string(count_) + kUnits[static_cast<int>(unit_)];
}

Date Period::After(Date d) const {
  switch (unit_) {
    case Unit::kDays:
      return d.AddDays(count_);
    case Unit::kWeeks:
      return d.AddDays(int64_t{7} * count_);
    case Unit::kMonths:
      return d.AddMonths(count_);
    case Unit::kYears:
      return d.AddMonths(12 * count_);
  }
  return d;
}

Date Period::Before(Date d) const {
  switch (unit_) {
    case Unit::kDays:
      return d.AddDays(-count_);
    case Unit::kWeeks:
      return d.AddDays(int64_t{-7} * count_);
    case Unit::kMonths:
      return d.AddMonths(-count_);
    case Unit::kYears:
      return d.AddMonths(-12 * count_);
  }
  return d;
}

}  // namespace dossier
