#include "s3v4/s3/client.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "chunked_upload.hpp"
#include "s3v4/s3/diagnosis.hpp"
#include "s3v4/s3/errors.hpp"
#include "s3v4/sigv4/signer.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::s3 {

std::string s3_uri(const std::string& bucket, const std::string& key) {
    return "s3://" + bucket + (key.empty() ? "" : "/" + key);
}

struct Client::Call {
    std::string operation;  // "PutObject"
    std::string action;     // "s3:PutObject"
    std::string method;
    std::string bucket, key;
    bool object = true;  // object-level (bucket/key) or bucket-level request
    std::string query;   // raw, already encoded
    sigv4::Headers headers;
    std::string payload_hash;
    ChunkedUpload* chunked = nullptr;  // aws-chunked body: re-seeded at every attempt
};

Client::Client(Config config, ClientOptions options)
    : config_(std::move(config)), options_(std::move(options)) {
    http::ClientOptions h = options_.http;
    if (h.user_agent == "s3v4") h.user_agent = "s3v4/" S3V4_VERSION;
    if (options_.debug) {
        // Session tokens are secrets too: no debug line (canonical request, headers sent)
        // ever shows one. Every debug line goes through this one function.
        const std::string token = config_.credentials.session_token;
        auto sink = options_.debug;
        debug_ = [sink, token](const std::string& line) {
            if (token.empty()) return sink(line);
            std::string redacted = line;
            for (size_t pos; (pos = redacted.find(token)) != std::string::npos;)
                redacted.replace(pos, token.size(), "<session token>");
            sink(redacted);
        };
        h.debug = debug_;
    }
    http_ = std::make_unique<http::Client>(h);
    // The default endpoint follows the region when a bucket turns out to live elsewhere.
    endpoint_is_regional_default_ =
        config_.endpoint.is_aws && config_.endpoint.host == aws_endpoint(config_.region).host;
    rng_.seed(std::random_device{}());
}

Client::~Client() = default;

Result<http::Response> Client::send_once(const Call& call, const std::string& region,
                                         http::BodySource* body, http::BodySink* sink) {
    Endpoint endpoint = config_.endpoint;
    if (region != config_.region && endpoint_is_regional_default_) endpoint = aws_endpoint(region);
    const BucketLocation loc = locate_bucket(endpoint, call.bucket, config_.addressing);
    sigv4::Request req;
    req.method = call.method;
    req.path = call.object ? loc.object_path(call.key)
                           : (loc.virtual_host ? std::string("/") : loc.path_prefix);
    req.query = call.query;
    req.headers.reserve(call.headers.size() + 1);
    req.headers.push_back({"Host", loc.endpoint.authority()});
    req.headers.insert(req.headers.end(), call.headers.begin(), call.headers.end());
    req.payload_hash = call.payload_hash;

    // Signed afresh at every attempt, with the server-corrected clock once it is known.
    const sigv4::AmzTime now{static_cast<int64_t>(std::time(nullptr)) + clock_offset_};
    auto signed_request =
        sigv4::sign_request(req, config_.credentials, sigv4::settings_for("s3", region), now);
    if (!signed_request) return signed_request.error();
    last_canonical_request_ = signed_request->canonical_request;
    last_string_to_sign_ = signed_request->string_to_sign;
    if (call.chunked)
        call.chunked->start(*signed_request, config_.credentials,
                            sigv4::settings_for("s3", region));

    const std::string url = loc.url(req.path + (req.query.empty() ? "" : "?" + req.query));
    if (debug_) {
        debug_("* " + call.operation + " " + s3_uri(call.bucket, call.key) + " -> " + req.method +
               " " + url + " (" + (loc.virtual_host ? "virtual-hosted" : "path-style") +
               ", region " + region + ")");
        debug_("* canonical request:\n" + signed_request->canonical_request);
        debug_("* string to sign:\n" + signed_request->string_to_sign);
    }

    http::Request hreq;
    hreq.method = req.method;
    hreq.url = url;
    for (const auto& h : req.headers) hreq.headers.emplace_back(h.name, h.value);
    for (const auto& h : signed_request->headers_to_add) hreq.headers.emplace_back(h.name, h.value);
    hreq.body = body;
    auto response = http_->send(hreq, sink);
    if (response) last_response_headers_ = response->headers;
    if (debug_ && response && !response->body.empty() &&
        (response->status < 200 || response->status >= 300))
        debug_("* error body:\n" + response->body);
    return response;
}

