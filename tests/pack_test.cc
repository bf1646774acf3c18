// dossier pack / pack verify / keygen end to end (issue #5, doc/packs.md):
// every format extracts with the system tools and passes `sha256sum -c`,
// signatures pass `openssl pkeyutl -verify`, builds are byte-identical, and
// every tampering is caught by `pack verify` without it writing anything.
#define BOOST_TEST_MODULE pack
#include <sys/stat.h>

#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "crypto/sha256.h"
#include "dossier/version.h"
#include "test_util.h"

using dossier::test::Contains;

namespace t = dossier::test;
namespace fs = boost::filesystem;
namespace bj = boost::json;

namespace {

const std::string kAsOf = "2026-03-01";
const std::string kTop1 = "dossier-pack-test-org-stage1-2026-03-01";
const std::string kTop2 = "dossier-pack-test-org-stage2-2026-03-01";
const std::string kTamper = std::string(DOSSIER_SOURCE_DIR) + "/tests/data/tamper_pack.py";

// A small evidence repository: two documents (one approved), records for
// R4 (competence, 7.2) inside and outside the evidence window, one for R12
// (8.4.1), and a finding citing the old record.
struct PackRepo {
  t::EvidenceRepo repo;
  std::map<std::string, std::string> ids;  // file name -> artifact id

  PackRepo() {
    Add("policy.txt", "Quality policy v1\n",
        {"--kind", "document", "--clause", "5.2.2", "--requirement", "M3", "--title",
         "Quality policy"});
    Add("scope.txt", "Scope: software services\n", {"--kind", "document", "--clause", "4.3"});
    Add("training-2026.txt", "Training matrix January 2026\n",
        {"--kind", "record", "--clause", "7.2", "--requirement", "R4", "--effective",
         "2026-01-10"});
    Add("training-2024.txt", "Training matrix January 2024\n",
        {"--kind", "record", "--clause", "7.2", "--requirement", "R4", "--effective",
         "2024-01-10"});
    Add("supplier-eval.txt", "Supplier evaluation 2025\n",
        {"--kind", "record", "--clause", "8.4.1", "--requirement", "R12", "--effective",
         "2025-12-01"});
    auto r = repo.Run({"approve", "evidence/documents/policy.txt", "--as-of", "2026-02-01"});
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  }

