#include "chunked_upload.hpp"

#include <cstring>

#include "s3v4/sigv4/crypto.hpp"

namespace s3v4::s3 {

ChunkedUpload::ChunkedUpload(http::BodySource& data, uint64_t decoded_length, size_t chunk_size)
    : data_(data),
      decoded_length_(decoded_length),
      encoded_length_(sigv4::aws_chunked_length(decoded_length, chunk_size)),
      chunk_size_(chunk_size),
      chunk_(chunk_size) {}

bool ChunkedUpload::start(const sigv4::Signed& seed, const sigv4::Credentials& credentials,
                          const sigv4::Settings& settings) {
    signer_ = std::make_unique<sigv4::ChunkSigner>(seed, credentials, settings);
    read_so_far_ = 0;
    header_.clear();
    chunk_len_ = 0;
    piece_ = Piece::trailer;
    frame_pos_ = 2;  // nothing pending: the next read fills the first chunk
    final_sent_ = false;
    error_.clear();
    return true;
}

bool ChunkedUpload::fill_next_chunk() {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(chunk_size_, decoded_length_ - read_so_far_));
    size_t got = 0;
    while (got < want) {
        auto n = data_.read(chunk_.data() + got, want - got);
        if (!n) return false;
        if (*n == 0) {
            error_ = "the data ended after " + std::to_string(read_so_far_ + got) + " of " +
                     std::to_string(decoded_length_) + " bytes (it shrank while being uploaded)";
            return false;
        }
        got += *n;
    }
    read_so_far_ += got;
    sigv4::Sha256 sha;
    sha.update(chunk_.data(), got);
    const std::string signature = signer_->sign_chunk_hash(sigv4::to_hex(sha.finish()));
    header_ = sigv4::chunk_header(got, signature);
    header_ += "\r\n";
    chunk_len_ = got;
    piece_ = Piece::header;
    frame_pos_ = 0;
    if (got == 0) final_sent_ = true;
    return true;
}

std::optional<size_t> ChunkedUpload::read(char* buffer, size_t n) {
    if (!signer_) {
        error_ = "internal error: chunked upload read before it was signed";
        return std::nullopt;
    }
    // Each chunk goes out as three pieces, header, data (straight from the chunk buffer,
    // never copied) and the trailing CRLF, so memory stays at one chunk.
    for (;;) {
        if (piece_ == Piece::header && frame_pos_ < header_.size()) {
            const size_t k = std::min(n, header_.size() - frame_pos_);
            std::memcpy(buffer, header_.data() + frame_pos_, k);
            frame_pos_ += k;
            return k;
        }
        if (piece_ == Piece::header) {
            piece_ = Piece::data;
            frame_pos_ = 0;
        }
        if (piece_ == Piece::data && frame_pos_ < chunk_len_) {
            const size_t k = std::min(n, chunk_len_ - frame_pos_);
            std::memcpy(buffer, chunk_.data() + frame_pos_, k);
            frame_pos_ += k;
            return k;
        }
        if (piece_ == Piece::data) {
            piece_ = Piece::trailer;
            frame_pos_ = 0;
        }
        if (piece_ == Piece::trailer && frame_pos_ < 2) {
            const size_t k = std::min<size_t>(n, 2 - frame_pos_);
            std::memcpy(buffer, "\r\n" + frame_pos_, k);
            frame_pos_ += k;
            return k;
        }
        if (final_sent_) return size_t{0};
        if (!fill_next_chunk()) return std::nullopt;
    }
}

}  // namespace s3v4::s3
