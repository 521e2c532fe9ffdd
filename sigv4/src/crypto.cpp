// SHA256_* are deprecated in OpenSSL 3 in favour of EVP, but EVP adds a provider lookup
// and a heap context per call; the low-level API is what lets HMAC pads be precomputed.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "s3v4/sigv4/crypto.hpp"

#include <cstring>

#include <openssl/crypto.h>

namespace s3v4::sigv4 {

std::string to_hex(const unsigned char* data, size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(size * 2, '\0');
    for (size_t i = 0; i < size; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0f];
    }
    return out;
}

void append_hex(std::string& out, const Digest& d) {
    static constexpr char digits[] = "0123456789abcdef";
    char buf[64];
    for (size_t i = 0; i < d.size(); ++i) {
        buf[2 * i] = digits[d[i] >> 4];
        buf[2 * i + 1] = digits[d[i] & 0x0f];
    }
    out.append(buf, sizeof buf);
}

std::string sha256_hex(std::string_view data) {
    // Not SHA256(): in OpenSSL 3 the one-shot call fetches the digest from the provider on
    // every call, which costs more than hashing a canonical request.
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data.data(), data.size());
    Digest d;
    SHA256_Final(d.data(), &ctx);
    return to_hex(d);
}

Sha256::Sha256() {
    SHA256_Init(&ctx_);
}

void Sha256::update(const void* data, size_t size) {
    SHA256_Update(&ctx_, data, size);
}

Digest Sha256::finish() {
    Digest d;
    SHA256_Final(d.data(), &ctx_);
    SHA256_Init(&ctx_);
    return d;
}

HmacKey::HmacKey(std::string_view key) {
    unsigned char block[SHA256_CBLOCK] = {};
    if (key.size() > sizeof block) {
        SHA256_CTX ctx;
        SHA256_Init(&ctx);
        SHA256_Update(&ctx, key.data(), key.size());
        SHA256_Final(block, &ctx);
    } else {
        std::memcpy(block, key.data(), key.size());
    }
    unsigned char pad[SHA256_CBLOCK];
    for (size_t i = 0; i < sizeof block; ++i) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&inner_);
    SHA256_Update(&inner_, pad, sizeof pad);
    for (size_t i = 0; i < sizeof block; ++i) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&outer_);
    SHA256_Update(&outer_, pad, sizeof pad);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

HmacKey::~HmacKey() {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
}

Digest HmacKey::mac(std::string_view message) const {
    SHA256_CTX ctx = inner_;
    Digest inner_hash;
    SHA256_Update(&ctx, message.data(), message.size());
    SHA256_Final(inner_hash.data(), &ctx);
    ctx = outer_;
    Digest out;
    SHA256_Update(&ctx, inner_hash.data(), inner_hash.size());
    SHA256_Final(out.data(), &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
    return out;
}

Digest hmac_sha256(std::string_view key, std::string_view message) {
    return HmacKey(key).mac(message);
}

}  // namespace s3v4::sigv4
