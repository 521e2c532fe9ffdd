// Offline verification of a presigned URL with the local secret.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "s3v4/error.hpp"
#include "s3v4/s3/diagnosis.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::s3 {

struct PresignedUrlCheck {
    bool valid = false;
    std::vector<Finding> findings;  // every problem found (empty when valid)
    std::string canonical_request;  // what the signature was checked against
    std::string access_key_id, region, service, amz_date;
    int64_t expires = 0;
    int64_t seconds_left = 0;                 // negative once expired
    std::vector<std::string> signed_headers;  // the caller must send these (besides host)
};

// Checks signature, expiry and key of a presigned URL; headers are those the caller will
// send (needed when the URL signs more than host). A URL that is not presigned is an error.
Result<PresignedUrlCheck> verify_presigned_url(std::string_view url, const std::string& method,
                                               const sigv4::Headers& headers,
                                               const sigv4::Credentials& credentials, int64_t now);

}  // namespace s3v4::s3
