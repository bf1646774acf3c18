#include "archive/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "crypto/sha256.h"

namespace dossier::archive {
namespace {

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;
using EntryPtr = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;

std::string ArchiveError(struct archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

// libarchive's zip writer converts entry times to MS-DOS timestamps with
// localtime(), so the same pack made under two TZ settings would differ.
// While a zip is written the process runs on UTC; the previous TZ comes back
// when the writer goes. (The CLI is single-threaded while it writes a pack.)
class UtcTimeZone {
 public:
  UtcTimeZone() {
    const char* tz = ::getenv("TZ");
    if (tz) saved_ = std::string(tz);
    ::setenv("TZ", "UTC0", 1);
    ::tzset();
  }
  ~UtcTimeZone() {
    if (saved_) {
      ::setenv("TZ", saved_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  UtcTimeZone(const UtcTimeZone&) = delete;
  UtcTimeZone& operator=(const UtcTimeZone&) = delete;

 private:
  std::optional<std::string> saved_;
};

// libarchive converts entry names between the locale's character set and
// the archive's (pax path records and zip's UTF-8 names are UTF-8). Under the
// C locale that set is ASCII, so the first name in another script fails
// ("Can't translate pathname to UTF-8"), and libarchive 3.6 crashes when it
// is handed only a UTF-8 name. Names in Dossier are UTF-8 bytes, so this
// thread reads and writes archives under a UTF-8 character set (LC_CTYPE
// only: dates and messages keep the process locale) and gets its own locale
// back when the object goes.
class Utf8Names {
 public:
  Utf8Names() {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
      locale_ = ::newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr));
      if (locale_) break;
    }
    if (locale_) previous_ = ::uselocale(locale_);
  }
  ~Utf8Names() {
    if (!locale_) return;
    ::uselocale(previous_);
    ::freelocale(locale_);
  }
  Utf8Names(const Utf8Names&) = delete;
  Utf8Names& operator=(const Utf8Names&) = delete;
  bool ok() const { return locale_ != static_cast<locale_t>(nullptr); }

 private:
  locale_t locale_ = static_cast<locale_t>(nullptr);
  locale_t previous_ = static_cast<locale_t>(nullptr);
};

// Whether the file at `path` starts as a zip archive does.
bool IsZip(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char magic[4] = {};
  const size_t n = std::fread(magic, 1, sizeof magic, f);
  std::fclose(f);
  return n == 4 && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

struct Writer::State {
  // First: set before the archive exists, given back after it is freed.
  std::unique_ptr<Utf8Names> utf8 = std::make_unique<Utf8Names>();
  ArchivePtr a{nullptr, &archive_write_free};
  std::string path;
  std::string temp;
  int64_t mtime = 0;
  bool closed = false;
  std::unique_ptr<UtcTimeZone> utc;  // zip only
};

Writer::Writer(std::unique_ptr<State> state) : state_(std::move(state)) {}
Writer::Writer(Writer&&) noexcept = default;

Writer::~Writer() {
  if (state_ && !state_->closed) {
    state_->a.reset();
    ::unlink(state_->temp.c_str());
  }
}

Result<Writer> Writer::Create(const std::string& path, Format format, int64_t mtime) {
  auto st = std::make_unique<State>();
  st->path = path;
  st->temp = path + ".tmp-" + std::to_string(::getpid());
  st->mtime = mtime;
  st->a.reset(archive_write_new());
  struct archive* a = st->a.get();
  if (!a) return Error::Operational("out of memory creating " + path);
  int rc = ARCHIVE_OK;
  switch (format) {
    case Format::kTar:
      rc = archive_write_set_format_pax_restricted(a);
      break;
    case Format::kTarGz:
      rc = archive_write_set_format_pax_restricted(a);
      if (rc == ARCHIVE_OK) rc = archive_write_add_filter_gzip(a);
      // No time stamp in the gzip header: the bytes depend on content only.
      if (rc == ARCHIVE_OK) rc = archive_write_set_filter_option(a, "gzip", "timestamp", nullptr);
      if (rc == ARCHIVE_OK)
        rc = archive_write_set_filter_option(a, "gzip", "compression-level", "9");
      break;
    case Format::kZip:
      st->utc = std::make_unique<UtcTimeZone>();
      rc = archive_write_set_format_zip(a);
      if (rc == ARCHIVE_OK)
        rc = archive_write_set_format_option(a, "zip", "compression", "deflate");
      break;
  }
  if (rc != ARCHIVE_OK) return Error::Operational("cannot set up " + path + ": " + ArchiveError(a));
  // The last block is padded as tar(1) does; harmless for zip.
  if (format != Format::kZip) archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open_filename(a, st->temp.c_str()) != ARCHIVE_OK) {
    return Error::Operational("cannot create " + st->temp + ": " + ArchiveError(a));
  }
  return Writer(std::move(st));
}

Status Writer::Add(const std::string& path, std::string_view data) {
  struct archive* a = state_->a.get();
  EntryPtr e(archive_entry_new(), &archive_entry_free);
  if (!e) return Error::Operational("out of memory adding " + path);
  archive_entry_set_pathname(e.get(), path.c_str());  // UTF-8, see Utf8Names
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0644);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
  archive_entry_set_mtime(e.get(), static_cast<time_t>(state_->mtime), 0);
  archive_entry_set_uid(e.get(), 0);
  archive_entry_set_gid(e.get(), 0);
  archive_entry_set_uname(e.get(), "root");
  archive_entry_set_gname(e.get(), "root");
  if (archive_write_header(a, e.get()) != ARCHIVE_OK) {
    return Error::Operational("cannot add " + path + " to " + state_->path + ": " +
                              ArchiveError(a));
  }
  size_t done = 0;
  while (done < data.size()) {
    la_ssize_t n = archive_write_data(a, data.data() + done, data.size() - done);
    if (n <= 0) {
      return Error::Operational("cannot write " + path + " to " + state_->path + ": " +
                                ArchiveError(a));
    }
    done += static_cast<size_t>(n);
  }
  if (archive_write_finish_entry(a) != ARCHIVE_OK) {
    return Error::Operational("cannot write " + path + " to " + state_->path + ": " +
                              ArchiveError(a));
  }
  return Status::Ok();
}

Status Writer::Close() {
  struct archive* a = state_->a.get();
  if (archive_write_close(a) != ARCHIVE_OK) {
    return Error::Operational("cannot finish " + state_->path + ": " + ArchiveError(a));
  }
  state_->a.reset();
  state_->utc.reset();
  state_->utf8.reset();
  if (std::rename(state_->temp.c_str(), state_->path.c_str()) != 0) {
    return Error::Operational("cannot rename " + state_->temp + " to " + state_->path + ": " +
                              std::strerror(errno));
  }
  state_->closed = true;
  return Status::Ok();
}

Result<std::vector<EntryInfo>> ReadEntries(const std::string& path,
                                           const std::function<bool(const std::string&)>& keep,
                                           uint64_t keep_limit) {
  // Tar names come back byte for byte under the C locale (pax stores them
  // as UTF-8, and a failed conversion keeps the bytes); zip's UTF-8 names
  // need a UTF-8 character set, or libarchive turns each other letter into
  // '?'. Declared before the archive, so it outlives it.
  std::optional<Utf8Names> utf8;
  if (IsZip(path)) utf8.emplace();
  ArchivePtr a(archive_read_new(), &archive_read_free);
  if (!a) return Error::Operational("out of memory reading " + path);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error::Input("cannot read " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return Error::Input(path + " is not a file");
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return Error::Negative(path +
                           " is not a readable tar or zip archive: " + ArchiveError(a.get()));
  }
  std::vector<EntryInfo> out;
  std::vector<char> buf(1 << 16);
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      return Error::Negative(path + " is damaged after " + std::to_string(out.size()) +
                             " entries: " + ArchiveError(a.get()));
    }
    EntryInfo info;
    const char* name = archive_entry_pathname(e);
    info.path = name ? name : "";
    const char* hard = archive_entry_hardlink(e);
    const char* sym = archive_entry_symlink(e);
    if (hard) {
      info.type = EntryType::kHardlink;
      info.link = hard;
    } else if (sym || archive_entry_filetype(e) == AE_IFLNK) {
      info.type = EntryType::kSymlink;
      info.link = sym ? sym : "";
    } else if (archive_entry_filetype(e) == AE_IFDIR) {
      info.type = EntryType::kDirectory;
    } else if (archive_entry_filetype(e) != AE_IFREG) {
      info.type = EntryType::kOther;
    }
    const bool keep_data = info.type == EntryType::kFile && keep && keep(info.path);
    crypto::Sha256 hash;
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n == 0) break;
      if (n < 0) {
        return Error::Negative(path + ": cannot read entry " + info.path + ": " +
                               ArchiveError(a.get()));
      }
      hash.Update(buf.data(), static_cast<size_t>(n));
      info.size += static_cast<uint64_t>(n);
      if (keep_data) {
        if (info.size > keep_limit) {
          return Error::Negative(path + ": entry " + info.path + " is larger than " +
                                 std::to_string(keep_limit) + " bytes");
        }
        info.data.append(buf.data(), static_cast<size_t>(n));
      }
    }
    info.sha256 = hash.HexDigest();
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace dossier::archive

