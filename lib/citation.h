// Citing an artifact as evidence for a finding, audit or review: the
// artifact by id prefix or path, with the SHA-256 its file has now, so the
// citation proves which content was relied on. Private to lib/.
#ifndef DOSSIER_LIB_CITATION_H_
#define DOSSIER_LIB_CITATION_H_

#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"

namespace dossier {

// An unknown or ambiguous artifact, a missing file, or a file changed since
// it was filed (re-add it first) is an input error naming `what` ("--evidence").
Result<EvidenceRef> CiteArtifact(const Snapshot& snap, const std::string& root,
                                 const std::string& id_or_path, const std::string& what);
// Each of `given` in order; a repeated artifact is cited once.
Result<std::vector<EvidenceRef>> CiteArtifacts(const Snapshot& snap, const std::string& root,
                                               const std::vector<std::string>& given,
                                               const std::string& what);

}  // namespace dossier

#endif  // DOSSIER_LIB_CITATION_H_
