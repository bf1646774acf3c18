// Durability of what a command reports as done (doc/architecture.md,
// "Transactions"): before a commit is published (the branch moved), every
// file and object it wrote is on disk, so that a power cut cannot lose a
// commit that was reported. Bulk data (evidence copies, entity files, git
// objects) is flushed with one syncfs per file system rather than one fsync
// per file, which costs a folder of 2,000 records a minute; small files whose
// order matters (the journal, the index, the branch) are fsynced one by one.
// On by default; DOSSIER_FSYNC=0 (or off, no, false) turns it off, for
// benchmarks and throw-away repositories only. Private to lib/.
#ifndef DOSSIER_LIB_DURABLE_H_
#define DOSSIER_LIB_DURABLE_H_

#include <string>

#include "dossier/result.h"

namespace dossier::durable {

// Whether writes are fsynced (read once from DOSSIER_FSYNC).
bool Enabled();
// Flushes the file at `path` to stable storage (when Enabled()).
Status SyncFile(const std::string& path);
// Flushes the folder `dir`, so a file created or renamed in it survives.
Status SyncDir(const std::string& dir);
// Flushes everything written to the file system holding `dir`.
Status SyncFileSystem(const std::string& dir);

}  // namespace dossier::durable

#endif  // DOSSIER_LIB_DURABLE_H_
