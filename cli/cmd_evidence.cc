// init, add, link, approve, list, show, status, verify, log.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "cli.h"
#include "dossier/evidence.h"
#include "dossier/json.h"
#include "dossier/json_documents.h"

namespace dossier::cli {
namespace {

po::positional_options_description NoPositional() { return {}; }

void AddMetadataOptions(po::options_description& desc) {
  desc.add_options()(
      "clause", po::value<std::string>(),
      "clauses served, comma-separated (a parent such as 8.4 means all its clauses)")(
      "kind", po::value<std::string>(), "document (maintained) or record (retained)")(
      "requirement", po::value<std::vector<std::string>>()->composing(),
      "documented-information requirement met, e.g. M3 or R19 (repeatable)")(
      "title", po::value<std::string>(), "title (default: the file name)")(
      "owner", po::value<std::string>(), "who owns it")(
      "effective", po::value<std::string>(), "the date the evidence is about (YYYY-MM-DD)")(
      "expires", po::value<std::string>(), "end of validity (YYYY-MM-DD)")(
      "review-every", po::value<std::string>(), "documents: review period, e.g. 12m");
}

ArtifactMetadata ReadMetadata(const po::variables_map& vm) {
  ArtifactMetadata m;
  if (vm.count("kind")) m.kind = Check(ParseArtifactKind(vm["kind"].as<std::string>()));
  if (vm.count("clause")) m.clauses = vm["clause"].as<std::string>();
  if (vm.count("requirement")) {
    for (const auto& r : vm["requirement"].as<std::vector<std::string>>()) {
      for (const auto& item : SplitCommas(r)) m.requirements.push_back(item);
    }
  }
  if (vm.count("title")) m.title = vm["title"].as<std::string>();
  if (vm.count("owner")) m.owner = vm["owner"].as<std::string>();
  m.effective = OptionalDate(vm, "effective");
  m.expires = OptionalDate(vm, "expires");
  if (vm.count("review-every")) {
    m.review_every = Check(Period::Parse(vm["review-every"].as<std::string>(), "--review-every"));
  }
  return m;
}

}  // namespace

int RunInit(Invocation& inv) {
  po::options_description desc("init options");
  desc.add_options()("dir", po::value<std::string>(),
                     "where (default: -C DIR or the current directory)")(
      "org", po::value<std::string>(), "the organisation's name (required)")(
      "checklist", po::value<std::string>()->default_value("iso9001-2015"),
      "the standard's checklist")(
      "unsigned-approvals", "approvals need no signature by the approver's key (not recommended)");
  po::positional_options_description pos;
  pos.add("dir", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "init [DIR] --org NAME")) return 0;
  if (!vm.count("org")) Usage("init needs --org NAME (the organisation being certified)");
  std::string dir = inv.global.dir.empty() ? inv.cwd : inv.global.dir;
  if (vm.count("dir")) {
    std::string d = vm["dir"].as<std::string>();
    dir = d[0] == '/' ? d : dir + "/" + d;
  }
  InitOptions opts;
  opts.organisation = vm["org"].as<std::string>();
  opts.checklist = vm["checklist"].as<std::string>();
  opts.unsigned_approvals = vm.count("unsigned-approvals") > 0;
  auto repo = Check(Repository::Init(dir, opts, inv.MakeContext()));
  inv.out << "Initialised evidence repository for " << opts.organisation << " in " << repo.root()
          << "\n";
  return 0;
}

