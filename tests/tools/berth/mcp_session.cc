#include "tests/tools/berth/mcp_session.h"

#include "tests/tools/test_server/mcp_test_messages.h"

namespace berth::test_support {
namespace {

::testing::AssertionResult failure(const std::string& what, const HttpTestResult& r) {
  return ::testing::AssertionFailure() << what << ": " << (r.ok() ? "" : r.error) << " status "
                                       << r.response.status << " body " << r.response.body;
}

}  // namespace

::testing::AssertionResult McpSession::initialize() {
  HttpTestResult init = client_.post_json(target_, initialize_request(1, kVersion));
  if (!init.ok() || init.response.status != 200) return failure("initialize", init);
  session_ = init.response.header("Mcp-Session-Id");
  if (session_.empty()) return failure("initialize without Mcp-Session-Id", init);
  HttpTestResult initialized = post(initialized_notification());
  if (!initialized.ok() || initialized.response.status != 202) {
    return failure("notifications/initialized", initialized);
  }
  return ::testing::AssertionSuccess();
}

HttpTestResult McpSession::post(const std::string& json, std::chrono::milliseconds timeout) {
  return client_.post_json(
      target_, json, {{"Mcp-Session-Id", session_}, {"MCP-Protocol-Version", kVersion}}, timeout);
}

}  // namespace berth::test_support
