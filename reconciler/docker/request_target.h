#pragma once
// Helpers that build Docker Engine API request targets: query escaping, checks that a name may
// go into a path segment, and the split of an image reference into fromImage and tag.
//
// Pure functions; safe from any thread.

#include <string>
#include <string_view>

namespace berth::reconciler::docker {

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string escape_query_value(std::string_view value);

// True for a container id or name, or a network name: [A-Za-z0-9][A-Za-z0-9_.-]*, as the engine
// itself allows. Names are put into paths unescaped only after this check.
bool is_valid_object_name(std::string_view name);

// True for an image reference ("nginx", "berth/test-server:latest", "host:5000/a/b@sha256:…"):
// [A-Za-z0-9._/:@-], starting with an alphanumeric, without "..". Put into paths as is (the engine
// routes /images/{name:.*}/json).
bool is_valid_image_reference(std::string_view image);

// The fromImage and tag query values of POST /images/create: "a/b:1" → {"a/b", "1"},
// "a/b" → {"a/b", "latest"} (no tag would pull every tag), "a@sha256:…" → {"a@sha256:…", ""}.
struct ImagePullTarget {
  std::string from_image;
  std::string tag;
};
ImagePullTarget split_image_reference(std::string_view image);

}  // namespace berth::reconciler::docker
