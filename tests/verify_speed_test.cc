// What `verify` and `status` skip or remember for speed (issue 12) never
// changes what they find: every evidence file is hashed by verify from its
// folder (lib/integrity.cc), whatever happened to the file or the folder;
// the walk of the history for commits made without Dossier is remembered
// per HEAD commit in .git/dossier-index-history (doc/architecture.md, "The
// derived index"), and every way HEAD can move or the remembered answer can
// be damaged gives the answer of a fresh walk; status's listing of evidence/
// is remembered per folder (.git/dossier-index-listing) and is listed again
// whenever the folder or what is filed in it changed. `verify` hashes the
// evidence while the snapshot loads (lib/hash_ahead.h) and reports exactly
// what loading first and hashing each artifact's file after gives, whether
// it reads the files through io_uring (lib/uring/) or the classic way
// (DOSSIER_IO_URING=0, or no ring to be had).
#define BOOST_TEST_MODULE verify_speed_test
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "dossier/evidence.h"
#include "dossier/json_documents.h"
#include "dossier/repository.h"
#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::GitOk;
using dossier::test::ReadFile;
using dossier::test::RunResult;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

const std::vector<std::string> kNoIndex = {"DOSSIER_INDEX=0"};

std::string HistoryIndex(const std::string& root) { return root + "/.git/dossier-index-history"; }

std::string Seen(const RunResult& r) {
  return "exit " + std::to_string(r.code) + "\n--- stdout\n" + r.out + "--- stderr\n" + r.err;
}

// `args` with the derived index and without it: the same exit, output, errors.
void SameBothWays(const EvidenceRepo& repo, const std::vector<std::string>& args) {
  const RunResult with = repo.Run(args);
  const RunResult without = repo.Run(args, kNoIndex);
  BOOST_TEST(Seen(with) == Seen(without), "dossier " << args.front() << " differs with the index:\n"
                                                     << Seen(with) << "\nwithout:\n"
                                                     << Seen(without));
}

// Same length, so the size does not give the edit away.
void EditInPlace(const std::string& path, const std::string& from, const std::string& to) {
  BOOST_REQUIRE_EQUAL(from.size(), to.size());
  std::string text = ReadFile(path);
  const size_t at = text.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  WriteFile(path, text);
}

// Evidence in three folders (ids, random in part, in another order than
// the paths), each file "<folder> <n>".
struct ThreeFolders : EvidenceRepo {
  std::vector<std::string> paths;
  ThreeFolders() {
    for (const std::string folder : {"records/c", "records/a", "policies"}) {
      for (int n = 1; n <= 4; ++n) {
        const std::string path = "evidence/" + folder + "/file" + std::to_string(n) + ".txt";
        fs::create_directories(fs::path(root + "/" + path).parent_path());
        WriteFile(root + "/" + path, folder + " " + std::to_string(n) + "\n");
        paths.push_back(path);
      }
      BOOST_REQUIRE_EQUAL(
          Run({"add", "evidence/" + folder, "--kind", "record", "--clause", "7.1.5.1"}).code, 0);
    }
    const RunResult clean = Run({"verify"});
    BOOST_REQUIRE_MESSAGE(clean.code == 0, Seen(clean));
    BOOST_REQUIRE(Contains(clean.out, "12 artifacts checked, 0 problems"));
    BOOST_REQUIRE_EQUAL(Run({"status"}).code, 0);
  }
  std::string At(const std::string& path) const { return root + "/" + path; }
};

