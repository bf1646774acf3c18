// The layering rules of doc/architecture.md ("Layers"), checked on the
// sources' #include lines:
// - include/dossier/ includes only the C++ standard library and itself;
// - libgit2 (git2.h) is included only under lib/git/, OpenSSL only under
//   lib/crypto/, libarchive (archive.h) only under lib/archive/, liburing only
//   under lib/uring/;
// - every public header is either pure core (value types, rules) or an
//   operation, listed below;
// - the pure core (its sources and headers: checklist, entities, config,
//   dates, text, snapshot, verify report, the entities' rules, readiness
//   rules, pack selection) reaches no operation header, directly or through
//   the headers it includes, and no file-system or process header;
// - the CLI includes only the public API;
// - Repository's implementation is reached only inside lib/.
#define BOOST_TEST_MODULE include_rules
#include <boost/filesystem.hpp>
#include <boost/test/unit_test.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"

namespace fs = boost::filesystem;
using dossier::test::ReadFile;

namespace {

const std::string kSource = DOSSIER_SOURCE_DIR;

struct Include {
  std::string target;  // as written, without the quotes or brackets
  bool angled = false;
  int line = 0;
};

std::vector<Include> Includes(const std::string& rel) {
  static const std::regex kInclude(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::vector<Include> out;
  std::istringstream in(ReadFile(kSource + "/" + rel));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, kInclude)) out.push_back({m[2], m[1] == "<", n});
  }
  return out;
}

