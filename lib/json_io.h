// Boost.JSON helpers shared by the entity codecs, the checklist loader and the
// renderers. Private to lib/.
#ifndef DOSSIER_LIB_JSON_IO_H_
#define DOSSIER_LIB_JSON_IO_H_

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/date.h"
#include "dossier/result.h"

namespace dossier {
class TagList;  // dossier/entities.h
}  // namespace dossier

namespace dossier::json {

namespace bj = boost::json;

// The canonical form of doc/architecture.md: object keys sorted, two-space indent,
// LF, trailing newline. Equal values give equal bytes.
std::string Canonical(const bj::value& v);
// The same on one line (no trailing newline), for embedding in text output.
std::string Compact(const bj::value& v);

// The canonical form written as the document is made, for documents too
// large to hold (a list of 100,000 artifacts): top-level members in
// ascending key order, one of them an array whose elements come one at a
// time. The bytes are those Canonical gives for the whole document.
class CanonicalWriter {
 public:
  explicit CanonicalWriter(std::ostream& out) : out_(out) {}
  // REQUIRES: keys ascending, each after the previous member or array ended.
  void Member(std::string_view key, const bj::value& v);
  void BeginArray(std::string_view key);
  void Element(const bj::value& v);
  void EndArray();
  // Closes the document, with its trailing newline.
  void End();

 private:
  void Key(std::string_view key);
  std::ostream& out_;
  bool any_member_ = false;
  bool any_element_ = false;
  std::string last_key_;
};

// Parses `text`; a syntax error names `source` and the line and column.
Result<bj::value> Parse(std::string_view text, const std::string& source);

// Reads typed fields of an entity object, collecting the first error with the
// source name and the key. Unknown keys are what remain after Take*().
class Reader {
 public:
  // With the object's `text`, errors also name the line of the offending
  // top-level key ("file.json:7: key \"size\": ...").
  Reader(const bj::object& obj, std::string source, std::string_view text = {});

  std::string String(const char* key, bool required = false);
  std::vector<std::string> Strings(const char* key);
  std::optional<Date> OptDate(const char* key);
  Date RequiredDate(const char* key);
  int64_t Int(const char* key, int64_t fallback = 0);
  double Double(const char* key, bool required = false);
  bool Bool(const char* key, bool fallback = false);
  const bj::array* Array(const char* key);
  const bj::object* Object(const char* key);

  // Records an error for a field (e.g. an enum value out of range).
  void Fail(const std::string& key, const std::string& message);
  // The keys not read, as key -> JSON text.
  std::map<std::string, std::string> Unknown() const;

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }
  const std::string& source() const { return source_; }

 private:
  const bj::value* Take(const char* key);

  const bj::object& obj_;
  std::string source_;
  std::string_view text_;
  std::vector<std::string> taken_;
  std::optional<Error> error_;
};

// The 1-based line of `key` among the members of the top-level object in
// `text`, or 0 when it is not there.
size_t LineOfTopLevelKey(std::string_view text, std::string_view key);

// Helpers for writing: omit empty values so files stay small and stable.
void PutString(bj::object& o, const char* key, const std::string& v);
void PutStrings(bj::object& o, const char* key, const std::vector<std::string>& v);
void PutStrings(bj::object& o, const char* key, const TagList& v);
void PutDate(bj::object& o, const char* key, const std::optional<Date>& v);
void PutUnknown(bj::object& o, const std::map<std::string, std::string>& unknown);

}  // namespace dossier::json

#endif  // DOSSIER_LIB_JSON_IO_H_
