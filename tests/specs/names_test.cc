#include "specs/names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth::specs {
namespace {

using Strings = std::vector<std::string>;

const std::string kDigest =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(NamesTest, ServerNameAcceptsDnsLabels) {
  for (const std::string& name :
       Strings{"everything", "a", "0", "github-2", "a--b", std::string(63, 'x')}) {
    EXPECT_TRUE(is_server_name(name)) << name;
  }
}

TEST(NamesTest, ServerNameRejectsAnythingElse) {
  for (const std::string& name :
       Strings{"", "-a", "a-", "Everything", "a_b", "a.b", "a b", "ä", std::string(64, 'x')}) {
    EXPECT_FALSE(is_server_name(name)) << name;
  }
}

TEST(NamesTest, EnvNameAcceptsShellIdentifiers) {
  for (const char* name : {"GITHUB_TOKEN", "_", "_x1", "log_level", "A"}) {
    EXPECT_TRUE(is_env_name(name)) << name;
  }
}

TEST(NamesTest, EnvNameRejectsAnythingElse) {
  for (const char* name : {"", "1A", "A-B", "A B", "A=B", "A.B", "$A"}) {
    EXPECT_FALSE(is_env_name(name)) << name;
  }
}

TEST(NamesTest, SecretNameAcceptsPlainFileNames) {
  for (const std::string& name :
       Strings{"github-token", "tls.key", "A_1", "x", std::string(255, 'k')}) {
    EXPECT_TRUE(is_secret_name(name)) << name;
  }
}

TEST(NamesTest, SecretNameRejectsPathsHiddenFilesAndLongNames) {
  for (const std::string& name :
       Strings{"", ".hidden", "..", "a/b", "/etc/passwd", "-x", "a b", std::string(256, 'k')}) {
    EXPECT_FALSE(is_secret_name(name)) << name;
  }
}

TEST(NamesTest, DockerObjectNameFollowsDockersRule) {
  for (const char* name : {"bridge", "my_net.1-x", "A", "0"}) {
    EXPECT_TRUE(is_docker_object_name(name)) << name;
  }
  for (const char* name : {"", "-x", "_x", ".x", "my net", "a/b", "a:b"}) {
    EXPECT_FALSE(is_docker_object_name(name)) << name;
  }
}

TEST(NamesTest, ImageReferenceAcceptsDockerReferences) {
  for (const std::string& ref :
       Strings{"alpine", "mcp/everything", "mcp/everything:latest", "ghcr.io/org/team/image:1.0",
               "localhost/image", "localhost:5000/image:v2", "registry.example.com:5000/a/b",
               "Registry/image", "a__b/c.d-e_f", "a---b", "image:_tag",
               "image:" + std::string(128, 't'), "image@" + kDigest,
               "ghcr.io/org/image:1.0@" + kDigest}) {
    EXPECT_TRUE(is_image_reference(ref)) << ref;
  }
}

TEST(NamesTest, ImageReferenceRejectsMalformedReferences) {
  for (const std::string& ref :
       Strings{"", "Alpine", "mcp/Everything", "mcp/everything:", "image:-tag", "image:a b",
               "image:" + std::string(129, 't'), "/image", "image/", "a//b", "a..b", "a___b", "-a",
               "a-", "a_", "image@sha256:abc", "image@md5:0123456789abcdef0123456789abcdef",
               "image@" + kDigest + "0", "mcp everything"}) {
    EXPECT_FALSE(is_image_reference(ref)) << ref;
  }
}

}  // namespace
}  // namespace berth::specs
