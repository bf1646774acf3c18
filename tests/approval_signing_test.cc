// Signed approvals end to end through the CLI (doc/architecture.md, "Approval
// signatures"): each forgery a person with write access and plain git could
// try is caught by verify, show, status and readiness; each refusal is exit 2
// with nothing committed; a rewritten history is reported by verify.
#define BOOST_TEST_MODULE approval_signing
#include <sys/stat.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>

#include "approvals.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "entity_codec.h"
#include "test_util.h"

namespace bj = boost::json;
using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::GitOk;
using dossier::test::Head;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

// A signed repository (init's default) whose approver Jane Doe has a key
// registered, its private half in her own key folder (HOME is per fixture).
struct Signed {
  EvidenceRepo repo{/*signed_approvals=*/true};
  TempDir home;
  std::string key_id;
  std::string policy;  // artifact id of an approved quality policy (M3)

  Signed() {
    auto k = Run({"--as-of", "2026-03-01", "keygen", "--person", "Jane Doe", "--json"});
    BOOST_REQUIRE_MESSAGE(k.code == 0, k.err);
    key_id = std::string(bj::parse(k.out).as_object()["id"].as_string());
    WriteFile(repo.dir / "policy.md", "# Quality policy\nWe deliver.\n");
    auto a = Run({"--as-of", "2026-03-02", "add", repo.dir / "policy.md", "--kind", "document",
                  "--clause", "5.2.2", "--json"});
    BOOST_REQUIRE_MESSAGE(a.code == 0, a.err);
    policy = std::string(
        bj::parse(a.out).as_object()["added"].as_array().at(0).as_object()["id"].as_string());
    auto ap = Run({"--as-of", "2026-03-02", "approve", policy, "--by", "Jane Doe"});
    BOOST_REQUIRE_MESSAGE(ap.code == 0, ap.err);
  }
  RunResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) const {
    env.push_back("HOME=" + home.path());
    return repo.Run(args, env);
  }
  std::string ArtifactFile() const { return repo.root + "/dossier/artifacts/" + policy + ".json"; }
  bj::object Artifact() const { return bj::parse(ReadFile(ArtifactFile())).as_object(); }
  void SaveArtifact(const bj::object& o) const {
    WriteFile(ArtifactFile(), bj::serialize(o) + "\n");
  }
  // A commit made with plain git under any name, as a forger would.
  void PlainCommit(const std::string& message) const {
    GitOk({"add", "-A"}, repo.root);
    GitOk({"-c", "user.name=Jane Doe", "-c", "user.email=jane@example.org", "commit", "-q", "-m",
           message},
          repo.root);
  }
};

// verify, show, status and readiness all say the policy is not approved, and why.
void ExpectNotApproved(const Signed& s, const std::string& why) {
  auto v = s.Run({"verify"});
  BOOST_TEST(v.code == 1, v.out << v.err);
  BOOST_TEST(Contains(v.out, "NOT APPROVED  " + s.policy), v.out);
  BOOST_TEST(Contains(v.out, why), v.out);
  auto show = s.Run({"show", s.policy});
  BOOST_TEST(show.code == 0, show.err);
  BOOST_TEST(Contains(show.out, "approval-not-valid"), show.out);
  BOOST_TEST(Contains(show.out, why), show.out);
  auto st = s.Run({"status"});
  BOOST_TEST(Contains(st.out, "not approved " + s.policy), st.out);
  auto list = s.Run({"list", "--json"});
  BOOST_TEST(Contains(list.out, "approval-not-valid"), list.out);
  auto ready = s.Run({"--as-of", "2026-03-10", "readiness", "--stage", "1", "--format", "json"});
  BOOST_TEST(Contains(ready.out, s.policy + ")"), ready.out);
  BOOST_TEST(Contains(ready.out, "not approved: "), ready.out);
}

