#include "specs/hash_key.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/specs/spec_test_util.h"

namespace berth::specs {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string contents_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(HashKeyTest, CreatesThirtyTwoRandomBytesReadableOnlyByTheOwner) {
  TempDir dir;
  fs::path file = dir.path() / "hash.key";
  auto key = load_or_create_hash_key(file);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(key->size(), 32u);
  EXPECT_NE(*key, std::string(32, '\0'));
  EXPECT_EQ(contents_of(file), *key);
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST(HashKeyTest, IsStableAcrossLoads) {
  TempDir dir;
  fs::path file = dir.path() / "hash.key";
  auto first = load_or_create_hash_key(file);
  auto second = load_or_create_hash_key(file);
  ASSERT_TRUE(first.ok()) << first.error();
  ASSERT_TRUE(second.ok()) << second.error();
  EXPECT_EQ(*first, *second);
}

TEST(HashKeyTest, EachNewFileGetsItsOwnKey) {
  TempDir dir;
  auto a = load_or_create_hash_key(dir.path() / "a.key");
  auto b = load_or_create_hash_key(dir.path() / "b.key");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(HashKeyTest, ExistingKeyIsNotReplaced) {
  TempDir dir;
  std::string existing(40, 'e');
  fs::path file = dir.write("hash.key", existing);
  auto key = load_or_create_hash_key(file);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(*key, existing);
  EXPECT_EQ(contents_of(file), existing);
}

TEST(HashKeyTest, CreatesMissingParentDirectories) {
  TempDir dir;
  fs::path file = dir.path() / "state" / "berth" / "hash.key";
  auto key = load_or_create_hash_key(file);
  ASSERT_TRUE(key.ok()) << key.error();
  EXPECT_EQ(contents_of(file), *key);
}

TEST(HashKeyTest, LeavesNoTemporaryFileBehind) {
  TempDir dir;
  ASSERT_TRUE(load_or_create_hash_key(dir.path() / "hash.key").ok());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"hash.key"});
}

TEST(HashKeyTest, ShortKeyIsAnError) {
  TempDir dir;
  fs::path file = dir.write("hash.key", "too short");
  auto key = load_or_create_hash_key(file);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error(), "the hash key " + file.string() +
                             " is shorter than 32 bytes; delete it to create a new one (every "
                             "container with secrets will then be replaced once)");
  EXPECT_EQ(contents_of(file), "too short");
}

TEST(HashKeyTest, UncreatableKeyIsAnError) {
  TempDir dir;
  fs::path blocker = dir.write("not-a-directory", "");
  auto key = load_or_create_hash_key(blocker / "hash.key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error(), "cannot create " + (blocker / "hash.key").string() + ".tmp-" +
                             std::to_string(::getpid()) + ": Not a directory");
}

}  // namespace
}  // namespace berth::specs
