// lib/file_list.h: the packed listing (behind ListRegularFiles, lib/index.h)
// gives what a plain walk of the folders and a sort of its strings give,
// file for file and in the same order, however the paths share their first
// bytes (its sort compares 8 bytes past the shared part as a number, then
// again past those).
#define BOOST_TEST_MODULE file_list_test
#include "file_list.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "index.h"
#include "index_bytes.h"
#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::FileList;
using dossier::test::TempDir;
using dossier::test::WriteFile;

namespace {

std::vector<std::string> Paths(const FileList& list) {
  std::vector<std::string> out;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.Path(i));
  return out;
}

// Every file's folder and name make its path; Find finds each, and nothing
// that is not listed.
void CheckParts(const FileList& list) {
  const std::vector<std::string> paths = Paths(list);
  auto place = [&](const std::string& path) {
    const auto it = std::find(paths.begin(), paths.end(), path);
    return static_cast<size_t>(it - paths.begin());
  };
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path(list.Path(i));
    BOOST_TEST(list.FolderPath(list.Folder(i)) + "/" + list.Name(i) == path);
    BOOST_TEST(list.Path(i).data()[path.size()] == '\0');
    BOOST_TEST(list.Find(path) == i);
    for (const std::string& near : {path + "x", path + "\x01", path.substr(0, path.size() - 1)}) {
      BOOST_TEST(list.Find(near) == place(near), near);
    }
  }
}

