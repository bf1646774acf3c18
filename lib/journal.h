// The commit journal, .git/dossier-journal, lets the next command that takes
// the lock finish off a commit cut short by a kill or a power cut
// (doc/architecture.md, "Transactions"). It is written and flushed before
// the first change to the work tree, and removed once the work tree is as the
// commit (or the rollback) left it. It names HEAD before the commit and, per
// path, what was there: "new" (nothing), "aside" (a file moved to
// PATH.dossier-old) or "adopt" (the file as it is, only staged). Once the
// commit's objects are written, and before the index or any ref changes, it
// is rewritten with the commit's id, tree and the blob of every path: what
// recovery compares HEAD with. "HEAD moved" alone proves nothing: a sync, a
// `git pull` or a plain `git commit` moves it too.
// Written by Transaction::Commit (transaction.cc); read back and finished off
// here. Private to lib/.
#ifndef DOSSIER_LIB_JOURNAL_H_
#define DOSSIER_LIB_JOURNAL_H_

#include <boost/filesystem/path.hpp>
#include <string>
#include <utility>
#include <vector>

#include "dossier/result.h"
#include "git/git.h"

namespace dossier {

// The journal's file name, in the git folder.
inline constexpr char kJournal[] = "dossier-journal";

struct JournalEntry {
  std::string path;
  std::string state;           // "new", "aside" or "adopt"
  std::string created_folder;  // repository-relative; removed on rollback
};

struct Journal {
  std::string base;
  std::vector<JournalEntry> entries;
  // Known once the commit's objects are written (the second write).
  std::string commit;
  std::string tree;
  std::vector<std::pair<std::string, std::string>> blobs;  // path -> blob id
};

// Where an original is kept while its path is rewritten: PATH.dossier-old.
boost::filesystem::path SetAside(const boost::filesystem::path& full);
// Where a file is written before it is renamed into place: PATH.dossier-tmp.
boost::filesystem::path TempOf(const boost::filesystem::path& full);

// Writes the journal (flushed, with its folder) through a temporary file.
Status WriteJournal(const boost::filesystem::path& file, const Journal& journal);

// Finishes what a killed command's commit left (see above). Its commit in
// HEAD: only the set-aside originals and temporary files go (the index was
// written before the branch moved). Otherwise the work tree is put back as it
// was, path by path, and any staging of the commit's blobs undone. A journal
// that cannot be parsed is an operational error naming it.
// REQUIRES: the repository lock (repo_lock.h) is held.
Status RecoverInterruptedCommit(const boost::filesystem::path& root, git::Repo& git);

}  // namespace dossier

#endif  // DOSSIER_LIB_JOURNAL_H_
