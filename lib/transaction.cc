#include "transaction.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "repo_lock.h"
#include "repository_impl.h"

namespace dossier {
namespace fs = boost::filesystem;
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

  if (load) {
    auto snap = repo.Load("");
    if (!snap) return snap.error();
    tx.snapshot_ = std::move(*snap);
  }
  return tx;
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
  // Keep what each path held so a failure can put it back.
  struct Backup {
    std::string path;
    bool existed;
    bool set_aside;  // the old file was moved to PATH.dossier-old
    std::string bytes;
    fs::path created_folder;  // made for this path; removed on rollback
  };
  std::vector<Backup> backups;
  auto aside_of = [&](const std::string& path) {
    fs::path p = root / path;
    p += ".dossier-old";
    return p;
  };
  auto restore = [&]() {
    for (auto it = backups.rbegin(); it != backups.rend(); ++it) {
      boost::system::error_code ec;
      if (it->set_aside) {
        fs::remove(root / it->path, ec);  // the new copy, if it got that far
        fs::rename(aside_of(it->path), root / it->path, ec);
      } else if (it->existed) {
        (void)WriteFileAtomically(root / it->path, it->bytes);
      } else {
        fs::remove(root / it->path, ec);
      }
      if (!it->created_folder.empty()) fs::remove_all(it->created_folder, ec);
    }
  };
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
  std::vector<std::string> paths;
  for (const auto& [path, staged] : staged_) {
    paths.push_back(path);
    if (staged.adopt) continue;
    fs::path full = root / path;
    boost::system::error_code ec;
    Backup b{path, fs::exists(full, ec), false, {}, FirstMissingFolder(root, full)};
    if (b.existed && staged.bytes) {
      std::ifstream in(full.string(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      b.bytes = ss.str();
    } else if (b.existed) {
      // Evidence may be large: move it aside rather than read it.
      fs::rename(full, aside_of(path), ec);
      if (ec) {
        restore();
        return Error::Operational("cannot replace " + full.string() + ": " + ec.message());
      }
      b.set_aside = true;
    }
    backups.push_back(std::move(b));
    Status st = staged.bytes ? WriteFileAtomically(full, *staged.bytes)
                             : CopyFileAtomically(staged.copy_from, full);
    if (!st.ok()) {
      restore();
      return st.error();
    }
  }
  auto commit = repo_->impl()->git.CommitPaths(paths, {}, message, signature_);
  if (!commit) {
    restore();
    return commit.error();
  }
  for (const auto& b : backups) {
    boost::system::error_code ec;
    if (b.set_aside) fs::remove(aside_of(b.path), ec);
  }
  staged_.clear();
  CommitInfo info;
  info.commit = *commit;
  info.message = message.substr(0, message.find('\n'));
  return info;
}

}  // namespace dossier
