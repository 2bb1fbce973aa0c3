#include "reconciler/docker/engine_json.h"

#include <gtest/gtest.h>

#include <vector>

#include "reconciler/docker/event_decoder.h"

namespace berth::reconciler::docker {
namespace {

TEST(LabelFiltersTest, KeyOnlyWhenValueIsEmpty) {
  EXPECT_EQ(label_filters({{"berth.managed", "true"}, {"berth.server", ""}}),
            R"({"label":["berth.managed=true","berth.server"]})");
  EXPECT_EQ(container_event_filters({{"k", "v"}}), R"({"type":["container"],"label":["k=v"]})");
  EXPECT_EQ(container_event_filters({}), R"({"type":["container"]})");
}

TEST(EngineErrorMessageTest, PrefersTheEngineMessage) {
  EXPECT_EQ(engine_error_message(404, R"({"message":"No such container: x"})"),
            "No such container: x");
  EXPECT_EQ(engine_error_message(500, "plain failure\nsecond line"), "plain failure");
  EXPECT_EQ(engine_error_message(502, ""), "HTTP 502");
  EXPECT_EQ(engine_error_message(500, R"({"other":1})"), R"({"other":1})");
}

TEST(PullStreamErrorTest, FindsErrorsInsideTheStream) {
  EXPECT_EQ(pull_stream_error(
                R"({"status":"Pulling from library/x"})"
                "\n"
                R"({"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"})"
                "\n"),
            "manifest unknown");
  EXPECT_EQ(pull_stream_error(R"({"errorDetail":{"message":"denied"}})"), "denied");
  EXPECT_EQ(pull_stream_error(R"({"status":"Downloaded newer image"})"
                              "\r\n"
                              "garbage\n"),
            std::nullopt);
  EXPECT_EQ(pull_stream_error(""), std::nullopt);
}

constexpr const char* kDieEvent =
    R"({"status":"die","id":"abc","Type":"container","Action":"die","Actor":{"ID":"abc",)"
    R"("Attributes":{"exitCode":"137","name":"web","berth.server":"web"}},"scope":"local",)"
    R"("time":1763700000,"timeNano":1763700000123456789})";

TEST(ParseEventTest, ReadsTypeActionActorAndTime) {
  auto event = parse_event(kDieEvent);
  ASSERT_TRUE(event.ok()) << event.error();
  EXPECT_EQ(event->type, "container");
  EXPECT_EQ(event->action, "die");
  EXPECT_EQ(event->id, "abc");
  EXPECT_EQ(event->attributes.at("exitCode"), "137");
  EXPECT_EQ(event->attributes.at("berth.server"), "web");
  EXPECT_EQ(event->time_nano, 1763700000123456789);
  EXPECT_FALSE(parse_event("not json").ok());
}

TEST(EventDecoderTest, JoinsEventsSplitAcrossReads) {
  std::string stream = std::string(kDieEvent) + "\n" + kDieEvent + "\n";
  for (size_t cut = 1; cut < stream.size(); cut += 7) {
    EventDecoder decoder;
    std::vector<DockerEvent> events;
    auto collect = [&](const DockerEvent& event) { events.push_back(event); };
    ASSERT_TRUE(decoder.feed(stream.substr(0, cut), collect).ok());
    ASSERT_TRUE(decoder.feed(stream.substr(cut), collect).ok());
    ASSERT_EQ(events.size(), 2u) << "cut at " << cut;
    EXPECT_EQ(events[1].action, "die");
    EXPECT_EQ(decoder.buffered(), 0u);
  }
}

TEST(EventDecoderTest, ByteByByte) {
  std::string stream = std::string(kDieEvent) + "\r\n\n" + kDieEvent + "\n";
  EventDecoder decoder;
  int count = 0;
  for (char c : stream) {
    ASSERT_TRUE(decoder.feed(std::string_view(&c, 1), [&](const DockerEvent&) { ++count; }).ok());
  }
  EXPECT_EQ(count, 2);
}

TEST(EventDecoderTest, UnreadableLineIsAnError) {
  EventDecoder decoder;
  auto status = decoder.feed("{broken\n", [](const DockerEvent&) {});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().find("unreadable event"), std::string::npos);
}

TEST(EventDecoderTest, EndlessLineIsAnError) {
  EventDecoder decoder;
  std::string chunk(64 * 1024, 'x');
  Status status = ok_status();
  for (int i = 0; i < 20 && status.ok(); ++i)
    status = decoder.feed(chunk, [](const DockerEvent&) {});
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(decoder.buffered(), 0u);
}

}  // namespace
}  // namespace berth::reconciler::docker
