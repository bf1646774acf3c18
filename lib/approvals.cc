#include "approvals.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <boost/json.hpp>

#include "crypto/ed25519.h"
#include "dossier/readiness.h"
#include "join.h"
#include "repository_impl.h"
#include "transaction.h"

namespace dossier {
namespace {

namespace fs = boost::filesystem;
namespace bj = boost::json;

std::string Quoted(const std::string& s) { return bj::serialize(bj::value(bj::string(s))); }

bool HexDecode(const std::string& hex, std::string* out) {
  if (hex.size() % 2) return false;
  out->clear();
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string Short(const std::string& commit) { return commit.substr(0, 12); }

const ApproverKey* KeyByFingerprint(const Snapshot& snap, const std::string& fingerprint) {
  for (const auto& k : snap.keys) {
    if (k.fingerprint == fingerprint) return &k;
  }
  return nullptr;
}

// Why `key` cannot sign for `person` on `day` ("" = it can), as
// "key ID (PERSON) ...".
std::string UnusableFor(const ApproverKey& key, const std::map<std::string, std::string>& problems,
                        const std::string& person, Date day) {
  const std::string name = "key " + key.id + " (" + key.person + ")";
  if (auto it = problems.find(key.id); it != problems.end()) return name + " " + it->second;
  if (!person.empty() && key.person != person) {
    return name + " is registered for " + key.person + ", not for " + person;
  }
  if (day < key.registered) {
    return name + " was registered on " + key.registered.ToString() + ", after " + day.ToString();
  }
  if (key.revoked && *key.revoked <= day) {
    return name + " was revoked on " + key.revoked->ToString() +
           (key.revoked_why.empty() ? "" : " (" + key.revoked_why + ")");
  }
  return "";
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string ApprovalStatement(const Artifact& a, const Approval& approval) {
  std::string s = "dossier approval v1\n";
  s += "artifact " + Quoted(a.id) + "\n";
  s += "path " + Quoted(a.path) + "\n";
  s += "sha256 " + Quoted(approval.sha256.hex()) + "\n";
  s += "size " + std::to_string(a.size) + "\n";
  s += "revision " + std::to_string(a.revisions.size() + 1) + "\n";
  s += "approver " + Quoted(approval.by) + "\n";
  s += "date " + approval.date.ToString() + "\n";
  if (approval.not_applicable) {
    bj::object na;  // std::map order: sorted by clause
    for (const auto& [clause, why] : *approval.not_applicable) na[clause] = why;
    s += "not-applicable " + bj::serialize(na) + "\n";
  }
  return s;
}

Result<std::map<std::string, std::string>> KeyProblems(const Repository& repo, const Snapshot& snap,
                                                       bool work_tree) {
  std::map<std::string, std::string> problems;
  if (snap.keys.empty()) return problems;
  std::vector<git::CommitSummary> log;
  if (!snap.commit.empty()) {
    auto l = RepositoryAccess::Of(repo).git.Log({layout::kKeysDir}, snap.commit);
    if (!l) return l.error();
    log = std::move(*l);
  }
  for (const auto& k : snap.keys) {
    const std::string path = layout::EntityPath(layout::kKeysDir, k.id);
    auto fingerprint = crypto::PublicKeyFingerprint(k.public_key, path);
    if (!fingerprint || *fingerprint != k.fingerprint || k.id != k.fingerprint.substr(0, 16)) {
      problems[k.id] = "does not hold the public key its fingerprint names (" + path + ")";
      continue;
    }
    std::string outside;
    bool committed = false;
    for (const auto& c : log) {
      if (std::find(c.paths.begin(), c.paths.end(), path) == c.paths.end()) continue;
      committed = true;
      if (!HasDossierTrailer(c.message)) outside = c.id;  // newest first: keeps the oldest
    }
    if (!committed) {
      problems[k.id] = "was never committed (" + path + " is only in the work tree)";
    } else if (!outside.empty()) {
      problems[k.id] = "was added or changed outside Dossier, by commit " + Short(outside) +
                       " (plain git): " + path;
    } else if (work_tree) {
      auto head = repo.ReadFile(snap.commit, path);
      auto here = repo.ReadFile("", path);
      if (!here) return here.error();
      if (!head || *head != *here) {
        problems[k.id] = "differs in the work tree from what was committed (" + path + ")";
      }
    }
  }
  return problems;
}

namespace {

// Sets `ap`'s signature_state and signature_problem; `a` is the artifact as
// it stood when the approval was signed (its content, size, revision count).
void JudgeOne(const Snapshot& snap, const std::map<std::string, std::string>& problems,
              const Artifact& a, Approval& ap) {
  auto invalid = [&](std::string why) {
    ap.signature_state = SignatureState::kInvalid;
    ap.signature_problem = std::move(why);
  };
  if (ap.signature.empty()) {
    if (snap.config.require_signature) {
      invalid(
          "the approval is not signed, and dossier.ini requires signed approvals "
          "([approvals] require_signature)");
    } else {
      ap.signature_state = SignatureState::kUnsigned;
      ap.signature_problem = "the approval is not signed";
    }
    return;
  }
  const ApproverKey* key = KeyByFingerprint(snap, ap.key);
  if (!key) {
    invalid("the approval is signed with a key not registered in the repository (" +
            (ap.key.empty() ? std::string("no key named") : "fingerprint " + ap.key.substr(0, 16)) +
            ")");
    return;
  }
  if (auto why = UnusableFor(*key, problems, ap.by, ap.date); !why.empty()) {
    invalid("the approval is signed with a key that cannot sign it: " + why);
    return;
  }
  std::string signature;
  bool verifies = HexDecode(ap.signature, &signature);
  if (verifies) {
    auto ok = crypto::VerifyEd25519(key->public_key, layout::EntityPath(layout::kKeysDir, key->id),
                                    ApprovalStatement(a, ap), signature);
    verifies = ok && *ok;
  }
  if (!verifies) {
    invalid(
        "approval signature does not verify: the document's hash, size or path, or the "
        "approval, changed after " +
        ap.by + " signed it");
    return;
  }
  ap.signature_state = SignatureState::kValid;
  ap.signature_problem.clear();
}

}  // namespace

Status JudgeApprovals(const Repository& repo, Snapshot* snap, bool work_tree) {
  bool any = false;
  for (const auto& a : snap->artifacts) any = any || a.approval.has_value();
  for (const auto& c : snap->controls) {
    for (const auto& r : c.revisions) any = any || r.approval.has_value();
  }
  if (!any) return Status::Ok();
  auto problems = KeyProblems(repo, *snap, work_tree);
  if (!problems) return problems.error();
  for (auto& a : snap->artifacts) {
    if (!a.approval || a.approval->sha256 != a.sha256) continue;  // void anyway
    JudgeOne(*snap, *problems, a, *a.approval);
  }
  // Each approved revision under document control (doc/documents.md): signed
  // over the artifact as it stood then, its content current and the earlier
  // contents those filed before it. A revision approval no artifact content
  // ever held cannot be judged, so it does not count.
  for (auto& c : snap->controls) {
    const Artifact* a = snap->FindArtifact(c.artifact);
    for (auto& r : c.revisions) {
      if (!r.approval) continue;
      Approval& ap = *r.approval;
      if (!a) {
        ap.signature_state = SignatureState::kInvalid;
        ap.signature_problem = "the document " + c.artifact + " is not filed";
        continue;
      }
      Artifact then = *a;
      if (a->sha256 != r.sha256) {
        auto it = std::find_if(a->revisions.begin(), a->revisions.end(),
                               [&](const Revision& x) { return x.sha256 == r.sha256; });
        if (it == a->revisions.end()) {
          ap.signature_state = SignatureState::kInvalid;
          ap.signature_problem = "revision " + r.id + " holds content the document never held";
          continue;
        }
        then.sha256 = it->sha256;
        then.size = it->size;
        then.revisions.assign(a->revisions.begin(), it);
      }
      JudgeOne(*snap, *problems, then, ap);
    }
  }
  return Status::Ok();
}

Result<std::optional<SigningKey>> FindSigningKey(const Repository& repo, const Snapshot& snap,
                                                 const std::string& person,
                                                 const std::string& key_path,
                                                 const std::string& key_dir, Date today,
                                                 bool required) {
  auto problems = KeyProblems(repo, snap, /*work_tree=*/true);
  if (!problems) return problems.error();
  const std::string create = "create and register one with: dossier keygen --person \"" +
                             (person.empty() ? std::string("NAME") : person) + "\"";
  if (!key_path.empty()) {
    auto fingerprint = crypto::PublicKeyFingerprintFromPrivate(key_path);
    if (!fingerprint) return fingerprint.error();
    const ApproverKey* key = KeyByFingerprint(snap, *fingerprint);
    if (!key) {
      return Error::Input("the key " + key_path +
                          " is not registered in this repository (see: dossier key list); " +
                          create);
    }
    if (auto why = UnusableFor(*key, *problems, person, today); !why.empty()) {
      return Error::Input("cannot sign with " + key_path + ": " + why);
    }
    return std::optional<SigningKey>(SigningKey{key_path, *key});
  }
  // The person's usable keys, then their private halves in key_dir.
  std::vector<const ApproverKey*> usable;
  std::vector<std::string> unusable;
  for (const auto& k : snap.keys) {
    if (k.person != person) continue;
    if (auto why = UnusableFor(k, *problems, person, today); why.empty()) {
      usable.push_back(&k);
    } else {
      unusable.push_back(why);
    }
  }
  boost::system::error_code ec;
  std::vector<std::string> files;
  if (!key_dir.empty() && fs::is_directory(key_dir, ec)) {
    for (fs::directory_iterator it(key_dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".pem") == 0 &&
          name.find(".pub.") == std::string::npos) {
        files.push_back(it->path().string());
      }
    }
    std::sort(files.begin(), files.end());
  }
  for (const auto& file : files) {
    auto fingerprint = crypto::PublicKeyFingerprintFromPrivate(file);
    if (!fingerprint) continue;  // not a private key of ours
    for (const ApproverKey* k : usable) {
      if (k->fingerprint == *fingerprint) return std::optional<SigningKey>(SigningKey{file, *k});
    }
  }
  if (!required) return std::optional<SigningKey>();
  std::string why;
  if (!usable.empty()) {
    const std::string list = JoinEach(usable, ", ", [](const auto* k) { return k->id; });
    why = person + " has a registered key (" + list + "), but its private key is not in " +
          (key_dir.empty() ? std::string("the key folder") : key_dir) + ": give it with --key PATH";
  } else {
    why = "no usable key of " + person + " is registered in this repository";
    for (const auto& u : unusable) why += " (" + u + ")";
    why += "; " + create + ", or give --key PATH";
  }
  return Error::Input("cannot approve as " + person +
                      ": this repository requires every approval to be signed by the approver's "
                      "own key ([approvals] require_signature in dossier.ini), and " +
                      why);
}

std::optional<std::map<std::string, std::string>> ScopeExclusions(const Snapshot& snap,
                                                                  const Artifact& a) {
  std::optional<std::map<std::string, std::string>> scope;
  for (const auto& q : snap.checklist.requirements()) {
    if (q.kind == RequirementKind::kMaintain && q.clause == "4.3" && Credits(a, q)) {
      scope = snap.config.not_applicable;
    }
  }
  return scope;
}

Status SignApproval(const std::optional<SigningKey>& signing, const Artifact& a,
                    Approval* approval) {
  if (!signing) {
    approval->signature_state = SignatureState::kUnsigned;
    approval->signature_problem = "the approval is not signed";
    return Status::Ok();
  }
  auto signature = crypto::SignEd25519(signing->private_path, ApprovalStatement(a, *approval));
  if (!signature) return signature.error();
  approval->signature = HexEncode(*signature);
  approval->key = signing->key.fingerprint;
  approval->signature_state = SignatureState::kValid;
  return Status::Ok();
}

}  // namespace dossier
