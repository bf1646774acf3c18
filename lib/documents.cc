#include "dossier/documents.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "approvals.h"
#include "controlled_io.h"
#include "crypto/sha256.h"
#include "dossier/checklist.h"
#include "dossier/evidence.h"
#include "dossier/readiness.h"
#include "dossier/text.h"
#include "entity_codec.h"
#include "transaction.h"

namespace dossier {

namespace {

Status CheckLabel(const std::string& id) {
  if (id.empty() || id.size() > 20 || id[0] == '.' || id[0] == '-') {
    return Error::Input("--rev \"" + id +
                        "\": a revision id is 1 to 20 letters, digits, '.', '_' "
                        "or '-', such as B or 2.1");
  }
  for (char ch : id) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-') {
      return Error::Input("--rev \"" + id +
                          "\": a revision id is letters, digits, '.', '_' or "
                          "'-', such as B or 2.1");
    }
  }
  return Status::Ok();
}

std::string Extension(const std::string& path) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot);
}

std::string StorePath(const Artifact& a, const std::string& rev) {
  return std::string(layout::kControlDir) + "/" + a.id + "/" + rev + Extension(a.path);
}

Result<std::string> ReadLocal(const std::string& path, const std::string& cwd) {
  const std::string full = !path.empty() && path[0] == '/' ? path : cwd + "/" + path;
  std::ifstream in(full, std::ios::binary);
  if (!in) return Error::Input("--from " + path + ": cannot read the file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error::Operational("--from " + path + ": read error");
  return ss.str();
}

// The filed (effective) content of `a`, from HEAD's tree.
Result<std::string> FiledContent(const Repository& repo, const Artifact& a) {
  auto bytes = repo.ReadFile("HEAD", a.path);
  if (bytes && crypto::Sha256Hex(*bytes) == a.sha256) return bytes;
  auto wt = repo.ReadFile("", a.path);
  if (wt && crypto::Sha256Hex(*wt) == a.sha256) return wt;
  return Error::Input(a.id + ": the filed content of " + a.path +
                      " is not in HEAD or the work tree; restore it (git checkout) first");
}

struct Loaded {
  Artifact artifact;
  DocumentControl control;
};

Result<Loaded> LoadDocument(const Transaction& tx, const std::string& root, const std::string& cwd,
                            const std::string& document, bool documents_only = true) {
  auto found = FindArtifact(tx.snapshot(), root, cwd, document);
  if (!found) return found.error();
  Loaded l{**found, {}};
  if (documents_only && l.artifact.kind != ArtifactKind::kDocument) {
    return Error::Input(l.artifact.id +
                        " is a record; revisions are for documents (maintained "
                        "information); file a new record with dossier add instead");
  }
  if (const DocumentControl* c = tx.snapshot().FindControl(l.artifact.id)) {
    l.control = *c;
  } else {
    l.control.artifact = l.artifact.id;
  }
  return l;
}

std::string ControlPath(const std::string& id) {
  return layout::EntityPath(layout::kControlDir, id);
}

Status RequireNotObsolete(const Loaded& l) {
  if (l.control.obsolete) {
    return Error::Input(l.artifact.id + " \"" + l.artifact.title + "\" was withdrawn on " +
                        l.control.obsolete->ToString() + " (" + l.control.obsolete_reason +
                        "): an obsolete document is not revised; file a new document instead");
  }
  return Status::Ok();
}

DocRevision* FindRevision(DocumentControl& c, const std::string& id) {
  for (auto& r : c.revisions) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text) {
    if (ch == '\n') {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

Result<DocumentControl> DraftRevision(Repository& repo, const Context& ctx, const DraftOptions& o) {
  DOSSIER_RETURN_IF_ERROR(CheckTexts({{"--note", o.note}, {"--rev", o.revision}}));
  const std::string note = Trim(o.note);
  if (note.empty()) {
    return Error::Input(
        "doc draft needs --note TEXT: what changes in this revision and why "
        "(ISO 9001 7.5.3.2 c, control of changes)");
  }
  if (!o.revision.empty()) DOSSIER_RETURN_IF_ERROR(CheckLabel(o.revision));
  std::optional<std::string> from;
  if (!o.from.empty()) {
    auto bytes = ReadLocal(o.from, o.cwd);
    if (!bytes) return bytes.error();
    from = std::move(*bytes);
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), o.cwd, o.document);
  if (!l) return l.error();
  Artifact& a = l->artifact;
  DocumentControl& c = l->control;
  DOSSIER_RETURN_IF_ERROR(RequireNotObsolete(*l));
  // The new content: given, or the file as edited in place (which goes back
  // to the effective content: the draft is kept apart until approved).
  std::string content;
  bool restore = false;
  if (from) {
    content = std::move(*from);
  } else {
    auto wt = repo.ReadFile("", a.path);
    if (!wt) {
      return Error::Input(a.path + " is missing: give the draft's content with --from FILE");
    }
    if (crypto::Sha256Hex(*wt) == a.sha256) {
      return Error::Input(a.path +
                          " is unchanged since it was filed: edit it, or give the "
                          "draft's content with --from FILE");
    }
    content = std::move(*wt);
    restore = true;
  }
  const std::string sha = crypto::Sha256Hex(content);
  // The content filed before document control is its first revision, when approved.
  if (c.revisions.empty() && a.approved()) {
    DocRevision first;
    first.id = o.revision == "1" ? "0" : "1";
    first.sha256 = a.sha256.hex();
    first.size = a.size;
    first.stored = StorePath(a, first.id);
    first.note = "as filed and approved before document control";
    first.drafted_by = a.owner.empty() ? a.approval->by : a.owner;
    first.drafted = a.collected;
    first.approval = a.approval;
    first.effective = a.approval->date;
    auto filed = FiledContent(repo, a);
    if (!filed) return filed.error();
    tx->Write(first.stored, *filed);
    c.revisions.push_back(std::move(first));
  }
  if (restore) {
    auto filed = FiledContent(repo, a);
    if (!filed) return filed.error();
    tx->Write(a.path, *filed);
  }
  for (const auto& r : c.revisions) {
    if (r.sha256 == sha && r.approval && !r.withdrawn) {
      return Error::Input("this content is revision " + r.id + " of " + a.id +
                          " already: nothing to draft");
    }
  }
  DocRevision* open = OpenRevision(c);
  std::string verb = "drafted";
  if (open) {
    // Re-drafting the revision in progress: new content, back to draft.
    verb = "redrafted";
    if (!o.revision.empty() && o.revision != open->id) {
      if (FindRevision(c, o.revision)) {
        return Error::Input("--rev " + o.revision + ": " + a.id + " has a revision " + o.revision +
                            " already");
      }
      open->id = o.revision;
    }
  } else {
    std::string id = o.revision;
    if (id.empty()) {
      int n = static_cast<int>(c.revisions.size()) + 1;
      while (FindRevision(c, std::to_string(n))) ++n;
      id = std::to_string(n);
    } else if (FindRevision(c, id)) {
      return Error::Input("--rev " + id + ": " + a.id + " has a revision " + id +
                          " already; choose another id (revisions: " +
                          [&] {
                            std::vector<std::string> ids;
                            for (const auto& r : c.revisions) ids.push_back(r.id);
                            return Join(ids, ", ");
                          }() +
                          ")");
    }
    c.revisions.push_back(DocRevision{});
    open = &c.revisions.back();
    open->id = id;
  }
  open->sha256 = sha;
  open->size = content.size();
  open->stored = StorePath(a, open->id);
  open->note = note;
  open->drafted_by = tx->actor();
  open->drafted = ctx.today;
  open->reviewer.clear();
  open->submitted.reset();
  tx->Write(open->stored, content);
  tx->Write(ControlPath(a.id), EncodeControl(c));
  auto commit = tx->Commit("doc " + a.id + ": revision " + open->id + " " + verb + " (" + a.path +
                           ")\n\n" + note);
  if (!commit) return commit.error();
  return c;
}

Result<DocumentControl> SubmitRevision(Repository& repo, const Context& ctx,
                                       const std::string& document, const std::string& cwd,
                                       const std::string& reviewer) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--reviewer", reviewer));
  if (Trim(reviewer).empty()) {
    return Error::Input(
        "doc submit needs --reviewer NAME: who reviews the revision for "
        "adequacy before approval (ISO 9001 7.5.2 c)");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), cwd, document);
  if (!l) return l.error();
  DOSSIER_RETURN_IF_ERROR(RequireNotObsolete(*l));
  DocumentControl& c = l->control;
  DocRevision* open = OpenRevision(c);
  if (!open) {
    return Error::Input(l->artifact.id +
                        " has no revision in draft: start one with dossier doc "
                        "draft " +
                        l->artifact.id + " --note TEXT");
  }
  if (open->submitted) {
    return Error::Input("revision " + open->id + " of " + l->artifact.id + " is in review by " +
                        open->reviewer + " since " + open->submitted->ToString() + " already");
  }
  open->reviewer = Trim(reviewer);
  open->submitted = ctx.today;
  tx->Write(ControlPath(c.artifact), EncodeControl(c));
  auto commit = tx->Commit("doc " + c.artifact + ": revision " + open->id +
                           " submitted for review by " + open->reviewer);
  if (!commit) return commit.error();
  return c;
}

