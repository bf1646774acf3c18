// The derived index under .git/ (lib/index.h, doc/architecture.md "The
// derived index"): it only ever saves time. Whatever happens to the files
// (edited by hand, brought in by git pull, deleted) or to the index itself
// (corrupt, truncated), every command answers as it does without it.
#define BOOST_TEST_MODULE index_test
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/sha256.h"
#include "dossier/evidence.h"
#include "dossier/repository.h"
#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::DossierOk;
using dossier::test::EvidenceRepo;
using dossier::test::GitOk;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

const std::vector<std::string> kNoIndex = {"DOSSIER_INDEX=0"};

std::string EntityIndex(const std::string& root) { return root + "/.git/dossier-index-findings"; }
std::string HashIndex(const std::string& root) { return root + "/.git/dossier-index-evidence"; }
// Artifacts are indexed as decoded binary records (lib/index_record.h).
std::string ArtifactIndex(const std::string& root) {
  return root + "/.git/dossier-index-artifacts";
}

// The index file `file` (format: lib/index.cc) with each entry's payload
// replaced by `rewrite(payload)` and its checksum brought in line; the
// payloads as they were go to `payloads`.
void RewritePayloads(const std::string& file,
                     const std::function<std::string(const std::string&)>& rewrite,
                     std::vector<std::string>* payloads) {
  const std::string text = ReadFile(file);
  const std::string magic = "DOSSIER-INDEX 2\n";
  BOOST_REQUIRE(text.rfind(magic, 0) == 0 && text.size() >= magic.size() + 64);
  const size_t end = text.size() - 64;
  std::string out = magic;
  auto u32 = [&](size_t at) {
    uint32_t v = 0;
    BOOST_REQUIRE(at + 4 <= end);
    std::memcpy(&v, text.data() + at, 4);
    return v;
  };
  for (size_t at = magic.size(); at < end;) {
    const size_t stamp = at + 4 + u32(at);  // u32 path length, path, then 36 bytes of stamp
    const uint32_t length = u32(stamp + 36);
    const std::string payload = text.substr(stamp + 40, length);
    payloads->push_back(payload);
    const std::string now = rewrite(payload);
    const auto now_length = static_cast<uint32_t>(now.size());
    out.append(text, at, stamp + 36 - at);
    out.append(reinterpret_cast<const char*>(&now_length), 4);
    out += now;
    at = stamp + 40 + length;
  }
  WriteFile(file, out + dossier::crypto::Sha256Hex(out));
}

