#include "proxy/backends/stdio_backend.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <charconv>

namespace berth::proxy {
namespace {

constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kLoggedPrefix = 200;  // of a skipped line

// berth declares what its client sessions may answer (sessions::StdioMultiplexer routes these
// server-to-client requests to a session), so servers offer the tools that need them.
constexpr std::string_view kInitializeParams =
    R"({"protocolVersion":"2025-06-18",)"
    R"("capabilities":{"sampling":{},"elicitation":{},"roots":{"listChanged":true}},)"
    R"("clientInfo":{"name":"berth","version":"0.1.0"}})";

std::string_view prefix(std::string_view line) { return line.substr(0, kLoggedPrefix); }

// The number n of a "berth:<n>" id, or 0 if `message` is not an answer to one of berth's own.
uint64_t berth_request_id(const rapidjson::Document& message) {
  if (message.HasMember("method") || !message.HasMember("id")) return 0;
  const auto& id = message["id"];
  if (!id.IsString()) return 0;
  std::string_view text(id.GetString(), id.GetStringLength());
  if (!text.starts_with(StdioBackend::kIdPrefix)) return 0;
  text.remove_prefix(StdioBackend::kIdPrefix.size());
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() ? n : 0;
}

JsonRpcResult to_result(const rapidjson::Document& message) {
  if (message.HasMember("result")) {
    rapidjson::Document result;
    result.CopyFrom(message["result"], result.GetAllocator());
    return result;
  }
  const auto* error =
      message.HasMember("error") && message["error"].IsObject() ? &message["error"] : nullptr;
  if (error == nullptr) return Error{"malformed JSON-RPC response: neither result nor error"};
  const int code =
      error->HasMember("code") && (*error)["code"].IsInt() ? (*error)["code"].GetInt() : 0;
  std::string text = error->HasMember("message") && (*error)["message"].IsString()
                         ? (*error)["message"].GetString()
                         : "";
  return Error{"JSON-RPC error " + std::to_string(code) + ": " + text, code};
}

}  // namespace

std::shared_ptr<StdioBackend> StdioBackend::create(DockerSocketClient client,
                                                   std::string container_id, std::string server) {
  return std::shared_ptr<StdioBackend>(
      new StdioBackend(std::move(client), std::move(container_id), std::move(server)));
}

StdioBackend::StdioBackend(DockerSocketClient client, std::string container_id, std::string server)
    : client_(std::move(client)),
      container_id_(std::move(container_id)),
      server_(std::move(server)),
      log_tag_("server=" + server_ + " container=" + container_id_.substr(0, 12)),
      read_buffer_(kReadChunk),
      pending_(client_.io()) {}

StdioBackend::~StdioBackend() {
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
}

void StdioBackend::attach(std::chrono::milliseconds timeout) {
  if (open_op_ || stream_ || closed_) return;
  open_op_ = client_.open(
      beast_http::verb::post,
      "/containers/" + container_id_ + "/attach?stream=1&stdin=1&stdout=1&stderr=1", true, timeout,
      [self = shared_from_this()](auto result) { self->on_attach(std::move(result)); });
}

void StdioBackend::on_attach(Result<std::unique_ptr<DockerResponseStream>> result) {
  open_op_.reset();
  if (!result) return shut(Error{"attach failed: " + result.error(), result.error_code()});
  if (closed_) return;
  stream_ = std::move(result).value();
  spdlog::info("{} attached", log_tag_);
  const auto leftover = stream_->buffer.data();
  on_bytes(std::string_view(static_cast<const char*>(leftover.data()), leftover.size()));
  stream_->buffer.consume(stream_->buffer.size());
  if (closed_) return;
  do_read();
  do_write();
}

void StdioBackend::do_read() {
  stream_->socket.async_read_some(
      asio::buffer(read_buffer_),
      [self = shared_from_this()](beast::error_code ec, size_t n) { self->on_read(ec, n); });
}

void StdioBackend::on_read(beast::error_code ec, size_t bytes) {
  if (closed_) return;
  on_bytes(std::string_view(read_buffer_.data(), bytes));
  if (ec == asio::error::eof) return shut(Error{"the container closed its output"});
  if (ec) return shut(Error{"attach stream broke: " + ec.message()});
  if (!closed_) do_read();
}

void StdioBackend::on_bytes(std::string_view bytes) {
  const bool framed = decoder_.feed(bytes, [this](DockerStream stream, std::string_view payload) {
    auto& lines = stream == DockerStream::kStderr ? stderr_lines_ : stdout_lines_;
    lines.feed(
        payload,
        [this, stream](std::string_view line) {
          stream == DockerStream::kStderr ? on_stderr_line(line) : on_stdout_line(line);
        },
        [this, stream](size_t size) {
          spdlog::warn("{} stream={} dropped a line longer than {} bytes", log_tag_,
                       stream == DockerStream::kStderr ? "stderr" : "stdout", size);
        });
  });
  if (!framed) shut(Error{"attach stream is not multiplexed (does the container have a TTY?)"});
}

void StdioBackend::on_stdout_line(std::string_view line) {
  if (closed_ || line.find_first_not_of(" \t") == std::string_view::npos) return;
  rapidjson::Document message;
  message.Parse(line.data(), line.size());
  if (message.HasParseError() || !message.IsObject()) {
    spdlog::warn("{} stream=stdout skipped a line that is not a JSON-RPC message: {}", log_tag_,
                 prefix(line));
    return;
  }
  dispatch(std::move(message));
}

void StdioBackend::on_stderr_line(std::string_view line) {
  spdlog::info("{} stream=stderr {}", log_tag_, line);
}

void StdioBackend::dispatch(rapidjson::Document message) {
  if (const uint64_t id = berth_request_id(message); id != 0) {
    if (!pending_.complete(id, to_result(message))) {
      spdlog::debug("{} late answer to berth:{} dropped", log_tag_, id);
    }
    return;
  }
  if (message_handler_) return message_handler_(std::move(message));
  spdlog::debug("{} no session for a message; dropped", log_tag_);
}

void StdioBackend::send(std::string message) {
  if (closed_) return;
  message.push_back('\n');
  write_queue_.push_back(std::move(message));
  do_write();
}

void StdioBackend::do_write() {
  if (writing_ || !stream_ || closed_ || write_queue_.empty()) return;
  writing_ = true;
  asio::async_write(
      stream_->socket, asio::buffer(write_queue_.front()),
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
}

void StdioBackend::on_write(beast::error_code ec) {
  writing_ = false;
  if (closed_) return;
  if (ec) return shut(Error{"writing to the container's stdin: " + ec.message()});
  write_queue_.pop_front();
  do_write();
}

void StdioBackend::send_request(std::string_view method, std::string_view params_json,
                                std::chrono::milliseconds timeout, ResponseHandler handler) {
  if (closed_) {
    asio::post(client_.io(), [handler = std::move(handler), method = std::string(method)] {
      handler(Error{method + ": backend closed"});
    });
    return;
  }
  const uint64_t id = next_id_++;
  rapidjson::StringBuffer text;
  rapidjson::Writer<rapidjson::StringBuffer> writer(text);
  writer.StartObject();
  writer.Key("jsonrpc");
  writer.String("2.0");
  writer.Key("id");
  writer.String(std::string(kIdPrefix).append(std::to_string(id)).c_str());
  writer.Key("method");
  writer.String(method.data(), static_cast<rapidjson::SizeType>(method.size()));
  if (!params_json.empty()) {
    writer.Key("params");
    writer.RawValue(params_json.data(), params_json.size(), rapidjson::kObjectType);
  }
  writer.EndObject();
  pending_.add(id, std::string(method), timeout, std::move(handler));
  send(std::string(text.GetString(), text.GetSize()));
}

void StdioBackend::initialize(std::chrono::milliseconds timeout, ResponseHandler handler) {
  if (init_result_) {
    rapidjson::Document copy;
    copy.CopyFrom(*init_result_, copy.GetAllocator());
    asio::post(client_.io(), [handler = std::move(handler), copy = std::move(copy)]() mutable {
      handler(std::move(copy));
    });
    return;
  }
  init_waiters_.push_back(std::move(handler));
  if (init_waiters_.size() > 1) return;  // one initialize in flight serves every caller
  send_request("initialize", kInitializeParams, timeout,
               [self = shared_from_this()](JsonRpcResult result) {
                 self->on_initialize(std::move(result));
               });
}

void StdioBackend::on_initialize(JsonRpcResult result) {
  if (result) {
    auto kept = std::make_shared<rapidjson::Document>();
    kept->CopyFrom(result.value(), kept->GetAllocator());
    init_result_ = std::move(kept);
    send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    spdlog::info("{} initialized", log_tag_);
  }
  auto waiters = std::move(init_waiters_);
  init_waiters_.clear();
  for (auto& waiter : waiters) {
    if (!result) {
      waiter(result.error_value());
      continue;
    }
    rapidjson::Document copy;
    copy.CopyFrom(result.value(), copy.GetAllocator());
    waiter(std::move(copy));
  }
}

void StdioBackend::close() { shut(Error{"backend closed by berth"}); }

void StdioBackend::shut(const Error& reason) {
  if (closed_) return;
  closed_ = true;
  spdlog::info("{} attach stream closed: {}", log_tag_, reason.message);
  // Dropping the open breaks the cycle op -> handler -> this even if its handler never runs.
  if (open_op_) open_op_->cancel();
  open_op_.reset();
  if (stream_) {
    beast::error_code ignored;
    stream_->socket.close(ignored);
  }
  // An async_write in flight still refers to the front line until its handler runs.
  write_queue_.erase(writing_ ? write_queue_.begin() + 1 : write_queue_.begin(),
                     write_queue_.end());
  pending_.fail_all(reason);
  if (auto handler = std::move(closed_handler_)) {
    closed_handler_ = nullptr;
    handler(reason);
  }
}

}  // namespace berth::proxy