// Signs the artifact file's approval as it stands with the private key at
// `key_pem`, as a forger holding that key (but no registration) would.
void ForgeSignature(const Signed& s, const std::string& key_pem) {
  auto a = dossier::codec::DecodeArtifact(ReadFile(s.ArtifactFile()), "artifact");
  BOOST_REQUIRE(a);
  auto sig = dossier::crypto::SignEd25519(key_pem, dossier::ApprovalStatement(*a, *a->approval));
  BOOST_REQUIRE(sig);
  auto fp = dossier::crypto::PublicKeyFingerprintFromPrivate(key_pem);
  BOOST_REQUIRE(fp);
  bj::object o = s.Artifact();
  o["approval"].as_object()["signature"] = dossier::HexEncode(*sig);
  o["approval"].as_object()["key"] = *fp;
  s.SaveArtifact(o);
}

// A refusal: exit 2 with `parts` in its message, nothing committed, nothing left behind.
void ExpectRefused(const Signed& s, const std::vector<std::string>& args,
                   const std::vector<std::string>& parts) {
  const std::string head = Head(s.repo.root);
  auto r = s.Run(args);
  BOOST_TEST(r.code == 2, r.out << r.err);
  BOOST_TEST(r.out == "");
  for (const auto& p : parts) BOOST_TEST(Contains(r.err, p), r.err);
  BOOST_TEST(Head(s.repo.root) == head);
  BOOST_TEST(Git({"status", "--porcelain"}, s.repo.root).out == "");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_signed_approval_verifies_and_its_key_stays_with_its_owner) {
  Signed s;
  auto v = s.Run({"verify"});
  BOOST_TEST(v.code == 0, v.out << v.err);
  BOOST_TEST(!Contains(v.out, "not signed"), v.out);
  auto show = s.Run({"show", s.policy});
  BOOST_TEST(Contains(show.out, "valid, by key " + s.key_id + " of Jane Doe"), show.out);
  BOOST_TEST(Contains(show.out, "state         approved"), show.out);
  // The public key is in the repository; the private key in the owner's folder, 0600.
  BOOST_TEST(
      Contains(ReadFile(s.repo.root + "/dossier/keys/" + s.key_id + ".json"), "BEGIN PUBLIC KEY"));
  const std::string private_key = s.home / (".config/dossier/keys/" + s.key_id + ".pem");
  struct stat st {};
  BOOST_REQUIRE(::stat(private_key.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(Git({"ls-files", "*.pem"}, s.repo.root).out == "");
  auto keys = s.Run({"key", "list"});
  BOOST_TEST(Contains(keys.out, s.key_id + "  Jane Doe  registered 2026-03-01"), keys.out);
}

BOOST_AUTO_TEST_CASE(the_forgery_from_the_issue_is_caught) {
  Signed s;
  // Edit the document, set sha256, size and approval.sha256, commit with plain git.
  const std::string doc = s.repo.root + "/evidence/documents/policy.md";
  WriteFile(doc, "# Quality policy\nWe deliver, mostly.\n");
  auto digest = dossier::crypto::HashFile(doc);
  BOOST_REQUIRE(digest);
  bj::object o = s.Artifact();
  o["sha256"] = digest->sha256;
  o["size"] = digest->size;
  o["approval"].as_object()["sha256"] = digest->sha256;
  s.SaveArtifact(o);
  s.PlainCommit("Typo");
  ExpectNotApproved(s, "approval signature does not verify");
}

BOOST_AUTO_TEST_CASE(tampering_with_any_signed_field_is_caught) {
  const std::vector<std::pair<std::string, std::function<void(bj::object&)>>> edits = {
      {"date", [](bj::object& o) { o["approval"].as_object()["date"] = "2026-03-03"; }},
      {"signature byte",
       [](bj::object& o) {
         std::string sig(o["approval"].as_object()["signature"].as_string());
         sig[10] = sig[10] == '0' ? '1' : '0';
         o["approval"].as_object()["signature"] = sig;
       }},
      {"path", [](bj::object& o) { o["path"] = "evidence/documents/other.md"; }},
      {"scope exclusions",
       [](bj::object& o) {
         o["approval"].as_object()["not_applicable"] = bj::object{{"8.3", "x"}};
       }},
  };
  Signed s;
  const std::string head = Head(s.repo.root);
  for (const auto& [what, edit] : edits) {
    BOOST_TEST_CONTEXT(what) {
      bj::object o = s.Artifact();
      edit(o);
      s.SaveArtifact(o);
      if (what == "path") {
        GitOk({"mv", "evidence/documents/policy.md", "evidence/documents/other.md"}, s.repo.root);
      }
      s.PlainCommit("tidy " + what);
      ExpectNotApproved(s, "approval signature does not verify");
      GitOk({"reset", "-q", "--hard", head}, s.repo.root);
      // The rewrite just made is itself reported once verify saw the tampered head.
      s.Run({"verify", "--accept-rewrite"});
    }
  }
  // Someone else's name as approver: the key is Jane's, not theirs.
  bj::object o = s.Artifact();
  o["approval"].as_object()["by"] = "Mallory Mole";
  s.SaveArtifact(o);
  s.PlainCommit("approver");
  ExpectNotApproved(s, "registered for Jane Doe, not for Mallory Mole");
}

BOOST_AUTO_TEST_CASE(a_signature_by_an_unregistered_key_does_not_count) {
  Signed s;
  const std::string mallory = s.home / "mallory.pem";
  BOOST_REQUIRE(s.Run({"keygen", "-o", mallory}).code == 0);  // a pack key: never registered
  ExpectRefused(s, {"approve", s.policy, "--key", mallory},
                {"not registered in this repository", "dossier keygen --person"});
  ForgeSignature(s, mallory);
  s.PlainCommit("re-sign");
  ExpectNotApproved(s, "not registered in the repository");
}

BOOST_AUTO_TEST_CASE(a_key_added_with_plain_git_is_reported_and_not_trusted) {
  Signed s;
  // Mallory registers a key "for Jane Doe" in a repository of her own, then
  // copies the key file in with plain git.
  EvidenceRepo other(true);
  const std::string mallory = s.home / "mallory.pem";
  auto k = other.Run(
      {"--as-of", "2026-03-01", "keygen", "--person", "Jane Doe", "-o", mallory, "--json"});
  BOOST_REQUIRE_MESSAGE(k.code == 0, k.err);
  const std::string id(bj::parse(k.out).as_object()["id"].as_string());
  const std::string key_file = "dossier/keys/" + id + ".json";
  WriteFile(s.repo.root + "/" + key_file, ReadFile(other.root + "/" + key_file));
  s.PlainCommit("key: register " + id + " for Jane Doe");
  ExpectRefused(s, {"approve", s.policy, "--key", mallory}, {"outside Dossier", id});
  ForgeSignature(s, mallory);
  s.PlainCommit("re-sign");
  ExpectNotApproved(s, "outside Dossier");
  auto v = s.Run({"verify"});
  BOOST_TEST(Contains(v.out, "UNTRUSTED KEY  key " + id + " of Jane Doe"), v.out);
  auto keys = s.Run({"key", "list"});
  BOOST_TEST(Contains(keys.out, "NOT TRUSTED"), keys.out);
  // A key only in the work tree is not trusted either.
  GitOk({"reset", "-q", "--hard", "HEAD~2"}, s.repo.root);
  WriteFile(s.repo.root + "/" + key_file, ReadFile(other.root + "/" + key_file));
  const std::string head = Head(s.repo.root);
  auto r = s.Run({"approve", s.policy, "--key", mallory});
  BOOST_TEST(r.code == 2, r.out << r.err);
  BOOST_TEST(Contains(r.err, "never committed"), r.err);
  BOOST_TEST(Head(s.repo.root) == head);
}

BOOST_AUTO_TEST_CASE(a_revoked_key_keeps_its_earlier_signatures_only) {
  Signed s;
  ExpectRefused(s, {"key", "revoke", s.key_id}, {"--why"});
  ExpectRefused(s, {"key", "revoke", "ffff", "--why", "lost"}, {"no registered key", s.key_id});
  auto r = s.Run({"--as-of", "2026-03-05", "key", "revoke", s.key_id, "--why", "laptop stolen"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  ExpectRefused(s, {"--as-of", "2026-03-05", "key", "revoke", s.key_id, "--why", "x"},
                {"revoked already"});
  // Signed on 2026-03-02, before the revocation: still approved.
  auto v = s.Run({"verify"});
  BOOST_TEST(v.code == 0, v.out << v.err);
  // A new approval with the revoked key is refused...
  WriteFile(s.repo.dir / "scope.md", "# Scope\n");
  BOOST_REQUIRE(s.Run({"--as-of", "2026-03-06", "add", s.repo.dir / "scope.md", "--kind",
                       "document", "--clause", "4.3"})
                    .code == 0);
  ExpectRefused(s, {"--as-of", "2026-03-06", "approve", "scope.md", "--by", "Jane Doe"},
                {"no usable key of Jane Doe", "revoked on 2026-03-05"});
  // ...and one forged with it, dated after the revocation, does not count.
  bj::object o = s.Artifact();
  o["approval"].as_object()["date"] = "2026-03-06";
  s.SaveArtifact(o);
  const std::string key = s.home / (".config/dossier/keys/" + s.key_id + ".pem");
  ForgeSignature(s, key);
  s.PlainCommit("re-approve");
  ExpectNotApproved(s, "revoked on 2026-03-05 (laptop stolen)");
  // Rotation: a new key for Jane signs again.
  BOOST_REQUIRE(s.Run({"--as-of", "2026-03-07", "keygen", "--person", "Jane Doe"}).code == 0);
  BOOST_REQUIRE(s.Run({"--as-of", "2026-03-07", "approve", s.policy, "--by", "Jane Doe"}).code ==
                0);
  BOOST_TEST(!Contains(s.Run({"verify"}).out, "NOT APPROVED"));
}

BOOST_AUTO_TEST_CASE(approving_without_a_key_when_required_says_how_to_make_one) {
  Signed s;
  WriteFile(s.repo.dir / "scope.md", "# Scope\n");
  BOOST_REQUIRE(s.Run({"--as-of", "2026-03-02", "add", s.repo.dir / "scope.md", "--kind",
                       "document", "--clause", "4.3"})
                    .code == 0);
  ExpectRefused(
      s, {"approve", "scope.md", "--by", "Bob Boss"},
      {"cannot approve as Bob Boss", "require_signature", "dossier keygen --person \"Bob Boss\""});
  // Jane's key is registered, but not in this person's key folder.
  TempDir elsewhere;
  const std::string head = Head(s.repo.root);
  auto r = s.repo.Run({"approve", "scope.md", "--by", "Jane Doe"}, {"HOME=" + elsewhere.path()});
  BOOST_TEST(r.code == 2, r.out << r.err);
  BOOST_TEST(Contains(r.err, "Jane Doe has a registered key (" + s.key_id + ")"), r.err);
  BOOST_TEST(Contains(r.err, "--key PATH"), r.err);
  BOOST_TEST(Head(s.repo.root) == head);
  ExpectRefused(s, {"approve", "scope.md", "--key", s.home / "nope.pem"}, {"nope.pem"});
  ExpectRefused(s, {"keygen", "--person", "Jane\x01Doe"}, {"--person"});
  ExpectRefused(s, {"keygen", "--person", "Jane Doe", "-o", s.home / "no/such/dir/k.pem"},
                {"no such folder"});
  // An unsigned approval typed in by hand is not an approval here.
  bj::object o = s.Artifact();
  o["approval"].as_object().erase("signature");
  o["approval"].as_object().erase("key");
  s.SaveArtifact(o);
  s.PlainCommit("unsigned");
  ExpectNotApproved(s, "not signed");
}

BOOST_AUTO_TEST_CASE(unsigned_approvals_are_a_warning_where_not_required) {
  EvidenceRepo repo;  // --unsigned-approvals
  WriteFile(repo.dir / "policy.md", "policy\n");
  BOOST_REQUIRE(
      repo.Run({"add", repo.dir / "policy.md", "--kind", "document", "--clause", "5.2.2"}).code ==
      0);
  auto a = repo.Run({"approve", "policy.md", "--by", "Jane Doe"});
  BOOST_TEST(Contains(a.out, "(unsigned)"), a.out);
  auto v = repo.Run({"verify"});
  BOOST_TEST(v.code == 0, v.out << v.err);
  BOOST_TEST(Contains(v.out, "warning: 1 approval is not signed"), v.out);
  BOOST_TEST(Contains(repo.Run({"show", "policy.md"}).out, "none (unsigned approval"));
  BOOST_TEST(Contains(repo.Run({"status"}).out, "unsigned "));
}

// Many unsigned approvals: verify names the first 50 and counts the rest,
// which status lists one by one.
BOOST_AUTO_TEST_CASE(many_unsigned_approvals_are_counted_past_fifty) {
  EvidenceRepo repo;  // --unsigned-approvals
  for (int i = 0; i < 52; ++i) {
    WriteFile(repo.dir / ("procedures/p" + std::to_string(100 + i) + ".md"),
              "procedure " + std::to_string(i) + "\n");
  }
  BOOST_REQUIRE(
      repo.Run({"add", repo.dir / "procedures", "--kind", "document", "--clause", "8.1"}).code ==
      0);
  for (int i = 0; i < 52; ++i) {
    BOOST_REQUIRE(
        repo.Run({"approve", "p" + std::to_string(100 + i) + ".md", "--by", "Jane Doe"}).code == 0);
  }
  const auto v = repo.Run({"verify"});
  BOOST_TEST(v.code == 0, v.out << v.err);
  BOOST_TEST(Contains(v.out, "warning: 52 approvals are not signed"), v.out);
  BOOST_TEST(Contains(v.out, ", and 2 more (dossier status lists each)\n"), v.out);
  size_t named = 0;
  for (size_t at = 0; (at = v.out.find("ART-", at)) != std::string::npos; ++at) ++named;
  BOOST_TEST(named == 50u, v.out);
  const auto st = repo.Run({"status"});
  size_t listed = 0;
  for (size_t at = 0; (at = st.out.find("\nunsigned  ", at)) != std::string::npos; ++at) ++listed;
  BOOST_TEST(listed + (st.out.rfind("unsigned  ", 0) == 0 ? 1 : 0) == 52u, st.out);
}

BOOST_AUTO_TEST_CASE(verify_reports_a_rewritten_history_until_accepted) {
  Signed s;
  BOOST_REQUIRE(s.Run({"verify"}).code == 0);
  // filter-branch-like: the approval's commit replaced by another.
  GitOk({"-c", "user.name=X", "-c", "user.email=x@example.org", "commit", "-q", "--amend", "-m",
         "approve, reworded"},
        s.repo.root);
  auto v = s.Run({"verify"});
  BOOST_TEST(v.code == 1, v.out);
  BOOST_TEST(Contains(v.out, "HISTORY REWRITTEN"), v.out);
  BOOST_TEST(s.Run({"verify"}).code == 1);  // until someone looks
  BOOST_TEST(s.Run({"verify", "--accept-rewrite"}).code == 0);
  BOOST_TEST(s.Run({"verify"}).code == 0);
  // New commits on top are no rewrite.
  BOOST_REQUIRE(
      s.Run({"scope", "exclude", "8.3", "--why", "We resell; no design and development"}).code ==
      0);
  BOOST_TEST(s.Run({"verify"}).code == 0);
}
