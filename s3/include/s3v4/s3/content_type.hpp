// Content-Type from a file name: /etc/mime.types when present, else a small table.
#pragma once

#include <string>
#include <string_view>

namespace s3v4::s3 {

// The MIME type for a file name's extension, or application/octet-stream.
std::string guess_content_type(std::string_view file_name);

}  // namespace s3v4::s3
