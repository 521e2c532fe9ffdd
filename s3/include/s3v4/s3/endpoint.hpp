// Where requests go: endpoint URL, virtual-hosted or path-style addressing, the Host
// header and the wire path of an object.
#pragma once

#include <string>
#include <string_view>

#include "s3v4/error.hpp"

namespace s3v4::s3 {

enum class Addressing { automatic, virtual_host, path_style };

struct Endpoint {
    std::string scheme;   // "http" or "https"
    std::string host;     // without port; IPv6 literals keep their brackets
    int port = 0;         // 0 = the scheme's default
    bool is_aws = false;  // an amazonaws.com endpoint (stricter key checks apply there)

    std::string authority() const;  // host[:port], the Host header value
};

// Parses "http(s)://host[:port][/]"; a path, query, user info or missing scheme is an error.
Result<Endpoint> parse_endpoint(std::string_view url);

// The AWS endpoint of a region: https://s3.REGION.amazonaws.com.
Endpoint aws_endpoint(std::string_view region);

// Where one bucket's requests go, after choosing the addressing style.
struct BucketLocation {
    Endpoint endpoint;        // host includes "BUCKET." for virtual-hosted style
    std::string path_prefix;  // "" (virtual-hosted) or "/BUCKET" (path style)
    bool virtual_host = false;

    // Wire path of an object: prefix + "/" + each byte of key encoded once ('/' kept).
    std::string object_path(std::string_view key) const;
    std::string url(std::string_view wire_path_and_query) const;  // scheme://authority + path
};

// Picks virtual-hosted style unless forced, unless the bucket is not DNS-safe (dots over
// https break the wildcard certificate), or the endpoint is an IP address or localhost.
BucketLocation locate_bucket(const Endpoint& endpoint, std::string_view bucket, Addressing mode);

}  // namespace s3v4::s3