Result<DocumentControl> ApproveRevision(Repository& repo, const Context& ctx,
                                        const std::string& document, const std::string& cwd,
                                        const std::string& by, std::optional<Date> effective,
                                        const std::string& key_path, const std::string& key_dir) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--by", by));
  const Date from = effective.value_or(ctx.today);
  if (from < ctx.today) {
    return Error::Input("--effective " + from.ToString() + " is before today (" +
                        ctx.today.ToString() +
                        "): a revision takes effect on or after the "
                        "day it is approved");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), cwd, document);
  if (!l) return l.error();
  DOSSIER_RETURN_IF_ERROR(RequireNotObsolete(*l));
  Artifact& a = l->artifact;
  DocumentControl& c = l->control;
  DocRevision* open = OpenRevision(c);
  if (!open) {
    return Error::Input(a.id + " has no revision in review: draft one with dossier doc draft " +
                        a.id + " --note TEXT, then dossier doc submit " + a.id +
                        " --reviewer NAME");
  }
  if (!open->submitted) {
    return Error::Input("revision " + open->id + " of " + a.id +
                        " is a draft, not reviewed: "
                        "dossier doc submit " +
                        a.id + " --reviewer NAME first (7.5.2 c)");
  }
  for (const auto& r : c.revisions) {
    if (&r != open && r.approval && r.effective && *r.effective > from && !r.withdrawn) {
      return Error::Input("revision " + r.id + " of " + a.id + " takes effect on " +
                          r.effective->ToString() + ", after " + from.ToString() +
                          ": a later revision cannot take effect before it");
    }
  }
  auto content = repo.ReadFile("", open->stored);
  if (!content) return content.error();
  if (crypto::Sha256Hex(*content) != open->sha256) {
    return Error::Input(open->stored + " (revision " + open->id +
                        ") changed since it was "
                        "drafted; draft it again with dossier doc draft " +
                        a.id + " --from FILE");
  }
  // The scope document is approved with the exclusions it states (as `approve`).
  const auto scope = ScopeExclusions(tx->snapshot(), a);
  // Signed by the approver's own key, as `approve` does (doc/architecture.md,
  // "Approval signatures"); required when dossier.ini says so.
  const std::string approver = Trim(by).empty() && key_path.empty() ? tx->actor() : Trim(by);
  auto signing = FindSigningKey(repo, tx->snapshot(), approver, key_path, key_dir, ctx.today,
                                tx->snapshot().config.require_signature);
  if (!signing) return signing.error();
  Approval approval;
  approval.by = *signing ? (*signing)->key.person : approver;
  approval.date = ctx.today;
  approval.sha256 = open->sha256;
  approval.not_applicable = scope;
  open->approval = approval;
  open->effective = from;
  // The file at the document's path becomes the approved revision (the one
  // in force until `from` stays in dossier/control/ and in git).
  if (a.sha256 != open->sha256) {
    a.revisions.push_back(Revision{a.sha256, a.size, a.collected});
    a.sha256 = open->sha256;
    a.size = open->size;
    a.collected = ctx.today;
    tx->Write(a.path, *content);
  }
  // The statement signed is of the artifact as it now stands (its content,
  // size and revision count).
  DOSSIER_RETURN_IF_ERROR(SignApproval(*signing, a, &*open->approval));
  a.approval = open->approval;
  tx->Write(layout::EntityPath(layout::kArtifactsDir, a.id), codec::Encode(a));
  tx->Write(ControlPath(c.artifact), EncodeControl(c));
  auto commit = tx->Commit("doc " + a.id + ": revision " + open->id + " approved by " +
                           open->approval->by + ", effective " + from.ToString() + " (" + a.path +
                           ", sha256 " + open->sha256.substr(0, 12) + ")\n\n" + "reviewed by " +
                           open->reviewer + "\n" + open->note);
  if (!commit) return commit.error();
  return c;
}