// What a user sees of a command: exit code, stdout and stderr.
std::string Seen(const RunResult& r) {
  return "exit " + std::to_string(r.code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

// Runs `args` with the index and without it; both must look the same.
void SameBothWays(const EvidenceRepo& repo, const std::vector<std::string>& args) {
  const RunResult with = repo.Run(args);
  const RunResult without = repo.Run(args, kNoIndex);
  BOOST_TEST(Seen(with) == Seen(without), "dossier " << args.front() << " differs with the index");
}

// The file's bytes with the first `from` replaced by `to` (same length, so
// the size does not give the edit away).
void EditInPlace(const std::string& path, const std::string& from, const std::string& to) {
  BOOST_REQUIRE_EQUAL(from.size(), to.size());
  std::string text = ReadFile(path);
  const size_t at = text.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  WriteFile(path, text);
}

// The id `show NAME` shows.
std::string IdShown(const EvidenceRepo& repo, const std::string& name) {
  const RunResult r = repo.Run({"show", name});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const size_t at = r.out.find("ART-");
  return r.out.substr(at, r.out.find('\n', at) - at);
}

std::string OpenFinding(const EvidenceRepo& repo, const std::string& title) {
  RunResult r = repo.Run({"--json", "finding", "open", "--grade", "minor", "--clause", "8.5.1",
                          "--title", title, "--description", "seen in the audit"});
  BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
  const size_t at = r.out.find("\"NC-");
  BOOST_REQUIRE(at != std::string::npos);
  return r.out.substr(at + 1, r.out.find('"', at + 1) - at - 1);
}

// A repository with a document, a record and a finding, and both indexes
// built by reading commands.
struct Filed : EvidenceRepo {
  std::string finding;
  Filed() {
    WriteFile(root + "/evidence/policy.txt", "Quality policy, issue 1\n");
    WriteFile(root + "/evidence/records/calibration.txt", "Calibrated 2026-03-01\n");
    BOOST_REQUIRE_EQUAL(Run({"add", "evidence/policy.txt", "--kind", "document", "--clause",
                             "5.2.1", "--title", "Quality policy"})
                            .code,
                        0);
    BOOST_REQUIRE_EQUAL(
        Run({"add", "evidence/records/calibration.txt", "--kind", "record", "--clause", "7.1.5.1"})
            .code,
        0);
    finding = OpenFinding(*this, "Supplier list out of date");
    BOOST_REQUIRE_EQUAL(Run({"list"}).code, 0);
    BOOST_REQUIRE_EQUAL(Run({"status"}).code, 0);
    BOOST_REQUIRE(fs::exists(EntityIndex(root)));
    BOOST_REQUIRE(fs::exists(HashIndex(root)));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(index_test)

BOOST_AUTO_TEST_CASE(an_entity_file_edited_by_hand_is_read_again) {
  Filed repo;
  const std::string file = repo.root + "/dossier/findings/" + repo.finding + ".json";
  BOOST_TEST(
      Contains(repo.Run({"finding", "show", repo.finding}).out, "Supplier list out of date"));
  EditInPlace(file, "Supplier list out of date", "Customer list out of date");
  const RunResult shown = repo.Run({"finding", "show", repo.finding});
  BOOST_TEST(Contains(shown.out, "Customer list out of date"));
  BOOST_TEST(!Contains(shown.out, "Supplier list"));
  SameBothWays(repo, {"finding", "list", "--json"});
  // An edit that breaks the file is reported, not papered over by the index.
  EditInPlace(file, "\"grade\"", "\"grode\"");
  const RunResult broken = repo.Run({"finding", "list"});
  BOOST_TEST(broken.code == 2);
  BOOST_TEST(Contains(broken.err, repo.finding));
}

// Loading gives each folder's records back to the kernel as they are
// decoded (StatIndex::ReleaseBefore); an index saved afterwards (one file
// changed) still holds every other record, read again from its file.
BOOST_AUTO_TEST_CASE(records_released_while_loading_are_saved_again) {
  EvidenceRepo repo;
  for (int i = 0; i < 60; ++i) {  // 60 records of ~300 bytes: several pages
    WriteFile(repo.root + "/evidence/bulk/r" + std::to_string(100 + i) + ".txt",
              "reading " + std::to_string(i) + "\n");
  }
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/bulk", "--kind", "record", "--clause", "7.1.5.1"}).code, 0);
  BOOST_REQUIRE_EQUAL(repo.Run({"list"}).code, 0);
  std::vector<std::string> ids;
  for (const auto& e : fs::directory_iterator(repo.root + "/dossier/artifacts")) {
    ids.push_back(e.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  BOOST_REQUIRE_EQUAL(ids.size(), 60u);
  const std::string last = repo.root + "/dossier/artifacts/" + ids.back() + ".json";
  EditInPlace(last, "\"evidence/bulk/", "\"evidence/bulk/");  // rewritten: another stamp
  SameBothWays(repo, {"list", "--json"});
  const std::string index = ReadFile(ArtifactIndex(repo.root));
  for (const auto& id : ids) BOOST_TEST(Contains(index, id), id << " lost");
  for (int i = 0; i < 60; ++i) {
    const std::string path = "evidence/bulk/r" + std::to_string(100 + i) + ".txt";
    BOOST_TEST(Contains(index, path), path << " lost");
  }
  SameBothWays(repo, {"list", "--json"});
}

BOOST_AUTO_TEST_CASE(an_evidence_file_edited_by_hand_is_hashed_again) {
  Filed repo;
  EditInPlace(repo.root + "/evidence/policy.txt", "issue 1", "issue 2");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"status"}, {"readiness", "--stage", "1", "--json"}, {"verify"}}) {
    const RunResult r = repo.Run(args);
    BOOST_TEST(Contains(r.out + r.err, "evidence/policy.txt"), args.front() << ": " << r.out);
    SameBothWays(repo, args);
  }
  BOOST_TEST(Contains(repo.Run({"status"}).out, "evidence/policy.txt"));
  BOOST_TEST(repo.Run({"verify"}).code == 1);
}

BOOST_AUTO_TEST_CASE(entity_files_brought_by_git_pull_and_deleted_are_seen) {
  Filed repo;
  TempDir other;
  const std::string clone = other / "clone";
  GitOk({"clone", "-q", repo.root, clone}, other.path());
  const RunResult opened =
      DossierOk({"--json", "finding", "open", "--grade", "major", "--clause", "9.2.1", "--title",
                 "No audit programme", "--description", "none planned"},
                clone);
  const size_t at = opened.out.find("\"NC-");
  const std::string pulled = opened.out.substr(at + 1, opened.out.find('"', at + 1) - at - 1);
  GitOk({"pull", "-q", "--no-rebase", clone}, repo.root);
  RunResult listed = repo.Run({"finding", "list"});
  BOOST_TEST(Contains(listed.out, pulled));
  BOOST_TEST(Contains(listed.out, repo.finding));
  SameBothWays(repo, {"finding", "list"});

  // Deleted but not committed: named, with the way to restore it (exit 3).
  const std::string gone = "dossier/findings/" + repo.finding + ".json";
  fs::remove(repo.root + "/" + gone);
  listed = repo.Run({"finding", "list"});
  BOOST_TEST(listed.code == 3);
  BOOST_TEST(Contains(listed.err, gone));
  SameBothWays(repo, {"finding", "list"});
  // Its removal committed: it is gone from every answer.
  GitOk({"rm", "-q", "--cached", gone}, repo.root);
  GitOk({"commit", "-qm", "remove a finding"}, repo.root);
  listed = repo.Run({"finding", "list"});
  BOOST_TEST(listed.code == 0);
  BOOST_TEST(!Contains(listed.out, repo.finding));
  BOOST_TEST(Contains(listed.out, pulled));
  SameBothWays(repo, {"finding", "list", "--json"});
  SameBothWays(repo, {"readiness", "--stage", "2", "--json"});
}

// A folder's listing is kept in its entity index, under the folder's stat
// data, and the folder is not read again while that holds: an entity file
// copied in or deleted by hand (not through git) changes the folder's stat
// data and is seen at once; so is one in a subfolder (whose changes the
// folder's stat data does not follow: such a listing is never kept).
BOOST_AUTO_TEST_CASE(entity_files_copied_in_or_deleted_by_hand_are_seen_with_the_listing_kept) {
  Filed repo;
  const std::string dir = repo.root + "/dossier/findings/";
  // A tick of the file-system clock after the folder last changed, so that
  // its listing is kept (one changed in the current tick is not).
  auto listed_and_kept = [&repo]() {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    const RunResult r = repo.Run({"finding", "list"});
    BOOST_REQUIRE_MESSAGE(r.code == 0, r.err);
    return r.out;
  };
  BOOST_TEST(Contains(listed_and_kept(), repo.finding));
  BOOST_REQUIRE(Contains(ReadFile(EntityIndex(repo.root)), std::string("\x01listing")));
  // A copy under another id, its last character changed.
  std::string copy = repo.finding;
  copy.back() = copy.back() == 'Z' ? 'Y' : 'Z';
  std::string text = ReadFile(dir + repo.finding + ".json");
  for (size_t at; (at = text.find(repo.finding)) != std::string::npos;) {
    text.replace(at, repo.finding.size(), copy);
  }
  WriteFile(dir + copy + ".json", text);
  BOOST_TEST(Contains(repo.Run({"finding", "list"}).out, copy));
  SameBothWays(repo, {"finding", "list", "--json"});
  BOOST_TEST(Contains(listed_and_kept(), copy));
  BOOST_TEST(Contains(repo.Run({"finding", "list"}).out, copy));
  fs::remove(dir + copy + ".json");
  const std::string after = repo.Run({"finding", "list"}).out;
  BOOST_TEST(!Contains(after, copy));
  BOOST_TEST(Contains(after, repo.finding));
  SameBothWays(repo, {"finding", "list", "--json"});
  // In a subfolder: answered as without the index, before and after the
  // subfolder's own content changes.
  BOOST_TEST(Contains(listed_and_kept(), repo.finding));
  fs::create_directories(dir + "sub");
  SameBothWays(repo, {"finding", "list", "--json"});
  listed_and_kept();
  WriteFile(dir + "sub/" + copy + ".json", text);
  SameBothWays(repo, {"finding", "list", "--json"});
  BOOST_TEST(repo.Run({"finding", "list"}).code == 2);  // not where an entity file belongs
  fs::remove_all(dir + "sub");
  SameBothWays(repo, {"finding", "list", "--json"});
  BOOST_TEST(!Contains(repo.Run({"finding", "list"}).out, copy));
}

// show ID|PATH resolves from the index's records (id and path only) and
// decodes the one artifact shown: every way of naming an artifact, and every
// way of getting it wrong, answers as without the index.
BOOST_AUTO_TEST_CASE(show_resolves_from_the_index_as_without_it) {
  Filed repo;
  WriteFile(repo.root + "/evidence/records/policy.txt", "Another file called policy.txt\n");
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/records/policy.txt", "--kind", "record", "--clause", "7.1.5.1"})
          .code,
      0);
  // The document (ids are random: not whichever lists first).
  const std::string first = IdShown(repo, "evidence/policy.txt");
  const std::vector<std::vector<std::string>> names = {
      {"show", first},
      {"show", "--json", first},
      {"show", "art-"},                 // ambiguous prefix: exit 2, the candidates
      {"show", "ART-19990101-0000"},    // unknown id: exit 2
      {"show", ""},                     // empty id: exit 2
      {"show", "evidence/policy.txt"},  // by path
      {"show", "./evidence/records/calibration.txt"},
      {"show", "evidence/none.txt"},  // no artifact at that path: exit 2
      {"show", "../outside.txt"},     // outside the repository: exit 2
      {"show", "calibration.txt"},    // a bare file name filed once
      {"show", "policy.txt"},         // ... and twice: exit 2, both listed
  };
  auto all_same = [&](const char* when) {
    for (const auto& args : names) {
      const RunResult with = repo.Run(args);
      const RunResult without = repo.Run(args, kNoIndex);
      BOOST_TEST(Seen(with) == Seen(without), when << ": show " << args.back());
    }
  };
  BOOST_TEST(repo.Run({"show", "art-"}).code == 2);
  BOOST_TEST(Contains(repo.Run({"show", "art-"}).err, "ambiguous artifact id art- matches 3"));
  BOOST_TEST(repo.Run({"show", "ART-19990101-0000"}).code == 2);
  BOOST_TEST(Contains(repo.Run({"show", "policy.txt"}).err, "names 2 filed artifacts"));
  all_same("index built");
  all_same("index read");
  // An artifact file edited by hand (its title, then its path) is seen at
  // once, as is the path it no longer names.
  const std::string file = repo.root + "/dossier/artifacts/" + first + ".json";
  const std::string was = ReadFile(file);
  const RunResult before = repo.Run({"show", first});
  BOOST_REQUIRE_EQUAL(before.code, 0);
  const size_t at = before.out.find("path");
  const std::string path = before.out.substr(at + 14, before.out.find('\n', at) - at - 14);
  std::string renamed = path;
  renamed[renamed.size() - 5] = renamed[renamed.size() - 5] == 'x' ? 'y' : 'x';
  EditInPlace(file, "\"" + path + "\"", "\"" + renamed + "\"");
  BOOST_TEST(Contains(repo.Run({"show", renamed}).out, first));
  BOOST_TEST(repo.Run({"show", path}).code == 2);
  all_same("an artifact's path edited by hand");
  for (const auto& p : {path, renamed}) {
    BOOST_TEST(Seen(repo.Run({"show", p})) == Seen(repo.Run({"show", p}, kNoIndex)), p);
  }
  // A file that holds another artifact's id, and one that is not JSON: the
  // errors Load gives.
  const std::string other = IdShown(repo, "calibration.txt");
  BOOST_REQUIRE(other != first);
  WriteFile(file, ReadFile(repo.root + "/dossier/artifacts/" + other + ".json"));
  const RunResult misnamed = repo.Run({"show", "calibration.txt"});
  BOOST_TEST(misnamed.code != 0);
  all_same("a file copied over another");
  WriteFile(file, "{ not json");
  BOOST_TEST(repo.Run({"show", "calibration.txt"}).code == 2);
  all_same("a broken file");
  WriteFile(file, was);
  BOOST_TEST(repo.Run({"show", first}).code == 0);
  all_same("restored");
  // Deleted (after HEAD's artifact folder was found whole and remembered),
  // then replaced by a folder: named, exit 3, by show and by list.
  BOOST_REQUIRE(Contains(ReadFile(ArtifactIndex(repo.root)), "head-tree"));
  fs::remove(file);
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"show", "calibration.txt"}, {"list"}}) {
    const RunResult r = repo.Run(args);
    BOOST_TEST(r.code == 3, args.front());
    BOOST_TEST(Contains(r.err, "dossier/artifacts/" + first + ".json"), r.err);
    BOOST_TEST(Seen(r) == Seen(repo.Run(args, kNoIndex)), args.front());
  }
  fs::create_directories(file);
  BOOST_TEST(repo.Run({"list"}).code == 3);
  BOOST_TEST(Contains(repo.Run({"show", first}).err, "dossier/artifacts/" + first + ".json"));
  fs::remove(file);
  WriteFile(file, was);
  all_same("restored again");
}

