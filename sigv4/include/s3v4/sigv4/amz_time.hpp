// Signing time: passed in by the caller (the signer never reads a clock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace s3v4::sigv4 {

struct AmzTime {
    int64_t epoch_seconds = 0;  // seconds since 1970-01-01T00:00:00Z

    std::string amz_date() const;  // YYYYMMDDTHHMMSSZ, the X-Amz-Date value
    std::string date() const;      // YYYYMMDD, the credential-scope date
};

// Parses YYYYMMDDTHHMMSSZ (and checks the calendar: no month 13, no Feb 30).
std::optional<AmzTime> parse_amz_date(std::string_view text);

// Parses ISO 8601 YYYY-MM-DDTHH:MM:SSZ.
std::optional<AmzTime> parse_iso8601(std::string_view text);

// Formats epoch seconds as an RFC 7231 HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string http_date(int64_t epoch_seconds);

// Parses an RFC 7231 HTTP date (the Date header of a response).
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace s3v4::sigv4