Result<DocumentControl> WithdrawDocument(Repository& repo, const Context& ctx,
                                         const std::string& document, const std::string& cwd,
                                         const std::string& reason, bool draft_only) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--reason", reason));
  if (Trim(reason).empty()) {
    return Error::Input(
        "doc withdraw needs --reason TEXT: why the document (or draft) is "
        "withdrawn");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), cwd, document);
  if (!l) return l.error();
  DOSSIER_RETURN_IF_ERROR(RequireNotObsolete(*l));
  DocumentControl& c = l->control;
  DocRevision* open = OpenRevision(c);
  std::string what;
  if (draft_only) {
    if (!open) return Error::Input(c.artifact + " has no revision in draft or review to withdraw");
    open->withdrawn = ctx.today;
    open->withdrawn_reason = Trim(reason);
    what = "revision " + open->id + " withdrawn";
  } else {
    if (open) {
      open->withdrawn = ctx.today;
      open->withdrawn_reason = Trim(reason);
    }
    c.obsolete = ctx.today;
    c.obsolete_reason = Trim(reason);
    c.obsolete_by = tx->actor();
    what = "withdrawn, obsolete";
  }
  tx->Write(ControlPath(c.artifact), EncodeControl(c));
  auto commit = tx->Commit("doc " + c.artifact + ": " + what + " (" + l->artifact.path + ")\n\n" +
                           Trim(reason));
  if (!commit) return commit.error();
  return c;
}

