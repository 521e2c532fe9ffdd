// SHA-256 and HMAC-SHA256 on OpenSSL's libcrypto, shaped for the signer's hot path.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <openssl/sha.h>

namespace s3v4::sigv4 {

using Digest = std::array<unsigned char, 32>;

// Lower-case hex of bytes.
std::string to_hex(const unsigned char* data, size_t size);
inline std::string to_hex(const Digest& d) {
    return to_hex(d.data(), d.size());
}

// Appends the lower-case hex of a digest to out (no temporary string).
void append_hex(std::string& out, const Digest& d);

// SHA-256 of data, as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);

// Hex SHA-256 of the empty string: the payload hash of a request with no body.
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Incremental SHA-256 for streamed bodies (files, stdin, chunks).
class Sha256 {
  public:
    Sha256();
    void update(const void* data, size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    Digest finish();  // resets the state afterwards, ready for the next message

  private:
    SHA256_CTX ctx_;
};

// An HMAC-SHA256 key with its inner and outer pad states precomputed, so each MAC costs
// two compression runs of the message instead of re-keying (OpenSSL's HMAC() re-keys and
// re-fetches the digest on every call, which would double the cost of a presign).
class HmacKey {
  public:
    HmacKey() = default;
    explicit HmacKey(std::string_view key);
    ~HmacKey();
    HmacKey(const HmacKey&) = default;
    HmacKey& operator=(const HmacKey&) = default;

    Digest mac(std::string_view message) const;

  private:
    SHA256_CTX inner_{};
    SHA256_CTX outer_{};
};

// HMAC-SHA256 in one call (key setup included).
Digest hmac_sha256(std::string_view key, std::string_view message);

}  // namespace s3v4::sigv4
