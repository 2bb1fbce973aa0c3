// Secrets through a real berth and engine: no secret byte in `docker inspect`, the container's
// labels, berth's log, /status, /metrics or `berth plan`, yet the server sees its env secret, and
// the image's own user (uid 65534) reads its file secret. The server is the test server, whose
// getenv and read_file tools show what the process sees; its image is built here under a tag of
// this test's own (build-image.sh skips the build when the binary has not changed).
#include <sys/stat.h>

#include <fstream>
#include <random>
#include <thread>

#include "tests/tools/berth/mcp_session.h"
#include "tests/tools/berth/run_fixture.h"
#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr char kImage[] = "berth/test-server:secrets-test";

std::string random_token(const std::string& prefix) {
  std::random_device random;
  return prefix + std::to_string(random()) + std::to_string(random());
}

class BerthSecretsTest : public BerthRunTest {
 protected:
  void SetUp() override {
    BerthRunTest::SetUp();
    CommandResult built = run_command(
        {BERTH_SOURCE_DIR "/tools/test_server/build-image.sh", BERTH_TEST_SERVER_PATH, kImage},
        120s);
    ASSERT_TRUE(built.succeeded()) << built.describe();
    runtime_ = dir_ / "runtime";
  }
  void TearDown() override {
    berth_.reset();
    BerthRunTest::TearDown();
  }

  std::string spec(const std::string& extra = "") const {
    return "apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: vault}\nspec:\n"
           "  image: " +
           std::string(kImage) +
           "\n  pull: Never\n  args: [stdio, --quiet]\n  network: none\n"
           "  health: {interval: 2s, timeout: 1s, failureThreshold: 2}\n"
           "  secrets:\n"
           "    - {name: token, env: VAULT_TOKEN}\n"
           "    - {name: tls, path: /run/secrets/tls.key}\n" +
           extra;
  }

  // Starts berth with the runtime directory of this test; waits for `vault` to be Ready.
  void start() {
    std::string error;
    berth_ = BerthProcess::start(options(), error);
    ASSERT_TRUE(berth_) << error;
    ASSERT_TRUE(berth_->wait_ready("vault", &status_));
  }

  std::string call(McpSession& session, const std::string& tool, const std::string& arguments) {
    HttpTestResult answer = session.post(tool_call(++id_, tool, arguments));
    EXPECT_TRUE(answer.ok()) << answer.error;
    return JsonAnswer(answer.response.body).string_at("/result/content/0/text");
  }

  void expect_no_secret(const std::string& where, const std::string& text) const {
    for (const std::string& secret : {token_, tls_}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << where << " holds a secret:\n" << text;
    }
    EXPECT_NE(text, "") << where << " was empty: nothing was checked";
  }

  std::string token_ = random_token("tok-");
  std::string tls_ = random_token("tls-");
  fs::path runtime_;
  std::unique_ptr<BerthProcess> berth_;
  StatusView status_;
  int id_ = 1;
};

TEST_F(BerthSecretsTest, NoSecretLeavesBerthYetTheServerSeesIt) {
  write_secret("token", token_);
  write_secret("tls", tls_);
  write_spec("vault.yaml", spec());
  start();
  if (HasFatalFailure()) return;
  std::string id = status_.find("vault")->container_id;

  McpSession session(berth_->port(), "/mcp/vault");
  ASSERT_TRUE(session.initialize());
  EXPECT_EQ(call(session, "getenv", R"({"name":"VAULT_TOKEN"})"), token_);
  // The image runs as 65534:65534 and the file is that user's alone.
  EXPECT_EQ(call(session, "read_file", R"({"path":"/run/secrets/tls.key"})"), tls_);
  std::string pid1 = call(session, "read_file", R"({"path":"/proc/1/cmdline"})");
  EXPECT_EQ(pid1.substr(0, pid1.find('\0')), "/.berth/launcher") << "PID 1 is not the launcher";

  CommandResult inspect = docker({"inspect", id});
  ASSERT_TRUE(inspect.succeeded()) << inspect.describe();
  expect_no_secret("docker inspect", inspect.out);
  CommandResult labels = docker({"inspect", "--format", "{{json .Config.Labels}}", id});
  expect_no_secret("the container's labels", labels.out);
  expect_no_secret("/status", berth_->get("/status"));
  expect_no_secret("/status/vault", berth_->get("/status/vault"));
  expect_no_secret("/metrics", berth_->get("/metrics"));
  CommandResult plan = run_command({BERTH_BINARY_PATH, "plan", "--specs", specs_.string(),
                                    "--secrets", secrets_.string(), "--instance", instance_},
                                   30s);
  EXPECT_TRUE(plan.succeeded()) << plan.describe();
  expect_no_secret("berth plan", plan.out + plan.err);
  expect_no_secret("berth's log", berth_->log());
}

