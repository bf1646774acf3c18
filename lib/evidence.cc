#include "dossier/evidence.h"

#include "dossier/applicability.h"
#include "dossier/readiness.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <boost/filesystem.hpp>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "approvals.h"
#include "archive/archive.h"
#include "config_edit.h"
#include "crypto/ed25519.h"
#include "git/remote.h"
#include "crypto/sha256.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "index.h"
#include "repository_impl.h"
#include "transaction.h"

namespace dossier {
namespace fs = boost::filesystem;
namespace {

bool IsUnder(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

// The working folder with the links on its way resolved, so that a path
// given relative to it compares with the repository root (itself resolved);
// links below it are judged by the callers.
fs::path RealDir(const std::string& dir) {
  boost::system::error_code ec;
  fs::path real = fs::canonical(dir, ec);
  return ec ? fs::path(dir) : real;
}

// `given` made absolute against `cwd` with `.`, `..`, repeated slashes and a
// trailing slash taken out, so "training/", "training/." and "./training"
// all name the folder "training" (whose name the copy keeps).
fs::path NormalPath(const std::string& given, const fs::path& cwd) {
  fs::path p = fs::absolute(given, cwd).lexically_normal();
  while (p.has_parent_path() && p != p.root_path() &&
         (p.filename() == "." || p.filename().empty())) {
    p = p.parent_path();
  }
  return p;
}

// Files the tool itself leaves or keeps under evidence/, never evidence.
bool IsInternalFile(const std::string& name) {
  auto ends = [&](const char* suffix) {
    std::string s(suffix);
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return name == ".gitkeep" || ends(".dossier-tmp") || ends(".dossier-old");
}

// Files a folder add passes over: hidden files (.DS_Store, editor backups,
// dot folders) and office lock files (~$report.docx) are never evidence. A
// file named on its own is filed whatever its name.
bool IsSkippedInFolders(const std::string& name) {
  return (!name.empty() && name[0] == '.') || name.rfind("~$", 0) == 0;
}

// A symbolic link in the work tree: repository-relative path, target.
struct Link {
  std::string path;
  std::string target;
};

Link LinkAt(const fs::path& root, const fs::path& full) {
  boost::system::error_code ec;
  fs::path target = fs::read_symlink(full, ec);
  return Link{full.lexically_relative(root).generic_string(), ec ? "?" : target.string()};
}

// The first symbolic link on the way from `root` to the repository-relative
// `path`, the last component included; nullopt when there is none (or the
// path stops existing before one).
std::optional<Link> LinkOnPath(const fs::path& root, const std::string& path) {
  fs::path cur = root;
  for (const auto& part : fs::path(path)) {
    cur /= part;
    boost::system::error_code ec;
    fs::file_status st = fs::symlink_status(cur, ec);
    if (fs::is_symlink(st)) return LinkAt(root, cur);
    if (ec || !fs::exists(st)) return std::nullopt;
  }
  return std::nullopt;
}

// Every symbolic link under `dir` of the work tree, sorted, without
// following any.
Result<std::vector<Link>> LinksUnder(const fs::path& root, const std::string& dir) {
  std::vector<Link> out;
  boost::system::error_code ec;
  const fs::path base = root / dir;
  if (!fs::is_directory(fs::symlink_status(base, ec))) return out;
  // readdir's entry types, not a stat per file: evidence/ may hold 100,000.
  std::vector<fs::path> pending{base};
  while (!pending.empty()) {
    const fs::path folder = std::move(pending.back());
    pending.pop_back();
    DIR* d = ::opendir(folder.c_str());
    if (!d) return Error::Operational("cannot list " + folder.string() + ": " + std::strerror(errno));
    errno = 0;
    while (const struct dirent* e = ::readdir(d)) {
      const std::string_view name(e->d_name);
      if (name == "." || name == "..") continue;
      const fs::path child = folder / e->d_name;
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st;
        if (::lstat(child.c_str(), &st) != 0) continue;  // gone meanwhile
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
      }
      if (type == DT_LNK) out.push_back(LinkAt(root, child));
      if (type == DT_DIR) pending.push_back(child);
      errno = 0;
    }
    const int err = errno;
    ::closedir(d);
    if (err) return Error::Operational("cannot list " + folder.string() + ": " + std::strerror(err));
  }
  std::sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.path < b.path; });
  return out;
}

// The refusal for links met while filing: each named, with where it leads.
Error LinksRefused(const std::vector<std::string>& links) {
  return Error::Input(
      std::string(links.size() == 1 ? "a symbolic link is" : "symbolic links are") +
      " not filed as evidence (evidence is regular files, and a link could file something "
      "outside the folder): " + Join(links, ", ") +
      "; replace each with the file itself, or remove it, and add again");
}

// One file to file: where it comes from and where it lands.
struct Planned {
  fs::path source;   // absolute
  std::string dest;  // repository-relative
  bool adopt = false;
};

// Validates `to` (relative to evidence/) and returns the folder it names.
Result<std::string> DestFolder(const std::string& to, const ArtifactMetadata& meta) {
  std::string folder = to;
  if (folder.empty()) {
    folder = meta.kind && *meta.kind == ArtifactKind::kDocument ? "documents" : "records";
  }
  fs::path p = fs::path(folder).lexically_normal();
  if (p.is_absolute() || p.empty() || *p.begin() == "..") {
    return Error::Input("--to " + to + ": path outside the repository's evidence/ folder " +
                        "(give a folder relative to evidence/, e.g. --to records/training)");
  }
  // A folder written from the repository root ("evidence/records") means the
  // same as one written from evidence/: never evidence/evidence/records.
  if (*p.begin() == layout::kEvidenceDir) p = p.lexically_relative(layout::kEvidenceDir);
  std::string s = p.generic_string();
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s == ".") s.clear();
  return std::string(layout::kEvidenceDir) + (s.empty() ? "" : "/" + s);
}

