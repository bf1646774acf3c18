// Approvers' keys: created with their public half registered in the
// repository, revoked, listed (doc/architecture.md, "Approval signatures").
#include "dossier/keys.h"

#include <sys/stat.h>

#include <boost/filesystem.hpp>
#include <random>

#include "approvals.h"
#include "crypto/ed25519.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "repository_impl.h"
#include "transaction.h"

namespace dossier {
namespace {

namespace fs = boost::filesystem;

std::string PublicPath(const std::string& private_path) {
  const std::string ext = ".pem";
  if (private_path.size() > ext.size() &&
      private_path.compare(private_path.size() - ext.size(), ext.size(), ext) == 0) {
    return private_path.substr(0, private_path.size() - ext.size()) + ".pub.pem";
  }
  return private_path + ".pub.pem";
}

// Removes the key files made by a command that then failed.
void RemoveKeyFiles(const std::string& private_path) {
  boost::system::error_code ec;
  fs::remove(private_path, ec);
  fs::remove(PublicPath(private_path), ec);
}

}  // namespace

Result<NewKey> CreateApproverKey(Repository& repo, const Context& ctx,
                                 const NewKeyOptions& options) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--person", options.person));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const std::string person = Trim(options.person).empty() ? tx->actor() : Trim(options.person);
  if (person.empty()) {
    return Error::Input(
        "keygen --person needs the approver's name, as approvals record it "
        "(e.g. --person \"Jane Doe\")");
  }
  std::string private_path = options.private_path;
  const bool in_key_dir = private_path.empty();
  boost::system::error_code ec;
  if (in_key_dir) {
    if (options.key_dir.empty()) {
      return Error::Input("no folder for the private key: give -o KEY.pem (HOME is not set)");
    }
    fs::create_directories(options.key_dir, ec);
    if (ec) return Error::Operational("cannot create " + options.key_dir + ": " + ec.message());
    ::chmod(options.key_dir.c_str(), 0700);
    std::random_device rd;
    private_path = options.key_dir + "/new-" + std::to_string(rd()) + ".pem";
  } else {
    const fs::path parent = fs::absolute(private_path).parent_path();
    if (!fs::is_directory(parent, ec)) {
      return Error::Input("cannot create " + private_path + ": no such folder " + parent.string());
    }
  }
  DOSSIER_RETURN_IF_ERROR(crypto::GenerateEd25519Key(private_path, PublicPath(private_path)));
  auto fail = [&](const Error& e) -> Result<NewKey> {
    RemoveKeyFiles(private_path);
    return e;
  };
  auto pem = crypto::PublicKeyPemFromPrivate(private_path);
  if (!pem) return fail(pem.error());
  auto fingerprint = crypto::PublicKeyFingerprint(*pem, private_path);
  if (!fingerprint) return fail(fingerprint.error());
  ApproverKey key;
  key.id = fingerprint->substr(0, 16);
  key.person = person;
  key.fingerprint = *fingerprint;
  key.public_key = *pem;
  key.registered = ctx.today;
  if (in_key_dir) {
    const std::string final_path = options.key_dir + "/" + key.id + ".pem";
    if (fs::exists(final_path, ec)) return fail(Error::Operational(final_path + " exists already"));
    fs::rename(private_path, final_path, ec);
    if (!ec) fs::rename(PublicPath(private_path), PublicPath(final_path), ec);
    if (ec) return fail(Error::Operational("cannot rename " + private_path + ": " + ec.message()));
    private_path = final_path;
  }
  tx->Write(layout::EntityPath(layout::kKeysDir, key.id), codec::Encode(key));
  auto commit = tx->Commit("key: register " + key.id + " for " + person);
  if (!commit) return fail(commit.error());
  return NewKey{key, private_path, *commit};
}

Result<ApproverKey> RevokeApproverKey(Repository& repo, const Context& ctx, const std::string& id,
                                      const std::string& why) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"KEY", id}, {"--why", why}}));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const std::string wanted = Lower(Trim(id));
  std::vector<const ApproverKey*> matches;
  std::vector<std::string> known;
  for (const auto& k : tx->snapshot().keys) {
    known.push_back(k.id + " (" + k.person + ")");
    if (!wanted.empty() && k.fingerprint.compare(0, wanted.size(), wanted) == 0)
      matches.push_back(&k);
  }
  if (matches.size() != 1) {
    return Error::Input(
        (matches.empty() ? "no registered key " : "several keys start with ") + Trim(id) +
        (known.empty() ? "; no key is registered" : "; registered: " + Join(known, ", ")));
  }
  ApproverKey key = *matches.front();
  if (key.revoked) {
    return Error::Input("key " + key.id + " of " + key.person + " was revoked already on " +
                        key.revoked->ToString());
  }
  if (Trim(why).empty()) {
    return Error::Input("revoking key " + key.id +
                        " needs --why TEXT (lost, left the company, "
                        "replaced...): it is kept with the key");
  }
  key.revoked = ctx.today;
  key.revoked_why = Trim(why);
  tx->Write(layout::EntityPath(layout::kKeysDir, key.id), codec::Encode(key));
  auto commit =
      tx->Commit("key: revoke " + key.id + " of " + key.person + "\n\n" + key.revoked_why);
  if (!commit) return commit.error();
  return key;
}

Result<std::vector<KeyListing>> ListApproverKeys(const Repository& repo, const std::string& rev) {
  auto snap = repo.Load(rev);
  if (!snap) return snap.error();
  auto problems = KeyProblems(repo, *snap, rev.empty());
  if (!problems) return problems.error();
  std::vector<KeyListing> out;
  for (const auto& k : snap->keys) {
    auto it = problems->find(k.id);
    out.push_back(KeyListing{k, it == problems->end() ? "" : it->second});
  }
  return out;
}

}  // namespace dossier
