#pragma once
// "Did you mean": the closest of a set of known words to a misspelt one. Pure, thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace berth::specs {

// The candidate nearest to `word` by edit distance (inserting, deleting or replacing a character,
// or swapping two adjacent ones, is one edit; case is ignored), when it is close enough to be a
// plausible typo: at most 1 edit for short words, 2 for words of 5+ characters, 3 for 9+. On a
// tie the earlier candidate wins.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates);

}  // namespace berth::specs
