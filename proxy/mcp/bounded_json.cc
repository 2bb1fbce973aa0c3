#include "proxy/mcp/bounded_json.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "proxy/mcp/json_rpc.h"

namespace berth::proxy::mcp {
namespace {

using rapidjson::SizeType;

enum class Limit { kNone, kDepth, kItems };

// A SAX handler that forwards every event to `Sink` (a Document building itself, or a handler
// that ignores them) and stops the parse at the first level past max_depth or the first item of
// a top-level array past max_items.
template <typename Sink>
class LimitedHandler {
 public:
  LimitedHandler(Sink& sink, JsonLimits limits) : sink_(sink), limits_(limits) {}

  bool Null() { return value() && sink_.Null(); }
  bool Bool(bool b) { return value() && sink_.Bool(b); }
  bool Int(int i) { return value() && sink_.Int(i); }
  bool Uint(unsigned u) { return value() && sink_.Uint(u); }
  bool Int64(int64_t i) { return value() && sink_.Int64(i); }
  bool Uint64(uint64_t u) { return value() && sink_.Uint64(u); }
  bool Double(double d) { return value() && sink_.Double(d); }
  bool RawNumber(const char* s, SizeType n, bool copy) {
    return value() && sink_.RawNumber(s, n, copy);
  }
  bool String(const char* s, SizeType n, bool copy) { return value() && sink_.String(s, n, copy); }
  bool Key(const char* s, SizeType n, bool copy) { return sink_.Key(s, n, copy); }
  bool StartObject() { return open(false) && sink_.StartObject(); }
  bool EndObject(SizeType members) { return close() && sink_.EndObject(members); }
  bool StartArray() { return open(true) && sink_.StartArray(); }
  bool EndArray(SizeType items) { return close() && sink_.EndArray(items); }

  [[nodiscard]] Limit broken() const { return broken_; }

 private:
  // A value starts: one more item if it is directly inside a top-level array.
  bool value() {
    if (depth_ == 1 && top_is_array_ && ++items_ > limits_.max_items) {
      broken_ = Limit::kItems;
      return false;
    }
    return true;
  }
  bool open(bool array) {
    if (!value()) return false;
    if (depth_ == 0) top_is_array_ = array;
    if (++depth_ > limits_.max_depth) {
      broken_ = Limit::kDepth;
      return false;
    }
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  Sink& sink_;
  const JsonLimits limits_;
  size_t depth_ = 0;
  size_t items_ = 0;
  bool top_is_array_ = false;
  Limit broken_ = Limit::kNone;
};

using InputStream = rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream>;
constexpr unsigned kFlags = rapidjson::kParseIterativeFlag;

// Runs the iterative reader over `json` into `handler`.
template <typename Handler>
rapidjson::ParseResult read(std::string_view json, Handler& handler) {
  rapidjson::MemoryStream memory(json.empty() ? "" : json.data(), json.size());
  InputStream input(memory);
  rapidjson::Reader reader;
  return reader.Parse<kFlags>(input, handler);
}

// The error for a parse that stopped: a limit, or text that is not JSON.
Error parse_error(const rapidjson::ParseResult& result, Limit broken, const JsonLimits& limits) {
  if (broken == Limit::kDepth) {
    return Error{"JSON nested deeper than " + std::to_string(limits.max_depth) + " levels",
                 kInvalidRequest};
  }
  if (broken == Limit::kItems) {
    return Error{"a batch of more than " + std::to_string(limits.max_items) + " messages",
                 kInvalidRequest};
  }
  return Error{"not JSON: " + std::string(rapidjson::GetParseError_En(result.Code())) +
                   " at offset " + std::to_string(result.Offset()),
               kParseError};
}

// Document::Populate's generator: parses into the document's own SAX handler.
struct Generator {
  std::string_view json;
  JsonLimits limits;
  rapidjson::ParseResult result;
  Limit broken = Limit::kNone;

  bool operator()(rapidjson::Document& document) {
    LimitedHandler<rapidjson::Document> handler(document, limits);
    result = read(json, handler);
    broken = handler.broken();
    return !result.IsError();
  }
};

// Notes the top-level `id` and whether a top-level `method` came first; ignores the rest.
class LeadingIdHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, LeadingIdHandler> {
 public:
  explicit LeadingIdHandler(size_t max_depth) : max_depth_(max_depth) {}

  bool Default() { return scalar(std::string()); }
  bool Int(int i) { return scalar(std::to_string(i)); }
  bool Uint(unsigned u) { return scalar(std::to_string(u)); }
  bool Int64(int64_t i) { return scalar(std::to_string(i)); }
  bool Uint64(uint64_t u) { return scalar(std::to_string(u)); }
  bool String(const char* s, SizeType n, bool) { return scalar(quote(std::string_view(s, n))); }
  bool Key(const char* s, SizeType n, bool) {
    key_ = depth_ == 1 ? std::string(s, n) : std::string();
    if (key_ == "method") method_ = true;
    return true;
  }
  bool StartObject() { return open(); }
  bool EndObject(SizeType) { return close(); }
  bool StartArray() { return open(); }
  bool EndArray(SizeType) { return close(); }

  [[nodiscard]] std::optional<std::string> id() const {
    if (method_ || id_.empty()) return std::nullopt;
    return id_;
  }

 private:
  bool scalar(std::string raw) {
    if (depth_ == 1 && key_ == "id" && id_.empty() && !method_) id_ = std::move(raw);
    return true;
  }
  bool open() {
    scalar(std::string());
    return ++depth_ <= max_depth_;
  }
  bool close() {
    --depth_;
    return true;
  }

  const size_t max_depth_;
  size_t depth_ = 0;
  std::string key_;
  std::string id_;
  bool method_ = false;
};

}  // namespace

Result<rapidjson::Document> parse_json(std::string_view json, JsonLimits limits) {
  rapidjson::Document document;
  Generator generator{json, limits, {}, Limit::kNone};
  document.Populate(generator);
  if (generator.result.IsError()) return parse_error(generator.result, generator.broken, limits);
  return document;
}

Status check_json(std::string_view json, JsonLimits limits) {
  rapidjson::BaseReaderHandler<> ignore;
  LimitedHandler<rapidjson::BaseReaderHandler<>> handler(ignore, limits);
  const rapidjson::ParseResult result = read(json, handler);
  if (result.IsError()) return parse_error(result, handler.broken(), limits);
  return ok_status();
}

std::optional<std::string> leading_response_id(std::string_view json, size_t max_depth) {
  LeadingIdHandler handler(max_depth);
  (void)read(json, handler);
  return handler.id();
}

}  // namespace berth::proxy::mcp
