#include "dossier/reviews.h"

#include "citation.h"
#include "dossier/resolve.h"
#include "dossier/review_rules.h"
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

Result<ManagementReview> RecordReview(Repository& repo, const Context& ctx,
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

Result<ManagementReview> AddReviewAction(Repository& repo, const Context& ctx,
                                         const std::string& id, const std::string& text,
                                         const std::string& owner, std::optional<Date> due) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"--action", text}, {"--owner", owner}}));
  if (Trim(text).empty())
    return Error::Input("review action needs --action TEXT: what was decided");
  if (Trim(owner).empty()) return Error::Input("review action needs --owner NAME: who does it");
  if (!due) return Error::Input("review action needs --due DATE: by when");
  if (*due < ctx.today) {
    return Error::Input("--due " + due->ToString() + " is before " + ctx.today.ToString() +
                        ": an action cannot be due in the past");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto found = ResolveId(tx->snapshot().reviews, id, "management review");
  if (!found) return found.error();
  ManagementReview r = **found;
  if (*due < r.date) {
    return Error::Input("--due " + due->ToString() + " is before the review was held (" +
                        r.date.ToString() + ")");
  }
  ReviewAction a;
  a.text = Trim(text);
  a.owner = Trim(owner);
  a.due = due;
  r.tracked.push_back(a);
  tx->Write(layout::EntityPath(layout::kReviewsDir, r.id), codec::Encode(r));
  auto commit = tx->Commit("review " + r.id + ": action " + std::to_string(r.tracked.size()) +
                           " (" + a.owner + ", due " + due->ToString() + ") " + OneLine(a.text));
  if (!commit) return commit.error();
  return r;
}

Result<ManagementReview> CompleteReviewAction(Repository& repo, const Context& ctx,
                                              const std::string& id, int number,
                                              const std::vector<std::string>& evidence) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts("--evidence", evidence));
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  const Snapshot& snap = tx->snapshot();
  auto found = ResolveId(snap.reviews, id, "management review");
  if (!found) return found.error();
  ManagementReview r = **found;
  if (number < 1 || static_cast<size_t>(number) > r.tracked.size()) {
    return Error::Input("--item " + std::to_string(number) + ": review " + r.id + " tracks " +
                        std::to_string(r.tracked.size()) + " action(s)" +
                        (r.tracked.empty() ? std::string(" (add one with dossier review action)")
                                           : " (1.." + std::to_string(r.tracked.size()) + ")"));
  }
  ReviewAction& a = r.tracked[static_cast<size_t>(number - 1)];
  if (a.state == "done") {
    return Error::Input("action " + std::to_string(number) + " of " + r.id + " is already done (" +
                        (a.done ? a.done->ToString() : std::string("?")) + ")");
  }
  if (evidence.empty()) {
    return Error::Input(
        "review action-done needs --evidence ARTIFACT...: the record that shows "
        "it was done");
  }
  auto cited = CiteArtifacts(snap, repo.root(), evidence, "--evidence");
  if (!cited) return cited.error();
  a.state = "done";
  a.done = ctx.today;
  a.evidence = *cited;
  tx->Write(layout::EntityPath(layout::kReviewsDir, r.id), codec::Encode(r));
  auto commit = tx->Commit("review " + r.id + ": action " + std::to_string(number) + " done");
  if (!commit) return commit.error();
  return r;
}

}  // namespace dossier
