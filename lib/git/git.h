// RAII adapter over libgit2: every handle is owned by a unique_ptr with the
// library's free function; errors become dossier::Error with git's message.
// Private to lib/.
#ifndef DOSSIER_LIB_GIT_GIT_H_
#define DOSSIER_LIB_GIT_GIT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dossier/result.h"

struct git_repository;
struct git_tree;
struct git_tree_entry;

namespace dossier::git {

struct Signature {
  std::string name;
  std::string email;
  int64_t time = 0;  // Unix seconds
  int offset_minutes = 0;
};

// A read-only view of one commit's tree. Like every libgit2 object it is for
// one thread at a time: threads reading a tree in parallel each open their
// own Repo (Repo::Reopen) and read blobs by id.
class Tree {
 public:
  Tree(git_repository* repo, git_tree* tree);
  ~Tree();
  Tree(Tree&&) noexcept;
  Tree& operator=(Tree&&) noexcept;

  // Every blob path under `dir` ("" for all), recursively, sorted. A tree
  // that cannot be read (a damaged or missing object) is an error, never a
  // shorter list.
  Result<std::vector<std::string>> List(const std::string& dir) const;
  // The blob at `path`; nullopt when there is none; an error when there is
  // one that cannot be read.
  Result<std::optional<std::string>> Read(const std::string& path) const;
  // The id (hex) of the file or folder at `path`, empty when none.
  std::string EntryId(const std::string& path) const;
  // As BlobId, but an operational error when the path cannot be looked up
  // for any reason other than its absence (a damaged tree object).
  Result<std::string> FindBlob(const std::string& path) const;
  // The id (hex) of this tree.
  std::string Id() const;

 private:
  struct Folders;
  // The blob at `path`, or nullptr when there is none (no such path, or a
  // folder there); borrowed from a folder's tree kept in folders_.
  Result<const git_tree_entry*> FindEntry(const std::string& path) const;

  git_repository* repo_;  // borrowed from the Repo
  git_tree* tree_;        // owned
  // The folders looked up so far. libgit2 caches no tree object above 4 KiB,
  // so a path lookup would read and parse a folder of 100,000 entity files
  // (5 MB) again for every file in it: each folder is read here once.
  mutable std::unique_ptr<Folders> folders_;
};

struct CommitSummary {
  std::string id;
  int64_t time = 0;
  std::string author;
  std::string author_email;
  std::string summary;
  std::string message;             // the whole message, trailers included
  std::vector<std::string> paths;  // changed against the first parent
};

class Repo {
 public:
  ~Repo();
  Repo(Repo&&) noexcept;
  Repo& operator=(Repo&&) noexcept;

  // Opens the repository whose work tree contains `dir`.
  static Result<Repo> Discover(const std::string& dir);
  static Result<Repo> Open(const std::string& workdir);
  // Creates a repository in `dir`, or opens the existing one.
  static Result<Repo> InitOrOpen(const std::string& dir, bool* created);

  // Absolute path of the work tree, no trailing slash.
  std::string Workdir() const;
  // Absolute path of the .git directory, no trailing slash.
  std::string GitDir() const;

  // HEAD's commit id, or "" for an unborn branch.
  Result<std::string> HeadCommit() const;
  Result<std::string> ResolveCommit(const std::string& rev) const;
  Result<int64_t> CommitTime(const std::string& commit_id) const;
  Result<Tree> CommitTree(const std::string& commit_id) const;

  // The author for a new commit: `name`/`email` when given, else the
  // GIT_AUTHOR_* environment, else user.name / user.email from git config.
  // GIT_COMMITTER_DATE, else GIT_AUTHOR_DATE, fixes the time and its zone
  // in any form git accepts ("@secs +0200", RFC 2822, ISO 8601); a date
  // git would refuse, or one before 1970 or after 2106-02-07, is an input error.
  // Without them: now, in the local zone.
  Result<Signature> MakeSignature(const std::string& name, const std::string& email) const;

  // Commits the work-tree files `upserts` and the deletions `removals`
  // (repository-relative paths) on top of HEAD, updating HEAD, its branch
  // and the index entries of those paths only: anything else the user has
  // staged stays staged and is not committed. When the files are as HEAD
  // has them already, nothing is committed and HEAD's id is returned.
  //
  // The steps, in this order, so that a kill between any two leaves
  // something the next command can judge from what is on disk: the blobs,
  // tree and commit objects are written (no ref names them yet); then
  // `before_publish` is called with what the commit will hold, which a caller
  // records durably (a journal); then the index is written; then the branch
  // is moved, only if it still points where it pointed when we began. A
  // failing `before_publish` ends the commit with nothing published.
  struct Prepared {
    std::string commit;                                      // the new commit's id
    std::string tree;                                        // its tree's id
    std::vector<std::pair<std::string, std::string>> blobs;  // path -> blob id, of `upserts`
  };
  using BeforePublish = std::function<Status(const Prepared&)>;
  Result<std::string> CommitPaths(const std::vector<std::string>& upserts,
                                  const std::vector<std::string>& removals,
                                  const std::string& message, const Signature& author,
                                  const BeforePublish& before_publish = {});