int RunAdd(Invocation& inv) {
  po::options_description desc("add options");
  desc.add_options()("path", po::value<std::vector<std::string>>(), "files or folders to file")(
      "to", po::value<std::string>(),
      "folder under evidence/ for copies (default: documents or records)");
  AddMetadataOptions(desc);
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  const char* usage =
      "add PATH... --clause C[,C] --kind document|record [--requirement M3] [--title T] "
      "[--owner O] [--effective DATE] [--expires DATE] [--review-every 12m] [--to DIR]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("path"))
    Usage(std::string("add needs at least one PATH (usage: dossier ") + usage + ")");
  AddOptions opts;
  opts.paths = vm["path"].as<std::vector<std::string>>();
  opts.cwd = inv.cwd;
  if (vm.count("to")) opts.to = vm["to"].as<std::string>();
  opts.metadata = ReadMetadata(vm);
  Repository& repo = inv.Repo();
  AddResult r = Check(AddArtifacts(repo, inv.MakeContext(), opts));
  if (inv.global.json) {
    inv.out << AddResultJson(r);
    return 0;
  }
  for (const auto& a : r.added) inv.out << "added     " << a.id << "  " << a.path << "\n";
  for (const auto& a : r.revised) {
    inv.out << "revised   " << a.id << "  " << a.path;
    if (a.approval && !a.approved()) inv.out << "  (approval no longer matches: re-approve)";
    inv.out << "\n";
  }
  for (const auto& a : r.unchanged) inv.out << "unchanged " << a.id << "  " << a.path << "\n";
  for (const auto& p : r.skipped) {
    inv.out << "skipped   " << p << "  (hidden or lock file; name it on its own to file it)\n";
  }
  if (r.commit) inv.out << "committed " << r.commit->commit.substr(0, 12) << "\n";
  return 0;
}

int RunLink(Invocation& inv) {
  po::options_description desc("link options");
  desc.add_options()("url", po::value<std::string>(), "the external evidence (wiki page, ticket)")(
      "snapshot", po::value<std::string>(), "a captured copy of it (required)")(
      "to", po::value<std::string>(), "folder under evidence/ (default: links)");
  AddMetadataOptions(desc);
  po::positional_options_description pos;
  pos.add("url", 1);
  po::variables_map vm;
  const char* usage = "link URL --snapshot FILE --clause C --kind document|record [--title T] ...";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("url")) Usage(std::string("link needs a URL (usage: dossier ") + usage + ")");
  Artifact a =
      Check(LinkArtifact(inv.Repo(), inv.MakeContext(), vm["url"].as<std::string>(),
                         vm.count("snapshot") ? vm["snapshot"].as<std::string>() : "", inv.cwd,
                         vm.count("to") ? vm["to"].as<std::string>() : "", ReadMetadata(vm)));
  if (inv.global.json) {
    inv.out << ToJson(a);
  } else {
    inv.out << "linked " << a.id << "  " << a.url << "  (snapshot " << a.path << ")\n";
  }
  return 0;
}

