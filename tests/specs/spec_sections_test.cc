// The sections of `spec:`: secrets, volumes, resources, transport, health and restart. Each text
// starts with kHead, four lines long, so the section written after it starts at line 5.

#include "specs/spec_sections.h"

#include <gtest/gtest.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using test::kHead;
using test::Lines;
using test::parse_errors;
using test::parse_valid;

std::string with(std::string_view body) { return std::string(kHead) + std::string(body); }

// --- secrets ---

TEST(SpecSectionsTest, SecretAsEnvOrAsFile) {
  ServerSpec spec = parse_valid(with(R"(  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
    - {name: tls.key, path: /run/secrets/tls.key}
)"));
  EXPECT_EQ(spec.secrets,
            (std::vector<SecretRef>{{"github-token", "GITHUB_TOKEN", "", {6, 14}},
                                    {"tls.key", "", "/run/secrets/tls.key", {7, 14}}}));
}

TEST(SpecSectionsTest, SecretWithNeitherEnvNorPathIsAnError) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: github-token}
)")),
            Lines{"specs/everything.yaml:6:7: spec.secrets[0]: secret \"github-token\" needs env "
                  "(an environment variable) or path (a file in the container)"});
}

TEST(SpecSectionsTest, SecretWithBothEnvAndPathIsAnError) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - name: github-token
      env: GITHUB_TOKEN
      path: /run/secrets/token
)")),
            Lines{"specs/everything.yaml:6:7: spec.secrets[0]: secret \"github-token\" sets both "
                  "env and path; choose one"});
}

TEST(SpecSectionsTest, SecretWithoutNameIsAnError) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {env: GITHUB_TOKEN}
)")),
            Lines{"specs/everything.yaml:6:7: spec.secrets[0].name: missing required field"});
}

TEST(SpecSectionsTest, EmptySecretNamesNoSecretInItsMessage) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {}
)")),
            (Lines{"specs/everything.yaml:6:7: spec.secrets[0].name: missing required field",
                   "specs/everything.yaml:6:7: spec.secrets[0]: a secret needs env (an "
                   "environment variable) or path (a file in the container)"}));
}

TEST(SpecSectionsTest, SecretNameMustBeAPlainFileName) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: ../etc/passwd, env: A}
    - {name: .token, env: B}
)")),
            (Lines{"specs/everything.yaml:6:14: spec.secrets[0].name: \"../etc/passwd\" is not "
                   "a valid secret file name ([A-Za-z0-9][A-Za-z0-9._-]*, no '/')",
                   "specs/everything.yaml:7:14: spec.secrets[1].name: \".token\" is not a valid "
                   "secret file name ([A-Za-z0-9][A-Za-z0-9._-]*, no '/')"}));
}

TEST(SpecSectionsTest, SecretEnvMustBeAValidName) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: github-token, env: GITHUB-TOKEN}
)")),
            Lines{"specs/everything.yaml:6:33: spec.secrets[0].env: \"GITHUB-TOKEN\" is not a "
                  "valid environment variable name"});
}

TEST(SpecSectionsTest, SecretEnvMustNotRepeatSpecEnv) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
  env: {GITHUB_TOKEN: oops}
)")),
            Lines{"specs/everything.yaml:6:33: spec.secrets[0].env: \"GITHUB_TOKEN\" is also set "
                  "in spec.env"});
}

TEST(SpecSectionsTest, TwoSecretsMustNotSetTheSameEnv) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: token-a, env: TOKEN}
    - {name: token-b, env: TOKEN}
)")),
            Lines{"specs/everything.yaml:7:28: spec.secrets[1].env: \"TOKEN\" is already set by "
                  "another secret"});
}

TEST(SpecSectionsTest, SecretPathMustBeAbsolute) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: tls-key, path: run/tls.key}
)")),
            Lines{"specs/everything.yaml:6:29: spec.secrets[0].path: \"run/tls.key\" must be an "
                  "absolute path in the container"});
}

