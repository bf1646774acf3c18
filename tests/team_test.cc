// Working as a team on real git hosting (doc/architecture.md, "Working as a
// team"): clones meet on a remote served over HTTP with basic
// authentication (git http-backend behind tests/servers/git_http_server.py)
// and over SSH (sshd with a throwaway host key and user key). Both servers
// listen on 127.0.0.1 only and are started and stopped by the tests.
#define BOOST_TEST_MODULE team
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "test_util.h"

using namespace dossier::test;
namespace bj = boost::json;

namespace {

const std::string kUser = "alice";
const std::string kPassword = "s3cret-token";

std::string Id(const RunResult& r) { return std::string(bj::parse(r.out).at("id").as_string()); }

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// Polls `ready` every 50 ms for at most 10 s: servers start in well under
// a second; the bound keeps a broken setup from hanging the suite.
template <typename F>
bool WaitFor(F ready) {
  for (int i = 0; i < 200; ++i) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool Accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// A loopback port free now (the kernel's pick), for sshd, which needs one
// given.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

// A server process this test started, stopped (by its pid) when the object
// goes.
class Server {
 public:
  Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { Stop(); }
  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      Wait(pid_);
      pid_ = -1;
    }
  }

 protected:
  pid_t pid_ = -1;
};

// git http-backend for every repository under `root`, for kUser with
// kPassword only.
class HttpServer : public Server {
 public:
  explicit HttpServer(const std::string& root) {
    const std::string port_file = root + "/../http-port";
    pid_ = Start({"python3", std::string(DOSSIER_SOURCE_DIR) + "/tests/servers/git_http_server.py",
                  root, kUser, kPassword, port_file},
                 root, {}, root + "/../http.log");
    BOOST_REQUIRE_MESSAGE(pid_ > 0, "cannot start python3 (make test-deps)");
    BOOST_REQUIRE_MESSAGE(WaitFor([&] { return Exists(port_file); }),
                          "the HTTP git server did not start: " + ReadFile(root + "/../http.log"));
    port = std::stoi(ReadFile(port_file));
  }
  std::string Url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(port) + "/" + repo;
  }
  int port = 0;
};

std::string UserName() {
  const passwd* pw = getpwuid(getuid());
  return pw ? pw->pw_name : "root";
}

// sshd on a loopback port, with its own host key, accepting the public key
// `user_key.pub` for the user running the tests (git-upload-pack and
// git-receive-pack run as that user).
class SshServer : public Server {
 public:
  explicit SshServer(const std::string& dir) : dir_(dir) {
    BOOST_REQUIRE_MESSAGE(Exists("/usr/sbin/sshd"),
                          "sshd is not installed: install openssh-server (make test-deps)");
    GitOk({"--version"}, dir);
    for (const char* key : {"host_key", "user_key"}) {
      RunResult r = Run(
          {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f", dir + "/" + key}, dir);
      BOOST_REQUIRE_MESSAGE(r.code == 0, "ssh-keygen: " + r.err);
    }
    WriteFile(dir + "/authorized_keys", ReadFile(dir + "/user_key.pub"));
    chmod((dir + "/authorized_keys").c_str(), 0600);
    port = FreePort();
    WriteFile(dir + "/sshd_config",
              "ListenAddress 127.0.0.1\nPort " + std::to_string(port) + "\nHostKey " + dir +
                  "/host_key\nAuthorizedKeysFile " + dir +
                  "/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication "
                  "no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\nStrictModes "
                  "no\nUsePAM no\nPidFile none\nAllowUsers " +
                  UserName() + "\n");
    // Run as root, sshd wants its privilege separation folder (made by the
    // package's service, which a test machine does not run).
    if (geteuid() == 0) mkdir("/run/sshd", 0755);
    pid_ = Start({"/usr/sbin/sshd", "-D", "-e", "-f", dir + "/sshd_config"}, dir, {},
                 dir + "/sshd.log");
    BOOST_REQUIRE_MESSAGE(pid_ > 0, "cannot start sshd");
    BOOST_REQUIRE_MESSAGE(WaitFor([&] { return Accepts(port); }),
                          "sshd did not start: " + ReadFile(dir + "/sshd.log"));
    // The line ssh-keyscan would print, made from the host key itself.
    const std::string pub = ReadFile(dir + "/host_key.pub");
    known_hosts =
        "[127.0.0.1]:" + std::to_string(port) + " " + pub.substr(0, pub.rfind(' ')) + "\n";
  }
  std::string Url(const std::string& path) const {
    return "ssh://" + UserName() + "@127.0.0.1:" + std::to_string(port) + path;
  }
  int port = 0;
  std::string known_hosts;

 private:
  std::string dir_;
};

// One person: a home (credentials, SSH key, known hosts) and a clone.
struct Person {
  std::string name, home, clone;
  std::vector<std::string> Env() const {
    return {"HOME=" + home, "GIT_AUTHOR_NAME=" + name, "GIT_AUTHOR_EMAIL=" + name + "@example.org",
            "GIT_COMMITTER_NAME=" + name, "GIT_COMMITTER_EMAIL=" + name + "@example.org"};
  }
  RunResult Do(const std::vector<std::string>& args) const { return Dossier(args, clone, Env()); }
  RunResult Ok(const std::vector<std::string>& args) const {
    RunResult r = Do(args);
    BOOST_REQUIRE_MESSAGE(r.code == 0, name + ": dossier " + args[0] + " failed (" +
                                           std::to_string(r.code) + "): " + r.err + r.out);
    return r;
  }
  RunResult GitIn(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv, clone, Env());
  }
};

// A team: the evidence repository served at srv/team.git, over HTTP and SSH.
struct Team {
  EvidenceRepo origin;
  std::string srv, bare, objective;
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<SshServer> ssh;