int RunApprove(Invocation& inv) {
  po::options_description desc("approve options");
  desc.add_options()("id", po::value<std::string>(), "artifact id (any unique prefix) or path")(
      "by", po::value<std::string>(), "who approves (default: the author, or the key's person)")(
      "key", po::value<std::string>(),
      "the approver's private key (default: theirs in ~/.config/dossier/keys)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "approve ID|PATH [--by NAME] [--key KEY.pem]")) return 0;
  if (!vm.count("id")) Usage("approve needs an artifact ID or PATH");
  std::string key = Opt(vm, "key");
  if (!key.empty() && key[0] != '/') key = inv.cwd + "/" + key;
  Artifact a = Check(ApproveArtifact(inv.Repo(), inv.MakeContext(), vm["id"].as<std::string>(),
                                     vm.count("by") ? vm["by"].as<std::string>() : "", inv.cwd, key,
                                     KeyDir()));
  if (inv.global.json) {
    inv.out << ToJson(a);
  } else {
    inv.out << "approved " << a.id << "  " << a.path << "  sha256 " << a.sha256.Short() << " by "
            << a.approval->by << " on " << a.approval->date.ToString()
            << (a.approval->signature.empty()
                    ? "  (unsigned)"
                    : "  signed with key " + a.approval->key.substr(0, 16))
            << "\n";
  }
  return 0;
}

int RunList(Invocation& inv) {
  po::options_description desc("list options");
  desc.add_options()("clause", po::value<std::string>(), "only artifacts serving these clauses")(
      "kind", po::value<std::string>(), "only documents or records")(
      "requirement", po::value<std::string>(), "only artifacts meeting this requirement");
  po::variables_map vm;
  if (!inv.Parse(desc, NoPositional(), vm,
                 "list [--clause C] [--kind K] [--requirement R] [--json]"))
    return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  std::set<std::string> clauses;
  if (vm.count("clause")) {
    auto leaves = Check(snap.checklist.ExpandClauses(vm["clause"].as<std::string>()));
    clauses.insert(leaves.begin(), leaves.end());
  }
  std::optional<ArtifactKind> kind;
  if (vm.count("kind")) kind = Check(ParseArtifactKind(vm["kind"].as<std::string>()));
  std::string req;
  if (vm.count("requirement"))
    req = Check(snap.checklist.CheckRequirement(vm["requirement"].as<std::string>()))->id;
  const Date today = inv.Today();
  std::vector<const Artifact*> shown;
  for (const auto& a : snap.artifacts) {
    if (kind && a.kind != *kind) continue;
    if (!clauses.empty() && std::none_of(a.clauses.begin(), a.clauses.end(),
                                         [&](const std::string& c) { return clauses.count(c); }))
      continue;
    if (!req.empty() &&
        std::find(a.requirements.begin(), a.requirements.end(), req) == a.requirements.end())
      continue;
    shown.push_back(&a);
  }
  if (inv.global.json) {
    WriteArtifactsJson(inv.out, shown, today);
    return 0;
  }
  for (const auto* a : shown) {
    inv.out << a->id << "  " << std::left << std::setw(8) << ToString(a->kind) << "  "
            << std::setw(22) << ArtifactState(*a, today) << "  " << std::setw(16)
            << Join(a->clauses, ",") << "  " << a->path;
    if (!a->title.empty() && a->title != a->path.substr(a->path.rfind('/') + 1))
      inv.out << "  \"" << OneLine(a->title) << "\"";
    inv.out << "\n";
  }
  if (shown.empty()) inv.err << "no artifacts match\n";
  return 0;
}

int RunShow(Invocation& inv) {
  po::options_description desc("show options");
  desc.add_options()("id", po::value<std::string>(), "artifact id (any unique prefix) or path");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "show ID|PATH [--json]")) return 0;
  if (!vm.count("id")) Usage("show needs an artifact ID or PATH");
  Snapshot snap =
      Check(LoadArtifact(inv.Repo(), inv.global.at, inv.cwd, vm["id"].as<std::string>()));
  const Artifact& a = snap.artifacts.front();
  if (inv.global.json) {
    inv.out << ArtifactJson(a);
    return 0;
  }
  const Date today = inv.Today();
  auto line = [&](const char* k, const std::string& v) {
    if (!v.empty()) inv.out << std::left << std::setw(14) << k << v << "\n";
  };
  line("id", a.id);
  line("kind", ToString(a.kind));
  line("title", a.title);
  line("path", a.path);
  line("url", a.url);
  std::vector<std::string> clause_lines;
  for (const auto& c : a.clauses) {
    const Clause* cl = snap.checklist.FindClause(c);
    clause_lines.push_back(c + (cl ? " " + cl->title : std::string(" (unknown clause)")));
  }
  line("clauses", Join(clause_lines, "\n              "));
  line("requirements", Join(a.requirements, ","));
  line("sha256", a.sha256.hex());
  line("size", std::to_string(a.size));
  line("owner", a.owner);
  line("collected", a.collected.ToString());
  if (a.effective) line("effective", a.effective->ToString());
  if (a.expires) line("expires", a.expires->ToString());
  if (a.review_every) line("review every", a.review_every->ToString());
  if (auto due = a.NextReview(); due && a.kind == ArtifactKind::kDocument)
    line("review due", due->ToString());
  if (a.approval) {
    line("approval",
         "by " + a.approval->by + " on " + a.approval->date.ToString() + " of sha256 " +
             a.approval->sha256.Short() +
             (a.approval->sha256 != a.sha256 ? "  (VOID: the document changed since)" : ""));
    switch (a.approval->signature_state) {
      case SignatureState::kValid:
        line("signature",
             "valid, by key " + a.approval->key.substr(0, 16) + " of " + a.approval->by);
        break;
      case SignatureState::kUnsigned:
        line("signature", "none (unsigned approval: anyone with write access could have made it)");
        break;
      case SignatureState::kInvalid:
        line("signature",
             "NOT VALID, so the document is not approved: " + a.approval->signature_problem);
        break;
      case SignatureState::kUnchecked:
        break;
    }
  }
  line("state", ArtifactState(a, today));
  for (const auto& r : a.revisions) {
    line("earlier", r.collected.ToString() + " sha256 " + r.sha256.Short() + " (" +
                        std::to_string(r.size) + " bytes)");
  }
  return 0;
}