// A path for messages: repository-relative when inside, else as it is.
std::string RepoOrGivenPath(const fs::path& root, const fs::path& path) {
  return IsUnder(path, root) ? path.lexically_relative(root).generic_string() : path.string();
}

// Expands the command's paths into files, refusing anything that would file
// evidence from outside evidence/ in place or follow a link out.
// `filed` holds the paths already filed: re-adding a changed file from
// outside without --kind or --to files it where it was filed before, which
// for a document is evidence/documents/, not the records default.
// `skipped` receives what a folder add passed over (see IsSkippedInFolders).
Result<std::vector<Planned>> PlanFiles(const std::string& root_str, const AddOptions& opts,
                                       const std::set<std::string>& filed,
                                       std::vector<std::string>* skipped) {
  const fs::path root = fs::canonical(root_str);
  const fs::path evidence = root / layout::kEvidenceDir;
  auto folder = DestFolder(opts.to, opts.metadata);
  if (!folder) return folder.error();
  std::string documents_folder;
  if (opts.to.empty() && !opts.metadata.kind) {
    ArtifactMetadata as_document;
    as_document.kind = ArtifactKind::kDocument;
    documents_folder = *DestFolder("", as_document);
  }
  std::vector<Planned> out;
  const fs::path cwd = RealDir(opts.cwd);
  for (const auto& given : opts.paths) {
    boost::system::error_code ec;
    fs::path lexical = NormalPath(given, cwd);
    fs::file_status st = fs::symlink_status(lexical, ec);
    if (ec || !fs::exists(st)) {
      return Error::Input("no such file or folder: " + given);
    }
    fs::path real = fs::canonical(lexical, ec);
    if (ec) return Error::Input("cannot resolve " + given + ": " + ec.message());
    const bool inside = IsUnder(lexical, root);
    if (inside) {
      if (!IsUnder(real, root)) {
        return Error::Input(given + " is a symbolic link leading outside the repository (to " +
                            real.string() + "); file the target itself");
      }
      if (!IsUnder(lexical, evidence) || lexical == evidence) {
        if (lexical != evidence) {
          return Error::Input(given + " is inside the repository but outside evidence/; " +
                              "move it under evidence/ or file a copy from outside");
        }
      }
      // A link on the way (evidence/docs -> evidence/other) would file in
      // place a file that is not where its path says.
      if (auto link = LinkOnPath(root, lexical.lexically_relative(root).generic_string())) {
        return LinksRefused({link->path + " -> " + link->target});
      }
    }
    auto add_file = [&](const fs::path& file_lexical) -> Status {
      boost::system::error_code e2;
      if (IsInternalFile(file_lexical.filename().string())) return Status::Ok();
      if (fs::is_symlink(fs::symlink_status(file_lexical, e2))) {
        fs::path target = fs::canonical(file_lexical, e2);
        if (inside && (e2 || !IsUnder(target, root))) {
          return Error::Input(file_lexical.string() +
                              " is a symbolic link leading outside the repository; "
                              "file the target itself");
        }
        if (inside) {
          return Error::Input(file_lexical.string() +
                              " is a symbolic link; file the file it points to instead");
        }
      }
      if (!fs::is_regular_file(file_lexical, e2)) {
        return Error::Input(file_lexical.string() + " is not a regular file");
      }
      Planned p;
      if (inside) {
        p.source = file_lexical;
        p.dest = file_lexical.lexically_relative(root).generic_string();
        p.adopt = true;
      } else {
        p.source = fs::canonical(file_lexical, e2);
        fs::path rel = fs::is_directory(lexical) ? fs::path(lexical.filename()) /
                                                       file_lexical.lexically_relative(lexical)
                                                 : file_lexical.filename();
        p.dest = *folder + "/" + rel.generic_string();
        if (!documents_folder.empty() && !filed.count(p.dest)) {
          std::string as_document = documents_folder + "/" + rel.generic_string();
          if (filed.count(as_document)) p.dest = as_document;
        }
      }
      out.push_back(std::move(p));
      return Status::Ok();
    };
    if (fs::is_directory(lexical, ec)) {
      std::vector<fs::path> files;
      std::vector<std::string> links;
      for (fs::recursive_directory_iterator it(lexical, ec), end; !ec && it != end;
           it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (IsSkippedInFolders(name)) {
          const bool folder = fs::is_directory(it->symlink_status());
          if (folder) it.disable_recursion_pending();
          if (name != ".git" && !IsInternalFile(name) && skipped) {
            skipped->push_back(RepoOrGivenPath(root, it->path()) + (folder ? "/" : ""));
          }
          continue;
        }
        if (fs::is_symlink(it->symlink_status())) {
          // Never followed: a link in a folder would file whatever it points
          // to, inside the folder or not.
          const Link l = LinkAt(root, it->path());
          links.push_back(RepoOrGivenPath(root, it->path()) + " -> " + l.target);
        } else if (!fs::is_directory(it->symlink_status())) {
          files.push_back(it->path());
        }
      }
      if (ec) return Error::Operational("cannot list " + given + ": " + ec.message());
      if (!links.empty()) {
        std::sort(links.begin(), links.end());
        return LinksRefused(links);
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) DOSSIER_RETURN_IF_ERROR(add_file(f));
    } else {
      DOSSIER_RETURN_IF_ERROR(add_file(lexical));
    }
  }
  std::set<std::string> dests;
  for (const auto& p : out) {
    // Refused here rather than when a pack is built: every pack format
    // must carry the name as it is filed.
    DOSSIER_RETURN_IF_ERROR(archive::CheckEntryName(p.dest));
    if (!dests.insert(p.dest).second) {
      return Error::Input("two of the given files would both be filed as " + p.dest);
    }
  }
  if (out.empty()) return Error::Input("no files to add");
  return out;
}

