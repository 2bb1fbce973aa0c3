#include "proxy/oauth/protected_resource.h"

#include <gtest/gtest.h>

namespace berth::proxy::oauth {
namespace {

TEST(ProtectedResourceTest, EachRouteIsItsOwnResource) {
  struct Case {
    const char* path;
    const char* resource;
    const char* server;
  };
  for (const Case& c :
       {Case{"/mcp/alpha", "/mcp/alpha", "alpha"}, Case{"/mcp/alpha/extra", "/mcp/alpha", "alpha"},
        Case{"/sse/alpha", "/sse/alpha", "alpha"},
        Case{"/sse/alpha/messages", "/sse/alpha", "alpha"}, Case{"/mcp", "/mcp", ""},
        Case{"/groups/team/mcp", "/groups/team/mcp", ""}, Case{"/status", "", ""},
        Case{"/status/alpha", "", ""}, Case{"/logs/alpha", "", ""}, Case{"/metrics", "", ""},
        Case{"/mcp/", "", ""}, Case{"", "", ""}}) {
    ProtectedResource r = protected_resource(c.path);
    EXPECT_EQ(r.path, c.resource) << c.path;
    EXPECT_EQ(r.server, c.server) << c.path;
  }
}

TEST(ProtectedResourceTest, UrlsFollowRfc9728) {
  ProtectedResource alpha{"/mcp/alpha", "alpha"};
  EXPECT_EQ(resource_url("https://b.example", alpha), "https://b.example/mcp/alpha");
  EXPECT_EQ(metadata_url("https://b.example", alpha),
            "https://b.example/.well-known/oauth-protected-resource/mcp/alpha");
  EXPECT_EQ(metadata_url("https://b.example", ProtectedResource{}),
            "https://b.example/.well-known/oauth-protected-resource");
}

}  // namespace
}  // namespace berth::proxy::oauth
