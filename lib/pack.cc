// BuildPack, VerifyPack and GenerateKey (doc/packs.md). The archive and the
// signature go through the private adapters in archive/ and crypto/.
#include "dossier/pack.h"

#include <sys/stat.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "archive/archive.h"
#include "dossier/assessment.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "json_io.h"
#include "pack_render.h"
#include "repository_impl.h"

namespace dossier {
namespace {

namespace fs = boost::filesystem;

constexpr const char* kManifest = "MANIFEST.sha256";
constexpr const char* kSignature = "MANIFEST.sha256.sig";
constexpr size_t kEd25519SignatureBytes = 64;

// What manifest.json says about the signature.
struct DeclaredSigner {
  bool signed_pack = false;
  bool unreadable = false;  // not JSON, or no signature field: nothing declared
  std::string fingerprint;  // public_key_sha256
  std::string public_key;   // PEM; absent in packs made before it was recorded
};

DeclaredSigner ReadDeclaredSigner(const std::string& manifest_json) {
  DeclaredSigner d;
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(manifest_json, ec);
  const boost::json::object* obj = ec ? nullptr : doc.if_object();
  if (!obj || !obj->if_contains("signature")) {
    d.unreadable = true;
    return d;
  }
  const boost::json::object* sig = obj->at("signature").if_object();
  if (!sig) return d;  // null: declared unsigned
  d.signed_pack = true;
  if (auto* fp = sig->if_contains("public_key_sha256"); fp && fp->is_string()) {
    d.fingerprint = std::string(fp->get_string());
  }
  if (auto* pem = sig->if_contains("public_key"); pem && pem->is_string()) {
    d.public_key = std::string(pem->get_string());
  }
  return d;
}
constexpr const char* kManifestJson = "manifest.json";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : path + "/") {
    if (c == '/') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

// Why a path inside a pack is unsafe or unusable, or "" when it is fine.
// Windows separators count too: unzip on Windows splits on them.
std::string UnsafePath(const std::string& path) {
  if (path.empty()) return "has an empty name";
  const bool drive =
      path.size() > 1 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':';
  if (path[0] == '/' || path[0] == '\\' || drive) {
    return "has an absolute path and would land outside the extraction folder";
  }
  std::string unified = path;
  std::replace(unified.begin(), unified.end(), '\\', '/');
  for (const auto& part : Components(unified)) {
    if (part == "..") return "climbs out of the extraction folder with '..'";
  }
  if (path.find('\n') != std::string::npos || path.find('\r') != std::string::npos) {
    return "has a line break in its name";
  }
  return "";
}

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

Result<std::string> ReadTextFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Input("cannot read " + std::string(what) + " " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
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

  auto head = repo.impl()->git.HeadCommit();
  if (options.rev == "HEAD" && (!head || head->empty())) {
    return Error::Input("nothing to pack: " + repo.root() + " has no commits yet");
  }
  auto commit = repo.ResolveCommit(options.rev);
  if (!commit) return commit.error().WithContext("cannot pack revision " + options.rev);
  auto commit_time = repo.impl()->git.CommitTime(*commit);
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
                             " has SHA-256 " + actual + " but its metadata records " + a->sha256 +
                             " (re-add or restore it; see dossier verify)");
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

Result<PackVerification> VerifyPack(const std::string& path, const std::string& pubkey_path) {
  std::string pubkey;
  std::string key_fingerprint;
  if (!pubkey_path.empty()) {
    auto text = ReadTextFile(pubkey_path, "public key");
    if (!text) return text.error();
    auto fp = crypto::PublicKeyFingerprint(*text, pubkey_path);
    if (!fp) return fp.error();
    pubkey = std::move(*text);
    key_fingerprint = *fp;
  }
  auto keep = [](const std::string& p) {
    return EndsWith(p, std::string("/") + kManifest) ||
           EndsWith(p, std::string("/") + kSignature) ||
           EndsWith(p, std::string("/") + kManifestJson);
  };
  PackVerification v;
  auto entries = archive::ReadEntries(path, keep, 64u << 20);
  if (!entries) {
    if (entries.error().kind() != ErrorKind::kNegative) return entries.error();
    v.problems.push_back(entries.error().message());
    return v;
  }

  // Entry safety, and the regular files by path.
  std::map<std::string, const archive::EntryInfo*> by_path;
  std::map<std::string, int> seen;
  for (const auto& e : *entries) {
    std::string why = UnsafePath(e.path);
    if (!why.empty()) {
      v.problems.push_back("entry " + e.path + " " + why);
      continue;
    }
    if (++seen[e.path] == 2) v.problems.push_back("entry " + e.path + " appears more than once");
    switch (e.type) {
      case archive::EntryType::kFile:
        by_path[e.path] = &e;
        break;
      case archive::EntryType::kDirectory:
        break;
      case archive::EntryType::kSymlink:
        v.problems.push_back("entry " + e.path + " is a symbolic link to " + e.link +
                             " (a pack holds regular files only)");
        break;
      case archive::EntryType::kHardlink:
        v.problems.push_back("entry " + e.path + " is a hard link to " + e.link +
                             " (a pack holds regular files only)");
        break;
      case archive::EntryType::kOther:
        v.problems.push_back("entry " + e.path + " is a device, pipe or other special file");
        break;
    }
  }

  // The top folder is the one holding MANIFEST.sha256.
  std::vector<std::string> tops;
  for (const auto& [p, e] : by_path) {
    auto parts = Components(p);
    if (parts.size() == 2 && parts[1] == kManifest) tops.push_back(parts[0]);
  }
  if (tops.size() != 1) {
    v.problems.push_back(tops.empty()
                             ? std::string("no MANIFEST.sha256 in a top folder of the pack")
                             : "more than one MANIFEST.sha256 in the pack");
    return v;
  }
  v.top = tops[0];
  const std::string prefix = v.top + "/";
  const std::string& manifest = by_path[prefix + kManifest]->data;

  // Parse the manifest: "<64 hex>  <path>" per line, as sha256sum writes it.
  std::map<std::string, std::string> listed;
  {
    std::istringstream in(manifest);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      bool ok = line.size() > 66 && line[64] == ' ' && line[65] == ' ' &&
                std::all_of(line.begin(), line.begin() + 64, [](char c) {
                  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                });
      if (!ok) {
        v.problems.push_back("MANIFEST.sha256 line " + std::to_string(n) +
                             " is not '<sha256>  <path>': the manifest was edited");
        continue;
      }
      std::string p = line.substr(66);
      std::string why = UnsafePath(p);
      if (!why.empty()) {
        v.problems.push_back("MANIFEST.sha256 line " + std::to_string(n) + ": " + p + " " + why);
        continue;
      }
      if (p == kManifest || p == kSignature) {
        v.problems.push_back("MANIFEST.sha256 line " + std::to_string(n) + " lists " + p +
                             ", which the manifest cannot cover");
        continue;
      }
      if (!listed.emplace(p, line.substr(0, 64)).second) {
        v.problems.push_back("MANIFEST.sha256 lists " + p + " more than once");
      }
    }
    if (!manifest.empty() && manifest.back() != '\n') {
      v.problems.push_back(
          "MANIFEST.sha256 does not end with a line break: the manifest was edited");
    }
  }
  if (!listed.count(kManifestJson)) {
    v.problems.push_back("manifest.json is not listed in MANIFEST.sha256");
  }

  for (const auto& [p, expected] : listed) {
    auto it = by_path.find(prefix + p);
    if (it == by_path.end()) {
      v.problems.push_back("missing entry: " + p +
                           " is listed in MANIFEST.sha256 but not in the pack");
      continue;
    }
    ++v.files;
    if (it->second->sha256 != expected) {
      v.problems.push_back("changed entry: " + p + " has SHA-256 " + it->second->sha256 +
                           " but MANIFEST.sha256 lists " + expected +
                           " (the file or the manifest was changed)");
    }
  }
  for (const auto& [p, e] : by_path) {
    if (p.compare(0, prefix.size(), prefix) != 0) {
      v.problems.push_back("extra entry: " + p + " is outside the pack's folder " + v.top);
      continue;
    }
    std::string rel = p.substr(prefix.size());
    if (rel == kManifest || rel == kSignature || listed.count(rel)) continue;
    v.problems.push_back("extra entry: " + rel + " is not listed in MANIFEST.sha256");
  }

  // The signature. A present one is checked even without --pubkey: against
  // the key manifest.json names (covered by MANIFEST.sha256, so by the
  // signature), which proves the manifest is the one that was signed but
  // not who signed it; that takes a key obtained apart from the pack.
  auto sig = by_path.find(prefix + kSignature);
  v.signed_pack = sig != by_path.end();
  DeclaredSigner declared;
  if (auto mj = by_path.find(prefix + kManifestJson); mj != by_path.end()) {
    declared = ReadDeclaredSigner(mj->second->data);
  }
  if (v.signed_pack && sig->second->data.size() != kEd25519SignatureBytes) {
    v.problems.push_back("MANIFEST.sha256.sig is malformed: " +
                         std::to_string(sig->second->data.size()) + " bytes, where an Ed25519 "
                         "signature has " + std::to_string(kEd25519SignatureBytes));
  } else if (v.signed_pack && !declared.signed_pack && !declared.unreadable) {
    v.problems.push_back("MANIFEST.sha256.sig is present but manifest.json declares the pack "
                         "unsigned: the signature belongs to another manifest");
  } else if (!v.signed_pack && declared.signed_pack) {
    v.problems.push_back("MANIFEST.sha256.sig is missing, but manifest.json declares the pack "
                         "signed (Ed25519 key sha256 " + declared.fingerprint +
                         "): the signature was removed");
  } else if (!pubkey.empty()) {
    if (!v.signed_pack) {
      v.problems.push_back("MANIFEST.sha256.sig is missing: the pack is not signed, but --pubkey " +
                           pubkey_path + " was given");
    } else {
      auto good = crypto::VerifyEd25519(pubkey, pubkey_path, manifest, sig->second->data);
      if (!good) return good.error();
      if (*good) {
        v.signature_checked = true;
        v.signer = key_fingerprint;
      } else {
        v.problems.push_back("MANIFEST.sha256.sig does not verify with " + pubkey_path +
                             ": the manifest was changed or signed with another key");
      }
    }
  } else if (v.signed_pack && !declared.public_key.empty()) {
    auto fp = crypto::PublicKeyFingerprint(declared.public_key, "manifest.json signature.public_key");
    auto good = fp ? crypto::VerifyEd25519(declared.public_key, "manifest.json", manifest,
                                           sig->second->data)
                   : Result<bool>(false);
    if (!fp || *fp != declared.fingerprint) {
      v.problems.push_back("manifest.json names a signing key that is not an Ed25519 public key "
                           "with the fingerprint it declares");
    } else if (!good) {
      return good.error();
    } else if (!*good) {
      v.problems.push_back("MANIFEST.sha256.sig does not verify with the key the pack names "
                           "(Ed25519 key sha256 " + declared.fingerprint +
                           "): the manifest was changed after it was signed");
    } else {
      v.notes.push_back("the signature matches the key the pack itself names (Ed25519 key sha256 " +
                        declared.fingerprint + "), so the manifest is the one signed; who signed "
                        "it was not checked: give --pubkey PUB.pem, obtained from the "
                        "organisation apart from the pack, to check its authenticity");
    }
  } else if (v.signed_pack) {
    v.notes.push_back("the pack is signed but names no key to check it with, so the signature "
                      "and the authenticity were not checked; give --pubkey PUB.pem to check them");
  }
  return v;
}

}  // namespace dossier
