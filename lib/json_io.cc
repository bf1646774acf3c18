#include "json_io.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "dossier/entities.h"
#include "dossier/text.h"

namespace dossier::json {
namespace {

// A JSON string, escaped exactly as Boost.JSON's serializer escapes it (the
// bytes of every document written before must not change): '"' and '\\',
// \b \t \n \f \r, other control characters as \u00xx, every other byte as
// it is. Appended in place: a large report writes millions of strings.
void WriteString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run of bytes not yet appended
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    out += '\\';
    switch (c) {
      case '"':
      case '\\':
        out += static_cast<char>(c);
        break;
      case '\b':
        out += 'b';
        break;
      case '\t':
        out += 't';
        break;
      case '\n':
        out += 'n';
        break;
      case '\f':
        out += 'f';
        break;
      case '\r':
        out += 'r';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

void WriteNumber(std::string& out, const bj::value& v) {
  if (!v.is_double()) {
    out += bj::serialize(v);  // integers, booleans, null as they are
    return;
  }
  // Boost.JSON writes doubles as "1.5E0"; people read measurement values in
  // these files, so write the shortest text that reads back the same ("1.5",
  // "97.25", "100"). JSON has no infinity or NaN.
  const double d = v.get_double();
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  out += ShortestNumber(d);
}

void Write(std::string& out, const bj::value& v, int indent, bool pretty) {
  auto newline = [&](int level) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case bj::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      std::vector<const bj::key_value_pair*> items;
      items.reserve(o.size());
      for (const auto& kv : o) items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* kv : items) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        WriteString(out, std::string_view(kv->key().data(), kv->key().size()));
        out += pretty ? ": " : ":";
        Write(out, kv->value(), indent + 1, pretty);
      }
      newline(indent);
      out += '}';
      return;
    }
    case bj::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& e : a) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        Write(out, e, indent + 1, pretty);
      }
      newline(indent);
      out += ']';
      return;
    }
    case bj::kind::string: {
      const auto& s = v.get_string();
      WriteString(out, std::string_view(s.data(), s.size()));
      return;
    }
    default:
      WriteNumber(out, v);
      return;
  }
}

}  // namespace

std::string Canonical(const bj::value& v) {
  std::string out;
  Write(out, v, 0, true);
  out += '\n';
  return out;
}

void CanonicalWriter::Key(std::string_view key) {
  // Canonical order is what makes equal values give equal bytes.
  assert(!any_member_ || std::string_view(last_key_) < key);
  last_key_ = std::string(key);
  out_ << (any_member_ ? ",\n  " : "{\n  ");
  any_member_ = true;
  std::string k;
  WriteString(k, key);
  out_ << k << ": ";
}

void CanonicalWriter::Member(std::string_view key, const bj::value& v) {
  Key(key);
  std::string text;
  Write(text, v, 1, true);
  out_ << text;
}

void CanonicalWriter::BeginArray(std::string_view key) {
  Key(key);
  any_element_ = false;
}

void CanonicalWriter::Element(const bj::value& v) {
  std::string text = any_element_ ? ",\n    " : "[\n    ";
  any_element_ = true;
  Write(text, v, 2, true);
  out_ << text;
}

void CanonicalWriter::EndArray() { out_ << (any_element_ ? "\n  ]" : "[]"); }

void CanonicalWriter::End() { out_ << (any_member_ ? "\n}\n" : "{}\n"); }

std::string Compact(const bj::value& v) {
  std::string out;
  Write(out, v, 0, false);
  return out;
}

namespace {

// What Boost.JSON accepts but an evidence file must not hold: a key given
// twice in one object (the parser keeps the last, so the file means one
// thing to dossier and another to whoever reads it), and a number too large
// for a double (1e999 would read as infinity). A first pass over the text
// with this handler finds them, with where they are.
class Vetting {
 public:
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

