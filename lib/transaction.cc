#include "transaction.h"

#include "dossier/text.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "repo_lock.h"
#include "repository_impl.h"

namespace dossier {
namespace fs = boost::filesystem;
namespace bj = boost::json;
namespace {

Status WriteFileAtomically(const fs::path& path, const std::string& bytes) {
  boost::system::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Error::Operational("cannot create " + path.parent_path().string() + ": " + ec.message());
  fs::path tmp = path;
  tmp += ".dossier-tmp";
  {
    std::ofstream out(tmp.string(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error::Operational("cannot write " + tmp.string());
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    boost::system::error_code ignored;
    fs::remove(tmp, ignored);  // leave no temporary file behind
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
// the lock finish off a commit cut short by a kill (DESIGN.md §8: a killed
// command never corrupts the repository). It is written, atomically, before
// the first change to the work tree and removed once the work tree is as the
// commit (or the rollback) left it. It names HEAD before the commit and, per
// path, what was there: "new" (nothing), "aside" (a file moved to
// PATH.dossier-old) or "adopt" (the file as it is, only staged).
constexpr char kJournal[] = "dossier-journal";

struct JournalEntry {
  std::string path;
  std::string state;
  std::string created_folder;  // repository-relative; removed on rollback
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

Status WriteJournal(const fs::path& file, const std::string& base,
                    const std::vector<JournalEntry>& entries) {
  bj::array list;
  for (const auto& e : entries) {
    list.push_back(bj::object{{"path", e.path}, {"state", e.state}, {"folder", e.created_folder}});
  }
  bj::object doc{{"base", base}, {"entries", std::move(list)}};
  return WriteFileAtomically(file, bj::serialize(doc) + "\n");
}

// Finishes what a killed command's commit left (see kJournal). HEAD still
// at the base: the commit was not made, so the work tree is put back as it
// was. HEAD moved: the commit was made, so only the set-aside originals go
// and the index entries are brought in line with it. Called with the lock.
Status RecoverInterruptedCommit(const fs::path& root, git::Repo& git) {
  const fs::path git_dir = git.GitDir();
  const fs::path journal = git_dir / kJournal;
  boost::system::error_code ec;
  fs::remove(TempOf(journal), ec);  // killed while writing it: nothing was changed
  if (!fs::exists(journal, ec)) return Status::Ok();
  const std::string where = journal.string() + " (left by a killed dossier command)";
  std::string text;
  {
    std::ifstream in(journal.string(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  bj::value doc = bj::parse(text, ec);
  const bj::object* obj = ec ? nullptr : doc.if_object();
  const bj::string* base = obj && obj->if_contains("base") ? obj->at("base").if_string() : nullptr;
  const bj::array* list =
      obj && obj->if_contains("entries") ? obj->at("entries").if_array() : nullptr;
  std::vector<JournalEntry> entries;
  for (size_t i = 0; list && i < list->size(); ++i) {
    const bj::object* e = (*list)[i].if_object();
    const bj::string* path = e && e->if_contains("path") ? e->at("path").if_string() : nullptr;
    const bj::string* state = e && e->if_contains("state") ? e->at("state").if_string() : nullptr;
    const bj::string* folder =
        e && e->if_contains("folder") ? e->at("folder").if_string() : nullptr;
    if (!path || !state || !folder || path->empty()) {
      list = nullptr;
      break;
    }
    entries.push_back(JournalEntry{std::string(*path), std::string(*state), std::string(*folder)});
  }
  if (!base || !list) {
    return Error::Operational("cannot read " + where + "; check `git status`, then remove it");
  }
  auto head = git.HeadCommit();
  if (!head) return head.error();
  // git's own lock files, left by the killed commit: the index, HEAD and its
  // branch (no dossier command could have run while its lock was held).
  fs::remove(git_dir / "index.lock", ec);
  fs::remove(git_dir / "HEAD.lock", ec);
  {
    std::ifstream in((git_dir / "HEAD").string());
    std::string ref;
    if (std::getline(in, ref) && ref.compare(0, 5, "ref: ") == 0) {
      fs::path ref_lock = git_dir / ref.substr(5);
      ref_lock += ".lock";
      fs::remove(ref_lock, ec);
    }
  }
  if (*head == std::string(*base)) {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
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
    }
  } else {
    std::vector<std::string> paths;
    for (const auto& e : entries) {
      fs::remove(TempOf(root / e.path), ec);
      fs::remove(SetAside(root / e.path), ec);
      paths.push_back(e.path);
    }
    DOSSIER_RETURN_IF_ERROR(git.StagePaths(paths));
  }
  fs::remove(journal, ec);
  if (ec) return Error::Operational("cannot remove " + where + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

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

  auto lock = RepoLock::Acquire(repo.impl()->git.GitDir());
  if (!lock) return lock.error();
  tx.lock_.emplace(std::move(*lock));
  DOSSIER_RETURN_IF_ERROR(RecoverInterruptedCommit(repo.root(), repo.impl()->git));

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
  // A live holder means its commit is under way: nothing to recover, and a
  // reading command must not wait for it or fail because of it.
  auto lock = RepoLock::Acquire(git_dir);
  if (!lock) return Status::Ok();
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
  // What each path holds now, journaled before the first change so that a
  // kill at any point leaves something the next command can finish off.
  // An existing file is moved aside (never read: evidence may be large) and
  // moved back on failure.
  std::vector<JournalEntry> entries;
  std::vector<std::string> paths;
  for (const auto& [path, staged] : staged_) {
    paths.push_back(path);
    if (staged.adopt) {
      entries.push_back(JournalEntry{path, "adopt", {}});
      continue;
    }
    const fs::path full = root / path;
    boost::system::error_code ec;
    const fs::path folder = FirstMissingFolder(root, full);
    entries.push_back(JournalEntry{path, fs::exists(full, ec) ? "aside" : "new",
                                   folder.empty() ? std::string()
                                                  : folder.lexically_relative(root).generic_string()});
  }
  auto base = git.HeadCommit();
  if (!base) return base.error();
  const fs::path journal = fs::path(git.GitDir()) / kJournal;
  DOSSIER_RETURN_IF_ERROR(WriteJournal(journal, *base, entries));

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
    boost::system::error_code ec;
    fs::remove(journal, ec);
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
    }
    touched = i + 1;
    Status st = staged.bytes ? WriteFileAtomically(full, *staged.bytes)
                             : CopyFileAtomically(staged.copy_from, full);
    if (!st.ok()) {
      restore();
      return st.error();
    }
  }
  // Escaped once more here: whatever a caller composed, the subject stays one
  // line, so no text can turn into a body with forged trailers.
  auto commit = git.CommitPaths(paths, {}, SafeCommitMessage(message), signature_);
  if (!commit) {
    auto head = git.HeadCommit();
    // Committed but the index not written: the work tree is right, so it
    // stays, and the journal stays for the next command to finish off.
    if (!head || *head == *base) restore();
    return commit.error();
  }
  boost::system::error_code ec;
  for (const auto& e : entries) {
    if (e.state == "aside") fs::remove(SetAside(root / e.path), ec);
  }
  fs::remove(journal, ec);
  staged_.clear();
  CommitInfo info;
  info.commit = *commit;
  info.message = EscapeControls(message.substr(0, message.find('\n')));
  return info;
}

}  // namespace dossier