  // For each (path, blob) whose index entry holds exactly that blob, puts the
  // entry back as HEAD has it (or removes it when HEAD has no such path), and
  // writes the index if anything changed: undoes the staging of a commit that
  // never went in, and nothing else.
  Status UnstageBlobs(const std::vector<std::pair<std::string, std::string>>& path_blobs);

  // Flushes the file holding `ref` ("refs/heads/main") and its folder.
  Status SyncRef(const std::string& ref) const;
  // The ref HEAD stands for: "refs/heads/main", or "HEAD" when detached.
  Result<std::string> HeadRefName() const;
  // A lock file git (or libgit2) takes while changing the index, HEAD or
  // HEAD's branch, when one exists: an operational error naming it, since
  // writing now would fail or race with that command. Dossier never removes
  // such a lock: it cannot know whether the command that made it still runs.
  Status CheckNoGitLocks() const;
  // The commit `ref` ("refs/remotes/origin/main") points at; "" when there
  // is no such ref.
  Result<std::string> RefTarget(const std::string& ref) const;
  // Whether `ref`'s reflog shows it once pointed at `commit`.
  bool ReflogHas(const std::string& ref, const std::string& commit) const;
  // Another handle on the same repository, for another thread.
  Result<Repo> Reopen() const;
  // Whether the object `id` (hex) is in the object database.
  bool HasObject(const std::string& id) const;
  // The blob's bytes; an operational error when it cannot be read.
  Result<std::string> ReadBlob(const std::string& id) const;

  // Commits reachable from HEAD (or from the commit `from` when given),
  // newest first, with the paths each changed against its first parent.
  // With `paths` (files or folders), only those that changed one of them
  // against every parent, as `git log -- PATHS` lists them: a merge that
  // only brings a change in from the other side is not one of them.
  Result<std::vector<CommitSummary>> Log(const std::vector<std::string>& paths,
                                         const std::string& from = "") const {
    return Walk(paths, from, true);
  }
  // The same commits without their changed paths (no diff is made: a commit
  // of 100,000 files costs a tree diff of 100,000 entries).
  Result<std::vector<CommitSummary>> Commits(const std::string& from = "") const {
    return Walk({}, from, false);
  }

  // What git would do to the bytes of each of `paths` on checkout or
  // git add, from its attributes (every .gitattributes, .git/info/attributes,
  // core.attributesFile) and core.autocrlf: one entry per path it would
  // change, with the reasons ("text", "eol=crlf", "filter=lfs", "ident",
  // "working-tree-encoding=UTF-16", "core.autocrlf=true"). Dossier's own
  // commits store the bytes as they are; these settings change them in a
  // checkout, or when someone commits the file with plain git.
  Result<std::vector<std::pair<std::string, std::string>>> Conversions(
      const std::vector<std::string>& paths) const;
  // Everything Conversions' answer for files in `dirs` (folders, repository-
  // relative) depends on besides the paths themselves, as text: each
  // .gitattributes on the way to each folder (its bytes in the work tree and
  // its blob id in the index), .git/info/attributes, the global and system
  // attributes files, core.attributesFile and core.autocrlf. Equal text, equal
  // answer: lets a caller keep the answer (lib/integrity.cc). It is the
  // text of the two below, each of which may be kept apart.
  std::string AttributeSources(const std::vector<std::string>& dirs) const;
  // The sources outside git's index: a few small files read.
  std::string AttributeFileSources(const std::vector<std::string>& dirs) const;
  // The blob id of each .gitattributes on the way to each folder in git's
  // index, which is read whole for it (0.4 s at 100,000 files).
  std::string IndexAttributeSources(const std::vector<std::string>& dirs) const;
  // The file holding git's index: git and libgit2 replace it with a new file
  // whenever they change it, so its stat data tells when it changed.
  std::string IndexFile() const;

  git_repository* raw() const { return repo_; }

 private:
  explicit Repo(git_repository* repo) : repo_(repo) {}
  // Log and Commits: `with_paths` fills CommitSummary::paths.
  Result<std::vector<CommitSummary>> Walk(const std::vector<std::string>& paths,
                                          const std::string& from, bool with_paths) const;
  git_repository* repo_ = nullptr;
};

}  // namespace dossier::git

#endif  // DOSSIER_LIB_GIT_GIT_H_
