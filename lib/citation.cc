#include "citation.h"

#include <algorithm>

#include "crypto/sha256.h"
#include "dossier/evidence.h"

namespace dossier {

Result<EvidenceRef> CiteArtifact(const Snapshot& snap, const std::string& root,
                                 const std::string& id_or_path, const std::string& what) {
  auto found = FindArtifact(snap, root, root, id_or_path);
  if (!found) return found.error().WithContext(what);
  const Artifact& a = **found;
  // The hash of the file as it is, not as it was filed: a citation must
  // not vouch for content nobody has looked at.
  auto digest = crypto::HashFile(root + "/" + a.path);
  if (!digest) {
    return Error::Input(what + " " + a.id + ": " + a.path +
                        " is missing from the work tree; restore it before citing it");
  }
  if (digest->sha256 != a.sha256) {
    return Error::Input(what + " " + a.id + ": " + a.path + " changed since it was filed " +
                        "(filed " + a.sha256.Short() + ", now " + digest->sha256.substr(0, 12) +
                        "); file the new revision with dossier " + "add first");
  }
  return EvidenceRef{a.id, a.sha256.hex()};
}

Result<std::vector<EvidenceRef>> CiteArtifacts(const Snapshot& snap, const std::string& root,
                                               const std::vector<std::string>& given,
                                               const std::string& what) {
  std::vector<EvidenceRef> out;
  for (const auto& g : given) {
    auto ref = CiteArtifact(snap, root, g, what);
    if (!ref) return ref.error();
    bool dup = std::any_of(out.begin(), out.end(),
                           [&](const EvidenceRef& r) { return r.artifact == ref->artifact; });
    if (!dup) out.push_back(*ref);
  }
  return out;
}

}  // namespace dossier