  enum Servers { kNone, kHttp, kHttpAndSsh };
  explicit Team(Servers servers) {
    objective =
        Id(DossierOk({"objective", "add", "On time", "--measure", "otd", "--unit", "%", "--target",
                      ">=95", "--frequency", "monthly", "--as-of", "2026-03-01", "--json"},
                     origin.root));
    srv = origin.dir / "srv";
    bare = srv + "/team.git";
    GitOk({"init", "-q", srv}, origin.dir.path());
    GitOk({"clone", "-q", "--bare", origin.root, bare}, origin.dir.path());
    if (servers != kNone) http = std::make_unique<HttpServer>(srv);
    if (servers == kHttpAndSsh) {
      GitOk({"init", "-q", origin.dir / "sshd"}, origin.dir.path());
      ssh = std::make_unique<SshServer>(origin.dir / "sshd");
    }
  }

  // A person whose clone talks HTTP (with the password in git's credential
  // store), SSH (the user key as ~/.ssh/id_ed25519, the host in
  // known_hosts), or to the bare repository's path when no server runs.
  Person Join(const std::string& name, bool over_ssh) {
    Person p{name, origin.dir / (name + "-home"), origin.dir / name};
    GitOk({"init", "-q", p.home}, origin.dir.path());
    GitOk({"clone", "-q", bare, p.clone}, origin.dir.path());
    if (over_ssh) {
      GitOk({"init", "-q", p.home + "/.ssh"}, origin.dir.path());
      WriteFile(p.home + "/.ssh/id_ed25519", ReadFile(origin.dir / "sshd/user_key"));
      chmod((p.home + "/.ssh/id_ed25519").c_str(), 0600);
      WriteFile(p.home + "/.ssh/id_ed25519.pub", ReadFile(origin.dir / "sshd/user_key.pub"));
      WriteFile(p.home + "/.ssh/known_hosts", ssh->known_hosts);
      GitOk({"remote", "set-url", "origin", ssh->Url(bare)}, p.clone);
    } else if (http) {
      WriteFile(p.home + "/.gitconfig", "[credential]\n\thelper = store\n");
      WriteFile(p.home + "/.git-credentials", "http://" + kUser + ":" + kPassword +
                                                  "@127.0.0.1%3a" + std::to_string(http->port) +
                                                  "\n");
      GitOk({"remote", "set-url", "origin", http->Url("team.git")}, p.clone);
    }
    return p;
  }
  std::string RemoteHead() const { return GitOk({"rev-parse", "refs/heads/main"}, bare).out; }
};

// Every entity id a clone knows, by the CLI's own listings.
std::set<std::string> AllIds(const Person& p) {
  std::set<std::string> out;
  for (const auto& [args, key] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"finding", "list", "--json"}, "findings"},
           {{"audit", "list", "--json"}, "audits"},
           {{"objective", "list", "--json"}, "objectives"},
           {{"list", "--json"}, "artifacts"}}) {
    const bj::value doc = bj::parse(p.Ok(args).out);
    for (const auto& e : doc.at(key).as_array()) out.insert(std::string(e.at("id").as_string()));
  }
  return out;
}

