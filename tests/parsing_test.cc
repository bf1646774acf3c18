// What the repository's files may hold: dossier.ini (lib/ini.cc,
// lib/config.cc, lib/config_edit.cc) and JSON (lib/json_io.cc). Every
// refusal names the file, the line and the reason.
#define BOOST_TEST_MODULE parsing
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "config_edit.h"
#include "dossier/config.h"
#include "dossier/date.h"
#include "dossier/entities.h"
#include "dossier/text.h"
#include "json_io.h"

using namespace dossier;

namespace {

std::string Refusal(const std::string& ini) {
  auto c = ParseConfig(ini, "dossier.ini");
  BOOST_REQUIRE_MESSAGE(!c, "accepted: " << ini);
  BOOST_TEST(c.error().exit_code() == 2);
  return c.error().message();
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const char* kBase = "[organisation]\nname = Acme\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(files_as_editors_save_them) {
  // A Windows editor: byte-order mark, CRLF, trailing spaces.
  auto c = ParseConfig(
      "\xEF\xBB\xBF[organisation]\r\nname = Acme Ltd   \r\n\r\n[readiness]\r\nmin_objectives = 3 "
      "\r\n",
      "dossier.ini");
  BOOST_REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message()));
  BOOST_TEST(c->organisation == "Acme Ltd");
  BOOST_TEST(c->min_objectives == 3);
  // doc/architecture.md's own example, with its inline comments.
  c = ParseConfig(std::string(kBase) +
                      "[checklist]\nname = iso9001-2015          ; a built-in checklist\n"
                      "[not-applicable]             ; written by dossier scope\n"
                      "8.3 = We resell\\; no design ; why\n"
                      "[documents]\nreview_every = 12m           ; default review period\n",
                  "dossier.ini");
  BOOST_REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message()));
  BOOST_TEST(c->checklist == "iso9001-2015");
  BOOST_TEST(c->not_applicable.at("8.3") == "We resell; no design");
  BOOST_TEST(c->default_review_every->ToString() == "12m");
  // A ';' that follows no space is text.
  c = ParseConfig(std::string(kBase) + "[process:P1 Sales]\nowner = A;B\nclauses = 8.2\n",
                  "dossier.ini");
  BOOST_REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message()));
  BOOST_TEST(c->processes.at(0).owner == "A;B");
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_with_their_line) {
  std::string why = Refusal(std::string(kBase) + "[readiness]\nmin_objectives = 5abc\n");
  BOOST_TEST(Has(why, "dossier.ini:4: [readiness] min_objectives"), why);
  BOOST_TEST(Has(why, "5abc"), why);
  BOOST_TEST(
      Has(Refusal(std::string(kBase) + "[readiness]\nmin_objectives = -5\n"), "dossier.ini:4:"));
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[readiness]\nmin_objectives = 0\n"), "from 1"));
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[readiness]\nmin_objectives = 99999999999\n"),
                 "min_objectives"));
  BOOST_TEST(
      Has(Refusal(std::string(kBase) + "[readiness]\naudit_cycle = 12mx\n"), "dossier.ini:4:"));
  BOOST_TEST(Has(Refusal(""), "holds no settings"));
  BOOST_TEST(
      Has(Refusal("\xEF\xBB\xBF\r\n; only a comment\r\n[organisation]\r\n"), "holds no settings"));
  why = Refusal(std::string(kBase) + "[checklist]\nname = ../../other/iso.json\n");
  BOOST_TEST(Has(why, "dossier.ini:4: [checklist] name"), why);
  BOOST_TEST(Has(why, "not a path inside the repository"), why);
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[checklist]\nname = /etc/iso.json\n"),
                 "inside the repository"));
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[checklist]\nname = iso9999\n"),
                 "neither a built-in checklist"));
  BOOST_TEST(ParseConfig(std::string(kBase) + "[checklist]\nname = checklists/iso14001.json\n",
                         "dossier.ini")
                 .ok());
}

