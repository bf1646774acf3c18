// The evidence repository: a git repository with dossier.ini, evidence files
// under evidence/ and one JSON file per entity under dossier/ (doc/architecture.md).
#ifndef DOSSIER_REPOSITORY_H_
#define DOSSIER_REPOSITORY_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dossier/checklist.h"
#include "dossier/config.h"
#include "dossier/controlled.h"
#include "dossier/entities.h"
#include "dossier/result.h"
#include "dossier/snapshot.h"

namespace dossier {

// Who is acting, and what day it is. Injected so results reproduce.
struct Context {
  std::string author_name;   // empty: git's user.name
  std::string author_email;  // empty: git's user.email
  Date today;
  // How long a changing command waits for the repository lock (--wait);
  // unset: dossier.ini's [repository] lock_wait, else 10 s.
  std::optional<double> lock_wait_seconds;
  // Progress for long work; may be empty. Called with (done, total, what).
  std::function<void(uint64_t, uint64_t, const std::string&)> progress;
};

// What a mutating command committed.
struct CommitInfo {
  std::string commit;   // full hex id
  std::string message;  // first line
};

// Where entity files live in the repository, by kind.
namespace layout {
inline constexpr const char* kConfigFile = "dossier.ini";
inline constexpr const char* kEvidenceDir = "evidence";
inline constexpr const char* kArtifactsDir = "dossier/artifacts";
inline constexpr const char* kFindingsDir = "dossier/findings";
inline constexpr const char* kAuditsDir = "dossier/audits";
inline constexpr const char* kReviewsDir = "dossier/reviews";
inline constexpr const char* kBodyAuditsDir = "dossier/certification";
inline constexpr const char* kObjectivesDir = "dossier/objectives";
inline constexpr const char* kMeasurementsDir = "dossier/measurements";
inline constexpr const char* kKeysDir = "dossier/keys";
inline constexpr const char* kControlDir = "dossier/control";
inline constexpr const char* kRegistersDir = "dossier/registers";
inline constexpr const char* kRegisterKindsDir = "dossier/register-kinds";

// The file holding entity `id` of the kind stored under `dir` (one of the
// k*Dir above): "dossier/findings/NC-20260302-7Q2K.json".
inline std::string EntityPath(const char* dir, const std::string& id) {
  return std::string(dir) + "/" + id + ".json";
}
}  // namespace layout

// Which entity kinds a Load reads (a bit set); the vectors of the others stay
// empty. A command that shows one kind reads only that kind's files.
enum EntityKinds : unsigned {
  kLoadArtifacts = 1u << 0,
  kLoadFindings = 1u << 1,
  kLoadAudits = 1u << 2,
  kLoadReviews = 1u << 3,
  kLoadObjectives = 1u << 4,
  kLoadMeasurements = 1u << 5,
  kLoadAll = ~0u,
};

struct InitOptions {
  std::string organisation;
  std::string checklist = "iso9001-2015";
  // Writes [approvals] require_signature = false: approvals need no key
  // (each is reported "unsigned"). Default: every approval must be signed.
  bool unsigned_approvals = false;
};

class Repository {
 public:
  // Finds the evidence repository containing `dir` (walking up), which must
  // hold dossier.ini and be a git work tree.
  static Result<Repository> Discover(const std::string& dir);
  // Creates one in `dir` (a new git repository, or an existing one adopted)
  // with dossier.ini and a first commit.
  static Result<Repository> Init(const std::string& dir, const InitOptions& options,
                                 const Context& context);

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  ~Repository();

  // Absolute path of the work tree, no trailing slash.
  const std::string& root() const;

  // Reads every entity. `rev` empty: the work tree; otherwise any git
  // revision ("HEAD~3", a tag, a commit id). Malformed entity files are an
  // input error naming the file and line. `kinds` (EntityKinds) limits
  // which entity files are read; dossier.ini and the checklist always are.
  // The work tree is read through the derived index under .git/ (lib/index.h).
  Result<Snapshot> Load(const std::string& rev = "", unsigned kinds = kLoadAll) const;

  // Reads a file of the snapshot `rev` ("" = work tree) by repository path.
  Result<std::string> ReadFile(const std::string& rev, const std::string& path) const;

  // The commits of the repository, newest first: id, committer date, author.
  struct HistoryEntry {
    std::string commit;
    int64_t time = 0;  // committer time, Unix seconds
    std::string author;
    std::string summary;
    std::vector<std::string> paths;  // files this commit changed
  };
  // REQUIRES: the repository has at least one commit for a non-empty result.
  // `paths` filters to commits touching any of them (all when empty).
  // `from` (a revision) starts the walk there instead of at HEAD.
  Result<std::vector<HistoryEntry>> History(const std::vector<std::string>& paths,
                                            const std::string& from = "") const;

  // Resolves a revision to a full commit id.
  Result<std::string> ResolveCommit(const std::string& rev) const;

  class Impl;  // defined inside the library (lib/), never installed

 private:
  // The library's own seam (lib/repository_impl.h): how its operations reach
  // the git adapter and the derived indexes. Not part of the public API.
  friend class RepositoryAccess;
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier

#endif  // DOSSIER_REPOSITORY_H_
