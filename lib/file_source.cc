#include "file_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <boost/filesystem.hpp>
#include <fstream>
#include <sstream>

namespace dossier {
namespace fs = boost::filesystem;
namespace {

class WorkTree : public FileSource {
 public:
  explicit WorkTree(std::string root) : root_(std::move(root)) {}

  Result<std::vector<std::string>> List(const std::string& dir) const override {
    std::vector<std::string> out;
    boost::system::error_code ec;
    fs::path base = fs::path(root_) / dir;
    if (!fs::is_directory(base, ec)) return out;
    fs::recursive_directory_iterator it(base, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it->path().filename() == ".git") {
        it.disable_recursion_pending();
        continue;
      }
      if (fs::is_regular_file(it->symlink_status())) {
        // Lexical: the iterator's paths start with root_; fs::relative
        // would resolve every component of every path on disk.
        out.push_back(it->path().lexically_relative(root_).generic_string());
      }
    }
    if (ec) {
      const std::string where = it != end ? it->path().string() : base.string();
      return Error::Operational("cannot list " + where + ": " + ec.message());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<std::optional<std::string>> Read(const std::string& path) const override {
    const fs::path full = fs::path(root_) / path;
    boost::system::error_code ec;
    if (!fs::exists(fs::symlink_status(full, ec))) return std::optional<std::string>();
    if (!fs::is_regular_file(full, ec)) {
      return Error::Operational(path + " is not a readable file (a folder, a broken link or a "
                                "special file stands where a file should be)");
    }
    std::ifstream in(full, std::ios::binary);
    if (!in) return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    return std::optional<std::string>(ss.str());
  }

 private:
  std::string root_;
};

class GitTree : public FileSource {
 public:
  explicit GitTree(git::Tree tree) : tree_(std::move(tree)) {}
  Result<std::vector<std::string>> List(const std::string& dir) const override {
    return tree_.List(dir);
  }
  Result<std::optional<std::string>> Read(const std::string& path) const override {
    return tree_.Read(path);
  }

 private:
  git::Tree tree_;
};

}  // namespace

std::unique_ptr<FileSource> WorkTreeSource(const std::string& root) {
  return std::make_unique<WorkTree>(root);
}

std::unique_ptr<FileSource> GitTreeSource(git::Tree tree) {
  return std::make_unique<GitTree>(std::move(tree));
}

}  // namespace dossier
