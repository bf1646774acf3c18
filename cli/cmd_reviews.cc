// review record | list | show
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/json.h"
#include "dossier/json_documents.h"
#include "dossier/lifecycle.h"
#include "dossier/resolve.h"
#include "dossier/reviews.h"

namespace dossier::cli {
namespace {

int ReviewRecord(Invocation& inv) {
  po::options_description desc("review record options");
  desc.add_options()("date", po::value<std::string>(), "when it was held (required)")(
      "inputs", po::value<std::vector<std::string>>()->composing(),
      "9.3.2 inputs covered: a,b,c1..c7,d,e,f (c = c1..c7) (required)")(
      "minutes", po::value<std::string>(), "the minutes artifact (required; id or path)")(
      "output", po::value<std::vector<std::string>>()->composing(),
      "a 9.3.3 output or decision (repeatable)")("action",
                                                 po::value<std::vector<std::string>>()->composing(),
                                                 "an action decided (repeatable)");
  po::variables_map vm;
  const std::string usage =
      "review record --date DATE --inputs a,b,c1,...,c7,d,e,f --minutes ARTIFACT "
      "[--output T]... [--action T]...";
  if (!inv.Parse(desc, {}, vm, usage)) return 0;
  auto date = OptionalDate(vm, "date");
  if (!date) Usage("review record needs --date YYYY-MM-DD (usage: dossier " + usage + ")");
  RecordReviewOptions o;
  o.date = *date;
  for (const auto& v : Repeated(vm, "inputs")) {
    for (auto& i : SplitCommas(v)) o.inputs.push_back(std::move(i));
  }
  if (vm.count("minutes")) o.minutes = vm["minutes"].as<std::string>();
  o.outputs = Repeated(vm, "output");
  o.actions = Repeated(vm, "action");
  ManagementReview r = Check(RecordReview(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) {
    inv.out << ToJson(r);
    return 0;
  }
  inv.out << "recorded " << r.id << "  held " << r.date.ToString() << "  inputs "
          << Join(r.inputs, ",") << "  minutes " << r.minutes << "\n";
  auto missing = MissingReviewInputs(r);
  if (!missing.empty()) {
    inv.err << "note: 9.3.2 inputs not covered by this review: " << Join(missing, ",") << "\n";
  }
  return 0;
}

int ReviewList(Invocation& inv) {
  po::options_description desc("review list options");
  po::variables_map vm;
  if (!inv.Parse(desc, {}, vm, "review list [--json]")) return 0;
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  if (inv.global.json) {
    inv.out << ReviewsJson(snap);
    return 0;
  }
  for (const auto& r : snap.reviews) {
    inv.out << r.id << "  " << r.date.ToString() << "  inputs " << std::left << std::setw(26)
            << Join(r.inputs, ",") << " minutes " << r.minutes << "  " << r.outputs.size()
            << " outputs, " << r.actions.size() << " actions\n";
  }
  if (snap.reviews.empty()) inv.err << "no management reviews recorded yet\n";
  return 0;
}

int ReviewShow(Invocation& inv) {
  po::options_description desc("review show options");
  desc.add_options()("id", po::value<std::string>(), "review id (any unique prefix)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  if (!inv.Parse(desc, pos, vm, "review show ID [--json]")) return 0;
  if (!vm.count("id")) Usage("review show needs a review ID");
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  const ManagementReview& r =
      *Check(ResolveId(snap.reviews, vm["id"].as<std::string>(), "management review"));
  if (inv.global.json) {
    inv.out << ReviewJson(r);
    return 0;
  }
  inv.out << "id          " << r.id << "\n"
          << "held        " << r.date.ToString() << "\n"
          << "inputs      " << Join(r.inputs, ",") << "\n";
  auto missing = MissingReviewInputs(r);
  if (!missing.empty()) inv.out << "not covered " << Join(missing, ",") << "\n";
  inv.out << "minutes     " << r.minutes << " (sha256 " << r.minutes_sha256.substr(0, 12) << ")\n";
  if (!r.recorded_by.empty()) inv.out << "recorded by " << r.recorded_by << "\n";
  for (const auto& o : r.outputs) inv.out << "output      " << o << "\n";
  for (const auto& a : r.actions) inv.out << "action      " << a << "\n";
  const Date today = inv.Today();
  for (size_t i = 0; i < r.tracked.size(); ++i) {
    const ReviewAction& a = r.tracked[i];
    const bool overdue = a.state == "open" && a.due && *a.due < today;
    inv.out << "tracked     " << (i + 1) << ". " << a.text << "; owner " << a.owner
            << (a.due ? "; due " + a.due->ToString() : std::string()) << "; " << a.state
            << (a.done ? " " + a.done->ToString() : std::string()) << (overdue ? "  OVERDUE" : "")
            << "\n";
  }
  return 0;
}

int ReviewAction(Invocation& inv) {
  po::options_description desc("review action options");
  desc.add_options()("id", po::value<std::string>(), "review id (any unique prefix)")(
      "action", po::value<std::string>(), "what was decided (required)")(
      "owner", po::value<std::string>(), "who does it (required)")("due", po::value<std::string>(),
                                                                   "by when (required)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  const char* usage = "review action ID --action T --owner NAME --due DATE";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("id")) Usage(std::string("needs a review ID (usage: dossier ") + usage + ")");
  ManagementReview r =
      Check(AddReviewAction(inv.Repo(), inv.MakeContext(), Opt(vm, "id"), Opt(vm, "action"),
                            Opt(vm, "owner"), OptionalDate(vm, "due")));
  if (inv.global.json) {
    inv.out << ToJson(r);
    return 0;
  }
  inv.out << r.id << ": action " << r.tracked.size() << " tracked, due "
          << r.tracked.back().due->ToString() << "\n";
  return 0;
}

int ReviewActionDone(Invocation& inv) {
  po::options_description desc("review action-done options");
  desc.add_options()("id", po::value<std::string>(), "review id (any unique prefix)")(
      "item", po::value<int>(), "the action's number (review show lists them; required)")(
      "evidence", po::value<std::vector<std::string>>()->multitoken()->composing(),
      "artifacts showing it was done (required)");
  po::positional_options_description pos;
  pos.add("id", 1);
  po::variables_map vm;
  const char* usage = "review action-done ID --item N --evidence ARTIFACT...";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("id")) Usage(std::string("needs a review ID (usage: dossier ") + usage + ")");
  if (!vm.count("item")) Usage(std::string("needs --item N (usage: dossier ") + usage + ")");
  const int item = vm["item"].as<int>();
  ManagementReview r = Check(CompleteReviewAction(inv.Repo(), inv.MakeContext(), Opt(vm, "id"),
                                                  item, Many(vm, "evidence")));
  if (inv.global.json) {
    inv.out << ToJson(r);
    return 0;
  }
  inv.out << r.id << ": action " << item << " done\n";
  return 0;
}

}  // namespace

int RunReview(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"record", "record a management review that was held", ReviewRecord},
      {"list", "management reviews", ReviewList},
      {"show", "one management review", ReviewShow},
      {"action", "track an action decided at a review: owner, due date", ReviewAction},
      {"action-done", "a tracked review action is done, with evidence", ReviewActionDone},
  };
  return RunSubcommand(inv, kTable, "review");
}

}  // namespace dossier::cli
