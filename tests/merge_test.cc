// Two clones of one evidence repository work apart and meet on a shared
// remote (doc/architecture.md, "The evidence repository"): one file per entity means a plain `git
// pull` merges findings, audits, reviews, objectives and measurements with no conflict, and every
// entity survives.
#define BOOST_TEST_MODULE merge
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

std::string Id(const RunResult& r) { return std::string(bj::parse(r.out).at("id").as_string()); }

// The ids listed under `key` by `dossier <args> --json` in `cwd`.
std::set<std::string> Ids(std::vector<std::string> args, const std::string& key,
                          const std::string& cwd) {
  args.push_back("--json");
  const bj::value doc = bj::parse(DossierOk(args, cwd).out);
  std::set<std::string> out;
  for (const auto& e : doc.at(key).as_array()) out.insert(std::string(e.at("id").as_string()));
  return out;
}

// The work one person does in their clone; returns the ids it created.
std::set<std::string> Work(const std::string& clone, const std::string& who,
                           const std::string& objective) {
  std::set<std::string> ids;
  WriteFile(clone + "/../" + who + "-minutes.txt", who + " minutes\n");
  RunResult add = DossierOk({"add", clone + "/../" + who + "-minutes.txt", "--kind", "record",
                             "--clause", "9.3.3", "--as-of", "2026-03-05", "--json"},
                            clone);
  const std::string minutes(bj::parse(add.out).at("added").at(0).at("id").as_string());
  ids.insert(minutes);
  for (const char* grade : {"major", "minor", "observation"}) {
    ids.insert(Id(DossierOk({"finding", "open", "--title", who + " found something", "--grade",
                             grade, "--clause", "8.4.1", "--as-of", "2026-03-05", "--json"},
                            clone)));
  }
  const std::string audit = Id(DossierOk({"audit", "plan", "--scope", "8.4", "--date", "2026-04-01",
                                          "--auditor", who, "--as-of", "2026-03-05", "--json"},
                                         clone));
  ids.insert(audit);
  ids.insert(Id(DossierOk({"review", "record", "--date", "2026-03-04", "--inputs", "a,b,c",
                           "--minutes", minutes, "--as-of", "2026-03-05", "--json"},
                          clone)));
  for (const char* value : {"91", "97.5"}) {
    ids.insert(Id(DossierOk({"objective", "measure", objective, "--measure", "otd", "--value",
                             value, "--date", "2026-03-01", "--as-of", "2026-03-05", "--json"},
                            clone)));
  }
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(merge)

BOOST_AUTO_TEST_CASE(two_clones_merge_with_a_plain_pull_and_keep_every_entity) {
  EvidenceRepo origin;
  // A finding and an objective both clones know, then changed in each.
  const std::string shared_finding =
      Id(DossierOk({"finding", "open", "--title", "shared", "--grade", "minor", "--clause", "7.2",
                    "--as-of", "2026-03-01", "--json"},
                   origin.root));
  const std::string objective =
      Id(DossierOk({"objective", "add", "On time", "--measure", "otd", "--unit", "%", "--target",
                    ">=95", "--frequency", "monthly", "--as-of", "2026-03-01", "--json"},
                   origin.root));
  const std::string remote = origin.dir / "remote.git";
  GitOk({"clone", "-q", "--bare", origin.root, remote}, origin.dir.path());
  const std::string alice = origin.dir / "alice";
  const std::string bob = origin.dir / "bob";
  GitOk({"clone", "-q", remote, alice}, origin.dir.path());
  GitOk({"clone", "-q", remote, bob}, origin.dir.path());

  std::set<std::string> expected = {shared_finding, objective};
  for (const auto& id : Work(alice, "alice", objective)) expected.insert(id);
  for (const auto& id : Work(bob, "bob", objective)) expected.insert(id);
  // Only Alice moves the shared finding on: one side changing a file merges.
  DossierOk({"finding", "analyse", shared_finding, "--correction", "c", "--cause", "k", "--as-of",
             "2026-03-06"},
            alice);

  GitOk({"push", "-q", "origin", "HEAD"}, alice);
  RunResult pull =
      Git({"-c", "pull.rebase=false", "pull", "--no-rebase", "--no-edit", "-q", "origin"}, bob);
  BOOST_REQUIRE_MESSAGE(pull.code == 0, "git pull failed: " << pull.err << pull.out);
  BOOST_TEST(Git({"ls-files", "--unmerged"}, bob).out == "");
  BOOST_TEST(Git({"rev-list", "--merges", "--count", "HEAD"}, bob).out == "1\n");
  GitOk({"push", "-q", "origin", "HEAD"}, bob);
  GitOk({"-c", "pull.rebase=false", "pull", "--no-rebase", "-q", "origin"}, alice);
  BOOST_TEST(Head(alice) == Head(bob));

  for (const std::string& clone : {alice, bob}) {
    std::set<std::string> seen;
    for (const auto& [args, key] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"finding", "list"}, "findings"},
             {{"audit", "list"}, "audits"},
             {{"review", "list"}, "reviews"},
             {{"objective", "list"}, "objectives"},
             {{"list"}, "artifacts"}}) {
      for (const auto& id : Ids(args, key, clone)) seen.insert(id);
    }
    const bj::value shown =
        bj::parse(DossierOk({"objective", "show", objective, "--json"}, clone).out);
    for (const auto& m : shown.at("objective").at("measurements").as_array()) {
      seen.insert(std::string(m.at("id").as_string()));
    }
    BOOST_TEST(shown.at("objective").at("measurements").as_array().size() == 4u);
    BOOST_TEST(seen == expected);
    const bj::value f =
        bj::parse(DossierOk({"finding", "show", shared_finding, "--json"}, clone).out);
    BOOST_TEST(f.at("finding").at("state").as_string() == "analysed");
    // The merged repository is sound, for git and for dossier.
    BOOST_TEST(Git({"fsck", "--no-progress"}, clone).code == 0);
    BOOST_TEST(Dossier({"verify"}, clone).code == 0);
  }
}

BOOST_AUTO_TEST_SUITE_END()
