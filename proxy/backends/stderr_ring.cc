#include "proxy/backends/stderr_ring.h"

namespace berth::proxy {

void StderrRing::append(std::string_view line) {
  std::string kept(line.substr(0, kMaxLineBytes));
  if (line.size() > kMaxLineBytes) kept += "…";
  bytes_ += kept.size();
  lines_.push_back(std::move(kept));
  while (lines_.size() > kMaxLines || bytes_ > kMaxBytes) {
    bytes_ -= lines_.front().size();
    lines_.pop_front();
  }
}

std::string StderrRing::tail(size_t n) const {
  std::string out;
  size_t skip = lines_.size() > n ? lines_.size() - n : 0;
  for (size_t i = skip; i < lines_.size(); ++i) {
    out += lines_[i];
    out += '\n';
  }
  return out;
}

}  // namespace berth::proxy
