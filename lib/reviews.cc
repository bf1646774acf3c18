#include "dossier/reviews.h"

#include "citation.h"
#include "dossier/lifecycle.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "transaction.h"

namespace dossier {
namespace {

std::vector<std::string> NonEmpty(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& s : v) {
    if (!Trim(s).empty()) out.push_back(Trim(s));
  }
  return out;
}

}  // namespace

Result<ManagementReview> RecordReview(const Repository& repo, const Context& ctx,
                                      const RecordReviewOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--inputs", o.inputs));
  DOSSIER_RETURN_IF_ERROR(CheckText("--minutes", o.minutes));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--output", o.outputs));
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--action", o.actions));
  auto inputs = ParseReviewInputs(o.inputs);
  if (!inputs) return inputs.error().WithContext("--inputs");
  if (o.date > ctx.today) {
    return Error::Input("--date " + o.date.ToString() + " is after today (" + ctx.today.ToString() +
                        "): record a review once it has been held");
  }
  if (Trim(o.minutes).empty()) {
    return Error::Input(
        "review record needs --minutes ARTIFACT: the minutes are the record 9.3.3 "
        "asks to retain (file them with dossier add first)");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto minutes = CiteArtifact(snap, repo.root(), o.minutes, "--minutes");
  if (!minutes) return minutes.error();
  ManagementReview r;
  r.date = o.date;
  r.inputs = *inputs;
  r.minutes = minutes->artifact;
  r.minutes_sha256 = minutes->sha256;
  r.outputs = NonEmpty(o.outputs);
  r.actions = NonEmpty(o.actions);
  r.recorded_by = tx->actor();
  r.id = tx->NewId("MR", IdsOf(snap.reviews));
  tx->Write(layout::EntityPath(layout::kReviewsDir, r.id), codec::Encode(r));
  auto commit = tx->Commit("review " + r.id + ": held " + r.date.ToString() + ", inputs " +
                           Join(r.inputs, ",") + ", minutes " + r.minutes);
  if (!commit) return commit.error();
  return r;
}

}  // namespace dossier
