#include "transaction.h"

#include "dossier/text.h"
#include "dossier/version.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "durable.h"
#include "fault.h"
#include "git/remote.h"
#include "repo_lock.h"
#include "repository_impl.h"

namespace dossier {
namespace fs = boost::filesystem;
namespace bj = boost::json;
namespace {

// Writes `bytes` to `path` through a temporary file renamed into place. With
// `flush`, the file is flushed before the rename, so that the name never
// points at bytes that did not reach the disk (the journal); other files are
// flushed all at once before the commit is published (durable.h).
Status WriteFileAtomically(const fs::path& path, const std::string& bytes, bool flush = false) {
  boost::system::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Error::Operational("cannot create " + path.parent_path().string() + ": " + ec.message());
  fs::path tmp = path;
  tmp += ".dossier-tmp";
  {
    std::ofstream out(tmp.string(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      boost::system::error_code ignored;
      fs::remove(tmp, ignored);
      return Error::Operational("cannot write " + tmp.string());
    }
  }
  Status synced = flush ? durable::SyncFile(tmp.string()) : Status::Ok();
  if (synced.ok()) fs::rename(tmp, path, ec);
  if (!synced.ok() || ec) {
    boost::system::error_code ignored;
    fs::remove(tmp, ignored);  // leave no temporary file behind
    if (!synced.ok()) return synced;
    return Error::Operational("cannot write " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

Status CopyFileAtomically(const fs::path& from, const fs::path& to) {
  boost::system::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec) return Error::Operational("cannot create " + to.parent_path().string() + ": " + ec.message());
  fs::path tmp = to;
  tmp += ".dossier-tmp";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, to, ec);
  if (ec) {
    boost::system::error_code ignored;
    fs::remove(tmp, ignored);
    return Error::Operational("cannot write " + to.string() + " from " + from.string() + ": " +
                              ec.message());
  }
  return Status::Ok();
}

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

// The commit journal, .git/dossier-journal, lets the next command that takes
// the lock finish off a commit cut short by a kill or a power cut
// (doc/architecture.md, "Transactions"). It is written and flushed before
// the first change to the work tree, and removed once the work tree is as the
// commit (or the rollback) left it. It names HEAD before the commit and, per
// path, what was there: "new" (nothing), "aside" (a file moved to
// PATH.dossier-old) or "adopt" (the file as it is, only staged). Once the
// commit's objects are written, and before the index or any ref changes, it
// is rewritten with the commit's id, tree and the blob of every path: what
// recovery compares HEAD with. "HEAD moved" alone proves nothing: a sync, a
// `git pull` or a plain `git commit` moves it too.
constexpr char kJournal[] = "dossier-journal";

struct JournalEntry {
  std::string path;
  std::string state;
  std::string created_folder;  // repository-relative; removed on rollback
};

struct Journal {
  std::string base;
  std::vector<JournalEntry> entries;
  // Known once the commit's objects are written (the second write).
  std::string commit;
  std::string tree;
  std::vector<std::pair<std::string, std::string>> blobs;  // path -> blob id
};

fs::path SetAside(const fs::path& full) {
  fs::path p = full;
  p += ".dossier-old";
  return p;
}

fs::path TempOf(const fs::path& full) {
  fs::path p = full;
  p += ".dossier-tmp";
  return p;
}

Status WriteJournal(const fs::path& file, const Journal& journal) {
  bj::array list;
  for (const auto& e : journal.entries) {
    list.push_back(bj::object{{"path", e.path}, {"state", e.state}, {"folder", e.created_folder}});
  }
  bj::object doc{{"base", journal.base}, {"entries", std::move(list)}};
  if (!journal.commit.empty()) {
    bj::object blobs;
    for (const auto& [path, blob] : journal.blobs) blobs[path] = blob;
    doc["commit"] = journal.commit;
    doc["tree"] = journal.tree;
    doc["blobs"] = std::move(blobs);
  }
  DOSSIER_RETURN_IF_ERROR(WriteFileAtomically(file, bj::serialize(doc) + "\n", /*flush=*/true));
  return durable::SyncDir(file.parent_path().string());
}

Result<Journal> ReadJournal(const fs::path& file, const std::string& where) {
  std::string text;
  {
    std::ifstream in(file.string(), std::ios::binary);
    if (!in) return Error::Operational("cannot read " + where);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Error::Operational("cannot read " + where);
    text = ss.str();
  }
  const Error damaged = Error::Operational(
      "cannot read " + where +
      ": it is damaged. Check `git status` (files named *.dossier-old are the originals of "
      "files the command was replacing), then remove it");
  boost::system::error_code ec;
  bj::value doc = bj::parse(text, ec);
  const bj::object* obj = ec ? nullptr : doc.if_object();
  auto str = [](const bj::object* o, const char* key) -> const bj::string* {
    return o && o->if_contains(key) ? o->at(key).if_string() : nullptr;
  };
  const bj::string* base = str(obj, "base");
  const bj::array* list = obj && obj->if_contains("entries") ? obj->at("entries").if_array() : nullptr;
  if (!base || !list) return damaged;
  Journal journal;
  journal.base = std::string(*base);
  for (const auto& item : *list) {
    const bj::object* e = item.if_object();
    const bj::string* path = str(e, "path");
    const bj::string* state = str(e, "state");
    const bj::string* folder = str(e, "folder");
    if (!path || !state || !folder || path->empty()) return damaged;
    journal.entries.push_back(
        JournalEntry{std::string(*path), std::string(*state), std::string(*folder)});
  }
  if (obj->if_contains("commit")) {
    const bj::string* commit = str(obj, "commit");
    const bj::string* tree = str(obj, "tree");
    const bj::object* blobs = obj->if_contains("blobs") ? obj->at("blobs").if_object() : nullptr;
    if (!commit || !tree || !blobs) return damaged;
    journal.commit = std::string(*commit);
    journal.tree = std::string(*tree);
    for (const auto& [path, blob] : *blobs) {
      if (!blob.is_string()) return damaged;
      journal.blobs.emplace_back(std::string(path), std::string(blob.get_string()));
    }
  }
  return journal;
}

// Whether the commit a journal describes is in HEAD: HEAD is that commit or
// descends from it (a later commit, a sync's merge), or HEAD's tree holds
// every path it wrote as it wrote it (the staged paths were committed by a
// plain `git commit`). Before the journal knew the commit, no commit of it
// can exist.
Result<bool> CommittedInHead(git::Repo& git, const Journal& journal) {
  if (journal.commit.empty()) return false;
  auto head = git.HeadCommit();
  if (!head) return head.error();
  if (head->empty()) return false;
  if (*head == journal.commit) return true;
  if (git.HasObject(journal.commit)) {
    auto descends = git::IsAncestor(git, journal.commit, *head);
    if (!descends) return descends.error();
    if (*descends) return true;
  }
  auto tree = git.CommitTree(*head);
  if (!tree) return tree.error();
  for (const auto& [path, blob] : journal.blobs) {
    if (tree->BlobId(path) != blob) return false;
  }
  return !journal.blobs.empty();
}

// Finishes what a killed command's commit left (see kJournal). Its commit in
// HEAD: only the set-aside originals and temporary files go (the index was
// written before the branch moved). Otherwise the work tree is put back as it
// was, path by path, and any staging of the commit's blobs undone. Called
// with the lock held.
Status RecoverInterruptedCommit(const fs::path& root, git::Repo& git) {
  const fs::path git_dir = git.GitDir();
  const fs::path journal_file = git_dir / kJournal;
  boost::system::error_code ec;
  fs::remove(TempOf(journal_file), ec);  // killed while writing it: nothing was changed
  if (!fs::exists(journal_file, ec)) return Status::Ok();
  fault::Point("recover.begin");
  const std::string where = journal_file.string() + " (left by a killed dossier command)";
  auto journal = ReadJournal(journal_file, where);
  if (!journal) return journal.error();
  auto committed = CommittedInHead(git, *journal);
  if (!committed) return committed.error();
  if (*committed) {
    for (const auto& e : journal->entries) {
      fs::remove(TempOf(root / e.path), ec);
      fs::remove(SetAside(root / e.path), ec);
    }
  } else {
    for (auto it = journal->entries.rbegin(); it != journal->entries.rend(); ++it) {
      if (it->state == "adopt") continue;
      const fs::path full = root / it->path;
      fs::remove(TempOf(full), ec);
      if (it->state == "aside") {
        // No set-aside copy: the command was killed before moving the
        // original, which is still in place.
        if (fs::exists(fs::symlink_status(SetAside(full), ec))) {
          fs::remove(full, ec);
          fs::rename(SetAside(full), full, ec);
          if (ec) return Error::Operational("cannot restore " + full.string() + ": " + ec.message());
        }
      } else {
        fs::remove(full, ec);
      }
      if (!it->created_folder.empty()) fs::remove_all(root / it->created_folder, ec);
      fault::Point("recover.path-restored");
    }
    if (!journal->blobs.empty()) DOSSIER_RETURN_IF_ERROR(git.UnstageBlobs(journal->blobs));
  }
  fs::remove(journal_file, ec);
  if (ec) return Error::Operational("cannot remove " + where + ": " + ec.message());
  return Status::Ok();
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

Result<RepoLock> LockForChange(const Repository& repo, const Context& context) {
  git::Repo& git = repo.impl()->git;
  auto lock = RepoLock::Acquire(git.GitDir(), LockWaitSeconds(repo, context));
  if (!lock) return lock.error();
  fault::Point("lock.taken");
  DOSSIER_RETURN_IF_ERROR(RecoverInterruptedCommit(repo.root(), git));
  return std::move(*lock);
}

Transaction::Transaction(const Repository& repo, const Context& context)
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

Result<Transaction> Transaction::Begin(const Repository& repo, const Context& context, bool load) {
  Transaction tx(repo, context);
  auto sig = repo.impl()->git.MakeSignature(context.author_name, context.author_email);
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
  const std::string git_dir = repo.impl()->git.GitDir();
  boost::system::error_code ec;
  if (!fs::exists(fs::path(git_dir) / kJournal, ec)) return Status::Ok();
  // A holder means its commit is under way: nothing to recover, and a
  // reading command must not wait for it or fail because of it.
  auto lock = RepoLock::TryAcquire(git_dir);
  if (!lock) return lock.error();
  if (!*lock) return Status::Ok();
  return RecoverInterruptedCommit(repo.root(), repo.impl()->git);
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
  git::Repo& git = repo_->impl()->git;
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
        return Error::Operational("cannot write " + path + ": " +
                                  dir.lexically_relative(root).generic_string() +
                                  (fs::is_symlink(st) ? " is a symbolic link" : " is a file") +
                                  ", not a folder");
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
    journal.entries.push_back(
        JournalEntry{path, fs::exists(full, ec) ? "aside" : "new",
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
  auto commit = git.CommitPaths(paths, {}, WithDossierTrailer(SafeCommitMessage(message)), signature_,
                                [&](const git::Repo::Prepared& prepared) -> Status {
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