std::string AddRecord(const Person& p, const std::string& file, const std::string& clause,
                      const std::string& date) {
  WriteFile(p.clone + "/../" + file, p.name + " wrote " + file + "\n");
  const bj::value doc = bj::parse(p.Ok({"add", p.clone + "/../" + file, "--kind", "record",
                                        "--clause", clause, "--as-of", date, "--json"})
                                      .out);
  return std::string(doc.at("added").at(0).at("id").as_string());
}

// The steps of a finding as `finding show --json` lists them.
std::vector<std::string> Steps(const Person& p, const std::string& id) {
  const bj::value doc = bj::parse(p.Ok({"finding", "show", id, "--json"}).out).at("finding");
  std::vector<std::string> out;
  for (const auto& t : doc.at("history").as_array()) {
    const bj::value* from = t.as_object().if_contains("from");
    out.push_back((from ? std::string(from->as_string()) : std::string()) + ">" +
                  std::string(t.at("to").as_string()) + " " + std::string(t.at("by").as_string()) +
                  " " + std::string(t.at("date").as_string()));
  }
  return out;
}

std::string State(const Person& p, const std::string& id) {
  return std::string(
      bj::parse(p.Ok({"finding", "show", id, "--json"}).out).at("finding").at("state").as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(team)

BOOST_AUTO_TEST_CASE(three_clones_over_http_and_ssh_take_turns_and_converge) {
  Team t(Team::kHttpAndSsh);
  Person alice = t.Join("alice", false), bob = t.Join("bob", true), carol = t.Join("carol", false);
  std::set<std::string> ids = {t.objective};

  // Round 1: each files something and opens a finding, then syncs in turn.
  std::string finding;
  for (const Person* p : {&alice, &bob, &carol}) {
    ids.insert(AddRecord(*p, p->name + "-supplier-review.txt", "8.4.1", "2026-03-05"));
    const std::string f =
        Id(p->Ok({"finding", "open", "--title", p->name + ": supplier not evaluated", "--grade",
                  "minor", "--clause", "8.4.1", "--as-of", "2026-03-05", "--json"}));
    ids.insert(f);
    if (finding.empty()) finding = f;
  }
  ids.insert(Id(bob.Ok({"audit", "plan", "--scope", "8.4", "--date", "2026-04-01", "--auditor",
                        "Bob", "--as-of", "2026-03-05", "--json"})));
  carol.Ok({"objective", "measure", t.objective, "--measure", "otd", "--value", "96", "--date",
            "2026-03-01", "--as-of", "2026-03-05"});
  BOOST_TEST(Contains(alice.Ok({"sync"}).out, "pushed main to origin: 2 commits out"));
  RunResult bob_sync = bob.Ok({"sync"});
  BOOST_TEST(Contains(bob_sync.out, "merged origin/main"));
  BOOST_TEST(Contains(carol.Ok({"sync"}).out, "merged origin/main"));

  // Round 2: Alice's finding is taken on by Bob (over SSH) and Carol (over
  // HTTP) in turn; Alice records a measurement.
  bob.Ok({"finding", "analyse", finding, "--correction", "evaluated ACME now", "--cause",
          "no evaluation schedule", "--as-of", "2026-03-06"});
  bob.Ok({"sync"});
  carol.Ok({"sync"});
  carol.Ok({"finding", "plan", finding, "--action", "yearly evaluation schedule", "--due",
            "2026-04-30", "--as-of", "2026-03-07"});
  alice.Ok({"objective", "measure", t.objective, "--measure", "otd", "--value", "94", "--date",
            "2026-02-01", "--as-of", "2026-03-07"});
  carol.Ok({"sync"});
  alice.Ok({"sync"});
  for (const Person* p : {&bob, &carol}) p->Ok({"sync"});

  // One history everywhere (so the same entities, byte for byte), and
  // verify passes in each clone.
  const std::string head = Head(alice.clone);
  const std::string log = alice.GitIn({"log", "--format=%H %an %s"}).out;
  for (const Person* p : {&alice, &bob, &carol}) {
    BOOST_TEST_CONTEXT(p->name) {
      BOOST_TEST(Head(p->clone) == head);
      BOOST_TEST(p->GitIn({"log", "--format=%H %an %s"}).out == log);
      RunResult verify = p->Do({"verify"});
      BOOST_TEST(verify.code == 0, verify.err + verify.out);
      BOOST_TEST(p->GitIn({"status", "--porcelain"}).out == "");
    }
  }
  BOOST_TEST(t.RemoteHead() == head + "\n");
  BOOST_TEST(AllIds(carol) == ids);
  BOOST_TEST(carol.GitIn({"ls-files", "dossier/measurements"}).out.size() ==
             2 * std::string("dossier/measurements/MS-20260305-XXXX.json\n").size());
  BOOST_TEST(State(bob, finding) == "planned");
  // Opened by Alice, analysed by Bob over SSH, planned by Carol over HTTP.
  const std::vector<std::string> steps = Steps(bob, finding);
  BOOST_REQUIRE(steps.size() == 3u);
  BOOST_TEST(Contains(steps[0], "alice"));
  BOOST_TEST(steps[1] == "open>analysed bob 2026-03-06");
  BOOST_TEST(steps[2] == "analysed>planned carol 2026-03-07");
}

BOOST_AUTO_TEST_CASE(transport_failures_are_said_in_words_and_change_nothing) {
  Team t(Team::kHttpAndSsh);
  Person alice = t.Join("alice", false), bob = t.Join("bob", true);
  AddRecord(alice, "a.txt", "8.4.1", "2026-03-05");
  AddRecord(bob, "b.txt", "8.4.1", "2026-03-05");
  const std::string remote_before = t.RemoteHead();
  const std::string alice_before = Head(alice.clone), bob_before = Head(bob.clone);
  auto unchanged = [&] {
    BOOST_TEST(t.RemoteHead() == remote_before);
    BOOST_TEST(Head(alice.clone) == alice_before);
    BOOST_TEST(Head(bob.clone) == bob_before);
  };

  // HTTP, a wrong password in the store: refused, and git forgets it.
  WriteFile(alice.home + "/.git-credentials",
            "http://" + kUser + ":wrong@127.0.0.1%3a" + std::to_string(t.http->port) + "\n");
  RunResult r = alice.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "refused the user name and password"), r.err);
  BOOST_TEST(Contains(r.err, "user 'alice'"), r.err);
  BOOST_TEST(ReadFile(alice.home + "/.git-credentials") == "");  // rejected: forgotten
  // No credentials at all.
  r = alice.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "git's credential helper has none for " + t.http->Url("team.git")),
             r.err);
  // No such repository on the server.
  r = alice.Do({"sync", t.http->Url("nowhere.git")});
  BOOST_TEST(r.code == 3);
  // (the server asks for credentials before it says there is none)
  WriteFile(
      alice.home + "/.git-credentials",
      "http://" + kUser + ":" + kPassword + "@127.0.0.1%3a" + std::to_string(t.http->port) + "\n");
  r = alice.Do({"sync", t.http->Url("nowhere.git")});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "there is no repository at " + t.http->Url("nowhere.git")), r.err);

  // SSH, the host's key unknown.
  WriteFile(bob.home + "/.ssh/known_hosts", "");
  r = bob.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "the SSH host key of 127.0.0.1:" + std::to_string(t.ssh->port)),
             r.err);
  BOOST_TEST(Contains(r.err, "ssh-keyscan -p " + std::to_string(t.ssh->port) + " 127.0.0.1"),
             r.err);
  // ... and a different key recorded for it (a server posing as it).
  WriteFile(bob.home + "/.ssh/known_hosts", "[127.0.0.1]:" + std::to_string(t.ssh->port) + " " +
                                                ReadFile(t.origin.dir / "sshd/user_key.pub"));
  r = bob.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "could be another machine posing as the server"), r.err);
  WriteFile(bob.home + "/.ssh/known_hosts", t.ssh->known_hosts);
  // A key the server does not accept.
  const std::string key = ReadFile(bob.home + "/.ssh/id_ed25519");
  const std::string pub = ReadFile(bob.home + "/.ssh/id_ed25519.pub");
  GitOk({"init", "-q", t.origin.dir / "other"}, t.origin.dir.path());
  Run({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", t.origin.dir / "other/key"},
      t.origin.dir.path());
  WriteFile(bob.home + "/.ssh/id_ed25519", ReadFile(t.origin.dir / "other/key"));
  WriteFile(bob.home + "/.ssh/id_ed25519.pub", ReadFile(t.origin.dir / "other/key.pub"));
  r = bob.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(
      Contains(r.err, "refused every SSH key offered (tried: " + bob.home + "/.ssh/id_ed25519)"),
      r.err);
  // None at all.
  std::remove((bob.home + "/.ssh/id_ed25519").c_str());
  std::remove((bob.home + "/.ssh/id_ed25519.pub").c_str());
  r = bob.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "no ssh-agent and no ~/.ssh/id_ed25519"), r.err);
  WriteFile(bob.home + "/.ssh/id_ed25519", key);
  chmod((bob.home + "/.ssh/id_ed25519").c_str(), 0600);
  WriteFile(bob.home + "/.ssh/id_ed25519.pub", pub);
  // No such repository over SSH.
  r = bob.Do({"sync", t.ssh->Url(t.srv + "/nowhere.git")});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "there is no repository at"), r.err);
  // An ssh command Dossier cannot run: refused before connecting.
  std::vector<std::string> env = bob.Env();
  env.push_back("GIT_SSH_COMMAND=ssh -i /somewhere/key");
  r = Dossier({"sync"}, bob.clone, env);
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "GIT_SSH_COMMAND is set ('ssh -i /somewhere/key')"), r.err);
  BOOST_TEST(r.out == "");
  bob.GitIn({"config", "core.sshCommand", "ssh -p 2222"});
  r = bob.Do({"sync"});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "core.sshCommand is set"), r.err);
  bob.GitIn({"config", "--unset", "core.sshCommand"});
  // A branch name git would refuse.
  r = bob.Do({"sync", "origin", "bad..name"});
  BOOST_TEST(r.code == 2);
  BOOST_TEST(Contains(r.err, "'bad..name' is not a valid branch name"), r.err);
  unchanged();
  BOOST_TEST(alice.GitIn({"status", "--porcelain"}).out == "");
  BOOST_TEST(bob.GitIn({"status", "--porcelain"}).out == "");

  // Put right, both go through.
  alice.Ok({"sync"});
  bob.Ok({"sync"});
  BOOST_TEST(t.RemoteHead() == Head(bob.clone) + "\n");
  BOOST_TEST(Contains(ReadFile(alice.home + "/.git-credentials"), kPassword));  // approved
}

