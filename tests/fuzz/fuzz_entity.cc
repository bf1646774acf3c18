// libFuzzer target: the entity decoder (dossier/<kind>/<ID>.json files as
// anyone may commit them). Every decoder must return a value or an Error,
// never crash or hang; and what decodes must re-encode to bytes that decode
// to the same entity (the canonical form is a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "entity_codec.h"

namespace {

template <typename T>
void RoundTrip(dossier::Result<T> (*decode)(std::string_view, const std::string&),
               std::string_view text) {
  auto first = decode(text, "fuzz.json");
  if (!first) return;
  const std::string encoded = dossier::codec::Encode(*first);
  auto second = decode(encoded, "fuzz.json");
  // The canonical bytes of a decoded entity always decode, to the same bytes.
  if (!second || dossier::codec::Encode(*second) != encoded) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  RoundTrip(&dossier::codec::DecodeArtifact, text);
  RoundTrip(&dossier::codec::DecodeFinding, text);
  RoundTrip(&dossier::codec::DecodeAudit, text);
  RoundTrip(&dossier::codec::DecodeReview, text);
  RoundTrip(&dossier::codec::DecodeObjective, text);
  RoundTrip(&dossier::codec::DecodeMeasurement, text);
  return 0;
}
