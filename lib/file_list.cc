// Regular files listed packed: see file_list.h.
#include "file_list.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "index.h"
#include "index_bytes.h"

namespace dossier {

namespace {
// Capacity in `v` for `more` beyond its size, at least doubled when grown:
// one guess per folder must not copy everything listed before each time.
template <typename T>
void Grow(T* v, size_t more) {
  const size_t want = v->size() + more;
  if (want > v->capacity()) v->reserve(std::max(want, 2 * v->capacity()));
}
}  // namespace

// A folder's entries as the listing cache keeps them (FileList::Of with a
// cache): "F2", then u32 count and names of its subfolders, of its symbolic
// links, and of its regular files, as index_bytes writes them. ("F1" had no
// links: read again.)
constexpr std::string_view kEntriesTag = "F2";

Result<FileList> FileList::Of(const std::string& root, const std::string& dir) {
  return Of(root, dir, nullptr);
}

Result<FileList> FileList::Of(const std::string& root, const std::string& dir, StatIndex* cache,
                              std::vector<std::string>* links) {
  FileList list;
  std::vector<std::string> pending{dir};
  std::vector<std::string> subfolders;  // of the folder being listed
  std::vector<std::string> folder_links;
  while (!pending.empty()) {
    const std::string rel = std::move(pending.back());
    pending.pop_back();
    const std::string full = root + "/" + rel;
    const auto folder = static_cast<uint32_t>(list.folders_.size());
    const size_t first = list.files_.size();
    auto add_file = [&](std::string_view name) {
      list.files_.push_back(
          File{0, list.text_.size(), static_cast<uint32_t>(rel.size() + 1 + name.size()), folder});
      list.text_.append(rel).append(1, '/').append(name).append(1, '\0');
    };
    auto take_links = [&] {
      if (!links) return;
      for (const auto& l : folder_links) links->push_back(rel + "/" + l);
    };
    // Taken before the folder is read: one changed meanwhile has other stat
    // data by the next time, and what was read under this is never used.
    std::optional<FileStamp> stamp;
    struct stat ds;
    if (cache && ::lstat(full.c_str(), &ds) == 0 && S_ISDIR(ds.st_mode)) {
      stamp = FileStamp::Of(ds);
      if (auto payload = cache->Find(rel, *stamp)) {
        index_bytes::Reader in(*payload);
        std::string_view tag;
        // A u32 count (given to `reserve`), then as many names, each given
        // to `take`.
        auto names = [&in](auto reserve, auto take) {
          uint32_t count = 0;
          if (!in.Int(&count) || count > in.remaining()) return false;
          reserve(count);
          std::string_view name;
          for (uint32_t i = 0; i < count; ++i) {
            if (!in.Str(&name)) return false;
            take(name);
          }
          return true;
        };
        subfolders.clear();
        folder_links.clear();
        list.folders_.push_back(rel);
        if (in.Bytes(kEntriesTag.size(), &tag) && tag == kEntriesTag &&
            names([](uint32_t) {}, [&](std::string_view n) { subfolders.emplace_back(n); }) &&
            names([](uint32_t) {}, [&](std::string_view n) { folder_links.emplace_back(n); }) &&
            names([&](uint32_t count) { Grow(&list.files_, count); }, add_file) && in.AtEnd()) {
          for (const auto& sub : subfolders) pending.push_back(rel + "/" + sub);
          take_links();
          continue;
        }
        // Malformed (the cache's checksum held): listed after all.
        list.files_.resize(first);
        list.text_.resize(
            list.files_.empty() ? 0 : list.files_.back().at + list.files_.back().length + 1);
        list.folders_.pop_back();
      }
    }
    DIR* d = ::opendir(full.c_str());
    if (!d) {
      if ((errno == ENOENT || errno == ENOTDIR) && rel == dir) return list;
      return Error::Operational("cannot list the files under " + rel + ": " + std::strerror(errno));
    }
    list.folders_.push_back(rel);
    subfolders.clear();
    folder_links.clear();
    // Room for the folder's entries, guessed from its size (on ext4 some 32
    // bytes an entry, 16 at least): grown once for a large folder, not
    // doubled and copied again and again (a third of the listing's time at
    // 100,000 files). Pages not written are never touched.
    struct stat opened;
    if (::fstat(::dirfd(d), &opened) == 0 && opened.st_size > 0) {
      const auto guess = static_cast<size_t>(opened.st_size) / 16;
      Grow(&list.text_, guess * (rel.size() + 2) + static_cast<size_t>(opened.st_size));
      Grow(&list.files_, guess);
    }
    errno = 0;
    while (const struct dirent* e = ::readdir(d)) {
      const std::string_view name(e->d_name);
      if (name == "." || name == "..") continue;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st;
        if (::lstat((full + "/" + e->d_name).c_str(), &st) != 0) continue;  // gone meanwhile
        type = S_ISREG(st.st_mode)   ? DT_REG
               : S_ISDIR(st.st_mode) ? DT_DIR
               : S_ISLNK(st.st_mode) ? DT_LNK
                                     : DT_UNKNOWN;
      }
      if (type == DT_REG) {
        add_file(name);
      } else if (type == DT_DIR && name != ".git") {
        subfolders.emplace_back(name);
        pending.push_back(rel + "/" + e->d_name);
      } else if (type == DT_LNK) {
        folder_links.emplace_back(name);
      }
      errno = 0;
    }
    const int err = errno;
    ::closedir(d);
    if (err) {
      return Error::Operational("cannot list the files under " + rel + ": " + std::strerror(err));
    }
    take_links();
    if (stamp) {
      std::string payload(kEntriesTag);
      for (const auto* names : {&subfolders, &folder_links}) {
        index_bytes::PutInt(&payload, static_cast<uint32_t>(names->size()));
        for (const auto& name : *names) index_bytes::PutStr(&payload, name);
      }
      index_bytes::PutInt(&payload, static_cast<uint32_t>(list.files_.size() - first));
      const size_t skip = rel.size() + 1;
      for (size_t i = first; i < list.files_.size(); ++i) {
        index_bytes::PutStr(&payload, list.Path(i).substr(skip));
      }
      cache->Put(rel, *stamp, std::move(payload));
    }
  }
  list.Sort(0, list.files_.size(), 0);
  if (links) std::sort(links->begin(), links->end());
  if (cache) {
    std::vector<std::string> live = list.folders_;
    std::sort(live.begin(), live.end());
    cache->Retain(live, dir);  // folders gone are forgotten
  }
  return list;
}

