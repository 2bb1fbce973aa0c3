#include "proxy/backends/docker_frame_decoder.h"

#include <algorithm>

namespace berth::proxy {

bool DockerFrameDecoder::feed(std::string_view bytes, const Sink& sink) {
  while (!broken_ && !bytes.empty()) {
    if (remaining_ == 0) {
      const size_t take = std::min(kHeaderSize - header_size_, bytes.size());
      std::copy_n(bytes.data(), take, header_ + header_size_);
      header_size_ += take;
      bytes.remove_prefix(take);
      if (header_size_ < kHeaderSize) break;
      header_size_ = 0;
      if (!parse_header()) broken_ = true;
      continue;
    }
    const size_t take = std::min<size_t>(remaining_, bytes.size());
    remaining_ -= static_cast<uint32_t>(take);
    sink(stream_, bytes.substr(0, take));
    bytes.remove_prefix(take);
  }
  return !broken_;
}

bool DockerFrameDecoder::parse_header() {
  if (header_[0] > 2 || header_[1] != 0 || header_[2] != 0 || header_[3] != 0) return false;
  stream_ = static_cast<DockerStream>(header_[0]);
  remaining_ = (uint32_t{header_[4]} << 24) | (uint32_t{header_[5]} << 16) |
               (uint32_t{header_[6]} << 8) | uint32_t{header_[7]};
  return true;
}

}  // namespace berth::proxy
