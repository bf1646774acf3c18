// lib/text.cc: the bounded "did you mean", the user-text rules and the
// escaping of what is printed; lib/join.h's JoinEach and date.h's
// FormatTime, the one joiner and the one timestamp formatter.
#define BOOST_TEST_MODULE text
#include "dossier/text.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <string>

#include "dossier/date.h"
#include "join.h"

using namespace dossier;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(numbers_read_as_written_and_back_the_same) {
  BOOST_TEST(ShortestNumber(12) == "12");
  BOOST_TEST(ShortestNumber(100000) == "100000");  // not 1e+05
  BOOST_TEST(ShortestNumber(-0.0) == "0");
  BOOST_TEST(ShortestNumber(-3) == "-3");
  BOOST_TEST(ShortestNumber(0.5) == "0.5");
  BOOST_TEST(ShortestNumber(97.25) == "97.25");
  BOOST_TEST(ShortestNumber(0.1) == "0.1");
  BOOST_TEST(ShortestNumber(1.5e-7) == "1.5e-07");
  BOOST_TEST(ShortestNumber(1e20) == "1e+20");
  for (double v : {0.1 + 0.2, 1.0 / 3.0, 123456.789, 2.5e-300, 9007199254740993.0}) {
    BOOST_TEST(std::stod(ShortestNumber(v)) == v, ShortestNumber(v));
  }
}

BOOST_AUTO_TEST_CASE(edit_distance_is_optimal_string_alignment) {
  BOOST_TEST(EditDistance("list", "list") == 0u);
  BOOST_TEST(EditDistance("lsit", "list") == 1u);  // a swap is one slip
  BOOST_TEST(EditDistance("lsit", "init") == 2u);
  BOOST_TEST(EditDistance("verfy", "verify") == 1u);
  BOOST_TEST(EditDistance("", "abc") == 3u);
  BOOST_TEST(EditDistance("kitten", "sitting") == 3u);
  // Above the limit, only "over the limit" is known.
  BOOST_TEST(EditDistance("kitten", "sitting", 2) == 3u);
  BOOST_TEST(EditDistance("abcdefgh", "zyxwvuts", 2) == 3u);
}

BOOST_AUTO_TEST_CASE(long_names_cost_nothing) {
  // 10,000 characters against 10,000: the full table would be 10^8 cells.
  const std::string a(10000, 'a'), b = std::string(9999, 'a') + "b";
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(NearestName(a, {b, "list"}).empty());
  BOOST_TEST(DidYouMean(a, {b}).empty());
  BOOST_TEST(EditDistance(a, std::string(5000, 'a'), 2) == 3u);  // lengths alone settle it
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 500);
}

BOOST_AUTO_TEST_CASE(nearest_names_in_order_of_distance) {
  const std::vector<std::string> names = {"init", "list", "verify", "status"};
  BOOST_TEST(NearestName("lsit", names) == "list");
  BOOST_TEST(NearestName("zzzzzz", names).empty());
  BOOST_TEST(DidYouMean("verfy", names) == "; did you mean 'verify'?");
  BOOST_TEST(DidYouMean("trainig", {"training"}, '"') == "; did you mean \"training\"?");
  auto three = NearestNames("4.9", {"4", "4.1", "4.2", "4.3", "10.3"}, kMaxSuggestedLength, 3);
  BOOST_TEST(three.size() == 3u);
  BOOST_TEST(three[0] == "4.1");
}