namespace {

bool is_retryable_status(int status) {
    return status == 500 || status == 502 || status == 503 || status == 504;
}

bool is_retryable_code(const std::string& code) {
    return code == "SlowDown" || code == "InternalError" || code == "RequestTimeout" ||
           code == "ServiceUnavailable" || code == "RequestTimeTooSkewed";
}

std::optional<int64_t> retry_after_seconds(const http::Response& r) {
    auto v = r.header("retry-after");
    if (!v || v->empty() || v->size() > 6 ||
        v->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(*v);
}

}  // namespace

Result<http::Response> Client::execute(const Call& call, http::BodySource* body,
                                       http::BodySink* sink) {
    const int max_attempts = std::max(1, options_.max_attempts);
    std::string region = config_.region;
    if (auto it = bucket_regions_.find(call.bucket); it != bucket_regions_.end())
        region = it->second;
    bool skew_retried = false, region_retried = false;
    std::optional<Result<http::Response>> last;

    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) {
            // A body already (partly) sent must be sent again from its start; a body that
            // cannot be replayed (a pipe) ends the retries, as does a download already
            // streamed to a pipe.
            if ((body && !body->rewind()) || (sink && !sink->rewind())) return std::move(*last);
        }
        auto r = send_once(call, region, body, sink);
        const bool final_attempt = attempt >= max_attempts;

        if (!r) {
            if (!r.error().retryable || final_attempt) return r;
            wait_before_retry(attempt, std::nullopt, r.error().message);
            last = std::move(r);
            continue;
        }
        const int status = r->status;
        if (status < 300 || status == 304) return r;

        const auto fields = parse_error_body(r->body);
        std::string code, field_region, server_time;
        if (fields)
            for (const auto& [k, v] : *fields) {
                if (k == "Code") code = v;
                if (k == "Region") field_region = v;
                if (k == "ServerTime") server_time = v;
            }

        // Clock skew: correct once from ServerTime or the Date header, then keep it.
        const auto date = sigv4::parse_http_date(r->header("date").value_or(""));
        const int64_t local = static_cast<int64_t>(std::time(nullptr)) + clock_offset_;
        const bool skewed_date = status == 403 && date && std::llabs(*date - local) > 900;
        if ((code == "RequestTimeTooSkewed" || skewed_date) && !skew_retried) {
            std::optional<int64_t> server;
            if (server_time.size() >= 19) {
                if (auto t = sigv4::parse_iso8601(server_time.substr(0, 19) + "Z"))
                    server = t->epoch_seconds;
            }
            if (!server) server = date;
            if (server) {
                clock_offset_ = *server - static_cast<int64_t>(std::time(nullptr));
                skew_retried = true;
                const int64_t off = clock_offset_;
                warn("the local clock is " + std::to_string(off < 0 ? -off : off) + " s " +
                     (off > 0 ? "behind" : "ahead of") +
                     " the server's; signing with the server's time from now on (fix the clock "
                     "with NTP)");
                last = std::move(r);
                continue;
            }
        }

        // Wrong region: retry once with the one the server names, and remember it.
        std::string right_region = field_region;
        if (right_region.empty()) right_region = r->header("x-amz-bucket-region").value_or("");
        if ((status == 301 || status == 400 || status == 403) && !right_region.empty() &&
            right_region != region && !region_retried &&
            (code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" ||
             status == 301 || r->header("x-amz-bucket-region"))) {
            warn("bucket " + call.bucket + " is in region " + right_region + ", not " + region +
                 ": retrying there; configure --region " + right_region +
                 " (or AWS_REGION) to skip this");
            region = right_region;
            bucket_regions_[call.bucket] = right_region;
            region_retried = true;
            last = std::move(r);
            continue;
        }

        if ((is_retryable_status(status) || is_retryable_code(code)) && !final_attempt) {
            wait_before_retry(attempt, retry_after_seconds(*r),
                              std::to_string(status) + (code.empty() ? "" : " " + code));
            last = std::move(r);
            continue;
        }
        return r;
    }
}