// The lines of `out` that start with `word`, in order.
std::vector<std::string> Lines(const std::string& out, const std::string& word) {
  std::vector<std::string> found;
  for (size_t at = 0; at < out.size();) {
    const size_t nl = out.find('\n', at);
    const std::string line = out.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    if (line.rfind(word, 0) == 0) found.push_back(line);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return found;
}

// verify's report through the library as JSON: with the evidence hashed
// while the snapshot loads (`ahead`: LoadAndVerifyRepository, what the CLI
// runs), or the slow path (Load, then VerifyRepository: each artifact's
// file opened, fstat'ed and read to its end).
std::string Verified(const std::string& root, bool ahead, const std::string& rev = "") {
  auto repo = dossier::Repository::Discover(root);
  BOOST_REQUIRE(repo.ok());
  const dossier::Context ctx;
  auto report = [&]() -> dossier::Result<dossier::VerifyReport> {
    if (ahead) return dossier::LoadAndVerifyRepository(*repo, rev, ctx);
    auto snap = repo->Load(rev);
    if (!snap) return snap.error();
    return dossier::VerifyRepository(*repo, *snap, rev, ctx);
  }();
  return report ? dossier::VerifyReportJson(*report) : "error: " + report.error().message();
}

// The two reports, equal, with the derived index and without, the files
// hashed ahead read through io_uring (every run, or as chosen by the files'
// sizes) and the classic way.
void SameAheadAndSlow(const std::string& root, const std::string& rev = "") {
  for (const char* index : {"1", "0"}) {
    ::setenv("DOSSIER_INDEX", index, 1);
    const std::string slow = Verified(root, false, rev);
    for (const char* uring : {"always", "1", "0"}) {
      ::setenv("DOSSIER_IO_URING", uring, 1);
      const std::string ahead = Verified(root, true, rev);
      BOOST_TEST(ahead == slow, "DOSSIER_INDEX=" << index << " DOSSIER_IO_URING=" << uring
                                                 << " at '" << rev << "', hashed ahead:\n"
                                                 << ahead << "\nslow path:\n"
                                                 << slow);
    }
    ::unsetenv("DOSSIER_IO_URING");
  }
  ::unsetenv("DOSSIER_INDEX");
}

// Verified(root, true) in a child process in which io_uring_setup fails
// with ENOSYS (a seccomp filter, as in a container that forbids io_uring):
// what it reports, or why it could not tell.
std::string VerifiedWithoutRing(const std::string& root) {
  static const struct sock_filter kFilter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  return dossier::test::UnderSeccomp(kFilter, sizeof kFilter / sizeof kFilter[0], [&] {
    if (::syscall(__NR_io_uring_setup, 8, nullptr) != -1 || errno != ENOSYS) {
      return std::string("child: io_uring_setup not refused");
    }
    return Verified(root, true);
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(verify_speed_test)

// Hashed ahead, a file counts only when one short read gave all of it and
// its digest is the recorded one; whatever else happened to it, the slow
// path's answer is the report: edited in place with its times put back,
// turned into a named pipe, a link (to the same bytes), a folder, deleted,
// unreadable, around the size of one read, unfiled; at a revision too.
BOOST_AUTO_TEST_CASE(evidence_hashed_ahead_gives_the_slow_paths_report) {
  ThreeFolders repo;
  const size_t one_read = size_t{1} << 20;  // hash_ahead.cc's buffer
  const size_t slot = size_t{16} << 10;     // and its ring's, per file
  const std::vector<size_t> sizes = {0,        slot - 1,    slot, slot + 1, one_read - 1,
                                     one_read, one_read + 1};
  fs::create_directories(repo.At("evidence/sizes"));
  for (const size_t size : sizes) {
    WriteFile(repo.At("evidence/sizes/s" + std::to_string(size) + ".bin"), std::string(size, 'x'));
    WriteFile(repo.At("evidence/sizes/a" + std::to_string(size) + ".bin"), std::string(size, 'x'));
  }
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/sizes", "--kind", "record", "--clause", "7.1.5.1"}).code, 0);
  BOOST_REQUIRE_EQUAL(repo.Run({"verify"}).code, 0);
  SameAheadAndSlow(repo.root);

  // Same size, times put back: only the bytes tell.
  const std::string edited = repo.At("evidence/records/a/file2.txt");
  struct stat before;
  BOOST_REQUIRE(::stat(edited.c_str(), &before) == 0);
  EditInPlace(edited, "a 2", "a 7");
  const struct timespec times[2] = {before.st_atim, before.st_mtim};
  BOOST_REQUIRE(::utimensat(AT_FDCWD, edited.c_str(), times, 0) == 0);
  for (const size_t size : sizes) {
    if (size == 0) continue;
    std::string bytes(size, 'x');
    bytes.back() = 'y';  // past what one read of one_read - 1 bytes would see, for the larger
    WriteFile(repo.At("evidence/sizes/s" + std::to_string(size) + ".bin"), bytes);
  }
  for (const size_t size : sizes) {
    // Longer than recorded, the recorded bytes first: a read that stopped
    // where the record ends would confirm it.
    WriteFile(repo.At("evidence/sizes/a" + std::to_string(size) + ".bin"),
              std::string(size, 'x') + "z");
  }
  fs::remove(repo.At("evidence/records/a/file3.txt"));
  BOOST_REQUIRE(::mkfifo(repo.At("evidence/records/a/file3.txt").c_str(), 0644) == 0);
  // A link to a file holding exactly the recorded bytes.
  WriteFile(repo.dir / "same.txt", ReadFile(repo.At("evidence/records/c/file1.txt")));
  fs::remove(repo.At("evidence/records/c/file1.txt"));
  fs::create_symlink(repo.dir / "same.txt", repo.At("evidence/records/c/file1.txt"));
  fs::remove(repo.At("evidence/records/c/file2.txt"));
  fs::create_directories(repo.At("evidence/records/c/file2.txt"));
  fs::remove(repo.At("evidence/policies/file1.txt"));
  fs::permissions(repo.At("evidence/policies/file2.txt"), fs::perms::no_perms);
  WriteFile(repo.At("evidence/policies/unfiled.txt"), "not filed\n");
  const RunResult v = repo.Run({"verify"});
  BOOST_TEST(v.code != 0, Seen(v));
  BOOST_TEST(Lines(v.out, "MODIFIED").size() >= 4u, v.out);
  SameAheadAndSlow(repo.root);
  SameAheadAndSlow(repo.root, "HEAD");
  fs::permissions(repo.At("evidence/policies/file2.txt"), fs::perms::owner_all);
}

// Where no ring can be set up (seccomp, an old kernel, io_uring_disabled),
// the files hashed ahead are read the classic way: the same report, clean
// or not.
BOOST_AUTO_TEST_CASE(without_io_uring_verify_reads_the_classic_way) {
  ThreeFolders repo;
  const std::string clean = Verified(repo.root, false);
  BOOST_TEST(Contains(clean, "\"checked\": 12"), clean);
  BOOST_TEST(VerifiedWithoutRing(repo.root) == clean);
  EditInPlace(repo.At("evidence/records/a/file2.txt"), "a 2", "a 7");
  fs::remove(repo.At("evidence/policies/file1.txt"));
  const std::string changed = Verified(repo.root, false);
  BOOST_TEST(changed != clean);
  BOOST_TEST(VerifiedWithoutRing(repo.root) == changed);
}

// Runs of large files and of small ones, in turn: each thread reads its
// first run the classic way, goes to the ring (made then) for small files
// and back for large ones, and the runs shorten towards the end. Whatever
// the files met and in whatever order, every edited file is found, and the
// report is the slow path's.
BOOST_AUTO_TEST_CASE(runs_of_large_and_small_files_give_the_slow_paths_report) {
  ThreeFolders repo;
  fs::create_directories(repo.At("evidence/mixed"));
  // Names sort in the order written: blocks of 150 large, 150 small, 150
  // large, 150 small (more than two runs each on every thread).
  std::vector<std::string> names;
  for (int block = 0; block < 4; ++block) {
    const size_t size = block % 2 == 0 ? (size_t{20} << 10) : 100;
    for (int k = 0; k < 150; ++k) {
      char name[32];
      std::snprintf(name, sizeof name, "m%d-%03d.bin", block, k);
      std::string bytes(size, static_cast<char>('a' + block));
      bytes.replace(0, std::strlen(name), name);  // no two files alike
      WriteFile(repo.At(std::string("evidence/mixed/") + name), bytes);
      names.push_back(name);
    }
  }
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/mixed", "--kind", "record", "--clause", "7.1.5.1"}).code, 0);
  const RunResult clean = repo.Run({"verify"});
  BOOST_REQUIRE_MESSAGE(clean.code == 0, Seen(clean));
  SameAheadAndSlow(repo.root);
  // One edit in each block (the same size, times put back), and the last
  // file of all: found however the runs were read.
  std::vector<std::string> edited;
  for (const size_t k : {size_t{10}, size_t{160}, size_t{377}, size_t{455}, names.size() - 1}) {
    const std::string path = repo.At("evidence/mixed/" + names[k]);
    struct stat before;
    BOOST_REQUIRE(::stat(path.c_str(), &before) == 0);
    std::string bytes = ReadFile(path);
    bytes.back() = bytes.back() == 'z' ? 'y' : 'z';
    WriteFile(path, bytes);
    const struct timespec times[2] = {before.st_atim, before.st_mtim};
    BOOST_REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
    edited.push_back("evidence/mixed/" + names[k]);
  }
  const RunResult v = repo.Run({"verify"});
  BOOST_TEST(v.code != 0, Seen(v));
  const auto modified = Lines(v.out, "MODIFIED");
  BOOST_TEST(modified.size() == edited.size(), v.out);
  for (const auto& path : edited)
    BOOST_TEST(Contains(v.out, path), path << " not reported:\n" << v.out);
  SameAheadAndSlow(repo.root);
}

// Each way a filed file can differ, in several folders at once: verify
// finds each (every byte hashed, from the file's folder) and status agrees,
// with the index and without; problems stay in the artifacts' order.
BOOST_AUTO_TEST_CASE(every_change_to_a_file_or_its_folder_is_found) {
  ThreeFolders repo;
  // Edited in place to the same size, twice in one second (the stamp
  // cannot be trusted to change).
  EditInPlace(repo.At("evidence/records/a/file2.txt"), "a 2", "a 9");
  EditInPlace(repo.At("evidence/records/a/file2.txt"), "a 9", "a 8");
  // Replaced by another file of the same size (a new inode).
  WriteFile(repo.At("evidence/records/c/new.tmp"), "records/c 7\n");
  fs::rename(repo.At("evidence/records/c/new.tmp"), repo.At("evidence/records/c/file3.txt"));
  // Deleted.
  fs::remove(repo.At("evidence/policies/file1.txt"));
  // A folder gone, with its files.
  fs::rename(repo.At("evidence/records/c"), repo.dir / "c-moved-away");
  fs::create_directories(repo.At("evidence/records/c"));
  fs::rename(repo.dir / "c-moved-away/file3.txt", repo.At("evidence/records/c/file3.txt"));
  // A file turned into a named pipe: never opened for long, never hashed.
  fs::remove(repo.At("evidence/policies/file4.txt"));
  BOOST_REQUIRE(::mkfifo(repo.At("evidence/policies/file4.txt").c_str(), 0644) == 0);

  const RunResult v = repo.Run({"verify"});
  BOOST_TEST(v.code == 1, Seen(v));
  const auto modified = Lines(v.out, "MODIFIED");
  const auto missing = Lines(v.out, "MISSING");
  BOOST_TEST(modified.size() == 2u, v.out);
  BOOST_TEST(missing.size() == 5u, v.out);  // c/file1, 2, 4; policies/file1, 4
  BOOST_TEST(Contains(v.out, "evidence/records/a/file2.txt\n          expected"), v.out);
  BOOST_TEST(Contains(v.out, "evidence/records/c/file3.txt\n          expected"), v.out);
  BOOST_TEST(Contains(v.out, "12 artifacts checked, 7 problems"), v.out);
  // By artifact id, whatever the folders' order.
  std::vector<std::string> ids;
  for (const auto& line : Lines(v.out, "M"))
    ids.push_back(line.substr(10, line.find(' ', 10) - 10));
  BOOST_TEST(ids.size() == 7u, v.out);
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()), v.out);
  SameBothWays(repo, {"verify"});
  SameBothWays(repo, {"verify", "--json"});

  const RunResult st = repo.Run({"status"});
  BOOST_TEST(Lines(st.out, "changed").size() == 2u, st.out);
  BOOST_TEST(Lines(st.out, "missing").size() == 5u, st.out);
  SameBothWays(repo, {"status"});
  SameBothWays(repo, {"status", "--json"});

  // A folder replaced by a file of its name: its artifacts are missing.
  fs::remove_all(repo.At("evidence/records/a"));
  WriteFile(repo.At("evidence/records/a"), "not a folder\n");
  const RunResult v2 = repo.Run({"verify"});
  BOOST_TEST(Contains(v2.out, "MISSING   "), v2.out);
  BOOST_TEST(Lines(v2.out, "MISSING").size() == 9u, v2.out);
  SameBothWays(repo, {"verify"});
  SameBothWays(repo, {"status"});
}

// verify refreshes the hashes status trusts; a file changed after that and
// changed back is clean again, both ways.
BOOST_AUTO_TEST_CASE(hashes_verify_records_do_not_go_stale) {
  ThreeFolders repo;
  const std::string file = repo.At("evidence/records/a/file1.txt");
  EditInPlace(file, "a 1", "a 5");
  BOOST_TEST(repo.Run({"verify"}).code == 1);
  BOOST_TEST(Contains(repo.Run({"status"}).out, "records/a/file1.txt"));
  EditInPlace(file, "a 5", "a 1");
  BOOST_TEST(!Contains(repo.Run({"status"}).out, "records/a/file1.txt"));
  BOOST_TEST(repo.Run({"verify"}).code == 0);
  // Restored by git from the commit: clean again too.
  EditInPlace(file, "a 1", "a 6");
  BOOST_TEST(repo.Run({"verify"}).code == 1);
  GitOk({"checkout", "--", "evidence/records/a/file1.txt"}, repo.root);
  BOOST_TEST(Contains(repo.Run({"status"}).out, "clean: 12 artifacts filed"));
  BOOST_TEST(repo.Run({"verify"}).code == 0);
}

// Commits made without Dossier are found however HEAD moved since the last
// verify: a new commit, an amended one, a reset; the remembered answer is
// only ever the answer for the commit it is keyed by.
BOOST_AUTO_TEST_CASE(outside_commits_follow_head) {
  ThreeFolders repo;
  RunResult v = repo.Run({"verify"});
  BOOST_TEST(!Contains(v.out, "without dossier"), v.out);
  BOOST_TEST(fs::exists(HistoryIndex(repo.root)));
  const std::string clean_head = dossier::test::Head(repo.root);

  // A plain git commit on top.
  WriteFile(repo.At("evidence/notes.txt"), "kept by hand\n");
  GitOk({"add", "evidence/notes.txt"}, repo.root);
  GitOk({"commit", "-qm", "notes added by hand"}, repo.root);
  v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "note: 1 commit changed the evidence"), v.out);
  BOOST_TEST(Contains(v.out, "notes added by hand"), v.out);
  SameBothWays(repo, {"verify"});  // from the index, then by a fresh walk
  SameBothWays(repo, {"verify", "--json"});

  // Amended: another commit id, another summary (and a rewritten history).
  GitOk({"commit", "-q", "--amend", "-m", "notes reworded"}, repo.root);
  v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "notes reworded"), v.out);
  BOOST_TEST(!Contains(v.out, "notes added by hand"), v.out);
  SameBothWays(repo, {"verify"});
  BOOST_TEST(repo.Run({"verify", "--accept-rewrite"}).code == 0);

  // A second plain commit, then a Dossier commit on top of both.
  WriteFile(repo.At("evidence/notes.txt"), "kept by hand, twice\n");
  GitOk({"commit", "-qam", "notes edited by hand"}, repo.root);
  WriteFile(repo.At("evidence/policies/file9.txt"), "policies 9\n");
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/policies/file9.txt", "--kind", "record", "--clause", "7.1.5.1"})
          .code,
      0);
  v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "note: 2 commits changed"), v.out);
  BOOST_TEST(v.out.find("notes edited by hand") < v.out.find("notes reworded"), v.out);
  SameBothWays(repo, {"verify", "--json"});

  // Reset back to before them: none left (and the rewrite is reported).
  GitOk({"reset", "-q", "--hard", clean_head}, repo.root);
  v = repo.Run({"verify"});
  BOOST_TEST(!Contains(v.out, "without dossier"), v.out);
  BOOST_TEST(Contains(v.out, "HISTORY REWRITTEN"), v.out);
  SameBothWays(repo, {"verify"});

  // --at a revision: its own history.
  GitOk({"tag", "clean"}, repo.root);
  SameBothWays(repo, {"--at", "clean", "verify"});
}

