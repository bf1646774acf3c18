// See atomic_file.h.
#include "atomic_file.h"

#include <boost/filesystem.hpp>
#include <fstream>

#include "durable.h"

namespace dossier {
namespace fs = boost::filesystem;

Status WriteFileAtomically(const fs::path& path, const std::string& bytes, bool flush) {
  boost::system::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec)
    return Error::Operational("cannot create " + path.parent_path().string() + ": " + ec.message());
  fs::path tmp = path;
  tmp += ".dossier-tmp";
  {
    std::ofstream out(tmp.string(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      boost::system::error_code ignored;
      fs::remove(tmp, ignored);
      return Error::Operational("cannot write " + tmp.string());
    }
  }
  Status synced = flush ? durable::SyncFile(tmp.string()) : Status::Ok();
  if (synced.ok()) fs::rename(tmp, path, ec);
  if (!synced.ok() || ec) {
    boost::system::error_code ignored;
    fs::remove(tmp, ignored);  // leave no temporary file behind
    if (!synced.ok()) return synced;
    return Error::Operational("cannot write " + path.string() + ": " + ec.message());
  }
  return Status::Ok();
}

Status CopyFileAtomically(const fs::path& from, const fs::path& to) {
  boost::system::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  if (ec)
    return Error::Operational("cannot create " + to.parent_path().string() + ": " + ec.message());
  fs::path tmp = to;
  tmp += ".dossier-tmp";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, to, ec);
  if (ec) {
    boost::system::error_code ignored;
    fs::remove(tmp, ignored);
    return Error::Operational("cannot write " + to.string() + " from " + from.string() + ": " +
                              ec.message());
  }
  return Status::Ok();
}

}  // namespace dossier
