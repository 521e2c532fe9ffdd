#include "s3v4/s3/client.hpp"

#include <ctime>

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
}

Client::~Client() = default;

Result<http::Response> Client::execute(const Call& call, http::BodySource* body,
                                       http::BodySink* sink) {
    const BucketLocation loc = locate_bucket(config_.endpoint, call.bucket, config_.addressing);
    sigv4::Request req;
    req.method = call.method;
    req.path = call.object ? loc.object_path(call.key)
                           : (loc.virtual_host ? std::string("/") : loc.path_prefix);
    req.query = call.query;
    req.headers.reserve(call.headers.size() + 1);
    req.headers.push_back({"Host", loc.endpoint.authority()});
    req.headers.insert(req.headers.end(), call.headers.begin(), call.headers.end());
    req.payload_hash = call.payload_hash;

    const sigv4::AmzTime now{static_cast<int64_t>(std::time(nullptr))};
    auto signed_request = sigv4::sign_request(req, config_.credentials,
                                              sigv4::settings_for("s3", config_.region), now);
    if (!signed_request) return signed_request.error();
    last_canonical_request_ = signed_request->canonical_request;
    last_string_to_sign_ = signed_request->string_to_sign;

    const std::string url = loc.url(req.path + (req.query.empty() ? "" : "?" + req.query));
    if (debug_) {
        debug_("* " + call.operation + " " + s3_uri(call.bucket, call.key) + " -> " + req.method +
               " " + url + " (" + (loc.virtual_host ? "virtual-hosted" : "path-style") +
               ", region " + config_.region + ")");
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
    Call call{"PutObject", "s3:PutObject", "PUT", bucket, key, true, "", {}, sha256_hex};
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

    auto r = execute(call, &body, nullptr);
    if (!r) return r.error();
    if (r->status < 200 || r->status >= 300) return error_for(call, *r);
    return info_from(*r);
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
