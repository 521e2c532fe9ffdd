// Bucket names, object keys and s3:// URIs: checked before any request is built.
#pragma once

#include <string>
#include <string_view>

#include "s3v4/error.hpp"

namespace s3v4::s3 {

// Checks S3's bucket naming rules (3-63 of a-z 0-9 . -, no IP address shape).
Status check_bucket_name(std::string_view bucket);

// Checks an object key: 1..1024 bytes of valid UTF-8 without NUL, CR or LF.
Status check_key(std::string_view key);

// True when the bytes are well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

struct S3Uri {
    std::string bucket;
    std::string key;  // literal object key or prefix; may be empty
};

// Parses "s3://BUCKET[/KEY]"; the key is taken literally ('%' is a percent sign).
Result<S3Uri> parse_s3_uri(std::string_view uri);

}  // namespace s3v4::s3