BOOST_AUTO_TEST_CASE(upstream_branch_and_sync_remote_branch) {
  Team t(Team::kNone);
  Person alice = t.Join("alice", false), bob = t.Join("bob", false);
  // Alice works on a branch of her own on the remote: sync REMOTE BRANCH.
  const std::string art = AddRecord(alice, "draft.txt", "7.5.3", "2026-03-05");
  RunResult r = alice.Ok({"sync", "origin", "alice/draft"});
  BOOST_TEST(Contains(r.out, "pushed main to origin/alice/draft: 3 commits out"), r.out);
  BOOST_TEST(GitOk({"rev-parse", "refs/heads/alice/draft"}, t.bare).out ==
             Head(alice.clone) + "\n");
  BOOST_TEST(t.RemoteHead() != Head(alice.clone) + "\n");  // main untouched
  // Bob's main tracks it (branch.main.merge): a plain sync meets it there.
  bob.GitIn({"config", "branch.main.remote", "origin"});
  bob.GitIn({"config", "branch.main.merge", "refs/heads/alice/draft"});
  r = bob.Ok({"sync", "--json"});
  const bj::value doc = bj::parse(r.out);
  BOOST_TEST(doc.at("remote_branch").as_string() == "alice/draft");
  BOOST_TEST(doc.at("action").as_string() == "fast-forward");
  BOOST_TEST(AllIds(bob).count(art) == 1u);
  BOOST_TEST(GitOk({"rev-parse", "refs/remotes/origin/alice/draft"}, bob.clone).out ==
             Head(alice.clone) + "\n");
}

