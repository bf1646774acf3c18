// keygen (an approver's key, or a pack-signing key), key list, key revoke
// (doc/architecture.md "Approval signatures", doc/packs.md).
#include <iomanip>

#include "cli.h"
#include "dossier/json_documents.h"
#include "dossier/keys.h"
#include "dossier/pack.h"

namespace dossier::cli {
namespace {

std::string Absolute(const Invocation& inv, const std::string& path) {
  return !path.empty() && path[0] != '/' ? inv.cwd + "/" + path : path;
}

int RunKeyList(Invocation& inv) {
  po::options_description desc("key list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "key list [--at REV] [--json]")) return 0;
  auto keys = Check(ListApproverKeys(inv.Repo(), inv.global.at));
  if (inv.global.json) {
    inv.out << ApproverKeysJson(keys);
    return 0;
  }
  if (keys.empty()) {
    inv.out << "no approver keys registered (create one with: dossier keygen --person NAME)\n";
    return 0;
  }
  for (const auto& k : keys) {
    inv.out << k.key.id << "  " << k.key.person << "  registered " << k.key.registered.ToString();
    if (k.key.revoked) {
      inv.out << "  revoked " << k.key.revoked->ToString()
              << (k.key.revoked_why.empty() ? "" : " (" + k.key.revoked_why + ")");
    }
    if (!k.problem.empty()) inv.out << "\n    NOT TRUSTED: " << k.problem;
    inv.out << "\n";
  }
  return 0;
}

int RunKeyRevoke(Invocation& inv) {
  po::options_description desc("key revoke options");
  desc.add_options()("id", po::value<std::string>(), "the key's id (dossier key list) or a prefix")(
      "why", po::value<std::string>(), "why (lost, left the organisation, replaced...)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "key revoke ID --why TEXT")) return 0;
  if (!vm.count("id")) Usage("key revoke needs the key's ID (see: dossier key list)");
  ApproverKey k = Check(
      RevokeApproverKey(inv.Repo(), inv.MakeContext(), vm["id"].as<std::string>(), Opt(vm, "why")));
  inv.out << "revoked key " << k.id << " of " << k.person << " from " << k.revoked->ToString()
          << "; approvals it signed before stay valid\n";
  return 0;
}

}  // namespace

int RunKeygen(Invocation& inv) {
  po::options_description desc("keygen options");
  desc.add_options()("output,o", po::value<std::string>(),
                     "the private key file KEY.pem (the public key goes to KEY.pub.pem)")(
      "person", po::value<std::string>(),
      "an approver's key: registered in the repository for this person (the name approvals "
      "record), the private key kept in ~/.config/dossier/keys unless -o");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "keygen --person NAME [-o KEY.pem] | keygen -o KEY.pem")) return 0;
  if (vm.count("person")) {
    NewKeyOptions options;
    options.person = vm["person"].as<std::string>();
    options.private_path = Absolute(inv, Opt(vm, "output"));
    options.key_dir = KeyDir();
    NewKey k = Check(CreateApproverKey(inv.Repo(), inv.MakeContext(), options));
    if (inv.global.json) {
      inv.out << NewKeyJson(k);
      return 0;
    }
    inv.out << "key " << k.key.id << " registered for " << k.key.person << " (dossier/keys/"
            << k.key.id << ".json, committed " << k.commit.commit.substr(0, 12) << ")\n"
            << "private key " << k.private_path
            << " (keep it secret, mode 0600; dossier approve signs with it)\n";
    return 0;
  }
  if (!vm.count("output")) {
    Usage("keygen needs -o KEY.pem (a pack-signing key) or --person NAME (an approver's key)");
  }
  std::string path = Absolute(inv, vm["output"].as<std::string>());
  Check(GenerateKey(path));
  inv.out << "private key " << vm["output"].as<std::string>() << " (keep it secret; mode 0600)\n"
          << "public key  " << PublicKeyPath(vm["output"].as<std::string>())
          << " (give it to the certification body)\n";
  return 0;
}

int RunKey(Invocation& inv) {
  static const std::vector<Command> table = {
      {"list", "the approvers' keys registered in the repository", RunKeyList},
      {"revoke", "revoke a key: its earlier signatures stay valid", RunKeyRevoke},
  };
  return RunSubcommand(inv, table, "key");
}

}  // namespace dossier::cli