// A damaged history index is never believed: the history is walked again
// and the index written anew.
BOOST_AUTO_TEST_CASE(a_damaged_history_index_is_walked_again) {
  ThreeFolders repo;
  WriteFile(repo.At("evidence/notes.txt"), "kept by hand\n");
  GitOk({"add", "evidence/notes.txt"}, repo.root);
  GitOk({"commit", "-qm", "notes added by hand"}, repo.root);
  BOOST_REQUIRE(Contains(repo.Run({"verify"}).out, "notes added by hand"));
  const std::string good = ReadFile(HistoryIndex(repo.root));
  BOOST_REQUIRE(Contains(good, "notes added by hand"));
  std::string forged = good;  // the checksum not brought in line
  forged.replace(forged.find("notes added by hand"), 19, "nothing to see here");
  for (const std::string& damaged : {forged, good.substr(0, good.size() / 2), good.substr(0, 10),
                                     std::string(), std::string(4096, '\xff')}) {
    WriteFile(HistoryIndex(repo.root), damaged);
    const RunResult v = repo.Run({"verify"});
    BOOST_TEST(Contains(v.out, "notes added by hand"), v.out);
    BOOST_TEST(!Contains(v.out, "nothing to see"), v.out);
    BOOST_TEST(ReadFile(HistoryIndex(repo.root)) == good);
  }
  // Turned off: nothing remembered, nothing read.
  fs::remove(HistoryIndex(repo.root));
  BOOST_TEST(Contains(repo.Run({"verify"}, kNoIndex).out, "notes added by hand"));
  BOOST_TEST(!fs::exists(HistoryIndex(repo.root)));
}

