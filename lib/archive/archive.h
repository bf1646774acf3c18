// RAII adapter over libarchive for evidence packs: a writer that makes
// reproducible tar / tar.gz / zip files, and a reader that lists and hashes
// every entry in memory without ever extracting anything to disk.
// Private to lib/.
#ifndef DOSSIER_LIB_ARCHIVE_ARCHIVE_H_
#define DOSSIER_LIB_ARCHIVE_ARCHIVE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/result.h"

struct archive;

namespace dossier::archive {

enum class Format { kTar, kTarGz, kZip };

// Writes an archive of regular files. Every entry gets the same metadata:
// mtime `mtime` (Unix seconds), uid/gid 0, owner "root", mode 0644, so that
// the same files in the same order give the same bytes. The archive is
// written to a temporary file beside `path` and renamed over it by Close():
// a failed or abandoned writer leaves nothing at `path`.
class Writer {
 public:
  static Result<Writer> Create(const std::string& path, Format format, int64_t mtime);
  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) = delete;
  ~Writer();  // without a successful Close(), removes the temporary file

  // REQUIRES: `path` is relative, without "." or ".." components. Callers
  // add entries in sorted order for reproducibility.
  Status Add(const std::string& path, std::string_view data);
  Status Close();

 private:
  struct State;
  explicit Writer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

enum class EntryType { kFile, kDirectory, kSymlink, kHardlink, kOther };

struct EntryInfo {
  std::string path;  // as stored in the archive, unnormalised
  EntryType type = EntryType::kFile;
  std::string link;  // symlink or hardlink target
  uint64_t size = 0;
  std::string sha256;  // of the content (files)
  std::string data;    // the content, when the reader was asked to keep it
};

// Reads every entry of the archive at `path` (any format and compression
// libarchive knows), hashing each file's content as it streams by. Content
// is kept in memory only for entries where `keep(path)` is true, up to
// `keep_limit` bytes each (larger ones are an error). Nothing is written.
// A missing file is an input error; a damaged or unknown archive is an
// error of kind kNegative naming what failed.
Result<std::vector<EntryInfo>> ReadEntries(const std::string& path,
                                           const std::function<bool(const std::string&)>& keep,
                                           uint64_t keep_limit);

// Whether an entry called `name` (UTF-8, a repository path) comes back from
// every pack format under the same name. A name that is not valid UTF-8, or
// not in composed Unicode form (NFC), which zip readers report composed, is
// an input error saying so.
Status CheckEntryName(const std::string& name);

}  // namespace dossier::archive

#endif  // DOSSIER_LIB_ARCHIVE_ARCHIVE_H_