// show ID reads only the artifact it shows: a whole id opens its own file,
// an id prefix is resolved from the artifact folder's file names, and no
// other artifact file is read (one that is broken does not stop it, while
// list, which reads them all, names it). Everything else answers as before,
// with and without the index.
BOOST_AUTO_TEST_CASE(show_by_id_reads_only_the_artifact_shown) {
  Filed repo;
  const std::string policy = IdShown(repo, "evidence/policy.txt");
  const std::string calibration = IdShown(repo, "calibration.txt");
  std::string lower = policy;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // The shortest prefix that names the policy alone.
  std::string prefix = "ART-";
  while (prefix.size() < policy.size() &&
         calibration.compare(0, prefix.size(), policy.substr(0, prefix.size())) == 0) {
    prefix = policy.substr(0, prefix.size() + 1);
  }
  for (const auto& name : {policy, lower, prefix}) {
    const RunResult r = repo.Run({"show", name});
    BOOST_TEST(r.code == 0, name << ": " << r.err);
    BOOST_TEST(Contains(r.out, "Quality policy"), name);
    BOOST_TEST(Seen(r) == Seen(repo.Run({"show", name}, kNoIndex)), name);
    BOOST_TEST(Seen(repo.Run({"show", "--json", name})) ==
                   Seen(repo.Run({"show", "--json", name}, kNoIndex)),
               name);
  }
  const RunResult ambiguous = repo.Run({"show", "art-"});
  BOOST_TEST(ambiguous.code == 2);
  BOOST_TEST(ambiguous.out.empty());
  BOOST_TEST(Contains(ambiguous.err, "ambiguous artifact id art- matches 2: "));
  const RunResult unknown = repo.Run({"show", "ART-19990101"});
  BOOST_TEST(unknown.code == 2);
  BOOST_TEST(Contains(unknown.err, "no artifact with id ART-19990101 (ids look like ART-"));

  // Another artifact's file broken by hand: show by id does not read it.
  const std::string other = repo.root + "/dossier/artifacts/" + calibration + ".json";
  const std::string was = ReadFile(other);
  WriteFile(other, "{ not json");
  const RunResult shown = repo.Run({"show", policy});
  BOOST_TEST(shown.code == 0, shown.err);
  BOOST_TEST(Contains(shown.out, "Quality policy"));
  BOOST_TEST(repo.Run({"show", prefix}).code == 0);
  // show PATH checks every artifact file (one filed at the same path, or
  // holding the same id, must be seen): the broken one is named.
  const RunResult by_name = repo.Run({"show", "calibration.txt"});
  BOOST_TEST(by_name.code == 2);
  BOOST_TEST(Seen(by_name) == Seen(repo.Run({"show", "calibration.txt"}, kNoIndex)));
  const RunResult listed = repo.Run({"list"});
  BOOST_TEST(listed.code == 2);
  BOOST_TEST(Contains(listed.err, calibration + ".json"));
  // The one shown broken: Load's own error, exit 2, nothing on stdout.
  const RunResult broken = repo.Run({"show", calibration});
  BOOST_TEST(broken.code == 2);
  BOOST_TEST(broken.out.empty());
  BOOST_TEST(Contains(broken.err, calibration + ".json"));
  BOOST_TEST(Seen(broken) == Seen(repo.Run({"show", calibration}, kNoIndex)));
  // Holding another artifact's id: not shown as that one.
  WriteFile(other, ReadFile(repo.root + "/dossier/artifacts/" + policy + ".json"));
  const RunResult misnamed = repo.Run({"show", calibration});
  BOOST_TEST(misnamed.code != 0);
  BOOST_TEST(Seen(misnamed) == Seen(repo.Run({"show", calibration}, kNoIndex)));
  WriteFile(other, was);

  // An evidence file named like an id: the argument is the id first, the
  // file's name only when no id starts with it.
  WriteFile(repo.root + "/evidence/records/" + policy, "named like an id\n");
  WriteFile(repo.root + "/evidence/records/README", "no extension\n");
  for (const char* f : {"README", ""}) {
    const std::string path = "evidence/records/" + (*f ? std::string(f) : policy);
    BOOST_REQUIRE_EQUAL(repo.Run({"add", path, "--kind", "record", "--clause", "7.1.5.1"}).code, 0);
  }
  for (const auto& name : {policy, lower}) {
    const RunResult r = repo.Run({"show", name});
    BOOST_TEST(Contains(r.out, "Quality policy"), name);
    BOOST_TEST(Seen(r) == Seen(repo.Run({"show", name}, kNoIndex)), name);
  }
  const RunResult readme = repo.Run({"show", "README"});
  BOOST_TEST(readme.code == 0, readme.err);
  BOOST_TEST(Contains(readme.out, "evidence/records/README"));
  BOOST_TEST(Seen(readme) == Seen(repo.Run({"show", "README"}, kNoIndex)));
  BOOST_TEST(
      Contains(repo.Run({"show", "evidence/records/" + policy}).out, "evidence/records/" + policy));
}

