// The document, metadata and the plain fields of `spec:`; the sections (secrets, volumes,
// resources, transport, health, restart) are in spec_sections_test.cc.

#include "specs/spec_parser.h"

#include <gtest/gtest.h>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using test::kHead;
using test::Lines;
using test::parse;
using test::parse_errors;
using test::parse_valid;

// --- The document ---

TEST(SpecParserTest, MinimalSpecGetsEveryDefault) {
  ServerSpec spec = parse_valid(kHead);
  EXPECT_EQ(spec.name, "everything");
  EXPECT_EQ(spec.source_file, "specs/everything.yaml");
  EXPECT_EQ(spec.name_pos.line, 1);
  EXPECT_EQ(spec.name_pos.column, 1);
  EXPECT_EQ(spec.image, "mcp/everything");
  EXPECT_EQ(spec.pull, PullPolicy::kIfNotPresent);
  EXPECT_EQ(spec.command, std::nullopt);
  EXPECT_EQ(spec.args, std::nullopt);
  EXPECT_TRUE(spec.labels.empty());
  EXPECT_TRUE(spec.env.empty());
  EXPECT_TRUE(spec.secrets.empty());
  EXPECT_TRUE(spec.volumes.empty());
  EXPECT_EQ(spec.resources, Resources{});
  EXPECT_EQ(spec.transport.type, TransportType::kStdio);
  EXPECT_EQ(spec.transport.port, 0);
  EXPECT_EQ(spec.transport.path, "");
  EXPECT_EQ(spec.network, "bridge");
  EXPECT_EQ(spec.health.interval, seconds(30));
  EXPECT_EQ(spec.health.timeout, seconds(5));
  EXPECT_EQ(spec.health.failure_threshold, 3);
  EXPECT_EQ(spec.restart.initial_delay, seconds(1));
  EXPECT_EQ(spec.restart.max_delay, minutes(5));
}

TEST(SpecParserTest, IssueExampleParsesIntoEveryField) {
  ServerSpec spec = parse_valid(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name: everything            # optional; default: the file's stem
  labels: {team: tools}       # optional, copied to the container
spec:
  image: mcp/everything:latest
  pull: IfNotPresent
  command: [node, /app/index.js]
  args: [stdio]
  env: {LOG_LEVEL: info}
  secrets:
    - {name: github-token, env: GITHUB_TOKEN}
    - {name: tls-key, path: /run/secrets/tls.key}
  volumes:
    - {source: ./data, target: /data, readOnly: true}
  resources: {memory: 512Mi, cpus: 0.5, pids: 256}
  transport:
    type: streamable-http
    port: 3001
    path: /mcp
  network: bridge
  health: {interval: 30s, timeout: 5s, failureThreshold: 3}
  restart: {initialDelay: 1s, maxDelay: 5m}
)",
                                "example.yaml");
  EXPECT_EQ(spec.name, "everything");
  EXPECT_EQ(spec.name_pos.line, 4);
  EXPECT_EQ(spec.name_pos.column, 9);
  EXPECT_EQ(spec.labels, (std::map<std::string, std::string>{{"team", "tools"}}));
  EXPECT_EQ(spec.image, "mcp/everything:latest");
  EXPECT_EQ(spec.command, (std::vector<std::string>{"node", "/app/index.js"}));
  EXPECT_EQ(spec.args, (std::vector<std::string>{"stdio"}));
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"LOG_LEVEL", "info"}}));
  ASSERT_EQ(spec.secrets.size(), 2u);
  EXPECT_EQ(spec.secrets[0], (SecretRef{"github-token", "GITHUB_TOKEN", "", {13, 14}}));
  EXPECT_EQ(spec.secrets[1], (SecretRef{"tls-key", "", "/run/secrets/tls.key", {14, 14}}));
  EXPECT_EQ(spec.volumes, (std::vector<VolumeMount>{{"/specs/data", "/data", true, false}}));
  EXPECT_EQ(spec.resources, (Resources{512 * 1024 * 1024, 500000000, 256}));
  EXPECT_EQ(spec.transport, (Transport{TransportType::kStreamableHttp, 3001, "/mcp"}));
  EXPECT_EQ(spec.network, "bridge");
  EXPECT_EQ(spec.health, (HealthCheck{seconds(30), seconds(5), 3}));
  EXPECT_EQ(spec.restart, (RestartPolicy{seconds(1), minutes(5)}));
}