Result<DocumentHistory> GetDocumentHistory(const Snapshot& snap, const std::string& root,
                                           const std::string& cwd, const std::string& document,
                                           Date as_of) {
  auto found = FindArtifact(snap, root, cwd, document);
  if (!found) return found.error();
  DocumentHistory h;
  h.artifact = **found;
  if (const DocumentControl* c = snap.FindControl(h.artifact.id)) h.control = *c;
  h.control.artifact = h.artifact.id;
  for (const auto& r : h.control.revisions) h.states.push_back(RevisionState(h.control, r, as_of));
  return h;
}

Result<std::string> DiffRevisions(const Repository& repo, const Snapshot& snap,
                                  const std::string& cwd, const std::string& document,
                                  const std::string& from, const std::string& to) {
  auto found = FindArtifact(snap, repo.root(), cwd, document);
  if (!found) return found.error();
  const Artifact& a = **found;
  const DocumentControl* c = snap.FindControl(a.id);
  if (!c || c->revisions.empty()) {
    return Error::Input(a.id +
                        " has no revisions under document control yet (dossier doc "
                        "draft starts the first)");
  }
  std::vector<std::string> ids;
  for (const auto& r : c->revisions) ids.push_back(r.id);
  auto find = [&](const std::string& id) -> Result<const DocRevision*> {
    for (const auto& r : c->revisions) {
      if (r.id == id) return &r;
    }
    return Error::Input(a.id + " has no revision \"" + id +
                        "\"; its revisions: " + Join(ids, ", "));
  };
  auto r1 = find(from);
  if (!r1) return r1.error();
  auto r2 = find(to.empty() ? c->revisions.back().id : to);
  if (!r2) return r2.error();
  std::vector<std::vector<std::string>> texts;
  for (const DocRevision* r : {*r1, *r2}) {
    auto bytes = repo.ReadFile("", r->stored);
    if (!bytes) {
      auto head = repo.ReadFile("HEAD", r->stored);
      if (!head)
        return Error::Input("revision " + r->id + " of " + a.id + ": " + r->stored +
                            " is missing; restore it with git checkout");
      bytes = std::move(head);
    }
    if (bytes->find('\0') != std::string::npos ||
        !TextProblem(*bytes, TextForm::kMultiLine).empty()) {
      return Error::Input("revision " + r->id + " of " + a.id + " is not plain text (" + r->stored +
                          "): compare the two revisions in their application; "
                          "both files are under " +
                          std::string(layout::kControlDir) + "/" + a.id + "/");
    }
    texts.push_back(Lines(*bytes));
  }
  const auto& x = texts[0];
  const auto& y = texts[1];
  const size_t n = x.size(), m = y.size();
  if (n * m > 25'000'000) {
    return Error::Input("the revisions are too long to compare here (" + std::to_string(n) +
                        " and " + std::to_string(m) + " lines); use git diff on " + (*r1)->stored +
                        " and " + (*r2)->stored);
  }
  // Longest common subsequence, then a unified diff with 3 lines of context.
  std::vector<std::vector<uint32_t>> L(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      L[i][j] = x[i] == y[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    }
  }
  struct Op {
    char kind;
    size_t i, j;
  };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] == y[j]) {
      ops.push_back({' ', i++, j++});
    } else if (i < n && (j == m || L[i + 1][j] >= L[i][j + 1])) {
      ops.push_back({'-', i++, j});
    } else {
      ops.push_back({'+', i, j++});
    }
  }
  std::string out = "--- " + a.path + " revision " + (*r1)->id + "\n+++ " + a.path + " revision " +
                    (*r2)->id + "\n";
  const size_t kContext = 3;
  size_t k = 0;
  bool any = false;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    any = true;
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    // Extend while changes are within 2*context of each other.
    size_t last_change = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * kContext) break;
      ++end;
    }
    end = std::min(ops.size(), last_change + kContext + 1);
    size_t del = 0, ins = 0;
    for (size_t t = start; t < end; ++t) {
      if (ops[t].kind != '+') ++del;
      if (ops[t].kind != '-') ++ins;
    }
    out += "@@ -" + std::to_string(ops[start].i + (del ? 1 : 0)) + "," + std::to_string(del) +
           " +" + std::to_string(ops[start].j + (ins ? 1 : 0)) + "," + std::to_string(ins) +
           " @@\n";
    for (size_t t = start; t < end; ++t) {
      const std::string& line = ops[t].kind == '+' ? y[ops[t].j] : x[ops[t].i];
      out += std::string(1, ops[t].kind) + line + "\n";
    }
    k = end;
  }
  if (!any) out += "(no differences)\n";
  return out;
}

