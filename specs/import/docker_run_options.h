#pragma once
// The `docker run` options berth import knows, and what it does with each: map it into the spec,
// drop it with a note (it means nothing under berth), refuse it (it would weaken the container's
// isolation) or reject it (the spec has no equivalent). Options not listed are unknown.

#include <string_view>

namespace berth::specs::import {

enum class OptionKind { kMapped, kDropped, kRefused, kUnsupported };

struct DockerOption {
  std::string_view name;  // the long name, without dashes
  char short_name;        // 0 when there is none
  bool takes_value;
  OptionKind kind;
  std::string_view why;  // for the dropped, refused and unsupported ones
};

const DockerOption* find_long_option(std::string_view name);
const DockerOption* find_short_option(char name);

}  // namespace berth::specs::import
