// Repository::Impl, shared by the files of lib/ that act on a repository, and
// RepositoryAccess, the seam through which they reach it. Private to lib/.
#ifndef DOSSIER_LIB_REPOSITORY_IMPL_H_
#define DOSSIER_LIB_REPOSITORY_IMPL_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "dossier/repository.h"
#include "file_source.h"
#include "git/git.h"
#include "index.h"

namespace dossier {

// LoadFrom's kinds: the keys and controlled documents that judging
// artifacts needs, without the artifacts (what `show` reads besides the one
// artifact it shows). kLoadArtifacts implies it.
constexpr unsigned kLoadArtifactContext = 1u << 30;

class Repository::Impl {
 public:
  explicit Impl(git::Repo repo) : git(std::move(repo)), root(git.Workdir()) {}

  // The files of `rev` ("" = the work tree).
  Result<std::unique_ptr<FileSource>> Source(const std::string& rev) const;
  // Reads the entities of `kinds` (EntityKinds) from `source`. `commit` is
  // recorded in the snapshot. `work_tree`: `source` is the work tree, read
  // through the entity index. `committed`: HEAD's tree when `source` is the
  // work tree, to tell an entity file damaged since the last commit from one
  // committed wrong.
  Result<Snapshot> LoadFrom(const FileSource& source, const std::string& commit,
                            unsigned kinds = kLoadAll, bool work_tree = false,
                            const FileSource* committed = nullptr) const;
  // The derived indexes under .git/ (lib/index.h), opened on first use: one
  // per entity folder (`dir`, e.g. "dossier/findings") holding its files'
  // text, so a command reading one kind reads one index; and the evidence
  // files' SHA-256.
  StatIndex& EntityIndex(const std::string& dir) const;
  StatIndex& HashIndex() const;
  // Frees the folder's index once what it held is loaded (and saved): a
  // later EntityIndex(dir) reads the file again.
  void CloseEntityIndex(const std::string& dir) const;
  // Frees the evidence hashes once the integrity check is done with them
  // (11 MB at 100,000 files, not held while readiness judges).
  void CloseHashIndex() const { hash_index_.reset(); }
  // The work tree's root folder, opened once (-1 if it cannot be), for
  // stat'ing repository paths without walking the absolute path each time.
  int RootFd() const;
  ~Impl();

  git::Repo git;
  std::string root;

 private:
  mutable std::map<std::string, std::unique_ptr<StatIndex>> entity_indexes_;
  mutable std::unique_ptr<StatIndex> hash_index_;
  mutable std::once_flag root_fd_once_;
  mutable int root_fd_ = -1;
};

// The library's one way into a Repository: the public header has no
// accessor, so a program using the library cannot reach git or the indexes
// behind the API. Constness is the caller's: reading operations take a
// `const Repository&` and get a const Impl (the git adapter's reading calls
// and the derived caches); operations that commit take a `Repository&`.
class RepositoryAccess {
 public:
  static const Repository::Impl& Of(const Repository& repo) { return *repo.impl_; }
  static Repository::Impl& Of(Repository& repo) { return *repo.impl_; }
  // Finishing off a commit a killed command left (journal.h) is the one
  // change made through a const Repository: every reading command does it
  // first, under the lock, so that it reads what HEAD holds. It completes or
  // undoes a change already under way; it makes none of its own.
  static Repository::Impl& ForRecovery(const Repository& repo) { return *repo.impl_; }
};

}  // namespace dossier

#endif  // DOSSIER_LIB_REPOSITORY_IMPL_H_
