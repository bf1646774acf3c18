// One mutating command = one Transaction = one commit (see transaction.h);
// the journal it keeps and its recovery are journal.cc.
#include "transaction.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "atomic_file.h"
#include "dossier/text.h"
#include "dossier/version.h"
#include "fault.h"
#include "git/remote.h"
#include "journal.h"
#include "repo_lock.h"
#include "repository_impl.h"

namespace dossier {
namespace fs = boost::filesystem;
namespace {

// The outermost folder on the way to `path` (below `root`) that does not
// exist yet: writing `path` creates it, so a rollback removes it. Empty when
// the parent folder exists.
fs::path FirstMissingFolder(const fs::path& root, const fs::path& path) {
  fs::path missing;
  boost::system::error_code ec;
  for (fs::path dir = path.parent_path(); dir != root && dir.has_relative_path();
       dir = dir.parent_path()) {
    if (fs::exists(fs::symlink_status(dir, ec))) break;
    missing = dir;
  }
  return missing;
}

// How long to wait for the lock: --wait, else dossier.ini, else the default.
// dossier.ini is read before the lock is held, for this one number only; a
// file that does not parse is reported once the lock is held and it is
// loaded.
double LockWaitSeconds(const Repository& repo, const Context& context) {
  if (context.lock_wait_seconds) return *context.lock_wait_seconds;
  std::ifstream in((fs::path(repo.root()) / layout::kConfigFile).string(), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto config = ParseConfig(ss.str(), layout::kConfigFile);
  if (config && config->lock_wait_seconds) return *config->lock_wait_seconds;
  return RepoLock::kDefaultWaitSeconds;
}

}  // namespace

std::string WithDossierTrailer(const std::string& message) {
  std::string out = message;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out + "\n\n" + kDossierTrailer + ": " + DOSSIER_VERSION + "\n";
}

bool HasDossierTrailer(const std::string& message) {
  // In the last paragraph, as git reads trailers.
  std::string text = message;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto last = text.rfind("\n\n");
  const std::string paragraph = last == std::string::npos ? "" : text.substr(last + 1);
  return paragraph.find(std::string("\n") + kDossierTrailer + ": ") != std::string::npos;
}

Result<RepoLock> LockForChange(Repository& repo, const Context& context) {
  git::Repo& git = RepositoryAccess::Of(repo).git;
  auto lock = RepoLock::Acquire(git.GitDir(), LockWaitSeconds(repo, context));
  if (!lock) return lock.error();
  fault::Point("lock.taken");
  DOSSIER_RETURN_IF_ERROR(RecoverInterruptedCommit(repo.root(), git));
  return std::move(*lock);
}

Transaction::Transaction(Repository& repo, const Context& context)
    : repo_(&repo), context_(context) {}

Transaction::Transaction(Transaction&& o) noexcept
    : repo_(o.repo_),
      context_(std::move(o.context_)),
      signature_(std::move(o.signature_)),
      lock_(std::move(o.lock_)),
      snapshot_(std::move(o.snapshot_)),
      staged_(std::move(o.staged_)) {}

Transaction::~Transaction() = default;

const std::string& Transaction::root() const { return repo_->root(); }

Result<Transaction> Transaction::Begin(Repository& repo, const Context& context, bool load) {
  Transaction tx(repo, context);
  auto sig =
      RepositoryAccess::Of(repo).git.MakeSignature(context.author_name, context.author_email);
  if (!sig) return sig.error();
  tx.signature_ = *sig;

  auto lock = LockForChange(repo, context);
  if (!lock) return lock.error();
  tx.lock_.emplace(std::move(*lock));

  if (load) {
    auto snap = repo.Load("");
    if (!snap) return snap.error();
    tx.snapshot_ = std::move(*snap);
  }
  return tx;
}

Status Transaction::RecoverInterrupted(const Repository& repo) {
  const std::string git_dir = RepositoryAccess::Of(repo).git.GitDir();
  boost::system::error_code ec;
  if (!fs::exists(fs::path(git_dir) / kJournal, ec)) return Status::Ok();
  // A holder means its commit is under way: nothing to recover, and a
  // reading command must not wait for it or fail because of it.
  auto lock = RepoLock::TryAcquire(git_dir);
  if (!lock) return lock.error();
  if (!*lock) return Status::Ok();
  return RecoverInterruptedCommit(repo.root(), RepositoryAccess::ForRecovery(repo).git);
}

void Transaction::Write(const std::string& path, std::string bytes) {
  staged_[path] = Staged{std::move(bytes), {}, false};
}

void Transaction::Copy(const std::string& source, const std::string& path) {
  staged_[path] = Staged{std::nullopt, source, false};
}

void Transaction::Adopt(const std::string& path) { staged_[path] = Staged{std::nullopt, {}, true}; }

std::string Transaction::NewId(const std::string& prefix,
                               const std::vector<std::string>& taken) const {
  // Crockford base32 without I, L, O, U: readable aloud, no collisions
  // between clones in practice (20 bits per day per prefix, re-drawn on a
  // clash with anything this clone knows).
  static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  static std::mt19937_64 rng{std::random_device{}()};
  std::string date = context_.today.ToString();
  date.erase(std::remove(date.begin(), date.end(), '-'), date.end());
  for (;;) {
    std::string id = prefix + "-" + date + "-";
    for (int i = 0; i < 4; ++i) id += kAlphabet[rng() % 32];
    bool clash = std::find(taken.begin(), taken.end(), id) != taken.end();
    for (const auto& [path, staged] : staged_) clash = clash || path.find(id) != std::string::npos;
    if (!clash) return id;
  }
}

Result<CommitInfo> Transaction::Commit(const std::string& message) {
  const fs::path root(repo_->root());
  git::Repo& git = RepositoryAccess::Of(*repo_).git;
  // Refuse before touching anything when a path cannot hold a file: a folder
  // is where the file should go, or a file where a folder should be.
  for (const auto& [path, staged] : staged_) {
    if (staged.adopt) continue;
    boost::system::error_code ec;
    fs::path full = root / path;
    if (fs::is_directory(fs::symlink_status(full, ec))) {
      return Error::Operational("cannot write " + path + ": a folder of that name is in the way");
    }
    for (fs::path dir = full.parent_path(); dir != root && dir.has_relative_path();
         dir = dir.parent_path()) {
      // symlink_status: a link would carry the write out of the work tree.
      fs::file_status st = fs::symlink_status(dir, ec);
      if (fs::exists(st) && !fs::is_directory(st)) {
        return Error::Operational(
            "cannot write " + path + ": " + dir.lexically_relative(root).generic_string() +
            (fs::is_symlink(st) ? " is a symbolic link" : " is a file") + ", not a folder");
      }
    }
  }
  // git's own locks: a git command at work (or killed) in this repository.
  DOSSIER_RETURN_IF_ERROR(git.CheckNoGitLocks());
  // What each path holds now, journaled before the first change so that a
  // kill at any point leaves something the next command can finish off.
  // An existing file is moved aside (never read: evidence may be large) and
  // moved back on failure.
  Journal journal;
  std::vector<std::string> paths;
  for (const auto& [path, staged] : staged_) {
    paths.push_back(path);
    if (staged.adopt) {
      journal.entries.push_back(JournalEntry{path, "adopt", {}});
      continue;
    }
    const fs::path full = root / path;
    boost::system::error_code ec;
    const fs::path folder = FirstMissingFolder(root, full);
    journal.entries.push_back(JournalEntry{
        path, fs::exists(full, ec) ? "aside" : "new",
        folder.empty() ? std::string() : folder.lexically_relative(root).generic_string()});
  }
  const std::vector<JournalEntry>& entries = journal.entries;
  auto base = git.HeadCommit();
  if (!base) return base.error();
  journal.base = *base;
  const fs::path journal_file = fs::path(git.GitDir()) / kJournal;
  DOSSIER_RETURN_IF_ERROR(WriteJournal(journal_file, journal));
  fault::Point("commit.journal-written");

  size_t touched = 0;  // entries[0, touched) may have changed the work tree
  auto restore = [&]() {
    for (size_t i = touched; i-- > 0;) {
      const JournalEntry& e = entries[i];
      if (e.state == "adopt") continue;
      const fs::path full = root / e.path;
      boost::system::error_code ec;
      fs::remove(full, ec);  // the new copy, if it got that far
      if (e.state == "aside") fs::rename(SetAside(full), full, ec);
      if (!e.created_folder.empty()) fs::remove_all(root / e.created_folder, ec);
    }
    if (!journal.blobs.empty()) (void)git.UnstageBlobs(journal.blobs);
    boost::system::error_code ec;
    fs::remove(journal_file, ec);
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    const JournalEntry& e = entries[i];
    if (e.state == "adopt") continue;
    const Staged& staged = staged_.at(e.path);
    const fs::path full = root / e.path;
    if (e.state == "aside") {
      boost::system::error_code ec;
      fs::rename(full, SetAside(full), ec);
      if (ec) {
        restore();  // this one was not moved: nothing of it to put back
        return Error::Operational("cannot replace " + full.string() + ": " + ec.message());
      }
      fault::Point("commit.set-aside");
    }
    touched = i + 1;
    Status st = staged.bytes ? WriteFileAtomically(full, *staged.bytes)
                             : CopyFileAtomically(staged.copy_from, full);
    if (!st.ok()) {
      restore();
      return st.error();
    }
    fault::Point("commit.file-written");
  }
  // The subject escaped once more here: whatever a caller composed stays one
  // line, so no text can turn into a body with forged trailers.
  auto commit = git.CommitPaths(paths, {}, WithDossierTrailer(SafeCommitMessage(message)),
                                signature_, [&](const git::Repo::Prepared& prepared) -> Status {
                                  journal.commit = prepared.commit;
                                  journal.tree = prepared.tree;
                                  journal.blobs = prepared.blobs;
                                  Status st = WriteJournal(journal_file, journal);
                                  if (st.ok()) fault::Point("commit.journal-completed");
                                  return st;
                                });
  boost::system::error_code ec;
  if (!commit) {
    // Failing after the branch moved (its flush) the commit is made: it
    // stays, and the error says so. Otherwise nothing was published.
    auto head = git.HeadCommit();
    if (journal.commit.empty() || !head || *head != journal.commit) {
      restore();
      return commit.error();
    }
    for (const auto& e : entries) fs::remove(SetAside(root / e.path), ec);
    fs::remove(journal_file, ec);
    staged_.clear();
    return commit.error().WithContext("committed " + journal.commit.substr(0, 12) +
                                      ", but it may not survive a power cut");
  }
  for (const auto& e : entries) {
    if (e.state == "aside") fs::remove(SetAside(root / e.path), ec);
  }
  fault::Point("commit.set-aside-removed");
  fs::remove(journal_file, ec);
  staged_.clear();
  CommitInfo info;
  info.commit = *commit;
  info.message = EscapeControls(message.substr(0, message.find('\n')));
  return info;
}

}  // namespace dossier