TEST(SpecSectionsTest, SecretPathIsNormalised) {
  ServerSpec spec = parse_valid(with(R"(  secrets:
    - {name: tls-key, path: /run//secrets/./tls.key}
)"));
  ASSERT_EQ(spec.secrets.size(), 1u);
  EXPECT_EQ(spec.secrets[0].path, "/run/secrets/tls.key");
}

TEST(SpecSectionsTest, SecretPathMustNotBeMountedTwice) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: key-a, path: /run/key}
    - {name: key-b, path: /run/key/}
)")),
            Lines{"specs/everything.yaml:7:27: spec.secrets[1].path: \"/run/key/\" is already "
                  "mounted by another secret, volume or tmpfs"});
}

TEST(SpecSectionsTest, SecretUnknownFieldSuggestsTheName) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: github-token, evn: GITHUB_TOKEN}
)")),
            (Lines{"specs/everything.yaml:6:7: spec.secrets[0]: secret \"github-token\" needs env "
                   "(an environment variable) or path (a file in the container)",
                   "specs/everything.yaml:6:28: spec.secrets[0].evn: unknown field (did you mean "
                   "\"env\"?)"}));
}

TEST(SpecSectionsTest, SecretsMustBeAListOfMappings) {
  EXPECT_EQ(parse_errors(with("  secrets: {github-token: GITHUB_TOKEN}\n")),
            Lines{"specs/everything.yaml:5:12: spec.secrets: expected a list, got a mapping"});
  EXPECT_EQ(parse_errors(with("  secrets: [github-token, ~]\n")),
            (Lines{"specs/everything.yaml:5:13: spec.secrets[0]: expected a mapping, got "
                   "\"github-token\"",
                   "specs/everything.yaml:5:27: spec.secrets[1]: expected a mapping, got "
                   "nothing"}));
}

// --- volumes ---

TEST(SpecSectionsTest, VolumeSourcesResolveAgainstTheSpecDirectory) {
  ServerSpec spec = parse_valid(with(R"(  volumes:
    - {source: ./data, target: /data, readOnly: true}
    - {source: ../shared/, target: /shared}
    - {source: ., target: /here}
    - {source: /srv//cache/./x/, target: /cache, readOnly: false}
    - {source: models, target: /models}
)"));
  EXPECT_EQ(spec.volumes, (std::vector<VolumeMount>{{"/specs/data", "/data", true, false},
                                                    {"/shared", "/shared", false, false},
                                                    {"/specs", "/here", false, false},
                                                    {"/srv/cache/x", "/cache", false, false},
                                                    {"models", "/models", false, true}}));
}

TEST(SpecSectionsTest, VolumeTargetIsNormalised) {
  ServerSpec spec = parse_valid(with(R"(  volumes:
    - {source: ./data, target: /srv/../data/}
)"));
  ASSERT_EQ(spec.volumes.size(), 1u);
  EXPECT_EQ(spec.volumes[0].target, "/data");
}

TEST(SpecSectionsTest, VolumeSourceMustBeAPathOrAVolumeName) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ~/data, target: /data}
    - {source: .data, target: /dot}
)")),
            (Lines{"specs/everything.yaml:6:16: spec.volumes[0].source: \"~/data\" is neither a "
                   "host path (absolute, or starting with ./ or ../) nor a volume name",
                   "specs/everything.yaml:7:16: spec.volumes[1].source: \".data\" is neither a "
                   "host path (absolute, or starting with ./ or ../) nor a volume name"}));
}

TEST(SpecSectionsTest, VolumeNeedsSourceAndTarget) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {target: /data}
    - {source: ./data}
)")),
            (Lines{"specs/everything.yaml:6:7: spec.volumes[0].source: missing required field",
                   "specs/everything.yaml:7:7: spec.volumes[1].target: missing required field"}));
}

