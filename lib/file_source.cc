#include "file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
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
    const fs::file_status st = fs::status(base, ec);
    if (ec && !Absent(ec))
      return Error::Operational("cannot read folder " + dir + ": " + ec.message());
    if (!fs::is_directory(st)) return out;
    fs::path last;  // the entry an error is about: the folder it could not enter
    for (fs::recursive_directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
      last = it->path();
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
      const std::string where =
          last.empty() ? dir : last.lexically_relative(root_).generic_string();
      return Error::Operational("cannot list the files under " + where + ": " + ec.message());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<std::optional<std::string>> Read(const std::string& path) const override {
    const std::string full = (fs::path(root_) / path).string();
    struct stat st {};
    if (::lstat(full.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
      return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
      return Error::Operational(path + " is not a readable file (a folder, a link or a special " +
                                "file stands where a file should be)");
    }
    const int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
      return Error::Operational("cannot read " + path + ": " + std::strerror(errno));
    }
    std::string bytes;
    char buf[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return Error::Operational("cannot read " + path + ": " + std::strerror(err));
      }
      bytes.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return std::optional<std::string>(std::move(bytes));
  }

 private:
  // A path that is not there, as opposed to one that cannot be reached.
  static bool Absent(const boost::system::error_code& ec) {
    return ec == boost::system::errc::no_such_file_or_directory ||
           ec == boost::system::errc::not_a_directory;
  }

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
