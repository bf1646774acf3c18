#include "test_util.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace dossier::test {
namespace fs = boost::filesystem;

TempDir::TempDir() {
  fs::path base = fs::temp_directory_path() / fs::unique_path("dossier-test-%%%%-%%%%-%%%%");
  fs::create_directories(base);
  path_ = fs::canonical(base).string();
}

TempDir::~TempDir() {
  boost::system::error_code ec;
  fs::remove_all(path_, ec);
}

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// Starts `argv` in `cwd` with the clean environment Run documents, stdout
// and stderr to the given files. Returns the pid, or -1 when it cannot run.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& cwd,
            const std::vector<std::string>& extra_env, const std::string& out_path,
            const std::string& err_path, bool append = false) {
  static TempDir home;
  std::vector<std::string> env = {
      "PATH=" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"),
      "HOME=" + home.path(),
      "LC_ALL=C",
      "TZ=UTC",
      "GIT_AUTHOR_NAME=Test Auditor",
      "GIT_AUTHOR_EMAIL=auditor@example.org",
      "GIT_COMMITTER_NAME=Test Auditor",
      "GIT_COMMITTER_EMAIL=auditor@example.org",
      "GIT_CONFIG_NOSYSTEM=1",
  };
  // The sanitizer build's settings (halt on the first report, leak checks)
  // must reach the binary under test, or a report would not fail the test.
  // DOSSIER_FSYNC: a test binary whose processes are killed, never powered
  // off, may skip the flushes that only a power cut would need.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "DOSSIER_FSYNC"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  // An extra entry replaces an inherited one of the same name.
  for (const auto& e : extra_env) {
    const std::string name = e.substr(0, e.find('=') + 1);
    env.erase(std::remove_if(env.begin(), env.end(),
                             [&](const std::string& x) { return x.rfind(name, 0) == 0; }),
              env.end());
    env.push_back(e);
  }
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const int mode = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), mode, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), mode, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid;
  int rc = posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

}  // namespace

pid_t Start(const std::vector<std::string>& argv, const std::string& cwd,
            const std::vector<std::string>& extra_env, const std::string& log) {
  return Spawn(argv, cwd, extra_env, log, log, true);
}

RunResult Run(const std::vector<std::string>& argv, const std::string& cwd,
              const std::vector<std::string>& extra_env) {
  TempDir capture;
  const std::string out_path = capture / "out";
  const std::string err_path = capture / "err";
  RunResult r;
  pid_t pid = Spawn(argv, cwd, extra_env, out_path, err_path);
  if (pid < 0) {
    r.err = "cannot run " + argv[0];
    return r;
  }
  r.code = Wait(pid);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

pid_t StartDossier(const std::vector<std::string>& args, const std::string& cwd,
                   const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {DOSSIER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return Spawn(argv, cwd, extra_env, "/dev/null", "/dev/null");
}

int Wait(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

RunResult Dossier(const std::vector<std::string>& args, const std::string& cwd,
                  const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {DOSSIER_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, cwd, extra_env);
}

RunResult Git(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  return Run(argv, cwd);
}

RunResult DossierOk(const std::vector<std::string>& args, const std::string& cwd) {
  RunResult r = Dossier(args, cwd);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "dossier " << args[0] << " failed: " << r.err);
  return r;
}

RunResult GitOk(const std::vector<std::string>& args, const std::string& cwd) {
  RunResult r = Git(args, cwd);
  BOOST_REQUIRE_MESSAGE(r.code == 0, "git " << args[0] << " failed: " << r.err << r.out);
  return r;
}

std::string Head(const std::string& repo) {
  auto r = Git({"rev-parse", "HEAD"}, repo);
  return r.out.substr(0, r.out.find('\n'));
}

EvidenceRepo::EvidenceRepo(bool signed_approvals) : root(dir / "repo") {
  std::vector<std::string> args = {"init", root, "--org", "Test Org"};
  if (!signed_approvals) args.push_back("--unsigned-approvals");
  auto r = Dossier(args, dir.path());
  if (r.code != 0) throw std::runtime_error("dossier init failed: " + r.err);
}

RunResult EvidenceRepo::Run(const std::vector<std::string>& args,
                            const std::vector<std::string>& extra_env) const {
  return Dossier(args, root, extra_env);
}

HeldRepoLock::HeldRepoLock(const std::string& root) {
  fd_ = ::open((root + "/.git/dossier.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  BOOST_REQUIRE(fd_ >= 0);
  BOOST_REQUIRE(::flock(fd_, LOCK_EX | LOCK_NB) == 0);
  const std::string holder = std::to_string(::getpid()) + "\ntest holding the lock\n";
  BOOST_REQUIRE(::ftruncate(fd_, 0) == 0);
  BOOST_REQUIRE(::pwrite(fd_, holder.data(), holder.size(), 0) ==
                static_cast<ssize_t>(holder.size()));
}

HeldRepoLock::~HeldRepoLock() {
  if (fd_ >= 0) ::close(fd_);
}

bool RepoLockHeld(const std::string& root) {
  const int fd = ::open((root + "/.git/dossier.lock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return held;
}

std::string UnderSeccomp(const struct sock_filter* filter, unsigned short count,
                         const std::function<std::string()>& body) {
  int out[2];
  if (::pipe(out) != 0) return std::string("child: no pipe: ") + std::strerror(errno);
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("child: no fork: ") + std::strerror(errno);
  if (pid == 0) {
    ::close(out[0]);
    struct sock_fprog program = {count, const_cast<struct sock_filter*>(filter)};
    std::string said;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
      said = "child: no seccomp filter";
    } else {
      said = body();
    }
    for (size_t at = 0; at < said.size();) {
      const ssize_t n = ::write(out[1], said.data() + at, said.size() - at);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(out[1]);
  std::string said;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) said.append(buffer, n);
  ::close(out[0]);
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return "child: ended with status " + std::to_string(status) + " having said: " + said;
  }
  return said;
}

}  // namespace dossier::test