  std::string problem;
  std::vector<double> doubles;  // every non-integer number, correctly rounded, in order

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) { return true; }
  bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    keys_.pop_back();
    return true;
  }
  bool on_string_part(bj::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(bj::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_key_part(bj::string_view s, std::size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, boost::system::error_code& ec) {
    key_.append(s.data(), s.size());
    const bool fresh = keys_.back().insert(key_).second;
    if (!fresh) {
      problem = "key \"" + key_ + "\" appears twice in one object";
      ec = make_error_code(boost::system::errc::invalid_argument);
    }
    key_.clear();
    return fresh;
  }
  bool on_number_part(bj::string_view s, boost::system::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(int64_t, bj::string_view, boost::system::error_code&) {
    number_.clear();
    return true;
  }
  bool on_uint64(uint64_t, bj::string_view, boost::system::error_code&) {
    number_.clear();
    return true;
  }
  bool on_double(double d, bj::string_view s, boost::system::error_code& ec) {
    number_.append(s.data(), s.size());
    // Boost.JSON 1.81 does not round every long decimal correctly, so a
    // measurement re-saved would drift by a unit in the last place:
    // from_chars does, and its value replaces the parser's.
    double exact = d;
    std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    number_.clear();
    if (!std::isfinite(d) || !std::isfinite(exact)) {
      problem = "a number too large to hold (JSON numbers here must be finite)";
      ec = make_error_code(boost::system::errc::value_too_large);
      return false;
    }
    doubles.push_back(exact);
    return true;
  }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(bj::string_view, boost::system::error_code&) { return true; }
  bool on_comment(bj::string_view, boost::system::error_code&) { return true; }

 private:
  std::vector<std::set<std::string>> keys_;
  std::string key_;
  std::string number_;
};

// Puts the correctly rounded doubles back, in document order (objects keep
// the order of their keys).
void ReplaceDoubles(bj::value& v, const std::vector<double>& doubles, size_t* next) {
  switch (v.kind()) {
    case bj::kind::double_:
      if (*next < doubles.size()) v = doubles[(*next)++];
      return;
    case bj::kind::array:
      for (auto& e : v.get_array()) ReplaceDoubles(e, doubles, next);
      return;
    case bj::kind::object:
      for (auto& kv : v.get_object()) ReplaceDoubles(kv.value(), doubles, next);
      return;
    default:
      return;
  }
}

std::string Where(std::string_view text, size_t consumed, const std::string& source) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < consumed && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return source + ":" + std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace

Result<bj::value> Parse(std::string_view text, const std::string& source) {
  bj::parse_options opts;
  opts.allow_invalid_utf8 = false;
  std::vector<double> doubles;
  {
    bj::basic_parser<Vetting> vet(opts);
    boost::system::error_code ec;
    size_t consumed = vet.write_some(false, text.data(), text.size(), ec);
    if (ec) {
      const std::string& problem = vet.handler().problem;
      return Error::Input(Where(text, consumed, source) + ": " +
                          (problem.empty() ? "malformed JSON: " + ec.message() : problem));
    }
    doubles = std::move(vet.handler().doubles);
  }
  bj::stream_parser p({}, opts);
  boost::system::error_code ec;
  size_t consumed = p.write_some(text.data(), text.size(), ec);
  if (!ec) p.finish(ec);
  if (ec) return Error::Input(Where(text, consumed, source) + ": malformed JSON: " + ec.message());
  bj::value v = p.release();
  if (!doubles.empty()) {
    size_t next = 0;
    ReplaceDoubles(v, doubles, &next);
  }
  return v;
}

size_t LineOfTopLevelKey(std::string_view text, std::string_view key) {
  size_t line = 1;
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == '"') {
      const size_t start = i + 1;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (depth != 1) continue;
      std::string_view s = text.substr(start, i - start);
      size_t j = i + 1;
      while (j < text.size() &&
             (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
        ++j;
      }
      if (j < text.size() && text[j] == ':' && s == key) return line;
    }
  }
  return 0;
}

Reader::Reader(const bj::object& obj, std::string source, std::string_view text)
    : obj_(obj), source_(std::move(source)), text_(text) {}

const bj::value* Reader::Take(const char* key) {
  taken_.emplace_back(key);
  auto it = obj_.find(key);
  return it == obj_.end() ? nullptr : &it->value();
}

void Reader::Fail(const std::string& key, const std::string& message) {
  if (error_) return;
  const size_t line = text_.empty() ? 0 : LineOfTopLevelKey(text_, key);
  error_ = Error::Input(source_ + (line ? ":" + std::to_string(line) : std::string()) + ": key \"" +
                        key + "\": " + message);
}

std::string Reader::String(const char* key, bool required) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) {
    if (required) Fail(key, "missing");
    return {};
  }
  if (!v->is_string()) {
    Fail(key, "expected a string");
    return {};
  }
  return std::string(v->get_string());
}

