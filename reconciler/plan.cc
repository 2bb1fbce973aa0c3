#include "reconciler/plan.h"

#include <rapidjson/document.h>

#include <set>

#include "reconciler/container_plan.h"
#include "specs/canonical.h"

namespace berth::reconciler {
namespace {

using ByServer = std::map<std::string, std::vector<const ContainerSummary*>>;

ByServer group_by_server(const std::vector<ContainerSummary>& containers) {
  ByServer out;
  for (const ContainerSummary& c : containers) {
    auto server = c.labels.find(kLabelServer);
    if (server != c.labels.end()) out[server->second].push_back(&c);
  }
  return out;
}

std::string label_of(const ContainerSummary& c, const char* key) {
  auto it = c.labels.find(key);
  return it == c.labels.end() ? "" : it->second;
}

PlanItem plan_one(const specs::ServerSpec& spec, const Result<std::string>& hash,
                  const std::vector<const ContainerSummary*>& found) {
  PlanItem item{spec.name, PlanAction::kCreate, {}, ""};
  if (!hash) {
    item.action = PlanAction::kBlocked;
    item.detail = hash.error();
    return item;
  }
  for (const ContainerSummary* c : found) {
    if (label_of(*c, kLabelHash) == *hash) {
      item.action = PlanAction::kKeep;
      if (c->state != "running") item.detail = "container " + c->state + ", will be started";
      return item;
    }
  }
  if (found.empty()) return item;
  item.action = PlanAction::kReplace;
  item.changed = changed_fields(label_of(*found.front(), kLabelSpec), specs::canonical_json(spec));
  return item;
}

}  // namespace

std::string_view to_string(PlanAction action) {
  switch (action) {
    case PlanAction::kCreate:
      return "create";
    case PlanAction::kReplace:
      return "replace";
    case PlanAction::kRemove:
      return "remove";
    case PlanAction::kKeep:
      return "keep";
    case PlanAction::kBlocked:
      return "blocked";
  }
  return "?";
}

std::vector<PlanItem> make_plan(const specs::DesiredState& desired,
                                const std::map<std::string, Result<std::string>>& hashes,
                                const std::vector<ContainerSummary>& containers) {
  ByServer by_server = group_by_server(containers);
  std::vector<PlanItem> plan;
  for (const auto& [name, spec] : desired.servers) {
    auto hash = hashes.find(name);
    Result<std::string> h =
        hash == hashes.end() ? Result<std::string>(Error{"no hash"}) : hash->second;
    plan.push_back(plan_one(spec, h, by_server[name]));
  }
  for (const auto& [name, found] : by_server) {
    if (desired.servers.count(name) != 0 || found.empty()) continue;
    if (!desired.hold_reason.empty()) {
      plan.push_back(PlanItem{name, PlanAction::kKeep, {}, desired.hold_reason});
    } else if (held_by_invalid_file(found.front()->labels, desired.invalid_files)) {
      plan.push_back(PlanItem{name, PlanAction::kKeep, {}, "its spec file is invalid"});
    } else {
      plan.push_back(PlanItem{name, PlanAction::kRemove, {}, "no spec names it"});
    }
  }
  return plan;
}

std::vector<std::string> changed_fields(const std::string& old_canonical,
                                        const std::string& new_canonical) {
  rapidjson::Document before;
  rapidjson::Document after;
  before.Parse(old_canonical.c_str());
  after.Parse(new_canonical.c_str());
  if (before.HasParseError() || after.HasParseError() || !before.IsObject()) {
    return {"spec (the running container predates this berth)"};
  }
  std::set<std::string> keys;
  for (const rapidjson::Document* form : {&before, &after}) {
    // Indexing, not iterator loops: clang flags RapidJSON's iterator != in C++20.
    for (rapidjson::SizeType i = 0; i < form->MemberCount(); ++i) {
      keys.insert((form->MemberBegin() + i)->name.GetString());
    }
  }
  std::vector<std::string> changed;
  for (const std::string& key : keys) {
    const char* name = key.c_str();
    bool same = before.HasMember(name) && after.HasMember(name) && before[name] == after[name];
    // A field the running container's berth did not know yet: the upgrade replaces it.
    if (!same) changed.push_back(before.HasMember(name) ? key : key + " (new in this berth)");
  }
  if (changed.empty()) changed.push_back("secret contents");
  return changed;
}

}  // namespace berth::reconciler
