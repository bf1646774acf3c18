// Changes made around Dossier show (doc/architecture.md, "Threat model"):
// `verify` lists the commits that changed the evidence or its records with
// plain git, and `sync` says when history already shared was rewritten, on
// the remote or in this clone. Neither is proof against a careful forger
// (the trailer can be typed by hand); both make the usual ways visible.
#define BOOST_TEST_MODULE history
#include <boost/test/unit_test.hpp>
#include <string>

#include "crypto/sha256.h"
#include "test_util.h"

using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::GitOk;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::WriteFile;

namespace {

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text->find(from, pos)) != std::string::npos; pos += to.size()) {
    text->replace(pos, from.size(), to);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history)

// The forgery of an approval with plain git: the document edited and its
// artifact file brought in line (sha256, size, the approval's sha256), all
// committed under another name. Every hash matches, so verify passes; but it
// names the commit that did it.
BOOST_AUTO_TEST_CASE(verify_names_commits_made_with_plain_git) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "policy.md", "We satisfy our customers.\n");
  auto added = repo.Run(
      {"add", repo.dir / "policy.md", "--kind", "document", "--requirement", "M3", "--json"});
  BOOST_REQUIRE_MESSAGE(added.code == 0, added.err);
  const auto pos = added.out.find("\"ART-");
  const std::string id = added.out.substr(pos + 1, added.out.find('"', pos + 1) - pos - 1);
  BOOST_REQUIRE(repo.Run({"approve", id, "--by", "Jane Doe"}).code == 0);

  RunResult clean = repo.Run({"verify"});
  BOOST_TEST(clean.code == 0, clean.err);
  BOOST_TEST(!Contains(clean.out, "note:"), "dossier's own commits are not listed:\n" << clean.out);

  const std::string doc = repo.root + "/evidence/documents/policy.md";
  const std::string forged = "We satisfy our shareholders.\n";
  const std::string entity = repo.root + "/dossier/artifacts/" + id + ".json";
  std::string json = ReadFile(entity);
  ReplaceAll(&json, dossier::crypto::Sha256Hex(ReadFile(doc)), dossier::crypto::Sha256Hex(forged));
  WriteFile(doc, forged);
  WriteFile(entity, json);
  GitOk({"commit", "-qam", "Tidy wording", "--author", "Mallory <mallory@example.org>"}, repo.root);
  const std::string commit = GitOk({"rev-parse", "HEAD"}, repo.root).out.substr(0, 40);

  RunResult r = repo.Run({"verify"});
  BOOST_TEST(r.code == 0, r.out << r.err);
  BOOST_TEST(Contains(r.out, "note: 1 commit changed the evidence or its records without dossier"),
             r.out);
  BOOST_TEST(Contains(r.out, commit.substr(0, 12)), r.out);
  BOOST_TEST(Contains(r.out, "Mallory <mallory@example.org>  Tidy wording"), r.out);
  RunResult j = repo.Run({"verify", "--json"});
  BOOST_TEST(Contains(j.out, "\"commit\": \"" + commit + "\""), j.out);
  // At a revision before it, nothing to say.
  RunResult before = repo.Run({"verify", "--at", "HEAD~1"});
  BOOST_TEST(!Contains(before.out, "note:"), before.out);
}

// Alice and Bob share a bare remote. History already pushed is rewritten,
// first on the remote (Bob force-pushes an amended commit), then in Alice's
// clone (she amends a commit she had pushed): each sync says so.
BOOST_AUTO_TEST_CASE(sync_says_when_shared_history_was_rewritten) {
  EvidenceRepo alice;
  const std::string remote = alice.dir / "remote.git";
  const std::string bob = alice.dir / "bob";
  GitOk({"init", "-q", "--bare", remote}, alice.dir.path());
  GitOk({"remote", "add", "origin", remote}, alice.root);
  auto opened = alice.Run({"finding", "open", "--title", "Calibration overdue", "--grade", "minor",
                           "--clause", "7.1.5"});
  BOOST_REQUIRE_MESSAGE(opened.code == 0, opened.err);
  GitOk({"push", "-q", "-u", "origin", "main"}, alice.root);
  RunResult first = alice.Run({"sync"});
  BOOST_TEST(first.code == 0, first.err);
  BOOST_TEST(!Contains(first.err, "warning"), first.err);

  GitOk({"clone", "-q", "-b", "main", remote, bob}, alice.dir.path());
  GitOk({"commit", "-q", "--amend", "-m", "rewritten by Bob"}, bob);
  GitOk({"push", "-q", "-f", "origin", "main"}, bob);
  RunResult after_force = alice.Run({"sync"});
  BOOST_TEST(after_force.code == 0, after_force.err);
  BOOST_TEST(Contains(after_force.err, "warning: the history on origin/main was rewritten"),
             after_force.err);
  RunResult quiet = alice.Run({"sync"});
  BOOST_TEST(!Contains(quiet.err, "warning"), "said once, at the sync that met it: " << quiet.err);

  GitOk({"commit", "-q", "--amend", "-m", "rewritten by Alice"}, alice.root);
  RunResult after_amend = alice.Run({"sync", "--json"});
  BOOST_TEST(after_amend.code == 0, after_amend.err);
  BOOST_TEST(Contains(after_amend.err, "warning: this clone's history was rewritten"),
             after_amend.err);
  BOOST_TEST(Contains(after_amend.out, "\"local_dropped\": \""), after_amend.out);
}

BOOST_AUTO_TEST_SUITE_END()
