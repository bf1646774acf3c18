// The derived index's byte encoding, shared by the index file (lib/index.cc)
// and the artifact records in it (lib/index_record.cc): integers
// little-endian as the machine writes them (an index never leaves the
// machine: it lives in .git/ and each clone builds its own), strings as a
// u32 length and the bytes. Every read is bounds-checked: a truncated or
// corrupt index fails to read, it never reads past its end. Private to lib/.
#ifndef DOSSIER_LIB_INDEX_BYTES_H_
#define DOSSIER_LIB_INDEX_BYTES_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dossier::index_bytes {

template <typename T>
void PutInt(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

inline void PutStr(std::string* out, std::string_view s) {
  PutInt(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  bool Int(T* v) {
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  // The next `n` bytes.
  bool Bytes(size_t n, std::string_view* out) {
    if (data_.size() - pos_ < n) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  // A string written by PutStr.
  bool Str(std::string_view* out) {
    uint32_t n = 0;
    return Int(&n) && Bytes(n, out);
  }
  bool Str(std::string* out) {
    std::string_view v;
    if (!Str(&v)) return false;
    out->assign(v);
    return true;
  }
  size_t remaining() const { return data_.size() - pos_; }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace dossier::index_bytes

#endif  // DOSSIER_LIB_INDEX_BYTES_H_