// A shallow clone cannot show its whole history: verify refuses it as
// before, even with the answer for its HEAD remembered from a full clone.
BOOST_AUTO_TEST_CASE(a_shallow_clone_is_refused_even_when_remembered) {
  ThreeFolders repo;
  BOOST_REQUIRE_EQUAL(repo.Run({"verify"}).code, 0);
  TempDir other;
  const std::string clone = other / "shallow";
  GitOk({"clone", "-q", "--depth", "1", "file://" + repo.root, clone}, other.path());
  BOOST_REQUIRE(dossier::test::Head(clone) == dossier::test::Head(repo.root));
  fs::copy_file(HistoryIndex(repo.root), HistoryIndex(clone));
  const RunResult v = dossier::test::Dossier({"verify"}, clone);
  BOOST_TEST(v.code == 3, Seen(v));
  BOOST_TEST(Contains(v.err, "shallow"), Seen(v));
}

// status remembers each folder's listing while the folder's stat data and
// the artifacts filed in it are unchanged: every way either can change is
// seen at once, and the answer is the one without the index.
BOOST_AUTO_TEST_CASE(unfiled_files_are_seen_however_a_folder_changes) {
  ThreeFolders repo;
  const std::string listing = repo.root + "/.git/dossier-index-listing";
  BOOST_TEST(fs::exists(listing));
  auto unfiled = [&]() {
    const RunResult st = repo.Run({"status"});
    BOOST_REQUIRE_MESSAGE(st.code == 0, Seen(st));
    SameBothWays(repo, {"status", "--json"});
    return Lines(st.out, "unfiled");
  };
  BOOST_TEST(unfiled().empty());
  // A file added to a folder already listed, and one in a new subfolder.
  WriteFile(repo.At("evidence/records/a/late.txt"), "late\n");
  fs::create_directories(repo.At("evidence/records/a/2026"));
  WriteFile(repo.At("evidence/records/a/2026/q1.txt"), "q1\n");
  BOOST_TEST(unfiled() == (std::vector<std::string>{"unfiled   evidence/records/a/2026/q1.txt",
                                                    "unfiled   evidence/records/a/late.txt"}));
  // Filed: the folder's entries did not change, what is filed in it did.
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/records/a/late.txt", "--kind", "record", "--clause", "7.1.5.1"})
          .code,
      0);
  BOOST_TEST(unfiled() == std::vector<std::string>{"unfiled   evidence/records/a/2026/q1.txt"});
  // Its artifact removed with plain git (the file stays): unfiled again.
  const RunResult shown = repo.Run({"show", "evidence/records/a/late.txt"});
  const size_t at = shown.out.find("ART-");
  const std::string id = shown.out.substr(at, shown.out.find('\n', at) - at);
  GitOk({"rm", "-q", "dossier/artifacts/" + id + ".json"}, repo.root);
  GitOk({"commit", "-qm", "artifact removed by hand"}, repo.root);
  BOOST_TEST(unfiled().size() == 2u);
  // Removed, and a folder removed.
  fs::remove(repo.At("evidence/records/a/late.txt"));
  fs::remove_all(repo.At("evidence/records/a/2026"));
  BOOST_TEST(unfiled().empty());
  // A file turned into a folder of its name, holding a file.
  WriteFile(repo.At("evidence/policies/extra"), "a file\n");
  BOOST_TEST(unfiled() == std::vector<std::string>{"unfiled   evidence/policies/extra"});
  fs::remove(repo.At("evidence/policies/extra"));
  fs::create_directories(repo.At("evidence/policies/extra"));
  WriteFile(repo.At("evidence/policies/extra/inside.txt"), "inside\n");
  BOOST_TEST(unfiled() == std::vector<std::string>{"unfiled   evidence/policies/extra/inside.txt"});
  fs::remove_all(repo.At("evidence/policies/extra"));
  // Files brought by a git checkout of another branch, and taken away.
  GitOk({"checkout", "-q", "-b", "more"}, repo.root);
  WriteFile(repo.At("evidence/records/c/branch.txt"), "on a branch\n");
  GitOk({"add", "evidence/records/c/branch.txt"}, repo.root);
  GitOk({"commit", "-qm", "a file on a branch"}, repo.root);
  GitOk({"checkout", "-q", "-"}, repo.root);
  BOOST_TEST(unfiled().empty());
  GitOk({"checkout", "-q", "more"}, repo.root);
  BOOST_TEST(unfiled() == std::vector<std::string>{"unfiled   evidence/records/c/branch.txt"});
  // A damaged listing index is not believed.
  for (const std::string& damaged : {std::string(), std::string(4096, '\xff'),
                                     ReadFile(listing).substr(0, ReadFile(listing).size() / 2)}) {
    WriteFile(listing, damaged);
    BOOST_TEST(unfiled() == std::vector<std::string>{"unfiled   evidence/records/c/branch.txt"});
  }
}

