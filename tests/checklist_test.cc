// The built-in ISO 9001 checklist and the checklist loader's validation.
#define BOOST_TEST_MODULE checklist
#include "dossier/checklist.h"

#include <boost/test/unit_test.hpp>

#include "test_util.h"

using dossier::Checklist;
using dossier::RequirementKind;

namespace {

Checklist Iso() {
  auto c = Checklist::Builtin("iso9001-2015");
  BOOST_REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message()));
  return *c;
}

std::string ParseError(const std::string& json) {
  auto c = Checklist::Parse(json, "bad.json");
  BOOST_REQUIRE(!c.ok());
  return c.error().message();
}

const char* kMinimalClauses =
    R"("clauses": [{"id": "4", "title": "Context", "excludable": false},
                   {"id": "4.1", "parent": "4", "title": "One", "excludable": false}])";

}  // namespace

BOOST_AUTO_TEST_SUITE(iso9001_2015)

BOOST_AUTO_TEST_CASE(has_64_leaves_7_maintain_21_retain) {
  Checklist c = Iso();
  BOOST_TEST(c.Leaves().size() == 64u);
  int maintain = 0, retain = 0;
  for (const auto& r : c.requirements())
    (r.kind == RequirementKind::kMaintain ? maintain : retain)++;
  BOOST_TEST(maintain == 7);
  BOOST_TEST(retain == 21);
  BOOST_TEST(c.FindRequirement("M3")->clause == "5.2.2");
  BOOST_TEST(c.FindRequirement("R19")->clause == "9.2.2");
  BOOST_TEST(c.FindRequirement("M1")->clause == "4.3");
}

BOOST_AUTO_TEST_CASE(leaf_clauses_and_parents) {
  Checklist c = Iso();
  BOOST_TEST(c.FindClause("7.5.3")->leaf());
  BOOST_TEST(!c.FindClause("8.3")->leaf());
  BOOST_TEST(c.FindClause("8.3")->excludable);
  BOOST_TEST(!c.FindClause("4.3")->excludable);
  auto leaves = c.ExpandClause("4.4");
  BOOST_REQUIRE(leaves.ok());
  BOOST_TEST(*leaves == (std::vector<std::string>{"4.4.1", "4.4.2"}));
  auto design = c.ExpandClause("8.3");
  BOOST_REQUIRE(design.ok());
  BOOST_TEST(design->size() == 6u);
  auto all = c.ExpandClause("10");
  BOOST_REQUIRE(all.ok());
  BOOST_TEST(*all == (std::vector<std::string>{"10.1", "10.2.1", "10.2.2", "10.3"}));
}

BOOST_AUTO_TEST_CASE(expand_list_dedups_in_catalog_order) {
  auto leaves = Iso().ExpandClauses("9.2, 4.4,9.2.1");
  BOOST_REQUIRE(leaves.ok());
  BOOST_TEST(*leaves == (std::vector<std::string>{"4.4.1", "4.4.2", "9.2.1", "9.2.2"}));
}

BOOST_AUTO_TEST_CASE(unknown_clause_names_the_nearest) {
  auto r = Iso().ExpandClause("8.3.9");
  BOOST_REQUIRE(!r.ok());
  const std::string& m = r.error().message();
  BOOST_TEST(m.find("unknown clause \"8.3.9\"") != std::string::npos, m);
  BOOST_TEST(m.find("8.3.") != std::string::npos, m);
  BOOST_TEST(r.error().exit_code() == 2);
}

BOOST_AUTO_TEST_CASE(unknown_requirement_names_the_valid_range) {
  auto r = Iso().CheckRequirement("M9");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().message().find("M1-M7") != std::string::npos, r.error().message());
  BOOST_TEST(r.error().message().find("R1-R21") != std::string::npos, r.error().message());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(loader)

BOOST_AUTO_TEST_CASE(the_file_in_the_tree_is_the_one_built_in) {
  std::string text =
      dossier::test::ReadFile(std::string(DOSSIER_SOURCE_DIR) + "/checklists/iso9001-2015.json");
  auto c = Checklist::Parse(text, "iso9001-2015.json");
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c->Leaves().size() == Iso().Leaves().size());
}

BOOST_AUTO_TEST_CASE(rejects_malformed_json_with_line) {
  std::string m = ParseError("{\n  \"id\": \"x\",\n  oops\n}");
  BOOST_TEST(m.find("bad.json:3:") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(rejects_duplicate_clause) {
  std::string m = ParseError(std::string(R"({"id": "x", "schema_version": 1, "standard": "X",
    "clauses": [{"id": "4", "title": "A", "excludable": false},
                {"id": "4", "title": "B", "excludable": false}]})"));
  BOOST_TEST(m.find("duplicate clause id \"4\"") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_parent) {
  std::string m = ParseError(R"({"id": "x", "schema_version": 1, "standard": "X",
    "clauses": [{"id": "4.1", "parent": "4", "title": "A", "excludable": false}]})");
  BOOST_TEST(m.find("unknown parent \"4\"") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_key) {
  std::string m = ParseError(R"({"id": "x", "schema_version": 1, "standard": "X",
    "clauses": [{"id": "4", "title": "A", "excludable": false, "colour": "red"}]})");
  BOOST_TEST(m.find("unknown key \"colour\"") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(rejects_requirement_on_a_parent_or_unknown_clause) {
  std::string base =
      std::string(R"({"id": "x", "schema_version": 1, "standard": "X", )") + kMinimalClauses;
  std::string m = ParseError(
      base +
      R"(, "requirements": [{"id": "M1", "kind": "maintain", "clause": "4", "title": "t"}]})");
  BOOST_TEST(m.find("not a leaf") != std::string::npos, m);
  m = ParseError(
      base +
      R"(, "requirements": [{"id": "M1", "kind": "maintain", "clause": "9.9", "title": "t"}]})");
  BOOST_TEST(m.find("unknown clause \"9.9\"") != std::string::npos, m);
  m = ParseError(
      base + R"(, "requirements": [{"id": "M1", "kind": "keep", "clause": "4.1", "title": "t"}]})");
  BOOST_TEST(m.find("maintain or retain") != std::string::npos, m);
}

BOOST_AUTO_TEST_CASE(accepts_another_annex_sl_standard) {
  std::string text =
      std::string(
          R"({"id": "iso14001-2015", "schema_version": 1, "standard": "ISO 14001:2015", )") +
      kMinimalClauses +
      R"(, "requirements": [{"id": "M1", "kind": "maintain", "clause": "4.1", "title": "t"}]})";
  auto c = Checklist::Parse(text, "iso14001.json");
  BOOST_REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message()));
  BOOST_TEST(c->Leaves().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
