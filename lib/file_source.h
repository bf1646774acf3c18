// Where a snapshot's files come from: the work tree, or a commit's tree.
// Private to lib/.
#ifndef DOSSIER_LIB_FILE_SOURCE_H_
#define DOSSIER_LIB_FILE_SOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "git/git.h"

namespace dossier {

class FileSource {
 public:
  virtual ~FileSource() = default;
  // Every regular file path under `dir` (repository-relative), sorted. A
  // folder or tree that cannot be read is an error, never a shorter list.
  virtual Result<std::vector<std::string>> List(const std::string& dir) const = 0;
  // The file's bytes; nullopt when there is no such file; an error when
  // there is one that cannot be read (permissions, a damaged object).
  virtual Result<std::optional<std::string>> Read(const std::string& path) const = 0;
};

std::unique_ptr<FileSource> WorkTreeSource(const std::string& root);
std::unique_ptr<FileSource> GitTreeSource(git::Tree tree);

}  // namespace dossier

#endif  // DOSSIER_LIB_FILE_SOURCE_H_
