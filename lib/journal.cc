// Reading and recovering the commit journal: see journal.h.
#include "journal.h"

#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "atomic_file.h"
#include "durable.h"
#include "fault.h"
#include "git/remote.h"

namespace dossier {
namespace fs = boost::filesystem;
namespace bj = boost::json;

fs::path SetAside(const fs::path& full) {
  fs::path p = full;
  p += ".dossier-old";
  return p;
}

fs::path TempOf(const fs::path& full) {
  fs::path p = full;
  p += ".dossier-tmp";
  return p;
}

Status WriteJournal(const fs::path& file, const Journal& journal) {
  bj::array list;
  for (const auto& e : journal.entries) {
    list.push_back(bj::object{{"path", e.path}, {"state", e.state}, {"folder", e.created_folder}});
  }
  bj::object doc{{"base", journal.base}, {"entries", std::move(list)}};
  if (!journal.commit.empty()) {
    bj::object blobs;
    for (const auto& [path, blob] : journal.blobs) blobs[path] = blob;
    doc["commit"] = journal.commit;
    doc["tree"] = journal.tree;
    doc["blobs"] = std::move(blobs);
  }
  DOSSIER_RETURN_IF_ERROR(WriteFileAtomically(file, bj::serialize(doc) + "\n", /*flush=*/true));
  return durable::SyncDir(file.parent_path().string());
}

namespace {

Result<Journal> ReadJournal(const fs::path& file, const std::string& where) {
  std::string text;
  {
    std::ifstream in(file.string(), std::ios::binary);
    if (!in) return Error::Operational("cannot read " + where);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Error::Operational("cannot read " + where);
    text = ss.str();
  }
  const Error damaged = Error::Operational(
      "cannot read " + where +
      ": it is damaged. Check `git status` (files named *.dossier-old are the originals of "
      "files the command was replacing), then remove it");
  boost::system::error_code ec;
  bj::value doc = bj::parse(text, ec);
  const bj::object* obj = ec ? nullptr : doc.if_object();
  auto str = [](const bj::object* o, const char* key) -> const bj::string* {
    return o && o->if_contains(key) ? o->at(key).if_string() : nullptr;
  };
  const bj::string* base = str(obj, "base");
  const bj::array* list =
      obj && obj->if_contains("entries") ? obj->at("entries").if_array() : nullptr;
  if (!base || !list) return damaged;
  Journal journal;
  journal.base = std::string(*base);
  for (const auto& item : *list) {
    const bj::object* e = item.if_object();
    const bj::string* path = str(e, "path");
    const bj::string* state = str(e, "state");
    const bj::string* folder = str(e, "folder");
    if (!path || !state || !folder || path->empty()) return damaged;
    journal.entries.push_back(
        JournalEntry{std::string(*path), std::string(*state), std::string(*folder)});
  }
  if (obj->if_contains("commit")) {
    const bj::string* commit = str(obj, "commit");
    const bj::string* tree = str(obj, "tree");
    const bj::object* blobs = obj->if_contains("blobs") ? obj->at("blobs").if_object() : nullptr;
    if (!commit || !tree || !blobs) return damaged;
    journal.commit = std::string(*commit);
    journal.tree = std::string(*tree);
    for (const auto& [path, blob] : *blobs) {
      if (!blob.is_string()) return damaged;
      journal.blobs.emplace_back(std::string(path), std::string(blob.get_string()));
    }
  }
  return journal;
}

// Whether the commit a journal describes is in HEAD: HEAD is that commit or
// descends from it (a later commit, a sync's merge), or HEAD's tree holds
// every path it wrote as it wrote it (the staged paths were committed by a
// plain `git commit`). Before the journal knew the commit, no commit of it
// can exist.
Result<bool> CommittedInHead(git::Repo& git, const Journal& journal) {
  if (journal.commit.empty()) return false;
  auto head = git.HeadCommit();
  if (!head) return head.error();
  if (head->empty()) return false;
  if (*head == journal.commit) return true;
  if (git.HasObject(journal.commit)) {
    auto descends = git::IsAncestor(git, journal.commit, *head);
    if (!descends) return descends.error();
    if (*descends) return true;
  }
  auto tree = git.CommitTree(*head);
  if (!tree) return tree.error();
  for (const auto& [path, blob] : journal.blobs) {
    if (tree->EntryId(path) != blob) return false;
  }
  return !journal.blobs.empty();
}

}  // namespace

Status RecoverInterruptedCommit(const fs::path& root, git::Repo& git) {
  const fs::path git_dir = git.GitDir();
  const fs::path journal_file = git_dir / kJournal;
  boost::system::error_code ec;
  fs::remove(TempOf(journal_file), ec);  // killed while writing it: nothing was changed
  if (!fs::exists(journal_file, ec)) return Status::Ok();
  fault::Point("recover.begin");
  const std::string where = journal_file.string() + " (left by a killed dossier command)";
  auto journal = ReadJournal(journal_file, where);
  if (!journal) return journal.error();
  auto committed = CommittedInHead(git, *journal);
  if (!committed) return committed.error();
  if (*committed) {
    for (const auto& e : journal->entries) {
      fs::remove(TempOf(root / e.path), ec);
      fs::remove(SetAside(root / e.path), ec);
    }
  } else {
    for (auto it = journal->entries.rbegin(); it != journal->entries.rend(); ++it) {
      if (it->state == "adopt") continue;
      const fs::path full = root / it->path;
      fs::remove(TempOf(full), ec);
      if (it->state == "aside") {
        // No set-aside copy: the command was killed before moving the
        // original, which is still in place.
        if (fs::exists(fs::symlink_status(SetAside(full), ec))) {
          fs::remove(full, ec);
          fs::rename(SetAside(full), full, ec);
          if (ec)
            return Error::Operational("cannot restore " + full.string() + ": " + ec.message());
        }
      } else {
        fs::remove(full, ec);
      }
      if (!it->created_folder.empty()) fs::remove_all(root / it->created_folder, ec);
      fault::Point("recover.path-restored");
    }
    if (!journal->blobs.empty()) DOSSIER_RETURN_IF_ERROR(git.UnstageBlobs(journal->blobs));
  }
  fs::remove(journal_file, ec);
  if (ec) return Error::Operational("cannot remove " + where + ": " + ec.message());
  return Status::Ok();
}

}  // namespace dossier