// verify reads git's attribute sources for the last verify's folders while
// it loads: evidence filed in a new folder under its own .gitattributes, or
// its folder gone, gives the warnings a verify without the index gives.
BOOST_AUTO_TEST_CASE(conversion_warnings_follow_new_and_removed_folders) {
  ThreeFolders repo;
  BOOST_TEST(!Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  fs::create_directories(repo.At("evidence/crlf"));
  WriteFile(repo.At("evidence/crlf/.gitattributes"), "*.txt text eol=crlf\n");
  WriteFile(repo.At("evidence/crlf/minutes.txt"), "minutes\n");
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/crlf/minutes.txt", "--kind", "record", "--clause", "9.3.1"}).code,
      0);
  RunResult v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "GIT-CONVERTS  "), v.out);
  BOOST_TEST(Contains(v.out, "evidence/crlf/minutes.txt"), v.out);
  SameBothWays(repo, {"verify"});
  // The same folders again: the attributes read meanwhile are used, and an
  // edit to them (same size) is seen.
  EditInPlace(repo.At("evidence/crlf/.gitattributes"), "*.txt", "*.pdf");
  BOOST_TEST(!Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  SameBothWays(repo, {"verify", "--json"});
  EditInPlace(repo.At("evidence/crlf/.gitattributes"), "*.pdf", "*.txt");
  BOOST_TEST(Contains(repo.Run({"verify"}).out, "GIT-CONVERTS"));
  // Another file in the same folder, under the same sources: the paths are
  // part of what the answer is kept by, and it is warned about too.
  WriteFile(repo.At("evidence/crlf/agenda.txt"), "agenda\n");
  BOOST_REQUIRE_EQUAL(
      repo.Run({"add", "evidence/crlf/agenda.txt", "--kind", "record", "--clause", "9.3.1"}).code,
      0);
  v = repo.Run({"verify"});
  BOOST_TEST(Lines(v.out, "GIT-CONVERTS").size() == 2u, v.out);
  BOOST_TEST(Contains(v.out, "evidence/crlf/agenda.txt"), v.out);
  SameBothWays(repo, {"verify"});
  // The folder gone (its artifacts missing): no warning left for it.
  fs::remove_all(repo.At("evidence/crlf"));
  v = repo.Run({"verify"});
  BOOST_TEST(Contains(v.out, "MISSING"), v.out);
  BOOST_TEST(!Contains(v.out, "GIT-CONVERTS"), v.out);
  SameBothWays(repo, {"verify"});
}