  std::string Add(const std::string& name, const std::string& content,
                  std::vector<std::string> args) {
    const std::string src = repo.dir / ("in/" + name);
    t::WriteFile(src, content);
    args.insert(args.begin(), {"add", src, "--json", "--as-of", "2026-02-01"});
    auto r = repo.Run(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    std::string id = bj::parse(r.out).at("added").at(0).at("id").as_string().c_str();
    ids[name] = id;
    return id;
  }

  // Commits a hand-written finding citing the 2024 training record.
  void AddFinding() {
    const std::string old = ids.at("training-2024.txt");
    const std::string path = repo.root + "/dossier/findings/NC-20260205-AAAA.json";
    t::WriteFile(path,
                 "{\n  \"clauses\": [\"7.2\"],\n  \"grade\": \"minor\",\n"
                 "  \"id\": \"NC-20260205-AAAA\",\n"
                 "  \"implementation_evidence\": [{\"artifact\": \"" +
                     old +
                     "\"}],\n"
                     "  \"raised\": \"2026-02-05\",\n  \"source\": \"internal-audit\",\n"
                     "  \"state\": \"open\",\n"
                     "  \"title\": \"Training record incomplete\"\n}\n");
    BOOST_REQUIRE_EQUAL(t::Git({"add", "dossier/findings"}, repo.root).code, 0);
    auto r = t::Git({"commit", "-q", "-m", "finding by hand"}, repo.root);
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  }

  t::RunResult Pack(std::vector<std::string> args) const {
    args.insert(args.begin(), "pack");
    args.push_back("--as-of");
    args.push_back(kAsOf);
    return repo.Run(args);
  }
  std::string Out(const std::string& name) const { return repo.dir / name; }
};

// Extracts `archive` with the system tar / unzip into a fresh folder.
std::string Extract(const std::string& archive, const std::string& into) {
  fs::create_directories(into);
  t::RunResult r;
  if (archive.size() > 4 && archive.substr(archive.size() - 4) == ".zip") {
    r = t::Run({"unzip", "-q", archive, "-d", into}, into);
  } else {
    r = t::Run({"tar", "-xf", archive, "-C", into}, into);
  }
  BOOST_REQUIRE_MESSAGE(r.code == 0, "extracting " << archive << ": " << r.err);
  return into;
}

bj::object ManifestJson(const std::string& top_dir) {
  return bj::parse(t::ReadFile(top_dir + "/manifest.json")).as_object();
}

std::vector<std::string> Ids(const bj::value& v) {
  std::vector<std::string> out;
  for (const auto& x : v.as_array()) out.emplace_back(x.as_string().c_str());
  return out;
}

// Every path below `dir`, relative, sorted.
std::set<std::string> Tree(const std::string& dir) {
  std::set<std::string> out;
  for (fs::recursive_directory_iterator it(dir), end; it != end; ++it) {
    out.insert(fs::relative(it->path(), dir).string());
  }
  return out;
}

t::RunResult Tamper(const std::string& in, const std::string& out, std::vector<std::string> op) {
  std::vector<std::string> argv = {"python3", kTamper, in, out};
  argv.insert(argv.end(), op.begin(), op.end());
  auto r = t::Run(argv, "/");
  BOOST_REQUIRE_MESSAGE(r.code == 0, "tamper " << op[0] << ": " << r.err);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pack_build)

BOOST_AUTO_TEST_CASE(each_format_extracts_and_passes_sha256sum) {
  PackRepo p;
  for (const std::string ext : {"tar", "tar.gz", "tgz", "zip"}) {
    BOOST_TEST_CONTEXT("format " << ext) {
      const std::string out = p.Out("pack." + ext);
      auto r = p.Pack({"--stage", "2", "-o", out});
      BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
      const std::string top = Extract(out, p.Out("x-" + ext)) + "/" + kTop2;
      auto sum = t::Run({"sha256sum", "-c", "--strict", "MANIFEST.sha256"}, top);
      BOOST_TEST(sum.code == 0, sum.out << sum.err);
      // Artifacts under their repository paths, beside the generated files.
      for (const std::string f :
           {"evidence/documents/policy.txt", "evidence/records/training-2026.txt",
            "evidence/records/supplier-eval.txt", "index.html", "index.md", "manifest.json",
            "readiness.html", "readiness.json", "dossier.ini", "summaries/audit-programme.md"}) {
        BOOST_TEST(fs::is_regular_file(top + "/" + f), f);
      }
      BOOST_TEST(t::ReadFile(top + "/evidence/documents/policy.txt") == "Quality policy v1\n");
      // Outside the evidence window (12 months before the as-of date).
      BOOST_TEST(!fs::exists(top + "/evidence/records/training-2024.txt"));
      // Every file but the manifest itself is listed.
      std::set<std::string> listed;
      std::istringstream lines(t::ReadFile(top + "/MANIFEST.sha256"));
      for (std::string line; std::getline(lines, line);) listed.insert(line.substr(66));
      std::set<std::string> files;
      for (const auto& f : Tree(top)) {
        if (fs::is_regular_file(top + "/" + f) && f != "MANIFEST.sha256") files.insert(f);
      }
      BOOST_TEST(listed == files, "manifest and files differ");

      bj::object m = ManifestJson(top);
      BOOST_TEST(m.at("commit").as_string() == t::Head(p.repo.root));
      BOOST_TEST(m.at("as_of").as_string() == kAsOf);
      BOOST_TEST(m.at("stage").as_int64() == 2);
      BOOST_TEST(m.at("tool").at("version").as_string() == DOSSIER_VERSION);
      BOOST_TEST(m.at("selection").at("window").at("from").as_string() == "2025-03-01");
      BOOST_TEST(m.at("signature").is_null());
    }
  }
}

BOOST_AUTO_TEST_CASE(index_maps_clauses_to_artifacts_with_hashes) {
  PackRepo p;
  const std::string out = p.Out("pack.tar");
  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "2", "-o", out}).code, 0);
  const std::string top = Extract(out, p.Out("x")) + "/" + kTop2;
  const std::string md = t::ReadFile(top + "/index.md");
  const std::string html = t::ReadFile(top + "/index.html");
  const std::string policy_sha =
      t::Run({"sha256sum", "evidence/documents/policy.txt"}, p.repo.root).out.substr(0, 64);
  for (const std::string* doc : {&md, &html}) {
    BOOST_TEST(Contains(*doc, "5.2.2"));
    BOOST_TEST(Contains(*doc, "Quality policy"));
    BOOST_TEST(Contains(*doc, policy_sha));
    BOOST_TEST(Contains(*doc, "2026-01-10"));  // the record's effective date
    BOOST_TEST(Contains(*doc, "approved by"));
  }
  BOOST_TEST(Contains(md, "## 7.2 "));
  BOOST_TEST(Contains(html, "<a href=\"evidence/documents/policy.txt\">"));
}

