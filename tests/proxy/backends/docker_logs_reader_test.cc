// DockerLogsReader against real containers: a tail, and a follow that is cancelled.
#include "proxy/backends/docker_logs_reader.h"

#include <gtest/gtest.h>

#include <mutex>
#include <string>

#include "proxy/backends/attach_channel.h"
#include "tests/proxy/backends/docker_test_support.h"

namespace berth::proxy {
namespace {

using namespace std::chrono_literals;
using testing::Eventually;
using testing::IoThread;
using testing::TestContainer;

// What a reader delivered; written on the io thread, read by the test.
struct Output {
  std::mutex mutex;
  std::string out;
  std::string err;

  void add(DockerStream stream, std::string_view bytes) {
    std::lock_guard lock(mutex);
    (stream == DockerStream::kStderr ? err : out).append(bytes);
  }
  bool err_contains(const std::string& text) {
    std::lock_guard lock(mutex);
    return err.find(text) != std::string::npos;
  }
};

std::shared_ptr<DockerLogsReader> start_reader(IoThread& io, const std::string& id,
                                               LogsOptions options, Output& output,
                                               Eventually<Status>& done) {
  return io.call([&] {
    auto reader = DockerLogsReader::create(io.docker());
    reader->start(
        id, options,
        [&output](DockerStream stream, std::string_view bytes) { output.add(stream, bytes); },
        [&done](Status status) { done.set(std::move(status)); });
    return reader;
  });
}

TEST(DockerLogsReaderTest, TailReturnsTheContainersOutput) {
  BERTH_REQUIRE_DOCKER();
  TestContainer container(std::string("-i ") + testing::kImage + " --banner first-banner-line");
  ASSERT_TRUE(container.ok()) << container.error();
  ASSERT_TRUE(container.wait_for_log("first-banner-line", 10s));
  IoThread io;
  Output output;
  Eventually<Status> done;
  auto reader = start_reader(io, container.id(), {.tail = 10, .follow = false}, output, done);
  auto status = done.wait(10s);
  ASSERT_TRUE(status.has_value()) << "a non-follow read did not end";
  EXPECT_TRUE(status->ok()) << status->error();
  EXPECT_EQ(output.out, "first-banner-line\n");
}

TEST(DockerLogsReaderTest, MissingContainerFails) {
  BERTH_REQUIRE_DOCKER();
  IoThread io;
  Output output;
  Eventually<Status> done;
  auto reader = start_reader(io, "berth-no-such-container", {}, output, done);
  auto status = done.wait(10s);
  ASSERT_TRUE(status.has_value());
  ASSERT_FALSE(status->ok());
  EXPECT_EQ(status->error_code(), 404) << status->error();
}

TEST(DockerLogsReaderTest, FollowStreamsNewOutputUntilCancelled) {
  BERTH_REQUIRE_DOCKER();
  TestContainer container(std::string("-i ") + testing::kImage);
  ASSERT_TRUE(container.ok()) << container.error();
  IoThread io;
  Output output;
  Eventually<Status> done;
  auto reader = start_reader(io, container.id(), {.tail = 0, .follow = true}, output, done);
  // Make the server write to stderr: each tool call logs "call tool=echo".
  auto backend = io.call([&] {
    auto backend = AttachChannel::create(io.docker(), container.id(), "test");
    backend->attach(5s);
    backend->send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call",)"
                  R"("params":{"name":"echo","arguments":{"text":"x"}}})");
    return backend;
  });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!output.err_contains("call tool=echo") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(output.err_contains("call tool=echo")) << "followed output: " << output.err;
  EXPECT_FALSE(done.wait(0ms).has_value()) << "follow ended on its own";
  const auto cancelled = std::chrono::steady_clock::now();
  io.call([&] {
    reader->cancel();
    backend->close();
    return 0;
  });
  auto status = done.wait(2s);
  ASSERT_TRUE(status.has_value()) << "cancel did not end the follow";
  EXPECT_TRUE(status->ok()) << status->error();
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled, 1s);
  io.call([&] {
    reader.reset();
    backend.reset();
    return 0;
  });
}

}  // namespace
}  // namespace berth::proxy
