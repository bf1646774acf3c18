// The work tree under evidence/: see evidence_tree.h.
#include "evidence_tree.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace dossier {
namespace fs = boost::filesystem;

// Files the tool itself leaves or keeps under evidence/, never evidence.
bool IsInternalFile(const std::string& name) {
  auto ends = [&](const char* suffix) {
    std::string s(suffix);
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return name == ".gitkeep" || ends(".dossier-tmp") || ends(".dossier-old");
}

// Files a folder add passes over: hidden files (.DS_Store, editor backups,
// dot folders) and office lock files (~$report.docx) are never evidence. A
// file named on its own is filed whatever its name.
bool IsSkippedInFolders(const std::string& name) {
  return (!name.empty() && name[0] == '.') || name.rfind("~$", 0) == 0;
}

Link LinkAt(const fs::path& root, const fs::path& full) {
  boost::system::error_code ec;
  fs::path target = fs::read_symlink(full, ec);
  return Link{full.lexically_relative(root).generic_string(), ec ? "?" : target.string()};
}

// The first symbolic link on the way from `root` to the repository-relative
// `path`, the last component included; nullopt when there is none (or the
// path stops existing before one).
std::optional<Link> LinkOnPath(const fs::path& root, const std::string& path) {
  fs::path cur = root;
  for (const auto& part : fs::path(path)) {
    cur /= part;
    boost::system::error_code ec;
    fs::file_status st = fs::symlink_status(cur, ec);
    if (fs::is_symlink(st)) return LinkAt(root, cur);
    if (ec || !fs::exists(st)) return std::nullopt;
  }
  return std::nullopt;
}

// Every symbolic link under `dir` of the work tree, sorted, without
// following any.
Result<std::vector<Link>> LinksUnder(const fs::path& root, const std::string& dir) {
  std::vector<Link> out;
  boost::system::error_code ec;
  const fs::path base = root / dir;
  if (!fs::is_directory(fs::symlink_status(base, ec))) return out;
  // readdir's entry types, not a stat per file: evidence/ may hold 100,000.
  std::vector<fs::path> pending{base};
  while (!pending.empty()) {
    const fs::path folder = std::move(pending.back());
    pending.pop_back();
    DIR* d = ::opendir(folder.c_str());
    if (!d)
      return Error::Operational("cannot list " + folder.string() + ": " + std::strerror(errno));
    errno = 0;
    while (const struct dirent* e = ::readdir(d)) {
      const std::string_view name(e->d_name);
      if (name == "." || name == "..") continue;
      unsigned char type = e->d_type;
      if (type == DT_REG) continue;  // nearly every entry: no path made for it
      const fs::path child = folder / e->d_name;
      if (type == DT_UNKNOWN) {
        struct stat st;
        if (::lstat(child.c_str(), &st) != 0) continue;  // gone meanwhile
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
      }
      if (type == DT_LNK) out.push_back(LinkAt(root, child));
      if (type == DT_DIR) pending.push_back(child);
      errno = 0;
    }
    const int err = errno;
    ::closedir(d);
    if (err)
      return Error::Operational("cannot list " + folder.string() + ": " + std::strerror(err));
  }
  std::sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.path < b.path; });
  return out;
}

// Paths filed by more than one artifact -> their ids (sorted).
std::map<std::string, std::vector<std::string>> DuplicatedPaths(const Snapshot& snap) {
  // Sorted views (stable: each path's ids stay in the snapshot's order),
  // not a map node per artifact: nearly every path is filed once.
  std::vector<std::pair<std::string_view, size_t>> paths;
  paths.reserve(snap.artifacts.size());
  for (size_t i = 0; i < snap.artifacts.size(); ++i) paths.emplace_back(snap.artifacts[i].path, i);
  std::stable_sort(paths.begin(), paths.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::map<std::string, std::vector<std::string>> by_path;
  for (size_t i = 0, j; i < paths.size(); i = j) {
    for (j = i + 1; j < paths.size() && paths[j].first == paths[i].first; ++j) {
    }
    if (j - i < 2) continue;
    auto& ids = by_path[std::string(paths[i].first)];
    for (size_t k = i; k < j; ++k) ids.push_back(snap.artifacts[paths[k].second].id);
  }
  return by_path;
}

}  // namespace dossier
