// The regular files under a folder of the work tree, listed packed: every
// path in one buffer, found by offset, with its folder's index, instead of
// a string each (100,000 allocations at 100,000 files, then moved about by
// the sort). What ListRegularFiles (index.h) lists, in the same order.
// Private to lib/.
#ifndef DOSSIER_LIB_FILE_LIST_H_
#define DOSSIER_LIB_FILE_LIST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

namespace dossier {

class StatIndex;

class FileList {
 public:
  // The regular files under `dir` (relative to `root`), found by directory
  // entry type (lstat only where the file system gives none): links and
  // folders named .git left out, sorted by path. `dir` missing: none. A
  // folder that cannot be listed is an error naming it, as ListRegularFiles.
  static Result<FileList> Of(const std::string& root, const std::string& dir);
  // The same, each folder's entries (its regular files and subfolders)
  // taken from `cache` while the folder's stat data is what it was when
  // they were recorded there (creating, removing or renaming an entry
  // changes it, as git's untracked cache relies on), and recorded there for
  // each folder read; folders gone are forgotten. The caller saves `cache`.
  // Only a folder that lstat finds a folder is taken from or recorded in it.
  // `links` (optional) gets the symbolic links found on the way (paths,
  // sorted; .git folders are not walked, as for files).
  static Result<FileList> Of(const std::string& root, const std::string& dir, StatIndex* cache,
                             std::vector<std::string>* links = nullptr);

  FileList() = default;
  size_t size() const { return files_.size(); }
  // The i-th path ("dir/.../name"), followed by a NUL in memory.
  std::string_view Path(size_t i) const {
    return std::string_view(text_.data() + files_[i].at, files_[i].length);
  }
  // Its folder: an index (files of one folder share it) and that folder's
  // path, and the file's name in it (a C string).
  uint32_t Folder(size_t i) const { return files_[i].folder; }
  const std::string& FolderPath(uint32_t folder) const { return folders_[folder]; }
  const char* Name(size_t i) const {
    return text_.data() + files_[i].at + folders_[files_[i].folder].size() + 1;
  }
  // The place of `path`, or size() when it is not listed.
  size_t Find(std::string_view path) const;
  // The folders walked, the listed one among them (empty ones too).
  size_t folders() const { return folders_.size(); }

 private:
  struct File {
    uint64_t key;  // for sorting: 8 bytes of the path (Sort)
    size_t at;     // in text_
    uint32_t length;
    uint32_t folder;
  };
  // Sorts files_[begin, end), whose paths share their first `from` bytes.
  void Sort(size_t begin, size_t end, size_t from);

  std::string text_;  // the paths, each followed by a NUL
  std::vector<File> files_;
  std::vector<std::string> folders_;
};

}  // namespace dossier

#endif  // DOSSIER_LIB_FILE_LIST_H_