BOOST_AUTO_TEST_CASE(a_push_refused_because_the_remote_moved_is_retried_after_a_merge) {
  Team t(Team::kHttp);
  Person alice = t.Join("alice", false), carol = t.Join("carol", false);
  // Carol's work reaches the server on a side branch; the server's
  // pre-receive hook moves main to it while Alice's push is under way, as
  // if Carol had pushed in between (the first time only).
  const std::string carols = AddRecord(carol, "carol.txt", "8.5.1", "2026-03-05");
  carol.Ok({"sync", "origin", "carol"});
  const std::string hook = t.bare + "/hooks/pre-receive";
  WriteFile(hook,
            "#!/bin/sh\n"
            "while read old new ref; do [ \"$ref\" = refs/heads/main ] || exit 0; done\n"
            "n=$(cat \"$GIT_DIR/moves\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "
            "\"$GIT_DIR/moves\"\n"
            "[ $n -le $(cat \"$GIT_DIR/move-limit\") ] || exit 0\n"
            "unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\n"
            "export GIT_AUTHOR_NAME=Dave GIT_AUTHOR_EMAIL=dave@example.org "
            "GIT_COMMITTER_NAME=Dave GIT_COMMITTER_EMAIL=dave@example.org\n"
            "if [ $n -eq 1 ]; then new=$(git rev-parse refs/heads/carol); else\n"
            "  new=$(git commit-tree -p refs/heads/main -m \"Dave's push $n\" "
            "'refs/heads/main^{tree}'); fi\n"
            "git update-ref refs/heads/main $new\n");
  chmod(hook.c_str(), 0755);
  WriteFile(t.bare + "/move-limit", "1\n");
  const std::string alices = AddRecord(alice, "alice.txt", "8.5.1", "2026-03-05");
  RunResult r = alice.Ok({"sync", "--json"});
  const bj::value doc = bj::parse(r.out);
  BOOST_TEST(doc.at("attempts").as_int64() == 2);
  BOOST_TEST(doc.at("action").as_string() == "merge");
  BOOST_TEST(doc.at("outgoing").at("pushed").as_bool());
  BOOST_TEST(t.RemoteHead() == Head(alice.clone) + "\n");
  const std::set<std::string> ids = AllIds(alice);
  BOOST_TEST(ids.count(carols) == 1u);
  BOOST_TEST(ids.count(alices) == 1u);
  BOOST_TEST(alice.Do({"verify"}).code == 0);

  // Someone pushes before every attempt: after 3, stop and say so; what
  // came in is merged and kept, and the next sync goes through.
  WriteFile(t.bare + "/moves", "0\n");
  WriteFile(t.bare + "/move-limit", "3\n");
  AddRecord(alice, "alice2.txt", "8.5.1", "2026-03-06");
  r = alice.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "it moved again before each of 3 attempts"), r.err);
  BOOST_TEST(r.out == "");
  BOOST_TEST(alice.GitIn({"status", "--porcelain"}).out == "");
  BOOST_TEST(alice.GitIn({"merge-base", "--is-ancestor", "origin/main", "HEAD"}).code == 0);
  r = alice.Ok({"sync"});
  BOOST_TEST(t.RemoteHead() == Head(alice.clone) + "\n");
  BOOST_TEST(Contains(alice.GitIn({"log", "--format=%s"}).out, "Dave's push 3"));
}

