// libFuzzer target: dossier.ini as editors and people write it. ParseConfig
// returns a Config or an Error naming the line; a scope change
// (ReplaceNotApplicable, what `dossier scope` writes) of a file that parses
// gives a file that parses to the same settings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "config_edit.h"
#include "dossier/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto config = dossier::ParseConfig(text, "dossier.ini");
  if (!config) return 0;
  const std::string edited = dossier::ReplaceNotApplicable(text, config->not_applicable);
  auto again = dossier::ParseConfig(edited, "dossier.ini");
  if (!again || again->raw != config->raw || again->not_applicable != config->not_applicable) {
    std::abort();
  }
  // And the writer's own form reads back.
  if (!dossier::ParseConfig(dossier::FormatConfig(*config), "dossier.ini")) std::abort();
  return 0;
}
