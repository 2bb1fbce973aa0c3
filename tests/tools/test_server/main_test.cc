// Process tests of the test server's command line: help, usage errors, listen failures.
#include <gtest/gtest.h>

#include "tests/tools/test_server/test_server_process.h"

namespace berth::test_support {
namespace {

ExitStatus run_server(const std::vector<std::string>& args, std::string& out, std::string& err) {
  StartedServer server = start_test_server(args);
  EXPECT_TRUE(server.ok()) << server.error;
  if (!server.ok()) return {};
  std::optional<ExitStatus> status = server.process->wait(kServerTimeout);
  out = server.process->take_stdout();
  err = server.process->take_stderr();
  return status.value_or(ExitStatus{});
}

TEST(TestServerMainTest, HelpPrintsUsageAndExitsZero) {
  std::string out, err;
  ExitStatus status = run_server({"--help"}, out, err);
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
  EXPECT_NE(out.find("usage: berth-test-server"), std::string::npos) << out;
}

TEST(TestServerMainTest, BadArgumentExitsTwoWithMessage) {
  std::string out, err;
  ExitStatus status = run_server({"--port", "nope"}, out, err);
  EXPECT_TRUE(status.exited && status.code == 2) << status.describe();
  EXPECT_NE(err.find("invalid --port 'nope'"), std::string::npos) << err;
}

TEST(TestServerMainTest, UnusableHostExitsOne) {
  std::string out, err;
  ExitStatus status = run_server({"http", "--host", "not-an-address", "--port", "0"}, out, err);
  EXPECT_TRUE(status.exited && status.code == 1) << status.describe();
  EXPECT_NE(err.find("invalid --host"), std::string::npos) << err;
}

}  // namespace
}  // namespace berth::test_support