BOOST_AUTO_TEST_CASE(a_protected_branch_is_reported_with_what_the_server_said) {
  Team t(Team::kHttp);
  Person alice = t.Join("alice", false);
  const std::string hook = t.bare + "/hooks/pre-receive";
  WriteFile(hook,
            "#!/bin/sh\n"
            "while read old new ref; do\n"
            "  if [ \"$ref\" = refs/heads/main ]; then\n"
            "    echo \"GitLab: You are not allowed to push code to protected branches on this "
            "project.\" >&2; exit 1; fi\n"
            "done\n");
  chmod(hook.c_str(), 0755);
  const std::string before = t.RemoteHead();
  AddRecord(alice, "a.txt", "8.4.1", "2026-03-05");
  const std::string mine = Head(alice.clone);
  RunResult r = alice.Do({"sync"});
  BOOST_TEST(r.code == 3);
  BOOST_TEST(Contains(r.err, "the remote refused the update of origin/main"), r.err);
  BOOST_TEST(Contains(r.err, "You are not allowed to push code to protected branches"), r.err);
  BOOST_TEST(Contains(r.err, "dossier sync origin BRANCH"), r.err);
  BOOST_TEST(t.RemoteHead() == before);
  BOOST_TEST(Head(alice.clone) == mine);
  // Her own branch is not protected.
  alice.Ok({"sync", "origin", "alice/a"});
  BOOST_TEST(GitOk({"rev-parse", "refs/heads/alice/a"}, t.bare).out == mine + "\n");
}