TEST_F(BerthSecretsTest, StdioTrafficStaysOutOfDockersLogs) {
  write_secret("token", token_);
  write_secret("tls", tls_);
  std::string text = spec();
  text.replace(text.find("[stdio, --quiet]"), 16, "[stdio]");  // "call tool=…" on stderr
  write_spec("vault.yaml", text);
  start();
  if (HasFatalFailure()) return;
  std::string id = status_.find("vault")->container_id;
  CommandResult driver = docker({"inspect", "--format", "{{.HostConfig.LogConfig.Type}}", id});
  EXPECT_EQ(driver.out, "none\n") << driver.describe();
  McpSession session(berth_->port(), "/mcp/vault");
  ASSERT_TRUE(session.initialize());
  std::string marker = random_token("tool-result-");
  EXPECT_EQ(call(session, "echo", R"({"text":")" + marker + R"("})"), marker);
  std::string logs;
  for (int i = 0; i < 50 && logs.find("call tool=echo") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
    logs = berth_->get("/logs/vault");
  }
  EXPECT_NE(logs.find("call tool=echo"), std::string::npos) << logs;  // stderr is kept
  EXPECT_EQ(logs.find(marker), std::string::npos) << logs;            // the protocol is not
  CommandResult docker_logs = docker({"logs", id});
  EXPECT_EQ((docker_logs.out + docker_logs.err).find(marker), std::string::npos);
}

TEST_F(BerthSecretsTest, SecretFilesArePrivateAndGoWithTheirContainer) {
  write_secret("token", token_);
  write_secret("tls", tls_);
  write_spec("vault.yaml", spec());
  start();
  if (HasFatalFailure()) return;
  std::string id = status_.find("vault")->container_id;
  CommandResult name = docker({"inspect", "--format", "{{.Name}}", id});
  ASSERT_TRUE(name.succeeded()) << name.describe();
  fs::path dir = runtime_ / instance_ / name.out.substr(1, name.out.find('\n') - 1);
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0) << dir;
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(st.st_uid, 0u);
  ASSERT_EQ(::stat((dir / "files" / "tls").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0400u);
  EXPECT_EQ(st.st_uid, 65534u);

  // Rotating the secret is a spec-hash change: a new container with the new value replaces it.
  std::string rotated = random_token("tok2-");
  write_secret("token", rotated);
  ASSERT_TRUE(berth_->wait_for(
      "the rotated secret's container Ready",
      [&](const StatusView& s) { return s.ready("vault") && s.find("vault")->container_id != id; },
      60s, &status_));
  McpSession session(berth_->port(), "/mcp/vault");
  ASSERT_TRUE(session.initialize());
  EXPECT_EQ(call(session, "getenv", R"({"name":"VAULT_TOKEN"})"), rotated);
  // The old container goes after its drain, and its secrets with it.
  for (int i = 0; i < 100 && fs::exists(dir); ++i) std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(fs::exists(dir)) << "the replaced container's secrets stayed";

  remove_spec("vault.yaml");
  ASSERT_TRUE(berth_->wait_for(
      "vault removed", [](const StatusView& s) { return s.find("vault") == nullptr; }, 60s));
  EXPECT_TRUE(fs::is_empty(runtime_ / instance_)) << "a removed container's secrets stayed";
}

}  // namespace
}  // namespace berth::test_support
