// The steps that build a SigV4 canonical request, each a pure function testable alone.
//
//   CanonicalRequest = Method '\n' CanonicalURI '\n' CanonicalQuery '\n'
//                      CanonicalHeaders '\n' SignedHeaders '\n' PayloadHash
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3v4::sigv4 {

struct Header {
    std::string name;
    std::string value;
};
using Headers = std::vector<Header>;

// Removes empty, "." and ".." segments (generic services only; S3 keys are literal).
std::string normalize_path(std::string_view path);

// Canonical URI from the path as sent on the wire. double_encode=false (S3): decode
// existing escapes, then encode each byte once. double_encode=true (other services):
// encode the wire path again, so '%' becomes '%25'.
std::string canonical_uri(std::string_view wire_path, bool normalize, bool double_encode);

// Splits a raw query string into decoded (name, value) pairs; "a" gives ("a", "").
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw_query);

// Canonical query: each name and value encoded, sorted by name then value, joined by '&'.
std::string canonical_query(std::vector<std::pair<std::string, std::string>> decoded_pairs);

struct CanonicalHeaders {
    std::string block;           // "name:value\n" per header, sorted by name
    std::string signed_headers;  // "name1;name2;..."
};

// True for headers that must never be signed: hop-by-hop headers and those that proxies,
// CDNs and HTTP clients add or rewrite on the way (they would break the signature).
bool is_unsignable_header(std::string_view lower_name);

// Canonical value: trimmed, inner whitespace runs (and obsolete line folds) made one space.
std::string canonical_header_value(std::string_view value);

// Lower-cases names, canonicalises values, joins repeats with ',' in order sent, sorts.
CanonicalHeaders canonical_headers(const Headers& headers);

// The same over views (the signer adds its own headers without copying the caller's).
struct HeaderView {
    std::string_view name, value;
};
CanonicalHeaders canonical_headers(const std::vector<HeaderView>& headers);

// Joins the six parts of the canonical request.
std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, const CanonicalHeaders& headers,
                              std::string_view payload_hash);

}  // namespace s3v4::sigv4