BOOST_AUTO_TEST_CASE(stage1_holds_documents_stage2_adds_records_and_findings) {
  PackRepo p;
  p.AddFinding();
  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "1", "-o", p.Out("s1.tar")}).code, 0);
  const std::string top1 = Extract(p.Out("s1.tar"), p.Out("x1")) + "/" + kTop1;
  BOOST_TEST(fs::exists(top1 + "/evidence/documents/policy.txt"));
  BOOST_TEST(fs::exists(top1 + "/evidence/documents/scope.txt"));
  BOOST_TEST(!fs::exists(top1 + "/evidence/records"));
  BOOST_TEST(!fs::exists(top1 + "/dossier/findings"));
  BOOST_TEST(fs::exists(top1 + "/summaries/audit-programme.json"));
  BOOST_TEST(fs::exists(top1 + "/summaries/management-reviews.json"));

  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "2", "-o", p.Out("s2.tar")}).code, 0);
  const std::string top2 = Extract(p.Out("s2.tar"), p.Out("x2")) + "/" + kTop2;
  BOOST_TEST(fs::exists(top2 + "/evidence/records/training-2026.txt"));
  BOOST_TEST(fs::exists(top2 + "/dossier/findings/NC-20260205-AAAA.json"));
  // The finding cites the 2024 record: it comes along though outside the window.
  BOOST_TEST(fs::exists(top2 + "/evidence/records/training-2024.txt"));
  bj::object m = ManifestJson(top2);
  BOOST_TEST(Ids(m.at("selection").at("referenced")) ==
             std::vector<std::string>{p.ids.at("training-2024.txt")});
}

BOOST_AUTO_TEST_CASE(window_and_clause_options_narrow_the_selection) {
  PackRepo p;
  auto r =
      p.Pack({"--stage", "2", "-o", p.Out("w.tar"), "--from", "2024-01-01", "--to", "2024-12-31"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  bj::object m = ManifestJson(Extract(p.Out("w.tar"), p.Out("xw")) + "/" + kTop2);
  BOOST_TEST(Ids(m.at("selection").at("records")) ==
             std::vector<std::string>{p.ids.at("training-2024.txt")});

  r = p.Pack({"--stage", "2", "-o", p.Out("c.tar"), "--clause", "7"});  // a parent: all of 7.x
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::string top = Extract(p.Out("c.tar"), p.Out("xc")) + "/" + kTop2;
  m = ManifestJson(top);
  BOOST_TEST(Ids(m.at("selection").at("records")) ==
             std::vector<std::string>{p.ids.at("training-2026.txt")});
  BOOST_TEST(Ids(m.at("selection").at("documents")).empty());
  BOOST_TEST(!fs::exists(top + "/evidence/documents/policy.txt"));
  BOOST_TEST(Ids(m.at("selection").at("clause_filter")) == std::vector<std::string>{"7"});
}

BOOST_AUTO_TEST_CASE(packs_the_committed_blobs_not_the_work_tree) {
  PackRepo p;
  t::WriteFile(p.repo.root + "/evidence/documents/policy.txt", "edited, not committed\n");
  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "1", "-o", p.Out("p.tar")}).code, 0);
  const std::string top = Extract(p.Out("p.tar"), p.Out("x")) + "/" + kTop1;
  BOOST_TEST(t::ReadFile(top + "/evidence/documents/policy.txt") == "Quality policy v1\n");
}

BOOST_AUTO_TEST_CASE(at_packs_an_earlier_revision) {
  PackRepo p;
  const std::string before = t::Head(p.repo.root);
  p.Add("later.txt", "added later\n", {"--kind", "document", "--clause", "7.5.1"});
  auto r = p.repo.Run(
      {"--at", before, "pack", "--stage", "1", "-o", p.Out("old.tar"), "--as-of", kAsOf});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::string top = Extract(p.Out("old.tar"), p.Out("x")) + "/" + kTop1;
  BOOST_TEST(ManifestJson(top).at("commit").as_string() == before);
  BOOST_TEST(!fs::exists(top + "/evidence/documents/later.txt"));
  BOOST_TEST(fs::exists(top + "/evidence/documents/policy.txt"));
}

BOOST_AUTO_TEST_CASE(refuses_an_artifact_whose_blob_disowns_its_metadata) {
  PackRepo p;
  // Commit a content change behind dossier's back: the metadata hash is stale.
  t::WriteFile(p.repo.root + "/evidence/documents/scope.txt", "changed behind dossier's back\n");
  BOOST_REQUIRE_EQUAL(t::Git({"commit", "-qam", "sneaky"}, p.repo.root).code, 0);
  auto r = p.Pack({"--stage", "1", "-o", p.Out("p.tar")});
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.err, p.ids.at("scope.txt")));
  BOOST_TEST(Contains(r.err, "evidence/documents/scope.txt"));
  BOOST_TEST(!fs::exists(p.Out("p.tar")));
  BOOST_TEST(Tree(p.repo.dir.path()).count("p.tar") == 0);
}

