#include "proxy/backends/http_channel.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "proxy/mcp/json_rpc.h"
#include "proxy/mcp/refused_requests.h"
#include "proxy/mcp/server_message.h"

namespace berth::proxy {

namespace asio = boost::asio;

struct HttpChannel::Post {
  enum class Answer { kNone, kJson, kEvents };

  uint64_t serial = 0;
  std::vector<std::string> waiting;  // ids (raw JSON) of its requests not answered yet
  std::shared_ptr<LocalHttpExchange> exchange;
  unsigned status = 0;  // once the head is in
  Answer answer = Answer::kNone;
  bool sent_session = false;  // it carried Mcp-Session-Id
  bool holds = false;         // later messages wait until it is accepted
  bool initialize = false;    // berth's initialize: holds until its answer is in
  std::string json;           // an application/json answer, read to its end
  mcp::SseParser events;      // a text/event-stream answer
};

namespace {

constexpr size_t kMaxJsonAnswer = size_t{64} << 20;

// Session ids and protocol versions go into request headers only if they are what the spec
// allows there (visible ASCII): a server's odd value must not shape berth's requests.
bool visible_ascii(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

bool is_initialize(std::string_view message, const std::vector<std::string>& request_ids) {
  if (request_ids.size() != 1 || message.find("initialize") == std::string_view::npos) {
    return false;
  }
  auto parsed = mcp::parse_message(message);
  return parsed && parsed->IsObject() && mcp::string_member(*parsed, "method") == "initialize";
}

}  // namespace

std::shared_ptr<HttpChannel> HttpChannel::create(asio::io_context& io, std::string server,
                                                 std::string container_id, int port,
                                                 std::string path, HttpChannelOptions options) {
  return std::shared_ptr<HttpChannel>(new HttpChannel(
      io, std::move(server), std::move(container_id), port, std::move(path), options));
}

HttpChannel::HttpChannel(asio::io_context& io, std::string server, std::string container_id,
                         int port, std::string path, HttpChannelOptions options)
    : io_(io),
      server_(std::move(server)),
      port_(port),
      path_(std::move(path)),
      options_(options),
      log_tag_("server=" + server_ + " container=" + container_id.substr(0, 12) +
               " transport=streamable-http"),
      core_(io, log_tag_, [this](std::string message) { send(std::move(message)); }),
      stream_timer_(io) {}

HttpChannel::~HttpChannel() {
  if (stream_) stream_->close();
  for (auto& [serial, post] : posts_) post->exchange->close();
}

void HttpChannel::open() {
  if (opened_ || closed_) return;
  opened_ = true;
  if (port_ <= 0 || port_ > 65535) return shut(Error{"no port published on 127.0.0.1"});
  pump();
}

void HttpChannel::send(std::string message) {
  if (closed_) return;
  queue_.push_back(std::move(message));
  pump();
}

void HttpChannel::close() {
  if (closed_) return;
  delete_session();
  shut(Error{"closed by berth"});
}

void HttpChannel::pump() {
  while (opened_ && !closed_ && holding_ == 0 && !queue_.empty()) {
    std::string message = std::move(queue_.front());
    queue_.pop_front();
    start_post(std::move(message));
  }
}

void HttpChannel::start_post(std::string message) {
  auto post = std::make_shared<Post>();
  post->serial = next_post_++;
  post->waiting = mcp::request_ids(message);
  post->initialize = is_initialize(message, post->waiting);
  post->holds = post->waiting.empty() || post->initialize;
  if (post->holds) ++holding_;
  post->sent_session = !session_id_.empty();
  Request request = make_request(beast_http::verb::post);
  request.set(beast_http::field::content_type, "application/json");
  request.set(beast_http::field::accept, "application/json, text/event-stream");
  request.body() = std::move(message);
  post->exchange = LocalHttpExchange::create(io_);
  posts_.emplace(post->serial, post);
  // The handlers keep the channel and the post alive until the exchange ends; on_post_end and
  // shut() drop the post's hold on the exchange, which breaks the cycle.
  auto self = shared_from_this();
  post->exchange->start(
      port_, std::move(request),
      LocalHttpExchange::Timeouts{.connect = options_.connect_timeout,
                                  .head = options_.answer_timeout,
                                  .idle = options_.answer_timeout},
      {.on_head = [self, post](const auto& head) { self->on_post_head(*post, head); },
       .on_body = [self, post](std::string_view bytes) { return self->on_post_body(*post, bytes); },
       .on_end = [self, post](Status status) { self->on_post_end(*post, std::move(status)); }});
}

void HttpChannel::on_post_head(Post& post, const beast_http::response_header<>& head) {
  if (closed_) return;
  post.status = head.result_int();
  if (post.status == 404 && post.sent_session) {
    refuse(post, "the server forgot berth's session (HTTP 404)");
    return shut(Error{"the server forgot berth's session (HTTP 404 to a POST)"});
  }
  if (post.status < 200 || post.status > 299) {
    spdlog::warn("{} the server refused a message status={}", log_tag_, post.status);
    refuse(post, "the server refused the message (HTTP " + std::to_string(post.status) + ")");
    return release(post);
  }
  if (post.initialize && session_id_.empty()) {
    const std::string id = header_value(head, "Mcp-Session-Id");
    if (visible_ascii(id)) session_id_ = id;
  }
  if (is_event_stream(head)) {
    post.answer = Post::Answer::kEvents;
    post.exchange->set_idle_timeout(LocalHttpExchange::kNoTimeout);  // a long tool may be quiet
  } else if (content_type_starts_with(head, "application/json")) {
    post.answer = Post::Answer::kJson;
  }
  if (!post.initialize) release(post);  // accepted: the server has read it
}

bool HttpChannel::on_post_body(Post& post, std::string_view bytes) {
  if (closed_ || post.status < 200 || post.status > 299) return false;
  switch (post.answer) {
    case Post::Answer::kNone:
      return true;  // nothing to read in it; let the answer end
    case Post::Answer::kJson:
      if (post.json.size() + bytes.size() > kMaxJsonAnswer) {
        refuse(post, "the server's answer is too large");
        post.answer = Post::Answer::kNone;
        return false;
      }
      post.json.append(bytes);
      return true;
    case Post::Answer::kEvents: {
      const bool fits = post.events.feed(bytes, [this, &post](const mcp::SseEvent& event) {
        if (closed_ || event.event != "message") return;
        if (auto message = mcp::read_server_message(core_, event.data)) {
          deliver(post, std::move(*message));
        }
      });
      if (!fits) refuse(post, "an event of the server's answer is too large");
      return fits && !closed_;
    }
  }
  return false;
}

void HttpChannel::on_post_end(Post& post, Status status) {
  posts_.erase(post.serial);
  post.exchange.reset();  // the exchange ends; its handlers (and this post) go with it
  if (closed_) return;
  if (!status && status.error_code() == LocalHttpExchange::kHeadTimedOut) {
    spdlog::warn("{} no answer to a message within {} ms", log_tag_,
                 options_.answer_timeout.count());
    refuse(post, "no answer within " + std::to_string(options_.answer_timeout.count()) + " ms");
    return release(post);
  }
  if (!status) return shut(Error{"posting a message: " + status.error()});
  if (post.answer == Post::Answer::kJson) deliver_json(post);
  if (closed_) return;
  // 202 to a request: the server accepted it and may answer on the GET stream.
  if (post.status != 202) refuse(post, "the server's answer ended without a response");
  release(post);
}

void HttpChannel::deliver_json(Post& post) {
  auto parsed =
      mcp::read_server_message(core_, post.json, mcp::ServerMessageShape::kMessageOrBatch);
  if (!parsed) return;
  if (parsed->IsObject()) return deliver(post, std::move(*parsed));
  for (const auto& member : parsed->GetArray()) {
    if (closed_) return;
    if (!member.IsObject()) continue;
    rapidjson::Document message;
    message.CopyFrom(member, message.GetAllocator());
    deliver(post, std::move(message));
  }
}

void HttpChannel::deliver(Post& post, rapidjson::Document message) {
  const mcp::MessageShape shape = mcp::classify(message);
  if (shape.type == mcp::MessageType::kResponse) {
    std::erase(post.waiting, shape.id);
  }
  core_.dispatch(std::move(message));
  // berth's initialize is answered (the core has queued notifications/initialized): the
  // session is named, messages may go out with its headers.
  if (post.initialize && post.holds && post.waiting.empty() && !closed_) {
    release(post);
    if (core_.initialize_result()) open_stream();
  }
}

void HttpChannel::release(Post& post) {
  if (!post.holds) return;
  post.holds = false;
  --holding_;
  pump();
}

void HttpChannel::refuse(Post& post, const std::string& why) {
  auto waiting = std::move(post.waiting);
  post.waiting.clear();
  for (const std::string& id : waiting) {
    if (closed_) return;
    mcp::refuse_request(core_, id, server_ + ": " + why);
  }
}

HttpChannel::Request HttpChannel::make_request(beast_http::verb verb) const {
  Request request{verb, path_, 11};
  if (!session_id_.empty()) request.set("Mcp-Session-Id", session_id_);
  if (auto init = core_.initialize_result(); init && init->IsObject()) {
    auto version = mcp::string_member(*init, "protocolVersion");
    if (version && visible_ascii(*version)) {
      request.set("MCP-Protocol-Version", beast::string_view(version->data(), version->size()));
    }
  }
  return request;
}

void HttpChannel::delete_session() {
  if (session_id_.empty() || !opened_) return;
  // Fire and forget: the exchange keeps itself alive until it ends; nothing waits for it.
  LocalHttpExchange::create(io_)->start(
      port_, make_request(beast_http::verb::delete_), options_.connect_timeout,
      {.on_head = nullptr,
       .on_body = [](std::string_view) { return false; },
       .on_end =
           [tag = log_tag_](Status status) {
             if (!status) spdlog::debug("{} ending the session failed: {}", tag, status.error());
           }});
}

void HttpChannel::shut(const Error& reason) {
  if (closed_) return;
  closed_ = true;
  spdlog::info("{} session closed: {}", log_tag_, reason.message);
  stream_timer_.cancel();
  if (stream_) stream_->close();
  stream_.reset();
  auto posts = std::move(posts_);
  posts_.clear();
  for (auto& [serial, post] : posts) {
    post->exchange->close();
    post->exchange.reset();
  }
  queue_.clear();
  holding_ = 0;
  core_.close(reason);
}

}  // namespace berth::proxy