// The part of the attribute sources from git's index is kept while the
// index file's stat data is unchanged: a .gitattributes in git's index only
// (removed from the work tree, where git reads it from the index), then
// removed from the index too, gives the warnings a verify without the
// index gives, at each step, also when the verify before kept the sources.
BOOST_AUTO_TEST_CASE(attributes_in_gits_index_are_read_again_when_it_changes) {
  ThreeFolders repo;
  const std::string attributes = repo.At("evidence/records/a/.gitattributes");
  auto converts = [&] {
    SameBothWays(repo, {"verify", "--json"});
    return Contains(repo.Run({"verify"}).out, "GIT-CONVERTS");
  };
  BOOST_TEST(!converts());
  BOOST_TEST(!converts());  // the index's part now kept
  WriteFile(attributes, "*.txt text eol=crlf\n");
  GitOk({"add", "evidence/records/a/.gitattributes"}, repo.root);
  fs::remove(attributes);  // in git's index only
  BOOST_TEST(converts());
  BOOST_TEST(converts());
  GitOk({"rm", "-q", "--cached", "evidence/records/a/.gitattributes"}, repo.root);
  BOOST_TEST(!converts());
  GitOk({"add", "-f", "evidence/records/a/file1.txt"},
        repo.root);  // the index rewritten, same entries
  BOOST_TEST(!converts());
}

BOOST_AUTO_TEST_SUITE_END()
