// What the dossier command prints passes through here: text from the
// repository (titles, notes, names committed with plain git, paths) must
// not drive the terminal it is printed on.
#ifndef DOSSIER_CLI_TERMINAL_H_
#define DOSSIER_CLI_TERMINAL_H_

#include <streambuf>
#include <string>

namespace dossier::cli {

// A stream buffer in front of another that escapes, as EscapeControls
// (dossier/text.h) does with keep_layout, everything written through it:
// control characters become "\u001b"-style escapes (inside a JSON string
// they mean the character itself, so --json output keeps its meaning),
// bytes that are not UTF-8 become U+FFFD. Line feeds and tabs pass. A
// multi-byte character split across writes is held until it is complete.
class EscapingStreamBuf : public std::streambuf {
 public:
  explicit EscapingStreamBuf(std::streambuf* target) : target_(target) {}
  ~EscapingStreamBuf() override;
  EscapingStreamBuf(const EscapingStreamBuf&) = delete;
  EscapingStreamBuf& operator=(const EscapingStreamBuf&) = delete;

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Escapes and passes on what is held, all of it when `final`, else up to
  // an incomplete trailing character. False when the target failed.
  bool Drain(bool final);

  std::streambuf* target_;
  std::string held_;
  bool failed_ = false;
};

// Installs EscapingStreamBuf on std::cout and std::cerr for its lifetime.
class EscapedStandardStreams {
 public:
  EscapedStandardStreams();
  ~EscapedStandardStreams();
  EscapedStandardStreams(const EscapedStandardStreams&) = delete;
  EscapedStandardStreams& operator=(const EscapedStandardStreams&) = delete;

 private:
  std::streambuf* out_original_;
  std::streambuf* err_original_;
  EscapingStreamBuf out_;
  EscapingStreamBuf err_;
};

// Writes progress straight to the terminal on standard error (carriage
// returns and erase-line sequences are the point there); `what` is escaped.
void WriteProgress(uint64_t done, uint64_t total, const std::string& what);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_TERMINAL_H_