// A copy must not clobber what the repository does not own: a folder, a
// file standing where a folder is needed, or an unfiled file (the user's own,
// never committed, so it would be lost for good).
Status CheckCopyTarget(const std::string& root_str, const std::string& dest, bool filed) {
  const fs::path root(root_str);
  const fs::path full = root / dest;
  boost::system::error_code ec;
  fs::file_status st = fs::symlink_status(full, ec);
  if (fs::is_directory(st)) {
    return Error::Input(dest + " is a folder, so a file cannot be filed there; give the file " +
                        "another name or choose another --to");
  }
  for (fs::path dir = full.parent_path(); dir != root && dir.has_relative_path();
       dir = dir.parent_path()) {
    fs::file_status ds = fs::symlink_status(dir, ec);
    if (fs::exists(ds) && !fs::is_directory(ds)) {
      // A link would write the copy wherever it leads, maybe out of the repository.
      return Error::Input(dir.lexically_relative(root).generic_string() +
                          (fs::is_symlink(ds) ? " is a symbolic link" : " is a file") + ", so " +
                          dest + " cannot be filed below it; choose another --to");
    }
  }
  if (!filed && fs::exists(st)) {
    return Error::Input(dest + " already exists and is not filed; file it in place (dossier add " +
                        dest + ") or choose another --to");
  }
  return Status::Ok();
}

// Paths filed by more than one artifact -> their ids (sorted).
std::map<std::string, std::vector<std::string>> DuplicatedPaths(const Snapshot& snap) {
  std::map<std::string, std::vector<std::string>> by_path;
  for (const auto& a : snap.artifacts) by_path[a.path].push_back(a.id);
  for (auto it = by_path.begin(); it != by_path.end();) {
    it = it->second.size() > 1 ? std::next(it) : by_path.erase(it);
  }
  return by_path;
}

// Two artifacts for one file (merged from two clones that both filed it):
// acting on the path would pick one at random, so the user picks.
Error FiledTwice(const std::string& path, const std::vector<std::string>& ids) {
  return Error::Input(
      path + " is filed by more than one artifact (" + Join(ids, ", ") + "); keep one (git rm " +
      layout::EntityPath(layout::kArtifactsDir, ids.back()) + " and commit) or name one by id");
}

// The metadata's text fields: one line of printable UTF-8 each.
Status CheckMetadataText(const ArtifactMetadata& m) {
  DOSSIER_RETURN_IF_ERROR(
      CheckTexts({{"--title", m.title}, {"--owner", m.owner}, {"--clause", m.clauses}}));
  return CheckTexts("--requirement", m.requirements);
}

// A bare file name filed more than once: the user must say which.
Error SeveralNamed(const std::string& name, const std::vector<const Artifact*>& named) {
  std::string list;
  for (const Artifact* a : named) list += "\n  " + a->path + "  " + a->id;
  return Error::Input(name + " names " + std::to_string(named.size()) +
                      " filed artifacts; give the path or the id of one:" + list);
}

// Checks metadata against the checklist; fills `clauses` with leaf ids.
Status ResolveMetadata(const Snapshot& snap, const ArtifactMetadata& meta,
                       std::vector<std::string>* clauses, std::vector<std::string>* requirements) {
  if (!meta.clauses.empty()) {
    auto leaves = snap.checklist.ExpandClauses(meta.clauses);
    if (!leaves) return leaves.error();
    *clauses = *leaves;
  }
  for (const auto& rid : meta.requirements) {
    auto r = snap.checklist.CheckRequirement(rid);
    if (!r) return r.error();
    if (meta.kind) {
      bool want_doc = (*r)->kind == RequirementKind::kMaintain;
      if (want_doc != (*meta.kind == ArtifactKind::kDocument)) {
        return Error::Input(rid + " is a " + (want_doc ? "maintain" : "retain") +
                            " requirement, met by a " + (want_doc ? "document" : "record") +
                            ", not a " + ToString(*meta.kind) + " (use --kind " +
                            (want_doc ? "document" : "record") + ")");
      }
    }
    requirements->push_back((*r)->id);
    if (!meta.clauses.empty() &&
        std::find(clauses->begin(), clauses->end(), (*r)->clause) == clauses->end()) {
      const Clause* own = snap.checklist.FindClause((*r)->clause);
      return Error::Input("--requirement " + rid + " (" + (*r)->title + ") belongs to clause " +
                          (*r)->clause + " (" + (own ? own->title : "") + "), not to --clause " +
                          meta.clauses + "; give --clause " + (*r)->clause +
                          " too, or leave --requirement out (a file filed on a clause counts "
                          "for that clause's requirements)");
    }
    if (std::find(clauses->begin(), clauses->end(), (*r)->clause) == clauses->end()) {
      clauses->push_back((*r)->clause);
    }
  }
  // Catalog order for stable files.
  std::vector<std::string> ordered;
  for (const auto& c : snap.checklist.clauses()) {
    if (std::find(clauses->begin(), clauses->end(), c.id) != clauses->end()) ordered.push_back(c.id);
  }
  *clauses = ordered;
  std::sort(requirements->begin(), requirements->end());
  requirements->erase(std::unique(requirements->begin(), requirements->end()), requirements->end());
  if (meta.effective && meta.expires && *meta.expires < *meta.effective) {
    return Error::Input("--expires " + meta.expires->ToString() + " is before --effective " +
                        meta.effective->ToString());
  }
  return Status::Ok();
}

