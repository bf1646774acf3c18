// A killed command never corrupts the repository (doc/architecture.md,
// "Transactions"). Two kinds of test. First, `dossier add` of a large folder
// is SIGKILLed at points observed from outside (entity files being written,
// evidence being copied, the index being written, HEAD moved), and
// afterwards git finds nothing wrong, HEAD is the old commit or a complete
// new one, a reading command sees a sound repository, and running the
// command again finishes the job, taking over the dead command's lock,
// leaving a clean work tree that verifies.
//
// No timing is asserted: a point the command passes before it is seen is
// simply a later kill, and a command that finishes first is a run that was
// not killed. Every assertion holds whichever happened.
//
// Second, deterministic: each named fault point (DOSSIER_FAULT, lib/fault.h)
// of a changing command kills it exactly there, then a `dossier sync` or a
// plain `git commit` runs before any other dossier command, and the
// repository must be consistent: what status and verify report is exactly
// what HEAD holds, nothing filed before is lost, and running the command
// again completes.
#define BOOST_TEST_MODULE crash
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::Contains;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::GitOk;
using dossier::test::Head;
using dossier::test::ReadFile;
using dossier::test::RepoLockHeld;
using dossier::test::RunResult;
using dossier::test::StartDossier;
using dossier::test::Wait;
using dossier::test::WriteFile;

namespace {

constexpr int kFiles = 200;

size_t CountFiles(const fs::path& dir) {
  boost::system::error_code ec;
  size_t n = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (fs::is_regular_file(it->path(), ec)) ++n;
  }
  return n;
}

std::string Lines(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.compare(0, prefix.size(), prefix) == 0) out += line + "\n";
    start = end + 1;
  }
  return out;
}