BOOST_AUTO_TEST_CASE(a_corrupt_or_truncated_index_is_never_trusted) {
  Filed repo;
  const std::string good = ReadFile(EntityIndex(repo.root));
  const std::string title = "Supplier list out of date";
  BOOST_REQUIRE(Contains(good, title));
  // A forged index: the cached text says something else, the checksum is
  // not brought in line. It must not be believed.
  std::string forged = good;
  forged.replace(forged.find(title), title.size(), "Forged finding text here!");
  forged.resize(good.size());
  std::vector<std::string> damaged = {forged, good.substr(0, good.size() / 2), good.substr(0, 10),
                                      "", std::string(4096, '\xff')};
  // The same for the artifacts' binary records: a forged title, its
  // checksum not brought in line.
  const std::string good_records = ReadFile(ArtifactIndex(repo.root));
  BOOST_REQUIRE(Contains(good_records, "Quality policy"));
  std::string forged_records = good_records;
  forged_records.replace(forged_records.find("Quality policy"), 14, "Forged policy!");
  std::vector<std::string> damaged_records = {
      forged_records, good_records.substr(0, good_records.size() / 2), good_records.substr(0, 10),
      "", std::string(4096, '\xff')};
  for (size_t i = 0; i < damaged.size(); ++i) {
    WriteFile(EntityIndex(repo.root), damaged[i]);
    WriteFile(HashIndex(repo.root), damaged[i]);
    WriteFile(ArtifactIndex(repo.root), damaged_records[i]);
    const RunResult listed = repo.Run({"list"});
    BOOST_TEST(Contains(listed.out, "Quality policy"), "damage " << i);
    BOOST_TEST(!Contains(listed.out, "Forged"), "damage " << i);
    SameBothWays(repo, {"list", "--json"});
    const RunResult shown = repo.Run({"finding", "show", repo.finding});
    BOOST_TEST(shown.code == 0, "damage " << i << ": " << shown.err);
    BOOST_TEST(Contains(shown.out, title), "damage " << i);
    BOOST_TEST(!Contains(shown.out, "Forged"), "damage " << i);
    SameBothWays(repo, {"status"});
    SameBothWays(repo, {"readiness", "--stage", "1"});
    // ...and rebuilt, whole, by the next command.
    BOOST_TEST(ReadFile(EntityIndex(repo.root)).rfind("DOSSIER-INDEX 2\n", 0) == 0, "damage " << i);
    BOOST_TEST(ReadFile(ArtifactIndex(repo.root)).rfind("DOSSIER-INDEX 2\n", 0) == 0,
               "damage " << i);
    BOOST_TEST(!Contains(ReadFile(ArtifactIndex(repo.root)), "Forged"), "damage " << i);
  }
  // A forged evidence hash is not believed either: the file is hashed again.
  EditInPlace(repo.root + "/evidence/policy.txt", "issue 1", "issue 9");
  BOOST_TEST(Contains(repo.Run({"status"}).out, "evidence/policy.txt"));
}

