// libFuzzer target: `dossier pack verify` on whatever archive an auditor is
// handed. VerifyPack reads it in memory and answers with problems or an
// Error; it never crashes, hangs, or writes anything but its temporary copy.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "dossier/pack.h"

namespace {

// One file per process, rewritten for each input: VerifyPack takes a path.
const std::string& InputPath() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") + "/dossier-fuzz-pack-" +
                    std::to_string(::getpid()) + ".tar";
    return p;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = InputPath();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  auto v = dossier::VerifyPack(path, "");
  // A pack with no problems lists at least its manifest.json.
  if (v && v->ok() && v->files == 0) std::abort();
  std::remove(path.c_str());
  return 0;
}
