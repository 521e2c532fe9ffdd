#include "s3v4/sigv4/chunked.hpp"

#include "s3v4/sigv4/string_to_sign.hpp"

namespace s3v4::sigv4 {

namespace {
uint64_t hex_digits(uint64_t n) {
    uint64_t d = 1;
    while (n >= 16) {
        n /= 16;
        ++d;
    }
    return d;
}
constexpr uint64_t kSignatureFraming = 17 + 64 + 2 + 2;  // ";chunk-signature=" SIG CRLF ... CRLF
}  // namespace

uint64_t aws_chunked_length(uint64_t decoded, uint64_t chunk_size) {
    if (chunk_size == 0) return 0;
    const uint64_t full = decoded / chunk_size, rest = decoded % chunk_size;
    uint64_t total = full * (hex_digits(chunk_size) + kSignatureFraming + chunk_size);
    if (rest > 0) total += hex_digits(rest) + kSignatureFraming + rest;
    return total + 1 + kSignatureFraming;  // the final, empty chunk
}

std::string chunk_header(uint64_t size, std::string_view signature) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    char buf[16];
    int n = 0;
    do {
        buf[n++] = hex[size & 0xf];
        size >>= 4;
    } while (size != 0);
    while (n > 0) out += buf[--n];
    out += ";chunk-signature=";
    out += signature;
    return out;
}

ChunkSigner::ChunkSigner(const Signed& seed, const Credentials& creds, const Settings& settings)
    : key_(signing_key(creds.secret_access_key, seed.amz_date.substr(0, 8), settings.region,
                       settings.service)),
      previous_(seed.signature) {
    prefix_ = "AWS4-HMAC-SHA256-PAYLOAD\n" + seed.amz_date + "\n" + seed.credential_scope + "\n";
}

std::string ChunkSigner::sign_chunk(std::string_view data) {
    return sign_chunk_hash(sha256_hex(data));
}

std::string ChunkSigner::sign_chunk_hash(std::string_view data_sha256_hex) {
    last_string_to_sign_ = prefix_;
    last_string_to_sign_.append(previous_).append(1, '\n');
    last_string_to_sign_.append(kEmptySha256).append(1, '\n');
    last_string_to_sign_.append(data_sha256_hex);
    previous_ = signature(key_, last_string_to_sign_);
    return previous_;
}

}  // namespace s3v4::sigv4