Result<DocumentControl> SetRetention(Repository& repo, const Context& ctx,
                                     const std::string& id_or_path, const std::string& cwd,
                                     const Period& period) {
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), cwd, id_or_path, false);
  if (!l) return l.error();
  DocumentControl& c = l->control;
  c.retention = period;
  tx->Write(ControlPath(c.artifact), EncodeControl(c));
  auto end = RetentionEnd(c, l->artifact);
  auto commit = tx->Commit("retention " + c.artifact + ": " + period.ToString() +
                           (end ? " (until " + end->ToString() + ")" : std::string()) + " (" +
                           l->artifact.path + ")");
  if (!commit) return commit.error();
  return c;
}

Result<DocumentControl> DecideDisposition(Repository& repo, const Context& ctx,
                                          const std::string& id_or_path, const std::string& cwd,
                                          const std::string& decision, const std::string& why,
                                          std::optional<Date> keep_until) {
  DOSSIER_RETURN_IF_ERROR(CheckText("--why", why));
  if (decision != "keep" && decision != "dispose") {
    return Error::Input("the decision is keep or dispose, not \"" + decision + "\"");
  }
  if (Trim(why).empty()) return Error::Input("retention decide needs --why TEXT: the reason");
  if (decision == "keep" && (!keep_until || *keep_until <= ctx.today)) {
    return Error::Input("keep needs --until DATE after today: when retention is next reviewed");
  }
  if (decision == "dispose" && keep_until) {
    return Error::Input("--until is for keep; dispose takes none");
  }
  auto tx = Transaction::Begin(repo, ctx);
  if (!tx) return tx.error();
  auto l = LoadDocument(*tx, repo.root(), cwd, id_or_path, false);
  if (!l) return l.error();
  DocumentControl& c = l->control;
  if (!c.retention) {
    return Error::Input(c.artifact +
                        " has no retention period: set one with dossier retention "
                        "set " +
                        c.artifact + " --for PERIOD");
  }
  auto end = RetentionEnd(c, l->artifact);
  if (!end) return Error::Input(c.artifact + " was disposed of already");
  if (decision == "dispose" && *end > ctx.today) {
    return Error::Input(c.artifact + " is retained until " + end->ToString() +
                        ": it may not be disposed of before");
  }
  c.dispositions.push_back(Disposition{decision, tx->actor(), ctx.today, Trim(why), keep_until});
  tx->Write(ControlPath(c.artifact), EncodeControl(c));
  auto commit = tx->Commit(
      "retention " + c.artifact + ": " +
      (decision == "keep" ? "keep until " + keep_until->ToString() : std::string("dispose")) +
      " (" + l->artifact.path + ")\n\n" + Trim(why));
  if (!commit) return commit.error();
  return c;
}

}  // namespace dossier
