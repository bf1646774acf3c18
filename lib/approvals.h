// Signed approvals (doc/architecture.md, "Approval signatures"): the statement
// an approver's key signs, how a snapshot's approvals are judged against the
// keys registered in the repository, and which private key signs. Private to lib/.
#ifndef DOSSIER_LIB_APPROVALS_H_
#define DOSSIER_LIB_APPROVALS_H_

#include <map>
#include <optional>
#include <string>

#include "dossier/entities.h"
#include "dossier/repository.h"
#include "dossier/result.h"

namespace dossier {

// The bytes an approval signature covers: every field a forger would have to
// change to pass off another content as approved. Lines of "NAME VALUE",
// values JSON-quoted where they are text:
//   dossier approval v1
//   artifact "ART-20260302-7Q2K"
//   path "evidence/documents/policy.md"
//   sha256 "<64 hex>"
//   size 1234
//   revision 1                 (1 + the number of earlier contents)
//   approver "Jane Doe"
//   date 2026-03-02
//   not-applicable {"8.3":"We resell; no design"}   (scope documents only)
std::string ApprovalStatement(const Artifact& a, const Approval& approval);

// Why each key of `snap` cannot be trusted, by key id (absent: trusted): a
// key file that was never committed, was added or changed by a commit
// without the Dossier trailer, differs in the work tree from HEAD, or whose
// fingerprint is not that of its public key. `work_tree`: the snapshot was
// read from the work tree (its commit is HEAD).
Result<std::map<std::string, std::string>> KeyProblems(const Repository& repo, const Snapshot& snap,
                                                       bool work_tree);

// Sets every approval's signature_state and signature_problem.
Status JudgeApprovals(const Repository& repo, Snapshot* snap, bool work_tree);

// The private key an approval by `person` is signed with: `key_path` when
// given (it must be registered for `person` and usable on `today`), else
// the one PEM file in `key_dir` whose key is. Not found: with `required`, an
// input error saying how to create one; otherwise std::nullopt (unsigned).
struct SigningKey {
  std::string private_path;
  ApproverKey key;
};
Result<std::optional<SigningKey>> FindSigningKey(const Repository& repo, const Snapshot& snap,
                                                 const std::string& person,
                                                 const std::string& key_path,
                                                 const std::string& key_dir, Date today,
                                                 bool required);

// The clauses not applicable that an approval of `a` records: dossier.ini's
// when `a` is credited for the scope document (M1, 4.3), since readiness
// asks for a new approval when they change (scope.document); none otherwise.
std::optional<std::map<std::string, std::string>> ScopeExclusions(const Snapshot& snap,
                                                                  const Artifact& a);

// Signs `approval` of `a`, as `a` now stands, with `signing`'s key (the
// signature, the key's fingerprint, a valid state), or marks it unsigned
// when there is no key.
Status SignApproval(const std::optional<SigningKey>& signing, const Artifact& a,
                    Approval* approval);

std::string HexEncode(std::string_view bytes);

}  // namespace dossier

#endif  // DOSSIER_LIB_APPROVALS_H_
