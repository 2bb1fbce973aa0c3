// McpSession: one MCP client session through a running berth at /mcp/{name}, for integration
// tests: initialize (keeping the Mcp-Session-Id berth gives), then POSTs carrying it. Each
// session has its own keep-alive connection. Thread safety: none; one thread owns a session.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "tests/tools/http_test_client.h"

namespace berth::test_support {

class McpSession {
 public:
  static constexpr char kVersion[] = "2025-06-18";

  McpSession(std::uint16_t port, std::string target) : client_(port), target_(std::move(target)) {}

  // initialize, then notifications/initialized; a failure says what came back.
  ::testing::AssertionResult initialize();
  // POSTs `json` with the session's headers.
  HttpTestResult post(const std::string& json,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  [[nodiscard]] const std::string& id() const { return session_; }

 private:
  HttpTestClient client_;
  std::string target_;
  std::string session_;
};

}  // namespace berth::test_support