TEST(SpecParserTest, EmptyFileIsAnError) {
  EXPECT_EQ(parse_errors(""),
            Lines{"specs/everything.yaml:1:1: the file is empty; expected an MCPServer spec"});
}

TEST(SpecParserTest, FileOfCommentsIsEmpty) {
  EXPECT_EQ(parse_errors("# nothing here yet\n---\n"),
            Lines{"specs/everything.yaml:1:1: the file is empty; expected an MCPServer spec"});
}

TEST(SpecParserTest, SyntaxErrorHasYamlCppsPosition) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/everything
   pull: Always
)"),
            Lines{"specs/everything.yaml:5:8: YAML syntax error: illegal map value"});
}

TEST(SpecParserTest, UnclosedFlowIsASyntaxError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/everything
  env: {A: b
)"),
            Lines{"specs/everything.yaml:6:1: YAML syntax error: end of map flow not found"});
}

TEST(SpecParserTest, UndefinedAliasIsASyntaxError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: *image
)"),
            Lines{"specs/everything.yaml:4:10: YAML syntax error: the referenced anchor is not "
                  "defined"});
}

TEST(SpecParserTest, SecondDocumentIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "---\n" + kHead),
            Lines{"specs/everything.yaml:6:1: more than one YAML document; berth reads one "
                  "server per file"});
}

TEST(SpecParserTest, TrailingDocumentMarkerIsAllowed) {
  EXPECT_EQ(parse_valid(std::string("---\n") + kHead + "---\n").image, "mcp/everything");
}

TEST(SpecParserTest, DocumentMustBeAMapping) {
  EXPECT_EQ(parse_errors("- image: mcp/everything\n"),
            Lines{"specs/everything.yaml:1:1: expected a mapping, got a list"});
  EXPECT_EQ(parse_errors("mcp/everything\n"),
            Lines{"specs/everything.yaml:1:1: expected a mapping, got \"mcp/everything\""});
}

TEST(SpecParserTest, MissingTopLevelFieldsAreReportedAtTheDocumentStart) {
  EXPECT_EQ(parse_errors("metadata: {name: everything}\n"),
            (Lines{"specs/everything.yaml:1:1: apiVersion: missing required field",
                   "specs/everything.yaml:1:1: kind: missing required field",
                   "specs/everything.yaml:1:1: spec: missing required field"}));
}

TEST(SpecParserTest, UnsupportedApiVersionIsAnError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v2
kind: MCPServer
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:1:13: apiVersion: \"berth/v2\" is not supported "
                  "(expected berth/v1)"});
}

TEST(SpecParserTest, WrongKindSuggestsTheKnownOne) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: McpServer
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:2:7: kind: \"McpServer\" is not one of MCPServer (did "
                  "you mean \"MCPServer\"?)"});
}

TEST(SpecParserTest, UnknownFieldSuggestsClosestName) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/everything
  comand: [node]
)"),
            Lines{"specs/everything.yaml:5:3: spec.comand: unknown field (did you mean "
                  "\"command\"?)"});
}

TEST(SpecParserTest, UnknownFieldSuggestsASwappedName) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {nmae: everything}
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:3:12: metadata.nmae: unknown field (did you mean "
                  "\"name\"?)"});
}

TEST(SpecParserTest, UnknownFieldWithoutCloseNameListsTheFields) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/everything
  labels: {team: tools}
)"),
            Lines{"specs/everything.yaml:5:3: spec.labels: unknown field (expected one of image, "
                  "pull, command, args, env, secrets, volumes, resources, user, "
                  "readOnlyRootFilesystem, tmpfs, transport, network, health, restart, auth)"});
}

TEST(SpecParserTest, UnknownTopLevelFieldIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "status: {}\n"),
            Lines{"specs/everything.yaml:5:1: status: unknown field (expected one of "
                  "apiVersion, kind, metadata, spec)"});
}

TEST(SpecParserTest, DuplicateKeyIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  image: mcp/other\n"),
            Lines{"specs/everything.yaml:5:3: spec.image: duplicate key"});
}

TEST(SpecParserTest, KeyThatIsNotAScalarIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  ? [image]\n  : mcp/everything\n"),
            Lines{"specs/everything.yaml:5:5: spec: keys must be plain names"});
}

