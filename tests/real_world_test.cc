// Real-world files, git set-ups and damaged repositories, end to end through
// the real binary: names in many scripts in every pack format, evidence bytes
// kept exact whatever git would convert, damage named (never a hang, never a
// short answer), shallow / worktree / detached / bare / packed repositories,
// a full or read-only disk, and commit dates with their time zones.
#define BOOST_TEST_MODULE real_world
#include <sys/mount.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>

#include "crypto/sha256.h"
#include "test_util.h"

namespace fs = boost::filesystem;
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

RunResult Ok(const EvidenceRepo& repo, const std::vector<std::string>& args) {
  auto r = repo.Run(args);
  BOOST_REQUIRE_MESSAGE(r.code == 0,
                        "dossier " << args[0] << " failed (" << r.code << "): " << r.err);
  return r;
}

// Runs dossier in `cwd` under timeout(1), so a hang fails the test instead of
// stalling it; `seconds` is how long the command took.
RunResult Timed(const std::vector<std::string>& args, const std::string& cwd, double* seconds,
                const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv = {"timeout", "30", DOSSIER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  auto start = std::chrono::steady_clock::now();
  auto r = dossier::test::Run(argv, cwd, env);
  *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

std::string Clean(const std::string& root) {
  return Git({"status", "--porcelain", "--untracked-files=all"}, root).out;
}

bool IsRoot() { return ::geteuid() == 0; }

// What `git cat-file blob REV:PATH` gives: the committed bytes.
std::string Blob(const std::string& root, const std::string& rev_path) {
  return GitOk({"cat-file", "blob", rev_path}, root).out;
}

// The loose object file of `object` (a hex id) in `root`.
std::string LooseFile(const std::string& root, const std::string& object) {
  return root + "/.git/objects/" + object.substr(0, 2) + "/" + object.substr(2);
}

enum class Damage { kTruncate, kFlip, kEmpty };

void DamageFile(const std::string& path, Damage how) {
  std::string bytes = ReadFile(path);
  BOOST_REQUIRE(!bytes.empty());
  switch (how) {
    case Damage::kTruncate:
      bytes.resize(bytes.size() / 2);
      break;
    case Damage::kFlip:
      bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x55);
      break;
    case Damage::kEmpty:
      bytes.clear();
      break;
  }
  fs::permissions(path, fs::owner_read | fs::owner_write);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

const char* Name(Damage d) {
  return d == Damage::kTruncate ? "truncated" : d == Damage::kFlip ? "bit-flipped" : "emptied";
}

// An evidence repository with a document, a record and two findings.
struct SmallRepo {
  EvidenceRepo repo;
  std::string finding;
  SmallRepo() {
    WriteFile(repo.dir / "policy.md", "Quality policy\n");
    WriteFile(repo.dir / "training.csv", "name,date\nAnn,2026-02-01\n");
    Ok(repo, {"add", repo.dir / "policy.md", "--kind", "document", "--clause", "5.2"});
    Ok(repo, {"add", repo.dir / "training.csv", "--kind", "record", "--clause", "7.2"});
    auto f = Ok(repo, {"finding", "open", "--title", "Late records", "--grade", "minor", "--clause",
                       "7.2", "--json"});
    finding = std::string(bj::parse(f.out).as_object().at("id").as_string());
    Ok(repo, {"finding", "open", "--title", "No review", "--grade", "major", "--clause", "9.3"});
  }
};

// Mounts a small tmpfs at a fresh folder; always unmounted when it goes.
class Tmpfs {
 public:
  explicit Tmpfs(const std::string& size) {
    const std::string options = "size=" + size;
    ok_ = ::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~Tmpfs() {
    if (ok_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return dir_.path(); }
  bool Remount(bool read_only) {
    return ::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0),
                   nullptr) == 0;
  }

 private:
  TempDir dir_;
  bool ok_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(file_names)

// Names in several scripts, with spaces, quotes and symbols: filed, shown by
// bare name, verified, and carried by every pack format so that the system's
// tar / unzip and sha256sum -c accept the pack (under the C locale, where
// tar packs used to fail with "Can't translate pathname").
BOOST_AUTO_TEST_CASE(names_in_many_scripts_survive_every_pack_format) {
  const std::vector<std::string> names = {"Prüfprotokoll.md",      "Café-menu.txt",
                                          "日本語の記録.csv",      "Протокол проверки.txt",
                                          "प्रमाणपत्र.pdf",          "محضر الاجتماع.docx",
                                          "Ελληνικά.md",           "한국어 보고서.md",
                                          "emoji ✅ checklist.txt", "file with 'quotes' & $.md",
                                          "Øresund — 2026 (v2).md"};
  EvidenceRepo repo;
  for (const auto& n : names) WriteFile(repo.dir / "records/" + n, "content of " + n + "\n");
  Ok(repo, {"add", repo.dir / "records", "--kind", "record", "--clause", "7.2"});
  BOOST_TEST(Clean(repo.root) == "");
  for (const auto& n : names) {
    auto show = Ok(repo, {"show", n, "--json"});
    BOOST_TEST(Contains(show.out, "evidence/records/records/" + n), show.out);
  }
  auto verify = Ok(repo, {"verify"});
  BOOST_TEST(Contains(verify.out, std::to_string(names.size()) + " artifacts checked, 0 problems"));
  BOOST_TEST(Ok(repo, {"verify", "--at", "HEAD"}).code == 0);

  for (const std::string ext : {"tar", "tar.gz", "tgz", "zip"}) {
    BOOST_TEST_CONTEXT(ext) {
      const std::string pack = repo.dir / ("pack." + ext);
      Ok(repo, {"pack", "--stage", "2", "-o", pack});
      auto v = repo.Run({"pack", "verify", pack});
      BOOST_TEST(v.code == 0, v.out << v.err);
      TempDir out;
      // unzip writes names in the locale's character set (under LC_ALL=C it
      // escapes them as #U00fc), so it runs as an auditor's would: UTF-8.
      auto x = ext == "zip"
                   ? dossier::test::Run({"env", "LC_ALL=C.UTF-8", "unzip", "-q", pack}, out.path())
                   : dossier::test::Run({"tar", "-xf", pack}, out.path());
      BOOST_REQUIRE_MESSAGE(x.code == 0, x.err);
      fs::path top;
      for (const auto& e : fs::directory_iterator(out.path())) top = e.path();
      auto sums =
          dossier::test::Run({"sha256sum", "-c", "--strict", "MANIFEST.sha256"}, top.string());
      BOOST_TEST(sums.code == 0, sums.out << sums.err);
      for (const auto& n : names) {
        const std::string extracted = (top / "evidence/records/records" / n).string();
        BOOST_TEST(ReadFile(extracted) == "content of " + n + "\n", n);
      }
    }
  }
}

// Names no pack could carry as they are are refused when filed, with
// nothing filed: decomposed Unicode (as older Macs write names; zip readers
// report them composed) and bytes that are not UTF-8.
BOOST_AUTO_TEST_CASE(names_a_pack_would_change_are_refused_up_front) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Cafe\xCC\x81.txt", "composed Unicode form"},                         // e + combining acute
      {"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB.md", "composed Unicode form"},  // Hangul jamo
      {"Pr\xFC"
       "fbericht.md",
       "not valid UTF-8"},                    // Latin-1 u-umlaut
      {"bad\xC0\xAF.md", "not valid UTF-8"},  // overlong '/'
  };
  for (const auto& [name, why] : cases) {
    BOOST_TEST_CONTEXT(why) {
      EvidenceRepo repo;
      const std::string head = Head(repo.root);
      WriteFile(repo.dir / name, "x\n");
      auto r = repo.Run({"add", repo.dir / name, "--kind", "record", "--clause", "7.2"});
      BOOST_TEST(r.code == 2, r.err);
      BOOST_TEST(Contains(r.err, why), r.err);
      BOOST_TEST(Contains(r.err, "rename the file"), r.err);
      BOOST_TEST(r.out == "");
      BOOST_TEST(Head(repo.root) == head);
      BOOST_TEST(Clean(repo.root) == "");
      // The same file adopted in place under evidence/ is refused the same way.
      WriteFile(repo.root + "/evidence/records/" + name, "x\n");
      auto in_place =
          repo.Run({"add", "evidence/records/" + name, "--kind", "record", "--clause", "7.2"});
      BOOST_TEST(in_place.code == 2, in_place.err);
      BOOST_TEST(Head(repo.root) == head);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(exact_bytes)

BOOST_AUTO_TEST_CASE(init_writes_attributes_that_keep_evidence_bytes) {
  EvidenceRepo repo;
  BOOST_TEST(Contains(ReadFile(repo.root + "/.gitattributes"),
                      "/evidence/** -text -filter -ident -working-tree-encoding"));
  auto attrs = GitOk({"check-attr", "text", "filter", "ident", "working-tree-encoding", "--",
                      "evidence/records/a.csv"},
                     repo.root);
  BOOST_TEST(attrs.out ==
             "evidence/records/a.csv: text: unset\nevidence/records/a.csv: filter: unset\n"
             "evidence/records/a.csv: ident: unset\n"
             "evidence/records/a.csv: working-tree-encoding: unset\n");
}

// Whatever would convert the file on git add, the committed blob is the
// file as hashed, verify --at HEAD passes right after the add (and in a
// clone), and verify names the setting that would defeat it in a checkout.
BOOST_AUTO_TEST_CASE(the_committed_blob_is_the_file_as_hashed_whatever_git_would_convert) {
  struct Case {
    const char* name;
    std::string content;
    const char* info_attributes;      // .git/info/attributes
    const char* nested_attributes;    // evidence/records/.gitattributes
    std::vector<std::string> config;  // git config pairs
    const char* named_setting;        // what verify names; none: no warning
  };
  const std::vector<Case> cases = {
      {"info text eol=lf, CRLF file", "a\r\nb\r\n", "* text eol=lf\n", nullptr, {}, "eol=lf"},
      {"info text eol=crlf, LF file", "a\nb\n", "* text eol=crlf\n", nullptr, {}, "eol=crlf"},
      // init's .gitattributes unsets text under evidence/, which is what
      // makes core.autocrlf harmless: without it, verify names the setting.
      {"core.autocrlf=true", "a\r\nb\r\n", nullptr, nullptr, {"core.autocrlf", "true"}, nullptr},
      {"core.autocrlf=true, init's attributes removed",
       "a\r\nb\r\n",
       nullptr,
       nullptr,
       {"core.autocrlf", "true", "!rm", ".gitattributes"},
       "core.autocrlf=true"},
      {"nested ident", "$Id$\r\nrev\n", nullptr, "* ident text\n", {}, "ident"},
      {"info filter",
       "lower case\n",
       "*.txt filter=upper\n",
       nullptr,
       {"filter.upper.clean", "tr a-z A-Z"},
       "filter=upper"},
      {"working-tree-encoding",
       "plain\n",
       "* working-tree-encoding=UTF-16\n",
       nullptr,
       {},
       "working-tree-encoding=UTF-16"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      EvidenceRepo repo;
      if (c.info_attributes) WriteFile(repo.root + "/.git/info/attributes", c.info_attributes);
      if (c.nested_attributes) {
        WriteFile(repo.root + "/evidence/records/.gitattributes", c.nested_attributes);
      }
      for (size_t i = 0; i + 1 < c.config.size(); i += 2) {
        if (c.config[i] == "!rm") {
          GitOk({"rm", "-q", c.config[i + 1]}, repo.root);
          GitOk({"commit", "-q", "-m", "drop " + c.config[i + 1]}, repo.root);
        } else {
          GitOk({"config", c.config[i], c.config[i + 1]}, repo.root);
        }
      }
      WriteFile(repo.dir / "record.txt", c.content);
      Ok(repo, {"add", repo.dir / "record.txt", "--kind", "record", "--clause", "7.2"});
      BOOST_TEST(Blob(repo.root, "HEAD:evidence/records/record.txt") == c.content);
      BOOST_TEST(ReadFile(repo.root + "/evidence/records/record.txt") == c.content);
      auto at_head = repo.Run({"verify", "--at", "HEAD"});
      BOOST_TEST(at_head.code == 0, at_head.out << at_head.err);
      auto verify = repo.Run({"verify"});
      BOOST_TEST(verify.code == 0, verify.out << verify.err);
      if (c.named_setting) {
        BOOST_TEST(Contains(verify.out, "GIT-CONVERTS"), verify.out);
        BOOST_TEST(Contains(verify.out, c.named_setting), verify.out);
        BOOST_TEST(Contains(verify.out, "evidence/records/record.txt"), verify.out);
        auto json = repo.Run({"verify", "--json"});
        BOOST_TEST(Contains(json.out, "\"git_conversions\""), json.out);
        BOOST_TEST(Contains(json.out, c.named_setting), json.out);
      } else {
        BOOST_TEST(!Contains(verify.out, "GIT-CONVERTS"), verify.out);
      }
      // A clone without these local settings checks out the same bytes.
      TempDir clone;
      GitOk({"clone", "-q", repo.root, clone / "c"}, clone.path());
      BOOST_TEST(ReadFile(clone / "c/evidence/records/record.txt") == c.content);
      auto in_clone = dossier::test::Dossier({"verify"}, clone / "c");
      BOOST_TEST(in_clone.code == 0, in_clone.out << in_clone.err);
    }
  }
}

// With nothing that converts, verify says nothing about git settings.
BOOST_AUTO_TEST_CASE(no_warning_without_a_converting_setting) {
  EvidenceRepo repo;
  WriteFile(repo.dir / "r.txt", "a\r\nb\n");
  Ok(repo, {"add", repo.dir / "r.txt", "--kind", "record", "--clause", "7.2"});
  auto verify = Ok(repo, {"verify"});
  BOOST_TEST(!Contains(verify.out, "GIT-CONVERTS"), verify.out);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(damaged_repositories)

// One damaged object (a finding's blob, an artifact's metadata blob, the
// findings tree, the HEAD commit), damaged three ways: every command that
// needs it exits 3 within seconds naming the object, never hangs (libgit2's
// reader spun for ever on a truncated loose object) and never answers short.
BOOST_AUTO_TEST_CASE(a_damaged_object_is_named_within_seconds) {
  struct Target {
    const char* what;
    std::function<std::string(const SmallRepo&)> object;
  };
  const std::vector<Target> targets = {
      {"finding blob",
       [](const SmallRepo& s) {
         return GitOk({"rev-parse", "HEAD:dossier/findings/" + s.finding + ".json"}, s.repo.root)
             .out.substr(0, 40);
       }},
      {"findings tree",
       [](const SmallRepo& s) {
         return GitOk({"rev-parse", "HEAD:dossier/findings"}, s.repo.root).out.substr(0, 40);
       }},
      {"artifacts tree",
       [](const SmallRepo& s) {
         return GitOk({"rev-parse", "HEAD:dossier/artifacts"}, s.repo.root).out.substr(0, 40);
       }},
      {"HEAD commit", [](const SmallRepo& s) { return Head(s.repo.root); }},
  };
  const std::vector<std::vector<std::string>> commands = {
      {"readiness", "--stage", "1", "--at", "HEAD"},
      {"finding", "list", "--at", "HEAD"},
      {"verify", "--at", "HEAD"},
      {"pack", "--stage", "1", "--at", "HEAD", "-o", "p.tar"},
  };
  for (const auto& t : targets) {
    for (Damage d : {Damage::kTruncate, Damage::kFlip, Damage::kEmpty}) {
      SmallRepo s;
      const std::string object = t.object(s);
      DamageFile(LooseFile(s.repo.root, object), d);
      for (const auto& cmd : commands) {
        BOOST_TEST_CONTEXT(t.what << " " << Name(d) << ": dossier " << cmd[0] << " " << cmd[1]) {
          double seconds = 0;
          auto r = Timed(cmd, s.repo.root, &seconds);
          // `finding list` reads no artifact: without them its answer is
          // complete (doc/architecture.md, "The derived index": loading by kind).
          if (std::string(t.what) == "artifacts tree" && cmd[0] == "finding") {
            BOOST_TEST(r.code == 0, r.out << r.err);
            BOOST_TEST(Contains(r.out, s.finding), r.out);
            BOOST_TEST(seconds < 10.0);
            continue;
          }
          BOOST_TEST(r.code == 3, r.out << r.err);
          BOOST_TEST(seconds < 10.0);
          BOOST_TEST(Contains(r.err, object), r.err);
          BOOST_TEST(!fs::exists(s.repo.root + "/p.tar"));
        }
      }
    }
  }
}

// A damaged evidence blob fails what reads it (verify --at, pack) with
// exit 3; what does not read it answers in full.
BOOST_AUTO_TEST_CASE(a_damaged_evidence_blob_fails_what_reads_it) {
  SmallRepo s;
  const std::string object =
      GitOk({"rev-parse", "HEAD:evidence/records/training.csv"}, s.repo.root).out.substr(0, 40);
  DamageFile(LooseFile(s.repo.root, object), Damage::kTruncate);
  double seconds = 0;
  for (std::vector<std::string> cmd : {std::vector<std::string>{"verify", "--at", "HEAD"},
                                       {"pack", "--stage", "1", "--at", "HEAD", "-o", "p.zip"}}) {
    auto r = Timed(cmd, s.repo.root, &seconds);
    BOOST_TEST(r.code == 3, cmd[0] << ": " << r.err);
    BOOST_TEST(Contains(r.err, object), r.err);
    BOOST_TEST(seconds < 10.0);
  }
  auto list = Timed({"finding", "list", "--at", "HEAD", "--json"}, s.repo.root, &seconds);
  BOOST_TEST(list.code == 0, list.err);
  BOOST_TEST(Contains(list.out, s.finding));
  BOOST_TEST(Contains(list.out, "No review"));
}

BOOST_AUTO_TEST_CASE(a_damaged_index_stops_changes_not_readings) {
  for (Damage d : {Damage::kTruncate, Damage::kFlip}) {
    BOOST_TEST_CONTEXT(Name(d)) {
      SmallRepo s;
      const std::string head = Head(s.repo.root);
      DamageFile(s.repo.root + "/.git/index", d);
      double seconds = 0;
      auto change = Timed({"finding", "open", "--title", "x", "--grade", "ofi", "--clause", "7.2"},
                          s.repo.root, &seconds);
      if (change.code == 0) {
        // A flip the index checksum does not cover is harmless; the commit
        // must then be complete.
        BOOST_TEST(GitOk({"fsck"}, s.repo.root).code == 0);
      } else {
        BOOST_TEST(change.code == 3, change.err);
        BOOST_TEST(Contains(change.err, "index"), change.err);
        BOOST_TEST(Head(s.repo.root) == head);
      }
      BOOST_TEST(seconds < 10.0);
      auto list = Timed({"finding", "list", "--json"}, s.repo.root, &seconds);
      BOOST_TEST(list.code == 0, list.err);
      BOOST_TEST(Contains(list.out, s.finding));
    }
  }
}

// An entity file missing from the work tree, or replaced by a folder, a
// link or another entity's file: every reading names it (exit 3) rather than
// leaving the entity out.
BOOST_AUTO_TEST_CASE(a_missing_or_replaced_entity_file_is_named) {
  const std::vector<std::string> kinds = {"deleted", "folder", "link", "other entity"};
  for (const auto& kind : kinds) {
    BOOST_TEST_CONTEXT(kind) {
      SmallRepo s;
      const std::string rel = "dossier/findings/" + s.finding + ".json";
      const std::string path = s.repo.root + "/" + rel;
      std::string other;
      for (const auto& e : fs::directory_iterator(s.repo.root + "/dossier/findings")) {
        if (e.path().filename().string() != s.finding + ".json") other = e.path().string();
      }
      fs::remove(path);
      if (kind == "folder") fs::create_directories(path);
      if (kind == "link") fs::create_symlink(other, path);
      if (kind == "other entity") fs::copy_file(other, path);
      const std::string head = Head(s.repo.root);
      for (std::vector<std::string> cmd :
           {std::vector<std::string>{"finding", "list"},
            {"readiness", "--stage", "2"},
            {"finding", "open", "--title", "y", "--grade", "ofi", "--clause", "7.2"}}) {
        auto r = s.repo.Run(cmd);
        BOOST_TEST(r.code == 3, cmd[0] << " " << cmd[1] << ": " << r.out << r.err);
        BOOST_TEST(Contains(r.err, rel), r.err);
        BOOST_TEST(Contains(r.err, "git checkout HEAD -- " + rel), r.err);
        BOOST_TEST(r.out == "");
      }
      BOOST_TEST(Head(s.repo.root) == head);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_revision_that_names_nothing_is_still_an_input_error) {
  SmallRepo s;
  auto r = s.repo.Run({"readiness", "--stage", "1", "--at", "no-such-tag"});
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(Contains(r.err, "unknown revision"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(git_setups)

BOOST_AUTO_TEST_CASE(a_shallow_clone_says_its_history_is_shallow) {
  SmallRepo s;
  TempDir dir;
  GitOk({"clone", "-q", "--depth", "1", "file://" + s.repo.root, "shallow"}, dir.path());
  const std::string clone = dir / "shallow";
  for (std::vector<std::string> cmd : {std::vector<std::string>{"log"},
                                       {"log", s.finding},
                                       {"log", "policy.md", "--json"},
                                       {"pack", "--stage", "1", "-o", dir / "p.tar"}}) {
    auto r = dossier::test::Dossier(cmd, clone);
    BOOST_TEST(r.code == 3, r.out << r.err);
    BOOST_TEST(Contains(r.err, "shallow"), r.err);
    BOOST_TEST(Contains(r.err, "git fetch --unshallow"), r.err);
    BOOST_TEST(r.out == "");
  }
  // What needs no history answers in full.
  auto list = dossier::test::Dossier({"finding", "list", "--json"}, clone);
  BOOST_TEST(list.code == 0, list.err);
  BOOST_TEST(Contains(list.out, s.finding));
  auto ready = dossier::test::Dossier({"readiness", "--stage", "1"}, clone);
  BOOST_TEST((ready.code == 0 || ready.code == 1), ready.err);
  // Unshallowed, the trail is whole.
  GitOk({"fetch", "-q", "--unshallow"}, clone);
  auto log = dossier::test::Dossier({"log", "--json"}, clone);
  BOOST_TEST(log.code == 0, log.err);
  BOOST_TEST(bj::parse(log.out).as_object().at("log").as_array().size() == 5u);
}

BOOST_AUTO_TEST_CASE(a_linked_worktree_and_a_detached_head_work) {
  SmallRepo s;
  TempDir dir;
  GitOk({"worktree", "add", "-q", dir / "wt"}, s.repo.root);
  auto open = dossier::test::Dossier(
      {"finding", "open", "--title", "From the worktree", "--grade", "ofi", "--clause", "7.2"},
      dir / "wt");
  BOOST_TEST(open.code == 0, open.err);
  BOOST_TEST(Contains(GitOk({"log", "-1", "--format=%s"}, dir / "wt").out, "From the worktree"));
  BOOST_TEST(Clean(dir / "wt") == "");
  BOOST_TEST(dossier::test::Dossier({"verify"}, dir / "wt").code == 0);

  GitOk({"checkout", "-q", "--detach", "HEAD~1"}, s.repo.root);
  auto detached =
      s.repo.Run({"finding", "open", "--title", "Detached", "--grade", "ofi", "--clause", "7.2"});
  BOOST_TEST(detached.code == 0, detached.err);
  BOOST_TEST(Contains(GitOk({"log", "-1", "--format=%s"}, s.repo.root).out, "Detached"));
  auto log = s.repo.Run({"log", "--json"});
  BOOST_TEST(log.code == 0, log.err);
  BOOST_TEST(bj::parse(log.out).as_object().at("log").as_array().size() == 5u);
}

BOOST_AUTO_TEST_CASE(bare_and_unborn_repositories_say_what_they_lack) {
  SmallRepo s;
  TempDir dir;
  GitOk({"clone", "-q", "--bare", s.repo.root, "b.git"}, dir.path());
  auto bare = dossier::test::Dossier({"finding", "list"}, dir / "b.git");
  BOOST_TEST(bare.code == 2, bare.err);
  BOOST_TEST(Contains(bare.err, "bare git repository"), bare.err);
  BOOST_TEST(Contains(bare.err, "git clone"), bare.err);

  fs::create_directories(dir / "fresh");
  GitOk({"init", "-q"}, dir / "fresh");
  auto unborn = dossier::test::Dossier({"finding", "list"}, dir / "fresh");
  BOOST_TEST(unborn.code == 2, unborn.err);
  BOOST_TEST(Contains(unborn.err, "dossier init"), unborn.err);
  auto init = dossier::test::Dossier({"init", ".", "--org", "Fresh"}, dir / "fresh");
  BOOST_TEST(init.code == 0, init.err);
  BOOST_TEST(dossier::test::Dossier({"log"}, dir / "fresh").code == 0);
}

BOOST_AUTO_TEST_CASE(a_packed_and_pruned_repository_works) {
  SmallRepo s;
  GitOk({"gc", "-q", "--aggressive", "--prune=now"}, s.repo.root);
  BOOST_REQUIRE(fs::is_empty(s.repo.root + "/.git/objects/pack") == false);
  for (std::vector<std::string> cmd :
       {std::vector<std::string>{"finding", "list"},
        {"verify", "--at", "HEAD"},
        {"log"},
        {"readiness", "--stage", "1", "--at", "HEAD~1"},
        {"finding", "open", "--title", "After gc", "--grade", "ofi", "--clause", "7.2"}}) {
    auto r = s.repo.Run(cmd);
    BOOST_TEST((r.code == 0 || (cmd[0] == "readiness" && r.code == 1)), cmd[0] << ": " << r.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(resource_limits)

// A full disk: exit 3, nothing committed, nothing left in the work tree.
BOOST_AUTO_TEST_CASE(a_full_disk_leaves_the_repository_as_it_was,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return IsRoot();
                     })) {
  Tmpfs disk("3m");
  BOOST_REQUIRE_MESSAGE(disk.ok(), "cannot mount a tmpfs");
  auto init = dossier::test::Dossier({"init", "r", "--org", "Full"}, disk.path());
  BOOST_REQUIRE_MESSAGE(init.code == 0, init.err);
  const std::string root = disk.path() + "/r";
  const std::string head = Head(root);
  TempDir outside;
  for (const char* size_name : {"big-a", "big-b"}) {
    // Incompressible: the work-tree copy and the git object both take room.
    std::string big(1600 * 1024, '\0');
    uint64_t x = 88172645463325252ull;
    for (char& c : big) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>(x);
    }
    WriteFile(outside / size_name, big);
  }
  for (const char* file : {"big-a", "big-b"}) {
    auto r = dossier::test::Dossier({"add", outside / file, "--kind", "record", "--clause", "7.2"},
                                    root);
    BOOST_TEST_CONTEXT(file) {
      BOOST_TEST(r.code == 3, r.out << r.err);
      BOOST_TEST(Contains(r.err, "No space left on device"), r.err);
      BOOST_TEST(!Contains(r.out, "committed"), r.out);
      BOOST_TEST(Head(root) == head);
      BOOST_TEST(Clean(root) == "");
      BOOST_TEST(!fs::exists(root + "/evidence/records"));
    }
  }
  BOOST_TEST(dossier::test::Dossier({"verify"}, root).code == 0);
}

// A read-only file system: changes exit 3 naming the cause, readings work.
BOOST_AUTO_TEST_CASE(a_read_only_file_system_refuses_changes_and_reads,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return IsRoot();
                     })) {
  Tmpfs disk("8m");
  BOOST_REQUIRE_MESSAGE(disk.ok(), "cannot mount a tmpfs");
  auto init = dossier::test::Dossier({"init", "r", "--org", "ReadOnly", "--unsigned-approvals"},
                                     disk.path());
  BOOST_REQUIRE_MESSAGE(init.code == 0, init.err);
  const std::string root = disk.path() + "/r";
  TempDir outside;
  WriteFile(outside / "policy.md", "Policy\n");
  BOOST_REQUIRE(dossier::test::Dossier(
                    {"add", outside / "policy.md", "--kind", "document", "--clause", "5.2"}, root)
                    .code == 0);
  const std::string head = Head(root);
  BOOST_REQUIRE(disk.Remount(true));
  for (std::vector<std::string> cmd :
       {std::vector<std::string>{"finding", "open", "--title", "x", "--grade", "ofi", "--clause",
                                 "7.2"},
        {"approve", "policy.md", "--by", "Jane"}}) {
    auto r = dossier::test::Dossier(cmd, root);
    BOOST_TEST(r.code == 3, cmd[0] << ": " << r.out << r.err);
    BOOST_TEST(Contains(r.err, "Read-only file system"), r.err);
    BOOST_TEST(Head(root) == head);
  }
  auto verify = dossier::test::Dossier({"verify"}, root);
  BOOST_TEST(verify.code == 0, verify.err);
  auto show = dossier::test::Dossier({"show", "policy.md"}, root);
  BOOST_TEST(show.code == 0, show.err);
  BOOST_TEST(disk.Remount(false));
  BOOST_TEST(Clean(root) == "");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(commit_dates)

// GIT_AUTHOR_DATE / GIT_COMMITTER_DATE in each form git accepts keep their
// time zone in the commit.
BOOST_AUTO_TEST_CASE(dates_keep_their_time_zone) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"GIT_AUTHOR_DATE", "2026-03-02T10:00:00+02:00", "2026-03-02 10:00:00 +0200"},
      {"GIT_AUTHOR_DATE", "2026-03-02 10:00:00 -0530", "2026-03-02 10:00:00 -0530"},
      {"GIT_AUTHOR_DATE", "Mon, 02 Mar 2026 10:00:00 +0100", "2026-03-02 10:00:00 +0100"},
      {"GIT_AUTHOR_DATE", "@1772442000 +0930", "2026-03-02 18:30:00 +0930"},
      {"GIT_AUTHOR_DATE", "1772442000 -0800", "2026-03-02 01:00:00 -0800"},
      {"GIT_AUTHOR_DATE", "2026-03-02T10:00:00.250Z", "2026-03-02 10:00:00 +0000"},
      {"GIT_COMMITTER_DATE", "2026-03-02T23:30:00-10:00", "2026-03-02 23:30:00 -1000"},
  };
  for (const auto& [name, value, shown] : cases) {
    BOOST_TEST_CONTEXT(name << "=" << value) {
      EvidenceRepo repo;
      auto r = repo.Run({"finding", "open", "--title", "t", "--grade", "ofi", "--clause", "7.2"},
                        {name + "=" + value});
      BOOST_TEST(r.code == 0, r.err);
      BOOST_TEST(GitOk({"log", "-1", "--format=%ai"}, repo.root).out == shown + "\n");
      BOOST_TEST(GitOk({"log", "-1", "--format=%ci"}, repo.root).out == shown + "\n");
    }
  }
}

// A date git would refuse, or one the commit cannot hold, is refused before
// anything is written.
BOOST_AUTO_TEST_CASE(dates_out_of_range_or_malformed_are_refused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2026-02-30T10:00:00Z", "not a date git accepts"},
      {"yesterday", "not a date git accepts"},
      {"2026-03-02T10:00:00+25:00", "not a date git accepts"},
      {"1969-12-31T23:59:59Z", "outside the dates"},
      {"2106-02-08T00:00:00Z", "outside the dates"},
      {"9999-12-31T23:59:59Z", "outside the dates"},
      {"@99999999999", "outside the dates"},
  };
  for (const auto& [value, why] : cases) {
    BOOST_TEST_CONTEXT(value) {
      EvidenceRepo repo;
      const std::string head = Head(repo.root);
      auto r = repo.Run({"finding", "open", "--title", "t", "--grade", "ofi", "--clause", "7.2"},
                        {"GIT_AUTHOR_DATE=" + value});
      BOOST_TEST(r.code == 2, r.err);
      BOOST_TEST(Contains(r.err, "GIT_AUTHOR_DATE"), r.err);
      BOOST_TEST(Contains(r.err, why), r.err);
      BOOST_TEST(Head(repo.root) == head);
      BOOST_TEST(Clean(repo.root) == "");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
