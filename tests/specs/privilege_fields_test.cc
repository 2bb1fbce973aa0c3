// The least-privilege fields of `spec:`: user, readOnlyRootFilesystem and tmpfs. Each text starts
// with kHead, four lines long, so the fields written after it start at line 5.

#include "specs/privilege_fields.h"

#include <gtest/gtest.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::kHead;
using test::Lines;
using test::parse_errors;
using test::parse_valid;

std::string with(std::string_view body) { return std::string(kHead) + std::string(body); }

TEST(PrivilegeFieldsTest, DefaultsKeepTheImagesUserAndAWritableRoot) {
  ServerSpec spec = parse_valid(kHead);
  EXPECT_EQ(spec.user, "");
  EXPECT_FALSE(spec.read_only_root_filesystem);
  EXPECT_TRUE(spec.tmpfs.empty());
}

TEST(PrivilegeFieldsTest, UserTakesIdsNamesAndGroups) {
  for (const char* user :
       {"65534", "65534:65534", "node", "node:staff", "_app", "1000:users", "www-data:0", "a.b"}) {
    EXPECT_EQ(parse_valid(with("  user: \"" + std::string(user) + "\"\n")).user, user);
  }
}

TEST(PrivilegeFieldsTest, UnquotedNumericUserIsTakenAsText) {
  EXPECT_EQ(parse_valid(with("  user: 1000\n")).user, "1000");
}

TEST(PrivilegeFieldsTest, InvalidUserIsAnErrorWithItsPosition) {
  for (const char* user : {"\"\"", "\"1000:\"", "\":1000\"", "\"a:b:c\"", "\"-x\"", "\"9user\"",
                           "\"99999999999\"", "\"na me\""}) {
    Lines errors = parse_errors(with("  user: " + std::string(user) + "\n"));
    ASSERT_EQ(errors.size(), 1u) << user;
    EXPECT_EQ(errors[0].rfind("specs/everything.yaml:5:9: spec.user: ", 0), 0u) << errors[0];
    EXPECT_NE(errors[0].find("is not a user (uid[:gid]"), std::string::npos) << errors[0];
  }
}

TEST(PrivilegeFieldsTest, UserMustBeAString) {
  EXPECT_EQ(parse_errors(with("  user: [1000]\n")),
            Lines{"specs/everything.yaml:5:9: spec.user: expected a string, got a list"});
}

TEST(PrivilegeFieldsTest, ReadOnlyRootFilesystemIsABoolean) {
  EXPECT_TRUE(parse_valid(with("  readOnlyRootFilesystem: true\n")).read_only_root_filesystem);
  EXPECT_FALSE(parse_valid(with("  readOnlyRootFilesystem: false\n")).read_only_root_filesystem);
  EXPECT_EQ(parse_errors(with("  readOnlyRootFilesystem: yes please\n")),
            Lines{"specs/everything.yaml:5:27: spec.readOnlyRootFilesystem: expected true or "
                  "false, got \"yes please\""});
}

TEST(PrivilegeFieldsTest, TmpfsTakesPathsAndMappings) {
  ServerSpec spec = parse_valid(with(R"(  tmpfs:
    - /tmp
    - {path: /cache/, size: 64Mi, mode: "1777"}
    - {path: /run/app, mode: "0700"}
    - {path: /var/x, size: 1G}
)"));
  EXPECT_EQ(spec.tmpfs, (std::vector<TmpfsMount>{{"/tmp", std::nullopt, std::nullopt},
                                                 {"/cache", 64 << 20, 01777},
                                                 {"/run/app", std::nullopt, 0700},
                                                 {"/var/x", 1000000000, std::nullopt}}));
}

TEST(PrivilegeFieldsTest, TmpfsErrorsNameEachField) {
  EXPECT_EQ(parse_errors(with(R"(  tmpfs:
    - tmp
    - {size: 64Mi}
    - {path: /a, size: 64XB}
    - {path: /b, size: 1K}
    - {path: /c, mode: "999"}
    - {path: /d, moed: "0700"}
    - [/e]
)")),
            (Lines{"specs/everything.yaml:6:7: spec.tmpfs[0]: \"tmp\" must be an absolute path in "
                   "the container",
                   "specs/everything.yaml:7:7: spec.tmpfs[1].path: missing required field",
                   "specs/everything.yaml:8:24: spec.tmpfs[2].size: \"64XB\" is not a size (try "
                   "64Mi)",
                   "specs/everything.yaml:9:24: spec.tmpfs[3].size: \"1K\" is below the minimum "
                   "of 4Ki",
                   "specs/everything.yaml:10:24: spec.tmpfs[4].mode: \"999\" is not an octal mode "
                   "(e.g. \"1777\" or \"0700\")",
                   "specs/everything.yaml:11:18: spec.tmpfs[5].moed: unknown field (did you mean "
                   "\"mode\"?)",
                   "specs/everything.yaml:12:7: spec.tmpfs[6]: expected a path or a mapping "
                   "{path, size, mode}, got a list"}));
}

TEST(PrivilegeFieldsTest, TmpfsMustNotShareAPathWithAVolumeOrAnotherTmpfs) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ./data, target: /data}
  tmpfs:
    - /data
    - /tmp
    - {path: /tmp/}
)")),
            (Lines{"specs/everything.yaml:8:7: spec.tmpfs[0]: \"/data\" is already mounted by "
                   "another secret, volume or tmpfs",
                   "specs/everything.yaml:10:14: spec.tmpfs[2].path: \"/tmp/\" is already "
                   "mounted by another secret, volume or tmpfs"}));
}

TEST(PrivilegeFieldsTest, TmpfsMustBeAList) {
  EXPECT_EQ(parse_errors(with("  tmpfs: /tmp\n")),
            Lines{"specs/everything.yaml:5:10: spec.tmpfs: expected a list, got \"/tmp\""});
}

}  // namespace
}  // namespace berth::specs