BOOST_AUTO_TEST_CASE(carries_the_readiness_report_of_the_packed_commit) {
  PackRepo p;
  const std::string out = p.Out("ready.tar");
  auto r = p.Pack({"--stage", "2", "-o", out});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const std::string top = Extract(out, p.Out("x-ready")) + "/" + kTop2;
  // The verdict and blockers are those `dossier readiness` gives for the same commit and date.
  auto direct = p.repo.Run({"readiness", "--stage", "2", "--as-of", kAsOf, "--at",
                            t::Head(p.repo.root), "--format", "json"});
  BOOST_REQUIRE_MESSAGE(direct.code == 1, direct.err);  // this small repository is not ready
  bj::object expected = bj::parse(direct.out).as_object();
  bj::object packed = bj::parse(t::ReadFile(top + "/readiness.json")).as_object();
  BOOST_TEST(packed.at("ready") == expected.at("ready"));
  BOOST_TEST(packed.at("blockers") == expected.at("blockers"));
  BOOST_TEST(packed.at("commit") == expected.at("commit"));
  const std::string html = t::ReadFile(top + "/readiness.html");
  BOOST_TEST(Contains(html, "NOT READY"));
  BOOST_TEST(!Contains(html, "http://"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pack_determinism)

BOOST_AUTO_TEST_CASE(two_builds_are_byte_identical_in_every_format) {
  PackRepo p;
  BOOST_REQUIRE_EQUAL(t::Dossier({"keygen", "-o", p.Out("k.pem")}, p.repo.dir.path()).code, 0);
  for (const std::string ext : {"tar", "tar.gz", "zip"}) {
    BOOST_TEST_CONTEXT("format " << ext) {
      const std::string a = p.Out("a." + ext), b = p.Out("b." + ext);
      BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "2", "-o", a, "--sign", p.Out("k.pem")}).code, 0);
      // Another process, another time zone, a later wall clock: same bytes.
      auto r =
          p.repo.Run({"pack", "--stage", "2", "-o", b, "--sign", p.Out("k.pem"), "--as-of", kAsOf},
                     {"TZ=Pacific/Chatham"});
      BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
      const std::string ba = t::ReadFile(a), bb = t::ReadFile(b);
      BOOST_TEST(ba.size() > 0u);
      BOOST_TEST((ba == bb), ext << " packs differ");
    }
  }
}

BOOST_AUTO_TEST_CASE(entries_carry_commit_time_and_fixed_owner_and_mode) {
  PackRepo p;
  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "1", "-o", p.Out("p.tar")}).code, 0);
  auto listing = t::Run({"tar", "-tvf", p.Out("p.tar"), "--full-time"}, "/");
  BOOST_REQUIRE_EQUAL(listing.code, 0);
  auto when =
      t::Git({"log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d %H:%M:%S"}, p.repo.root);
  const std::string commit_time = when.out.substr(0, 19);
  std::istringstream lines(listing.out);
  std::vector<std::string> names;
  for (std::string line; std::getline(lines, line);) {
    BOOST_TEST(line.rfind("-rw-r--r-- root/root", 0) == 0u, line);
    BOOST_TEST(Contains(line, commit_time), line);
    names.push_back(line.substr(line.rfind(' ') + 1));
  }
  BOOST_TEST(names.size() > 5u);
  BOOST_TEST(std::is_sorted(names.begin(), names.end()));
}