BOOST_AUTO_TEST_CASE(one_finding_advanced_in_two_clones_is_merged_step_by_step) {
  Team t(Team::kNone);
  Person alice = t.Join("alice", false), bob = t.Join("bob", false);
  const std::string fix = AddRecord(alice, "new-schedule.txt", "8.4.1", "2026-03-05");
  const std::string f =
      Id(alice.Ok({"finding", "open", "--title", "supplier not evaluated", "--grade", "minor",
                   "--clause", "8.4.1", "--as-of", "2026-03-05", "--json"}));
  alice.Ok({"finding", "analyse", f, "--correction", "evaluated ACME", "--cause", "no schedule",
            "--as-of", "2026-03-05"});
  alice.Ok({"finding", "plan", f, "--action", "a schedule", "--due", "2026-05-01", "--as-of",
            "2026-03-05"});
  alice.Ok({"sync"});
  bob.Ok({"sync"});
  // Apart: Alice revises the plan on the 6th; Bob, not knowing, records on
  // the 8th that the action was implemented.
  alice.Ok(
      {"finding", "plan", f, "--action", "a yearly schedule with owners", "--as-of", "2026-03-06"});
  bob.Ok({"finding", "implement", f, "--evidence", fix, "--as-of", "2026-03-08"});
  alice.Ok({"sync"});
  RunResult r = bob.Ok({"sync", "--json"});
  const bj::value doc = bj::parse(r.out);
  BOOST_TEST(doc.at("action").as_string() == "merge");
  BOOST_TEST(doc.at("merged_entities").as_array().size() == 1u);
  BOOST_TEST(doc.at("merged_entities").at(0).as_string() == "dossier/findings/" + f + ".json");
  alice.Ok({"sync"});
  for (const Person* p : {&alice, &bob}) {
    BOOST_TEST_CONTEXT(p->name) {
      BOOST_TEST(State(*p, f) == "implemented");
      BOOST_TEST(Steps(*p, f) ==
                 (std::vector<std::string>{
                     ">open alice 2026-03-05", "open>analysed alice 2026-03-05",
                     "analysed>planned alice 2026-03-05", "planned>planned alice 2026-03-06",
                     "planned>implemented bob 2026-03-08"}));
      const bj::value shown = bj::parse(p->Ok({"finding", "show", f, "--json"}).out).at("finding");
      BOOST_TEST(shown.at("action").as_string() == "a yearly schedule with owners");
      BOOST_TEST(Contains(bj::serialize(shown), fix));
      BOOST_TEST(p->Do({"verify"}).code == 0);
    }
  }
  BOOST_TEST(Head(alice.clone) == Head(bob.clone));
}