TEST(SpecParserTest, SpecMustBeAMapping) {
  EXPECT_EQ(parse_errors("apiVersion: berth/v1\nkind: MCPServer\nspec: mcp/everything\n"),
            Lines{"specs/everything.yaml:3:7: spec: expected a mapping, got \"mcp/everything\""});
  EXPECT_EQ(parse_errors("apiVersion: berth/v1\nkind: MCPServer\nspec:\n"),
            Lines{"specs/everything.yaml:3:1: spec: expected a mapping, got nothing"});
}

TEST(SpecParserTest, QuotedKeysAndValuesAreTheSame) {
  ServerSpec spec = parse_valid(R"("apiVersion": 'berth/v1'
'kind': "MCPServer"
"spec":
  "image": "mcp/everything"
)");
  EXPECT_EQ(spec.image, "mcp/everything");
}

// --- metadata ---

TEST(SpecParserTest, MetadataNameSetsTheNameAndItsPosition) {
  ServerSpec spec = parse_valid(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name: github-2
spec: {image: mcp/everything}
)");
  EXPECT_EQ(spec.name, "github-2");
  EXPECT_EQ(spec.name_pos.line, 4);
  EXPECT_EQ(spec.name_pos.column, 9);
}

TEST(SpecParserTest, NameDefaultsToTheFileStem) {
  EXPECT_EQ(parse_valid(kHead, "github.yml").name, "github");
}

TEST(SpecParserTest, InvalidNameIsAnError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {name: GitHub_Tools}
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:3:18: metadata.name: \"GitHub_Tools\" is not a valid "
                  "server name (lowercase letters, digits and '-', 1-63 characters, not starting "
                  "or ending with '-')"});
}

TEST(SpecParserTest, NameLongerThan63CharactersIsAnError) {
  std::string name(64, 'a');
  EXPECT_EQ(parse_errors("apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: " + name +
                         "}\nspec: {image: mcp/everything}\n"),
            Lines{"specs/everything.yaml:3:18: metadata.name: \"" + name +
                  "\" is not a valid server name (lowercase letters, digits and '-', 1-63 "
                  "characters, not starting or ending with '-')"});
}

TEST(SpecParserTest, NameThatIsNotAStringIsAnError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {name: [a]}
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:3:18: metadata.name: expected a string, got a list"});
}

TEST(SpecParserTest, EmptyNameIsAnErrorAtItsKey) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  name:
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:4:3: metadata.name: expected a string, got nothing"});
}

TEST(SpecParserTest, InvalidFileStemWithoutNameIsAnError) {
  EXPECT_EQ(parse_errors(kHead, "GitHub Tools.yaml"),
            Lines{"specs/GitHub Tools.yaml:1:1: metadata.name: the file name \"GitHub Tools\" is "
                  "not a valid server name; set metadata.name (lowercase letters, digits and '-', "
                  "1-63 characters, not starting or ending with '-')"});
}

TEST(SpecParserTest, MetadataNameRescuesAnInvalidFileStem) {
  EXPECT_EQ(parse_valid(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {name: github}
spec: {image: mcp/everything}
)",
                        "GitHub Tools.yaml")
                .name,
            "github");
}

TEST(SpecParserTest, MetadataMustBeAMapping) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata: everything
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:3:11: metadata: expected a mapping, got "
                  "\"everything\""});
}

TEST(SpecParserTest, LabelsAreCopiedAsStrings) {
  ServerSpec spec = parse_valid(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  labels: {team: tools, tier: 1, com.example/owner: "ops"}
spec: {image: mcp/everything}
)");
  EXPECT_EQ(spec.labels, (std::map<std::string, std::string>{
                             {"team", "tools"}, {"tier", "1"}, {"com.example/owner", "ops"}}));
}

TEST(SpecParserTest, LabelsWithBerthPrefixAreReserved) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  labels: {team: tools, berth.hash: abc}
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:4:25: metadata.labels.berth.hash: the label prefix "
                  "\"berth.\" is reserved for berth's own labels"});
}

TEST(SpecParserTest, LabelValueMustBeAString) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  labels: {team: [tools]}
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:4:18: metadata.labels.team: expected a string, got a "
                  "list"});
}

TEST(SpecParserTest, LabelsMustBeAMapping) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata:
  labels: [team]