void Client::wait_before_retry(int attempt, std::optional<int64_t> retry_after,
                               const std::string& why) {
    // Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(attempt-1))].
    const double ceiling = std::min<double>(options_.retry_cap_ms,
                                            options_.retry_base_ms * std::pow(2.0, attempt - 1));
    std::uniform_real_distribution<double> jitter(0.0, ceiling);
    double ms = jitter(rng_);
    if (retry_after)
        ms = std::max(ms, std::min<double>(options_.retry_cap_ms,
                                           static_cast<double>(*retry_after) * 1000.0));
    ++retries_;
    if (debug_) {
        char wait[32];
        std::snprintf(wait, sizeof wait, "%.3f", ms / 1000.0);
        debug_("* attempt " + std::to_string(attempt) + "/" +
               std::to_string(options_.max_attempts) + " failed (" + why + "); retrying in " +
               wait + " s");
    }
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(ms * 1000)));
}

void Client::warn(const std::string& message) {
    if (options_.warn) options_.warn(message);
}

namespace {

ErrorContext context_of(const std::string& operation, const std::string& action,
                        const std::string& bucket, const std::string& key, const Config& c) {
    return {operation, action, s3_uri(bucket, key), bucket, c.region};
}

ObjectInfo info_from(const http::Response& r) {
    ObjectInfo info;
    info.status = r.status;
    info.etag = r.header("etag").value_or("");
    info.content_type = r.header("content-type").value_or("");
    info.version_id = r.header("x-amz-version-id").value_or("");
    if (auto len = r.header("content-length")) {
        try {
            info.content_length = std::stoull(*len);
            info.has_content_length = true;
        } catch (...) {
            info.content_length = 0;
        }
    }
    info.headers = r.headers;
    return info;
}

Status check_header_value(const std::string& what, const std::string& v) {
    for (char c : v)
        if (c == '\r' || c == '\n' || c == '\0')
            return usage_error(what +
                               " contains a CR, LF or NUL byte: header values must be one line");
    return Ok{};
}

}  // namespace

Result<http::Response> Client::fetch(const std::string& url) {
    http::Request r;
    r.method = "GET";
    r.url = url;
    auto response = http_->send(r, nullptr);
    if (response) last_response_headers_ = response->headers;
    return response;
}

Error Client::error_for(const Call& call, const http::Response& r) const {
    Error e = error_from_response(
        r.status, r.body, context_of(call.operation, call.action, call.bucket, call.key, config_),
        r.header("x-amz-request-id").value_or(""));
    if (e.code != "SignatureDoesNotMatch") return e;
    // Servers that return what they signed (AWS, R2, GCS) let us name the difference.
    const std::string server_cr = e.field("CanonicalRequest");
    const std::string server_sts = e.field("StringToSign");
    std::vector<Finding> findings;
    std::string diff;
    if (!server_cr.empty()) {
        diff = "canonical request, ours (-) against the server's (+):\n" +
               line_diff(last_canonical_request_, server_cr);
        auto ours = parse_canonical_request(last_canonical_request_);
        auto theirs = parse_canonical_request(server_cr);
        if (ours && theirs) findings = compare_canonical_requests(*ours, *theirs);
    } else if (!server_sts.empty()) {
        diff = "string to sign, ours (-) against the server's (+):\n" +
               line_diff(last_string_to_sign_, server_sts);
        findings = compare_strings_to_sign(last_string_to_sign_, server_sts);
    } else {
        return e;  // MinIO and Ceph RGW return neither: --debug shows ours
    }
    e.message += "\n" + diff;
    if (!findings.empty())
        e.message += "cause: " + findings.front().code + ": " + findings.front().explanation +
                     " - " + findings.front().fix;
    return e;
}

Result<ObjectInfo> Client::put_object(const std::string& bucket, const std::string& key,
                                      http::BodySource& body, const std::string& sha256_hex,
                                      const std::string& md5_base64, const PutOptions& o) {
    return put_with(bucket, key, &body, sha256_hex, md5_base64, o, {}, nullptr);
}

