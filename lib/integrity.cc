// Integrity: the work tree's status, and every artifact's SHA-256 recomputed on
// all cores (verify), with what else `dossier verify` reports (see evidence.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>

#include "approvals.h"
#include "crypto/sha256.h"
#include "dossier/evidence.h"
#include "dossier/text.h"
#include "evidence_tree.h"
#include "git/remote.h"
#include "hash_ahead.h"
#include "index.h"
#include "index_bytes.h"
#include "repository_impl.h"
#include "transaction.h"
#include "workers.h"

namespace dossier {
namespace fs = boost::filesystem;

namespace {

// git's attribute sources (git::Repo::AttributeSources) for `dirs`, looked up
// while the snapshot loads (LoadAndVerifyRepository).
struct AttributeGuess {
  std::vector<std::string> dirs;
  std::string sources;
};

// What LoadAndVerifyRepository did while the snapshot loaded: git's
// attribute sources for the folders of the last verify, and the evidence
// hashed ahead (hash_ahead.h). Either may be absent.
struct Meanwhile {
  const AttributeGuess* guess = nullptr;
  HashAhead* ahead = nullptr;
  // Every link under evidence/ (paths), found while it was listed for
  // another purpose (status's unfiled files), or nullptr.
  const std::vector<std::string>* links = nullptr;
};

// The hash index's payload for a file's SHA-256 (hex): its 32 bytes (a
// payload of another size, as in indexes written before, is hex text).
std::string DigestPayload(const std::string& hex) {
  const Sha256Digest d(hex);
  return d.bytes().empty() ? hex : std::string(d.bytes());
}

// .git/dossier-index-listing: each evidence folder's entries (FileList::Of).
std::string ListingFile(const git::Repo& git) { return git.GitDir() + "/dossier-index-listing"; }

// The regular files under evidence/ that no path in `filed` (sorted) names,
// sorted: what listing evidence/ (by directory entry type, links and .git
// left out, as ListRegularFiles does) and looking each file up gives.
// Each folder's entries are kept in .git/dossier-index-listing, trusted while
// the folder's stat data is what it was (FileList::Of with a cache), which
// verify's files hashed ahead are listed from too.
//
// `*links` gets every link under evidence/ found on the way (paths, sorted),
// or stays empty when evidence/ was listed some other way (no index, or
// evidence/ not a folder).
Result<std::vector<std::string>> UnfiledFiles(const Repository& repo,
                                              const std::vector<std::string_view>& filed,
                                              std::optional<std::vector<std::string>>* links) {
  const std::string& root = repo.root();
  const std::string top = layout::kEvidenceDir;
  std::vector<std::string> out;
  struct stat st;
  if (!StatIndex::Enabled() || ::lstat((root + "/" + top).c_str(), &st) != 0 ||
      !S_ISDIR(st.st_mode)) {
    // No index, or evidence/ missing or a link: listed as it stands.
    auto files = ListRegularFiles(root, top);
    if (!files) return files.error();
    for (auto& f : *files) {
      if (!std::binary_search(filed.begin(), filed.end(), std::string_view(f))) {
        out.push_back(std::move(f));
      }
    }
    return out;
  }
  auto cache = StatIndex::Open(ListingFile(RepositoryAccess::Of(repo).git));
  auto files = FileList::Of(root, top, cache.get(), &links->emplace());
  if (!files) return files.error();
  // Both sorted: one walk.
  auto named = filed.begin();
  for (size_t i = 0; i < files->size(); ++i) {
    const std::string_view path = files->Path(i);
    while (named != filed.end() && *named < path) ++named;
    if (named == filed.end() || *named != path) out.emplace_back(path);
  }
  cache->Save();
  return out;
}

// Defined below: VerifyArtifacts, given what was found meanwhile.
Result<VerifyReport> VerifyArtifactsGuessing(const Repository& repo, const Snapshot& snap,
                                             const std::string& rev, const Context& ctx,
                                             IntegrityCheck how, const Meanwhile& meanwhile);

}  // namespace

Result<WorkTreeStatus> CheckWorkTree(const Repository& repo, const Snapshot& snap) {
  WorkTreeStatus st;
  // Sorted views, searched (not a set of 100,000 copies).
  std::vector<std::string_view> filed;
  filed.reserve(snap.artifacts.size());
  for (const auto& a : snap.artifacts) filed.push_back(a.path);
  std::sort(filed.begin(), filed.end());
  std::optional<std::vector<std::string>> links;
  auto files = UnfiledFiles(repo, filed, &links);
  if (!files) return files.error();
  for (const auto& f : *files) {
    // Unfiled means what a folder add would file: not hidden or lock files
    // anywhere on the path (its parts split at '/', as the listing made them).
    bool passed_over = false;
    size_t from = 0;
    for (size_t slash; !passed_over; from = slash + 1) {
      slash = f.find('/', from);
      passed_over = IsSkippedInFolders(f.substr(from, slash - from));
      if (slash == std::string::npos) break;
    }
    if (!passed_over && !IsInternalFile(f.substr(from))) st.unfiled.push_back(f);
  }
  Context ctx;
  // The links were found while listing: evidence/ is not walked again.
  Meanwhile meanwhile;
  if (links) meanwhile.links = &*links;
  auto report =
      VerifyArtifactsGuessing(repo, snap, "", ctx, IntegrityCheck::kTrustUnchangedStat, meanwhile);
  if (!report) return report.error();
  for (const auto& p : report->problems) {
    if (!p.link.empty()) {
      // The link is listed, and the artifact behind it is missing: its file
      // is not in the work tree where it was filed.
      const std::string line = p.link + " -> " + p.link_target;
      if (std::find(st.symlinks.begin(), st.symlinks.end(), line) == st.symlinks.end()) {
        st.symlinks.push_back(line);
      }
      if (!p.artifact.empty()) st.missing.push_back(p.artifact);
    } else {
      (p.actual.empty() ? st.missing : st.changed).push_back(p.artifact);
    }
  }
  std::sort(st.symlinks.begin(), st.symlinks.end());
  for (const auto& a : snap.artifacts) {
    if (!a.approval || a.approval->sha256 != a.sha256) continue;
    if (a.approval->signature_state == SignatureState::kInvalid) {
      st.approvals_not_counted.push_back(a.id + "  " + a.path + ": " +
                                         a.approval->signature_problem);
    } else if (a.approval->signature_state == SignatureState::kUnsigned) {
      st.unsigned_approvals.push_back(a.id);
    }
  }
  for (const auto& [path, ids] : DuplicatedPaths(snap)) {
    std::string line = path;
    for (const auto& id : ids) line += " " + id;
    st.duplicated.push_back(line);
  }
  return st;
}

namespace {

// git's conversions of `paths` (git::Repo::Conversions: one attribute lookup
// per file, a dozen system calls each in libgit2), kept in the derived
// index under .git/ keyed by the SHA-256 of the paths and of every
// attribute source that applies to them (git::Repo::AttributeSources): the
// same sources and paths give the same answer. A warning about checkouts,
// not a hash of the evidence, which `verify` computes every time.
std::string ConversionsFile(const git::Repo& git) {
  return git.GitDir() + "/dossier-index-conversions";
}

// git::Repo::AttributeSources for `dirs`, its part from git's index kept in
// `cache` (the conversions' file) while the index file's stat data is what
// it was: git and libgit2 write a changed index as a new file, and a stamp
// from the current tick of the file-system clock is never kept (StatIndex).
// Reading the index whole costs more than all the other sources together.
std::string AttributeSources(const git::Repo& git, const std::vector<std::string>& dirs,
                             StatIndex* cache) {
  std::string sources = git.AttributeFileSources(dirs);
  struct stat st;
  if (::stat(git.IndexFile().c_str(), &st) != 0) return sources + git.IndexAttributeSources(dirs);
  std::string folders;
  for (const auto& d : dirs) folders += d + '\n';
  const std::string key = "index-attributes/" + crypto::Sha256Hex(folders);
  const FileStamp stamp = FileStamp::Of(st);
  if (auto kept = cache->Find(key, stamp)) return sources.append(*kept);
  // Read after the stamp was taken: an index changed meanwhile has another
  // stamp by now, and this answer is never found.
  std::string part = git.IndexAttributeSources(dirs);
  cache->Retain({key}, "index-attributes");
  cache->Put(key, stamp, part);
  cache->Save();
  return sources + part;
}

// The artifacts' paths, as git::Repo::Conversions takes them.
std::vector<std::string> PathsOf(const Snapshot& snap) {
  std::vector<std::string> paths;
  paths.reserve(snap.artifacts.size());
  for (const auto& a : snap.artifacts) paths.push_back(a.path);
  return paths;
}

// Which of the artifacts' files git would convert, and how.
Result<std::vector<std::pair<std::string, std::string>>> Conversions(const Repository& repo,
                                                                     const Snapshot& snap,
                                                                     const AttributeGuess* guess) {
  const git::Repo& git = RepositoryAccess::Of(repo).git;
  if (!StatIndex::Enabled()) return git.Conversions(PathsOf(snap));
  // The key: the SHA-256 of the attribute sources, a NUL, and each path
  // followed by a NUL, hashed as the paths come (not copied into one string
  // first). The sources guessed meanwhile (LoadAndVerifyRepository, for the
  // folders of the last verify) are hashed first, so that the artifacts are
  // walked once for both the folders and the key: their answer counts when
  // the folders are the same, else the paths are hashed again after the
  // sources of these folders.
  auto sources_first = [](const std::string& sources, crypto::Sha256* h) {
    h->Update(sources.data(), sources.size());
    h->Update("", 1);
  };
  auto path = [](const Artifact& a, crypto::Sha256* h) {
    h->Update(a.path.c_str(), a.path.size() + 1);  // with its NUL
  };
  std::optional<crypto::Sha256> h(std::in_place);
  sources_first(guess ? guess->sources : std::string(), &*h);
  std::vector<std::string> dirs;  // each once (a folder's artifacts are most often neighbours)
  for (const auto& a : snap.artifacts) {
    const size_t slash = a.path.rfind('/');
    const std::string_view dir =
        std::string_view(a.path).substr(0, slash == std::string::npos ? 0 : slash);
    if (dirs.empty() || dirs.back() != dir) dirs.emplace_back(dir);
    path(a, &*h);
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  auto cache = StatIndex::Open(ConversionsFile(git));
  if (!(guess && guess->dirs == dirs)) {
    h.emplace();
    sources_first(AttributeSources(git, dirs, cache.get()), &*h);
    for (const auto& a : snap.artifacts) path(a, &*h);
  }
  const std::string key = "conversions/" + h->HexDigest();
  const FileStamp none;
  std::string dirs_line;  // the folders, for the next guess
  for (const auto& d : dirs) dirs_line += d + '\n';
  if (auto was = cache->Find("dirs", none); !was || *was != dirs_line) {
    cache->Put("dirs", none, dirs_line);
    cache->Save();
  }
  if (auto payload = cache->Find(key, none)) {
    // "path\twhy\n" per entry.
    std::vector<std::pair<std::string, std::string>> out;
    std::string_view rest = *payload;
    bool ok = true;
    while (!rest.empty()) {
      const size_t tab = rest.find('\t');
      const size_t nl = rest.find('\n');
      if (tab == std::string_view::npos || nl == std::string_view::npos || tab > nl) {
        ok = false;
        break;
      }
      out.emplace_back(std::string(rest.substr(0, tab)),
                       std::string(rest.substr(tab + 1, nl - tab - 1)));
      rest.remove_prefix(nl + 1);
    }
    if (ok) return out;
  }
  auto found = git.Conversions(PathsOf(snap));
  if (!found) return found.error();
  std::string payload;
  for (const auto& [path, why] : *found) {
    if (path.find_first_of("\t\n") != std::string::npos ||
        why.find_first_of("\t\n") != std::string::npos) {
      return found;  // not representable: not kept
    }
    payload += path + "\t" + why + "\n";
  }
  cache->Retain({key}, "conversions");
  cache->Put(key, none, std::move(payload));
  cache->Save();
  return found;
}

}  // namespace

namespace {

Result<VerifyReport> VerifyArtifactsGuessing(const Repository& repo, const Snapshot& snap,
                                             const std::string& rev, const Context& ctx,
                                             IntegrityCheck how, const Meanwhile& meanwhile) {
  VerifyReport report;
  report.checked = snap.artifacts.size();
  const size_t n = snap.artifacts.size();
  // At a revision: each artifact's blob id, looked up here, on one thread;
  // the workers then read blobs by id, each through its own repository
  // handle (libgit2 objects are not to be shared between threads). "" = the
  // revision has no such file.
  std::vector<std::string> blob_ids;
  const git::Repo& git = RepositoryAccess::Of(repo).git;
  if (!rev.empty()) {
    auto commit = git.ResolveCommit(rev);
    if (!commit) return commit.error();
    auto tree = git.CommitTree(*commit);
    if (!tree) return tree.error();
    blob_ids.reserve(n);
    for (const auto& a : snap.artifacts) {
      auto id = tree->FindBlob(a.path);
      if (!id) return id.error().WithContext("cannot verify " + a.id + " at " + rev);
      blob_ids.push_back(std::move(*id));
    }
  }
  // In the work tree: the links under evidence/, found in one walk, so that
  // each artifact is checked against them instead of lstat'ing every folder
  // on its path (unless evidence/ itself is a link, or the path is elsewhere).
  std::vector<Link> links;
  std::set<std::string> link_paths;
  bool evidence_is_link = false;
  StatIndex* hashes = nullptr;
  if (rev.empty()) {
    // Found while evidence/ was listed for the files hashed ahead, when it was.
    const std::vector<std::string>* listed =
        meanwhile.ahead ? meanwhile.ahead->Links() : meanwhile.links;
    if (listed) {
      for (const auto& path : *listed) {
        links.push_back(LinkAt(fs::path(repo.root()), fs::path(repo.root()) / path));
      }
    } else {
      auto found = LinksUnder(fs::path(repo.root()), layout::kEvidenceDir);
      if (!found) return found.error();
      links = std::move(*found);
    }
    for (const auto& l : links) link_paths.insert(l.path);
    boost::system::error_code ec;
    evidence_is_link =
        fs::is_symlink(fs::symlink_status(fs::path(repo.root()) / layout::kEvidenceDir, ec));
    // verify hashes every file and does not read the hashes status and
    // readiness keep (14 MB at 100,000 files): they hash again what changed.
    if (how == IntegrityCheck::kTrustUnchangedStat)
      hashes = &RepositoryAccess::Of(repo).HashIndex();
  }
  const std::string evidence_prefix = std::string(layout::kEvidenceDir) + "/";
  auto link_on_path = [&](const std::string& path) -> std::optional<Link> {
    if (evidence_is_link || path.compare(0, evidence_prefix.size(), evidence_prefix) != 0) {
      return LinkOnPath(fs::path(repo.root()), path);
    }
    if (link_paths.empty()) return std::nullopt;
    for (size_t slash = path.find('/');; slash = path.find('/', slash + 1)) {
      const std::string prefix = path.substr(0, slash);
      if (link_paths.count(prefix)) {
        for (const auto& l : links) {
          if (l.path == prefix) return l;
        }
      }
      if (slash == std::string::npos) return std::nullopt;
    }
  };
  // Paths are looked up from the work tree's root, files from their folder's
  // fd (opened once per folder per thread: the items are taken in path order,
  // in runs, so a thread's next file is nearly always in the same folder).
  const int root_fd =
      rev.empty() ? ::open(repo.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (rev.empty() && root_fd < 0) {
    return Error::Operational("cannot open the work tree " + repo.root() + ": " +
                              std::strerror(errno));
  }
  struct Fd {
    int fd;
    ~Fd() {
      if (fd >= 0) ::close(fd);
    }
  } root_fd_closer{root_fd};
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  if (rev.empty()) {
    auto by_path = [&](uint32_t x, uint32_t y) {
      return snap.artifacts[x].path < snap.artifacts[y].path;
    };
    // Artifacts are most often filed in path order already: one pass, not a sort.
    if (!std::is_sorted(order.begin(), order.end(), by_path)) {
      std::sort(order.begin(), order.end(), by_path);
    }
  }
  // Few or none of n: one pointer each, not n problems built and zeroed.
  std::vector<std::unique_ptr<IntegrityProblem>> problems(n);
  std::vector<char> bad(n, 0);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> done{0};
  std::vector<std::string_view> filed;  // sorted, for the files hashed ahead
  if (meanwhile.ahead) {
    filed.reserve(n);
    for (const uint32_t i : order) filed.push_back(snap.artifacts[i].path);
    meanwhile.ahead->Finish(filed);
  }
  // A file hashed ahead whose digest is the one recorded needs no more; any
  // other answer is the slow path's to give (hash_ahead.h). Its size is
  // added to the thread's `*sum` (not to `bytes`, shared by the threads).
  auto hashed_ahead = [&](const Artifact& a, size_t* hint, uint64_t* sum) {
    uint64_t size = 0;
    const unsigned char* digest =
        meanwhile.ahead ? meanwhile.ahead->Digest(a.path, &size, hint) : nullptr;
    const std::string_view recorded = a.sha256.bytes();  // "" unless 64 hex digits
    if (!digest || recorded.size() != crypto::kSha256Bytes ||
        std::memcmp(recorded.data(), digest, crypto::kSha256Bytes) != 0) {
      return false;
    }
    *sum += size;
    return true;
  };
  std::mutex progress_mu;
  std::optional<Error> failure;
  auto fail = [&](Error e) {
    std::lock_guard<std::mutex> lock(progress_mu);
    if (!failure) failure = std::move(e);
  };
  constexpr size_t kRun = 32;  // items taken at once: neighbours share a folder
  auto worker = [&]() {
    std::optional<git::Repo> own;  // this thread's handle, at a revision
    // Reused for every file this thread hashes; made by the first
    // (HashOpenFile), so a thread that hashes none (every file confirmed
    // ahead, or status's unchanged) zeroes and faults in no 1 MiB.
    std::vector<unsigned char> buffer;
    size_t hint = 0;        // this thread's place in the hash index
    size_t ahead_hint = 0;  // and in the files hashed ahead
    Fd dir{-1};             // the folder of the last file, open
    std::string dir_path;   // its path ("" = none open)
    int dir_errno = 0;      // why it could not be opened (0: it was)
    if (!rev.empty()) {
      auto reopened = git.Reopen();
      if (!reopened) return fail(reopened.error());
      own.emplace(std::move(*reopened));
    }
    uint64_t ahead_bytes = 0;  // confirmed in this run
    for (;; bytes += ahead_bytes, ahead_bytes = 0) {
      const size_t first = next.fetch_add(kRun);
      if (first >= n) return;
      for (size_t k = first; k < std::min(n, first + kRun); ++k) {
        const size_t i = order[k];
        const Artifact& a = snap.artifacts[i];
        std::string actual;
        bool confirmed = false;  // hashed ahead or unchanged since indexed, as recorded
        if (own) {
          if (!blob_ids[i].empty()) {
            auto content = own->ReadBlob(blob_ids[i]);
            if (!content) {
              return fail(content.error().WithContext("cannot verify " + a.id + " (" + a.path +
                                                      ") at " + rev));
            }
            actual = crypto::Sha256Hex(*content);
            bytes += content->size();
          }
        } else if (auto link = link_on_path(a.path)) {
          bad[i] = 1;
          problems[i] = std::make_unique<IntegrityProblem>(
              IntegrityProblem{a.id, a.path, a.sha256.hex(), "", link->path, link->target});
        } else if ((confirmed = hashed_ahead(a, &ahead_hint, &ahead_bytes))) {
          // read whole a moment ago, as recorded
        } else {
          // No link on the way (checked above): the file is opened without
          // following one all the same, in case one was made meanwhile.
          const size_t slash = a.path.rfind('/');
          const std::string_view folder = slash == std::string::npos
                                              ? std::string_view()
                                              : std::string_view(a.path).substr(0, slash);
          const char* name = a.path.c_str() + (slash == std::string::npos ? 0 : slash + 1);
          if (dir_path.empty() || dir_path != folder) {
            if (dir.fd >= 0) ::close(dir.fd);
            dir_path.assign(folder.empty() ? std::string_view(".") : folder);
            dir.fd = folder.empty()
                         ? ::dup(root_fd)
                         : ::openat(root_fd, dir_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            dir_errno = dir.fd < 0 ? errno : 0;
            if (folder.empty()) dir_path.clear();  // "." is not a folder name to match
          }
          struct stat st;
          std::optional<std::string_view> known;
          int fd = -1;
          int err = dir_errno;
          if (hashes && dir.fd >= 0) {  // status, readiness: kTrustUnchangedStat
            if (::fstatat(dir.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
              known = hashes->Find(a.path, FileStamp::Of(st), &hint);
            }
          }
          if (known) {
            // Compared as bytes; written out as hex only for a mismatch's report.
            const Sha256Digest indexed = Sha256Digest::FromBytes(*known);
            confirmed = indexed == a.sha256;
            if (!confirmed) actual = indexed.hex();
            bytes += static_cast<uint64_t>(st.st_size);
          } else if (dir.fd >= 0) {
            fd = ::openat(dir.fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) err = errno;
          }
          Fd file{fd};
          if (known) {
            // unchanged since it was hashed: status and readiness only
          } else if (fd < 0) {
            if (err != ENOENT && err != ENOTDIR && err != ELOOP) {
              // Not "missing": the file may well be there, behind a folder
              // that cannot be read.
              return fail(Error::Operational("cannot verify " + a.id + ": cannot reach " + a.path +
                                             ": " + std::strerror(err)));
            }
          } else if (::fstat(fd, &st) != 0) {
            return fail(Error::Operational("cannot verify " + a.id + ": cannot read " + a.path +
                                           ": " + std::strerror(errno)));
          } else if (S_ISREG(st.st_mode)) {
            const FileStamp stamp = FileStamp::Of(st);
            auto d = crypto::HashOpenFile(fd, a.path, &buffer, static_cast<uint64_t>(st.st_size));
            if (!d) return fail(d.error().WithContext("cannot verify " + a.id));
            actual = std::move(d->sha256);
            bytes += d->size;
            if (hashes) hashes->Put(a.path, stamp, DigestPayload(actual));
          }
        }
        if (!bad[i] && !confirmed && actual != a.sha256) {
          bad[i] = 1;
          problems[i] = std::make_unique<IntegrityProblem>(
              IntegrityProblem{a.id, a.path, a.sha256.hex(), actual, {}, {}});
        }
        if (ctx.progress) {  // counted only then: an atomic the threads share
          const uint64_t d = ++done;
          if (d % 64 == 0 || d == n) {
            std::lock_guard<std::mutex> lock(progress_mu);
            ctx.progress(d, n, a.path);
          }
        }
      }
    }
  };
  RunOnThreads(n < 2 ? 1 : CoresUpTo(16), worker);
  if (failure) return *failure;
  std::set<std::string> reported_links;
  for (size_t i = 0; i < n; ++i) {
    if (!bad[i]) continue;
    if (!problems[i]->link.empty()) reported_links.insert(problems[i]->link);
    report.problems.push_back(std::move(*problems[i]));
  }
  if (rev.empty()) {  // links matter in the work tree only
    for (const auto& l : links) {
      if (reported_links.count(l.path)) continue;
      IntegrityProblem p;
      p.path = l.path;
      p.link = l.path;
      p.link_target = l.target;
      report.problems.push_back(std::move(p));
    }
  }
  if (hashes) {
    std::vector<std::string_view> filed;  // sorted: `order` is in path order
    filed.reserve(n);
    for (const uint32_t i : order) filed.push_back(snap.artifacts[i].path);
    hashes->RetainViews(filed, layout::kEvidenceDir);
    hashes->Save();
    RepositoryAccess::Of(repo).CloseHashIndex();
  }
  report.bytes = bytes;
  // What a checkout or a plain `git add` would convert is `verify`'s to tell
  // (one attribute lookup per file: several system calls each in libgit2);
  // status and readiness do not report it.
  if (how == IntegrityCheck::kTrustUnchangedStat) return report;
  auto conversions = Conversions(repo, snap, meanwhile.guess);
  if (!conversions) return conversions.error();
  if (conversions->empty()) return report;  // most often: no lookup per artifact
  std::map<std::string, std::string> settings(conversions->begin(), conversions->end());
  for (const auto& a : snap.artifacts) {
    auto it = settings.find(a.path);
    if (it != settings.end()) report.conversions.push_back({a.id, a.path, it->second});
  }
  return report;
}

}  // namespace

Result<VerifyReport> VerifyArtifacts(const Repository& repo, const Snapshot& snap,
                                     const std::string& rev, const Context& ctx,
                                     IntegrityCheck how) {
  return VerifyArtifactsGuessing(repo, snap, rev, ctx, how, Meanwhile());
}

namespace {

// .git/dossier-verified: the HEAD this clone's last `verify` saw.
std::string VerifiedMarkPath(const git::Repo& git) { return git.GitDir() + "/dossier-verified"; }

Status RecordVerifiedHead(const git::Repo& git, const std::string& head) {
  const std::string path = VerifiedMarkPath(git);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << head << "\n";
    if (!out.flush()) return Error::Operational("cannot write " + tmp);
  }
  boost::system::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error::Operational("cannot write " + path + ": " + ec.message());
  return Status::Ok();
}

// The commits in the history of `commit` (`rev` resolved; "" = no commit
// yet) that changed dossier.ini, dossier/ or evidence/ without the trailer
// Dossier's commits carry, newest first. A commit id names its whole
// history (each commit names its parents' ids), so the answer for one
// commit never changes: it is kept in the derived index under .git/ keyed
// by the commit id, and HEAD's history is walked again only when HEAD is
// another commit. A shallow clone is always walked (Log refuses it).
Result<std::vector<OutsideCommit>> OutsideCommits(const git::Repo& git, const std::string& commit,
                                                  const std::string& rev) {
  namespace ib = index_bytes;
  const std::string key = "outside/" + commit;
  std::unique_ptr<StatIndex> cache;
  struct stat shallow;
  const bool cacheable =
      StatIndex::Enabled() && !commit.empty() &&
      !(::stat((git.GitDir() + "/shallow").c_str(), &shallow) == 0 && shallow.st_size > 0);
  const FileStamp none;
  if (cacheable) {
    cache = StatIndex::Open(git.GitDir() + "/dossier-index-history");
    if (auto payload = cache->Find(key, none)) {
      // u32 count, then per commit: id, i64 time, author, summary.
      ib::Reader in(*payload);
      uint32_t count = 0;
      std::vector<OutsideCommit> out;
      bool ok = in.Int(&count) && count <= in.remaining();
      for (uint32_t i = 0; ok && i < count; ++i) {
        OutsideCommit c;
        ok = in.Str(&c.commit) && in.Int(&c.time) && in.Str(&c.author) && in.Str(&c.summary);
        out.push_back(std::move(c));
      }
      if (ok && in.AtEnd()) return out;
    }
  }
  auto log = git.Log({layout::kConfigFile, "dossier", layout::kEvidenceDir},
                     commit.empty() ? rev : commit);
  if (!log) return log.error();
  std::vector<OutsideCommit> out;
  for (const auto& c : *log) {
    if (HasDossierTrailer(c.message)) continue;
    out.push_back(OutsideCommit{
        c.id, c.time, c.author_email.empty() ? c.author : c.author + " <" + c.author_email + ">",
        c.summary});
  }
  if (cache) {
    std::string payload;
    ib::PutInt(&payload, static_cast<uint32_t>(out.size()));
    for (const auto& c : out) {
      ib::PutStr(&payload, c.commit);
      ib::PutInt(&payload, c.time);
      ib::PutStr(&payload, c.author);
      ib::PutStr(&payload, c.summary);
    }
    cache->Retain({key}, "outside");  // the latest commit's answer only
    cache->Put(key, none, std::move(payload));
    cache->Save();
  }
  return out;
}

}  // namespace

namespace {

Result<VerifyReport> VerifyRepositoryGuessing(const Repository& repo, const Snapshot& snap,
                                              const std::string& rev, const Context& ctx,
                                              bool accept_rewrite, const Meanwhile& meanwhile) {
  auto report =
      VerifyArtifactsGuessing(repo, snap, rev, ctx, IntegrityCheck::kHashEverything, meanwhile);
  if (!report) return report.error();
  for (const auto& a : snap.artifacts) {
    if (!a.approval || a.approval->sha256 != a.sha256) continue;
    if (a.approval->signature_state == SignatureState::kInvalid) {
      report->approval_problems.push_back({a.id, a.path, a.approval->signature_problem});
    } else if (a.approval->signature_state == SignatureState::kUnsigned) {
      report->unsigned_approvals.push_back(a.id);
    }
  }
  auto keys = KeyProblems(repo, snap, rev.empty());
  if (!keys) return keys.error();
  for (const auto& [id, why] : *keys) {
    for (const auto& k : snap.keys) {
      if (k.id == id) report->untrusted_keys.push_back("key " + id + " of " + k.person + " " + why);
    }
  }
  const git::Repo& git = RepositoryAccess::Of(repo).git;
  if (rev.empty() && !snap.commit.empty()) {
    std::string seen;
    if (std::ifstream in(VerifiedMarkPath(git)); in) std::getline(in, seen);
    seen = Trim(seen);
    if (!seen.empty() && seen != snap.commit) {
      bool kept = git.HasObject(seen);
      if (kept) {
        auto ancestor = git::IsAncestor(git, seen, snap.commit);
        if (!ancestor) return ancestor.error();
        kept = *ancestor;
      }
      if (!kept) report->rewritten_from = seen;
    }
    if (report->rewritten_from.empty() || accept_rewrite) {
      report->rewritten_from.clear();
      // Best effort: verify is a reading command and must work on a
      // read-only clone, which then keeps no record (and sees no rewrite).
      (void)RecordVerifiedHead(git, snap.commit);
    }
  }
  auto outside = OutsideCommits(git, snap.commit, rev);
  if (!outside) return outside.error();
  report->outside_commits = std::move(*outside);
  return report;
}

}  // namespace

Result<VerifyReport> VerifyRepository(const Repository& repo, const Snapshot& snap,
                                      const std::string& rev, const Context& ctx,
                                      bool accept_rewrite) {
  return VerifyRepositoryGuessing(repo, snap, rev, ctx, accept_rewrite, Meanwhile());
}

Result<VerifyReport> LoadAndVerifyRepository(const Repository& repo, const std::string& rev,
                                             const Context& ctx, bool accept_rewrite) {
  // Loading is mostly one thread's work: meanwhile another core reads git's
  // attribute sources (git's index among them, unless it is unchanged: 0.4 s
  // at 100,000 files) for the folders the last verify saw, which the
  // conversion warnings need.
  const git::Repo& git = RepositoryAccess::Of(repo).git;
  // A commit a killed command left is finished first (as Load would), so
  // that nothing changes git's index while the attributes are read.
  if (rev.empty()) DOSSIER_RETURN_IF_ERROR(Transaction::RecoverInterrupted(repo));
  // And the evidence is hashed ahead on one more thread (hash_ahead.h).
  std::optional<HashAhead> ahead;
  if (rev.empty()) ahead.emplace(repo.root(), ListingFile(git));
  AttributeGuess guess;
  std::optional<git::Repo> own;
  std::unique_ptr<StatIndex> cache;
  if (StatIndex::Enabled()) {
    cache = StatIndex::Open(ConversionsFile(git));
    if (auto dirs = cache->Find("dirs", FileStamp())) {
      std::string_view rest = *dirs;
      for (size_t nl; (nl = rest.find('\n')) != std::string_view::npos;
           rest.remove_prefix(nl + 1)) {
        guess.dirs.emplace_back(rest.substr(0, nl));
      }
      if (auto reopened = git.Reopen(); reopened && !guess.dirs.empty()) {
        own.emplace(std::move(*reopened));
      }
    }
  }
  std::optional<std::thread> reader;
  if (own) {
    try {
      reader.emplace([&] { guess.sources = AttributeSources(*own, guess.dirs, cache.get()); });
    } catch (const std::system_error&) {
      guess.dirs.clear();  // no thread: looked up after loading, as without a guess
    }
  } else {
    guess.dirs.clear();
  }
  auto snap = repo.Load(rev);
  if (reader) reader->join();
  if (!snap) return snap.error();
  return VerifyRepositoryGuessing(
      repo, *snap, rev, ctx, accept_rewrite,
      Meanwhile{guess.dirs.empty() ? nullptr : &guess, ahead ? &*ahead : nullptr});
}

}  // namespace dossier
