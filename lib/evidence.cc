// Filing evidence: add, link, find by id or path, approve (see evidence.h).
// Integrity (status, verify) is in integrity.cc, scope in scope.cc.
#include "dossier/evidence.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "approvals.h"
#include "archive/archive.h"
#include "artifact_name.h"
#include "crypto/sha256.h"
#include "dossier/readiness.h"
#include "dossier/resolve.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "evidence_tree.h"
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

// The refusal for links met while filing: each named, with where it leads.
Error LinksRefused(const std::vector<std::string>& links) {
  return Error::Input(
      std::string(links.size() == 1 ? "a symbolic link is" : "symbolic links are") +
      " not filed as evidence (evidence is regular files, and a link could file something "
      "outside the folder): " +
      Join(links, ", ") + "; replace each with the file itself, or remove it, and add again");
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
        fs::path rel = fs::is_directory(lexical)
                           ? fs::path(lexical.filename()) / file_lexical.lexically_relative(lexical)
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
template <typename A>
Error SeveralNamed(const std::string& name, const std::vector<const A*>& named) {
  std::string list;
  for (const A* a : named) list += "\n  " + a->path + "  " + a->id;
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
    if (std::find(clauses->begin(), clauses->end(), c.id) != clauses->end())
      ordered.push_back(c.id);
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

Result<AddResult> AddArtifacts(Repository& repo, const Context& ctx, const AddOptions& opts) {
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
    if (auto d = duplicated.find(p.dest); d != duplicated.end())
      return FiledTwice(d->first, d->second);
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

Result<Artifact> LinkArtifact(Repository& repo, const Context& ctx, const std::string& url,
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

namespace {

// The artifacts of `all` whose file is called `name`, sorted by path.
template <typename A>
std::vector<const A*> Named(const std::vector<A>& all, const std::string& name) {
  std::vector<const A*> out;
  if (name.empty() || name.find('/') != std::string::npos) return out;
  for (const auto& a : all) {
    const size_t slash = a.path.rfind('/');
    if (a.path.compare(slash == std::string::npos ? 0 : slash + 1, std::string::npos, name) == 0) {
      out.push_back(&a);
    }
  }
  std::sort(out.begin(), out.end(), [](const A* x, const A* y) {
    return x->path != y->path ? x->path < y->path : x->id < y->id;
  });
  return out;
}

// FindArtifact over any artifacts known by `id` and `path` (sorted by id).
template <typename A>
Result<const A*> FindIn(const std::vector<A>& all, const std::string& root, const std::string& cwd,
                        const std::string& id_or_path) {
  auto by_path = [&](const std::string& path) -> Result<const A*> {
    const A* found = nullptr;
    std::vector<std::string> ids;
    for (const auto& a : all) {
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
    fs::path lexical =
        fs::absolute(id_or_path, RealDir(cwd.empty() ? root : cwd)).lexically_normal();
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
  // An argument without '/' or '.' that an id starts with is an id (or an
  // id prefix) before it is a file name: `show ART-...` shows that artifact
  // whatever the evidence files are called, and is resolved from the names
  // of the artifact files alone (LoadArtifact).
  if (!has_slash && id_or_path.find('.') == std::string::npos && !id_or_path.empty()) {
    const bool an_id = std::any_of(all.begin(), all.end(), [&](const A& a) {
      return a.id.size() >= id_or_path.size() &&
             std::equal(id_or_path.begin(), id_or_path.end(), a.id.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
             });
    });
    if (an_id) return ResolveId(all, id_or_path, "artifact");
  }
  // A bare file name, as git resolves an unambiguous short name: filed
  // anywhere under evidence/ by exactly one artifact.
  if (!has_slash) {
    auto named = Named(all, id_or_path);
    if (named.size() == 1) return named[0];
    if (named.size() > 1) return SeveralNamed(id_or_path, named);
  }
  return ResolveId(all, id_or_path, "artifact");
}

}  // namespace

Result<const Artifact*> FindArtifact(const Snapshot& snap, const std::string& root,
                                     const std::string& cwd, const std::string& id_or_path) {
  return FindIn(snap.artifacts, root, cwd, id_or_path);
}

Result<const ArtifactName*> FindArtifactName(const std::vector<ArtifactName>& all,
                                             const std::string& root, const std::string& cwd,
                                             const std::string& id_or_path) {
  return FindIn(all, root, cwd, id_or_path);
}

std::vector<const Artifact*> ArtifactsNamed(const Snapshot& snap, const std::string& name) {
  return Named(snap.artifacts, name);
}

Result<Artifact> ApproveArtifact(Repository& repo, const Context& ctx,
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
    return Error::Input(a.id +
                        " is a record; only documents (maintained information) are "
                        "approved");
  }
  // The approval is of the content filed; a file edited since must be re-added first.
  auto digest = crypto::HashFile(repo.root() + "/" + a.path);
  if (!digest)
    return Error::Input(a.id + ": " + a.path + " is missing; restore it before approving");
  if (digest->sha256 != a.sha256) {
    return Error::Input(a.id + ": " + a.path + " changed since it was filed (expected " +
                        a.sha256.Short() + ", found " + digest->sha256.substr(0, 12) +
                        "); file the new revision with dossier add first");
  }
  // A scope document (M1, 4.3) is approved with the exclusions it states.
  const auto scope = ScopeExclusions(tx->snapshot(), a);
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
  DOSSIER_RETURN_IF_ERROR(SignApproval(*signing, a, &approval));
  a.approval = approval;
  tx->Write(layout::EntityPath(layout::kArtifactsDir, a.id), codec::Encode(a));
  auto commit = tx->Commit("approve " + a.id + " " + a.path + " (sha256 " + a.sha256.Short() +
                           ") by " + a.approval->by);
  if (!commit) return commit.error();
  return a;
}

}  // namespace dossier