BOOST_AUTO_TEST_CASE(sampling_is_reproducible_and_recorded) {
  PackRepo p;
  for (int i = 0; i < 8; ++i) {
    p.Add("competence-" + std::to_string(i) + ".txt", "record " + std::to_string(i) + "\n",
          {"--kind", "record", "--clause", "7.2", "--requirement", "R4", "--effective",
           "2025-10-0" + std::to_string(i + 1)});
  }
  auto sample = [&](const std::string& seed, const std::string& name) {
    auto r = p.Pack({"--stage", "2", "-o", p.Out(name), "--sample", "2", "--seed", seed});
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    return ManifestJson(Extract(p.Out(name), p.Out("x-" + name)) + "/" + kTop2);
  };
  bj::object a = sample("42", "a.tar");
  bj::object b = sample("42", "b.tar");
  BOOST_TEST(t::ReadFile(p.Out("a.tar")) == t::ReadFile(p.Out("b.tar")));
  const bj::object& s = a.at("selection").at("sample").as_object();
  BOOST_TEST(s.at("seed").to_number<uint64_t>() == 42u);
  BOOST_TEST(s.at("n").to_number<int64_t>() == 2);
  // R4: 9 records in the window (8 + training-2026), 2 picked; R12: 1 of 1.
  bool saw_r4 = false;
  for (const auto& g : s.at("groups").as_array()) {
    if (g.at("key").as_string() == "R4") {
      saw_r4 = true;
      BOOST_TEST(g.at("population").to_number<int64_t>() == 9);
      BOOST_TEST(g.at("picked").as_array().size() == 2u);
    }
  }
  BOOST_TEST(saw_r4);
  BOOST_TEST(Ids(a.at("selection").at("records")).size() == 3u);
  // Another group growing leaves R4's sample as it was.
  auto picked = [](const bj::object& m, const std::string& key) {
    for (const auto& g : m.at("selection").at("sample").at("groups").as_array()) {
      if (g.at("key").as_string() == key) return Ids(g.at("picked"));
    }
    return std::vector<std::string>{};
  };
  for (int i = 0; i < 3; ++i) {
    p.Add("supplier-" + std::to_string(i) + ".txt", "supplier " + std::to_string(i) + "\n",
          {"--kind", "record", "--clause", "8.4.1", "--requirement", "R12", "--effective",
           "2025-11-0" + std::to_string(i + 1)});
  }
  bj::object grown = sample("42", "grown.tar");
  BOOST_TEST(picked(grown, "R4") == picked(a, "R4"));
  BOOST_TEST(picked(grown, "R12").size() == 2u);
  std::set<std::vector<std::string>> samples;
  for (int seed = 1; seed <= 6; ++seed) {
    samples.insert(Ids(sample(std::to_string(seed), "s" + std::to_string(seed) + ".tar")
                           .at("selection")
                           .at("records")));
  }
  BOOST_TEST(samples.size() > 1u, "six seeds drew the same sample");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pack_signature)