// Applies metadata given on the command line over an artifact's own.
void ApplyMetadata(const ArtifactMetadata& meta, const std::vector<std::string>& clauses,
                   const std::vector<std::string>& requirements, Artifact* a) {
  if (meta.kind) a->kind = *meta.kind;
  if (!clauses.empty()) a->clauses = clauses;
  if (!requirements.empty()) a->requirements = requirements;
  if (!meta.title.empty()) a->title = meta.title;
  if (!meta.owner.empty()) a->owner = meta.owner;
  if (meta.effective) a->effective = meta.effective;
  if (meta.expires) a->expires = meta.expires;
  if (meta.review_every) a->review_every = meta.review_every;
}

// A newly filed artifact `id` for the planned file with content `digest`,
// filed today. A document given no review period gets the default one.
Artifact NewArtifact(std::string id, const Planned& p, const crypto::FileDigest& digest, Date today,
                     const Snapshot& snap, const ArtifactMetadata& meta,
                     const std::vector<std::string>& clauses,
                     const std::vector<std::string>& requirements) {
  Artifact a;
  a.id = std::move(id);
  a.path = p.dest;
  a.title = fs::path(p.dest).filename().string();
  a.sha256 = digest.sha256;
  a.size = digest.size;
  a.collected = today;
  ApplyMetadata(meta, clauses, requirements, &a);
  if (a.kind == ArtifactKind::kDocument && !a.review_every) {
    a.review_every = snap.config.default_review_every;
  }
  return a;
}

// Puts the planned file (adopted where it lies, or copied under evidence/)
// and the artifact's metadata file into the transaction.
void Stage(Transaction& tx, const Planned& p, const Artifact& a) {
  if (p.adopt) {
    tx.Adopt(p.dest);
  } else {
    tx.Copy(p.source.string(), p.dest);
  }
  tx.Write(layout::EntityPath(layout::kArtifactsDir, a.id), codec::Encode(a));
}

}  // namespace

Result<AddResult> AddArtifacts(const Repository& repo, const Context& ctx, const AddOptions& opts) {
  DOSSIER_RETURN_IF_ERROR(CheckMetadataText(opts.metadata));
  DOSSIER_RETURN_IF_ERROR(CheckText("--to", opts.to));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  std::vector<std::string> clauses, requirements;
  DOSSIER_RETURN_IF_ERROR(ResolveMetadata(snap, opts.metadata, &clauses, &requirements));
  std::set<std::string> filed;
  for (const auto& a : snap.artifacts) filed.insert(a.path);
  AddResult result;
  auto planned = PlanFiles(repo.root(), opts, filed, &result.skipped);
  if (!planned) return planned.error();

  std::map<std::string, const Artifact*> by_path;
  for (const auto& a : snap.artifacts) by_path[a.path] = &a;
  const auto duplicated = DuplicatedPaths(snap);
  for (const auto& p : *planned) {
    if (auto d = duplicated.find(p.dest); d != duplicated.end()) return FiledTwice(d->first, d->second);
    if (!by_path.count(p.dest)) {
      if (!opts.metadata.kind) {
        return Error::Input(p.dest + " is not filed yet: --kind document|record is required");
      }
      if (clauses.empty()) {
        return Error::Input(p.dest + " is not filed yet: --clause is required (e.g. --clause " +
                            "5.2.2, or a parent such as 8.4 for all its clauses)");
      }
    }
    if (!p.adopt) {
      DOSSIER_RETURN_IF_ERROR(CheckCopyTarget(repo.root(), p.dest, by_path.count(p.dest) > 0));
    }
  }

  std::vector<std::string> taken = IdsOf(snap.artifacts);
  uint64_t done = 0;
  for (const auto& p : *planned) {
    if (ctx.progress) ctx.progress(done++, planned->size(), p.dest);
    auto digest = crypto::HashFile(p.source.string());
    if (!digest) return digest.error();
    auto existing = by_path.find(p.dest);
    Artifact a;
    if (existing != by_path.end()) {
      a = *existing->second;
      if (!p.adopt) {
        // The filed copy must hold what was filed: edits made to it in place
        // and not filed would be overwritten by the copy.
        fs::path dest = fs::path(repo.root()) / p.dest;
        boost::system::error_code ec;
        if (fs::is_regular_file(dest, ec)) {
          auto here = crypto::HashFile(dest.string());
          if (!here) return here.error();
          if (here->sha256 != a.sha256 && here->sha256 != digest->sha256) {
            return Error::Input(p.dest + " (" + a.id + ") changed since it was filed; file " +
                                "those edits first (dossier add " + p.dest + ") or restore it " +
                                "(git checkout -- " + p.dest + ") before filing " +
                                p.source.string() + " over it");
          }
        }
      }
      bool content_changed = a.sha256 != digest->sha256;
      Artifact before = a;
      ApplyMetadata(opts.metadata, clauses, requirements, &a);
      if (content_changed) {
        a.revisions.push_back(Revision{a.sha256, a.size, a.collected});
        a.sha256 = digest->sha256;
        a.size = digest->size;
        a.collected = ctx.today;
      }
      if (!content_changed && codec::Encode(a) == codec::Encode(before)) {
        result.unchanged.push_back(a);
        continue;
      }
      // A new content or new metadata: either way a revision of the artifact.
      result.revised.push_back(a);
    } else {
      a = NewArtifact(tx->NewId("ART", taken), p, *digest, ctx.today, snap, opts.metadata, clauses,
                      requirements);
      taken.push_back(a.id);
      result.added.push_back(a);
    }
    Stage(*tx, p, a);
  }
  if (ctx.progress) ctx.progress(done, planned->size(), "");
  if (result.added.empty() && result.revised.empty()) return result;

  std::string message;
  size_t n = result.added.size() + result.revised.size();
  if (n == 1) {
    const Artifact& a = result.added.empty() ? result.revised[0] : result.added[0];
    message = std::string(result.added.empty() ? "revise " : "add ") + a.id + " " + a.path;
  } else {
    auto count = [](const char* verb, size_t n) {
      return std::string(verb) + " " + std::to_string(n) + (n == 1 ? " artifact" : " artifacts");
    };
    if (!result.added.empty()) message = count("add", result.added.size());
    if (!result.revised.empty()) {
      message += (message.empty() ? "" : ", ") + count("revise", result.revised.size());
    }
    message += "\n";
    // A file name may hold a line break; in the body it must not start a
    // paragraph of its own (forged trailers).
    for (const auto& a : result.added) message += "\nadd " + a.id + " " + EscapeControls(a.path);
    for (const auto& a : result.revised) {
      message += "\nrevise " + a.id + " " + EscapeControls(a.path);
    }
  }
  auto commit = tx->Commit(message);
  if (!commit) return commit.error();
  result.commit = *commit;
  return result;
}