spec: {image: mcp/everything}
)"),
            Lines{"specs/everything.yaml:4:11: metadata.labels: expected a mapping, got a list"});
}

// --- image and pull ---

TEST(SpecParserTest, MissingImageIsAnError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  pull: Always
)"),
            Lines{"specs/everything.yaml:4:3: spec.image: missing required field"});
}

TEST(SpecParserTest, InvalidImageReferenceIsAnError) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: mcp/Everything:latest
)"),
            Lines{"specs/everything.yaml:4:10: spec.image: \"mcp/Everything:latest\" is not a "
                  "valid image reference (e.g. mcp/everything:latest)"});
}

TEST(SpecParserTest, ImageMustBeAString) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
spec:
  image: {name: mcp/everything}
)"),
            Lines{"specs/everything.yaml:4:10: spec.image: expected a string, got a mapping"});
}

TEST(SpecParserTest, PullAcceptsEachPolicy) {
  EXPECT_EQ(parse_valid(std::string(kHead) + "  pull: IfNotPresent\n").pull,
            PullPolicy::kIfNotPresent);
  EXPECT_EQ(parse_valid(std::string(kHead) + "  pull: Always\n").pull, PullPolicy::kAlways);
  EXPECT_EQ(parse_valid(std::string(kHead) + "  pull: Never\n").pull, PullPolicy::kNever);
}

TEST(SpecParserTest, BadPullPolicySuggestsTheSpelling) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  pull: always\n"),
            Lines{"specs/everything.yaml:5:9: spec.pull: \"always\" is not one of IfNotPresent, "
                  "Always, Never (did you mean \"Always\"?)"});
}

TEST(SpecParserTest, UnknownPullPolicyListsThePolicies) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  pull: sometimes\n"),
            Lines{"specs/everything.yaml:5:9: spec.pull: \"sometimes\" is not one of "
                  "IfNotPresent, Always, Never"});
}

// --- command and args ---

TEST(SpecParserTest, CommandAndArgsAreKeptInOrder) {
  ServerSpec spec = parse_valid(std::string(kHead) + R"(  command: [node, /app/index.js]
  args:
    - --port
    - 3001
    - "true"
)");
  EXPECT_EQ(spec.command, (std::vector<std::string>{"node", "/app/index.js"}));
  EXPECT_EQ(spec.args, (std::vector<std::string>{"--port", "3001", "true"}));
}

TEST(SpecParserTest, EmptyArgsReplaceTheImagesCmd) {
  EXPECT_EQ(parse_valid(std::string(kHead) + "  args: []\n").args, std::vector<std::string>{});
}

TEST(SpecParserTest, EmptyCommandIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  command: []\n"),
            Lines{"specs/everything.yaml:5:12: spec.command: must not be empty (leave it out to "
                  "keep the image's entrypoint)"});
}

TEST(SpecParserTest, CommandMustBeAList) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  command: node /app/index.js\n"),
            Lines{"specs/everything.yaml:5:12: spec.command: expected a list, got \"node "
                  "/app/index.js\""});
}

TEST(SpecParserTest, EveryArgThatIsNotAStringIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + R"(  args:
    - stdio
    - {port: 1}
    - [a]
    - ~
)"),
            (Lines{"specs/everything.yaml:7:7: spec.args[1]: expected a string, got a mapping",
                   "specs/everything.yaml:8:7: spec.args[2]: expected a string, got a list",
                   "specs/everything.yaml:9:7: spec.args[3]: expected a string, got nothing"}));
}

// --- env ---

TEST(SpecParserTest, EnvValuesAreKeptAsWritten) {
  ServerSpec spec = parse_valid(std::string(kHead) + R"(  env:
    LOG_LEVEL: info
    PORT: 3001
    VERBOSE: true
    EMPTY: ""
    _private: 'a: b'
)");
  EXPECT_EQ(spec.env, (std::map<std::string, std::string>{{"LOG_LEVEL", "info"},
                                                          {"PORT", "3001"},
                                                          {"VERBOSE", "true"},
                                                          {"EMPTY", ""},
                                                          {"_private", "a: b"}}));
}

TEST(SpecParserTest, InvalidEnvNameIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  env: {LOG-LEVEL: info}\n"),
            Lines{"specs/everything.yaml:5:9: spec.env.LOG-LEVEL: \"LOG-LEVEL\" is not a valid "
                  "environment variable name"});
}