TEST(SpecSectionsTest, VolumeTargetMustBeAbsolute) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ./data, target: data}
)")),
            Lines{"specs/everything.yaml:6:32: spec.volumes[0].target: \"data\" must be an "
                  "absolute path in the container"});
}

TEST(SpecSectionsTest, VolumeTargetMustNotBeTheRoot) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ./data, target: /.}
)")),
            Lines{"specs/everything.yaml:6:32: spec.volumes[0].target: \"/.\" is the "
                  "container's root; mount below it"});
}

TEST(SpecSectionsTest, VolumeTargetMustNotBeMountedTwice) {
  EXPECT_EQ(parse_errors(with(R"(  secrets:
    - {name: tls-key, path: /run/tls.key}
  volumes:
    - {source: ./data, target: /data}
    - {source: ./other, target: /data/}
    - {source: ./key, target: /run/tls.key}
)")),
            (Lines{"specs/everything.yaml:9:33: spec.volumes[1].target: \"/data/\" is already "
                   "mounted by another secret, volume or tmpfs",
                   "specs/everything.yaml:10:31: spec.volumes[2].target: \"/run/tls.key\" is "
                   "already mounted by another secret, volume or tmpfs"}));
}

TEST(SpecSectionsTest, VolumeReadOnlyMustBeABoolean) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ./data, target: /data, readOnly: yes}
)")),
            Lines{"specs/everything.yaml:6:49: spec.volumes[0].readOnly: expected true or false, "
                  "got \"yes\""});
}

TEST(SpecSectionsTest, VolumeUnknownFieldSuggestsTheName) {
  EXPECT_EQ(parse_errors(with(R"(  volumes:
    - {source: ./data, target: /data, readonly: true}
)")),
            Lines{"specs/everything.yaml:6:39: spec.volumes[0].readonly: unknown field (did you "
                  "mean \"readOnly\"?)"});
}

TEST(SpecSectionsTest, VolumesMustBeAList) {
  EXPECT_EQ(parse_errors(with("  volumes: ./data:/data\n")),
            Lines{"specs/everything.yaml:5:12: spec.volumes: expected a list, got "
                  "\"./data:/data\""});
}

// --- resources ---

TEST(SpecSectionsTest, ResourcesNormaliseUnits) {
  ServerSpec spec = parse_valid(with("  resources: {memory: 1.5Gi, cpus: 500m, pids: 256}\n"));
  EXPECT_EQ(spec.resources, (Resources{1536LL * 1024 * 1024, 500000000, 256}));
}

TEST(SpecSectionsTest, MemoryAcceptsEveryUnit) {
  struct Case {
    const char* text;
    int64_t bytes;
  };
  for (Case c :
       {Case{"536870912", 536870912}, Case{"8192Ki", 8192LL * 1024}, Case{"512Mi", 512LL << 20},
        Case{"2Gi", 2LL << 30}, Case{"1Ti", 1LL << 40}, Case{"7000K", 7000000},
        Case{"512M", 512000000}, Case{"2G", 2000000000}, Case{"1T", 1000000000000}}) {
    ServerSpec spec = parse_valid(with(std::string("  resources: {memory: ") + c.text + "}\n"));
    EXPECT_EQ(spec.resources.memory_bytes, c.bytes) << c.text;
  }
}

// The example of the issue, at the position it names.
TEST(SpecSectionsTest, BadMemoryUnitSuggestsASize) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name: github
spec:
  image: ghcr.io/github/github-mcp-server
  secrets:
    - {name: github-token, env: GITHUB_PERSONAL_ACCESS_TOKEN}
  transport:
    type: stdio
  resources:
    memory: 512XB
)",
                         "github.yaml"),
            Lines{"specs/github.yaml:12:13: spec.resources.memory: \"512XB\" is not a size (try "
                  "512Mi)"});
}