Result<Artifact> LinkArtifact(const Repository& repo, const Context& ctx, const std::string& url,
                              const std::string& snapshot_path, const std::string& cwd,
                              const std::string& to, const ArtifactMetadata& metadata) {
  DOSSIER_RETURN_IF_ERROR(CheckMetadataText(metadata));
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"URL", url}, {"--to", to}}));
  auto scheme = url.find("://");
  if (scheme == std::string::npos || scheme == 0 || url.find(' ') != std::string::npos) {
    return Error::Input("invalid URL '" + url + "' (expected e.g. https://wiki.example.org/page)");
  }
  if (snapshot_path.empty()) {
    return Error::Input("link needs --snapshot FILE: a captured copy of " + url);
  }
  AddOptions opts;
  opts.paths = {snapshot_path};
  opts.cwd = cwd;
  opts.to = to.empty() ? "links" : to;
  opts.metadata = metadata;
  if (opts.metadata.title.empty()) opts.metadata.title = url;
  // Reuse add's checks, then mark the artifact as external in the same commit.
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  std::vector<std::string> clauses, requirements;
  DOSSIER_RETURN_IF_ERROR(ResolveMetadata(snap, opts.metadata, &clauses, &requirements));
  if (!metadata.kind) return Error::Input("link needs --kind document|record");
  if (clauses.empty()) return Error::Input("link needs --clause (e.g. --clause 9.1.2)");
  auto planned = PlanFiles(repo.root(), opts, {}, nullptr);
  if (!planned) return planned.error();
  if (planned->size() != 1) return Error::Input("--snapshot must be a single file");
  const Planned& p = (*planned)[0];
  if (snap.FindArtifactByPath(p.dest)) {
    return Error::Input(p.dest + " is already filed; give the snapshot another name or --to");
  }
  if (!p.adopt) DOSSIER_RETURN_IF_ERROR(CheckCopyTarget(repo.root(), p.dest, false));
  auto digest = crypto::HashFile(p.source.string());
  if (!digest) return digest.error();
  Artifact a = NewArtifact(tx->NewId("ART", IdsOf(snap.artifacts)), p, *digest, ctx.today, snap,
                           opts.metadata, clauses, requirements);
  a.url = url;
  Stage(*tx, p, a);
  auto commit = tx->Commit("link " + a.id + " " + url);
  if (!commit) return commit.error();
  return a;
}

Result<const Artifact*> FindArtifact(const Snapshot& snap, const std::string& root,
                                     const std::string& cwd, const std::string& id_or_path) {
  auto by_path = [&](const std::string& path) -> Result<const Artifact*> {
    const Artifact* found = nullptr;
    std::vector<std::string> ids;
    for (const auto& a : snap.artifacts) {
      if (a.path != path) continue;
      found = &a;
      ids.push_back(a.id);
    }
    if (ids.size() > 1) return FiledTwice(path, ids);
    return found;
  };
  if (auto a = by_path(id_or_path); !a || *a) return a;
  const bool has_slash = id_or_path.find('/') != std::string::npos;
  if (has_slash || id_or_path.find('.') != std::string::npos) {
    fs::path lexical = fs::absolute(id_or_path, RealDir(cwd.empty() ? root : cwd)).lexically_normal();
    fs::path r = RealDir(root).lexically_normal();
    if (IsUnder(lexical, r)) {
      std::string rel = lexical.lexically_relative(r).generic_string();
      if (auto a = by_path(rel); !a || *a) return a;
      if (has_slash) {
        return Error::Input("no artifact is filed at " + rel + " (see: dossier status)");
      }
    } else if (has_slash) {
      return Error::Input(id_or_path + ": path outside the repository " + root);
    }
  }
  // A bare file name, as git resolves an unambiguous short name: filed
  // anywhere under evidence/ by exactly one artifact.
  if (!has_slash) {
    auto named = ArtifactsNamed(snap, id_or_path);
    if (named.size() == 1) return named[0];
    if (named.size() > 1) return SeveralNamed(id_or_path, named);
  }
  return ResolveId(snap.artifacts, id_or_path, "artifact");
}

std::vector<const Artifact*> ArtifactsNamed(const Snapshot& snap, const std::string& name) {
  std::vector<const Artifact*> out;
  if (name.empty() || name.find('/') != std::string::npos) return out;
  for (const auto& a : snap.artifacts) {
    const size_t slash = a.path.rfind('/');
    if (a.path.compare(slash == std::string::npos ? 0 : slash + 1, std::string::npos, name) == 0) {
      out.push_back(&a);
    }
  }
  std::sort(out.begin(), out.end(), [](const Artifact* x, const Artifact* y) {
    return x->path != y->path ? x->path < y->path : x->id < y->id;
  });
  return out;
}

