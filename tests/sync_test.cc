// dossier sync (doc/architecture.md, "Sync"): clones of one evidence repository meet on
// a shared bare remote. Fetch, fast-forward or merge, check the merged
// evidence loads, push; every refusal leaves HEAD and the work tree as they
// were.
#define BOOST_TEST_MODULE sync
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

std::string Id(const RunResult& r) { return std::string(bj::parse(r.out).at("id").as_string()); }

// Every entity id a clone knows, by the CLI's own listings.
std::set<std::string> AllIds(const std::string& clone) {
  std::set<std::string> out;
  for (const auto& [args, key] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"finding", "list", "--json"}, "findings"},
           {{"audit", "list", "--json"}, "audits"},
           {{"objective", "list", "--json"}, "objectives"},
           {{"list", "--json"}, "artifacts"}}) {
    const bj::value doc = bj::parse(DossierOk(args, clone).out);
    for (const auto& e : doc.at(key).as_array()) out.insert(std::string(e.at("id").as_string()));
  }
  return out;
}

// A bare remote made from a fresh evidence repository (with one objective
// both clones know), and two clones of it.
struct Shared {
  EvidenceRepo origin;
  std::string remote, alice, bob, objective;
  Shared() {
    objective =
        Id(DossierOk({"objective", "add", "On time", "--measure", "otd", "--unit", "%", "--target",
                      ">=95", "--frequency", "monthly", "--as-of", "2026-03-01", "--json"},
                     origin.root));
    remote = origin.dir / "remote.git";
    alice = origin.dir / "alice";
    bob = origin.dir / "bob";
    GitOk({"clone", "-q", "--bare", origin.root, remote}, origin.dir.path());
    GitOk({"clone", "-q", remote, alice}, origin.dir.path());
    GitOk({"clone", "-q", remote, bob}, origin.dir.path());
  }
  std::string RemoteHead() const { return GitOk({"rev-parse", "refs/heads/main"}, remote).out; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sync_command)

BOOST_AUTO_TEST_CASE(two_clones_merge_push_and_fast_forward_keeping_every_entity) {
  Shared s;
  std::set<std::string> expected = {s.objective};
  // Alice files two artifacts and opens a finding, then syncs: push only.
  WriteFile(s.origin.dir / "procedure.txt", "how we buy\n");
  WriteFile(s.origin.dir / "supplier-list.txt", "ACME Ltd\n");
  const bj::value added = bj::parse(
      DossierOk({"add", s.origin.dir / "procedure.txt", s.origin.dir / "supplier-list.txt",
                 "--kind", "record", "--clause", "8.4.1", "--as-of", "2026-03-05", "--json"},
                s.alice)
          .out);
  for (const auto& a : added.at("added").as_array()) {
    expected.insert(std::string(a.at("id").as_string()));
  }
  BOOST_REQUIRE_EQUAL(added.at("added").as_array().size(), 2u);
  expected.insert(Id(DossierOk({"finding", "open", "--title", "supplier not evaluated", "--grade",
                                "minor", "--clause", "8.4.1", "--as-of", "2026-03-05", "--json"},
                               s.alice)));
  RunResult first = DossierOk({"sync"}, s.alice);
  BOOST_TEST(Contains(first.out, "nothing new on origin/main"));
  BOOST_TEST(Contains(first.out, "pushed main to origin: 2 commits out"));
  BOOST_TEST(s.RemoteHead() == GitOk({"rev-parse", "HEAD"}, s.alice).out);

  // Bob has his own commits: a measurement and an audit. His sync merges.
  expected.insert(Id(DossierOk({"objective", "measure", s.objective, "--measure", "otd", "--value",
                                "97", "--date", "2026-03-01", "--as-of", "2026-03-05", "--json"},
                               s.bob)));
  expected.insert(Id(DossierOk({"audit", "plan", "--scope", "8.4", "--date", "2026-04-01",
                                "--auditor", "Bob", "--as-of", "2026-03-05", "--json"},
                               s.bob)));
  const std::string bob_before = Head(s.bob);
  RunResult merged = DossierOk({"sync", "--json"}, s.bob);
  const bj::value doc = bj::parse(merged.out);
  BOOST_TEST(doc.at("action").as_string() == "merge");
  BOOST_TEST(doc.at("old_head").as_string() == bob_before);
  BOOST_TEST(doc.at("incoming").at("commits").as_array().size() == 2u);  // one add, one finding
  // In: Alice's two artifacts and her finding, each added.
  std::multiset<std::string> kinds;
  for (const auto& e : doc.at("incoming").at("entities").as_array()) {
    BOOST_TEST(e.at("change").as_string() == "added");
    BOOST_TEST(expected.count(std::string(e.at("id").as_string())) == 1u);
    kinds.insert(std::string(e.at("kind").as_string()));
  }
  BOOST_TEST(kinds == (std::multiset<std::string>{"artifacts", "artifacts", "findings"}));
  BOOST_TEST(doc.at("outgoing").at("pushed").as_bool());
  // Out: Bob's two commits and the merge commit.
  BOOST_TEST(doc.at("outgoing").at("commits").as_array().size() == 3u);
  BOOST_TEST(
      Git({"log", "-1", "--format=%s%n%P"}, s.bob).out.rfind("sync: merge origin/main\n", 0) == 0);
  BOOST_TEST(Git({"rev-list", "--parents", "-1", "HEAD"}, s.bob).out.size() == 3 * 41u);
  BOOST_TEST(Git({"log", "-1", "--format=%an <%ae>"}, s.bob).out ==
             "Test Auditor <auditor@example.org>\n");
  BOOST_TEST(s.RemoteHead() == GitOk({"rev-parse", "HEAD"}, s.bob).out);
  BOOST_TEST(Git({"status", "--porcelain"}, s.bob).out == "");

  // Alice fast-forwards to Bob's merge; nothing of hers goes out.
  RunResult ff = DossierOk({"sync"}, s.alice);
  BOOST_TEST(Contains(ff.out, "fast-forwarded to origin/main: 3 commits in"));
  BOOST_TEST(Contains(ff.out, "audits: 1 added"));
  BOOST_TEST(Contains(ff.out, "measurements: 1 added"));
  BOOST_TEST(Contains(ff.out, "origin/main has everything this clone has"));
  BOOST_TEST(Head(s.alice) == Head(s.bob));
  BOOST_TEST(Git({"status", "--porcelain"}, s.alice).out == "");

  for (const std::string& clone : {s.alice, s.bob}) {
    std::set<std::string> seen = AllIds(clone);
    const bj::value shown =
        bj::parse(DossierOk({"objective", "show", s.objective, "--json"}, clone).out);
    for (const auto& m : shown.at("objective").at("measurements").as_array()) {
      seen.insert(std::string(m.at("id").as_string()));
    }
    BOOST_TEST(seen == expected);
    BOOST_TEST(Git({"fsck", "--no-progress"}, clone).code == 0);
    BOOST_TEST(Dossier({"verify"}, clone).code == 0);
  }
  // Nothing new either way: a second sync changes nothing.
  RunResult again = DossierOk({"sync"}, s.bob);
  BOOST_TEST(Contains(again.out, "nothing new on origin/main"));
  BOOST_TEST(Head(s.bob) == Head(s.alice));
}

BOOST_AUTO_TEST_CASE(conflicting_dossier_ini_is_refused_and_nothing_changes) {
  Shared s;
  DossierOk({"scope", "exclude", "8.3", "--why", "we design nothing", "--as-of", "2026-03-05"},
            s.alice);
  DossierOk({"sync"}, s.alice);
  DossierOk({"scope", "exclude", "8.3", "--why", "no design or development at all", "--as-of",
             "2026-03-05"},
            s.bob);
  const std::string head = Head(s.bob);
  const std::string ini = ReadFile(s.bob + "/dossier.ini");
  RunResult r = Dossier({"sync"}, s.bob);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.err, "dossier.ini"), r.err);
  BOOST_TEST(Contains(r.err, "git pull"), r.err);
  BOOST_TEST(Contains(r.err, "git add"), r.err);
  BOOST_TEST(Contains(r.err, "git commit"), r.err);
  BOOST_TEST(r.out == "");
  BOOST_TEST(Head(s.bob) == head);
  BOOST_TEST(ReadFile(s.bob + "/dossier.ini") == ini);
  BOOST_TEST(Git({"status", "--porcelain"}, s.bob).out == "");
  // Nothing went out either: the remote still has Alice's head.
  BOOST_TEST(s.RemoteHead() == GitOk({"rev-parse", "HEAD"}, s.alice).out);
}