TEST(SpecSectionsTest, BadMemoryUnitKeepsTheUnitMeant) {
  EXPECT_EQ(parse_errors(with("  resources: {memory: 1GB}\n")),
            Lines{"specs/everything.yaml:5:23: spec.resources.memory: \"1GB\" is not a size (try "
                  "1Gi)"});
}

TEST(SpecSectionsTest, MemoryBelowDockersMinimumIsAnError) {
  EXPECT_EQ(parse_errors(with("  resources: {memory: 4Mi}\n")),
            Lines{"specs/everything.yaml:5:23: spec.resources.memory: \"4Mi\" is below Docker's "
                  "minimum of 6Mi"});
}

TEST(SpecSectionsTest, MemoryMustBeAScalar) {
  EXPECT_EQ(parse_errors(with("  resources: {memory: [512Mi]}\n")),
            Lines{"specs/everything.yaml:5:23: spec.resources.memory: expected a string, got a "
                  "list"});
}

TEST(SpecSectionsTest, CpusAcceptNumbersAndMilliCpus) {
  EXPECT_EQ(parse_valid(with("  resources: {cpus: 2}\n")).resources.nano_cpus, 2000000000);
  EXPECT_EQ(parse_valid(with("  resources: {cpus: 0.5}\n")).resources.nano_cpus, 500000000);
  EXPECT_EQ(parse_valid(with("  resources: {cpus: \"500m\"}\n")).resources.nano_cpus, 500000000);
  EXPECT_EQ(parse_valid(with("  resources: {cpus: 1m}\n")).resources.nano_cpus, 1000000);
}

TEST(SpecSectionsTest, BadCpuUnitIsAnError) {
  EXPECT_EQ(parse_errors(with("  resources: {cpus: 2cores}\n")),
            Lines{"specs/everything.yaml:5:21: spec.resources.cpus: \"2cores\" is not a CPU "
                  "amount (try 0.5 or 500m)"});
}

TEST(SpecSectionsTest, CpusBelowOneMilliCpuIsAnError) {
  EXPECT_EQ(parse_errors(with("  resources: {cpus: 0.0001}\n")),
            Lines{"specs/everything.yaml:5:21: spec.resources.cpus: \"0.0001\" is below the "
                  "minimum of 1m (0.001 CPU)"});
}

TEST(SpecSectionsTest, PidsMustBeAWholeNumberInRange) {
  EXPECT_EQ(parse_errors(with("  resources: {pids: 0}\n")),
            Lines{"specs/everything.yaml:5:21: spec.resources.pids: 0 is out of range "
                  "(1-4194304)"});
  EXPECT_EQ(parse_errors(with("  resources: {pids: 2.5}\n")),
            Lines{"specs/everything.yaml:5:21: spec.resources.pids: \"2.5\" is not a whole "
                  "number"});
  EXPECT_EQ(parse_errors(with("  resources: {pids: [1]}\n")),
            Lines{"specs/everything.yaml:5:21: spec.resources.pids: expected a whole number, got "
                  "a list"});
}

TEST(SpecSectionsTest, ResourcesUnknownFieldSuggestsTheName) {
  EXPECT_EQ(parse_errors(with("  resources: {memroy: 512Mi}\n")),
            Lines{"specs/everything.yaml:5:15: spec.resources.memroy: unknown field (did you mean "
                  "\"memory\"?)"});
}

// --- transport ---

TEST(SpecSectionsTest, TransportDefaultsToStdio) {
  EXPECT_EQ(parse_valid(with("  transport: {}\n")).transport,
            (Transport{TransportType::kStdio, 0, ""}));
  EXPECT_EQ(parse_valid(with("  transport: {type: stdio}\n")).transport,
            (Transport{TransportType::kStdio, 0, ""}));
}

TEST(SpecSectionsTest, HttpTransportsGetTheirDefaultPaths) {
  EXPECT_EQ(parse_valid(with("  transport: {type: streamable-http, port: 3001}\n")).transport,
            (Transport{TransportType::kStreamableHttp, 3001, "/mcp"}));
  EXPECT_EQ(parse_valid(with("  transport: {type: sse, port: 8080}\n")).transport,
            (Transport{TransportType::kSse, 8080, "/sse"}));
}

