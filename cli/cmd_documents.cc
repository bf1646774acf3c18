// doc draft | submit | approve | withdraw | history | diff; retention set | decide
// (doc/documents.md)
#include <iomanip>
#include <iostream>

#include "cli.h"
#include "dossier/documents.h"
#include "dossier/evidence.h"
#include "dossier/json_documents.h"

namespace dossier::cli {
namespace {

int PrintHistory(Invocation& inv, const std::string& document) {
  const Date today = inv.Today();
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  DocumentHistory h = Check(GetDocumentHistory(snap, inv.Repo().root(), inv.cwd, document, today));
  const DocumentControl& c = h.control;
  if (inv.global.json) {
    inv.out << DocumentHistoryJson(h, today);
    return 0;
  }
  inv.out << h.artifact.id << "  " << h.artifact.path << "  \"" << h.artifact.title << "\"\n";
  if (c.obsolete) {
    inv.out << "OBSOLETE since " << c.obsolete->ToString() << " (" << c.obsolete_reason
            << "), withdrawn by " << c.obsolete_by << "\n";
  }
  if (c.revisions.empty()) {
    inv.out << "not under document control yet: "
            << (h.artifact.approved() ? "approved" : "not approved")
            << " as filed; dossier doc draft " << h.artifact.id
            << " --note TEXT starts a revision\n";
    return 0;
  }
  for (size_t i = 0; i < c.revisions.size(); ++i) {
    const DocRevision& r = c.revisions[i];
    std::string state = h.states[i];
    if (state == "approved" && r.effective && *r.effective > today) {
      state = "approved, effective from " + r.effective->ToString();
    } else if (state == "approved") {
      state = "approved, effective since " + r.effective->ToString();
    }
    inv.out << "revision " << r.id << "  " << state << "\n";
    inv.out << "  drafted " << r.drafted.ToString() << " by " << r.drafted_by << ": " << r.note
            << "\n";
    if (r.submitted) {
      inv.out << "  in review since " << r.submitted->ToString() << ", reviewer " << r.reviewer
              << "\n";
    }
    if (r.approval) {
      inv.out << "  approved " << r.approval->date.ToString() << " by " << r.approval->by << "\n";
    }
    if (r.withdrawn) {
      inv.out << "  withdrawn " << r.withdrawn->ToString() << ": " << r.withdrawn_reason << "\n";
    }
    inv.out << "  content " << r.stored << " (sha256 " << r.sha256.substr(0, 12) << ", " << r.size
            << " bytes)\n";
  }
  return 0;
}

std::string Doc(const po::variables_map& vm, const std::string& usage) {
  if (!vm.count("document")) Usage("needs a document ID or PATH (usage: dossier " + usage + ")");
  return Opt(vm, "document");
}

int DocDraft(Invocation& inv) {
  po::options_description desc("doc draft options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)")(
      "from", po::value<std::string>(),
      "a file holding the new content (default: the document's "
      "file as edited in place, which goes back to the effective content)")(
      "rev", po::value<std::string>(), "the revision id (B, 2.1; default the next number)")(
      "note", po::value<std::string>(), "what changes and why (required)");
  po::positional_options_description pos;
  pos.add("document", 1);
  po::variables_map vm;
  const std::string usage = "doc draft ID|PATH --note TEXT [--from FILE] [--rev ID]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  DraftOptions o;
  o.document = Doc(vm, usage);
  o.cwd = inv.cwd;
  o.from = Opt(vm, "from");
  o.revision = Opt(vm, "rev");
  o.note = Opt(vm, "note");
  DocumentControl c = Check(DraftRevision(inv.Repo(), inv.MakeContext(), o));
  if (inv.global.json) return PrintHistory(inv, c.artifact);
  const DocRevision* open = OpenRevision(c);
  inv.out << "drafted " << c.artifact << " revision " << (open ? open->id : "?") << " ("
          << (open ? open->stored : "") << ")";
  if (const DocRevision* e = EffectiveRevision(c, inv.Today())) {
    inv.out << "; revision " << e->id << " stays effective until this one is approved";
  }
  inv.out << "\n";
  return 0;
}

int DocSubmit(Invocation& inv) {
  po::options_description desc("doc submit options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)")(
      "reviewer", po::value<std::string>(), "who reviews it (required)");
  po::positional_options_description pos;
  pos.add("document", 1);
  po::variables_map vm;
  const std::string usage = "doc submit ID|PATH --reviewer NAME";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  DocumentControl c = Check(
      SubmitRevision(inv.Repo(), inv.MakeContext(), Doc(vm, usage), inv.cwd, Opt(vm, "reviewer")));
  if (inv.global.json) return PrintHistory(inv, c.artifact);
  const DocRevision* open = OpenRevision(c);
  inv.out << "submitted " << c.artifact << " revision " << (open ? open->id : "?")
          << " for review by " << (open ? open->reviewer : "") << "\n";
  return 0;
}

int DocApprove(Invocation& inv) {
  po::options_description desc("doc approve options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)")(
      "by", po::value<std::string>(), "the approver (default: the author)")(
      "effective", po::value<std::string>(), "effective from DATE (default today)")(
      "key", po::value<std::string>(),
      "the approver's private key (default: theirs in ~/.config/dossier/keys)");
  po::positional_options_description pos;
  pos.add("document", 1);
  po::variables_map vm;
  const std::string usage = "doc approve ID|PATH [--effective DATE] [--by NAME] [--key KEY.pem]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  std::string key = Opt(vm, "key");
  if (!key.empty() && key[0] != '/') key = inv.cwd + "/" + key;
  DocumentControl c =
      Check(ApproveRevision(inv.Repo(), inv.MakeContext(), Doc(vm, usage), inv.cwd, Opt(vm, "by"),
                            OptionalDate(vm, "effective"), key, KeyDir()));
  if (inv.global.json) return PrintHistory(inv, c.artifact);
  const DocRevision* r = nullptr;
  for (const auto& x : c.revisions) {
    if (x.approval) r = &x;
  }
  inv.out << "approved " << c.artifact << " revision " << r->id << " by " << r->approval->by
          << ", effective " << r->effective->ToString() << "\n";
  return 0;
}

int DocWithdraw(Invocation& inv) {
  po::options_description desc("doc withdraw options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)")(
      "reason", po::value<std::string>(), "why (required)")(
      "draft", "withdraw only the revision in draft or review");
  po::positional_options_description pos;
  pos.add("document", 1);
  po::variables_map vm;
  const std::string usage = "doc withdraw ID|PATH --reason TEXT [--draft]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  DocumentControl c = Check(WithdrawDocument(inv.Repo(), inv.MakeContext(), Doc(vm, usage), inv.cwd,
                                             Opt(vm, "reason"), vm.count("draft") > 0));
  if (inv.global.json) return PrintHistory(inv, c.artifact);
  if (vm.count("draft")) {
    inv.out << "withdrew the draft of " << c.artifact << "\n";
  } else {
    inv.out << "withdrew " << c.artifact << ": obsolete from " << c.obsolete->ToString()
            << ", no longer judged by readiness; its revisions stay in "
            << "dossier/control/ and in git\n";
  }
  return 0;
}

