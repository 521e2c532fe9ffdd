// aws-chunked streaming signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): a seed signature
// over the headers, then one signature per chunk, each chained from the previous one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::sigv4 {

// Total Content-Length of the aws-chunked body for a payload of decoded_length bytes.
uint64_t aws_chunked_length(uint64_t decoded_length, uint64_t chunk_size);

// "hex(size);chunk-signature=SIG" (framed on the wire as header CRLF data CRLF).
std::string chunk_header(uint64_t size, std::string_view signature);

class ChunkSigner {
  public:
    // From the seed request's result; credentials and settings must be the seed's.
    ChunkSigner(const Signed& seed, const Credentials& credentials, const Settings& settings);

    // Signs the next chunk (the final chunk is empty) and returns its signature.
    std::string sign_chunk(std::string_view data);

    // The same, given the hex SHA-256 of the chunk data.
    std::string sign_chunk_hash(std::string_view data_sha256_hex);

    // The string to sign of the last chunk signed (for tests and --debug).
    const std::string& last_string_to_sign() const { return last_string_to_sign_; }

  private:
    HmacKey key_;
    std::string prefix_;  // "AWS4-HMAC-SHA256-PAYLOAD\nDATE\nSCOPE\n"
    std::string previous_;
    std::string last_string_to_sign_;
};

}  // namespace s3v4::sigv4