// The regular files under `dir` by a plain walk (links not followed, .git
// folders left out), as strings, sorted; its symbolic links instead with
// `links`.
std::vector<std::string> Walked(const std::string& root, const std::string& dir,
                                bool links = false) {
  std::vector<std::string> out;
  if (!fs::is_directory(fs::symlink_status(root + "/" + dir))) return out;
  for (fs::recursive_directory_iterator it(root + "/" + dir), end; it != end; ++it) {
    const fs::file_status st = it->symlink_status();
    if (fs::is_directory(st) && it->path().filename() == ".git") {
      it.disable_recursion_pending();
    } else if (links ? fs::is_symlink(st) : fs::is_regular_file(st)) {
      out.push_back(it->path().string().substr(root.size() + 1));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void SameAsListRegularFiles(const std::string& root, const std::string& dir) {
  auto packed = FileList::Of(root, dir);
  auto strings = dossier::ListRegularFiles(root, dir);
  BOOST_REQUIRE(packed.ok());
  BOOST_REQUIRE(strings.ok());
  const std::vector<std::string> walked = Walked(root, dir);
  BOOST_TEST(Paths(*packed) == walked, boost::test_tools::per_element());
  BOOST_TEST(*strings == walked, boost::test_tools::per_element());
  CheckParts(*packed);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_list_test)

// Folders whose names sort otherwise than their paths ("a/x" after "a-b/y"),
// names that are each other's beginnings across the 8 bytes compared at
// once, bytes above 0x7f, and what is left out: links, .git, a named pipe.
BOOST_AUTO_TEST_CASE(lists_what_list_regular_files_lists_in_its_order) {
  TempDir dir;
  const std::string root = dir.path();
  for (const std::string folder :
       {"ev", "ev/a", "ev/a-b", "ev/a/b", "ev/ab", "ev/empty", "ev/.git", "ev/deep/er/still"}) {
    fs::create_directories(root + "/" + folder);
  }
  std::vector<std::string> names = {"x",
                                    "y",
                                    "p",
                                    "p0",
                                    "p0000000",
                                    "p00000000",
                                    "p000000000",
                                    "p0000000000000000",
                                    "p00000000000000001",
                                    "p00000000000000000",
                                    "\xc3\xa9t\xc3\xa9",
                                    "et\xc3\xa9",
                                    "ART-20260101-000001.txt",
                                    "ART-20260101-000010.txt"};
  for (const std::string folder : {"ev", "ev/a", "ev/a-b", "ev/a/b", "ev/ab", "ev/deep/er/still"}) {
    for (const auto& n : names) WriteFile(root + "/" + folder + "/" + n, n);
  }
  WriteFile(root + "/ev/.git/HEAD", "not listed\n");
  fs::create_symlink(root + "/ev/x", root + "/ev/link");
  fs::create_directory_symlink(root + "/ev/a", root + "/ev/folder-link");
  BOOST_REQUIRE(::mkfifo((root + "/ev/pipe").c_str(), 0644) == 0);
  SameAsListRegularFiles(root, "ev");
  SameAsListRegularFiles(root, "ev/a");
  SameAsListRegularFiles(root, "ev/empty");
  BOOST_TEST(FileList::Of(root, "ev/empty")->size() == 0u);
}

// Many names that share most of their bytes, in random lengths and orders,
// in many folders (the room guessed per folder grows the listing).
BOOST_AUTO_TEST_CASE(names_sharing_long_beginnings_sort_as_strings) {
  TempDir dir;
  const std::string root = dir.path();
  std::mt19937 random(12);
  for (int i = 0; i < 900; ++i) {
    std::string name = "ART-2026";
    const size_t length = random() % 24;
    for (size_t k = 0; k < length; ++k) name += "01\x7f\x80"[random() % 4];
    const std::string folder =
        root + "/ev/" + (i % 3 ? "one/" : "one-two/") + std::to_string(i % 30);
    fs::create_directories(folder);
    WriteFile(folder + "/" + name, "x");
  }
  SameAsListRegularFiles(root, "ev");
}

BOOST_AUTO_TEST_CASE(a_missing_folder_lists_nothing_and_an_unreadable_one_is_named) {
  TempDir dir;
  const std::string root = dir.path();
  auto none = FileList::Of(root, "missing");
  BOOST_REQUIRE(none.ok());
  BOOST_TEST(none->size() == 0u);
  fs::create_directories(root + "/ev/closed");
  WriteFile(root + "/ev/closed/f", "x");
  fs::permissions(root + "/ev/closed", fs::perms::no_perms);
  if (::access((root + "/ev/closed").c_str(), R_OK) != 0) {  // not as root
    auto packed = FileList::Of(root, "ev");
    BOOST_REQUIRE(!packed.ok());
    BOOST_TEST(packed.error().message().rfind("cannot list the files under ev/closed: ", 0) == 0);
  }
  fs::permissions(root + "/ev/closed", fs::perms::owner_all);
}

// With a listing cache (FileList::Of(root, dir, cache)): a folder's entries
// recorded under its stat data are trusted while that holds, and whatever
// changes a folder's entries (a file added, removed, renamed or replaced by
// a link, a subfolder made or removed, a folder replaced by a file) is
// listed as a plain walk lists it, by the command that sees it first and by
// the next, which takes it from the cache.
BOOST_AUTO_TEST_CASE(a_cached_listing_is_what_a_walk_gives_after_any_change) {
  TempDir dir;
  const std::string root = dir.path();
  const std::string cache_file = root + "/listing-cache";
  for (const std::string folder : {"ev", "ev/a", "ev/a/deep", "ev/b", "ev/.git"}) {
    fs::create_directories(root + "/" + folder);
  }
  for (const std::string file : {"ev/top.txt", "ev/a/one.txt", "ev/a/two.txt", "ev/a/deep/three",
                                 "ev/b/four", "ev/.git/HEAD"}) {
    WriteFile(root + "/" + file, file);
  }
  // As commands do: opened, listed, saved; a tick of the file-system clock
  // after the last change first, so that the folders' entries are recorded.
  auto listed = [&](const char* when) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    auto cache = dossier::StatIndex::Open(cache_file);
    std::vector<std::string> links;
    auto list = FileList::Of(root, "ev", cache.get(), &links);
    BOOST_REQUIRE(list.ok());
    std::sort(links.begin(), links.end());
    BOOST_TEST_CONTEXT(when) {
      BOOST_TEST(Paths(*list) == Walked(root, "ev"), boost::test_tools::per_element());
      BOOST_TEST(links == Walked(root, "ev", true), boost::test_tools::per_element());
    }
    CheckParts(*list);
    cache->Save();
  };
  auto twice = [&](const char* when) {
    listed(when);  // read, recorded
    listed(when);  // from the cache
  };
  twice("at first");
  BOOST_TEST(dossier::StatIndex::Open(cache_file)->size() == 4u);  // ev, ev/a, ev/a/deep, ev/b

  // Trusted while the folder's stat data holds: a forged record under it is
  // believed (no command writes one), and dropped once the folder changes.
  {
    struct stat st;
    BOOST_REQUIRE(::lstat((root + "/ev/b").c_str(), &st) == 0);
    std::string payload = "F2";
    dossier::index_bytes::PutInt(&payload, uint32_t{0});  // no subfolder
    dossier::index_bytes::PutInt(&payload, uint32_t{0});  // no link
    dossier::index_bytes::PutInt(&payload, uint32_t{1});
    dossier::index_bytes::PutStr(&payload, "recorded-only");
    auto cache = dossier::StatIndex::Open(cache_file);
    cache->Put("ev/b", dossier::FileStamp::Of(st), payload);
    cache->Save();
    auto list = FileList::Of(root, "ev", dossier::StatIndex::Open(cache_file).get());
    BOOST_REQUIRE(list.ok());
    BOOST_TEST(list->Find("ev/b/recorded-only") < list->size());
    BOOST_TEST(list->Find("ev/b/four") == list->size());
  }
  WriteFile(root + "/ev/b/five", "5");
  twice("a file added beside a forged record");

  WriteFile(root + "/ev/a/new.txt", "new");
  twice("a file added");
  fs::remove(root + "/ev/a/one.txt");
  twice("a file removed");
  fs::rename(root + "/ev/a/two.txt", root + "/ev/a/2.txt");
  twice("a file renamed");
  fs::remove(root + "/ev/top.txt");
  fs::create_symlink(root + "/ev/a/2.txt", root + "/ev/top.txt");
  twice("a file replaced by a link");
  fs::create_directory_symlink(root + "/ev/b", root + "/ev/a/folder-link");
  fs::create_symlink(root + "/nowhere", root + "/ev/a/deep/dangling");
  twice("links to a folder and to nothing");
  fs::create_directories(root + "/ev/a/deep/deeper");
  WriteFile(root + "/ev/a/deep/deeper/six", "6");
  twice("a subfolder made");
  fs::remove_all(root + "/ev/a/deep");
  twice("a subfolder removed");
  BOOST_TEST(dossier::StatIndex::Open(cache_file)->size() == 3u);  // the folders gone forgotten
  fs::remove_all(root + "/ev/b");
  WriteFile(root + "/ev/b", "a file now");
  twice("a folder replaced by a file");
  // An entry of another format (as an older version wrote) is read again.
  {
    struct stat st;
    BOOST_REQUIRE(::lstat((root + "/ev/a").c_str(), &st) == 0);
    auto cache = dossier::StatIndex::Open(cache_file);
    cache->Put("ev/a", dossier::FileStamp::Of(st), "an older payload");
    cache->Save();
  }
  twice("an entry of another format");

  // A folder whose times are whole seconds, as on FAT or exFAT, where an
  // entry added within the second would leave them as they were: its
  // entries are listed every time, never kept.
  fs::create_directories(root + "/ev/coarse");
  WriteFile(root + "/ev/coarse/seven", "7");
  const struct timespec whole[2] = {{1700000000, 0}, {1700000000, 0}};
  BOOST_REQUIRE(::utimensat(AT_FDCWD, (root + "/ev/coarse").c_str(), whole, 0) == 0);
  twice("a folder with whole-second times");
  auto kept = [&](const std::string& folder) {
    struct stat st;
    BOOST_REQUIRE(::lstat((root + "/" + folder).c_str(), &st) == 0);
    return dossier::StatIndex::Open(cache_file)
        ->Find(folder, dossier::FileStamp::Of(st))
        .has_value();
  };
  BOOST_TEST(kept("ev/a"));
  BOOST_TEST(!kept("ev/coarse"));
}

BOOST_AUTO_TEST_SUITE_END()