std::vector<std::string> Reader::Strings(const char* key) {
  std::vector<std::string> out;
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) {
    Fail(key, "expected an array of strings");
    return out;
  }
  for (const auto& e : v->get_array()) {
    if (!e.is_string()) {
      Fail(key, "expected an array of strings");
      return {};
    }
    out.emplace_back(e.get_string());
  }
  return out;
}

std::optional<Date> Reader::OptDate(const char* key) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    Fail(key, "expected a date string YYYY-MM-DD");
    return std::nullopt;
  }
  auto d = Date::Parse(std::string_view(v->get_string().data(), v->get_string().size()), key);
  if (!d) {
    Fail(key, d.error().message());
    return std::nullopt;
  }
  return *d;
}

Date Reader::RequiredDate(const char* key) {
  bool present = obj_.contains(key);
  auto d = OptDate(key);
  if (!present) Fail(key, "missing");
  return d.value_or(Date());
}

int64_t Reader::Int(const char* key, int64_t fallback) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  Fail(key, "expected an integer");
  return fallback;
}

double Reader::Double(const char* key, bool required) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) {
    if (required) Fail(key, "missing");
    return 0;
  }
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  Fail(key, "expected a number");
  return 0;
}

bool Reader::Bool(const char* key, bool fallback) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_bool()) {
    Fail(key, "expected true or false");
    return fallback;
  }
  return v->get_bool();
}

const bj::array* Reader::Array(const char* key) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) {
    Fail(key, "expected an array");
    return nullptr;
  }
  return &v->get_array();
}

const bj::object* Reader::Object(const char* key) {
  const bj::value* v = Take(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    Fail(key, "expected an object");
    return nullptr;
  }
  return &v->get_object();
}

std::map<std::string, std::string> Reader::Unknown() const {
  std::map<std::string, std::string> out;
  for (const auto& kv : obj_) {
    std::string k(kv.key());
    if (std::find(taken_.begin(), taken_.end(), k) == taken_.end()) out[k] = Compact(kv.value());
  }
  return out;
}

void PutString(bj::object& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

namespace {

template <typename List>
void PutEach(bj::object& o, const char* key, const List& v) {
  if (v.empty()) return;
  bj::array a;
  for (const auto& s : v) a.emplace_back(s);
  o[key] = std::move(a);
}

}  // namespace

void PutStrings(bj::object& o, const char* key, const std::vector<std::string>& v) {
  PutEach(o, key, v);
}
void PutStrings(bj::object& o, const char* key, const TagList& v) { PutEach(o, key, v); }

void PutDate(bj::object& o, const char* key, const std::optional<Date>& v) {
  if (v) o[key] = v->ToString();
}

void PutUnknown(bj::object& o, const std::map<std::string, std::string>& unknown) {
  for (const auto& [k, text] : unknown) {
    // Parse, not bj::parse: its numbers are rounded exactly, so a key this
    // version does not know keeps its value to the last digit.
    auto v = Parse(text, k);
    if (v) o[k] = std::move(*v);
  }
}

}  // namespace dossier::json