int DocHistory(Invocation& inv) {
  po::options_description desc("doc history options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)");
  po::positional_options_description pos;
  pos.add("document", 1);
  po::variables_map vm;
  const std::string usage = "doc history ID|PATH [--json]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  return PrintHistory(inv, Doc(vm, usage));
}

int DocDiff(Invocation& inv) {
  po::options_description desc("doc diff options");
  desc.add_options()("document", po::value<std::string>(), "the document (ID or PATH)")(
      "from", po::value<std::string>(), "a revision id")("to", po::value<std::string>(),
                                                         "a revision id (default the newest)");
  po::positional_options_description pos;
  pos.add("document", 1).add("from", 1).add("to", 1);
  po::variables_map vm;
  const std::string usage = "doc diff ID|PATH REV [REV2]";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  const std::string doc = Doc(vm, usage);
  if (!vm.count("from"))
    Usage("doc diff needs a revision to compare (usage: dossier " + usage + ")");
  Snapshot snap = Check(inv.Repo().Load(inv.global.at));
  inv.out << Check(DiffRevisions(inv.Repo(), snap, inv.cwd, doc, Opt(vm, "from"), Opt(vm, "to")));
  return 0;
}

int RetentionSet(Invocation& inv) {
  po::options_description desc("retention set options");
  desc.add_options()("artifact", po::value<std::string>(), "the document or record (ID or PATH)")(
      "for", po::value<std::string>(), "how long it is kept from its date: 6m, 3y (required)");
  po::positional_options_description pos;
  pos.add("artifact", 1);
  po::variables_map vm;
  const std::string usage = "retention set ID|PATH --for PERIOD";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("artifact") || !vm.count("for")) Usage("usage: dossier " + usage);
  Period p = Check(Period::Parse(Opt(vm, "for"), "--for"));
  DocumentControl c =
      Check(SetRetention(inv.Repo(), inv.MakeContext(), Opt(vm, "artifact"), inv.cwd, p));
  Snapshot snap = Check(inv.Repo().Load());
  const Artifact* a = snap.FindArtifact(c.artifact);
  auto end = a ? RetentionEnd(c, *a) : std::nullopt;
  inv.out << c.artifact << " is retained for " << p.ToString()
          << (end ? ", until " + end->ToString() : std::string()) << "\n";
  return 0;
}

