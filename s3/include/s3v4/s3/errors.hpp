// S3 error documents turned into Error values whose message says what to do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3v4/error.hpp"

namespace s3v4::s3 {

// The elements of an <Error> document in order; nullopt when the body is not one.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_error_body(
    std::string_view xml);

// What the failed request was, for a message that names the fix.
struct ErrorContext {
    std::string operation;  // "PutObject"
    std::string action;     // IAM action, "s3:PutObject"
    std::string resource;   // "s3://bucket/key"
    std::string bucket;
    std::string region;
};

// An http_status Error from a response: code, fields and a message with the fix.
Error error_from_response(int status, std::string_view body, const ErrorContext& context,
                          const std::string& request_id_header = {});

}  // namespace s3v4::s3
