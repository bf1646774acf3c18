// Document control (ISO 9001 7.5.2, 7.5.3; doc/documents.md): revisions of a
// document from draft to approved and superseded, withdrawal, retention and
// disposition decisions. Each changing call is one commit or nothing.
#ifndef DOSSIER_DOCUMENTS_H_
#define DOSSIER_DOCUMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "dossier/controlled.h"
#include "dossier/document_rules.h"
#include "dossier/repository.h"

namespace dossier {

struct DraftOptions {
  std::string document;  // ID|PATH
  std::string cwd;
  std::string from;      // the new content; empty: the file as edited in place
  std::string revision;  // label; empty: the next counter
  std::string note;      // change note (required)
};
Result<DocumentControl> DraftRevision(Repository& repo, const Context& ctx, const DraftOptions& o);
Result<DocumentControl> SubmitRevision(Repository& repo, const Context& ctx,
                                       const std::string& document, const std::string& cwd,
                                       const std::string& reviewer);
// Approves the revision in review; it becomes effective on `effective`
// (default today, never earlier), superseding the one in force then.
Result<DocumentControl> ApproveRevision(Repository& repo, const Context& ctx,
                                        const std::string& document, const std::string& cwd,
                                        const std::string& by, std::optional<Date> effective,
                                        const std::string& key_path = "",
                                        const std::string& key_dir = "");
// Withdraws the document (obsolete), or with `draft_only` the revision in progress.
Result<DocumentControl> WithdrawDocument(Repository& repo, const Context& ctx,
                                         const std::string& document, const std::string& cwd,
                                         const std::string& reason, bool draft_only);

struct DocumentHistory {
  Artifact artifact;
  DocumentControl control;          // empty revisions: not under document control yet
  std::vector<std::string> states;  // per revision, as of the date asked
};
Result<DocumentHistory> GetDocumentHistory(const Snapshot& snap, const std::string& root,
                                           const std::string& cwd, const std::string& document,
                                           Date as_of);
// A unified diff of two revisions of a text document (`to` empty: the newest).
Result<std::string> DiffRevisions(const Repository& repo, const Snapshot& snap,
                                  const std::string& cwd, const std::string& document,
                                  const std::string& from, const std::string& to);

Result<DocumentControl> SetRetention(Repository& repo, const Context& ctx,
                                     const std::string& id_or_path, const std::string& cwd,
                                     const Period& period);
// "keep" (until `keep_until`) or "dispose", with the reason.
Result<DocumentControl> DecideDisposition(Repository& repo, const Context& ctx,
                                          const std::string& id_or_path, const std::string& cwd,
                                          const std::string& decision, const std::string& why,
                                          std::optional<Date> keep_until);

}  // namespace dossier

#endif  // DOSSIER_DOCUMENTS_H_