BOOST_AUTO_TEST_CASE(one_finding_moved_on_twice_from_the_same_state_stops_with_a_report) {
  Team t(Team::kNone);
  Person alice = t.Join("alice", false), bob = t.Join("bob", false);
  const std::string f =
      Id(alice.Ok({"finding", "open", "--title", "complaint not logged", "--grade", "minor",
                   "--clause", "9.1.2", "--as-of", "2026-03-05", "--json"}));
  alice.Ok({"sync"});
  bob.Ok({"sync"});
  alice.Ok({"finding", "analyse", f, "--correction", "logged it", "--cause", "form unclear",
            "--as-of", "2026-03-06"});
  bob.Ok({"finding", "analyse", f, "--correction", "called the customer", "--cause", "no training",
          "--as-of", "2026-03-07"});
  alice.Ok({"sync"});
  const std::string bob_before = Head(bob.clone), remote_before = t.RemoteHead();
  RunResult r = bob.Do({"sync"});
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.out == "");
  BOOST_TEST(Contains(r.err, "finding " + f + " was changed on both sides"), r.err);
  BOOST_TEST(Contains(r.err, "both moved it on from open"), r.err);
  BOOST_TEST(Contains(r.err, "here open -> analysed by bob on 2026-03-07"), r.err);
  BOOST_TEST(Contains(r.err, "on origin/main open -> analysed by alice on 2026-03-06"), r.err);
  BOOST_TEST(Contains(r.err,
                      "'correction' is 'called the customer' here but 'logged it' on "
                      "origin/main"),
             r.err);
  BOOST_TEST(Contains(r.err, "git show "), r.err);
  // Nothing lost: each side keeps its step, the remote Alice's.
  BOOST_TEST(Head(bob.clone) == bob_before);
  BOOST_TEST(t.RemoteHead() == remote_before);
  BOOST_TEST(bob.GitIn({"status", "--porcelain"}).out == "");
  BOOST_TEST(Steps(bob, f).back() == "open>analysed bob 2026-03-07");
  BOOST_TEST(Steps(alice, f).back() == "open>analysed alice 2026-03-06");
}

BOOST_AUTO_TEST_CASE(a_killed_sync_leaves_the_clone_usable_and_the_next_sync_completes) {
  Team t(Team::kNone);
  Person alice = t.Join("alice", false), bob = t.Join("bob", false);
  for (const char* point :
       {"sync.fetched", "sync.merged", "sync.checked-out", "sync.before-push"}) {
    BOOST_TEST_CONTEXT(point) {
      const std::string hers = AddRecord(alice, std::string("a-") + point, "7.2", "2026-03-05");
      alice.Ok({"sync"});
      const std::string his = AddRecord(bob, std::string("b-") + point, "7.2", "2026-03-05");
      std::vector<std::string> env = bob.Env();
      env.push_back(std::string("DOSSIER_FAULT=") + point);
      RunResult killed = Dossier({"sync"}, bob.clone, env);
      BOOST_TEST(killed.code == 128 + SIGKILL);
      // Usable: commands work and see at least what it had.
      BOOST_TEST(Contains(bob.Ok({"list", "--json"}).out, his));
      BOOST_TEST(bob.GitIn({"fsck", "--no-progress"}).code == 0);
      // The next sync completes, and both clones meet.
      bob.Ok({"sync"});
      alice.Ok({"sync"});
      BOOST_TEST(Head(alice.clone) == Head(bob.clone));
      BOOST_TEST(t.RemoteHead() == Head(bob.clone) + "\n");
      BOOST_TEST(Contains(bob.Ok({"list", "--json"}).out, hers));
      BOOST_TEST(bob.GitIn({"status", "--porcelain"}).out == "");
      BOOST_TEST(!Exists(bob.clone + "/.git/dossier-sync"));
    }
  }
  BOOST_TEST(AllIds(bob) == AllIds(alice));
  RunResult verify = bob.Do({"verify"});
  BOOST_TEST(verify.code == 0, verify.err + verify.out);
}

BOOST_AUTO_TEST_SUITE_END()
