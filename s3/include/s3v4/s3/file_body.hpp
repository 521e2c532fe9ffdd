// Request and response bodies backed by files, with the integrity checks S3 needs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "s3v4/error.hpp"
#include "s3v4/http/client.hpp"
#include "s3v4/sigv4/crypto.hpp"

namespace s3v4::s3 {

namespace detail {
class Md5Hasher;  // incremental MD5 on libcrypto (file_body.cpp)
}

// Hex SHA-256 and base64 MD5 of a whole body, for x-amz-content-sha256 and Content-MD5.
struct BodyDigests {
    std::string sha256_hex;
    std::string md5_base64;
    uint64_t size = 0;
};

// Reads an open file from its start to its end and computes both digests in one pass.
Result<BodyDigests> digest_file(std::FILE* file, const std::string& name);

// Uploads an open file; a file whose size changes under it is a read error, never a
// silently short or long object.
class FileSource : public http::BodySource {
  public:
    FileSource(std::FILE* file, uint64_t size, std::string name);
    std::optional<size_t> read(char* buffer, size_t n) override;
    std::optional<uint64_t> size() const override { return size_; }
    bool rewind() override;
    std::string error() const override { return error_; }

  private:
    std::FILE* file_;
    uint64_t size_, sent_ = 0;
    std::string name_, error_;
};

// Writes a download into a temporary file beside the destination and renames it into
// place only after commit(); destroyed without commit, it removes the temporary file, so
// an existing destination is never replaced by a partial one.
class AtomicFileSink : public http::BodySink {
  public:
    static Result<std::unique_ptr<AtomicFileSink>> open(const std::string& destination);
    ~AtomicFileSink() override;
    bool write(const char* data, size_t n) override;
    std::string error() const override { return write_error_; }
    bool rewind() override;  // truncates the temporary file for a retry

    uint64_t bytes_written() const { return written_; }
    std::string md5_hex();  // of everything written
    Status commit();        // fsync, rename over the destination, fsync the folder

  private:
    AtomicFileSink() = default;
    std::string destination_, temp_path_;
    int fd_ = -1;
    uint64_t written_ = 0;
    bool committed_ = false;
    std::string write_error_;
    std::unique_ptr<detail::Md5Hasher> md5_;
};

// Streams a download to stdout while computing its MD5 (cannot be made atomic).
class StdoutSink : public http::BodySink {
  public:
    StdoutSink();
    ~StdoutSink() override;
    bool write(const char* data, size_t n) override;
    bool rewind() override { return written_ == 0; }  // bytes on a pipe cannot be taken back
    uint64_t bytes_written() const { return written_; }
    std::string md5_hex();

  private:
    uint64_t written_ = 0;
    std::unique_ptr<detail::Md5Hasher> md5_;
};

}  // namespace s3v4::s3
