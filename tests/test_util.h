// Shared by the test binaries: temporary directories, fresh evidence
// repositories, and running the real `dossier` binary and `git`.
#ifndef DOSSIER_TESTS_TEST_UTIL_H_
#define DOSSIER_TESTS_TEST_UTIL_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

struct sock_filter;

namespace dossier::test {

// A directory removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

struct RunResult {
  int code = -1;  // exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] looked up on PATH) in `cwd` with a clean, fixed
// environment: a known author identity (GIT_AUTHOR_*/GIT_COMMITTER_*),
// LC_ALL=C, TZ=UTC, HOME set to a temporary directory; ASAN_OPTIONS,
// UBSAN_OPTIONS and LSAN_OPTIONS pass through from this process so a
// sanitizer report in the child fails the test, and so does DOSSIER_FSYNC. `extra_env` entries
// ("NAME=value") are added.
RunResult Run(const std::vector<std::string>& argv, const std::string& cwd,
              const std::vector<std::string>& extra_env = {});

// Runs the dossier binary under test.
RunResult Dossier(const std::vector<std::string>& args, const std::string& cwd,
                  const std::vector<std::string>& extra_env = {});
// Starts the dossier binary under test without waiting for it, with Run's
// environment and its output discarded: for tests that kill it midway.
// Returns the pid, or -1 when it cannot start.
pid_t StartDossier(const std::vector<std::string>& args, const std::string& cwd,
                   const std::vector<std::string>& extra_env = {});
// Starts any program (argv[0] looked up on PATH) without waiting for it,
// with Run's environment, stdout and stderr appended to `log`: servers the
// tests start and stop. Returns the pid, or -1 when it cannot start.
pid_t Start(const std::vector<std::string>& argv, const std::string& cwd,
            const std::vector<std::string>& extra_env, const std::string& log);
// Waits for a child; returns its exit status, 128+N when killed by signal N.
int Wait(pid_t pid);
// Runs git.
RunResult Git(const std::vector<std::string>& args, const std::string& cwd);
// `git rev-parse HEAD` in `repo`.
std::string Head(const std::string& repo);

void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

// Whether `text` contains `part`.
inline bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Dossier() / Git() that must succeed: a failure ends the test case with
// the command's stderr.
RunResult DossierOk(const std::vector<std::string>& args, const std::string& cwd);
RunResult GitOk(const std::vector<std::string>& args, const std::string& cwd);

// The repository lock (.git/dossier.lock under `root`), held by this test
// process as a dossier command would hold it (flock, pid and command line in
// the file) until the object goes.
class HeldRepoLock {
 public:
  explicit HeldRepoLock(const std::string& root);
  ~HeldRepoLock();
  HeldRepoLock(const HeldRepoLock&) = delete;
  HeldRepoLock& operator=(const HeldRepoLock&) = delete;

 private:
  int fd_ = -1;
};
// Whether some process holds the repository lock of `root`.
bool RepoLockHeld(const std::string& root);

// What `body` returns when run in a child process under a seccomp filter
// (`filter`, `count` instructions: the system calls it refuses fail there
// as on a system without them), or "child: ..." saying why it could not
// be run so. The child ends without running this process's destructors.
std::string UnderSeccomp(const struct sock_filter* filter, unsigned short count,
                         const std::function<std::string()>& body);

// An evidence repository made with `dossier init` in a fresh directory.
// Approvals need no signature unless `signed_approvals` (init's default):
// only tests about signing need approvers' keys
// (tests/approval_signing_test.cc).
struct EvidenceRepo {
  TempDir dir;
  std::string root;  // dir/repo
  explicit EvidenceRepo(bool signed_approvals = false);
  // Runs dossier in the repository root.
  RunResult Run(const std::vector<std::string>& args,
                const std::vector<std::string>& extra_env = {}) const;
};

}  // namespace dossier::test

#endif  // DOSSIER_TESTS_TEST_UTIL_H_
