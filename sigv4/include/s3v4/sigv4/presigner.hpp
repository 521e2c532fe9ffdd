// Presigns many URLs that share credentials, region, time, expiry, method and extra
// signed headers (a backend handing out thousands of thumbnail URLs): everything but the
// host and the path is computed once, and each URL costs two short SHA-256 runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "s3v4/error.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::sigv4 {

class Presigner {
  public:
    // extra_headers are signed besides host (e.g. Content-Type for a browser upload);
    // expires_seconds must be 1..604800. Payload: UNSIGNED-PAYLOAD, as S3 presigning uses.
    static Result<Presigner> create(const Credentials& credentials, const Settings& settings,
                                    AmzTime time, int64_t expires_seconds, std::string method,
                                    const Headers& extra_headers = {});

    // Appends the query string (auth parameters, X-Amz-Signature last) for one URL.
    // canonical_path must already be the canonical URI: each byte encoded once with '/'
    // kept, as uri_encode(path, true) gives (S3 rules). Not thread-safe: one per thread.
    void append_query(std::string& out, std::string_view host, std::string_view canonical_path);

    // The canonical request of one URL (for --debug and tests; the hot path never builds it).
    std::string canonical_request(std::string_view host, std::string_view canonical_path) const;

    // Its string to sign (for --debug and tests).
    std::string string_to_sign(std::string_view host, std::string_view canonical_path) const;

  private:
    Presigner() = default;
    HmacKey key_;
    std::string method_line_;     // "GET\n"
    std::string query_;           // canonical query of the auth parameters
    std::string headers_before_;  // canonical header lines that sort before "host"
    std::string tail_;            // lines after host, blank line, signed headers, payload hash
    std::string sts_prefix_;      // "AWS4-HMAC-SHA256\nDATE\nSCOPE\n"
    std::string sts_;             // reused buffer for each string to sign
};

}  // namespace s3v4::sigv4
