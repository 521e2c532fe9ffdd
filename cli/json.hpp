// Minimal JSON output for --json (strings, numbers, booleans, flat arrays and objects).
#pragma once

#include <string>
#include <string_view>

namespace s3v4::cli {

// A JSON string literal, quotes included, with control characters escaped.
std::string json_string(std::string_view s);

}  // namespace s3v4::cli