BOOST_AUTO_TEST_CASE(keygen_sign_and_openssl_verify) {
  PackRepo p;
  auto k = t::Dossier({"keygen", "-o", "k.pem"}, p.repo.dir.path());
  BOOST_REQUIRE_MESSAGE(k.code == 0, k.err);
  struct stat st {};
  BOOST_REQUIRE_EQUAL(::stat(p.Out("k.pem").c_str(), &st), 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(fs::exists(p.Out("k.pub.pem")));
  // Never overwrites a key.
  const std::string before = t::ReadFile(p.Out("k.pem"));
  auto again = t::Dossier({"keygen", "-o", "k.pem"}, p.repo.dir.path());
  BOOST_TEST(again.code == 2);
  BOOST_TEST(Contains(again.err, "already exists"));
  BOOST_TEST(t::ReadFile(p.Out("k.pem")) == before);

  for (const std::string ext : {"tar.gz", "zip"}) {
    const std::string out = p.Out("signed." + ext);
    auto r = p.Pack({"--stage", "1", "-o", out, "--sign", p.Out("k.pem")});
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    const std::string top = Extract(out, p.Out("x-" + ext)) + "/" + kTop1;
    auto v = t::Run({"openssl", "pkeyutl", "-verify", "-pubin", "-inkey", p.Out("k.pub.pem"),
                     "-rawin", "-in", "MANIFEST.sha256", "-sigfile", "MANIFEST.sha256.sig"},
                    top);
    BOOST_TEST(v.code == 0, ext << ": " << v.out << v.err);
    BOOST_TEST(Contains(v.out, "Signature Verified Successfully"));
    BOOST_TEST(t::Run({"sha256sum", "-c", "MANIFEST.sha256"}, top).code == 0);
    // manifest.json names the key as `openssl pkey -pubin -outform DER | sha256sum` does.
    auto der = t::Run({"sh", "-c", "openssl pkey -pubin -in k.pub.pem -outform DER | sha256sum"},
                      p.repo.dir.path());
    BOOST_TEST(ManifestJson(top).at("signature").at("public_key_sha256").as_string() ==
               der.out.substr(0, 64));
    auto pv =
        t::Dossier({"pack", "verify", out, "--pubkey", p.Out("k.pub.pem")}, p.repo.dir.path());
    BOOST_TEST(pv.code == 0, pv.out << pv.err);
    BOOST_TEST(Contains(pv.out, "signature verified"));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pack_verify)

struct Signed {
  PackRepo p;
  std::string key, pub, other_key, other_pub;
  Signed() {
    key = p.Out("k.pem");
    pub = p.Out("k.pub.pem");
    other_key = p.Out("other.pem");
    other_pub = p.Out("other.pub.pem");
    BOOST_REQUIRE_EQUAL(t::Dossier({"keygen", "-o", key}, "/").code, 0);
    BOOST_REQUIRE_EQUAL(t::Dossier({"keygen", "-o", other_key}, "/").code, 0);
  }
  std::string Build(const std::string& ext) {
    const std::string out = p.Out("good." + ext);
    auto r = p.Pack({"--stage", "2", "-o", out, "--sign", key});
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    return out;
  }
  // Runs pack verify from an empty folder and checks it wrote nothing.
  t::RunResult Verify(const std::string& pack, bool with_key = true) {
    t::TempDir cwd;
    std::vector<std::string> args = {"pack", "verify", pack};
    if (with_key) {
      args.push_back("--pubkey");
      args.push_back(pub);
    }
    auto r = t::Dossier(args, cwd.path());
    BOOST_TEST(Tree(cwd.path()).empty(), "pack verify wrote into its working folder");
    BOOST_TEST(!fs::exists(fs::path(cwd.path()).parent_path() / "escape"));
    return r;
  }
};

BOOST_FIXTURE_TEST_CASE(an_untouched_pack_verifies, Signed) {
  for (const std::string ext : {"tar", "tar.gz", "zip"}) {
    auto r = Verify(Build(ext));
    BOOST_TEST(r.code == 0, ext << ": " << r.out << r.err);
    BOOST_TEST(Contains(r.out, "ok: " + kTop2));
    // Re-packed by the system tools (directory entries, other metadata): still verifies.
    if (ext == "tar") {
      const std::string dir = Extract(p.Out("good.tar"), p.Out("re"));
      auto c = t::Run({"tar", "-cf", p.Out("repacked.tar"), kTop2}, dir);
      BOOST_REQUIRE_EQUAL(c.code, 0);
      auto rv = Verify(p.Out("repacked.tar"));
      BOOST_TEST(rv.code == 0, rv.out << rv.err);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(every_tampering_is_caught_and_named, Signed) {
  const std::string record = kTop2 + "/evidence/records/training-2026.txt";
  const std::string manifest = kTop2 + "/MANIFEST.sha256";
  for (const std::string ext : {"tar", "zip"}) {
    const std::string good = Build(ext);
    const std::string bad = p.Out("bad." + ext);
    struct Case {
      std::string what;
      std::vector<std::string> op;
      std::vector<std::string> expect;  // all must appear
    };
    // A manifest with one hash changed, written to a file for `replace`.
    const std::string dir = Extract(good, p.Out("m-" + ext));
    std::string m = t::ReadFile(dir + "/" + manifest);
    m[0] = m[0] == '0' ? '1' : '0';
    t::WriteFile(p.Out("edited-manifest"), m);
    // A signature of the genuine manifest by another key.
    auto s = t::Run({"openssl", "pkeyutl", "-sign", "-inkey", other_key, "-rawin", "-in",
                     dir + "/" + manifest, "-out", p.Out("other.sig")},
                    "/");
    BOOST_REQUIRE_EQUAL(s.code, 0);
    const std::vector<Case> cases = {
        {"one byte of an artifact changed",
         {"modify", record},
         {"changed entry: evidence/records/training-2026.txt"}},
        {"an entry added",
         {"add", kTop2 + "/evidence/records/planted.txt", "planted\n"},
         {"extra entry: evidence/records/planted.txt"}},
        {"an entry removed",
         {"remove", record},
         {"missing entry: evidence/records/training-2026.txt"}},
        {"the manifest edited",
         {"replace", manifest, p.Out("edited-manifest")},
         {"MANIFEST.sha256", "MANIFEST.sha256.sig does not verify"}},
        {"the signature from another key",
         {"replace", kTop2 + "/MANIFEST.sha256.sig", p.Out("other.sig")},
         {"MANIFEST.sha256.sig does not verify", "another key"}},
        {"an entry named ../escape",
         {"add", "../escape", "x\n"},
         {"entry ../escape climbs out of the extraction folder"}},
        {"an entry named /etc/x", {"add", "/etc/x", "x\n"}, {"entry /etc/x has an absolute path"}},
        {"an entry that is a duplicate", {"duplicate", record}, {"appears more than once"}},
    };
    for (const auto& c : cases) {
      BOOST_TEST_CONTEXT(ext << ": " << c.what) {
        Tamper(good, bad, c.op);
        auto r = Verify(bad);
        BOOST_TEST(r.code == 1, r.out << r.err);
        for (const auto& e : c.expect)
          BOOST_TEST(Contains(r.out, e), "want '" << e << "' in\n" << r.out);
        BOOST_TEST(Contains(r.out, "does not verify"));
        BOOST_TEST(!fs::exists("/etc/x"));
      }
    }
    if (ext == "tar") {
      Tamper(good, bad, {"symlink", kTop2 + "/evidence/link", "/etc/passwd"});
      auto r = Verify(bad);
      BOOST_TEST(r.code == 1);
      BOOST_TEST(Contains(r.out, "is a symbolic link to /etc/passwd"));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(the_manifest_edit_is_caught_without_a_key, Signed) {
  const std::string good = Build("tar");
  const std::string dir = Extract(good, p.Out("m"));
  std::string m = t::ReadFile(dir + "/" + kTop2 + "/MANIFEST.sha256");
  m[0] = m[0] == '0' ? '1' : '0';
  t::WriteFile(p.Out("edited"), m);
  Tamper(good, p.Out("bad.tar"), {"replace", kTop2 + "/MANIFEST.sha256", p.Out("edited")});
  auto r = Verify(p.Out("bad.tar"), /*with_key=*/false);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.out, "but MANIFEST.sha256 lists"));
  // An unsigned check of a signed pack says the signature went unchecked.
  auto ok = Verify(good, /*with_key=*/false);
  BOOST_TEST(ok.code == 0);
  BOOST_TEST(Contains(ok.out, "give --pubkey"));
}

// Without --pubkey a present signature is still checked, against the key the
// pack names: a malformed, removed or stale one (the evidence and the
// manifest changed together after signing) fails; a good one passes with a
// note that who signed it was not checked.
BOOST_FIXTURE_TEST_CASE(a_bad_signature_fails_without_a_key_too, Signed) {
  const std::string good = Build("tar");
  const std::string record = kTop2 + "/evidence/records/training-2026.txt";
  const std::string manifest = kTop2 + "/MANIFEST.sha256";
  {
    // Stale: one record edited, its manifest line updated to match.
    Tamper(good, p.Out("mid.tar"), {"modify", record});
    const std::string dir = Extract(p.Out("mid.tar"), p.Out("stale"));
    const std::string edited = dossier::crypto::Sha256Hex(t::ReadFile(dir + "/" + record));
    std::string m = t::ReadFile(dir + "/" + manifest);
    const auto line = m.find("  evidence/records/training-2026.txt\n");
    BOOST_REQUIRE(line != std::string::npos && line >= 64);
    m.replace(line - 64, 64, edited);
    t::WriteFile(p.Out("stale-manifest"), m);
    Tamper(p.Out("mid.tar"), p.Out("stale.tar"), {"replace", manifest, p.Out("stale-manifest")});
    auto r = Verify(p.Out("stale.tar"), /*with_key=*/false);
    BOOST_TEST(r.code == 1, r.out << r.err);
    BOOST_TEST(Contains(r.out, "does not verify with the key the pack names"), r.out);
    BOOST_TEST(!Contains(r.out, "changed entry"), "the hashes were made to match: " << r.out);
  }
  {
    t::WriteFile(p.Out("short.sig"), "not a signature");
    Tamper(good, p.Out("malformed.tar"),
           {"replace", kTop2 + "/MANIFEST.sha256.sig", p.Out("short.sig")});
    auto r = Verify(p.Out("malformed.tar"), /*with_key=*/false);
    BOOST_TEST(r.code == 1, r.out << r.err);
    BOOST_TEST(Contains(r.out, "MANIFEST.sha256.sig is malformed"), r.out);
  }
  {
    Tamper(good, p.Out("unsigned.tar"), {"remove", kTop2 + "/MANIFEST.sha256.sig"});
    auto r = Verify(p.Out("unsigned.tar"), /*with_key=*/false);
    BOOST_TEST(r.code == 1, r.out << r.err);
    BOOST_TEST(Contains(r.out, "the signature was removed"), r.out);
  }
  auto ok = Verify(good, /*with_key=*/false);
  BOOST_TEST(ok.code == 0, ok.out << ok.err);
  BOOST_TEST(Contains(ok.out, "who signed it was not checked"), ok.out);
}

BOOST_FIXTURE_TEST_CASE(an_unsigned_pack_fails_when_a_key_is_expected, Signed) {
  auto r = p.Pack({"--stage", "1", "-o", p.Out("plain.zip")});
  BOOST_REQUIRE_EQUAL(r.code, 0);
  auto v = Verify(p.Out("plain.zip"));
  BOOST_TEST(v.code == 1);
  BOOST_TEST(Contains(v.out, "MANIFEST.sha256.sig is missing"));
}

BOOST_FIXTURE_TEST_CASE(damaged_or_foreign_files_do_not_verify, Signed) {
  t::WriteFile(p.Out("notes.zip"), "this is not an archive\n");
  auto r = Verify(p.Out("notes.zip"));
  BOOST_TEST(r.code == 1);
  BOOST_TEST(Contains(r.out, "not a readable tar or zip archive"));
  const std::string good = t::ReadFile(Build("tar.gz"));
  t::WriteFile(p.Out("cut.tar.gz"), good.substr(0, good.size() / 2));
  r = Verify(p.Out("cut.tar.gz"));
  BOOST_TEST(r.code == 1, r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pack_bad_input)

BOOST_AUTO_TEST_CASE(bad_options_exit_2_and_change_nothing) {
  PackRepo p;
  const std::string head = t::Head(p.repo.root);
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--stage", "1", "-o", p.Out("p.rar")}, ".tar, .tar.gz, .tgz or .zip"},
      {{"--stage", "3", "-o", p.Out("p.tar")}, "--stage must be 1 or 2"},
      {{"-o", p.Out("p.tar")}, "--stage"},
      {{"--stage", "2"}, "-o FILE"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--sample", "2"}, "--sample needs --seed"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--sample", "two", "--seed", "1"},
       "--sample must be"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--sample", "0", "--seed", "1"},
       "--sample must be at least 1"},
      {{"--stage", "1", "-o", p.Out("p.tar"), "--from", "2025-01-01"}, "Stage 2"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--from", "2025-13-01"}, "--from"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--from", "2026-01-01", "--to", "2025-01-01"},
       "after it ends"},
      {{"--stage", "2", "-o", p.Out("p.tar"), "--clause", "7.9"}, "7.9"},
      {{"--stage", "1", "-o", p.Out("p.tar"), "--sign", p.Out("missing.pem")}, "missing.pem"},
      {{"--stage", "1", "-o", p.Out("no/such/dir/p.tar")}, "no such directory"},
  };
  for (const auto& c : cases) {
    auto r = p.Pack(c.args);
    BOOST_TEST_CONTEXT(c.args.back()) {
      BOOST_TEST(r.code == 2, r.out << r.err);
      BOOST_TEST(Contains(r.err, c.message), r.err);
    }
  }
  // A file that is no key at all.
  t::WriteFile(p.Out("junk.pem"), "not a key\n");
  auto r = p.Pack({"--stage", "1", "-o", p.Out("p.tar"), "--sign", p.Out("junk.pem")});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "junk.pem is not a PEM private key"));
  BOOST_TEST(t::Head(p.repo.root) == head);
  BOOST_TEST(!fs::exists(p.Out("p.tar")));
  BOOST_TEST(!fs::exists(p.Out("p.rar")));
  BOOST_TEST(t::Git({"status", "--porcelain"}, p.repo.root).out.empty());
}

BOOST_AUTO_TEST_CASE(no_repository_or_no_commits_exit_2) {
  t::TempDir empty;
  auto r = t::Dossier({"pack", "--stage", "1", "-o", empty / "p.tar"}, empty.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "not an evidence repository"));
  // A git repository with dossier.ini but no commit yet.
  BOOST_REQUIRE_EQUAL(t::Git({"init", "-q", "fresh"}, empty.path()).code, 0);
  t::WriteFile(empty / "fresh/dossier.ini", "[organisation]\nname = X\n");
  r = t::Dossier({"pack", "--stage", "1", "-o", empty / "p.tar"}, empty / "fresh");
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(Contains(r.err, "nothing to pack"));
  BOOST_TEST(!fs::exists(empty / "p.tar"));
}

BOOST_AUTO_TEST_CASE(verify_input_errors_exit_2) {
  t::TempDir dir;
  auto r = t::Dossier({"pack", "verify", dir / "missing.tar"}, dir.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "missing.tar"));
  r = t::Dossier({"pack", "verify"}, dir.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "needs the pack FILE"));
  PackRepo p;
  BOOST_REQUIRE_EQUAL(p.Pack({"--stage", "1", "-o", p.Out("p.tar")}).code, 0);
  r = t::Dossier({"pack", "verify", p.Out("p.tar"), "--pubkey", dir / "nokey.pem"}, dir.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "nokey.pem"));
  t::WriteFile(dir / "junk.pem", "junk\n");
  r = t::Dossier({"pack", "verify", p.Out("p.tar"), "--pubkey", dir / "junk.pem"}, dir.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "is not a PEM public key"));
  r = t::Dossier({"keygen"}, dir.path());
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "keygen needs -o"));
}

BOOST_AUTO_TEST_SUITE_END()
