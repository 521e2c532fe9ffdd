// Percent-encoding exactly as SigV4 specifies it (RFC 3986 unreserved set, upper-case hex).
#pragma once

#include <string>
#include <string_view>

namespace s3v4::sigv4 {

// True for A-Z a-z 0-9 - . _ ~, the bytes SigV4 never encodes.
bool is_unreserved(unsigned char c);

// Encodes every byte but the unreserved ones; keeps '/' when keep_slash (for paths).
std::string uri_encode(std::string_view in, bool keep_slash = false);

// Appends the encoding of in to out (no temporary string on the hot path).
void append_uri_encoded(std::string& out, std::string_view in, bool keep_slash = false);

// Decodes %XX escapes; a '%' not followed by two hex digits stays a literal '%'.
// '+' stays '+': SigV4 and S3 paths treat it as a plus sign, not a space.
std::string uri_decode(std::string_view in);

}  // namespace s3v4::sigv4
