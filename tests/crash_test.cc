// A killed command never corrupts the repository (DESIGN.md §8): `dossier
// add` of a large folder is SIGKILLed at points observed from outside (lock
// taken, entity files being written, evidence being copied, HEAD moved), and
// afterwards git finds nothing wrong, HEAD is the old commit or a complete
// new one, a reading command sees a sound repository, and running the
// command again finishes the job, taking over the dead command's lock,
// leaving a clean work tree that verifies.
//
// No timing is asserted: a point the command passes before it is seen is
// simply a later kill, and a command that finishes first is a run that was
// not killed. Every assertion holds whichever happened.
#define BOOST_TEST_MODULE crash
#include <signal.h>
#include <sys/wait.h>

#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <string>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::EvidenceRepo;
using dossier::test::Git;
using dossier::test::Head;
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

  // The next command takes over the dead command's lock and finishes the job.
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
  BOOST_TEST(!fs::exists(repo.root + "/.git/dossier.lock"), what);
  return code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash)

BOOST_AUTO_TEST_CASE(killed_once_the_lock_is_taken) {
  AddKilledWhen(
      "lock taken",
      [](const EvidenceRepo& r, const std::string&) {
        return fs::exists(r.root + "/.git/dossier.lock");
      },
      Next::kAddAgain);
}

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