// The evidence index holds each SHA-256 as its 32 bytes; one written before,
// holding them as hex text, is still read (and believed while the files'
// stat data holds, as any index entry is).
BOOST_AUTO_TEST_CASE(evidence_hashes_are_held_as_bytes_and_hex_ones_still_read) {
  Filed repo;
  std::vector<std::string> payloads;
  auto to_hex = [](const std::string& raw) {
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char c : raw) hex += {digits[c >> 4], digits[c & 15]};
    return hex;
  };
  RewritePayloads(HashIndex(repo.root), to_hex, &payloads);
  BOOST_REQUIRE_EQUAL(payloads.size(), 2u);
  for (const auto& p : payloads) BOOST_TEST(p.size() == 32u);
  const std::string policy = dossier::crypto::Sha256Hex("Quality policy, issue 1\n");
  BOOST_TEST(to_hex(payloads[0]) == policy);  // evidence/policy.txt sorts before records/
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"status"}, {"readiness", "--stage", "1", "--json"}}) {
    SameBothWays(repo, args);
  }
  // Believed: a hex digest that is not the file's, its stat data unchanged,
  // is taken as the file's (which only status and readiness do; verify hashes).
  payloads.clear();
  RewritePayloads(
      HashIndex(repo.root),
      [&](const std::string& p) { return p == policy ? std::string(64, 'e') : p; }, &payloads);
  BOOST_TEST(payloads[0] == policy);
  BOOST_TEST(Contains(repo.Run({"status"}).out, "evidence/policy.txt"));
  BOOST_TEST(repo.Run({"verify"}).code == 0);
}

