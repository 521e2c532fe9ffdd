// Signs a request (Authorization header) or presigns it (auth in the query string).
// Pure: the caller brings the time, the credentials and its own HTTP client.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "s3v4/error.hpp"
#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/canonical_request.hpp"

namespace s3v4::sigv4 {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr int64_t kMaxPresignExpiry = 604800;  // 7 days: AWS refuses longer

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty when not using temporary credentials
};

// Every service quirk in one place; settings_for() gives the right ones per service.
struct Settings {
    std::string region = "us-east-1";
    std::string service = "s3";
    bool normalize_path = false;        // remove dot and empty segments (not for S3)
    bool double_encode = false;         // encode the wire path again (not for S3)
    bool content_sha256_header = true;  // add and sign x-amz-content-sha256 (S3)
    bool sign_session_token = true;     // false: token attached after signing, unsigned
};

// S3 rules for "s3", generic SigV4 rules for any other service.
Settings settings_for(std::string_view service, std::string_view region);

struct Request {
    std::string method;
    std::string path;          // as sent on the wire: existing %XX escapes kept
    std::string query;         // raw query string, without '?'
    Headers headers;           // must include Host
    std::string payload_hash;  // hex SHA-256, UNSIGNED-PAYLOAD or STREAMING-...; empty = no body
};

// What signing produced, every intermediate step included (for --debug and diagnosis).
struct Signed {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;
    std::string credential_scope;
    std::string signed_headers;
    std::string amz_date;
    Headers headers_to_add;  // header mode: X-Amz-Date, x-amz-content-sha256, token, Authorization
    std::string query;       // presign mode: the full query string to send, signature last
};

// Header signing: computes the Authorization header and the headers that go with it.
Result<Signed> sign_request(const Request& request, const Credentials& credentials,
                            const Settings& settings, AmzTime time);

// Query signing (presigned URL); expires_seconds must be 1..604800 (never clamped).
Result<Signed> presign_request(const Request& request, const Credentials& credentials,
                               const Settings& settings, AmzTime time, int64_t expires_seconds);

// Checks an access key id and secret for the mistakes that break every signature.
Status check_credentials(const Credentials& credentials);

// "Credential=AKID/SCOPE, SignedHeaders=..., Signature=..." with the algorithm first.
std::string authorization_header(std::string_view access_key_id, const Signed& s);

}  // namespace s3v4::sigv4