BOOST_AUTO_TEST_CASE(uncommitted_changes_to_a_file_the_update_touches_are_refused) {
  Shared s;
  const std::string finding = Id(DossierOk({"finding", "open", "--title", "t", "--grade", "minor",
                                            "--clause", "7.2", "--as-of", "2026-03-05", "--json"},
                                           s.origin.root));
  GitOk({"push", "-q", s.remote, "HEAD:main"}, s.origin.root);
  DossierOk({"sync"}, s.alice);
  DossierOk({"sync"}, s.bob);
  DossierOk(
      {"finding", "analyse", finding, "--correction", "c", "--cause", "k", "--as-of", "2026-03-06"},
      s.alice);
  DossierOk({"sync"}, s.alice);

  // Bob edits the same finding's file by hand and does not commit it; an
  // untracked note elsewhere is not in the way.
  const std::string path = s.bob + "/dossier/findings/" + finding + ".json";
  const std::string edited = ReadFile(path) + "\n";
  WriteFile(path, edited);
  WriteFile(s.bob + "/notes.txt", "mine\n");
  const std::string head = Head(s.bob);
  RunResult r = Dossier({"sync"}, s.bob);
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "dossier/findings/" + finding + ".json"), r.err);
  BOOST_TEST(Contains(r.err, "uncommitted"), r.err);
  BOOST_TEST(Head(s.bob) == head);
  BOOST_TEST(ReadFile(path) == edited);
  BOOST_TEST(ReadFile(s.bob + "/notes.txt") == "mine\n");

  // Put aside, the sync goes through and the untracked note survives.
  GitOk({"checkout", "--", "dossier/findings/" + finding + ".json"}, s.bob);
  DossierOk({"sync"}, s.bob);
  BOOST_TEST(Head(s.bob) == Head(s.alice));
  BOOST_TEST(ReadFile(s.bob + "/notes.txt") == "mine\n");
}

