// The S3 client: PutObject, GetObject, DeleteObject, ListObjectsV2 over one reused
// connection, each request signed with SigV4 at the moment it is sent.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "s3v4/error.hpp"
#include "s3v4/http/client.hpp"
#include "s3v4/s3/config.hpp"
#include "s3v4/s3/listing.hpp"

namespace s3v4::s3 {

class ChunkedUpload;

struct PutOptions {
    std::string content_type;                                   // empty = application/octet-stream
    std::vector<std::pair<std::string, std::string>> metadata;  // x-amz-meta-NAME
    std::string sse;                                            // "AES256" or "aws:kms"
    std::string storage_class;                                  // STANDARD, REDUCED_REDUNDANCY, ...
    std::string cache_control;
    std::string content_disposition;
    bool if_none_match_any = false;  // If-None-Match: * (refuse to overwrite)
};

struct GetOptions {
    std::string range;  // "bytes=0-9"
    std::string if_match, if_none_match, if_modified_since;
    std::string version_id;
};

struct ObjectInfo {
    int status = 0;  // 200, 206, or 304 (not modified: nothing was written)
    std::string etag;
    std::string content_type;
    uint64_t content_length = 0;
    bool has_content_length = false;  // false when the server sent none (HTTP/1.0 close)
    std::string version_id;
    http::HeaderList headers;
};

struct ClientOptions {
    http::ClientOptions http;
    int max_attempts = 5;     // per request, the first one included
    int retry_base_ms = 100;  // backoff: full jitter in [0, min(cap, base * 2^n)]
    int retry_cap_ms = 20000;
    // Receives one-line warnings for the user (clock corrected, bucket in another region).
    std::function<void(const std::string&)> warn;
    // Receives --debug lines: resolved endpoint, canonical request, string to sign,
    // request and response headers. Secrets and session tokens never reach it.
    std::function<void(const std::string&)> debug;
};

class Client {
  public:
    Client(Config config, ClientOptions options = {});
    ~Client();

    // Uploads body (its size must be known) with the given SHA-256/MD5 digests.
    Result<ObjectInfo> put_object(const std::string& bucket, const std::string& key,
                                  http::BodySource& body, const std::string& sha256_hex,
                                  const std::string& md5_base64, const PutOptions& options);

    // Uploads size bytes read once from data with aws-chunked signing: every chunk's SHA-256
    // is signed on the way, so large files and stdin need no separate hashing pass.
    Result<ObjectInfo> put_object_streaming(const std::string& bucket, const std::string& key,
                                            http::BodySource& data, uint64_t size,
                                            const PutOptions& options);

    // Downloads into sink (2xx bodies only); the caller checks and commits the sink.
    Result<ObjectInfo> get_object(const std::string& bucket, const std::string& key,
                                  http::BodySink& sink, const GetOptions& options);

    // Deletes one object (or one version).
    Status delete_object(const std::string& bucket, const std::string& key,
                         const std::string& version_id = {});

    // One ListObjectsV2 page.
    Result<ListPage> list_objects_v2(const std::string& bucket, const ListOptions& options);

    // Every page in turn (following continuation tokens); stops early when f returns false.
    Status for_each_page(const std::string& bucket, ListOptions options,
                         const std::function<bool(const ListPage&)>& f);

    // An unsigned GET of a full URL (a presigned one) over the same connection.
    Result<http::Response> fetch(const std::string& url);

    // The headers of the last response received (Date, x-amz-bucket-region, ...).
    const http::HeaderList& last_response_headers() const { return last_response_headers_; }

    const Config& config() const { return config_; }
    int retries() const { return retries_; }  // retries made so far (for tests and --debug)

  private:
    struct Call;
    static constexpr size_t kStreamingChunkSize = 256 << 10;
    Result<ObjectInfo> put_with(const std::string& bucket, const std::string& key,
                                http::BodySource* body, const std::string& payload_hash,
                                const std::string& md5_base64, const PutOptions& options,
                                const sigv4::Headers& extra, ChunkedUpload* chunked);
    // Signs and sends with retries, clock-skew and region correction.
    Result<http::Response> execute(const Call& call, http::BodySource* body, http::BodySink* sink);
    Result<http::Response> send_once(const Call& call, const std::string& region,
                                     http::BodySource* body, http::BodySink* sink);
    void wait_before_retry(int attempt, std::optional<int64_t> retry_after, const std::string& why);
    void warn(const std::string& message);
    Error error_for(const Call& call, const http::Response& response) const;
    Config config_;
    ClientOptions options_;
    std::string last_canonical_request_, last_string_to_sign_;  // of the last request sent
    http::HeaderList last_response_headers_;
    std::function<void(const std::string&)> debug_;      // options_.debug with secrets redacted
    int64_t clock_offset_ = 0;                           // server time - local time, once known
    std::map<std::string, std::string> bucket_regions_;  // learnt from redirects
    bool endpoint_is_regional_default_ = false;
    std::mt19937_64 rng_;
    int retries_ = 0;
    std::unique_ptr<http::Client> http_;
};

// Error messages name the bucket/key; this renders "s3://bucket/key".
std::string s3_uri(const std::string& bucket, const std::string& key);

}  // namespace s3v4::s3