size_t CountLines(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// Starts `dossier add` of the folder, kills it with SIGKILL once `reached`
// holds (or lets it finish when it gets there first), then checks the
// repository. Returns the exit status of the killed command (137 = killed).
using KillPoint = std::function<bool(const EvidenceRepo&, const std::string& head_before)>;

// `next` is what runs first after the kill: a reading command (verify) or
// the same add again; either must find the repository sound.
enum class Next { kRead, kAddAgain };

int AddKilledWhen(const std::string& what, const KillPoint& reached, Next next) {
  BOOST_TEST_MESSAGE("kill point: " << what);
  EvidenceRepo repo;
  for (int i = 0; i < kFiles; ++i) {
    WriteFile(repo.dir / ("in/r" + std::to_string(1000 + i) + ".txt"),
              std::string(4096, static_cast<char>('a' + i % 26)) + std::to_string(i));
  }
  const std::string before = Head(repo.root);
  const std::vector<std::string> add = {"--as-of", "2026-03-02", "add",      repo.dir / "in",
                                        "--kind",  "record",     "--clause", "7.2"};
  pid_t pid = StartDossier(add, repo.root);
  BOOST_REQUIRE(pid > 0);
  int status = 0;
  bool exited = false;
  while (!(exited = ::waitpid(pid, &status, WNOHANG) == pid) && !reached(repo, before)) {
  }
  int code = 0;
  if (exited) {
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  } else {
    ::kill(pid, SIGKILL);
    code = Wait(pid);
  }
  BOOST_TEST_MESSAGE("  exit status " << code);
  BOOST_TEST((code == 0 || code == 128 + SIGKILL), what << ": exit " << code);

  // git sees a sound repository.
  auto fsck = Git({"fsck", "--full", "--strict", "--no-dangling"}, repo.root);
  BOOST_TEST(fsck.code == 0, what << ": git fsck: " << fsck.out << fsck.err);

  // HEAD is the old commit, or a new one holding the whole folder.
  const std::string after = Head(repo.root);
  if (after != before) {
    BOOST_TEST(Git({"rev-parse", "HEAD~1"}, repo.root).out == before + "\n", what);
    auto tree = Git({"ls-tree", "-r", "--name-only", "HEAD"}, repo.root).out;
    BOOST_TEST(CountLines(Lines(tree, "dossier/artifacts/ART-")) == static_cast<size_t>(kFiles),
               what);
    BOOST_TEST(CountLines(Lines(tree, "evidence/records/in/r")) == static_cast<size_t>(kFiles),
               what);
  }

  // A reading command right after the kill sees a whole commit, not a
  // half-written work tree: every artifact it lists has its evidence.
  if (next == Next::kRead) {
    auto verify_first = repo.Run({"--as-of", "2026-03-02", "verify"});
    BOOST_TEST(verify_first.code == 0,
               what << ": verify after the kill: " << verify_first.out << verify_first.err);
  }

  // A kill while git's index (or branch) was being written leaves git's own
  // lock file. Dossier never removes a lock it cannot prove is its own: the
  // next change stops, naming it, and runs once the user has removed it.
  for (const std::string lock : {".git/index.lock", ".git/refs/heads/main.lock"}) {
    if (!fs::exists(repo.root + "/" + lock)) continue;
    auto refused = repo.Run(add);
    BOOST_TEST(refused.code == 3, what << ": " << refused.err);
    BOOST_TEST(dossier::test::Contains(refused.err, lock), what << ": " << refused.err);
    fs::remove(repo.root + "/" + lock);
  }
  // The next command finishes the job.
  auto again = repo.Run(add);
  BOOST_TEST(again.code == 0, what << ": add again: " << again.err);
  auto verify = repo.Run({"--as-of", "2026-03-02", "verify"});
  BOOST_TEST(verify.code == 0, what << ": verify: " << verify.out << verify.err);
  auto status_out = Git({"status", "--porcelain", "--untracked-files=all"}, repo.root).out;
  BOOST_TEST(status_out == "", what << ": work tree not clean:\n" << status_out);
  auto tree = Git({"ls-tree", "-r", "--name-only", "HEAD"}, repo.root).out;
  BOOST_TEST(CountLines(Lines(tree, "dossier/artifacts/ART-")) == static_cast<size_t>(kFiles),
             what);
  BOOST_TEST(CountLines(Lines(tree, "evidence/records/in/r")) == static_cast<size_t>(kFiles), what);
  auto list = repo.Run({"list", "--json"});
  size_t listed = 0;
  for (size_t pos = 0; (pos = list.out.find("\"id\": \"ART-", pos)) != std::string::npos; ++pos) {
    ++listed;
  }
  BOOST_TEST(listed == static_cast<size_t>(kFiles), what);
  BOOST_TEST(!RepoLockHeld(repo.root), what);
  return code;
}

}  // namespace

// The commands here are killed, never cut off from power: what fsync adds
// (surviving a power cut) cannot be observed, and skipping it makes the
// suite several times faster. Durability has its own test (durable_test).
struct NoFlushes {
  NoFlushes() { ::setenv("DOSSIER_FSYNC", "0", 1); }
};
BOOST_TEST_GLOBAL_FIXTURE(NoFlushes);

BOOST_AUTO_TEST_SUITE(crash)

BOOST_AUTO_TEST_CASE(killed_while_entities_are_written) {
  AddKilledWhen(
      "first entity written",
      [](const EvidenceRepo& r, const std::string&) {
        return CountFiles(r.root + "/dossier/artifacts") > 0;
      },
      Next::kRead);
}

BOOST_AUTO_TEST_CASE(killed_while_evidence_is_copied) {
  AddKilledWhen(
      "half the evidence copied",
      [](const EvidenceRepo& r, const std::string&) {
        return CountFiles(r.root + "/evidence/records/in") >= kFiles / 2;
      },
      Next::kAddAgain);
}

BOOST_AUTO_TEST_CASE(killed_once_the_index_is_being_written) {
  AddKilledWhen(
      "index lock",
      [](const EvidenceRepo& r, const std::string&) {
        return fs::exists(r.root + "/.git/index.lock");
      },
      Next::kAddAgain);
}

