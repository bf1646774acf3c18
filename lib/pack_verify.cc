// Checking an evidence pack offline (doc/packs.md): `dossier pack verify`.
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "archive/archive.h"
#include "crypto/ed25519.h"
#include "crypto/sha256.h"
#include "dossier/pack.h"
#include "pack_layout.h"

namespace dossier {
namespace {

using pack::Components;
using pack::EndsWith;
using pack::kManifest;
using pack::kManifestJson;
using pack::kSignature;
using pack::UnsafePath;

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

Result<std::string> ReadTextFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Input("cannot read " + std::string(what) + " " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

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
    v.problems.push_back(
        "MANIFEST.sha256.sig is malformed: " + std::to_string(sig->second->data.size()) +
        " bytes, where an Ed25519 "
        "signature has " +
        std::to_string(kEd25519SignatureBytes));
  } else if (v.signed_pack && !declared.signed_pack && !declared.unreadable) {
    v.problems.push_back(
        "MANIFEST.sha256.sig is present but manifest.json declares the pack "
        "unsigned: the signature belongs to another manifest");
  } else if (!v.signed_pack && declared.signed_pack) {
    v.problems.push_back(
        "MANIFEST.sha256.sig is missing, but manifest.json declares the pack "
        "signed (Ed25519 key sha256 " +
        declared.fingerprint + "): the signature was removed");
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
    auto fp =
        crypto::PublicKeyFingerprint(declared.public_key, "manifest.json signature.public_key");
    auto good = fp ? crypto::VerifyEd25519(declared.public_key, "manifest.json", manifest,
                                           sig->second->data)
                   : Result<bool>(false);
    if (!fp || *fp != declared.fingerprint) {
      v.problems.push_back(
          "manifest.json names a signing key that is not an Ed25519 public key "
          "with the fingerprint it declares");
    } else if (!good) {
      return good.error();
    } else if (!*good) {
      v.problems.push_back(
          "MANIFEST.sha256.sig does not verify with the key the pack names "
          "(Ed25519 key sha256 " +
          declared.fingerprint + "): the manifest was changed after it was signed");
    } else {
      v.notes.push_back("the signature matches the key the pack itself names (Ed25519 key sha256 " +
                        declared.fingerprint +
                        "), so the manifest is the one signed; who signed "
                        "it was not checked: give --pubkey PUB.pem, obtained from the "
                        "organisation apart from the pack, to check its authenticity");
    }
  } else if (v.signed_pack) {
    v.notes.push_back(
        "the pack is signed but names no key to check it with, so the signature "
        "and the authenticity were not checked; give --pubkey PUB.pem to check them");
  }
  return v;
}

}  // namespace dossier