int RunStatus(Invocation& inv) {
  po::options_description desc("status options");
  po::variables_map vm;
  if (!inv.Parse(desc, NoPositional(), vm, "status [--json]")) return 0;
  if (!inv.global.at.empty()) {
    Usage(
        "status compares the work tree with what is filed; --at does not apply "
        "(to check a revision: dossier verify --at REV)");
  }
  Repository& repo = inv.Repo();
  Snapshot snap = Check(repo.Load());
  WorkTreeStatus st = Check(CheckWorkTree(repo, snap));
  if (inv.global.json) {
    inv.out << WorkTreeStatusJson(st);
    return 0;
  }
  for (const auto& p : st.unfiled) inv.out << "unfiled   " << p << "\n";
  for (const auto& id : st.changed)
    inv.out << "changed   " << id << "  " << snap.FindArtifact(id)->path << "\n";
  for (const auto& id : st.missing)
    inv.out << "missing   " << id << "  " << snap.FindArtifact(id)->path << "\n";
  for (const auto& d : st.duplicated) inv.out << "filed twice " << d << "\n";
  for (const auto& l : st.symlinks) {
    inv.out << "symlink   " << l
            << "  (not evidence and never followed: replace it with the file itself)\n";
  }
  for (const auto& p : st.approvals_not_counted) inv.out << "not approved " << p << "\n";
  for (const auto& id : st.unsigned_approvals) {
    inv.out << "unsigned  " << id << "  " << snap.FindArtifact(id)->path
            << "  (approval without a signature: re-approve with a registered key)\n";
  }
  if (st.unfiled.empty() && st.changed.empty() && st.missing.empty() && st.duplicated.empty() &&
      st.symlinks.empty() && st.approvals_not_counted.empty()) {
    inv.out << "clean: " << snap.artifacts.size() << " artifacts filed, nothing unfiled\n";
  }
  return 0;
}

