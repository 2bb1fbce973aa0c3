// Session ids for the HTTP transports: 128 random bits as 32 lowercase hex digits, unguessable
// enough for a test server (seeded once from std::random_device). Safe from any thread.
#pragma once

#include <string>

namespace berth::test_server {

[[nodiscard]] std::string new_session_id();

}  // namespace berth::test_server
