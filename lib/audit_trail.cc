// The audit trail of one entity or path (include/dossier/evidence.h).
#include "dossier/evidence.h"
#include "dossier/resolve.h"

namespace dossier {

Result<std::vector<Repository::HistoryEntry>> AuditTrail(const Repository& repo,
                                                         const std::string& rev,
                                                         const std::string& cwd,
                                                         const std::string& what) {
  std::vector<std::string> paths;
  if (!what.empty()) {
    auto snap = repo.Load(rev);
    if (!snap) return snap.error();
    auto artifact = FindArtifact(*snap, repo.root(), cwd, what);
    if (artifact) {
      paths = {layout::EntityPath(layout::kArtifactsDir, (*artifact)->id), (*artifact)->path};
    } else if (ArtifactsNamed(*snap, what).size() > 1) {
      return artifact.error();  // a file name filed several times: the error lists them
    } else if (what.find('/') != std::string::npos || what == layout::kConfigFile) {
      paths = {what};
    } else {
      // Any other entity, by unique id prefix, with the file that holds it.
      struct Entity {
        std::string id;
        std::string path;
      };
      std::vector<Entity> all;
      auto collect = [&all](const auto& entities, const char* dir) {
        for (const auto& e : entities) all.push_back({e.id, layout::EntityPath(dir, e.id)});
      };
      collect(snap->findings, layout::kFindingsDir);
      collect(snap->audits, layout::kAuditsDir);
      collect(snap->reviews, layout::kReviewsDir);
      collect(snap->body_audits, layout::kBodyAuditsDir);
      collect(snap->objectives, layout::kObjectivesDir);
      collect(snap->measurements, layout::kMeasurementsDir);
      auto entity = ResolveId(all, what, "entity");
      if (!entity) return entity.error();
      paths = {(*entity)->path};
    }
  }
  return repo.History(paths, rev);
}

}  // namespace dossier