BOOST_AUTO_TEST_CASE(malformed_lines_and_text) {
  BOOST_TEST(Has(Refusal(std::string(kBase) + "no equals here\n"), "dossier.ini:3: '=' missing"));
  BOOST_TEST(Has(Refusal("name = x\n[organisation]\n"), "dossier.ini:1: key \"name\" is outside"));
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[organisation]\n"), "dossier.ini:3: section"));
  BOOST_TEST(
      Has(Refusal(std::string(kBase) + "name = B\n"), "dossier.ini:3: key \"name\" appears twice"));
  BOOST_TEST(Has(Refusal(std::string(kBase) + "[bad] junk\n"), "dossier.ini:3:"));
  // Latin-1 text from an old editor: refused, with its line.
  std::string why = Refusal("[organisation]\nname = M\xfcller GmbH\n");
  BOOST_TEST(Has(why, "dossier.ini:2:"), why);
  BOOST_TEST(Has(why, "not valid UTF-8"), why);
  // A byte-order mark anywhere but the file's start: an invisible character
  // in a key or value (two files pasted together), refused with its line.
  why = Refusal("[organisation]\nname = Acme\xEF\xBB\xBF Ltd\n");
  BOOST_TEST(Has(why, "dossier.ini:2:"), why);
  BOOST_TEST(Has(why, "byte-order mark"), why);
  BOOST_TEST(Has(Refusal("[organisation]\r\nname = Acme\r\n\xEF\xBB\xBF[readiness]\r\n"),
                 "dossier.ini:3:"));
  why = Refusal("[organisation]\nname = A\x1b[2J\n");
  BOOST_TEST(Has(why, "dossier.ini:2:"), why);
  BOOST_TEST(Has(why, "U+001B"), why);
}

BOOST_AUTO_TEST_CASE(a_scope_change_reads_back_as_written) {
  const std::string ini =
      "\xEF\xBB\xBF[organisation]\r\nname = Acme\r\n\r\n[not-applicable]   ; by dossier scope\r\n"
      "7.1.5 = old\r\n";
  std::map<std::string, std::string> na = {{"8.3", "We resell ; no design"}, {"7.1.5", "a\\;b ;c"}};
  const std::string edited = ReplaceNotApplicable(ini, na);
  auto c = ParseConfig(edited, "dossier.ini");
  BOOST_REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message()) << "\n" << edited);
  BOOST_TEST(c->not_applicable == na);
  // The header with its comment is the section: no second one appended.
  BOOST_TEST(edited.find("[not-applicable]") == edited.rfind("[not-applicable]"));
  BOOST_TEST(Has(edited, "\r\n8.3 = We resell \\; no design\r\n"), edited);
  // The writer's own form reads back too.
  auto again = ParseConfig(FormatConfig(*c), "dossier.ini");
  BOOST_REQUIRE_MESSAGE(again, (again ? std::string() : again.error().message()));
  BOOST_TEST(again->not_applicable == na);
}

BOOST_AUTO_TEST_CASE(what_the_fuzzer_found) {
  // A section name with a dot kept its keys apart ("a.b" + "c" is not "a" + "b.c").
  auto c = ParseConfig(std::string(kBase) + "[findings.notes]\ndue_minor = x\n", "dossier.ini");
  BOOST_REQUIRE_MESSAGE(c, (c ? std::string() : c.error().message()));
  auto again = ParseConfig(FormatConfig(*c), "dossier.ini");
  BOOST_REQUIRE_MESSAGE(again, (again ? std::string() : again.error().message())
                                   << "\n"
                                   << FormatConfig(*c));
  BOOST_TEST(again->raw.at("findings.notes").at("due_minor") == "x");
  // Tabs in a justification survive a scope edit.
  c = ParseConfig(std::string(kBase) + "[not-applicable]\n8.3 = a\tb\n", "dossier.ini");
  BOOST_REQUIRE(c);
  again = ParseConfig(ReplaceNotApplicable(std::string(kBase) + "[not-applicable]\n8.3 = a\tb\n",
                                           c->not_applicable),
                      "dossier.ini");
  BOOST_REQUIRE(again);
  BOOST_TEST(again->not_applicable.at("8.3") == "a\tb");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_io)

BOOST_AUTO_TEST_CASE(duplicate_keys_are_refused_where_they_are) {
  auto v = json::Parse("{\n  \"id\": \"A\",\n  \"title\": \"x\",\n  \"id\": \"B\"\n}\n", "f.json");
  BOOST_REQUIRE(!v);
  BOOST_TEST(Has(v.error().message(), "f.json:4:"), v.error().message());
  BOOST_TEST(Has(v.error().message(), "key \"id\" appears twice"), v.error().message());
  // Nested objects have keys of their own; the same key in two is fine.
  BOOST_TEST(json::Parse("{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}", "f.json").ok());
  BOOST_TEST(!json::Parse("{\"a\": [{\"x\": 1, \"x\": 1}]}", "f.json").ok());
  // A key split by an escape is still the same key.
  BOOST_TEST(!json::Parse("{\"id\": 1, \"\\u0069d\": 2}", "f.json").ok());
}

BOOST_AUTO_TEST_CASE(long_decimals_read_back_exactly) {
  // Boost.JSON 1.81 alone reads this one unit in the last place off, so a
  // re-saved measurement drifted (found by fuzz_entity).
  auto v = json::Parse("{\"value\": 93.0333333333333333333333333333333333333}", "m.json");
  BOOST_REQUIRE(v.ok());
  const std::string canonical = json::Canonical(*v);
  auto again = json::Parse(canonical, "m.json");
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(json::Canonical(*again) == canonical);
  BOOST_TEST(Has(canonical, "93.03333333333333"), canonical);
}

