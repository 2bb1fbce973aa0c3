#include "reconciler/plan.h"

#include <gtest/gtest.h>

#include "reconciler/container_plan.h"
#include "specs/canonical.h"
#include "specs/spec_parser.h"

namespace berth::reconciler {
namespace {

specs::ServerSpec spec_of(const std::string& name, const std::string& body) {
  std::string text = "apiVersion: berth/v1\nkind: MCPServer\nspec:\n" + body;
  auto parsed = specs::parse_spec(text, specs::SpecSource{name + ".yaml", name, "/s"});
  EXPECT_TRUE(parsed.spec) << parsed.errors.front().to_string();
  return parsed.spec.value_or(specs::ServerSpec{});
}

ContainerSummary running(const specs::ServerSpec& spec, const std::string& hash) {
  Labels labels = instance_selector("default");
  labels[kLabelServer] = spec.name;
  labels[kLabelHash] = hash;
  labels[kLabelSpec] = specs::canonical_json(spec);
  return ContainerSummary{"id-" + spec.name, "n", "running", labels};
}

TEST(PlanTest, NamesEachActionAndTheFieldsThatChanged) {
  specs::DesiredState desired;
  desired.servers["fresh"] = spec_of("fresh", "  image: a\n");
  desired.servers["same"] = spec_of("same", "  image: a\n");
  desired.servers["edited"] = spec_of("edited", "  image: b\n  env: {X: '2'}\n");
  desired.servers["locked"] = spec_of("locked", "  image: a\n");
  specs::ServerSpec old_edited = spec_of("edited", "  image: a\n  env: {X: '1'}\n");
  std::vector<ContainerSummary> containers{running(desired.servers["same"], "h-same"),
                                           running(old_edited, "h-old"),
                                           running(spec_of("gone", "  image: a\n"), "h-gone")};
  std::map<std::string, Result<std::string>> hashes{
      {"fresh", std::string("h-fresh")},
      {"same", std::string("h-same")},
      {"edited", std::string("h-new")},
      {"locked", Error{"secret file secrets/token is missing"}}};
  std::vector<PlanItem> plan = make_plan(desired, hashes, containers);
  ASSERT_EQ(plan.size(), 5u);
  EXPECT_EQ(plan[0].server, "edited");
  EXPECT_EQ(plan[0].action, PlanAction::kReplace);
  EXPECT_EQ(plan[0].changed, (std::vector<std::string>{"env", "image"}));
  EXPECT_EQ(plan[1].action, PlanAction::kCreate);
  EXPECT_EQ(plan[2].action, PlanAction::kBlocked);
  EXPECT_EQ(plan[2].detail, "secret file secrets/token is missing");
  EXPECT_EQ(plan[3].action, PlanAction::kKeep);
  EXPECT_EQ(plan[4].server, "gone");
  EXPECT_EQ(plan[4].action, PlanAction::kRemove);
}

TEST(PlanTest, EqualCanonicalFormsMeanASecretChanged) {
  std::string form = specs::canonical_json(spec_of("a", "  image: a\n"));
  EXPECT_EQ(changed_fields(form, form), std::vector<std::string>{"secret contents"});
}

TEST(PlanTest, NamesTheLeastPrivilegeFields) {
  std::string before = specs::canonical_json(spec_of("a", "  image: a\n"));
  std::string after = specs::canonical_json(spec_of("a", R"(  image: a
  user: "65534"
  readOnlyRootFilesystem: true
  tmpfs: [/tmp]
)"));
  EXPECT_EQ(changed_fields(before, after),
            (std::vector<std::string>{"readOnlyRootFilesystem", "tmpfs", "user"}));
}

TEST(PlanTest, FieldsTheOldFormLacksAreNamedAsNew) {
  std::string after = specs::canonical_json(spec_of("a", "  image: a\n"));
  std::string before = R"({"args":null,"command":null,"env":{},"image":"a","labels":{},)"
                       R"("name":"a","network":"bridge",)"
                       R"("resources":{"cpus":null,"memory":null,"pids":null},"secrets":[],)"
                       R"("transport":{"path":"","port":0,"type":"stdio"},"volumes":[]})";
  EXPECT_EQ(changed_fields(before, after),
            (std::vector<std::string>{"readOnlyRootFilesystem (new in this berth)",
                                      "tmpfs (new in this berth)", "user (new in this berth)"}));
}

TEST(PlanTest, ContainerWithoutACanonicalLabelIsStillReplaced) {
  EXPECT_EQ(changed_fields("", specs::canonical_json(spec_of("a", "  image: a\n"))),
            std::vector<std::string>{"spec (the running container predates this berth)"});
}

}  // namespace
}  // namespace berth::reconciler
