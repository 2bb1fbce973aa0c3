#include "specs/import/json_file.h"

#include <rapidjson/error/en.h>

#include <fstream>
#include <sstream>

#include "specs/import/jsonc.h"

namespace berth::specs::import {

Result<std::shared_ptr<const rapidjson::Document>> parse_json_text(std::string_view text,
                                                                   const std::string& file) {
  auto json = strip_jsonc(text);
  if (!json) return Error{file + ":" + json.error()};
  auto document = std::make_shared<rapidjson::Document>();
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag;
  document->Parse<kFlags>(json->data(), json->size());
  if (document->HasParseError()) {
    return Error{file + ":" + line_and_column(text, document->GetErrorOffset()) + ": " +
                 rapidjson::GetParseError_En(document->GetParseError())};
  }
  return std::shared_ptr<const rapidjson::Document>(std::move(document));
}

Result<std::shared_ptr<const rapidjson::Document>> read_json_file(
    const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return Error{file.string() + ": cannot be read (not a regular file)"};
  }
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return Error{file.string() + ": cannot be read (" + ec.message() + ")"};
  if (size > kMaxJsonFileBytes) return Error{file.string() + ": larger than 1 MiB"};
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Error{file.string() + ": cannot be read"};
  return parse_json_text(text.str(), file.string());
}

}  // namespace berth::specs::import
