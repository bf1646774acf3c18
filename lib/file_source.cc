#include "file_source.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>
#include <sstream>

namespace dossier {
namespace fs = boost::filesystem;
namespace {

class WorkTree : public FileSource {
 public:
  explicit WorkTree(std::string root) : root_(std::move(root)) {}

  std::vector<std::string> List(const std::string& dir) const override {
    std::vector<std::string> out;
    boost::system::error_code ec;
    fs::path base = fs::path(root_) / dir;
    if (!fs::is_directory(base, ec)) return out;
    for (fs::recursive_directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
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
    std::sort(out.begin(), out.end());
    return out;
  }

  std::optional<std::string> Read(const std::string& path) const override {
    std::ifstream in(fs::path(root_) / path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string root_;
};

class GitTree : public FileSource {
 public:
  explicit GitTree(git::Tree tree) : tree_(std::move(tree)) {}
  std::vector<std::string> List(const std::string& dir) const override { return tree_.List(dir); }
  std::optional<std::string> Read(const std::string& path) const override {
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
