// pack, pack verify, keygen (doc/packs.md).
#include <sstream>

#include "cli.h"
#include "dossier/json_documents.h"
#include "dossier/pack.h"

namespace dossier::cli {
namespace {

int RunPackVerify(Invocation& inv) {
  po::options_description desc("pack verify options");
  desc.add_options()("file", po::value<std::string>(), "the pack (.tar, .tar.gz, .tgz, .zip)")(
      "pubkey", po::value<std::string>(),
      "public key PEM (KEY.pub.pem) to check the signature with");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  const char* usage = "pack verify FILE [--pubkey PUB.pem] [--json]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("file"))
    Usage(std::string("pack verify needs the pack FILE (usage: dossier ") + usage + ")");
  std::string file = vm["file"].as<std::string>();
  if (!file.empty() && file[0] != '/') file = inv.cwd + "/" + file;
  std::string pubkey;
  if (vm.count("pubkey")) {
    pubkey = vm["pubkey"].as<std::string>();
    if (!pubkey.empty() && pubkey[0] != '/') pubkey = inv.cwd + "/" + pubkey;
  }
  PackVerification v = Check(VerifyPack(file, pubkey));
  if (inv.global.json) {
    inv.out << PackVerificationJson(v, vm["file"].as<std::string>());
  } else {
    for (const auto& p : v.problems) inv.out << "PROBLEM  " << p << "\n";
    for (const auto& n : v.notes) inv.out << "note: " << n << "\n";
    if (v.ok()) {
      inv.out << "ok: " << v.top << ": " << v.files << " files match MANIFEST.sha256";
      if (v.signature_checked)
        inv.out << "; signature verified (Ed25519 key sha256 " << v.signer << ")";
      inv.out << "\n";
    } else {
      inv.out << vm["file"].as<std::string>() << " does not verify: " << v.problems.size()
              << " problem" << (v.problems.size() == 1 ? "" : "s") << "\n";
    }
  }
  return v.ok() ? 0 : 1;
}

// A non-negative integer option; anything else is a usage error naming it.
uint64_t ParseCount(const std::string& text, const std::string& option) {
  if (text.empty() || text.size() > 20 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    Usage(option + " must be a non-negative whole number (got '" + text + "')");
  }
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    Usage(option + " is too large (got '" + text + "')");
  }
}

}  // namespace