BOOST_AUTO_TEST_CASE(a_merge_that_files_one_evidence_file_twice_is_refused) {
  Shared s;
  // Both file the same document: git merges the identical file cleanly, but
  // two artifacts would claim it.
  WriteFile(s.origin.dir / "policy.txt", "quality policy\n");
  for (const std::string& clone : {s.alice, s.bob}) {
    DossierOk({"add", s.origin.dir / "policy.txt", "--kind", "record", "--clause", "5.2.1",
               "--as-of", "2026-03-05"},
              clone);
  }
  DossierOk({"sync"}, s.alice);
  const std::string head = Head(s.bob);
  RunResult r = Dossier({"sync"}, s.bob);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.err, "evidence/records/policy.txt"), r.err);
  BOOST_TEST(Contains(r.err, "two artifacts"), r.err);
  BOOST_TEST(Head(s.bob) == head);
  BOOST_TEST(Git({"status", "--porcelain"}, s.bob).out == "");
}

BOOST_AUTO_TEST_CASE(remote_evidence_that_does_not_load_is_refused) {
  Shared s;
  // Someone pushes a malformed entity file with plain git.
  WriteFile(s.alice + "/dossier/findings/NC-20260305-BAD1.json", "{ not json");
  GitOk({"add", "dossier/findings/NC-20260305-BAD1.json"}, s.alice);
  GitOk({"commit", "-q", "-m", "broken"}, s.alice);
  GitOk({"push", "-q", "origin", "main"}, s.alice);
  const std::string head = Head(s.bob);
  RunResult r = Dossier({"sync"}, s.bob);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.err, "NC-20260305-BAD1.json"), r.err);
  BOOST_TEST(Head(s.bob) == head);
  BOOST_TEST(Git({"status", "--porcelain"}, s.bob).out == "");
}

BOOST_AUTO_TEST_CASE(no_push_keeps_local_commits_local) {
  Shared s;
  DossierOk({"finding", "open", "--title", "t", "--grade", "minor", "--clause", "7.2", "--as-of",
             "2026-03-05"},
            s.alice);
  const std::string remote_head = s.RemoteHead();
  RunResult r = DossierOk({"sync", "--no-push"}, s.alice);
  BOOST_TEST(Contains(r.out, "not pushed (--no-push): 1 commit not on origin/main"), r.out);
  BOOST_TEST(s.RemoteHead() == remote_head);
  // A path works as the remote too, and pushes.
  RunResult by_path = DossierOk({"sync", s.remote}, s.alice);
  BOOST_TEST(Contains(by_path.out, "pushed main to " + s.remote), by_path.out);
  BOOST_TEST(s.RemoteHead() == GitOk({"rev-parse", "HEAD"}, s.alice).out);
  RunResult by_url = DossierOk({"sync", "file://" + s.remote, "--json"}, s.bob);
  BOOST_TEST(bj::parse(by_url.out).at("action").as_string() == "fast-forward");
  BOOST_TEST(Head(s.bob) == Head(s.alice));
}

BOOST_AUTO_TEST_CASE(unknown_remote_and_unreachable_remote) {
  Shared s;
  GitOk({"remote", "add", "backup", s.origin.dir / "nowhere.git"}, s.alice);
  const std::string head = Head(s.alice);
  RunResult unknown = Dossier({"sync", "upstream"}, s.alice);
  BOOST_TEST(unknown.code == 2);
  BOOST_TEST(Contains(unknown.err, "no remote 'upstream'"), unknown.err);
  BOOST_TEST(Contains(unknown.err, "backup, origin"), unknown.err);

  RunResult missing = Dossier({"sync", s.origin.dir / "does-not-exist.git"}, s.alice);
  BOOST_TEST(missing.code == 3);
  BOOST_TEST(Contains(missing.err, "does-not-exist.git"), missing.err);
  RunResult gone = Dossier({"sync", "backup"}, s.alice);
  BOOST_TEST(gone.code == 3);
  BOOST_TEST(Contains(gone.err, "backup"), gone.err);
  BOOST_TEST(Head(s.alice) == head);

  // A repository with no remote at all says how to add one.
  RunResult none = s.origin.Run({"sync"});
  BOOST_TEST(none.code == 2);
  BOOST_TEST(Contains(none.err, "git remote add"), none.err);
  BOOST_TEST(Dossier({"sync", "a", "b"}, s.alice).code == 2);
  RunResult at = Dossier({"sync", "--at", "HEAD~1"}, s.alice);
  BOOST_TEST(at.code == 2);
  BOOST_TEST(Contains(at.err, "--at"), at.err);
  BOOST_TEST(Head(s.alice) == head);
}

BOOST_AUTO_TEST_SUITE_END()
