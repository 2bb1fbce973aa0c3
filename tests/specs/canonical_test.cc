#include "specs/canonical.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using test::parse_valid;

const std::string kKey(32, 'k');
const std::map<std::string, std::string> kSecrets = {{"github-token", "ghp_s3cr3t-value"},
                                                     {"tls-key", "-----BEGIN KEY-----"}};

// A spec using every field that shapes the container.
constexpr char kBase[] = R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name: everything
  labels: {team: tools}
spec:
  image: mcp/everything:latest
  command: [node, /app/index.js]
  args: [stdio]
  env: {LOG_LEVEL: info}
  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
    - {name: tls-key, path: /run/secrets/tls.key}
  volumes:
    - {source: ./data, target: /data, readOnly: true}
    - {source: cache, target: /cache}
  resources: {memory: 512Mi, cpus: 0.5, pids: 256}
  user: "65534:65534"
  readOnlyRootFilesystem: true
  tmpfs:
    - /tmp
    - {path: /cache/x, size: 64Mi, mode: "0700"}
  transport: {type: streamable-http, port: 3001, path: /mcp}
  network: bridge
)";

std::string hash_of(std::string_view text,
                    const std::map<std::string, std::string>& secrets = kSecrets,
                    const std::string& key = kKey) {
  return SpecHasher(key).hash(parse_valid(text), secrets);
}