BOOST_AUTO_TEST_CASE(killed_once_head_has_moved) {
  // The branch ref file changes when the commit is made; what follows
  // (index, set-aside files, the lock) must not matter.
  AddKilledWhen(
      "HEAD moved",
      [](const EvidenceRepo& r, const std::string& before) {
        const std::string head = dossier::test::ReadFile(r.root + "/.git/HEAD");
        const std::string ref =
            head.compare(0, 5, "ref: ") == 0 ? head.substr(5, head.find('\n') - 5) : "";
        return !ref.empty() &&
               dossier::test::ReadFile(r.root + "/.git/" + ref).compare(0, 40, before) != 0;
      },
      Next::kRead);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// What runs between the kill and the next dossier command.
enum class Between { kNothing, kSync, kGitCommit };

const char* Name(Between b) {
  switch (b) {
    case Between::kNothing:
      return "nothing";
    case Between::kSync:
      return "dossier sync";
    case Between::kGitCommit:
      return "git commit";
  }
  return "?";
}

// The artifact and finding files HEAD holds.
size_t InHead(const std::string& root, const std::string& prefix) {
  auto tree = Git({"ls-tree", "-r", "--name-only", "HEAD"}, root).out;
  return CountLines(Lines(tree, prefix));
}

size_t CountIds(const std::string& json, const std::string& prefix) {
  size_t n = 0;
  for (size_t pos = 0; (pos = json.find("\"id\": \"" + prefix, pos)) != std::string::npos; ++pos)
    ++n;
  return n;
}

// A repository with a bare remote (for sync), one approved-ready document
// and one filed record, and a folder of new records outside it.
struct Scene {
  EvidenceRepo repo;
  std::string remote;
  std::string doc_id;
  Scene() {
    remote = repo.dir / "remote.git";
    GitOk({"init", "-q", "--bare", remote}, repo.dir.path());
    GitOk({"remote", "add", "origin", remote}, repo.root);
    WriteFile(repo.dir / "policy.md", "quality policy\n");
    auto doc = repo.Run({"--as-of", "2026-03-02", "add", repo.dir / "policy.md", "--kind",
                         "document", "--requirement", "M3", "--json"});
    BOOST_REQUIRE_MESSAGE(doc.code == 0, doc.err);
    const auto pos = doc.out.find("\"ART-");
    doc_id = doc.out.substr(pos + 1, doc.out.find('"', pos + 1) - pos - 1);
    GitOk({"push", "-q", "-u", "origin", "main"}, repo.root);
    for (int i = 0; i < 6; ++i) {
      WriteFile(repo.dir / ("in/r" + std::to_string(i) + ".txt"), "record " + std::to_string(i));
    }
  }
};

struct Command {
  std::string name;
  std::vector<std::string> args;
  // Artifacts and findings HEAD holds once the command has gone in.
  size_t artifacts_after;
  size_t findings_after;
};

std::vector<Command> Commands(const Scene& s) {
  return {
      {"add",
       {"--as-of", "2026-03-02", "add", s.repo.dir / "in", "--kind", "record", "--clause", "7.2"},
       7,
       0},
      {"approve", {"--as-of", "2026-03-02", "approve", s.doc_id, "--by", "Jane Doe"}, 1, 0},
      {"finding open",
       {"--as-of", "2026-03-02", "finding", "open", "--title", "Training records incomplete",
        "--grade", "minor", "--clause", "7.2"},
       1,
       1},
  };
}

// Kills `command` at `point`, runs `between`, then checks the repository.
// `reached`: whether the command is expected to pass the point at all.
void KillAt(const std::string& point, size_t command_index, Between between) {
  Scene s;
  const Command cmd = Commands(s)[command_index];
  BOOST_TEST_CONTEXT("fault " << point << ", command " << cmd.name << ", then " << Name(between)) {
    const std::string before = Head(s.repo.root);
    auto killed = s.repo.Run(cmd.args, {"DOSSIER_FAULT=" + point});
    BOOST_TEST(killed.code == 128 + SIGKILL,
               "the command did not reach the point: " << killed.code << " " << killed.err);
    switch (between) {
      case Between::kNothing:
        break;
      case Between::kSync: {
        auto sync = s.repo.Run({"sync"});
        BOOST_TEST(sync.code == 0, sync.err);
        break;
      }
      case Between::kGitCommit:
        // Commits whatever is staged; --allow-empty so that HEAD moves even
        // when nothing is: "HEAD moved" must not pass for "our commit went in".
        GitOk({"commit", "-q", "--allow-empty", "-m", "a plain git commit"}, s.repo.root);
        break;
    }
    // What the command reported, it committed; what it did not commit, no
    // one reports: after the first dossier command the work tree is HEAD.
    auto status = s.repo.Run({"--as-of", "2026-03-02", "status", "--json"});
    BOOST_TEST(status.code == 0, status.err);
    auto porcelain = Git({"status", "--porcelain", "--untracked-files=all"}, s.repo.root).out;
    BOOST_TEST(porcelain == "", "work tree differs from HEAD:\n" << porcelain);
    auto list = s.repo.Run({"list", "--json"});
    BOOST_TEST(CountIds(list.out, "ART-") == InHead(s.repo.root, "dossier/artifacts/ART-"));
    auto findings = s.repo.Run({"finding", "list", "--json"});
    BOOST_TEST(CountIds(findings.out, "NC-") == InHead(s.repo.root, "dossier/findings/NC-"));
    auto verify = s.repo.Run({"--as-of", "2026-03-02", "verify"});
    BOOST_TEST(verify.code == 0, verify.out << verify.err);
    auto fsck = Git({"fsck", "--full", "--strict", "--no-dangling"}, s.repo.root);
    BOOST_TEST(fsck.code == 0, fsck.out << fsck.err);
    // Nothing filed before is lost.
    BOOST_TEST(Git({"merge-base", "--is-ancestor", before, "HEAD"}, s.repo.root).code == 0);
    BOOST_TEST(InHead(s.repo.root, "dossier/artifacts/ART-") >= 1u);
    const bool went_in =
        InHead(s.repo.root, "dossier/artifacts/ART-") == cmd.artifacts_after &&
        InHead(s.repo.root, "dossier/findings/NC-") == cmd.findings_after &&
        (cmd.name != "approve" ||
         Contains(ReadFile(s.repo.root + "/dossier/artifacts/" + s.doc_id + ".json"),
                  "\"approval\""));

    // git's own lock, if the kill left one, is the user's to remove.
    for (const std::string lock : {".git/index.lock", ".git/refs/heads/main.lock"}) {
      if (!fs::exists(s.repo.root + "/" + lock)) continue;
      auto refused = s.repo.Run(cmd.args);
      BOOST_TEST(refused.code == 3, refused.err);
      BOOST_TEST(Contains(refused.err, lock), refused.err);
      fs::remove(s.repo.root + "/" + lock);
    }
    // Running the command again completes it.
    auto again = s.repo.Run(cmd.args);
    BOOST_TEST(again.code == 0, again.err);
    BOOST_TEST(InHead(s.repo.root, "dossier/artifacts/ART-") == cmd.artifacts_after);
    BOOST_TEST(InHead(s.repo.root, "dossier/findings/NC-") ==
               (cmd.findings_after == 0 ? 0u : (went_in ? 2u : 1u)));
    if (cmd.name == "approve") {
      auto show = Git({"show", "HEAD:dossier/artifacts/" + s.doc_id + ".json"}, s.repo.root);
      BOOST_TEST(Contains(show.out, "Jane Doe"), show.out);
    }
    BOOST_TEST(Git({"status", "--porcelain", "--untracked-files=all"}, s.repo.root).out == "");
    BOOST_TEST(s.repo.Run({"--as-of", "2026-03-02", "verify"}).code == 0);
    // And a sync then gives the remote exactly HEAD.
    auto sync = s.repo.Run({"sync"});
    BOOST_TEST(sync.code == 0, sync.err);
    BOOST_TEST(Git({"rev-parse", "main"}, s.remote).out == Head(s.repo.root) + "\n");
    BOOST_TEST(!RepoLockHeld(s.repo.root));
  }
}

// The points every committing command passes, in order.
const std::vector<std::string> kCommitPoints = {
    "lock.taken",
    "commit.journal-written",
    "commit.file-written@1",
    "commit.objects-written",
    "commit.journal-completed",
    "commit.index-written",
    "commit.ref-moved",
    "commit.set-aside-removed",
};

void KillAtEveryPoint(size_t command_index, Between between,
                      const std::vector<std::string>& extra = {}) {
  for (const auto& point : kCommitPoints) KillAt(point, command_index, between);
  for (const auto& point : extra) KillAt(point, command_index, between);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_points)

// add: new files only (artifact files and copied evidence).
BOOST_AUTO_TEST_CASE(add_killed_at_each_point) {
  KillAtEveryPoint(0, Between::kNothing,
                   {"commit.file-written@2", "commit.file-written@7", "commit.file-written@12"});
}
BOOST_AUTO_TEST_CASE(add_killed_at_each_point_then_sync) { KillAtEveryPoint(0, Between::kSync); }
BOOST_AUTO_TEST_CASE(add_killed_at_each_point_then_git_commit) {
  KillAtEveryPoint(0, Between::kGitCommit, {"commit.file-written@7"});
}

// approve: an existing entity file, set aside and replaced.
// (With nothing in between, the add cases above cover the same steps.)
BOOST_AUTO_TEST_CASE(approve_killed_at_each_point_then_sync) {
  KillAtEveryPoint(1, Between::kSync, {"commit.set-aside"});
}
BOOST_AUTO_TEST_CASE(approve_killed_at_each_point_then_git_commit) {
  KillAtEveryPoint(1, Between::kGitCommit, {"commit.set-aside"});
}

// finding open: one new entity file. Kills after the first file are
// covered by the points of add.
BOOST_AUTO_TEST_CASE(finding_open_killed_at_each_point_then_git_commit) {
  for (const std::string point :
       {"lock.taken", "commit.journal-written", "commit.file-written", "commit.objects-written",
        "commit.journal-completed", "commit.index-written", "commit.ref-moved"}) {
    KillAt(point, 2, Between::kGitCommit);
  }
}

// A kill during recovery itself is recovered from by the next command.
BOOST_AUTO_TEST_CASE(killed_while_recovering) {
  for (const std::string recovery_point : {"recover.begin", "recover.path-restored@3"}) {
    Scene s;
    const Command cmd = Commands(s)[0];
    BOOST_TEST_CONTEXT("killed at commit.journal-completed, then at " << recovery_point) {
      BOOST_TEST(s.repo.Run(cmd.args, {"DOSSIER_FAULT=commit.journal-completed"}).code == 137);
      BOOST_TEST(s.repo.Run({"status"}, {"DOSSIER_FAULT=" + recovery_point}).code == 137);
      auto status = s.repo.Run({"status"});
      BOOST_TEST(status.code == 0, status.err);
      BOOST_TEST(Git({"status", "--porcelain", "--untracked-files=all"}, s.repo.root).out == "");
      BOOST_TEST(InHead(s.repo.root, "dossier/artifacts/ART-") == 1u);
      BOOST_TEST(s.repo.Run(cmd.args).code == 0);
      BOOST_TEST(InHead(s.repo.root, "dossier/artifacts/ART-") == 7u);
      BOOST_TEST(s.repo.Run({"--as-of", "2026-03-02", "verify"}).code == 0);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
