// Why S3 said SignatureDoesNotMatch: canonical requests and strings to sign compared line by
// line, and every difference named with a stable cause code, an explanation and the fix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3v4/sigv4/signer.hpp"

namespace s3v4::s3 {

struct Finding {
    std::string code;  // stable: "path-encoding", "header-value:content-type", ...
    std::string explanation;
    std::string fix;
    bool problem = true;  // false for passing checks and notes
};

struct CanonicalRequestParts {
    std::string method, path, query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string signed_headers, payload_hash;
};

// Splits a canonical request into its parts; nullopt when it does not have that shape.
std::optional<CanonicalRequestParts> parse_canonical_request(std::string_view text);

// "  same", "- ours", "+ theirs" lines (a line-by-line LCS diff).
std::string line_diff(std::string_view ours, std::string_view theirs);

// Every difference between the client's and the server's canonical requests.
std::vector<Finding> compare_canonical_requests(const CanonicalRequestParts& ours,
                                                const CanonicalRequestParts& theirs);

// Differences in the string to sign: algorithm, date, scope (date, region, service), hash.
std::vector<Finding> compare_strings_to_sign(std::string_view ours, std::string_view theirs);

// What looks wrong in one canonical request alone: headers proxies rewrite or that belong
// to responses, empty signed values, a port in Host, '+', space or '%25' in path or query.
std::vector<Finding> inspect_canonical_request(const CanonicalRequestParts& request);

// True for signed headers that proxies, CDNs or HTTP clients add or rewrite, or that belong
// to responses (x-amz-request-id, x-amz-id-2): signing them breaks signatures on the way.
bool is_suspicious_header(std::string_view lower_name);

// What explain knows besides the error body.
struct ExplainInput {
    std::vector<std::pair<std::string, std::string>> fields;  // the <Error> elements
    std::optional<sigv4::Credentials> local_credentials;
    std::optional<std::string> client_canonical_request, client_string_to_sign;
    std::optional<std::string> expected_region;  // --region
    int64_t now = 0;                             // epoch seconds
};

struct Explanation {
    std::vector<Finding> findings;
    std::string diff;  // canonical request (or string to sign) diff, when one was possible
};

// Analyses an S3 error body: consistency, secret checks, differences, the other codes.
Explanation explain_error(const ExplainInput& input);

// Decodes "47 45 54 0a" (S3's *Bytes fields) to bytes; nullopt when malformed.
std::optional<std::string> decode_hex_bytes(std::string_view spaced_hex);

}  // namespace s3v4::s3
