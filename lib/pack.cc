// Building an evidence pack (doc/packs.md); checking one is pack_verify.cc.
#include "dossier/pack.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <map>
#include <set>

#include "archive/archive.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "dossier/assessment.h"
#include "pack_layout.h"
#include "pack_render.h"
#include "repository_impl.h"

namespace dossier {
namespace {

namespace fs = boost::filesystem;

using pack::EndsWith;
using pack::kManifest;
using pack::kManifestJson;
using pack::kSignature;
using pack::UnsafePath;

std::string Slug(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "organisation" : out;
}

archive::Format ToArchiveFormat(PackFormat f) {
  switch (f) {
    case PackFormat::kTar:
      return archive::Format::kTar;
    case PackFormat::kTarGz:
      return archive::Format::kTarGz;
    case PackFormat::kZip:
      return archive::Format::kZip;
  }
  return archive::Format::kTar;
}

}  // namespace

const char* ToString(PackFormat f) {
  switch (f) {
    case PackFormat::kTar:
      return "tar";
    case PackFormat::kTarGz:
      return "tar.gz";
    case PackFormat::kZip:
      return "zip";
  }
  return "?";
}

Result<PackFormat> PackFormatFromPath(const std::string& path) {
  std::string lower;
  for (unsigned char c : path) lower += static_cast<char>(std::tolower(c));
  if (EndsWith(lower, ".tar.gz") || EndsWith(lower, ".tgz")) return PackFormat::kTarGz;
  if (EndsWith(lower, ".tar")) return PackFormat::kTar;
  if (EndsWith(lower, ".zip")) return PackFormat::kZip;
  return Error::Input("cannot tell the pack format of " + path +
                      ": the file name must end in .tar, .tar.gz, .tgz or .zip");
}

std::string PackTopFolder(const std::string& organisation, int stage, Date as_of) {
  if (stage == kDecisionPack) {
    return "dossier-pack-" + Slug(organisation) + "-certification-decision-" + as_of.ToString();
  }
  return "dossier-pack-" + Slug(organisation) + "-stage" + std::to_string(stage) + "-" +
         as_of.ToString();
}

std::string PublicKeyPath(const std::string& private_key_path) {
  if (EndsWith(private_key_path, ".pem")) {
    return private_key_path.substr(0, private_key_path.size() - 4) + ".pub.pem";
  }
  return private_key_path + ".pub.pem";
}

Status GenerateKey(const std::string& path) {
  fs::path parent = fs::absolute(path).parent_path();
  boost::system::error_code ec;
  if (!fs::is_directory(parent, ec)) {
    return Error::Input("cannot create " + path + ": no such directory " + parent.string());
  }
  return crypto::GenerateEd25519Key(path, PublicKeyPath(path));
}

Result<PackSummary> BuildPack(const Repository& repo, const PackOptions& options) {
  const std::string& out = options.output;
  {
    fs::path parent = fs::absolute(out).parent_path();
    boost::system::error_code ec;
    if (!fs::is_directory(parent, ec)) {
      return Error::Input("cannot write " + out + ": no such directory " + parent.string());
    }
    if (fs::is_directory(out, ec))
      return Error::Input("cannot write " + out + ": it is a directory");
  }
  std::string signer, signer_public_key;
  if (!options.sign_key.empty()) {
    auto fp = crypto::PublicKeyFingerprintFromPrivate(options.sign_key);
    if (!fp) return fp.error();
    signer = *fp;
    auto pem = crypto::PublicKeyPemFromPrivate(options.sign_key);
    if (!pem) return pem.error();
    signer_public_key = std::move(*pem);
  }

  auto head = RepositoryAccess::Of(repo).git.HeadCommit();
  if (options.rev == "HEAD" && (!head || head->empty())) {
    return Error::Input("nothing to pack: " + repo.root() + " has no commits yet");
  }
  auto commit = repo.ResolveCommit(options.rev);
  if (!commit) return commit.error().WithContext("cannot pack revision " + options.rev);
  auto commit_time = RepositoryAccess::Of(repo).git.CommitTime(*commit);
  if (!commit_time) return commit_time.error();
  auto loaded = repo.Load(*commit);
  if (!loaded) return loaded.error();
  const Snapshot& snap = *loaded;

  auto selected = SelectEvidence(snap, options.selection);
  if (!selected) return selected.error();
  const PackSelection& sel = *selected;

  pack::Contents contents;
  contents.snapshot = &snap;
  contents.selection = &sel;
  contents.as_of = options.selection.as_of;
  contents.commit_time = *commit_time;
  contents.top = PackTopFolder(snap.config.organisation, sel.stage, contents.as_of);

  // Every file of the pack, by path under the top folder (sorted: the
  // archive's entry order). Small files are held as bytes; evidence files
  // only as their hash, and are read again from the commit while the
  // archive is written, so memory holds one evidence file at a time.
  struct PackFile {
    std::string bytes;
    std::string blob;    // repository path to read at write time, or ""
    std::string sha256;  // of the content
  };
  std::map<std::string, PackFile> files;
  auto held = [](std::string bytes) {
    PackFile f;
    f.sha256 = crypto::Sha256Hex(bytes);
    f.bytes = std::move(bytes);
    return f;
  };
  auto read = [&](const std::string& path) -> Result<std::string> {
    auto bytes = repo.ReadFile(*commit, path);
    if (!bytes) {
      return Error::Negative(path + " is not in commit " + commit->substr(0, 12) +
                             " (run dossier verify --at " + commit->substr(0, 12) + ")");
    }
    return bytes;
  };
  auto ini = read(layout::kConfigFile);
  if (!ini) return ini.error();
  files[layout::kConfigFile] = held(std::move(*ini));

  std::set<std::string> ids(sel.documents.begin(), sel.documents.end());
  ids.insert(sel.records.begin(), sel.records.end());
  ids.insert(sel.referenced.begin(), sel.referenced.end());
  for (const auto& id : ids) {
    const Artifact* a = snap.FindArtifact(id);
    contents.artifacts.push_back(a);
    const std::string meta_path = layout::EntityPath(layout::kArtifactsDir, id);
    auto meta = read(meta_path);
    if (!meta) return meta.error();
    files[meta_path] = held(std::move(*meta));
    if (a->path.empty()) continue;
    auto bytes = read(a->path);
    if (!bytes) return bytes.error().WithContext(id);
    // The pack must not hand the auditor a file its own metadata disowns.
    std::string actual = crypto::Sha256Hex(*bytes);
    if (actual != a->sha256) {
      return Error::Negative(id + ": " + a->path + " at commit " + commit->substr(0, 12) +
                             " has SHA-256 " + actual + " but its metadata records " +
                             a->sha256.hex() + " (re-add or restore it; see dossier verify)");
    }
    files[a->path] = PackFile{"", a->path, actual};
  }
  auto add_entities = [&](const char* dir, const std::vector<std::string>& list) -> Status {
    for (const auto& id : list) {
      const std::string path = layout::EntityPath(dir, id);
      auto bytes = read(path);
      if (!bytes) return bytes.error();
      files[path] = held(std::move(*bytes));
    }
    return Status::Ok();
  };
  DOSSIER_RETURN_IF_ERROR(add_entities(layout::kFindingsDir, sel.findings));
  DOSSIER_RETURN_IF_ERROR(add_entities(layout::kAuditsDir, sel.audits));
  DOSSIER_RETURN_IF_ERROR(add_entities(layout::kReviewsDir, sel.reviews));

  std::vector<pack::GeneratedFile> generated = pack::Summaries(contents);
  generated.push_back({"index.md", pack::IndexMarkdown(contents)});
  generated.push_back({"index.html", pack::IndexHtml(contents)});
  // The readiness report of the packed snapshot, as the auditor will read
  // it: what `dossier readiness --at COMMIT --as-of DATE` gives, with its
  // history, for people (HTML) and machines (JSON).
  ReadinessQuery query;
  static_assert(kDecisionPack == kDecision, "a decision pack is judged as for the decision");
  query.stage = sel.stage;
  query.as_of = options.selection.as_of;
  query.at = snap.commit;
  query.history = true;
  auto assessed = AssessRevision(repo, snap, query);
  if (!assessed) return assessed.error();
  generated.push_back({"readiness.html", RenderHtml(assessed->report, assessed->extras)});
  generated.push_back({"readiness.json", RenderJson(assessed->report, assessed->extras)});
  for (auto& g : generated) {
    std::string why = UnsafePath(g.path);
    if (!why.empty()) return Error::Input("generated file " + g.path + " " + why);
    if (files.count(g.path) || g.path == kManifest || g.path == kSignature ||
        g.path == kManifestJson) {
      return Error::Input("generated file " + g.path + " collides with a file of the pack");
    }
    files[g.path] = held(std::move(g.bytes));
  }
  for (const auto& [path, file] : files) {
    std::string why = UnsafePath(path);
    if (!why.empty()) return Error::Input("cannot pack " + path + ": it " + why);
  }

  pack::ManifestFacts facts;
  facts.format = ToString(options.format);
  facts.clause_filter = options.selection.clauses;
  facts.signer = signer;
  facts.signer_public_key = signer_public_key;
  facts.files = files.size() + 1;  // + manifest.json
  files[kManifestJson] = held(pack::ManifestJson(contents, facts));

  std::string manifest;
  for (const auto& [path, file] : files) manifest += file.sha256 + "  " + path + "\n";
  files[kManifest] = held(manifest);
  if (!options.sign_key.empty()) {
    auto sig = crypto::SignEd25519(options.sign_key, manifest);
    if (!sig) return sig.error();
    files[kSignature] = held(std::move(*sig));
  }

  auto writer = archive::Writer::Create(out, ToArchiveFormat(options.format), *commit_time);
  if (!writer) return writer.error();
  for (const auto& [path, file] : files) {
    if (file.blob.empty()) {
      DOSSIER_RETURN_IF_ERROR(writer->Add(contents.top + "/" + path, file.bytes));
      continue;
    }
    auto bytes = read(file.blob);
    if (!bytes) return bytes.error();
    DOSSIER_RETURN_IF_ERROR(writer->Add(contents.top + "/" + path, *bytes));
  }
  DOSSIER_RETURN_IF_ERROR(writer->Close());

  PackSummary summary;
  summary.output = out;
  summary.top = contents.top;
  summary.commit = *commit;
  summary.selection = sel;
  summary.files = files.size();
  boost::system::error_code ec;
  summary.bytes = fs::file_size(out, ec);
  summary.manifest_sha256 = crypto::Sha256Hex(manifest);
  summary.signer = signer;
  return summary;
}

}  // namespace dossier
