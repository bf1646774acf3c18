// Approvers' signing keys (doc/architecture.md, "Approval signatures"): a
// key per person, its public half registered in the repository by a commit,
// its private half kept by its owner outside the repository.
#ifndef DOSSIER_KEYS_H_
#define DOSSIER_KEYS_H_

#include <string>
#include <vector>

#include "dossier/entities.h"
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

struct NewKeyOptions {
  std::string person;  // who the key signs for; empty: the acting author's name
  // Where the private key goes (0600, never overwritten). Empty: `key_dir`
  // (created 0700) as ID.pem, where `dossier approve` looks for it.
  std::string private_path;
  std::string key_dir;
};
struct NewKey {
  ApproverKey key;
  std::string private_path;
  CommitInfo commit;
};
// Creates an Ed25519 key pair and registers its public key for the person
// in the repository (dossier/keys/ID.json), one commit. On failure the key
// files made are removed.
Result<NewKey> CreateApproverKey(Repository& repo, const Context& ctx,
                                 const NewKeyOptions& options);

// Revokes a registered key (by id or fingerprint prefix) from `ctx.today`:
// approvals it signed dated before stay valid, later ones do not count.
Result<ApproverKey> RevokeApproverKey(Repository& repo, const Context& ctx, const std::string& id,
                                      const std::string& why);

// The registered keys with, for each, why it cannot be trusted ("" when it
// can): a key file added or changed with plain git, or never committed.
struct KeyListing {
  ApproverKey key;
  std::string problem;
};
Result<std::vector<KeyListing>> ListApproverKeys(const Repository& repo, const std::string& rev);

}  // namespace dossier

#endif  // DOSSIER_KEYS_H_
