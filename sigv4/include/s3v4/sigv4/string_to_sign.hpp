// String to sign, signing key and signature: the three hashing steps of SigV4.
#pragma once

#include <string>
#include <string_view>

#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/crypto.hpp"

namespace s3v4::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// "DATE/REGION/SERVICE/aws4_request"
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

// "AWS4-HMAC-SHA256\nAMZDATE\nSCOPE\nhex(SHA256(canonical_request))"
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);

// HMAC chain AWS4+secret -> date -> region -> service -> "aws4_request" (uncached).
HmacKey derive_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                           std::string_view service);

// The same, from a per-thread cache keyed by (secret, date, region, service).
const HmacKey& signing_key(std::string_view secret, std::string_view date, std::string_view region,
                           std::string_view service);

// hex(HMAC(signing_key, string_to_sign))
std::string signature(const HmacKey& signing_key, std::string_view string_to_sign);

}  // namespace s3v4::sigv4
