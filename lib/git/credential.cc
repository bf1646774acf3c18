#include "git/credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

namespace dossier::git {
namespace {

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `git credential ACTION`, writing `input` to its stdin. Its stderr is
// captured, not shown: a "could not read Username" from a terminal-less
// prompt is reported by the caller in Dossier's words.
Outcome RunGitCredential(const char* action, const std::string& input) {
  Outcome o;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) return o;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]);
    return o;
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return o;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    const char* argv[] = {"git", "credential", action, nullptr};
    execvp("git", const_cast<char* const*>(argv));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(in[1]), close(out[0]), close(err[0]);
    return o;
  }
  // The input is a few hundred bytes: well within a pipe's buffer. A
  // helper that exits without reading it must not kill us with SIGPIPE.
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  size_t done = 0;
  while (done < input.size()) {
    const ssize_t n = write(in[1], input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(in[1]);
  sigaction(SIGPIPE, &old, nullptr);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&o.out, &o.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  o.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

std::string Format(const CredentialAttributes& attributes) {
  std::string text;
  for (const auto& [key, value] : attributes) {
    // A value with a newline would inject another attribute.
    if (value.find_first_of("\n\r", 0) != std::string::npos ||
        value.find('\0') != std::string::npos) {
      continue;
    }
    text += key + "=" + value + "\n";
  }
  return text + "\n";
}

}  // namespace

CredentialAttributes CredentialFill(const std::string& url, const std::string& username,
                                    std::string* why) {
  CredentialAttributes request{{"url", url}};
  if (!username.empty()) request["username"] = username;
  Outcome o = RunGitCredential("fill", Format(request));
  if (o.status != 0) {
    if (why) {
      std::string first = o.err.substr(0, o.err.find('\n'));
      *why = o.status == 127 || o.status < 0 ? "git is not installed, so no credential helper "
                                               "could be asked"
                                             : first;
    }
    return {};
  }
  CredentialAttributes answer;
  std::istringstream lines(o.out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) answer[line.substr(0, eq)] = line.substr(eq + 1);
  }
  if (answer["username"].empty() || answer["password"].empty()) {
    if (why) *why = "git's credential helper gave no user name and password for " + url;
    return {};
  }
  return answer;
}

void CredentialApprove(const CredentialAttributes& credential) {
  if (!credential.empty()) RunGitCredential("approve", Format(credential));
}

void CredentialReject(const CredentialAttributes& credential) {
  if (!credential.empty()) RunGitCredential("reject", Format(credential));
}

}  // namespace dossier::git
