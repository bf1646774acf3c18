// Hashes one file with the library's streaming SHA-256 (what add/verify use)
// and prints the digest like sha256sum, for bench/bench.sh.
#include <iostream>

#include "crypto/sha256.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench_hash FILE\n";
    return 2;
  }
  auto d = dossier::crypto::HashFile(argv[1]);
  if (!d.ok()) {
    std::cerr << "error: " << d.error().message() << "\n";
    return 3;
  }
  std::cout << d->sha256 << "  " << argv[1] << "\n";
  return 0;
}