BOOST_AUTO_TEST_CASE(numbers_that_overflow_are_refused) {
  auto v = json::Parse("{\n  \"value\": 1e999\n}\n", "m.json");
  BOOST_REQUIRE(!v);
  BOOST_TEST(Has(v.error().message(), "m.json:2:"), v.error().message());
  BOOST_TEST(Has(v.error().message(), "too large"), v.error().message());
  BOOST_TEST(!json::Parse("[-1e400]", "m.json").ok());
  BOOST_TEST(json::Parse("[1e300, 123456789012345678901234567890, 1e-400]", "m.json").ok());
}

BOOST_AUTO_TEST_SUITE_END()

// The canonical writer escapes strings itself, byte for byte as Boost.JSON's
// serializer does (every document written before keeps its bytes): each
// byte value alone and among others, and text with nothing to escape.
BOOST_AUTO_TEST_CASE(canonical_strings_are_escaped_as_boost_json_escapes_them) {
  namespace bj = boost::json;
  std::string every;
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    BOOST_TEST(json::Compact(bj::value(one)) == bj::serialize(bj::value(one)), "byte " << c);
    every += "a" + one;
  }
  for (const std::string& s : {every, std::string("plain text, no escapes"), std::string(),
                               std::string("tab\there \"quoted\" back\\slash\x7f \xc3\xa9")}) {
    BOOST_TEST(json::Compact(bj::value(s)) == bj::serialize(bj::value(s)));
    BOOST_TEST(json::Canonical(bj::value(s)) == bj::serialize(bj::value(s)) + "\n");
  }
}

// An artifact's SHA-256 is held as its 32 bytes when it is 64 lowercase hex
// digits, else as the text it was given (entities.h): whatever a file holds
// reads back, compares and saves as the std::string it replaced did.
BOOST_AUTO_TEST_CASE(a_digest_behaves_as_the_text_it_was_given) {
  using dossier::Sha256Digest;
  const std::string hex = "05b4589cdd5f949d38ee475a0b3d805538fb6f80f4592ebd48026581bf7d0a16";
  const std::string upper = "05B4589CDD5F949D38EE475A0B3D805538FB6F80F4592EBD48026581BF7D0A16";
  for (const std::string& text :
       {hex, upper, std::string(64, '0'), std::string("abc"), hex + "0", hex.substr(1) + "g"}) {
    const Sha256Digest d(text);
    BOOST_TEST(d.hex() == text);
    BOOST_TEST(!d.empty());
    BOOST_TEST(d.Short() == text.substr(0, 12));
    const Sha256Digest copy = d;  // NOLINT: the copy is what is tested
    BOOST_TEST((copy == d));
    Sha256Digest moved = Sha256Digest(text);
    BOOST_TEST(moved.hex() == text);
    BOOST_TEST((moved == text));
  }
  // Text compares as text: the same digest in capitals is another text, as
  // it was (a hand-edited file is then reported as not matching).
  BOOST_TEST((Sha256Digest(hex) != Sha256Digest(upper)));
  BOOST_TEST((Sha256Digest(hex) != Sha256Digest(std::string(64, '0'))));
  BOOST_TEST((Sha256Digest(std::string(64, '0')) != Sha256Digest()));
  BOOST_TEST((Sha256Digest("abc") != Sha256Digest("abd")));
  BOOST_TEST((Sha256Digest(hex) != Sha256Digest(hex.substr(0, 63) + "7")));
  BOOST_TEST(Sha256Digest().empty());
  BOOST_TEST(Sha256Digest("").hex().empty());
  BOOST_TEST((Sha256Digest("") == Sha256Digest()));
  Sha256Digest assigned(hex);
  assigned = Sha256Digest("abc");
  BOOST_TEST(assigned.hex() == "abc");
  assigned = Sha256Digest(hex);
  BOOST_TEST(assigned.hex() == hex);
}

