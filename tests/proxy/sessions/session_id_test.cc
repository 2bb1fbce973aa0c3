// Unit tests of SessionIdGenerator.
#include "proxy/sessions/session_id.h"

#include <gtest/gtest.h>

#include <set>

namespace berth::proxy::sessions {
namespace {

TEST(SessionIdGeneratorTest, MakesDistinct128BitHexIds) {
  const SessionIdGenerator generator;
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const auto id = generator.generate();
    ASSERT_TRUE(id.ok()) << id.error();
    ASSERT_EQ(id->size(), 32u);
    EXPECT_EQ(id->find_first_not_of("0123456789abcdef"), std::string::npos) << *id;
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace berth::proxy::sessions
