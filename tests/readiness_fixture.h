// A complete evidence repository for readiness tests, built once with the
// real CLI (documents, records, approvals) and entity files written with
// dossier::ToJson for the kinds whose commands are built elsewhere
// (findings, audits, reviews, objectives, measurements), then copied for
// each scenario. Every date is fixed; readiness is asked as of 2026-10-31.
// Header-only: each test binary that includes it builds its own copy.
#ifndef DOSSIER_TESTS_READINESS_FIXTURE_H_
#define DOSSIER_TESTS_READINESS_FIXTURE_H_

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dossier/checklist.h"
#include "dossier/entities.h"
#include "dossier/json.h"
#include "test_util.h"

namespace dossier::test {

inline constexpr const char* kAsOf = "2026-10-31";

inline Date D(const char* iso) { return *Date::Parse(iso); }
inline Transition T(const char* from, const char* to, const char* date) {
  Transition t;
  t.from = from;
  t.to = to;
  t.by = "Test Auditor";
  t.date = D(date);
  return t;
}

inline RunResult Expect(const RunResult& r, int code, const std::vector<std::string>& args) {
  if (r.code != code) {
    std::string cmd;
    for (const auto& a : args) cmd += " " + a;
    throw std::runtime_error("dossier" + cmd + " exited " + std::to_string(r.code) + ": " + r.err);
  }
  return r;
}

// A working copy of the complete repository.
class QmsRepo {
 public:
  QmsRepo() : root_(dir_ / "repo") {
    const std::string& base = Base();
    Expect(test::Run({"cp", "-a", base, root_}, dir_.path()), 0, {"cp"});
    auto list = Run({"list", "--json"});
    const boost::json::value doc = boost::json::parse(list.out);
    for (const auto& v : doc.at("artifacts").as_array()) {
      std::string path(v.at("path").as_string());
      ids_[path.substr(path.rfind('/') + 1)] = std::string(v.at("id").as_string());
      shas_[std::string(v.at("id").as_string())] = std::string(v.at("sha256").as_string());
    }
  }

  const std::string& root() const { return root_; }
  RunResult Run(const std::vector<std::string>& args, int expect = 0,
                const std::vector<std::string>& env = {}) const {
    auto r = Dossier(args, root_, env);
    if (expect >= 0) Expect(r, expect, args);
    return r;
  }
  std::string Id(const std::string& file) const { return ids_.at(file); }
  std::string Sha(const std::string& id) const { return shas_.at(id); }

  void Put(const Finding& f) const { Write("dossier/findings/" + f.id + ".json", ToJson(f)); }
  void Put(const InternalAudit& a) const { Write("dossier/audits/" + a.id + ".json", ToJson(a)); }
  void Put(const ManagementReview& r) const {
    Write("dossier/reviews/" + r.id + ".json", ToJson(r));
  }
  void Put(const Objective& o) const { Write("dossier/objectives/" + o.id + ".json", ToJson(o)); }
  void Put(const Measurement& m) const {
    Write("dossier/measurements/" + m.id + ".json", ToJson(m));
  }
  void Remove(const std::string& path) const {
    Expect(Git({"rm", "-q", path}, root_), 0, {"git rm", path});
  }
  void Commit(const std::string& message) const {
    Expect(Git({"add", "-A"}, root_), 0, {"git add"});
    Expect(Git({"commit", "-q", "-m", message}, root_), 0, {"git commit", message});
  }
  void Write(const std::string& rel, const std::string& text) const {
    WriteFile(root_ + "/" + rel, text);
  }

  // The ids of the base repository's entities.
  static constexpr const char* kAudit = "IA-20260801-AUD1";
  static constexpr const char* kReview = "MR-20261010-REV1";
  static constexpr const char* kObjective = "OBJ-20260501-OBJ1";
  static constexpr const char* kClosedMinor = "NC-20260905-CLS1";

  // The complete QMS, built once per test binary.
  static const std::string& Base() {
    static std::unique_ptr<TempDir> dir;
    static std::string root;
    if (!root.empty()) return root;
    dir = std::make_unique<TempDir>();
    root = *dir / "repo";
    Build(*dir, root);
    return root;
  }

