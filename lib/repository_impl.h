// Repository::Impl, shared by the files of lib/ that act on a repository.
#ifndef DOSSIER_LIB_REPOSITORY_IMPL_H_
#define DOSSIER_LIB_REPOSITORY_IMPL_H_

#include <string>

#include "dossier/repository.h"
#include "file_source.h"
#include "git/git.h"

namespace dossier {

class Repository::Impl {
 public:
  explicit Impl(git::Repo repo) : git(std::move(repo)), root(git.Workdir()) {}

  // The files of `rev` ("" = the work tree).
  Result<std::unique_ptr<FileSource>> Source(const std::string& rev) const;
  // Reads every entity from `source`. `commit` is recorded in the snapshot.
  // `committed`: HEAD's tree when `source` is the work tree, to tell an
  // entity file damaged since the last commit from one committed wrong.
  Result<Snapshot> LoadFrom(const FileSource& source, const std::string& commit,
                            const FileSource* committed = nullptr) const;

  git::Repo git;
  std::string root;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_REPOSITORY_IMPL_H_