// verify keeps git's conversion warnings keyed by every attribute source:
// a .gitattributes added, edited in place or removed is seen at once.
BOOST_AUTO_TEST_CASE(git_attributes_changed_are_seen_by_verify) {
  Filed repo;
  BOOST_TEST(!Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  const std::string attributes = repo.root + "/evidence/records/.gitattributes";
  WriteFile(attributes, "*.txt text eol=crlf\n");
  RunResult verify = repo.Run({"verify"});
  BOOST_TEST(Contains(verify.out, "GIT-CONVERTS"), verify.out);
  BOOST_TEST(Contains(verify.out, "evidence/records/calibration.txt"), verify.out);
  BOOST_TEST(!Contains(verify.out, "evidence/policy.txt"), verify.out);
  SameBothWays(repo, {"verify", "--json"});
  EditInPlace(attributes, "*.txt", "*.pdf");  // same size
  BOOST_TEST(!Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  EditInPlace(attributes, "*.pdf", "*.txt");
  BOOST_TEST(Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  fs::remove(attributes);
  verify = repo.Run({"verify"});
  BOOST_TEST(!Contains(verify.out, "GIT-CONVERTS"), verify.out);
  SameBothWays(repo, {"verify", "--json"});
  // The repository's own info/attributes counts too.
  fs::create_directories(repo.root + "/.git/info");
  WriteFile(repo.root + "/.git/info/attributes", "policy.txt ident\n");
  verify = repo.Run({"verify"});
  BOOST_TEST(Contains(verify.out, "evidence/policy.txt"), verify.out);
  SameBothWays(repo, {"verify", "--json"});
}

// On a file system that cannot map files (mmap of a file fails: ENODEV),
// each index file is read into memory instead and used as it is: the same
// answers, and no index rebuilt (one that could not be read would be, and
// written again).
BOOST_AUTO_TEST_CASE(index_files_that_cannot_be_mapped_are_read_instead) {
  Filed repo;
  EditInPlace(repo.root + "/evidence/records/calibration.txt", "03-01", "03-02");
  WriteFile(repo.root + "/evidence/unfiled.txt", "not filed\n");
  BOOST_REQUIRE_EQUAL(repo.Run({"status"}).code, 0);  // the edit hashed, the index saved
  // The status as the library tells it, with every index read.
  auto status = [&]() -> std::string {
    auto opened = dossier::Repository::Discover(repo.root);
    if (!opened) return "error: " + opened.error().message();
    auto snap = opened->Load("");
    if (!snap) return "error: " + snap.error().message();
    auto st = dossier::CheckWorkTree(*opened, *snap);
    if (!st) return "error: " + st.error().message();
    std::string out = std::to_string(snap->artifacts.size()) + " artifacts, " +
                      std::to_string(snap->findings.size()) + " findings;";
    for (const auto& f : st->unfiled) out += " unfiled " + f;
    for (const auto& id : st->changed) out += " changed " + id;
    for (const auto& id : st->missing) out += " missing " + id;
    return out;
  };
  std::vector<std::pair<std::string, struct stat>> indexes;
  for (const auto& e : fs::directory_iterator(repo.root + "/.git")) {
    const std::string name = e.path().filename().string();
    if (name.rfind("dossier-index-", 0) != 0) continue;
    struct stat st;
    BOOST_REQUIRE(::stat(e.path().c_str(), &st) == 0);
    indexes.emplace_back(e.path().string(), st);
  }
  BOOST_REQUIRE(indexes.size() >= 3u);  // entities, evidence hashes, evidence listing

  // mmap without MAP_ANONYMOUS (a file) fails with ENODEV; memory is
  // still mapped as ever.
  static const struct sock_filter kFilter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[3])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, MAP_ANONYMOUS, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENODEV),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  const int fd = ::open(indexes.front().first.c_str(), O_RDONLY | O_CLOEXEC);
  BOOST_REQUIRE(fd >= 0);
  const std::string said =
      dossier::test::UnderSeccomp(kFilter, sizeof kFilter / sizeof kFilter[0], [&] {
        if (::mmap(nullptr, 1, PROT_READ, MAP_PRIVATE, fd, 0) != MAP_FAILED || errno != ENODEV) {
          return std::string("child: a file could still be mapped");
        }
        return status();
      });
  ::close(fd);

  const std::string mapped = status();
  BOOST_TEST(said == mapped, "read:\n" << said << "\nmapped:\n" << mapped);
  BOOST_TEST(Contains(mapped, "unfiled evidence/unfiled.txt"), mapped);
  BOOST_TEST(Contains(mapped, " changed ART-"), mapped);
  for (const auto& [path, before] : indexes) {
    struct stat now;
    BOOST_REQUIRE(::stat(path.c_str(), &now) == 0);
    BOOST_TEST((now.st_ino == before.st_ino && now.st_mtim.tv_sec == before.st_mtim.tv_sec &&
                now.st_mtim.tv_nsec == before.st_mtim.tv_nsec),
               path << " was written again: not read when it could not be mapped");
  }
}

BOOST_AUTO_TEST_CASE(disabled_by_the_environment_nothing_is_written) {
  EvidenceRepo repo;
  WriteFile(repo.root + "/evidence/policy.txt", "Quality policy\n");
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/policy.txt", "--kind", "document", "--clause", "5.2.1"}, kNoIndex)
          .code,
      0);
  BOOST_TEST(repo.Run({"status"}, kNoIndex).code == 0);
  BOOST_TEST(repo.Run({"readiness", "--stage", "1"}, kNoIndex).code <= 1);
  const std::string artifacts_index = repo.root + "/.git/dossier-index-artifacts";
  BOOST_TEST(!fs::exists(artifacts_index));
  BOOST_TEST(!fs::exists(HashIndex(repo.root)));
  // The index is derived: git never sees it.
  BOOST_TEST(repo.Run({"status"}).code == 0);
  BOOST_TEST(fs::exists(artifacts_index));
  BOOST_TEST(dossier::test::Git({"status", "--porcelain"}, repo.root).out == "");
}