TEST(SpecSectionsTest, TransportPathCanBeSet) {
  EXPECT_EQ(parse_valid(with("  transport: {type: sse, port: 1, path: /events}\n")).transport,
            (Transport{TransportType::kSse, 1, "/events"}));
}

TEST(SpecSectionsTest, HttpTransportWithoutPortIsAnError) {
  EXPECT_EQ(parse_errors(with("  transport: {type: streamable-http}\n")),
            Lines{"specs/everything.yaml:5:14: spec.transport.port: missing required field (the "
                  "container port that streamable-http listens on)"});
}

TEST(SpecSectionsTest, PortMustBeInRange) {
  EXPECT_EQ(parse_errors(with("  transport: {type: sse, port: 65536}\n")),
            Lines{"specs/everything.yaml:5:32: spec.transport.port: 65536 is out of range "
                  "(1-65535)"});
  EXPECT_EQ(parse_errors(with("  transport: {type: sse, port: http}\n")),
            Lines{"specs/everything.yaml:5:32: spec.transport.port: \"http\" is not a whole "
                  "number"});
}

TEST(SpecSectionsTest, TransportPathMustStartWithSlash) {
  EXPECT_EQ(parse_errors(with("  transport: {type: sse, port: 1, path: events}\n")),
            Lines{"specs/everything.yaml:5:41: spec.transport.path: \"events\" must start with "
                  "'/'"});
}