// An artifact's clauses and requirements are a TagList, its items packed in
// one string (entities.h): whatever items an entity file holds (it is
// hostile input) come back exactly, in order, as the vector's did.
BOOST_AUTO_TEST_CASE(a_tag_list_gives_back_any_items_as_they_went_in) {
  using dossier::TagList;
  std::vector<std::string> hostile = {"",
                                      std::string(1, '\0'),
                                      std::string("a\0b", 3),
                                      "\x80\xff",
                                      "7.5.3",
                                      std::string(127, 'x'),  // the longest with a 1-byte length
                                      std::string(128, 'y'),
                                      std::string(16384, 'z'),  // a 3-byte length
                                      ""};
  for (int i = 0; i < 1000; ++i) hostile.push_back("R" + std::to_string(i));
  const TagList list(hostile);
  BOOST_TEST(list.size() == hostile.size());
  BOOST_TEST(!list.empty());
  BOOST_TEST(list.ToVector() == hostile);
  BOOST_TEST(std::vector<std::string>(list.begin(), list.end()) == hostile);
  for (size_t i = 0; i < hostile.size(); ++i) BOOST_TEST(list[i] == hostile[i]);
  BOOST_TEST(Join(list, ", ") == dossier::Join(hostile, ", "));

  TagList pushed;
  BOOST_TEST(pushed.empty());
  for (const std::string& item : hostile) pushed.push_back(item);
  BOOST_TEST((pushed == list));
  TagList copy = list;  // NOLINT: the copy is what is tested
  const TagList moved = std::move(copy);
  BOOST_TEST((moved == list));

  // Equal items, equal lists; where the items split differently, or one
  // more is empty, the lists differ.
  BOOST_TEST((TagList{"7.5.3", "8.5.1"} == TagList(std::vector<std::string>{"7.5.3", "8.5.1"})));
  BOOST_TEST((TagList{"ab"} != TagList{"a", "b"}));
  BOOST_TEST((TagList{""} != TagList{}));
  BOOST_TEST((TagList{"", ""} != TagList{""}));
  BOOST_TEST((TagList{"M3"} != TagList{"M4"}));
  BOOST_TEST(TagList{""}.size() == 1);
  BOOST_TEST(!TagList{""}.empty());
  BOOST_TEST(TagList{}.empty());

  dossier::Artifact a;
  a.clauses = {"7.5.3", "8.5.1"};
  a.requirements = {"M3"};
  BOOST_TEST(a.clauses.size() == 2);
  BOOST_TEST(a.clauses[1] == "8.5.1");
  BOOST_TEST(a.requirements.ToVector() == std::vector<std::string>{"M3"});
  a.clauses = {};
  BOOST_TEST(a.clauses.empty());
}

// Artifact::approval is a Boxed<Approval> (entities.h): held on the heap,
// used as the std::optional it replaced.
BOOST_AUTO_TEST_SUITE(boxed)

BOOST_AUTO_TEST_CASE(a_boxed_value_behaves_as_an_optional) {
  dossier::Artifact a;
  BOOST_TEST(!a.approval);
  a.approval = dossier::Approval{"Jane Doe", dossier::Date(), "abc", std::nullopt, "", "", {}, ""};
  BOOST_REQUIRE(a.approval);
  dossier::Artifact copy = a;  // a deep copy: the copy's approval is its own
  copy.approval->by = "John Roe";
  BOOST_TEST(a.approval->by == "Jane Doe");
  BOOST_TEST(copy.approval->by == "John Roe");
  const std::optional<dossier::Approval> plain = a.approval;
  BOOST_REQUIRE(plain.has_value());
  BOOST_TEST(plain->by == "Jane Doe");
  copy.approval = std::optional<dossier::Approval>();
  BOOST_TEST(!copy.approval.has_value());
  copy.approval = plain;
  BOOST_TEST((*copy.approval).by == "Jane Doe");
  copy.approval.reset();
  BOOST_TEST(!copy.approval);
  copy.approval.emplace().by = "Ann";
  BOOST_TEST(copy.approval->by == "Ann");
  dossier::Artifact moved = std::move(copy);
  BOOST_TEST(moved.approval->by == "Ann");
}

// A Date holds its days in 32 bits: the widest dates a file can hold
// (1900-01-01, 9999-12-31) and the furthest a period reaches from them
// ("99999y") come back as they went in (fails with 16-bit days).
BOOST_AUTO_TEST_CASE(dates_at_the_ends_of_the_range_round_trip) {
  for (const char* text : {"1900-01-01", "1970-01-01", "2026-02-28", "9999-12-31"}) {
    auto d = dossier::Date::Parse(text);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d->ToString() == text);
    BOOST_TEST((dossier::Date::FromDays(d->days()) == *d));
  }
  auto longest = dossier::Period::Parse("99999y");
  BOOST_REQUIRE(longest.ok());
  const dossier::Date last = *dossier::Date::Parse("9999-12-31");
  BOOST_TEST(longest->After(last).ToString() == "109998-12-31");
  BOOST_TEST(longest->Before(*dossier::Date::Parse("1900-01-01")).ToString() == "-98099-01-01");
  BOOST_TEST(last.AddDays(1).ToString() == "10000-01-01");
  BOOST_TEST(dossier::Date::FromUnixSeconds(int64_t{253402300799}).ToString() == "9999-12-31");
}

BOOST_AUTO_TEST_SUITE_END()
