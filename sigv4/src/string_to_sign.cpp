#include "s3v4/sigv4/string_to_sign.hpp"

#include <openssl/crypto.h>

namespace s3v4::sigv4 {

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
    std::string out;
    out.reserve(date.size() + region.size() + service.size() + 15);
    out.append(date).append(1, '/').append(region).append(1, '/').append(service);
    out.append("/aws4_request");
    return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
    std::string out;
    out.reserve(kAlgorithm.size() + amz_date.size() + scope.size() + 67);
    out.append(kAlgorithm).append(1, '\n');
    out.append(amz_date).append(1, '\n');
    out.append(scope).append(1, '\n');
    out.append(sha256_hex(canonical_request));
    return out;
}

HmacKey derive_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                           std::string_view service) {
    std::string seed = "AWS4";
    seed.append(secret);
    Digest k = hmac_sha256(seed, date);
    OPENSSL_cleanse(seed.data(), seed.size());
    auto view = [](const Digest& d) {
        return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
    };
    k = hmac_sha256(view(k), region);
    k = hmac_sha256(view(k), service);
    k = hmac_sha256(view(k), "aws4_request");
    HmacKey key(view(k));
    OPENSSL_cleanse(k.data(), k.size());
    return key;
}

namespace {

// One derived key per (secret, date, region, service). A presign with a cached key costs
// two SHA-256 runs; deriving one costs four HMACs more, so the cache is worth its memory.
struct CacheEntry {
    std::string secret, date, region, service;
    HmacKey key;
    CacheEntry() = default;
    CacheEntry(const CacheEntry&) = delete;
    CacheEntry& operator=(const CacheEntry&) = delete;
    ~CacheEntry() { OPENSSL_cleanse(secret.data(), secret.size()); }
};

constexpr size_t kCacheSize = 4;

}  // namespace

const HmacKey& signing_key(std::string_view secret, std::string_view date, std::string_view region,
                           std::string_view service) {
    thread_local CacheEntry cache[kCacheSize];
    thread_local size_t next = 0;
    for (auto& e : cache) {
        if (e.date == date && e.region == region && e.service == service && e.secret == secret &&
            !e.date.empty())
            return e.key;
    }
    CacheEntry& e = cache[next];
    next = (next + 1) % kCacheSize;
    OPENSSL_cleanse(e.secret.data(), e.secret.size());
    e.secret.assign(secret);
    e.date.assign(date);
    e.region.assign(region);
    e.service.assign(service);
    e.key = derive_signing_key(secret, date, region, service);
    return e.key;
}

std::string signature(const HmacKey& key, std::string_view sts) {
    return to_hex(key.mac(sts));
}

}  // namespace s3v4::sigv4