int RunPack(Invocation& inv) {
  if (!inv.args.empty() && inv.args[0] == "verify") {
    inv.args.erase(inv.args.begin());
    inv.command = "pack verify";
    return RunPackVerify(inv);
  }
  po::options_description desc("pack options");
  desc.add_options()(
      "stage", po::value<std::string>(),
      "1 (documents, programme and reviews) or 2 (+ records in the window, findings)")(
      "for", po::value<std::string>(),
      "certification-decision: the certification body's findings with their closure evidence")(
      "output,o", po::value<std::string>(),
      "the pack file: FILE.tar, FILE.tar.gz (.tgz) or FILE.zip")(
      "clause", po::value<std::vector<std::string>>()->composing(),
      "only evidence serving these clauses (repeatable, comma lists; a parent means its clauses)")(
      "from", po::value<std::string>(),
      "Stage 2: records effective from this date (default: the evidence window before --to)")(
      "to", po::value<std::string>(),
      "Stage 2: records effective up to this date (default: --as-of)")(
      "sample", po::value<std::string>(),
      "Stage 2: N records per retain requirement (needs --seed)")(
      "seed", po::value<std::string>(),
      "the sample's seed: the same seed and repository give the same sample")(
      "sign", po::value<std::string>(),
      "sign MANIFEST.sha256 with this Ed25519 private key (dossier keygen)");
  po::variables_map vm;
  const char* usage =
      "pack --stage 1|2 | --for certification-decision -o FILE.tar|.tar.gz|.zip [--clause C]... "
      "[--from DATE --to DATE] "
      "[--sample N --seed S] [--sign KEY.pem] [--as-of DATE] [--at REV]\n"
      "       dossier pack verify FILE [--pubkey PUB.pem]";
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  if (vm.count("stage") && vm.count("for")) Usage("give --stage or --for, not both");
  if (!vm.count("stage") && !vm.count("for")) {
    Usage("pack needs --stage 1 or --stage 2 (or --for certification-decision)");
  }
  if (!vm.count("output")) Usage("pack needs -o FILE (.tar, .tar.gz, .tgz or .zip)");

  PackOptions opts;
  if (vm.count("for")) {
    const std::string what = vm["for"].as<std::string>();
    if (what != "certification-decision") {
      Usage("--for " + what + ": unknown (valid: certification-decision)");
    }
    opts.selection.stage = kDecisionPack;
  } else {
    const std::string stage = vm["stage"].as<std::string>();
    if (stage != "1" && stage != "2") Usage("--stage must be 1 or 2 (got '" + stage + "')");
    opts.selection.stage = stage == "1" ? 1 : 2;
  }
  opts.output = vm["output"].as<std::string>();
  if (!opts.output.empty() && opts.output[0] != '/') opts.output = inv.cwd + "/" + opts.output;
  opts.format = Check(PackFormatFromPath(opts.output));
  if (vm.count("clause")) {
    for (const auto& c : vm["clause"].as<std::vector<std::string>>()) {
      for (const auto& item : SplitCommas(c)) opts.selection.clauses.push_back(item);
    }
  }
  opts.selection.from = OptionalDate(vm, "from");
  opts.selection.to = OptionalDate(vm, "to");
  if (vm.count("sample")) {
    opts.selection.sample = static_cast<int>(
        std::min<uint64_t>(ParseCount(vm["sample"].as<std::string>(), "--sample"), 1u << 30));
  }
  if (vm.count("seed")) opts.selection.seed = ParseCount(vm["seed"].as<std::string>(), "--seed");
  if (opts.selection.sample && !opts.selection.seed) {
    Usage("--sample needs --seed S so that the same sample can be drawn again");
  }
  opts.selection.as_of = inv.Today();
  if (vm.count("sign")) {
    opts.sign_key = vm["sign"].as<std::string>();
    if (!opts.sign_key.empty() && opts.sign_key[0] != '/')
      opts.sign_key = inv.cwd + "/" + opts.sign_key;
  }

  Repository& repo = inv.Repo();
  const std::string rev = inv.global.at.empty() ? "HEAD" : inv.global.at;
  auto commit = repo.ResolveCommit(rev);
  if (!commit) {
    // A revision that cannot be read (a damaged object) stays operational.
    if (commit.error().kind() != ErrorKind::kInput) Fail(commit.error());
    Fail(Error::Input("nothing to pack: " + rev + " does not name a commit in " + repo.root() +
                      " (" + commit.error().message() + ")"));
  }
  opts.rev = *commit;
  PackSummary s = Check(BuildPack(repo, opts));

  const PackSelection& sel = s.selection;
  if (inv.global.json) {
    inv.out << PackJson(s);
    return 0;
  }
  inv.out << "packed " << s.top << " into " << s.output << "\n";
  inv.out << "  commit    " << s.commit << "\n";
  inv.out << "  files     " << s.files << " (" << sel.documents.size() << " documents, "
          << sel.records.size() << " records";
  if (!sel.referenced.empty()) inv.out << ", " << sel.referenced.size() << " cited artifacts";
  if (sel.stage == kDecisionPack) {
    inv.out << ", " << sel.findings.size() << " findings of the certification body";
  } else if (sel.stage == 2) {
    inv.out << ", " << sel.findings.size() << " findings, " << sel.audits.size() << " audits, "
            << sel.reviews.size() << " reviews";
  }
  inv.out << ")\n";
  if (sel.window_from) {
    inv.out << "  window    " << sel.window_from->ToString() << " .. " << sel.window_to->ToString()
            << "\n";
  }
  if (sel.sample) {
    inv.out << "  sample    " << *sel.sample << " per retain requirement, seed " << *sel.seed
            << ":";
    for (const auto& g : sel.groups)
      inv.out << " " << g.key << " " << g.picked.size() << "/" << g.population;
    inv.out << "\n";
  }
  inv.out << "  manifest  sha256 " << s.manifest_sha256 << "\n";
  if (!s.signer.empty()) inv.out << "  signed    Ed25519 key sha256 " << s.signer << "\n";
  return 0;
}

}  // namespace dossier::cli
