// SHA-256 through the OpenSSL adapter: published vectors, agreement with
// sha256sum on real files, and constant memory on a file larger than 4 GiB.
#define BOOST_TEST_MODULE crypto
#include <sys/resource.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "crypto/sha256.h"
#include "test_util.h"

using dossier::crypto::HashFile;
using dossier::crypto::Sha256;
using dossier::crypto::Sha256Hex;
namespace t = dossier::test;

namespace {

long MaxRssKiB() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

std::string Sha256Sum(const std::string& path) {
  auto r = t::Run({"sha256sum", path}, "/");
  BOOST_REQUIRE_EQUAL(r.code, 0);
  return r.out.substr(0, 64);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sha256)

BOOST_AUTO_TEST_CASE(sha1_for_git_object_names) {
  // FIPS 180-2 appendix A, and git's name for the empty blob.
  dossier::crypto::Sha1 abc;
  abc.Update("abc", 3);
  BOOST_TEST(abc.HexDigest() == "a9993e364706816aba3e25717850c26c9cd0d89d");
  dossier::crypto::Sha1 empty_blob;
  empty_blob.Update("blob 0", 7);
  BOOST_TEST(empty_blob.HexDigest() == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

BOOST_AUTO_TEST_CASE(published_vectors) {
  // FIPS 180-2 appendix B.
  BOOST_TEST(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(Sha256Hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256 million;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) million.Update(chunk.data(), chunk.size());
  BOOST_TEST(million.HexDigest() ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(streamed_updates_equal_one_shot) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7 + 3);
  Sha256 h;
  for (size_t pos = 0; pos < data.size(); pos += 333)
    h.Update(data.data() + pos, std::min<size_t>(333, data.size() - pos));
  BOOST_TEST(h.HexDigest() == Sha256Hex(data));
}

BOOST_AUTO_TEST_CASE(agrees_with_sha256sum_on_files) {
  t::TempDir dir;
  const std::vector<size_t> sizes = {
      0, 1, 63, 64, 65, (1u << 20) - 1, 1u << 20, (1u << 20) + 1, 5'000'003};
  for (size_t size : sizes) {
    std::string path = dir / ("f" + std::to_string(size));
    std::string content(size, '\0');
    for (size_t i = 0; i < size; ++i) content[i] = static_cast<char>((i * 2654435761u) >> 13);
    t::WriteFile(path, content);
    auto d = HashFile(path);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(d->size == size);
    BOOST_TEST(d->sha256 == Sha256Sum(path), "size " << size);
  }
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error) {
  auto d = HashFile("/nonexistent/dossier/file");
  BOOST_REQUIRE(!d.ok());
  BOOST_TEST(d.error().message().find("/nonexistent/dossier/file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(file_over_4gib_in_constant_memory) {
  t::TempDir dir;
  const std::string path = dir / "sparse.bin";
  const off_t size = (4LL << 30) + 12345;  // past every 32-bit boundary
  {
    std::ofstream out(path, std::ios::binary);
    out << "head";
  }
  BOOST_REQUIRE_EQUAL(truncate(path.c_str(), size), 0);
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(size - 4);
    f << "tail";
  }
  const long before = MaxRssKiB();
  auto d = HashFile(path);
  const long grown = MaxRssKiB() - before;
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(d->size == static_cast<uint64_t>(size));
  BOOST_TEST(d->sha256 == Sha256Sum(path));
  // A 1 MiB block buffer; anything near the file size would be a bug.
  BOOST_TEST(grown < 32 * 1024, "peak RSS grew by " << grown << " KiB");
}

BOOST_AUTO_TEST_SUITE_END()