 private:
  static void Build(const TempDir& dir, const std::string& root) {
    auto run = [&](std::vector<std::string> args) { return Expect(Dossier(args, root), 0, args); };
    Expect(Dossier({"init", root, "--org", "Harbour Test Ltd", "--unsigned-approvals"}, dir.path()),
           0, {"init"});
    // Documents, one per maintain requirement, approved.
    const char* docs[][2] = {{"M1", "QMS scope"},          {"M2", "Process map"},
                             {"M3", "Quality policy"},     {"M4", "Quality objectives"},
                             {"M5", "Document control"},   {"M6", "Operational planning"},
                             {"M7", "Service definitions"}};
    for (const auto& d : docs) {
      std::string file = dir / (std::string("m") + (d[0] + 1) + ".md");
      WriteFile(file, std::string("# ") + d[1] + "\n\nContent of the " + d[1] + ".\n");
      run({"--as-of", "2026-05-04", "add", file, "--kind", "document", "--requirement", d[0],
           "--title", d[1]});
      run({"--as-of", "2026-05-04", "approve",
           std::string("evidence/documents/m") + (d[0] + 1) + ".md"});
    }
    // Records: an early one (the operating period starts there), the bulk,
    // design, and the management review minutes.
    struct Rec {
      const char* file;
      const char* reqs;
      const char* effective;
    };
    const Rec recs[] = {{"rec-early.md", "R1", "2026-06-10"},
                        {"rec-ops-a.md", "R1,R4,R5,R6,R12,R15,R16,R17,R18", "2026-08-20"},
                        {"rec-ops-b.md", "R2,R3,R13,R14,R19,R21", "2026-09-15"},
                        {"rec-design.md", "R7,R8,R9,R10,R11", "2026-09-01"},
                        {"rec-minutes.md", "R20", "2026-10-10"}};
    for (const auto& r : recs) {
      std::string file = dir / r.file;
      WriteFile(file, std::string("record ") + r.file + " covering " + r.reqs + "\n");
      run({"--as-of", r.effective, "add", file, "--kind", "record", "--requirement", r.reqs,
           "--effective", r.effective});
    }
    auto list = boost::json::parse(run({"list", "--json"}).out).at("artifacts").as_array();
    auto id_of = [&](const std::string& name) {
      for (const auto& v : list) {
        std::string path(v.at("path").as_string());
        if (path.substr(path.rfind('/') + 1) == name) return std::string(v.at("id").as_string());
      }
      throw std::runtime_error("no artifact " + name);
    };
    auto sha_of = [&](const std::string& id) {
      for (const auto& v : list) {
        if (v.at("id").as_string() == id) return std::string(v.at("sha256").as_string());
      }
      return std::string();
    };
    auto write = [&](const std::string& rel, const std::string& text) {
      WriteFile(root + "/" + rel, text);
    };

    InternalAudit audit;
    audit.id = kAudit;
    const Checklist iso = *Checklist::Builtin("iso9001-2015");
    for (const Clause* c : iso.Leaves()) audit.scope.push_back(c->id);
    audit.auditors = {"Ann Auditor"};
    audit.planned = D("2026-09-01");
    audit.done = D("2026-09-05");
    audit.state = AuditState::kDone;
    audit.report = id_of("rec-ops-b.md");
    audit.report_sha256 = sha_of(audit.report);
    audit.history = {T("", "planned", "2026-08-01"), T("planned", "done", "2026-09-05")};
    write(std::string("dossier/audits/") + kAudit + ".json", ToJson(audit));

    ManagementReview review;
    review.id = kReview;
    review.date = D("2026-10-10");
    review.inputs = {"a", "b", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "d", "e", "f"};
    review.minutes = id_of("rec-minutes.md");
    review.minutes_sha256 = sha_of(review.minutes);
    review.outputs = {"improvement opportunities", "resource needs"};
    write(std::string("dossier/reviews/") + kReview + ".json", ToJson(review));

    Objective obj;
    obj.id = kObjective;
    obj.name = "On-time delivery";
    obj.owner = "Ops Lead";
    obj.measures = {Measure{"on-time rate", "%", ">=95", Frequency::kMonthly}};
    obj.created = D("2026-05-01");
    write(std::string("dossier/objectives/") + kObjective + ".json", ToJson(obj));
    const std::pair<const char*, double> values[] = {
        {"2026-07-15", 92}, {"2026-08-15", 94.5}, {"2026-09-15", 96}, {"2026-10-15", 97}};
    int n = 0;
    for (const auto& [date, value] : values) {
      Measurement m;
      m.id = "MS-" + std::string(date).substr(0, 4) + std::string(date).substr(5, 2) +
             std::string(date).substr(8, 2) + "-M00" + std::to_string(++n);
      m.objective = kObjective;
      m.measure = "on-time rate";
      m.value = value;
      m.date = D(date);
      write("dossier/measurements/" + m.id + ".json", ToJson(m));
    }

    Finding closed;
    closed.id = kClosedMinor;
    closed.title = "Supplier list not reviewed";
    closed.grade = Grade::kMinor;
    closed.source = FindingSource::kInternalAudit;
    closed.clauses = {"8.4.1"};
    closed.audit = kAudit;
    closed.raised = D("2026-09-05");
    closed.due = D("2026-11-04");
    closed.state = FindingState::kClosed;
    closed.correction = "reviewed the list";
    closed.cause = "no owner";
    closed.action = "assign an owner and a yearly review";
    EffectivenessCheck check;
    check.date = D("2026-10-20");
    check.by = "Ann Auditor";
    check.effective = true;
    // On evidence filed after the action, more than a month after it.
    check.evidence = {EvidenceRef{id_of("rec-minutes.md"), sha_of(id_of("rec-minutes.md"))}};
    closed.checks = {check};
    closed.closed = D("2026-10-21");
    closed.history = {T("", "open", "2026-09-05"),
                      T("open", "analysed", "2026-09-10"),
                      T("analysed", "planned", "2026-09-12"),
                      T("planned", "implemented", "2026-09-15"),
                      T("implemented", "verified", "2026-10-20"),
                      T("verified", "closed", "2026-10-21")};
    write(std::string("dossier/findings/") + kClosedMinor + ".json", ToJson(closed));
    Expect(Git({"add", "-A"}, root), 0, {"git add"});
    Expect(Git({"commit", "-q", "-m", "audit, review, objective, measurements, findings"}, root), 0,
           {"commit"});
  }

  TempDir dir_;
  std::string root_;
  std::map<std::string, std::string> ids_;  // file name -> artifact id
  std::map<std::string, std::string> shas_;
};

}  // namespace dossier::test

#endif  // DOSSIER_TESTS_READINESS_FIXTURE_H_
