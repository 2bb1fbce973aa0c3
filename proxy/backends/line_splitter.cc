#include "proxy/backends/line_splitter.h"

namespace berth::proxy {

void LineSplitter::feed(std::string_view bytes, const LineSink& on_line,
                        const OverflowSink& on_overflow) {
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (!discarding_ && partial_.size() + piece.size() > max_line_) {
      on_overflow(partial_.size() + piece.size());
      partial_.clear();
      partial_.shrink_to_fit();
      discarding_ = true;
    }
    if (newline == std::string_view::npos) {
      if (!discarding_) partial_.append(piece);
      return;
    }
    if (discarding_) {
      discarding_ = false;
    } else if (partial_.empty()) {
      emit(piece, on_line);  // the whole line is in this piece: no copy
    } else {
      partial_.append(piece);
      emit(partial_, on_line);
      partial_.clear();
    }
    bytes.remove_prefix(newline + 1);
  }
}

void LineSplitter::emit(std::string_view line, const LineSink& on_line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  on_line(line);
}

}  // namespace berth::proxy
