// Gateway errors echo the ids of the requests they answer whenever berth could read them.

#include "proxy/front/gateway_errors.h"

#include <gtest/gtest.h>

namespace berth::proxy::front {
namespace {

TEST(GatewayErrorsTest, SingleRequestErrorEchoesItsId) {
  RequestIds ids = request_ids_of(R"({"jsonrpc":"2.0","id":"a-1","method":"tools/list"})");
  EXPECT_EQ(json_rpc_error(ids, -32603, "down"),
            R"({"jsonrpc":"2.0","id":"a-1","error":{"code":-32603,"message":"down"}})");
}

TEST(GatewayErrorsTest, BatchGetsOneErrorPerRequest) {
  RequestIds ids =
      request_ids_of(R"([{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"n"},)"
                     R"({"jsonrpc":"2.0","id":2,"method":"b"}])");
  EXPECT_TRUE(ids.batch);
  EXPECT_EQ(json_rpc_error(ids, -32603, "x"),
            R"([{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"x"}},)"
            R"({"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"x"}}])");
}

TEST(GatewayErrorsTest, IdIsNullWhenNoRequestCouldBeRead) {
  for (const char* body : {"", "not json", R"({"jsonrpc":"2.0","method":"n"})",
                           R"([{"jsonrpc":"2.0","method":"n"}])", R"({"id":{"bad":1}})"}) {
    EXPECT_EQ(json_rpc_error(request_ids_of(body), -32603, "x"),
              R"({"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"x"}})")
        << body;
  }
}

}  // namespace
}  // namespace berth::proxy::front