// Every reading command and every report on the example organisation's
// repository (examples/demo.sh), with the index (built, then used) and
// without it: the same exit code, output and errors.
BOOST_AUTO_TEST_CASE(every_report_on_the_demo_repository_is_the_same_with_and_without) {
  // The repository the `demo` test built (a CTest fixture: ctest runs it
  // first), copied, so that the indexes built here leave it as it was.
  const std::string bin = DOSSIER_BIN;
  const std::string demo = bin.substr(0, bin.rfind('/', bin.rfind('/') - 1)) + "/demo/harbour";
  BOOST_REQUIRE_MESSAGE(
      fs::exists(demo + "/.git"),
      demo << ": not built; the demo test builds it (ctest -R 'demo|index_test')");
  TempDir copy;
  const RunResult cp = dossier::test::Run({"cp", "-a", demo, copy / "harbour"}, copy.path());
  BOOST_REQUIRE_MESSAGE(cp.code == 0, cp.err);
  const std::string root = copy / "harbour";
  const std::vector<std::vector<std::string>> commands = {
      {"list"},
      {"list", "--json"},
      {"clauses"},
      {"clauses", "--json"},
      {"status"},
      {"status", "--json"},
      {"verify"},
      {"verify", "--json"},
      {"finding", "list"},
      {"finding", "list", "--json"},
      {"audit", "list"},
      {"audit", "list", "--json"},
      {"review", "list"},
      {"objective", "list"},
      {"objective", "list", "--json"},
      {"log"},
      {"readiness", "--stage", "1"},
      {"readiness", "--stage", "2"},
      {"readiness", "--stage", "2", "--format", "json"},
      {"readiness", "--stage", "2", "--format", "markdown"},
      {"readiness", "--stage", "2", "--format", "csv"},
      {"readiness", "--stage", "2", "--format", "html"},
      {"readiness", "--stage", "2", "--at", "HEAD~5", "--format", "json"},
      {"diff", "HEAD~10"},
  };
  auto run = [&](const std::vector<std::string>& args, const std::vector<std::string>& env) {
    std::vector<std::string> full = {"--as-of", "2026-11-20"};
    full.insert(full.end(), args.begin(), args.end());
    return Seen(dossier::test::Dossier(full, root, env));
  };
  // demo.sh's own commands built them
  for (fs::directory_iterator it(root + "/.git"), end; it != end; ++it) {
    if (it->path().filename().string().rfind("dossier-index-", 0) == 0) fs::remove(it->path());
  }
  std::vector<std::string> without;
  for (const auto& c : commands) without.push_back(run(c, kNoIndex));
  BOOST_TEST(!fs::exists(EntityIndex(root)));
  for (int pass = 0; pass < 2; ++pass) {  // the first builds the index, the second reads it
    for (size_t i = 0; i < commands.size(); ++i) {
      BOOST_TEST(run(commands[i], {}) == without[i],
                 "pass " << pass << ": dossier " << commands[i][0] << " "
                         << (commands[i].size() > 1 ? commands[i][1] : ""));
    }
    BOOST_TEST(fs::exists(EntityIndex(root)));
    BOOST_TEST(fs::exists(HashIndex(root)));
    BOOST_TEST(fs::exists(ArtifactIndex(root)));
  }
  // show, for every artifact, both ways.
  const std::string listed = run({"list"}, kNoIndex);
  size_t shown = 0;
  // (the first ten: enough to cover documents and records, and fast)
  for (size_t at = listed.find("ART-"); at != std::string::npos && shown < 10;
       at = listed.find("\nART-", at + 1)) {
    if (listed[at] == '\n') ++at;
    const std::string id = listed.substr(at, listed.find(' ', at) - at);
    BOOST_TEST(run({"show", id}, {}) == run({"show", id}, kNoIndex), id);
    ++shown;
  }
  BOOST_TEST(shown > 5);
}

BOOST_AUTO_TEST_SUITE_END()
