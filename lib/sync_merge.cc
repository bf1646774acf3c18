#include "sync_merge.h"

#include <algorithm>
#include <set>
#include <vector>

#include "join.h"
#include "json_io.h"

namespace dossier {
namespace {

namespace bj = boost::json;

const bj::value* Field(const bj::object& o, const std::string& key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

bool Same(const bj::value* a, const bj::value* b) {
  if (!a || !b) return a == b;
  return *a == *b;
}

std::string Show(const bj::value* v) {
  if (!v) return "(none)";
  if (v->is_string()) return "'" + std::string(v->as_string()) + "'";
  std::string text = json::Compact(*v);
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

std::string Str(const bj::object& o, const char* key) {
  const bj::value* v = Field(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string DescribeStep(const bj::value& step) {
  if (!step.is_object()) return json::Compact(step);
  const bj::object& s = step.as_object();
  const std::string from = Str(s, "from");
  std::string text = (from.empty() ? std::string("(new)") : from) + " -> " + Str(s, "to");
  if (!Str(s, "by").empty()) text += " by " + Str(s, "by");
  if (!Str(s, "date").empty()) text += " on " + Str(s, "date");
  if (!Str(s, "note").empty()) text += " (\"" + Str(s, "note") + "\")";
  return text;
}

std::string DescribeSteps(const std::vector<bj::value>& steps) {
  if (steps.empty()) return "no new step";
  return JoinEach(steps, "; ", DescribeStep);
}

// `whole` starts with every item of `prefix`; the rest is returned in
// `added`.
bool Extends(const bj::array& prefix, const bj::array& whole, std::vector<bj::value>* added) {
  if (whole.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] != whole[i]) return false;
  }
  added->assign(whole.begin() + static_cast<std::ptrdiff_t>(prefix.size()), whole.end());
  return true;
}

const bj::array kEmpty;
const bj::array& ArrayOr(const bj::value* v) { return v && v->is_array() ? v->as_array() : kEmpty; }

std::string DateOf(const bj::value& item) {
  return item.is_object() ? Str(item.as_object(), "date") : std::string();
}

}  // namespace

std::optional<std::string> MergeEntity(const std::string& kind, const std::string& id,
                                       const std::string& base_text, const std::string& ours_text,
                                       const std::string& theirs_text, const MergeSides& sides,
                                       std::string* report) {
  const std::string what = kind + "/" + id;
  auto parse = [&](const std::string& text, const std::string& side) -> std::optional<bj::object> {
    if (text.empty()) return bj::object{};
    auto v = json::Parse(text, what + " (" + side + ")");
    if (!v || !v->is_object()) {
      *report = what + " " + side + " is not a JSON object" +
                (v ? std::string() : ": " + v.error().message());
      return std::nullopt;
    }
    return v->as_object();
  };
  auto base = parse(base_text, "as both had it");
  if (!base) return std::nullopt;
  auto ours = parse(ours_text, sides.ours);
  if (!ours) return std::nullopt;
  auto theirs = parse(theirs_text, sides.theirs);
  if (!theirs) return std::nullopt;
  if (ours_text.empty() || theirs_text.empty()) {
    *report = what + " was removed on " + (ours_text.empty() ? sides.ours : sides.theirs) +
              " and changed on " + (ours_text.empty() ? sides.theirs : sides.ours);
    return std::nullopt;
  }

  const bool finding = kind == "findings";
  std::set<std::string> keys;
  for (const auto* o : {&*base, &*ours, &*theirs}) {
    for (const auto& kv : *o) keys.insert(std::string(kv.key()));
  }
  bj::object merged;
  std::vector<std::string> clashes;
  std::string history_clash;
  for (const auto& key : keys) {
    const bj::value* b = Field(*base, key);
    const bj::value* o = Field(*ours, key);
    const bj::value* t = Field(*theirs, key);
    if (finding && key == "state") continue;  // from the merged history, below
    const bj::value* pick = nullptr;
    bool decided = true;
    if (Same(o, t) || Same(t, b)) {
      pick = o;
    } else if (Same(o, b)) {
      pick = t;
    } else {
      decided = false;
    }
    if (decided) {
      if (pick) merged[key] = *pick;
      continue;
    }
    // Both changed it, differently.
    if (finding && key == "actions" && (!b || b->is_array()) && (!o || o->is_array()) &&
        (!t || t->is_array())) {
      // A finding's actions (doc/lifecycle.md), position by position: one
      // side's change to an action the other left alone is taken, actions
      // one side added are kept; an action both changed differently, or
      // both sides adding different actions at one position, is a clash.
      const bj::array& ab = ArrayOr(b);
      const bj::array& ao = ArrayOr(o);
      const bj::array& at = ArrayOr(t);
      bj::array actions;
      bool clash = false;
      const size_t n = std::max({ab.size(), ao.size(), at.size()});
      for (size_t i = 0; i < n && !clash; ++i) {
        const bj::value* eb = i < ab.size() ? &ab[i] : nullptr;
        const bj::value* eo = i < ao.size() ? &ao[i] : nullptr;
        const bj::value* et = i < at.size() ? &at[i] : nullptr;
        const bj::value* e = nullptr;
        if (Same(eo, et) || Same(et, eb)) {
          e = eo;
        } else if (Same(eo, eb)) {
          e = et;
        } else {
          clash = true;
        }
        if (e) actions.push_back(*e);
      }
      if (!clash) {
        merged[key] = std::move(actions);
        continue;
      }
    }
    std::vector<bj::value> ours_new, theirs_new;
    const bool grows = Extends(ArrayOr(b), ArrayOr(o), &ours_new) &&
                       Extends(ArrayOr(b), ArrayOr(t), &theirs_new) && (!o || o->is_array()) &&
                       (!t || t->is_array());
    if (finding && key == "history" && grows) {
      // Both sides' new steps, in date order, as one chain from the state
      // both started in.
      const bj::array& hb = ArrayOr(b);
      std::string state =
          hb.empty() ? Str(*base, "state")
                     : (hb.back().is_object() ? Str(hb.back().as_object(), "to") : std::string());
      bj::array history = hb;
      size_t i = 0, j = 0;
      bool chain = true;
      while (i < ours_new.size() || j < theirs_new.size()) {
        bool take_ours;
        if (i == ours_new.size()) {
          take_ours = false;
        } else if (j == theirs_new.size()) {
          take_ours = true;
        } else {
          const std::string od = DateOf(ours_new[i]), td = DateOf(theirs_new[j]);
          if (od != td) {
            take_ours = od < td;
          } else {
            const bool ours_follows =
                ours_new[i].is_object() && Str(ours_new[i].as_object(), "from") == state;
            take_ours = ours_follows || !(theirs_new[j].is_object() &&
                                          Str(theirs_new[j].as_object(), "from") == state);
          }
        }
        const bj::value& step = take_ours ? ours_new[i++] : theirs_new[j++];
        if (!step.is_object() || Str(step.as_object(), "from") != state) chain = false;
        if (step.is_object()) state = Str(step.as_object(), "to");
        history.push_back(step);
      }
      if (!chain) {
        history_clash = "both moved it on from " +
                        (hb.empty() ? Str(*base, "state") : Str(hb.back().as_object(), "to")) +
                        ": " + sides.ours + " " + DescribeSteps(ours_new) + "; " + sides.theirs +
                        " " + DescribeSteps(theirs_new);
        continue;
      }
      merged[key] = std::move(history);
      merged["state"] = state;
      continue;
    }
    if (finding && (key == "checks" || key == "implementation_evidence") && grows) {
      bj::array all = ArrayOr(b);
      std::vector<bj::value> added = ours_new;
      for (const auto& item : theirs_new) {
        bool seen = false;
        for (const auto& a : added) seen = seen || a == item;
        if (!seen) added.push_back(item);
      }
      std::stable_sort(added.begin(), added.end(), [](const bj::value& x, const bj::value& y) {
        return DateOf(x) < DateOf(y);
      });
      for (auto& a : added) all.push_back(std::move(a));
      merged[key] = std::move(all);
      continue;
    }
    clashes.push_back("'" + key + "' is " + Show(o) + " " + sides.ours + " but " + Show(t) + " " +
                      sides.theirs);
  }
  if (finding && !merged.contains("state")) {
    const bj::value* b = Field(*base, "state");
    const bj::value* o = Field(*ours, "state");
    const bj::value* t = Field(*theirs, "state");
    if (Same(o, t) || Same(t, b)) {
      if (o) merged["state"] = *o;
    } else if (Same(o, b)) {
      if (t) merged["state"] = *t;
    } else if (history_clash.empty()) {
      clashes.push_back("'state' is " + Show(o) + " " + sides.ours + " but " + Show(t) + " " +
                        sides.theirs);
    }
  }
  if (!history_clash.empty() || !clashes.empty()) {
    std::string text = (finding ? "finding " : kind + " ") + id + " was changed on both sides";
    if (!history_clash.empty()) text += "; " + history_clash;
    for (const auto& c : clashes) text += "; " + c;
    *report = text;
    return std::nullopt;
  }
  return json::Canonical(merged);
}

}  // namespace dossier
