#include "terminal.h"

#include <unistd.h>

#include <cstdint>
#include <iostream>

#include "dossier/text.h"

namespace dossier::cli {
namespace {

constexpr size_t kHoldLimit = 4096;

// Where a UTF-8 character that the end of `s` cuts short begins, or
// s.size() when the last character is complete (or not UTF-8 at all).
size_t IncompleteTail(const std::string& s) {
  for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    const auto b = static_cast<unsigned char>(s[s.size() - back]);
    if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
    return need > back ? s.size() - back : s.size();
  }
  return s.size();
}

// True when escaping would change nothing: printable ASCII, line feeds and
// tabs only (almost every report is), so the bytes can pass as they are.
bool Plain(const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace

EscapingStreamBuf::~EscapingStreamBuf() { Drain(true); }

bool EscapingStreamBuf::Drain(bool final) {
  const size_t cut = final ? held_.size() : IncompleteTail(held_);
  if (cut == 0) return !failed_;
  if (Plain(held_.data(), cut)) {
    if (target_->sputn(held_.data(), static_cast<std::streamsize>(cut)) !=
        static_cast<std::streamsize>(cut)) {
      failed_ = true;
    }
    held_.erase(0, cut);
    return !failed_;
  }
  const std::string text = EscapeControls(std::string_view(held_).substr(0, cut), true);
  held_.erase(0, cut);
  if (target_->sputn(text.data(), static_cast<std::streamsize>(text.size())) !=
      static_cast<std::streamsize>(text.size())) {
    failed_ = true;
  }
  return !failed_;
}

EscapingStreamBuf::int_type EscapingStreamBuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return sync() == 0 ? 0 : traits_type::eof();
  held_ += traits_type::to_char_type(ch);
  if (held_.size() >= kHoldLimit && !Drain(false)) return traits_type::eof();
  return ch;
}

std::streamsize EscapingStreamBuf::xsputn(const char* s, std::streamsize n) {
  // A large plain write with nothing held passes straight through, uncopied.
  if (held_.empty() && static_cast<size_t>(n) >= kHoldLimit && Plain(s, static_cast<size_t>(n))) {
    if (failed_ || target_->sputn(s, n) != n) {
      failed_ = true;
      return 0;
    }
    return n;
  }
  held_.append(s, static_cast<size_t>(n));
  if (held_.size() >= kHoldLimit && !Drain(false)) return 0;
  return n;
}

int EscapingStreamBuf::sync() {
  if (!Drain(false)) return -1;
  return target_->pubsync() == 0 && !failed_ ? 0 : -1;
}

EscapedStandardStreams::EscapedStandardStreams()
    : out_original_(std::cout.rdbuf()),
      err_original_(std::cerr.rdbuf()),
      out_(out_original_),
      err_(err_original_) {
  std::cout.rdbuf(&out_);
  std::cerr.rdbuf(&err_);
}

EscapedStandardStreams::~EscapedStandardStreams() {
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(out_original_);
  std::cerr.rdbuf(err_original_);
}

void WriteProgress(uint64_t done, uint64_t total, const std::string& what) {
  std::string line = "\r" + std::to_string(done) + "/" + std::to_string(total) + " " +
                     EscapeControls(what.substr(0, 60)) + "\x1b[K";
  if (done == total) line += "\r\x1b[K";
  std::cerr.flush();
  // Best effort: a terminal that cannot take progress loses nothing else.
  const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
  (void)written;
}

}  // namespace dossier::cli