Result<Artifact> ApproveArtifact(const Repository& repo, const Context& ctx,
                                 const std::string& id_or_path, const std::string& by,
                                 const std::string& cwd, const std::string& key_path,
                                 const std::string& key_dir) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--by", by));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto found = FindArtifact(tx->snapshot(), repo.root(), cwd, id_or_path);
  if (!found) return found.error();
  Artifact a = **found;
  if (a.kind != ArtifactKind::kDocument) {
    return Error::Input(a.id + " is a record; only documents (maintained information) are "
                        "approved");
  }
  // The approval is of the content filed; a file edited since must be re-added first.
  auto digest = crypto::HashFile(repo.root() + "/" + a.path);
  if (!digest) return Error::Input(a.id + ": " + a.path + " is missing; restore it before approving");
  if (digest->sha256 != a.sha256) {
    return Error::Input(a.id + ": " + a.path + " changed since it was filed (expected " +
                        a.sha256.substr(0, 12) + ", found " + digest->sha256.substr(0, 12) +
                        "); file the new revision with dossier add first");
  }
  // A scope document (M1, 4.3) is approved with the exclusions it states:
  // readiness asks for a new approval when they change (scope.document).
  std::optional<std::map<std::string, std::string>> scope;
  for (const auto& q : tx->snapshot().checklist.requirements()) {
    if (q.kind == RequirementKind::kMaintain && q.clause == "4.3" && Credits(a, q)) {
      scope = tx->snapshot().config.not_applicable;
    }
  }
  // Signed by the approver's own key, when there is one (and it must be,
  // when dossier.ini requires it): doc/architecture.md, "Approval signatures".
  const std::string approver = Trim(by).empty() && key_path.empty() ? tx->actor() : Trim(by);
  auto signing = FindSigningKey(repo, tx->snapshot(), approver, key_path, key_dir, ctx.today,
                                tx->snapshot().config.require_signature);
  if (!signing) return signing.error();
  // Approving again what is approved changes nothing, unless it signs an
  // unsigned approval.
  const bool same = a.approved() && a.approval->not_applicable == scope;
  if (same && (a.approval->signature_state != SignatureState::kUnsigned || !*signing)) return a;
  Approval approval;
  approval.by = *signing ? (*signing)->key.person : approver;
  approval.date = ctx.today;
  approval.sha256 = a.sha256;
  approval.not_applicable = scope;
  if (*signing) {
    auto signature = crypto::SignEd25519((*signing)->private_path, ApprovalStatement(a, approval));
    if (!signature) return signature.error();
    approval.signature = HexEncode(*signature);
    approval.key = (*signing)->key.fingerprint;
    approval.signature_state = SignatureState::kValid;
  } else {
    approval.signature_state = SignatureState::kUnsigned;
    approval.signature_problem = "the approval is not signed";
  }
  a.approval = approval;
  tx->Write(layout::EntityPath(layout::kArtifactsDir, a.id), codec::Encode(a));
  auto commit = tx->Commit("approve " + a.id + " " + a.path + " (sha256 " + a.sha256.substr(0, 12) +
                           ") by " + a.approval->by);
  if (!commit) return commit.error();
  return a;
}