namespace dossier::archive {

Status CheckEntryName(const std::string& name) {
  if (!ValidUtf8(name)) {
    std::string shown;  // the bytes above ASCII as \xNN: the message itself stays UTF-8
    for (char c : name) {
      static const char* kHex = "0123456789ABCDEF";
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x80) {
        shown += c;
      } else {
        shown += std::string("\\x") + kHex[u >> 4] + kHex[u & 15];
      }
    }
    return Error::Input(shown + ": the name is not valid UTF-8 (it was written in an older " +
                        "character set), so packs and reports could not carry it; rename the " +
                        "file and add it again");
  }
  if (std::all_of(name.begin(), name.end(), [](char c) { return (c & 0x80) == 0; })) {
    return Status::Ok();
  }
  // Round trip through a zip in memory: libarchive's zip reader reports
  // names in Unicode composed form (NFC), so a name in another form (the
  // decomposed letters older Macs write, compatibility characters such as
  // U+212B ANGSTROM SIGN) would come back as another name.
  std::string read_back;
  {
    Utf8Names utf8;
    std::vector<char> buf(4096 + 2 * name.size());
    size_t used = 0;
    ArchivePtr w(archive_write_new(), &archive_write_free);
    EntryPtr e(archive_entry_new(), &archive_entry_free);
    if (!w || !e || archive_write_set_format_zip(w.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(w.get(), 0) != ARCHIVE_OK ||
        archive_write_open_memory(w.get(), buf.data(), buf.size(), &used) != ARCHIVE_OK) {
      return Error::Operational("cannot check the name " + name + ": " + ArchiveError(w.get()));
    }
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), 0);
    if (archive_write_header(w.get(), e.get()) != ARCHIVE_OK ||
        archive_write_close(w.get()) != ARCHIVE_OK) {
      return Error::Input(name + ": the name cannot be written into a pack (" +
                          ArchiveError(w.get()) + "); rename the file and add it again");
    }
    ArchivePtr r(archive_read_new(), &archive_read_free);
    archive_read_support_format_zip(r.get());
    archive_entry* got = nullptr;
    if (archive_read_open_memory(r.get(), buf.data(), used) != ARCHIVE_OK ||
        archive_read_next_header(r.get(), &got) < ARCHIVE_WARN) {
      return Error::Operational("cannot check the name " + name + ": " + ArchiveError(r.get()));
    }
    const char* p = archive_entry_pathname(got);
    read_back = p ? p : "";
  }
  if (read_back != name) {
    return Error::Input(name + ": the name is not in the usual composed Unicode form (NFC), so " +
                        "zip readers would show it as " + read_back + " and a pack could not " +
                        "match it; rename the file (typing the name anew gives the composed " +
                        "form) and add it again");
  }
  return Status::Ok();
}

}  // namespace dossier::archive
