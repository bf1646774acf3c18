// Storing work-tree files as git blobs, exactly as their bytes are, on several
// threads at once. Private to lib/git/.
//
// Each file is written as a loose object in git's own format, named by
// libgit2's hashing of it and checked against the bytes written (the file
// may change meanwhile). The zlib level is chosen per file from a sample of
// its first bytes: evidence is mostly compressed already (PDF, office files,
// images), and deflating it again costs most of the time of filing it for
// nothing saved; such a file is stored (zlib level 0, still a valid zlib
// stream), anything else is deflated at git's own loose level (1).
// See doc/architecture.md, "Filing evidence".
#ifndef DOSSIER_LIB_GIT_BLOB_STORE_H_
#define DOSSIER_LIB_GIT_BLOB_STORE_H_

#include <git2.h>
#include <sys/stat.h>

#include <string>
#include <vector>

#include "dossier/result.h"

namespace dossier::git {

// One work-tree file as stored: its blob and the stat data the index needs.
// `regular` is false for anything but a regular file (a link), which the
// caller stages as git would; nothing was stored for it.
struct StoredFile {
  bool regular = false;
  struct stat st {};
  git_oid oid{};
};

// Stores every path (relative to `workdir`) of `paths`, on up to `threads`
// threads. On failure, the error of the first failing path in `paths`' order.
Result<std::vector<StoredFile>> StoreFiles(git_repository* repo, const std::string& workdir,
                                           const std::vector<std::string>& paths, unsigned threads);

// Whether `n` bytes at `data` look already compressed (their byte entropy is
// close to 8 bits): deflating them again would save next to nothing.
bool LooksCompressed(const unsigned char* data, size_t n);

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_BLOB_STORE_H_