int RetentionDecide(Invocation& inv) {
  po::options_description desc("retention decide options");
  desc.add_options()("artifact", po::value<std::string>(), "the document or record (ID or PATH)")(
      "keep", "keep it longer (with --until)")("dispose", "it may be disposed of")(
      "until", po::value<std::string>(), "keep until DATE")("why", po::value<std::string>(),
                                                            "the reason (required)");
  po::positional_options_description pos;
  pos.add("artifact", 1);
  po::variables_map vm;
  const std::string usage = "retention decide ID|PATH --keep --until DATE | --dispose --why TEXT";
  if (!inv.Parse(desc, pos, vm, usage)) return 0;
  if (!vm.count("artifact") || vm.count("keep") == vm.count("dispose")) {
    Usage("give --keep --until DATE or --dispose (usage: dossier " + usage + ")");
  }
  const std::string decision = vm.count("keep") ? "keep" : "dispose";
  DocumentControl c =
      Check(DecideDisposition(inv.Repo(), inv.MakeContext(), Opt(vm, "artifact"), inv.cwd, decision,
                              Opt(vm, "why"), OptionalDate(vm, "until")));
  inv.out << "recorded: " << c.artifact << " "
          << (decision == "keep" ? "kept until " + c.dispositions.back().keep_until->ToString()
                                 : std::string("may be disposed of; it is no longer judged, and "
                                               "stays in git history"))
          << "\n";
  return 0;
}

}  // namespace

int RunDoc(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"draft", "start (or redo) the next revision of a document, with a change note", DocDraft},
      {"submit", "send the revision in draft for review", DocSubmit},
      {"approve", "approve the revision in review, effective from a date", DocApprove},
      {"withdraw", "make a document obsolete (or drop its draft), with a reason", DocWithdraw},
      {"history", "the revisions of a document, with who drafted, reviewed, approved", DocHistory},
      {"diff", "what changed between two revisions of a text document", DocDiff},
  };
  return RunSubcommand(inv, kTable, "doc");
}

int RunRetention(Invocation& inv) {
  static const std::vector<Command> kTable = {
      {"set", "how long a document or record is kept", RetentionSet},
      {"decide", "at the end of retention: keep it longer, or dispose of it", RetentionDecide},
  };
  return RunSubcommand(inv, kTable, "retention");
}

}  // namespace dossier::cli
