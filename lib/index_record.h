// What the derived entity index (lib/index.h) keeps for an entity file: the
// decoded entity as a compact binary record, so an unchanged repository is
// read without parsing JSON (doc/architecture.md, "The derived index"), or,
// for a kind without a record format, the file's text. Private to lib/.
#ifndef DOSSIER_LIB_INDEX_RECORD_H_
#define DOSSIER_LIB_INDEX_RECORD_H_

#include <string>
#include <string_view>

#include "dossier/entities.h"

namespace dossier::index_record {

// The payload to index for `entity`, decoded from the file `text`. A record
// is used only when it decodes back to an entity whose canonical file is
// that of `entity` (so a field this format does not know is never lost:
// that entity is kept as text instead).
std::string Payload(const Artifact& entity, std::string_view text);
template <typename T>
std::string Payload(const T&, std::string_view text) {
  return "T" + std::string(text);
}

// A payload's record decoded into `out` (a default-constructed entity);
// false for a text payload (whose text is then in `text`) or a malformed one
// (`text` empty, `out` partly filled).
bool Decode(std::string_view payload, Artifact* out, std::string_view* text);
template <typename T>
bool Decode(std::string_view payload, T*, std::string_view* text) {
  *text = !payload.empty() && payload[0] == 'T' ? payload.substr(1) : std::string_view();
  return false;
}

// An artifact record's id and path (views into `payload`), read without
// decoding the rest: what resolving `show ID|PATH` needs of every artifact.
// False for a text payload or a malformed record.
bool IdAndPath(std::string_view payload, std::string_view* id, std::string_view* path);

}  // namespace dossier::index_record

#endif  // DOSSIER_LIB_INDEX_RECORD_H_