void FileList::Sort(size_t begin, size_t end, size_t from) {
  if (end - begin < 2) return;
  // The paths are compared past what they all share ("evidence/bulk/ART-2026..."),
  // 8 bytes at once as a number (a path that ends first is padded with 0,
  // below any byte of a name, so it sorts first, as it should): a
  // comparison of two numbers instead of a memcmp over the shared part.
  // Paths whose 8 bytes are the same are sorted so again, past those.
  auto path = [this](const File& f) { return std::string_view(text_.data() + f.at, f.length); };
  const std::string_view first = path(files_[begin]);
  size_t shared = first.size();
  for (size_t i = begin + 1; i < end && shared > from; ++i) {
    const std::string_view p = path(files_[i]);
    const size_t limit = std::min(shared, p.size());
    shared = static_cast<size_t>(
        std::mismatch(first.begin() + from, first.begin() + limit, p.begin() + from).first -
        first.begin());
  }
  for (size_t i = begin; i < end; ++i) {
    File& f = files_[i];
    f.key = 0;
    for (size_t k = shared; k < shared + 8; ++k) {
      f.key = f.key << 8 | (k < f.length ? static_cast<unsigned char>(text_[f.at + k]) : 0u);
    }
  }
  const auto base = files_.begin();
  std::sort(base + static_cast<std::ptrdiff_t>(begin), base + static_cast<std::ptrdiff_t>(end),
            [](const File& a, const File& b) { return a.key < b.key; });
  for (size_t i = begin, j; i < end; i = j) {
    bool longer = files_[i].length > shared + 8;
    for (j = i + 1; j < end && files_[j].key == files_[i].key; ++j) {
      longer = longer || files_[j].length > shared + 8;
    }
    // Equal so far, and not all at their end (then they would be equal).
    if (longer) Sort(i, j, shared + 8);
  }
}

size_t FileList::Find(std::string_view path) const {
  size_t lo = 0, hi = files_.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (Path(mid) < path) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < files_.size() && Path(lo) == path ? lo : files_.size();
}

}  // namespace dossier
