#pragma once
// FakeChannelSource: a ChannelSource handing out ScriptedChannels, one per open() (a new
// container, a replacement), each made with the same options unless the test sets others. The
// test reaches each channel it handed out, and sees which the front retired.
// Not thread-safe: lives on the io thread with the fronts.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "proxy/front/channel_source.h"
#include "tests/proxy/front/scripted_channel.h"

namespace berth::proxy::front::testing {

class FakeChannelSource : public ChannelSource {
 public:
  explicit FakeChannelSource(boost::asio::io_context& io, ScriptedChannel::Options options = {})
      : io_(io), options_(std::move(options)) {}

  [[nodiscard]] std::shared_ptr<mcp::McpChannel> open(const reconciler::Route& route) override {
    opened_.push_back(std::make_shared<ScriptedChannel>(io_, options_));
    containers_.push_back(route.container_id);
    return opened_.back();
  }
  void retire(const std::shared_ptr<mcp::McpChannel>& channel) override {
    retired_.push_back(channel.get());
  }

  // The options of the channels opened from now on.
  void set_options(ScriptedChannel::Options options) { options_ = std::move(options); }
  [[nodiscard]] size_t opened() const { return opened_.size(); }
  // The i-th channel handed out, and the container it was for.
  [[nodiscard]] ScriptedChannel& channel(size_t i) { return *opened_.at(i); }
  [[nodiscard]] ScriptedChannel& last() { return *opened_.back(); }
  [[nodiscard]] const std::string& container(size_t i) const { return containers_.at(i); }
  [[nodiscard]] bool retired(size_t i) const {
    for (const mcp::McpChannel* channel : retired_) {
      if (channel == opened_.at(i).get()) return true;
    }
    return false;
  }

 private:
  boost::asio::io_context& io_;
  ScriptedChannel::Options options_;
  std::vector<std::shared_ptr<ScriptedChannel>> opened_;
  std::vector<std::string> containers_;
  std::vector<const mcp::McpChannel*> retired_;
};

}  // namespace berth::proxy::front::testing
