#include "reconciler/secret_owner.h"

#include <gtest/gtest.h>

namespace berth::reconciler {
namespace {

TEST(SecretOwnerTest, TheSpecsUserComesFirstThenTheImagesThenRoot) {
  EXPECT_EQ(secret_owner("1000", "65534:65534"), (SecretOwner{1000, 0, true}));
  EXPECT_EQ(secret_owner("", "65534:65534"), (SecretOwner{65534, 65534, true}));
  EXPECT_EQ(secret_owner("", ""), (SecretOwner{0, 0, true}));
}

TEST(SecretOwnerTest, RootByNameIsKnown) {
  EXPECT_EQ(secret_owner("root", ""), (SecretOwner{0, 0, true}));
  EXPECT_EQ(secret_owner("1000:root", ""), (SecretOwner{1000, 0, true}));
}

TEST(SecretOwnerTest, OtherNamesAreUnknown) {
  EXPECT_FALSE(secret_owner("node", "").known);
  EXPECT_FALSE(secret_owner("", "node:node").known);
  // A group name leaves the files to the uid alone.
  EXPECT_EQ(secret_owner("1000:staff", ""), (SecretOwner{1000, 0, true}));
}

}  // namespace
}  // namespace berth::reconciler
