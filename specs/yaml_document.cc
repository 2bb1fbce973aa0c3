#include "specs/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <sstream>
#include <string>

namespace berth::specs {
namespace {

// Records where a document's first event stands and whether it holds anything but one null.
class DocumentProbe : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { record(mark, false); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { record(mark, true); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    record(mark, true);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    record(mark, true);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    record(mark, true);
  }
  void OnMapEnd() override {}

  std::optional<YAML::Mark> first;  // where the document's first event stands
  bool has_content = false;         // anything but a lone null

 private:
  void record(const YAML::Mark& mark, bool content) {
    if (!first) first = mark;
    has_content = has_content || content;
  }
};

SourcePos to_pos(const YAML::Mark& mark) { return SourcePos{mark.line + 1, mark.column + 1}; }

// Walks the documents after the first. Returns true when there is a second one with content;
// records a syntax error and returns true when the parser stops advancing (a stray token).
bool extra_documents(std::string_view text, FieldReader& reader) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  std::optional<int> last_position;
  constexpr int kMaxEmptyDocuments = 64;  // `---` lines alone; more is no spec file
  for (int index = 0; index < kMaxEmptyDocuments; ++index) {
    DocumentProbe probe;
    if (!parser.HandleNextDocument(probe)) return false;
    if (!probe.first) continue;  // an empty document: the parser moved past it
    int position = probe.first->pos;
    if (last_position && position == *last_position) {
      char token =
          position >= 0 && static_cast<size_t>(position) < text.size() ? text[position] : '?';
      reader.error(to_pos(*probe.first), "",
                   std::string("YAML syntax error: unexpected '") + token + "'");
      return true;
    }
    last_position = position;
    if (index > 0 && probe.has_content) {
      reader.error(to_pos(*probe.first), "",
                   "more than one YAML document; berth reads one server per file");
      return true;
    }
  }
  reader.error(SourcePos{1, 1}, "", "more than one YAML document; berth reads one server per file");
  return true;
}

// A second document needs a `---` or `...` marker, and a stray token leaves the root null: only
// then is the (second, costly) event pass needed.
bool may_hold_more(std::string_view text, const YAML::Node& root) {
  return root.IsNull() || text.find("---") != std::string_view::npos ||
         text.find("...") != std::string_view::npos;
}

}  // namespace

std::optional<YAML::Node> load_single_document(std::string_view text, FieldReader& reader) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
    if (may_hold_more(text, root) && extra_documents(text, reader)) return std::nullopt;
  } catch (const YAML::Exception& e) {
    reader.error(to_pos(e.mark), "", "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  if (root.IsNull()) {
    reader.error(SourcePos{1, 1}, "", "the file is empty; expected an MCPServer spec");
    return std::nullopt;
  }
  return root;
}

}  // namespace berth::specs