BOOST_AUTO_TEST_CASE(user_text_refuses_controls_and_bad_utf8) {
  BOOST_TEST(CheckText("--title", "Training records: Müller 2026").ok());
  BOOST_TEST(CheckText("--title", "").ok());
  auto esc = CheckText("--title", "bad \x1b[31mred");
  BOOST_REQUIRE(!esc.ok());
  BOOST_TEST(esc.error().exit_code() == 2);
  BOOST_TEST(esc.error().message().find("--title") != std::string::npos);
  BOOST_TEST(esc.error().message().find("U+001B") != std::string::npos);
  BOOST_TEST(esc.error().message().find("character 5") != std::string::npos);
  BOOST_TEST(!CheckText("--title", "x\n\nSigned-off-by: Eve <e@x>").ok());
  BOOST_TEST(!CheckText("--title", "tab\there").ok());
  BOOST_TEST(!CheckText("--title", "del\x7f").ok());
  BOOST_TEST(!CheckText("--title", "c1 \xc2\x9b[2J").ok());  // U+009B, CSI
  BOOST_TEST(!CheckText("--title", "cr\r").ok());
  BOOST_TEST(!CheckText("--title", std::string("nul\0x", 5)).ok());
  auto bad = CheckText("--owner", "caf\xe9");  // Latin-1, not UTF-8
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().message().find("not valid UTF-8") != std::string::npos);
  BOOST_TEST(!CheckText("--owner", "\xc0\xaf").ok());          // overlong '/'
  BOOST_TEST(!CheckText("--owner", "\xed\xa0\x80").ok());      // a surrogate
  BOOST_TEST(!CheckText("--owner", "\xf4\x90\x80\x80").ok());  // above U+10FFFF
  // Multi-line fields: line breaks and tabs, nothing else.
  BOOST_TEST(CheckText("--description", "one\n\ttwo", TextForm::kMultiLine).ok());
  BOOST_TEST(!CheckText("--description", "one\r\ntwo", TextForm::kMultiLine).ok());
  BOOST_TEST(!CheckText("--description", "one\x1b[2J", TextForm::kMultiLine).ok());
}

BOOST_AUTO_TEST_CASE(escaping_leaves_no_control_and_no_bad_byte) {
  BOOST_TEST(EscapeControls("plain Prüfprotokoll") == "plain Prüfprotokoll");
  BOOST_TEST(EscapeControls("a\x1b[31mb") == "a\\u001b[31mb");
  BOOST_TEST(EscapeControls("a\nb\tc") == "a\\u000ab\\u0009c");
  BOOST_TEST(EscapeControls("a\nb\tc", true) == "a\nb\tc");
  BOOST_TEST(EscapeControls("\xc2\x9b") == "\\u009b");
  BOOST_TEST(EscapeControls("x\x7f") == "x\\u007f");
  BOOST_TEST(EscapeControls("\xff\x9b") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(a_commit_subject_stays_one_line) {
  const std::string forged = "finding NC-1: opened x\n\nSigned-off-by: Eve <e@x>";
  // The caller's own body survives; a subject cannot gain one.
  BOOST_TEST(SafeCommitMessage(forged) == forged);
  BOOST_TEST(SafeCommitMessage("add \x1b]0;pwned\x07 a.md") == "add \\u001b]0;pwned\\u0007 a.md");
  BOOST_TEST(SafeCommitMessage("subject\r\n\nbody\x1b") == "subject\\u000d\n\nbody\\u001b");
  BOOST_TEST(OneLine("a\nb\tc") == "a b c");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(join_and_time)

BOOST_AUTO_TEST_CASE(join_each_puts_one_separator_between_every_two_items) {
  const std::vector<int> none;
  BOOST_TEST(JoinEach(none, ", ", [](int i) { return std::to_string(i); }) == "");
  const std::vector<int> numbers = {1, 22, 333};
  BOOST_TEST(JoinEach(numbers, ", ", [](int i) { return std::to_string(i); }) == "1, 22, 333");
  const char* const names[] = {"a", "", "c"};
  BOOST_TEST(JoinEach(names, "; ", [](const char* n) { return n; }) == "a; ; c");
  BOOST_TEST(Join({"a", "", "c"}, "; ") == "a; ; c");
}

// FormatTime is computed from the calendar, not the C library: it must say
// what gmtime says, before 1970 and after 2038 too.
BOOST_AUTO_TEST_CASE(format_time_agrees_with_gmtime_in_both_forms) {
  BOOST_TEST(FormatTime(1772446500) == "2026-03-02T10:15:00Z");
  BOOST_TEST(FormatTime(1772446500, TimeForm::kMinutes) == "2026-03-02 10:15");
  for (int64_t t : {int64_t{0}, int64_t{-1}, int64_t{-86400}, int64_t{-86401}, int64_t{951782399},
                    int64_t{951782400}, int64_t{2147483647}, int64_t{2147483648},
                    int64_t{4102444799}, int64_t{1772446559}}) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    BOOST_REQUIRE(gmtime_r(&tt, &tm));
    char iso[32], minutes[32];
    std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::strftime(minutes, sizeof minutes, "%Y-%m-%d %H:%M", &tm);
    BOOST_TEST(FormatTime(t) == iso, t);
    BOOST_TEST(FormatTime(t, TimeForm::kMinutes) == minutes, t);
  }
}

BOOST_AUTO_TEST_SUITE_END()
