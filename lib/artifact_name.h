// An artifact known only by its id and path: what resolving `show ID|PATH`
// needs of every artifact, read from the derived index's records without
// decoding the rest (lib/index_record.h). Private to lib/.
#ifndef DOSSIER_LIB_ARTIFACT_NAME_H_
#define DOSSIER_LIB_ARTIFACT_NAME_H_

#include <string>
#include <vector>

#include "dossier/result.h"

namespace dossier {

struct ArtifactName {
  std::string id;
  std::string path;
};

// FindArtifact (dossier/evidence.h) over `all`, sorted by id: the same
// resolution, answers and error messages.
Result<const ArtifactName*> FindArtifactName(const std::vector<ArtifactName>& all,
                                             const std::string& root, const std::string& cwd,
                                             const std::string& id_or_path);

}  // namespace dossier

#endif  // DOSSIER_LIB_ARTIFACT_NAME_H_
