// The work tree under evidence/ as filing and verifying see it: the tool's own
// files, what a folder add passes over, symbolic links (never followed), paths
// filed twice. Private to the library (lib/, not installed).
#ifndef DOSSIER_LIB_EVIDENCE_TREE_H_
#define DOSSIER_LIB_EVIDENCE_TREE_H_

#include <boost/filesystem/path.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

// Files the tool itself leaves or keeps under evidence/, never evidence.
bool IsInternalFile(const std::string& name);

// Files a folder add passes over: hidden files (.DS_Store, editor backups,
// dot folders) and office lock files (~$report.docx) are never evidence. A
// file named on its own is filed whatever its name.
bool IsSkippedInFolders(const std::string& name);

// A symbolic link in the work tree: repository-relative path, target.
struct Link {
  std::string path;
  std::string target;
};

// The link at `full` (under `root`): its repository-relative path and target
// ("?" when it cannot be read).
Link LinkAt(const boost::filesystem::path& root, const boost::filesystem::path& full);

// The first symbolic link on the way from `root` to the repository-relative
// `path`, the last component included; nullopt when there is none (or the
// path stops existing before one).
std::optional<Link> LinkOnPath(const boost::filesystem::path& root, const std::string& path);

// Every symbolic link under `dir` of the work tree, sorted, without
// following any.
Result<std::vector<Link>> LinksUnder(const boost::filesystem::path& root, const std::string& dir);

// Paths filed by more than one artifact -> their ids (sorted).
std::map<std::string, std::vector<std::string>> DuplicatedPaths(const Snapshot& snap);

}  // namespace dossier

#endif  // DOSSIER_LIB_EVIDENCE_TREE_H_
