#include "proxy/backends/docker_frame_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth::proxy {
namespace {

std::string frame(uint8_t stream, const std::string& payload) {
  std::string out = {static_cast<char>(stream), 0, 0, 0};
  const uint32_t size = static_cast<uint32_t>(payload.size());
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(size >> shift));
  return out + payload;
}

struct Collected {
  std::string out;
  std::string err;
  int pieces = 0;
};

// Feeds `bytes` in pieces of `step` bytes.
Collected decode(const std::string& bytes, size_t step, bool* ok = nullptr) {
  DockerFrameDecoder decoder;
  Collected got;
  bool all_ok = true;
  for (size_t at = 0; at < bytes.size(); at += step) {
    all_ok &= decoder.feed(std::string_view(bytes).substr(at, step),
                           [&](DockerStream stream, std::string_view payload) {
                             ++got.pieces;
                             (stream == DockerStream::kStderr ? got.err : got.out) += payload;
                           });
  }
  if (ok != nullptr) *ok = all_ok;
  return got;
}

TEST(DockerFrameDecoderTest, DecodesBothStreams) {
  const auto got = decode(frame(1, "hello\n") + frame(2, "oops\n") + frame(1, "world\n"), 1 << 20);
  EXPECT_EQ(got.out, "hello\nworld\n");
  EXPECT_EQ(got.err, "oops\n");
  EXPECT_EQ(got.pieces, 3);
}

TEST(DockerFrameDecoderTest, HeadersSplitAtEveryByte) {
  const std::string bytes = frame(1, "abc") + frame(2, "de") + frame(1, "f");
  for (size_t step = 1; step <= bytes.size(); ++step) {
    const auto got = decode(bytes, step);
    EXPECT_EQ(got.out, "abcf") << "step " << step;
    EXPECT_EQ(got.err, "de") << "step " << step;
  }
}

TEST(DockerFrameDecoderTest, PayloadSplitAcrossReads) {
  const std::string payload(100000, 'x');
  const auto got = decode(frame(1, payload), 4096);
  EXPECT_EQ(got.out, payload);
  EXPECT_GT(got.pieces, 1);
}

TEST(DockerFrameDecoderTest, ZeroLengthFramesProduceNothing) {
  const auto got = decode(frame(1, "") + frame(2, "") + frame(1, "a") + frame(1, ""), 3);
  EXPECT_EQ(got.out, "a");
  EXPECT_EQ(got.err, "");
  EXPECT_EQ(got.pieces, 1);
}

TEST(DockerFrameDecoderTest, LargeSizeIsBigEndian) {
  const std::string payload(0x010203, 'y');
  const std::string bytes = frame(2, payload);
  EXPECT_EQ(static_cast<uint8_t>(bytes[5]), 0x01);
  EXPECT_EQ(decode(bytes, 777).err.size(), payload.size());
}

TEST(DockerFrameDecoderTest, RejectsUnframedOutput) {
  bool ok = true;
  const auto got = decode("{\"jsonrpc\":\"2.0\"}\n", 64, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(got.pieces, 0);
}

TEST(DockerFrameDecoderTest, TracksFrameBoundary) {
  DockerFrameDecoder decoder;
  const auto ignore = [](DockerStream, std::string_view) {};
  EXPECT_TRUE(decoder.at_frame_boundary());
  EXPECT_TRUE(decoder.feed(frame(1, "ab").substr(0, 9), ignore));
  EXPECT_FALSE(decoder.at_frame_boundary());
  EXPECT_TRUE(decoder.feed("b", ignore));
  EXPECT_TRUE(decoder.at_frame_boundary());
}

}  // namespace
}  // namespace berth::proxy