// kBase with the first `from` replaced by `to`.
std::string edited(std::string_view from, std::string_view to) {
  std::string text = kBase;
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(CanonicalTest, JsonHasSortedKeysNormalisedUnitsAndNoSourceDetails) {
  EXPECT_EQ(
      canonical_json(parse_valid(kBase)),
      R"({"args":["stdio"],"command":["node","/app/index.js"],"env":{"LOG_LEVEL":"info"},)"
      R"("image":"mcp/everything:latest","labels":{"team":"tools"},"name":"everything",)"
      R"("network":"bridge","readOnlyRootFilesystem":true,)"
      R"("resources":{"cpus":500000000,"memory":536870912,"pids":256},)"
      R"("secrets":[{"env":"GITHUB_TOKEN","name":"github-token","path":""},)"
      R"({"env":"","name":"tls-key","path":"/run/secrets/tls.key"}],)"
      R"("tmpfs":[{"mode":448,"size":67108864,"target":"/cache/x"},)"
      R"({"mode":null,"size":null,"target":"/tmp"}],)"
      R"("transport":{"path":"/mcp","port":3001,"type":"streamable-http"},"user":"65534:65534",)"
      R"("volumes":[{"named":true,"readOnly":false,"source":"cache","target":"/cache"},)"
      R"({"named":false,"readOnly":true,"source":"/specs/data","target":"/data"}]})");
}

TEST(CanonicalTest, JsonKeepsAbsentAndEmptyApart) {
  std::string absent = canonical_json(parse_valid(test::kHead));
  std::string empty = canonical_json(parse_valid(std::string(test::kHead) + "  args: []\n"));
  EXPECT_NE(absent.find(R"("args":null)"), std::string::npos) << absent;
  EXPECT_NE(empty.find(R"("args":[])"), std::string::npos) << empty;
}

TEST(CanonicalTest, JsonNeverContainsSecretContents) {
  ServerSpec spec = parse_valid(kBase);
  std::string json = canonical_json(spec);
  for (const auto& [name, value] : kSecrets) {
    EXPECT_EQ(json.find(value), std::string::npos) << name;
  }
  EXPECT_EQ(json.find("s3cr3t"), std::string::npos);
}

TEST(CanonicalTest, HashIsLowercaseHexSha256) {
  std::string hash = hash_of(kBase);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  EXPECT_EQ(hash, hash_of(kBase));
}

TEST(CanonicalTest, HashIgnoresKeyOrderCommentsAndQuoting) {
  EXPECT_EQ(hash_of(kBase), hash_of(R"(# The everything server.
spec:
  network: "bridge"
  transport: {path: /mcp, port: 3001, type: streamable-http}   # HTTP
  resources: {pids: 256, cpus: 0.5, memory: 512Mi}
  tmpfs: [{mode: "0700", path: /cache/x/, size: 67108864}, {path: /tmp}]
  readOnlyRootFilesystem: True
  user: '65534:65534'
  volumes:
    - {target: /data, readOnly: true, source: ./data}
    - {target: /cache, source: "cache"}
  secrets:
    - {env: GITHUB_TOKEN, name: 'github-token'}
    - {path: /run/secrets/tls.key, name: tls-key}
  env: {"LOG_LEVEL": 'info'}
  args: ["stdio"]
  command:
    - node
    - '/app/index.js'
  image: 'mcp/everything:latest'
metadata:
  labels: {'team': "tools"}
  name: everything
kind: MCPServer
apiVersion: berth/v1
)"));
}

TEST(CanonicalTest, HashIgnoresTheOrderOfSecretsAndVolumes) {
  EXPECT_EQ(hash_of(kBase), hash_of(edited(R"(    - {name: github-token, env: GITHUB_TOKEN}
    - {name: tls-key, path: /run/secrets/tls.key}
)",
                                           R"(    - {name: tls-key, path: /run/secrets/tls.key}
    - {name: github-token, env: GITHUB_TOKEN}
)")));
  EXPECT_EQ(hash_of(kBase), hash_of(edited(R"(    - {source: ./data, target: /data, readOnly: true}
    - {source: cache, target: /cache}
)",
                                           R"(    - {source: cache, target: /cache}
    - {source: ./data, target: /data, readOnly: true}
)")));
}

TEST(CanonicalTest, HashIgnoresDefaultsWrittenOut) {
  std::string minimal = std::string(test::kHead);
  EXPECT_EQ(hash_of(minimal), hash_of(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {name: everything, labels: {}}
spec:
  image: mcp/everything
  pull: IfNotPresent
  env: {}
  secrets: []
  volumes: []
  resources: {}
  readOnlyRootFilesystem: false
  tmpfs: []
  transport: {type: stdio}
  network: bridge
  health: {interval: 30s, timeout: 5s, failureThreshold: 3}
  restart: {initialDelay: 1s, maxDelay: 5m}
)"));
  EXPECT_EQ(hash_of(minimal + "  transport: {type: sse, port: 1}\n"),
            hash_of(minimal + "  transport: {type: sse, port: 1, path: /sse}\n"));
  EXPECT_EQ(hash_of(minimal + "  volumes: [{source: ./data, target: /data}]\n"),
            hash_of(minimal + "  volumes: [{source: ./data/, target: /data/, readOnly: false}]\n"));
}

TEST(CanonicalTest, HashIgnoresEquivalentUnits) {
  std::string minimal = std::string(test::kHead);
  EXPECT_EQ(hash_of(minimal + "  resources: {memory: 512Mi, cpus: 0.5}\n"),
            hash_of(minimal + "  resources: {memory: 536870912, cpus: 500m}\n"));
}

TEST(CanonicalTest, HashChangesWithEveryPartOfTheContainer) {
  struct Edit {
    const char* from;
    const char* to;
  };
  std::string base = hash_of(kBase);
  for (Edit edit : {
           Edit{"image: mcp/everything:latest", "image: mcp/everything:1.0"},
           Edit{"command: [node, /app/index.js]", "command: [node, /app/main.js]"},
           Edit{"command: [node, /app/index.js]", "command: [/app/index.js, node]"},
           Edit{"  command: [node, /app/index.js]\n", ""},
           Edit{"args: [stdio]", "args: [stdio, --verbose]"},
           Edit{"args: [stdio]", "args: []"},
           Edit{"env: {LOG_LEVEL: info}", "env: {LOG_LEVEL: debug}"},
           Edit{"env: {LOG_LEVEL: info}", "env: {LOG_LEVEL: info, EXTRA: x}"},
           Edit{"{name: github-token, env: GITHUB_TOKEN}", "{name: github-pat, env: GITHUB_TOKEN}"},
           Edit{"{name: github-token, env: GITHUB_TOKEN}", "{name: github-token, env: GH_TOKEN}"},
           Edit{"{name: github-token, env: GITHUB_TOKEN}",
                "{name: github-token, path: /run/secrets/github}"},
           Edit{"path: /run/secrets/tls.key", "path: /run/secrets/key.pem"},
           Edit{"source: ./data", "source: ./other"},
           Edit{"source: ./data", "source: data"},
           Edit{"target: /data", "target: /srv/data"},
           Edit{"readOnly: true", "readOnly: false"},
           Edit{"    - {source: cache, target: /cache}\n", ""},
           Edit{"memory: 512Mi", "memory: 1Gi"},
           Edit{"cpus: 0.5", "cpus: 1"},
           Edit{"pids: 256", "pids: 512"},
           Edit{"{memory: 512Mi, cpus: 0.5, pids: 256}", "{cpus: 0.5, pids: 256}"},
           Edit{"type: streamable-http", "type: sse"},
           Edit{"port: 3001", "port: 3002"},
           Edit{"path: /mcp", "path: /mcp/v2"},
           Edit{"network: bridge", "network: backend"},
           Edit{"user: \"65534:65534\"", "user: \"65534\""},
           Edit{"  user: \"65534:65534\"\n", ""},
           Edit{"readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"},
           Edit{"    - /tmp\n", ""},
           Edit{"    - /tmp\n", "    - /var/tmp\n"},
           Edit{"size: 64Mi", "size: 32Mi"},
           Edit{"mode: \"0700\"", "mode: \"0750\""},
           Edit{"labels: {team: tools}", "labels: {team: infra}"},
           Edit{"labels: {team: tools}", "labels: {team: tools, tier: gold}"},
           Edit{"name: everything", "name: everything-2"},
       }) {
    EXPECT_NE(hash_of(edited(edit.from, edit.to)), base) << edit.from << " -> " << edit.to;
  }
}

TEST(CanonicalTest, HashChangesWithSecretContents) {
  std::map<std::string, std::string> rotated = kSecrets;
  rotated["github-token"] = "ghp_n3w-value";
  EXPECT_NE(hash_of(kBase, rotated), hash_of(kBase));
  rotated["github-token"] = kSecrets.at("github-token") + "\n";
  EXPECT_NE(hash_of(kBase, rotated), hash_of(kBase));
}

TEST(CanonicalTest, HashTellsAMissingSecretFromAnEmptyOne) {
  std::map<std::string, std::string> empty = kSecrets;
  empty["github-token"] = "";
  std::map<std::string, std::string> missing = kSecrets;
  missing.erase("github-token");
  EXPECT_NE(hash_of(kBase, empty), hash_of(kBase, missing));
  EXPECT_NE(hash_of(kBase, missing), hash_of(kBase));
}

TEST(CanonicalTest, HashIgnoresSecretValuesTheSpecDoesNotUse) {
  std::map<std::string, std::string> more = kSecrets;
  more["unused"] = "value";
  EXPECT_EQ(hash_of(kBase, more), hash_of(kBase));
}

TEST(CanonicalTest, HashIgnoresPullHealthAndRestart) {
  std::string base = hash_of(kBase);
  EXPECT_EQ(hash_of(std::string(kBase) + "  pull: Always\n"), base);
  EXPECT_EQ(hash_of(std::string(kBase) + "  pull: Never\n"), base);
  EXPECT_EQ(hash_of(std::string(kBase) + "  health: {interval: 1m, timeout: 10s, "
                                         "failureThreshold: 5}\n"),
            base);
  EXPECT_EQ(hash_of(std::string(kBase) + "  restart: {initialDelay: 5s, maxDelay: 1h}\n"), base);
}

// The proxy applies a server's required scopes live: they never replace its container.
TEST(CanonicalTest, HashAndCanonicalFormIgnoreAuth) {
  std::string with_auth = std::string(kBase) + "  auth: {scopes: [mcp:tools]}\n";
  EXPECT_EQ(hash_of(with_auth), hash_of(kBase));
  EXPECT_EQ(canonical_json(parse_valid(with_auth)), canonical_json(parse_valid(kBase)));
  EXPECT_EQ(parse_valid(with_auth).auth.scopes, std::vector<std::string>{"mcp:tools"});
}

TEST(CanonicalTest, HashIgnoresTheSourceFile) {
  ServerSpec a = parse_valid(kBase, "a.yaml");
  ServerSpec b = parse_valid(kBase, "b.yaml");
  EXPECT_EQ(SpecHasher(kKey).hash(a, kSecrets), SpecHasher(kKey).hash(b, kSecrets));
}

TEST(CanonicalTest, HashIsKeyedSoTheSameSecretHashesDifferentlyUnderAnotherKey) {
  EXPECT_NE(hash_of(kBase, kSecrets, std::string(32, 'a')),
            hash_of(kBase, kSecrets, std::string(32, 'b')));
}

TEST(CanonicalTest, HashWithoutSecretsDoesNotDependOnTheKey) {
  EXPECT_EQ(hash_of(test::kHead, {}, std::string(32, 'a')),
            hash_of(test::kHead, {}, std::string(32, 'b')));
}

}  // namespace
}  // namespace berth::specs
