// The `--json` documents of the commands, built here once: each function
// returns the whole document, canonical (sorted keys, two-space indent, LF,
// trailing newline) with its "schema_version" (kJsonSchemaVersion), so the
// CLI only prints it. Pinned byte for byte by tests/golden_cli_test.cc.
#ifndef DOSSIER_JSON_DOCUMENTS_H_
#define DOSSIER_JSON_DOCUMENTS_H_

#include <ostream>
#include <string>
#include <vector>

#include "dossier/assessment.h"
#include "dossier/date.h"
#include "dossier/documents.h"
#include "dossier/due.h"
#include "dossier/entities.h"
#include "dossier/evidence.h"
#include "dossier/keys.h"
#include "dossier/pack.h"
#include "dossier/registers.h"
#include "dossier/repository.h"
#include "dossier/sync.h"

namespace dossier {

// list: each artifact with its state (ArtifactState) on `as_of`. Written to
// `out` one artifact at a time, so the document need not be held.
void WriteArtifactsJson(std::ostream& out, const std::vector<const Artifact*>& artifacts,
                        Date as_of);
// show: the artifact as filed, and what its approval's signature was found
// to be ("approval_check") when it was judged.
std::string ArtifactJson(const Artifact& artifact);
// add: what was added, revised, unchanged and skipped, and the commit.
std::string AddResultJson(const AddResult& result);
// status and verify.
std::string WorkTreeStatusJson(const WorkTreeStatus& status);
std::string VerifyReportJson(const VerifyReport& report);

// finding list / show: each finding with "overdue" and its "next" steps.
std::string FindingsJson(const std::vector<const Finding*>& findings, Date as_of);
std::string FindingJson(const Finding& finding, Date as_of);
// audit list / show: each internal audit with its self-audit risks and findings.
std::string AuditsJson(const Snapshot& snap);
std::string AuditJson(const Snapshot& snap, const InternalAudit& audit);
// certification list: the body's audits, their findings, which is next.
std::string BodyAuditsJson(const Snapshot& snap, Date as_of);
// review list / show: each review with the 9.3.2 inputs it does not cover.
std::string ReviewsJson(const Snapshot& snap);
std::string ReviewJson(const ManagementReview& review);
// objective list / show: each objective with its measures' status; show adds
// every measurement.
std::string ObjectivesJson(const Snapshot& snap);
std::string ObjectiveJson(const Snapshot& snap, const Objective& objective);
// clauses.
std::string ClauseCoverageJson(const ClauseCoverageReport& coverage);
// log: `iso_times` are the commits' times as "2026-03-02T10:00:00Z".
std::string AuditTrailJson(const std::vector<Repository::HistoryEntry>& trail);
// scope list.
std::string ScopeJson(const Config& config);
// doc history: the document's revisions and their states as of `as_of`.
std::string DocumentHistoryJson(const DocumentHistory& history, Date as_of);
// key list, and the key keygen --person made.
std::string ApproverKeysJson(const std::vector<KeyListing>& keys);
std::string NewKeyJson(const NewKey& key);
// register import/add/update (`dry_run`: nothing was written), register
// list, register show, and due.
std::string RegisterChangeJson(const RegisterChange& change, bool dry_run);
std::string RegistersJson(const Snapshot& snap);
std::string RegisterJson(const RegisterKind& kind, const Register* rows);
std::string DueJson(const DueReport& due);
// sync.
std::string SyncResultJson(const SyncResult& result);
// pack and pack verify (`pack_as_typed`: the pack's name as the user gave it).
std::string PackJson(const PackSummary& summary);
std::string PackVerificationJson(const PackVerification& v, const std::string& pack_as_typed);

}  // namespace dossier

#endif  // DOSSIER_JSON_DOCUMENTS_H_
