// Generates benchmark corpora for bench/bench.sh:
//   bench_corpus files DIR COUNT KIB   COUNT files of KIB KiB of pseudo-random bytes
//   bench_corpus repo ROOT COUNT       COUNT artifacts (small evidence files and their
//                                      entity files) written straight into an evidence
//                                      repository made by `dossier init`, spread over
//                                      every requirement and clause, to be committed by git.
#include <boost/filesystem.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "crypto/sha256.h"
#include "dossier/checklist.h"
#include "dossier/json.h"

namespace fs = boost::filesystem;

namespace {

int Files(const std::string& dir, long count, long kib) {
  fs::create_directories(dir);
  std::mt19937_64 rng(42);
  std::string buf(static_cast<size_t>(kib) * 1024, '\0');
  for (long i = 0; i < count; ++i) {
    for (size_t j = 0; j + 8 <= buf.size(); j += 8) {
      uint64_t v = rng();
      std::memcpy(&buf[j], &v, 8);
    }
    std::ofstream(dir + "/f" + std::to_string(i) + ".bin", std::ios::binary) << buf;
  }
  return 0;
}

int Repo(const std::string& root, long count) {
  auto checklist = dossier::Checklist::Builtin("iso9001-2015");
  if (!checklist.ok()) return 3;
  const auto& reqs = checklist->requirements();
  const auto leaves = checklist->Leaves();
  fs::create_directories(root + "/evidence/bulk");
  fs::create_directories(root + "/dossier/artifacts");
  for (long i = 0; i < count; ++i) {
    dossier::Artifact a;
    char id[48];
    std::snprintf(id, sizeof id, "ART-20260101-%06ld", i);
    a.id = id;
    const auto& req = reqs[static_cast<size_t>(i) % reqs.size()];
    a.kind = req.kind == dossier::RequirementKind::kMaintain ? dossier::ArtifactKind::kDocument
                                                             : dossier::ArtifactKind::kRecord;
    a.requirements = {req.id};
    a.clauses = {req.clause, leaves[static_cast<size_t>(i) % leaves.size()]->id};
    a.path = "evidence/bulk/" + a.id + ".txt";
    std::string content = "evidence " + a.id + "\n";
    a.sha256 = dossier::crypto::Sha256Hex(content);
    a.size = content.size();
    a.collected = dossier::Date::FromCivil(2026, 1, 1).AddDays(i % 300);
    a.effective = a.collected;
    a.title = "Synthetic evidence " + std::to_string(i);
    if (a.kind == dossier::ArtifactKind::kDocument) {
      a.review_every = dossier::Period(12, dossier::Period::Unit::kMonths);
      a.approval = dossier::Approval{"Bench", a.collected, a.sha256, std::nullopt, {}, {}, {}, {}};
    }
    std::ofstream(root + "/" + a.path, std::ios::binary) << content;
    std::ofstream(root + "/dossier/artifacts/" + a.id + ".json", std::ios::binary)
        << dossier::ToJson(a);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "files" && argc == 5) return Files(argv[2], std::stol(argv[3]), std::stol(argv[4]));
  if (mode == "repo" && argc == 4) return Repo(argv[2], std::stol(argv[3]));
  std::cerr << "usage: bench_corpus files DIR COUNT KIB | repo ROOT COUNT\n";
  return 2;
}