TEST(SpecParserTest, EnvValueMustBeAString) {
  EXPECT_EQ(parse_errors(std::string(kHead) + R"(  env:
    LEVELS: [info, debug]
    UNSET:
)"),
            (Lines{"specs/everything.yaml:6:13: spec.env.LEVELS: expected a string, got a list",
                   "specs/everything.yaml:7:5: spec.env.UNSET: expected a string, got nothing"}));
}

TEST(SpecParserTest, EnvMustBeAMapping) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  env: [LOG_LEVEL=info]\n"),
            Lines{"specs/everything.yaml:5:8: spec.env: expected a mapping, got a list"});
}

// --- network ---

TEST(SpecParserTest, NetworkAcceptsBridgeNoneAndNetworksOfYourOwn) {
  EXPECT_EQ(parse_valid(std::string(kHead) + "  network: bridge\n").network, "bridge");
  EXPECT_EQ(parse_valid(std::string(kHead) + "  network: none\n").network, "none");
  EXPECT_EQ(parse_valid(std::string(kHead) + "  network: mcp_backend.1\n").network,
            "mcp_backend.1");
}

TEST(SpecParserTest, HostNetworkIsRefused) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  network: host\n"),
            Lines{"specs/everything.yaml:5:12: spec.network: \"host\" is not allowed: it shares "
                  "the host's network stack and ports; use bridge, none or a network of your own"});
}

TEST(SpecParserTest, InvalidNetworkNameIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + "  network: my network\n"),
            Lines{"specs/everything.yaml:5:12: spec.network: \"my network\" is not a valid "
                  "network name"});
}

// --- rules across fields ---

TEST(SpecParserTest, NoNetworkWithStreamableHttpIsAnError) {
  EXPECT_EQ(parse_errors(std::string(kHead) + R"(  network: none
  transport: {type: streamable-http, port: 3001}
)"),
            Lines{"specs/everything.yaml:5:12: spec.network: \"none\" cannot be used with "
                  "transport streamable-http: berth reaches it through a published port"});
}

TEST(SpecParserTest, NoNetworkWithSseIsAnErrorWhateverTheOrder) {
  EXPECT_EQ(parse_errors(std::string(kHead) + R"(  transport: {type: sse, port: 3001}
  network: none
)"),
            Lines{"specs/everything.yaml:6:12: spec.network: \"none\" cannot be used with "
                  "transport sse: berth reaches it through a published port"});
}

TEST(SpecParserTest, EveryErrorInAFileIsReportedInPositionOrder) {
  EXPECT_EQ(parse_errors(R"(apiVersion: berth/v1
kind: MCPServer
metadata: {name: Everything}
spec:
  network: none
  imagee: mcp/everything
  pull: Sometimes
  resources: {memory: 512XB}
  transport: {type: sse}
  health: {interval: 30}
)"),
            (Lines{"specs/everything.yaml:3:18: metadata.name: \"Everything\" is not a valid "
                   "server name (lowercase letters, digits and '-', 1-63 characters, not starting "
                   "or ending with '-')",
                   "specs/everything.yaml:5:3: spec.image: missing required field",
                   "specs/everything.yaml:5:12: spec.network: \"none\" cannot be used with "
                   "transport sse: berth reaches it through a published port",
                   "specs/everything.yaml:6:3: spec.imagee: unknown field (did you mean "
                   "\"image\"?)",
                   "specs/everything.yaml:7:9: spec.pull: \"Sometimes\" is not one of "
                   "IfNotPresent, Always, Never",
                   "specs/everything.yaml:8:23: spec.resources.memory: \"512XB\" is not a size "
                   "(try 512Mi)",
                   "specs/everything.yaml:9:14: spec.transport.port: missing required field (the "
                   "container port that sse listens on)",
                   "specs/everything.yaml:10:22: spec.health.interval: \"30\" is not a duration "
                   "(try 30s)"}));
}

TEST(SpecParserTest, FileWithAnyErrorYieldsNoSpec) {
  ParsedFile parsed = parse(std::string(kHead) + "  pull: always\n");
  EXPECT_FALSE(parsed.spec.has_value());
  EXPECT_EQ(parsed.errors.size(), 1u);
}

}  // namespace
}  // namespace berth::specs