Result<ObjectInfo> Client::put_with(const std::string& bucket, const std::string& key,
                                    http::BodySource* body, const std::string& payload_hash,
                                    const std::string& md5_base64, const PutOptions& o,
                                    const sigv4::Headers& extra, ChunkedUpload* chunked) {
    Call call{"PutObject", "s3:PutObject", "PUT",        bucket, key, true,
              "",          extra,          payload_hash, chunked};
    auto add = [&](const std::string& name, const std::string& value) -> Status {
        if (value.empty()) return Ok{};
        if (auto st = check_header_value(name, value); !st) return st;
        call.headers.push_back({name, value});
        return Ok{};
    };
    const std::string content_type =
        o.content_type.empty() ? std::string("application/octet-stream") : o.content_type;
    Status st = Ok{};
    if (!(st = add("Content-Type", content_type)) || !(st = add("Content-MD5", md5_base64)) ||
        !(st = add("Cache-Control", o.cache_control)) ||
        !(st = add("Content-Disposition", o.content_disposition)) ||
        !(st = add("x-amz-server-side-encryption", o.sse)) ||
        !(st = add("x-amz-storage-class", o.storage_class)))
        return st.error();
    for (const auto& [name, value] : o.metadata) {
        if (!(st = check_header_value("metadata '" + name + "'", name + value))) return st.error();
        call.headers.push_back({"x-amz-meta-" + name, value});
    }
    if (o.if_none_match_any) call.headers.push_back({"If-None-Match", "*"});

    auto r = execute(call, body, nullptr);
    if (!r) return r.error();
    if (r->status < 200 || r->status >= 300) {
        Error e = error_for(call, *r);
        if (e.code == "InvalidRequest" && !o.sse.empty())
            e.message += " - the server refused server-side encryption: Ceph RGW (like AWS for "
                         "SSE-C) requires https for it; use an https endpoint or drop --sse";
        return e;
    }
    return info_from(*r);
}

Result<ObjectInfo> Client::put_object_streaming(const std::string& bucket, const std::string& key,
                                                http::BodySource& data, uint64_t size,
                                                const PutOptions& o) {
    // The whole object is hashed chunk by chunk while it is sent: one read of the data.
    ChunkedUpload body(data, size, kStreamingChunkSize);
    return put_with(bucket, key, &body, std::string(sigv4::kStreamingPayload), "", o,
                    {{"Content-Encoding", "aws-chunked"},
                     {"x-amz-decoded-content-length", std::to_string(size)}},
                    &body);
}

Result<ObjectInfo> Client::get_object(const std::string& bucket, const std::string& key,
                                      http::BodySink& sink, const GetOptions& o) {
    Call call{"GetObject", "s3:GetObject", "GET", bucket, key, true, "", {}, ""};
    if (!o.version_id.empty()) call.query = "versionId=" + sigv4::uri_encode(o.version_id);
    const std::pair<const char*, const std::string*> conditions[] = {
        {"Range", &o.range},
        {"If-Match", &o.if_match},
        {"If-None-Match", &o.if_none_match},
        {"If-Modified-Since", &o.if_modified_since}};
    for (const auto& [name, value] : conditions) {
        if (value->empty()) continue;
        if (auto st = check_header_value(name, *value); !st) return st.error();
        call.headers.push_back({name, *value});
    }
    auto r = execute(call, nullptr, &sink);
    if (!r) return r.error();
    if (r->status == 304) return info_from(*r);
    if (r->status < 200 || r->status >= 300) return error_for(call, *r);
    return info_from(*r);
}

Status Client::delete_object(const std::string& bucket, const std::string& key,
                             const std::string& version_id) {
    Call call{"DeleteObject", "s3:DeleteObject", "DELETE", bucket, key, true, "", {}, ""};
    if (!version_id.empty()) call.query = "versionId=" + sigv4::uri_encode(version_id);
    auto r = execute(call, nullptr, nullptr);
    if (!r) return r.error();
    if (r->status < 200 || r->status >= 300) return error_for(call, *r);
    return Ok{};
}

Result<ListPage> Client::list_objects_v2(const std::string& bucket, const ListOptions& o) {
    Call call{"ListObjectsV2", "s3:ListBucket", "GET", bucket, "", false, list_query(o), {}, ""};
    auto r = execute(call, nullptr, nullptr);
    if (!r) return r.error();
    if (r->status < 200 || r->status >= 300) return error_for(call, *r);
    return parse_list_result(r->body);
}

Status Client::for_each_page(const std::string& bucket, ListOptions o,
                             const std::function<bool(const ListPage&)>& f) {
    for (;;) {
        auto page = list_objects_v2(bucket, o);
        if (!page) return page.error();
        if (!f(*page) || !page->is_truncated) return Ok{};
        if (page->next_continuation_token == o.continuation_token)
            return Error{ErrorKind::http_status,
                         "ListObjectsV2 returned the same continuation token twice: the server "
                         "is not paginating; stopping"};
        o.continuation_token = page->next_continuation_token;
    }
}

}  // namespace s3v4::s3