Result<WorkTreeStatus> CheckWorkTree(const Repository& repo, const Snapshot& snap) {
  WorkTreeStatus st;
  // By directory entry type, without a stat per file (as WorkTreeSource's
  // List would do): the same regular files, links and .git left out.
  auto files = ListRegularFiles(repo.root(), layout::kEvidenceDir);
  if (!files) return files.error();
  std::set<std::string> filed;
  for (const auto& a : snap.artifacts) filed.insert(a.path);
  for (const auto& f : *files) {
    // Unfiled means what a folder add would file: not hidden or lock files
    // anywhere on the path.
    bool passed_over = false;
    for (const auto& part : fs::path(f)) passed_over = passed_over || IsSkippedInFolders(part.string());
    if (!filed.count(f) && !passed_over && !IsInternalFile(fs::path(f).filename().string())) {
      st.unfiled.push_back(f);
    }
  }
  Context ctx;
  auto report = VerifyArtifacts(repo, snap, "", ctx, IntegrityCheck::kTrustUnchangedStat);
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
      st.approvals_not_counted.push_back(a.id + "  " + a.path + ": " + a.approval->signature_problem);
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
Result<std::vector<std::pair<std::string, std::string>>> Conversions(
    const Repository& repo, const std::vector<std::string>& paths) {
  const git::Repo& git = repo.impl()->git;
  if (!StatIndex::Enabled()) return git.Conversions(paths);
  std::vector<std::string> dirs;
  std::string keyed;
  for (const auto& p : paths) {
    const size_t slash = p.rfind('/');
    std::string dir = slash == std::string::npos ? std::string() : p.substr(0, slash);
    if (dirs.empty() || dirs.back() != dir) dirs.push_back(std::move(dir));
    keyed += p;
    keyed += '\0';
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  const std::string key = "conversions/" + crypto::Sha256Hex(git.AttributeSources(dirs) + '\0' + keyed);
  auto cache = StatIndex::Open(git.GitDir() + "/dossier-index-conversions");
  const FileStamp none;
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
      out.emplace_back(std::string(rest.substr(0, tab)), std::string(rest.substr(tab + 1, nl - tab - 1)));
      rest.remove_prefix(nl + 1);
    }
    if (ok) return out;
  }
  auto found = git.Conversions(paths);
  if (!found) return found.error();
  std::string payload;
  for (const auto& [path, why] : *found) {
    if (path.find_first_of("\t\n") != std::string::npos || why.find_first_of("\t\n") != std::string::npos) {
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

Result<VerifyReport> VerifyArtifacts(const Repository& repo, const Snapshot& snap,
                                     const std::string& rev, const Context& ctx,
                                     IntegrityCheck how) {
  VerifyReport report;
  report.checked = snap.artifacts.size();
  const size_t n = snap.artifacts.size();
  // At a revision: each artifact's blob id, looked up here, on one thread;
  // the workers then read blobs by id, each through its own repository
  // handle (libgit2 objects are not to be shared between threads). "" = the
  // revision has no such file.
  std::vector<std::string> blob_ids;
  const git::Repo& git = repo.impl()->git;
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
    auto found = LinksUnder(fs::path(repo.root()), layout::kEvidenceDir);
    if (!found) return found.error();
    links = std::move(*found);
    for (const auto& l : links) link_paths.insert(l.path);
    boost::system::error_code ec;
    evidence_is_link =
        fs::is_symlink(fs::symlink_status(fs::path(repo.root()) / layout::kEvidenceDir, ec));
    hashes = &repo.impl()->HashIndex();
  }
  const std::string evidence_prefix = std::string(layout::kEvidenceDir) + "/";
  auto link_on_path = [&](const std::string& path) -> std::optional<Link> {
    if (evidence_is_link || path.compare(0, evidence_prefix.size(), evidence_prefix) != 0) {
      return LinkOnPath(fs::path(repo.root()), path);
    }
    if (link_paths.empty()) return std::nullopt;
    for (size_t slash = path.find('/'); ; slash = path.find('/', slash + 1)) {
      const std::string prefix = path.substr(0, slash);
      if (link_paths.count(prefix)) {
        for (const auto& l : links) {
          if (l.path == prefix) return l;
        }
      }
      if (slash == std::string::npos) return std::nullopt;
    }
  };
  // Paths are looked up from the work tree's root (fewer components to walk).
  const int root_fd = rev.empty() ? ::open(repo.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  struct RootFd {
    int fd;
    ~RootFd() {
      if (fd >= 0) ::close(fd);
    }
  } root_fd_closer{root_fd};
  std::vector<IntegrityProblem> problems(n);
  std::vector<char> bad(n, 0);
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> done{0};
  std::mutex progress_mu;
  std::optional<Error> failure;
  auto fail = [&](Error e) {
    std::lock_guard<std::mutex> lock(progress_mu);
    if (!failure) failure = std::move(e);
  };
  auto worker = [&]() {
    std::optional<git::Repo> own;  // this thread's handle, at a revision
    std::vector<unsigned char> buffer;  // reused for every file this thread hashes
    size_t hint = 0;                     // this thread's place in the hash index
    if (!rev.empty()) {
      auto reopened = git.Reopen();
      if (!reopened) return fail(reopened.error());
      own.emplace(std::move(*reopened));
    }
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      const Artifact& a = snap.artifacts[i];
      std::string actual;
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
        problems[i] = IntegrityProblem{a.id, a.path, a.sha256, "", link->path, link->target};
      } else {
        // No link on the way (checked above): opened without following one
        // all the same, in case one was made meanwhile.
        const std::string full = repo.root() + "/" + a.path;
        struct stat st;
        std::optional<std::string_view> known;
        if (how == IntegrityCheck::kTrustUnchangedStat &&
            ::fstatat(root_fd, a.path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode)) {
          known = hashes->Find(a.path, FileStamp::Of(st), &hint);
        }
        const int fd = known ? -1 : ::open(full.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (known) {
          actual.assign(known->data(), known->size());
          bytes += static_cast<uint64_t>(st.st_size);
        } else if (fd < 0) {
          if (errno != ENOENT && errno != ENOTDIR && errno != ELOOP) {
            // Not "missing": the file may well be there, behind a folder that
            // cannot be read.
            return fail(Error::Operational("cannot verify " + a.id + ": cannot reach " + a.path +
                                           ": " + std::strerror(errno)));
          }
        } else if (::fstat(fd, &st) != 0) {
          const int err = errno;
          ::close(fd);
          return fail(Error::Operational("cannot verify " + a.id + ": cannot read " + a.path +
                                         ": " + std::strerror(err)));
        } else if (!S_ISREG(st.st_mode)) {
          ::close(fd);
        } else {
          const FileStamp stamp = FileStamp::Of(st);
          auto d = crypto::HashOpenFile(fd, full, &buffer);
          ::close(fd);
          if (!d) return fail(d.error());
          actual = d->sha256;
          bytes += d->size;
          hashes->Put(a.path, stamp, actual);
        }
      }
      if (!bad[i] && actual != a.sha256) {
        bad[i] = 1;
        problems[i] = IntegrityProblem{a.id, a.path, a.sha256, actual, {}, {}};
      }
      uint64_t d = ++done;
      if (ctx.progress && (d % 64 == 0 || d == n)) {
        std::lock_guard<std::mutex> lock(progress_mu);
        ctx.progress(d, n, a.path);
      }
    }
  };
  unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 16));
  if (n < 2) threads = 1;
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (failure) return *failure;
  std::set<std::string> reported_links;
  for (size_t i = 0; i < n; ++i) {
    if (!bad[i]) continue;
    if (!problems[i].link.empty()) reported_links.insert(problems[i].link);
    report.problems.push_back(std::move(problems[i]));
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
    std::vector<std::string> filed;
    filed.reserve(n);
    for (const auto& a : snap.artifacts) filed.push_back(a.path);
    std::sort(filed.begin(), filed.end());
    hashes->Retain(filed, layout::kEvidenceDir);
    hashes->Save();
  }
  report.bytes = bytes;
  // What a checkout or a plain `git add` would convert is `verify`'s to tell
  // (one attribute lookup per file: several system calls each in libgit2);
  // status and readiness do not report it.
  if (how == IntegrityCheck::kTrustUnchangedStat) return report;
  std::vector<std::string> paths;
  for (const auto& a : snap.artifacts) paths.push_back(a.path);
  auto conversions = Conversions(repo, paths);
  if (!conversions) return conversions.error();
  std::map<std::string, std::string> settings(conversions->begin(), conversions->end());
  for (const auto& a : snap.artifacts) {
    auto it = settings.find(a.path);
    if (it != settings.end()) report.conversions.push_back({a.id, a.path, it->second});
  }
  return report;
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

}  // namespace

