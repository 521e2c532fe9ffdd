// A small HTTP/1.1 client on libcurl: one reused handle per Client, so sequential
// requests keep their connection; streamed bodies both ways. Knows nothing of S3.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "s3v4/error.hpp"

namespace s3v4::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Where a request body comes from. size() must be exact when known (Content-Length).
class BodySource {
  public:
    virtual ~BodySource() = default;
    // Fills up to n bytes; returns the count, 0 at the end, or nullopt on a read error.
    virtual std::optional<size_t> read(char* buffer, size_t n) = 0;
    virtual std::optional<uint64_t> size() const = 0;
    virtual bool rewind() = 0;  // false when the body cannot be sent again (stdin)
    virtual std::string error() const { return {}; }  // why the last read failed
};

// Where a response body goes; write returning false aborts the transfer.
class BodySink {
  public:
    virtual ~BodySink() = default;
    virtual bool write(const char* data, size_t n) = 0;
    virtual std::string error() const { return {}; }  // why the last write failed
    // Discards what was written so a retry can start over; false when that is impossible.
    virtual bool rewind() { return false; }
};

// A body held in memory.
class MemorySource : public BodySource {
  public:
    explicit MemorySource(std::string data) : data_(std::move(data)) {}
    std::optional<size_t> read(char* buffer, size_t n) override;
    std::optional<uint64_t> size() const override { return data_.size(); }
    bool rewind() override {
        pos_ = 0;
        return true;
    }

  private:
    std::string data_;
    size_t pos_ = 0;
};

// Collects a response body in memory, up to a limit (error bodies, listings).
class MemorySink : public BodySink {
  public:
    explicit MemorySink(size_t limit = 64 << 20) : limit_(limit) {}
    bool write(const char* data, size_t n) override;
    bool rewind() override {
        data_.clear();
        return true;
    }
    std::string& data() { return data_; }

  private:
    std::string data_;
    size_t limit_;
};

struct Request {
    std::string method;
    std::string url;     // already encoded; sent as is (no path normalisation)
    HeaderList headers;  // sent exactly; curl adds no Expect, Accept or Content-Type of its own
    BodySource* body = nullptr;
};

struct Response {
    int status = 0;
    HeaderList headers;       // names lower-cased, in the order received
    std::string body;         // filled when no sink was given
    uint64_t bytes_sent = 0;  // request body bytes handed to the connection

    std::optional<std::string> header(const std::string& lower_name) const;
};

struct ClientOptions {
    long connect_timeout_seconds = 10;
    long stall_timeout_seconds = 30;  // abort when no byte moves for this long
    long total_timeout_seconds = 0;   // 0 = no limit
    std::string ca_bundle;            // PEM file; empty = system default
    bool insecure = false;            // skip TLS verification (only when asked)
    std::string user_agent = "s3v4";
    // Receives lines for --debug ("> " sent, "< " received); never the body.
    std::function<void(const std::string&)> debug;
    // Called while a body moves (bytes done, bytes expected; 0 when unknown), a few times a
    // second at most, and once more when the transfer ends.
    std::function<void(uint64_t done, uint64_t total)> progress;
};

class Client {
  public:
    explicit Client(ClientOptions options = {});
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends one request. A network failure is an Error (kind network); any HTTP status,
    // error statuses included, is a Response. A 2xx body goes to sink when one is given;
    // any other body (an error document) is kept in Response::body.
    Result<Response> send(const Request& request, BodySink* sink = nullptr);

    const ClientOptions& options() const { return options_; }

  private:
    struct Impl;
    ClientOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace s3v4::http