int RunVerify(Invocation& inv) {
  po::options_description desc("verify options");
  po::variables_map vm;
  desc.add_options()("accept-rewrite",
                     "the history was rewritten on purpose: verify against it from now on");
  if (!inv.Parse(desc, NoPositional(), vm, "verify [--at REV] [--accept-rewrite] [--json]"))
    return 0;
  Repository& repo = inv.Repo();
  VerifyReport r = Check(LoadAndVerifyRepository(repo, inv.global.at, inv.MakeContext(),
                                                 vm.count("accept-rewrite") > 0));
  const size_t total = r.problems.size() + r.approval_problems.size() + r.untrusted_keys.size() +
                       (r.rewritten_from.empty() ? 0 : 1);
  if (inv.global.json) {
    inv.out << VerifyReportJson(r);
  } else {
    for (const auto& p : r.problems) {
      if (!p.link.empty()) {
        inv.out << "SYMLINK   " << (p.artifact.empty() ? p.path : p.artifact + "  " + p.path)
                << "\n          " << p.link << " is a symbolic link to " << p.link_target
                << "; evidence is regular files, links are not followed\n";
      } else if (p.actual.empty()) {
        inv.out << "MISSING   " << p.artifact << "  " << p.path << "\n          expected "
                << p.expected << "\n";
      } else {
        inv.out << "MODIFIED  " << p.artifact << "  " << p.path << "\n          expected "
                << p.expected << "\n          actual   " << p.actual << "\n";
      }
    }
    for (const auto& c : r.conversions) {
      inv.out << "GIT-CONVERTS  " << c.artifact << "  " << c.path << "  (" << c.settings << ")\n";
    }
    if (!r.conversions.empty()) {
      inv.out << r.conversions.size() << " evidence file"
              << (r.conversions.size() == 1 ? " is" : "s are")
              << " under git settings that change a file's bytes on checkout or git add, so a "
                 "clone or a plain git commit would not hold what was hashed. Dossier's own "
                 "commits keep the bytes exact. Remove the settings (look in .git/info/attributes, "
                 ".gitattributes files under evidence/, git config core.autocrlf), or add this "
                 "line to .git/info/attributes:\n    /evidence/** -text -filter -ident "
                 "-working-tree-encoding\n";
    }
    for (const auto& p : r.approval_problems) {
      inv.out << "NOT APPROVED  " << p.artifact << "  " << p.path << "\n          " << p.why
              << "\n";
    }
    for (const auto& k : r.untrusted_keys) inv.out << "UNTRUSTED KEY  " << k << "\n";
    if (!r.rewritten_from.empty()) {
      inv.out << "HISTORY REWRITTEN  commit " << r.rewritten_from.substr(0, 12)
              << ", which the last verify in this clone saw as the latest, is no longer in the "
                 "history (amend, rebase, reset or filter-branch since): compare with the shared "
                 "remote or an evidence pack made before; once understood, run dossier verify "
                 "--accept-rewrite\n";
    }
    inv.out << r.checked << " artifacts checked, " << total << " problem" << (total == 1 ? "" : "s")
            << "\n";
    if (!r.unsigned_approvals.empty()) {
      // The first kNamed by id; the rest counted, which `status` lists one
      // by one (at 100,000 artifacts, 25,000 ids on one line are read by no one).
      constexpr size_t kNamed = 50;
      const size_t n = r.unsigned_approvals.size();
      inv.out << "warning: " << n << " approval" << (n == 1 ? " is" : "s are")
              << " not signed (anyone with write access could have made "
              << (n == 1 ? "it" : "them") << "); re-approve with a registered key: ";
      for (size_t i = 0; i < std::min(n, kNamed); ++i) {
        inv.out << (i ? ", " : "") << r.unsigned_approvals[i];
      }
      if (n > kNamed) inv.out << ", and " << n - kNamed << " more (dossier status lists each)";
      inv.out << "\n";
    }
    if (!r.outside_commits.empty()) {
      inv.out << "note: " << r.outside_commits.size() << " commit"
              << (r.outside_commits.size() == 1 ? "" : "s")
              << " changed the evidence or its records without dossier (plain git); check them "
                 "with git show:\n";
      for (const auto& c : r.outside_commits) {
        inv.out << "  " << c.commit.substr(0, 12) << "  "
                << Date::FromUnixSeconds(c.time).ToString() << "  " << c.author << "  " << c.summary
                << "\n";
      }
    }
  }
  return r.ok() ? 0 : 1;
}

int RunLog(Invocation& inv) {
  po::options_description desc("log options");
  desc.add_options()("what", po::value<std::string>(),
                     "an entity id (any unique prefix) or a repository path")(
      "max-count,n", po::value<size_t>(), "at most this many entries");
  po::positional_options_description pos;
  pos.add("what", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "log [ID|PATH] [-n N] [--at REV] [--json]")) return 0;
  auto history = Check(AuditTrail(inv.Repo(), inv.global.at, inv.cwd,
                                  vm.count("what") ? vm["what"].as<std::string>() : ""));
  size_t limit = vm.count("max-count") ? vm["max-count"].as<size_t>() : history.size();
  if (history.size() > limit) history.resize(limit);
  if (inv.global.json) {
    inv.out << AuditTrailJson(history);
    return 0;
  }
  for (const auto& h : history) {
    inv.out << FormatTime(h.time, TimeForm::kMinutes) << "  " << h.commit.substr(0, 10) << "  "
            << OneLine(h.author) << "\n    " << OneLine(h.summary) << "\n";
  }
  return 0;
}

}  // namespace dossier::cli