Result<VerifyReport> VerifyRepository(const Repository& repo, const Snapshot& snap,
                                      const std::string& rev, const Context& ctx,
                                      bool accept_rewrite) {
  auto report = VerifyArtifacts(repo, snap, rev, ctx);
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
  const git::Repo& git = repo.impl()->git;
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
  auto log = repo.impl()->git.Log({layout::kConfigFile, "dossier", layout::kEvidenceDir}, rev);
  if (!log) return log.error();
  for (const auto& c : *log) {
    if (HasDossierTrailer(c.message)) continue;
    report->outside_commits.push_back(OutsideCommit{
        c.id, c.time, c.author_email.empty() ? c.author : c.author + " <" + c.author_email + ">",
        c.summary});
  }
  return report;
}

Result<CommitInfo> ScopeExclude(const Repository& repo, const Context& ctx,
                                const std::string& clause, const std::string& why) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"CLAUSE", clause}, {"--why", why}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto leaves = snap.checklist.ExpandClause(clause);
  if (!leaves) return leaves.error();
  const std::string trimmed = Trim(why);
  if (trimmed.empty()) {
    return Error::Input("declaring " + clause +
                        " not applicable needs --why TEXT: the justification the scope "
                        "document must state (ISO 9001 4.3)");
  }
  DOSSIER_RETURN_IF_ERROR(CheckDeclarable(snap.checklist, clause, snap.config.not_applicable));
  DOSSIER_RETURN_IF_ERROR(CheckJustification(trimmed, "the justification of " + clause));
  // A parent replaces its children's own entries.
  for (auto it = snap.config.not_applicable.begin(); it != snap.config.not_applicable.end();) {
    it = snap.checklist.IsUnder(it->first, clause) ? snap.config.not_applicable.erase(it)
                                                   : std::next(it);
  }
  snap.config.not_applicable[clause] = trimmed;
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceNotApplicable(*ini, snap.config.not_applicable));
  return tx->Commit("scope: " + clause + " not applicable\n\n" + trimmed);
}

Result<CommitInfo> ScopeInclude(const Repository& repo, const Context& ctx,
                                const std::string& clause) {
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto leaves = snap.checklist.ExpandClause(clause);
  if (!leaves) return leaves.error();
  const std::set<std::string> included(leaves->begin(), leaves->end());
  size_t removed = 0;
  std::map<std::string, std::string> kept;  // what stays not applicable
  for (const auto& [declared, why] : snap.config.not_applicable) {
    if (snap.checklist.IsUnder(declared, clause)) {
      ++removed;  // the clause itself, or a part of it
    } else if (snap.checklist.IsUnder(clause, declared)) {
      // A part of a clause declared as a whole: the rest of it stays not
      // applicable, each leaf with the whole's justification.
      ++removed;
      auto rest = snap.checklist.ExpandClause(declared);
      if (!rest) return rest.error();
      for (const auto& leaf : *rest) {
        if (!included.count(leaf)) kept.emplace(leaf, why);
      }
    } else {
      kept.emplace(declared, why);
    }
  }
  if (removed == 0) return Error::Input("clause " + clause + " is not declared not applicable");
  for (const auto& [declared, why] : kept) {
    if (auto st = CheckDeclarable(snap.checklist, declared, kept); !st.ok()) {
      return Error::Input("clause " + clause + " cannot be made applicable on its own: " +
                          st.error().message() + "; make all of it applicable instead");
    }
  }
  snap.config.not_applicable = std::move(kept);
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceNotApplicable(*ini, snap.config.not_applicable));
  return tx->Commit("scope: " + clause + " applicable again");
}

Result<CommitInfo> ScopeCondition(const Repository& repo, const Context& ctx,
                                  const ConditionStatement& statement) {
  DOSSIER_RETURN_IF_ERROR(
      CheckTexts({{"REQUIREMENT", statement.requirement}, {"--why", statement.why}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  Snapshot& snap = tx->mutable_snapshot();
  auto req = snap.checklist.CheckRequirement(Trim(statement.requirement));
  if (!req) return req.error();
  const Requirement& q = **req;
  std::vector<std::string> conditional;
  for (const auto& r : snap.checklist.requirements()) {
    if (r.conditional) conditional.push_back(r.id);
  }
  if (!q.conditional) {
    return Error::Input(q.id + " (" + q.title + ") applies whenever clause " + q.clause +
                        " applies; only a conditional requirement can be stated not to hold (" +
                        Join(conditional, ", ") + ")");
  }
  std::string message;
  if (statement.holds) {
    if (!snap.config.not_held.erase(q.id)) {
      return Error::Input("no statement that the condition of " + q.id + " does not hold");
    }
    message = "scope: the condition of " + q.id + " holds (" + q.condition + ")";
  } else {
    DOSSIER_RETURN_IF_ERROR(
        CheckJustification(statement.why, "the reason the condition of " + q.id + " does not hold"));
    Config::NotHeld n;
    n.from = statement.from.value_or(ctx.today);
    n.to = statement.to;
    n.why = Trim(statement.why);
    if (n.to && *n.to < n.from) {
      return Error::Input("--to " + n.to->ToString() + " is before --from " + n.from.ToString());
    }
    snap.config.not_held[q.id] = n;
    message = "scope: the condition of " + q.id + " does not hold from " + n.from.ToString() +
              (n.to ? " to " + n.to->ToString() : std::string()) + "\n\n" + q.condition +
              ": not so. " + n.why;
  }
  std::map<std::string, std::string> keys;
  for (const auto& [id, n] : snap.config.not_held) keys[id] = FormatNotHeld(n);
  auto ini = repo.ReadFile("", layout::kConfigFile);
  if (!ini) return ini.error();
  tx->Write(layout::kConfigFile, ReplaceSection(*ini, "not-held", keys));
  return tx->Commit(message);
}

}  // namespace dossier