TEST(SpecSectionsTest, StdioRefusesPortAndPath) {
  EXPECT_EQ(parse_errors(with(R"(  transport:
    port: 3001
    path: /mcp
)")),
            (Lines{"specs/everything.yaml:6:5: spec.transport.port: only streamable-http and sse "
                   "use it",
                   "specs/everything.yaml:7:5: spec.transport.path: only streamable-http and sse "
                   "use it"}));
}

TEST(SpecSectionsTest, BadTransportTypeIsTheOnlyErrorAboutItsPort) {
  EXPECT_EQ(parse_errors(with("  transport: {type: http, port: 3001}\n")),
            Lines{"specs/everything.yaml:5:21: spec.transport.type: \"http\" is not one of stdio, "
                  "streamable-http, sse"});
  EXPECT_EQ(parse_errors(with("  transport: {type: htttp}\n")),
            Lines{"specs/everything.yaml:5:21: spec.transport.type: \"htttp\" is not one of "
                  "stdio, streamable-http, sse"});
}

TEST(SpecSectionsTest, BadTransportTypeStillChecksThePort) {
  EXPECT_EQ(parse_errors(with("  transport: {type: SSE, port: 0}\n")),
            (Lines{"specs/everything.yaml:5:21: spec.transport.type: \"SSE\" is not one of stdio, "
                   "streamable-http, sse (did you mean \"sse\"?)",
                   "specs/everything.yaml:5:32: spec.transport.port: 0 is out of range "
                   "(1-65535)"}));
}

// --- health ---

TEST(SpecSectionsTest, HealthReadsEveryField) {
  EXPECT_EQ(
      parse_valid(with("  health: {interval: 1m, timeout: 10s, failureThreshold: 5}\n")).health,
      (HealthCheck{minutes(1), seconds(10), 5}));
}

TEST(SpecSectionsTest, HealthTimeoutMayEqualTheInterval) {
  EXPECT_EQ(parse_valid(with("  health: {interval: 5s}\n")).health,
            (HealthCheck{seconds(5), seconds(5), 3}));
}

TEST(SpecSectionsTest, HealthTimeoutLongerThanIntervalIsAnError) {
  EXPECT_EQ(parse_errors(with("  health: {interval: 10s, timeout: 1m}\n")),
            Lines{"specs/everything.yaml:5:36: spec.health.timeout: 1m is longer than the "
                  "interval 10s"});
}

TEST(SpecSectionsTest, HealthIntervalShorterThanDefaultTimeoutIsAnError) {
  EXPECT_EQ(parse_errors(with("  health: {interval: 2s}\n")),
            Lines{"specs/everything.yaml:5:22: spec.health.interval: 2s is shorter than the "
                  "default timeout 5s; set timeout too"});
}

TEST(SpecSectionsTest, BadDurationSuggestsASpelling) {
  EXPECT_EQ(parse_errors(with("  health: {interval: 30, timeout: 5min}\n")),
            (Lines{"specs/everything.yaml:5:22: spec.health.interval: \"30\" is not a duration "
                   "(try 30s)",
                   "specs/everything.yaml:5:35: spec.health.timeout: \"5min\" is not a duration "
                   "(try 5m)"}));
}

TEST(SpecSectionsTest, BadDurationIsNotAlsoComparedAsTheDefault) {
  EXPECT_EQ(parse_errors(with("  health: {interval: 2s, timeout: 1sec}\n")),
            Lines{"specs/everything.yaml:5:35: spec.health.timeout: \"1sec\" is not a duration "
                  "(try 1s)"});
}

TEST(SpecSectionsTest, ZeroDurationIsAnError) {
  EXPECT_EQ(parse_errors(with("  health: {interval: 0s}\n")),
            Lines{"specs/everything.yaml:5:22: spec.health.interval: must be longer than 0s"});
}

TEST(SpecSectionsTest, FailureThresholdMustBeInRange) {
  EXPECT_EQ(parse_errors(with("  health: {failureThreshold: 0}\n")),
            Lines{"specs/everything.yaml:5:30: spec.health.failureThreshold: 0 is out of range "
                  "(1-1000)"});
}

TEST(SpecSectionsTest, HealthMustBeAMapping) {
  EXPECT_EQ(parse_errors(with("  health: 30s\n")),
            Lines{"specs/everything.yaml:5:11: spec.health: expected a mapping, got \"30s\""});
}

// --- restart ---

TEST(SpecSectionsTest, RestartReadsEveryField) {
  EXPECT_EQ(parse_valid(with("  restart: {initialDelay: 500ms, maxDelay: 1h}\n")).restart,
            (RestartPolicy{Millis(500), hours(1)}));
}

TEST(SpecSectionsTest, RestartMaxDelayShorterThanInitialDelayIsAnError) {
  EXPECT_EQ(parse_errors(with("  restart: {initialDelay: 10s, maxDelay: 5s}\n")),
            Lines{"specs/everything.yaml:5:42: spec.restart.maxDelay: 5s is shorter than "
                  "initialDelay 10s"});
}

TEST(SpecSectionsTest, RestartInitialDelayLongerThanDefaultMaxDelayIsAnError) {
  EXPECT_EQ(parse_errors(with("  restart: {initialDelay: 10m}\n")),
            Lines{"specs/everything.yaml:5:27: spec.restart.initialDelay: 10m is longer than the "
                  "default maxDelay 5m; set maxDelay too"});
}

TEST(SpecSectionsTest, RestartBadDelayIsNotAlsoComparedAsTheDefault) {
  EXPECT_EQ(parse_errors(with("  restart: {initialDelay: 10m, maxDelay: 0s}\n")),
            Lines{"specs/everything.yaml:5:42: spec.restart.maxDelay: must be longer than 0s"});
}

TEST(SpecSectionsTest, RestartUnknownFieldSuggestsTheName) {
  EXPECT_EQ(parse_errors(with("  restart: {maxDelays: 1m}\n")),
            Lines{"specs/everything.yaml:5:13: spec.restart.maxDelays: unknown field (did you "
                  "mean \"maxDelay\"?)"});
}

}  // namespace
}  // namespace berth::specs
