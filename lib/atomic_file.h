// Writing a work-tree file so that its name never points at half-written
// bytes: through PATH.dossier-tmp renamed into place. Private to lib/.
#ifndef DOSSIER_LIB_ATOMIC_FILE_H_
#define DOSSIER_LIB_ATOMIC_FILE_H_

#include <boost/filesystem/path.hpp>
#include <string>

#include "dossier/result.h"

namespace dossier {

// Writes `bytes` to `path` through a temporary file renamed into place. With
// `flush`, the file is flushed before the rename, so that the name never
// points at bytes that did not reach the disk (the journal); other files are
// flushed all at once before the commit is published (durable.h).
Status WriteFileAtomically(const boost::filesystem::path& path, const std::string& bytes,
                           bool flush = false);

// Copies `from` to `to` the same way (never flushed: see WriteFileAtomically).
Status CopyFileAtomically(const boost::filesystem::path& from, const boost::filesystem::path& to);

}  // namespace dossier

#endif  // DOSSIER_LIB_ATOMIC_FILE_H_
