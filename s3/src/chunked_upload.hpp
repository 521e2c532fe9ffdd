// The body of an aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the data is read
// once, each chunk hashed and signed on the way, chained from the request's seed signature.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "s3v4/http/client.hpp"
#include "s3v4/sigv4/chunked.hpp"

namespace s3v4::s3 {

class ChunkedUpload : public http::BodySource {
  public:
    ChunkedUpload(http::BodySource& data, uint64_t decoded_length, size_t chunk_size);

    // Called with every attempt's signature before it is sent: chunk signatures chain
    // from it, so a retry re-reads the data and signs it again.
    bool start(const sigv4::Signed& seed, const sigv4::Credentials& credentials,
               const sigv4::Settings& settings);

    std::optional<size_t> read(char* buffer, size_t n) override;
    std::optional<uint64_t> size() const override { return encoded_length_; }
    bool rewind() override { return data_.rewind(); }
    std::string error() const override { return error_.empty() ? data_.error() : error_; }

    uint64_t decoded_length() const { return decoded_length_; }

  private:
    bool fill_next_chunk();  // reads, hashes and signs the next chunk

    http::BodySource& data_;
    uint64_t decoded_length_, encoded_length_, read_so_far_ = 0;
    size_t chunk_size_;
    std::unique_ptr<sigv4::ChunkSigner> signer_;
    std::vector<char> chunk_;
    enum class Piece { header, data, trailer };
    Piece piece_ = Piece::trailer;
    std::string header_;  // "hex(size);chunk-signature=SIG\r\n"
    size_t chunk_len_ = 0;
    size_t frame_pos_ = 2;  // position within the current piece
    bool final_sent_ = false;
    std::string error_;
};

}  // namespace s3v4::s3
