// One mutating command = one Transaction = one commit (doc/architecture.md,
// "Transactions"): takes the repository lock, finishes off what a killed
// command left, reads the work tree under the lock, stages file writes, and
// either commits them all or restores the work tree. Private to lib/.
#ifndef DOSSIER_LIB_TRANSACTION_H_
#define DOSSIER_LIB_TRANSACTION_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dossier/repository.h"
#include "git/git.h"
#include "repo_lock.h"

namespace dossier {

// The ids of `entities`: what Transaction::NewId must not hand out again.
template <typename Entity>
std::vector<std::string> IdsOf(const std::vector<Entity>& entities) {
  std::vector<std::string> ids;
  ids.reserve(entities.size());
  for (const auto& e : entities) ids.push_back(e.id);
  return ids;
}

// Takes .git/dossier.lock for a command that changes the repository, waiting
// up to context.lock_wait_seconds (else dossier.ini's [repository]
// lock_wait, else 10 s; then an operational error naming the holder), and
// finishes off whatever a killed command left (its journal) before returning.
// Every path that changes the repository goes through here: a Transaction,
// and sync.
Result<RepoLock> LockForChange(Repository& repo, const Context& context);

// The trailer every commit Dossier makes carries ("Dossier-Version: 1.2.0"),
// so that `verify` can list the commits that changed the evidence by other
// means. Anyone can type it into a plain `git commit` message: it tells
// apart the usual ways of working, it proves nothing (doc/architecture.md,
// "Threat model").
inline constexpr char kDossierTrailer[] = "Dossier-Version";
// `message` with the trailer appended as its last paragraph.
std::string WithDossierTrailer(const std::string& message);
// Whether a commit message carries the trailer.
bool HasDossierTrailer(const std::string& message);

class Transaction {
 public:
  // LockForChange, then, with `load`, reads the work tree.
  static Result<Transaction> Begin(Repository& repo, const Context& context, bool load = true);
  // For reading commands: when a killed command left a half-made commit
  // (its journal) and no command holds the lock, takes it, finishes the
  // commit off as Begin would, and releases it. Does nothing otherwise (no
  // journal, or a running command holds the lock and is mid-commit).
  static Status RecoverInterrupted(const Repository& repo);
  Transaction(Transaction&&) noexcept;
  ~Transaction();  // releases the lock; uncommitted writes are rolled back

  // REQUIRES: begun with load = true.
  const Snapshot& snapshot() const { return *snapshot_; }
  Snapshot& mutable_snapshot() { return *snapshot_; }
  const Context& context() const { return context_; }
  // The acting person's name for history entries ("by").
  const std::string& actor() const { return signature_.name; }
  const std::string& root() const;

  // Stages `bytes` at repository path `path`.
  void Write(const std::string& path, std::string bytes);
  // Stages a copy of the file at absolute `source` to repository path `path`.
  void Copy(const std::string& source, const std::string& path);
  // Stages the work-tree file at `path` as it is (a file adopted in place).
  void Adopt(const std::string& path);

  // A new id "PREFIX-YYYYMMDD-XXXX", unique among `taken`.
  std::string NewId(const std::string& prefix, const std::vector<std::string>& taken) const;

  // Writes the staged files and commits them with `message` (first line
  // summary). On failure the work tree is restored and nothing is committed.
  Result<CommitInfo> Commit(const std::string& message);

 private:
  struct Staged {
    std::optional<std::string> bytes;  // new content
    std::string copy_from;             // or a file to copy
    bool adopt = false;                // or the work-tree file as it is
  };
  Transaction(Repository& repo, const Context& context);

  Repository* repo_;
  Context context_;
  git::Signature signature_;
  std::optional<RepoLock> lock_;
  std::optional<Snapshot> snapshot_;
  std::map<std::string, Staged> staged_;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_TRANSACTION_H_
