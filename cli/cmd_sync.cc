// sync [REMOTE [BRANCH]] [--no-push]: meet the other clones on a shared git remote.
#include <map>

#include "cli.h"
#include "dossier/json_documents.h"
#include "dossier/sync.h"
#include "dossier/text.h"

namespace dossier::cli {
namespace {

void PrintCommits(std::ostream& os, const std::vector<SyncCommit>& commits) {
  for (const auto& c : commits) {
    os << "  " << c.id.substr(0, 12) << "  " << c.summary << "  (" << c.author << ")\n";
  }
}

// A relative path is relative to where the user is (or -C DIR), as in git.
std::string RemoteArgument(const Invocation& inv, const std::string& arg) {
  if (arg.empty() || arg[0] == '/' || arg.find("://") != std::string::npos) return arg;
  const bool path_like = arg == "." || arg == ".." || arg.find('/') != std::string::npos;
  return path_like ? inv.cwd + "/" + arg : arg;
}

}  // namespace

int RunSync(Invocation& inv) {
  po::options_description desc("sync options");
  desc.add_options()("remote", po::value<std::string>(),
                     "remote name, URL or path (default: the branch's upstream, else origin)")(
      "branch", po::value<std::string>(),
      "the remote's branch (default: the upstream's, branch.X.merge, else the current branch's "
      "name)")("no-push", "fetch and merge only; do not push");
  po::positional_options_description pos;
  pos.add("remote", 1);
  pos.add("branch", 1);
  po::variables_map vm;
  const std::string usage = "sync [REMOTE [BRANCH]] [--no-push]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!inv.global.at.empty()) {
    Usage("sync moves the current branch; --at REV does not apply (usage: dossier " + usage + ")");
  }
  SyncOptions o;
  if (vm.count("remote")) o.remote = RemoteArgument(inv, vm["remote"].as<std::string>());
  if (vm.count("branch")) {
    o.branch = vm["branch"].as<std::string>();
    if (o.remote.empty()) Usage("BRANCH needs a REMOTE before it (usage: dossier " + usage + ")");
  }
  o.push = !vm.count("no-push");
  SyncResult r = Check(Sync(inv.Repo(), inv.MakeContext(), o));
  // Shared history rewritten: said on stderr in every format, as git says
  // its warnings, so that a script reading --json cannot miss it either.
  const std::string tracked = r.remote + "/" + r.remote_branch;
  if (!r.remote_dropped.empty()) {
    inv.err << "warning: the history on " << tracked << " was rewritten since the last sync: it "
            << "no longer contains commit " << r.remote_dropped.substr(0, 12)
            << ", which it had (a force push). Both histories are kept here; find out who "
               "rewrote it and why (git log "
            << r.remote_dropped.substr(0, 12) << ").\n";
  }
  if (!r.local_dropped.empty()) {
    inv.err << "warning: this clone's history was rewritten after it was shared: " << r.branch
            << " no longer contains commit " << r.local_dropped.substr(0, 12) << ", which "
            << tracked
            << " has (an amend, reset or filter-branch here). The "
               "sync merges both histories back together.\n";
  }

  if (inv.global.json) {
    inv.out << SyncResultJson(r);
    return 0;
  }
  const std::string where = r.remote + "/" + r.remote_branch;
  if (r.attempts > 1) {
    inv.out << where << " moved while this sync ran (someone else pushed): merged again and "
            << "pushed at attempt " << r.attempts << "\n";
  }
  if (r.action == "up-to-date") {
    inv.out << "nothing new on " << where << "\n";
  } else {
    inv.out << (r.action == "merge" ? "merged " : "fast-forwarded to ") << where << ": "
            << r.incoming.size() << " commit" << (r.incoming.size() == 1 ? "" : "s") << " in, "
            << "HEAD " << r.head.substr(0, 12) << "\n";
    PrintCommits(inv.out, r.incoming);
    // By kind: how many entities were added, changed, removed.
    std::map<std::string, std::map<std::string, int>> counts;
    for (const auto& e : r.entities) ++counts[e.kind][e.change];
    for (const auto& [kind, by_change] : counts) {
      inv.out << "  " << kind << ":";
      for (const char* change : {"added", "changed", "removed"}) {
        auto it = by_change.find(change);
        if (it != by_change.end()) inv.out << " " << it->second << " " << change;
      }
      inv.out << "\n";
    }
    for (const auto& p : r.merged_entities) {
      inv.out << "  changed on both sides, merged field by field: " << p << "\n";
    }
    if (!r.other_files.empty()) {
      inv.out << "  other files: " << r.other_files.size() << " (" << Join(r.other_files, ", ")
              << ")\n";
    }
  }
  if (r.pushed) {
    inv.out << "pushed " << r.branch << " to " << (r.remote_branch == r.branch ? r.remote : where)
            << ": " << r.outgoing.size() << " commit" << (r.outgoing.size() == 1 ? "" : "s")
            << " out\n";
    PrintCommits(inv.out, r.outgoing);
  } else if (!r.outgoing.empty()) {
    inv.out << "not pushed (--no-push): " << r.outgoing.size() << " commit"
            << (r.outgoing.size() == 1 ? "" : "s") << " not on " << where << "\n";
  } else {
    inv.out << where << " has everything this clone has\n";
  }
  return 0;
}

}  // namespace dossier::cli