// Source files under `dirs`, relative to the source root, sorted.
std::vector<std::string> Sources(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    for (fs::recursive_directory_iterator it(kSource + "/" + d), end; it != end; ++it) {
      const auto ext = it->path().extension();
      if (ext == ".h" || ext == ".cc") {
        out.push_back(fs::relative(it->path(), kSource).generic_string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Where a quoted include of `from` resolves, relative to the source root; ""
// for one outside the project (a generated header: version.h).
std::string Resolve(const std::string& from, const std::string& target) {
  for (const std::string& base : {fs::path(from).parent_path().generic_string(),
                                  std::string("include"), std::string("lib")}) {
    const std::string rel = (base.empty() ? "" : base + "/") + target;
    if (fs::exists(kSource + "/" + rel)) return fs::path(rel).lexically_normal().generic_string();
  }
  return "";
}

bool Under(const std::string& path, const std::string& dir) { return path.rfind(dir, 0) == 0; }

}  // namespace

BOOST_AUTO_TEST_SUITE(include_rules)

BOOST_AUTO_TEST_CASE(public_headers_include_only_the_standard_library_and_themselves) {
  static const std::regex kStandard("[a-z_]+");  // <string>, <cstdint>: no '/', no ".h"
  auto headers = Sources({"include/dossier"});
  BOOST_TEST(headers.size() >= 20u);
  for (const auto& h : headers) {
    for (const auto& inc : Includes(h)) {
      bool ok = inc.angled ? std::regex_match(inc.target, kStandard)
                           : Under(inc.target, "dossier/") && !Resolve(h, inc.target).empty();
      BOOST_TEST(ok, h << ":" << inc.line << " includes " << (inc.angled ? "<" : "\"") << inc.target
                       << (inc.angled ? ">" : "\"")
                       << "; a public header may include only the C++ standard library and "
                          "other dossier/ headers");
    }
  }
}

BOOST_AUTO_TEST_CASE(third_party_libraries_only_in_their_adapters) {
  const std::vector<std::pair<std::regex, std::string>> kAdapters = {
      {std::regex("^git2(\\.h|/)"), "lib/git/"},
      {std::regex("^openssl/"), "lib/crypto/"},
      {std::regex("^archive(_entry)?\\.h$"), "lib/archive/"},
      {std::regex("^liburing(\\.h|/)"), "lib/uring/"},
  };
  size_t seen = 0;
  for (const auto& f : Sources({"include", "lib", "cli", "tests", "bench"})) {
    for (const auto& inc : Includes(f)) {
      for (const auto& [pattern, home] : kAdapters) {
        if (!std::regex_search(inc.target, pattern)) continue;
        ++seen;
        BOOST_TEST(Under(f, home), f << ":" << inc.line << " includes <" << inc.target
                                     << ">, which only " << home << " may include");
      }
    }
  }
  BOOST_TEST(seen >= 3u);  // the adapters themselves: the rule sees the includes
}

// Every public header, by layer (doc/architecture.md, "Layers"). The pure
// core: value types and the rules over them, no I/O. The operations: they
// read or write a repository, a file, a remote. A new header is placed in
// one or the other (every_public_header_has_a_layer).
const std::set<std::string> kCoreHeaders = {"include/dossier/applicability.h",
                                            "include/dossier/audit_rules.h",
                                            "include/dossier/checklist.h",
                                            "include/dossier/config.h",
                                            "include/dossier/controlled.h",
                                            "include/dossier/date.h",
                                            "include/dossier/document_rules.h",
                                            "include/dossier/due.h",
                                            "include/dossier/entities.h",
                                            "include/dossier/finding_rules.h",
                                            "include/dossier/json.h",
                                            "include/dossier/lifecycle.h",
                                            "include/dossier/objective_rules.h",
                                            "include/dossier/pack_select.h",
                                            "include/dossier/readiness.h",
                                            "include/dossier/register_rules.h",
                                            "include/dossier/report.h",
                                            "include/dossier/resolve.h",
                                            "include/dossier/result.h",
                                            "include/dossier/review_rules.h",
                                            "include/dossier/snapshot.h",
                                            "include/dossier/text.h",
                                            "include/dossier/verify_report.h"};
const std::set<std::string> kOperationHeaders = {"include/dossier/assessment.h",
                                                 "include/dossier/audits.h",
                                                 "include/dossier/diff.h",
                                                 "include/dossier/documents.h",
                                                 "include/dossier/evidence.h",
                                                 "include/dossier/findings.h",
                                                 "include/dossier/json_documents.h",
                                                 "include/dossier/keys.h",
                                                 "include/dossier/objectives.h",
                                                 "include/dossier/pack.h",
                                                 "include/dossier/readiness_history.h",
                                                 "include/dossier/registers.h",
                                                 "include/dossier/repository.h",
                                                 "include/dossier/reviews.h",
                                                 "include/dossier/sync.h"};

BOOST_AUTO_TEST_CASE(every_public_header_has_a_layer) {
  for (const auto& h : Sources({"include/dossier"})) {
    const bool core = kCoreHeaders.count(h) > 0;
    const bool operation = kOperationHeaders.count(h) > 0;
    BOOST_TEST((core != operation), h << " must be listed once, in kCoreHeaders (a value type or "
                                         "a pure rule) or in kOperationHeaders (it does I/O)");
  }
  for (const auto& listed : {kCoreHeaders, kOperationHeaders}) {
    for (const auto& h : listed)
      BOOST_TEST(fs::exists(kSource + "/" + h), h << " is listed but gone");
  }
}

BOOST_AUTO_TEST_CASE(the_pure_core_reaches_no_operation) {
  // The core's sources, and its public headers themselves.
  std::vector<std::string> core = {
      "lib/applicability.cc",  "lib/audit_rules.cc",   "lib/checklist.cc",
      "lib/config.cc",         "lib/date.cc",          "lib/document_rules.cc",
      "lib/entities.cc",       "lib/finding_rules.cc", "lib/objective_rules.cc",
      "lib/pack_select.cc",    "lib/readiness.cc",     "lib/readiness_dates.cc",
      "lib/register_rules.cc", "lib/review_rules.cc",  "lib/text.cc"};
  core.insert(core.end(), kCoreHeaders.begin(), kCoreHeaders.end());
  // What the core must not reach: the public operation headers, the
  // library's own I/O headers and the adapters.
  std::set<std::string> operations = kOperationHeaders;
  for (const char* h : {"lib/atomic_file.h", "lib/durable.h", "lib/evidence_tree.h", "lib/fault.h",
                        "lib/file_source.h", "lib/index.h", "lib/journal.h", "lib/repo_lock.h",
                        "lib/repository_impl.h", "lib/transaction.h"}) {
    operations.insert(h);
  }
  const std::vector<std::string> kAdapterDirs = {"lib/git/", "lib/crypto/", "lib/archive/",
                                                 "lib/uring/"};
  // System headers that mean files, processes or the clock.
  const std::regex kSystem(
      "^(fstream|filesystem|boost/filesystem.*|unistd\\.h|sys/.*|ctime|time\\.h"
      "|chrono|thread)$");
  std::set<std::string> visited;
  std::vector<std::string> todo = core;
  while (!todo.empty()) {
    std::string f = todo.back();
    todo.pop_back();
    if (!visited.insert(f).second) continue;
    for (const auto& inc : Includes(f)) {
      if (inc.angled) {
        BOOST_TEST(!std::regex_match(inc.target, kSystem),
                   f << ":" << inc.line << " includes <" << inc.target
                     << ">: the pure core does no I/O and reads no clock");
        continue;
      }
      std::string target = Resolve(f, inc.target);
      if (target.empty()) continue;
      bool operation = operations.count(target) > 0;
      for (const auto& d : kAdapterDirs) operation = operation || Under(target, d);
      BOOST_TEST(!operation, f << ":" << inc.line << " (pure core) includes " << target
                               << ", an operation or adapter header: move the value type or "
                                  "rule it needs into a core header of its own");
      if (!operation) todo.push_back(target);
    }
  }
  BOOST_TEST(visited.count("include/dossier/snapshot.h") == 1u);  // the walk follows includes
}

// The CLI reaches the library through the public API only (and its own
// files): nothing of lib/, so whatever it does a library user can do too.
BOOST_AUTO_TEST_CASE(the_cli_uses_only_the_public_api) {
  for (const auto& f : Sources({"cli"})) {
    for (const auto& inc : Includes(f)) {
      if (inc.angled)
        continue;  // the adapters' headers: third_party_libraries_only_in_their_adapters
      const std::string target = Resolve(f, inc.target);
      // Unresolved: generated into the build tree (dossier/version.h).
      const bool ok = target.empty() ? Under(inc.target, "dossier/")
                                     : Under(target, "include/dossier/") || Under(target, "cli/");
      BOOST_TEST(ok, f << ":" << inc.line << " includes \"" << inc.target
                       << "\": the CLI uses the public API (include/dossier/) only");
    }
  }
}

// Repository has no public accessor to its implementation: the library's
// operations reach git and the indexes through RepositoryAccess, declared in
// lib/repository_impl.h, which nothing outside lib/ includes.
BOOST_AUTO_TEST_CASE(the_repository_seam_stays_in_the_library) {
  const std::string header = ReadFile(kSource + "/include/dossier/repository.h");
  BOOST_TEST(!std::regex_search(header, std::regex(R"(Impl\s*[*&]\s*\w+\s*\()")),
             "include/dossier/repository.h hands out its Impl: use RepositoryAccess "
             "(lib/repository_impl.h) inside the library");
  BOOST_TEST(header.find("friend class RepositoryAccess;") != std::string::npos);
  for (const auto& f : Sources({"include", "cli", "tests", "bench"})) {
    for (const auto& inc : Includes(f)) {
      BOOST_TEST(fs::path(inc.target).filename() != "repository_impl.h",
                 f << ":" << inc.line << " includes repository_impl.h, the library's own seam");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
