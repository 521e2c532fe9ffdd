#include "s3v4/s3/errors.hpp"

#include <pugixml.hpp>

namespace s3v4::s3 {

std::optional<std::vector<std::pair<std::string, std::string>>> parse_error_body(
    std::string_view xml) {
    pugi::xml_document doc;
    if (xml.empty() || !doc.load_buffer(xml.data(), xml.size())) return std::nullopt;
    pugi::xml_node root = doc.child("Error");
    if (!root) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> out;
    for (pugi::xml_node child : root.children())
        if (child.type() == pugi::node_element) out.emplace_back(child.name(), child.child_value());
    return out;
}

namespace {

std::string arn_for(const ErrorContext& c) {
    if (c.action == "s3:ListBucket") return "arn:aws:s3:::" + c.bucket;
    return "arn:aws:s3:::" + c.bucket + "/*";
}

std::string status_text(int status) {
    switch (status) {
        case 301:
            return "301 Moved Permanently";
        case 304:
            return "304 Not Modified";
        case 400:
            return "400 Bad Request";
        case 403:
            return "403 Forbidden";
        case 404:
            return "404 Not Found";
        case 409:
            return "409 Conflict";
        case 412:
            return "412 Precondition Failed";
        case 416:
            return "416 Range Not Satisfiable";
        case 500:
            return "500 Internal Server Error";
        case 502:
            return "502 Bad Gateway";
        case 503:
            return "503 Service Unavailable";
        case 504:
            return "504 Gateway Timeout";
        default:
            return std::to_string(status);
    }
}

// What to do about each error code people meet most.
std::string advice(const std::string& code, const Error& e, const ErrorContext& c) {
    if (code == "AccessDenied")
        return "the credentials lack " + c.action + " on " + arn_for(c) +
               ": grant that action in the IAM or bucket policy";
    if (code == "NoSuchBucket")
        return "bucket '" + c.bucket +
               "' does not exist here: check the bucket name, the region (" + c.region +
               ") and the endpoint";
    if (code == "NoSuchKey")
        return c.resource + " does not exist: check the key (it is case-sensitive)";
    if (code == "SignatureDoesNotMatch")
        return "the server computed a different signature: check the secret access key (no "
               "whitespace or trailing newline) and the system clock; --debug shows the canonical "
               "request";
    if (code == "InvalidAccessKeyId")
        return "the access key id is not known to this endpoint: check the key id and the "
               "endpoint";
    if (code == "RequestTimeTooSkewed")
        return "the local clock differs from the server's (server time " + e.field("ServerTime") +
               "): synchronise the clock (NTP)";
    if (code == "AuthorizationHeaderMalformed" && !e.field("Region").empty())
        return "the bucket is in region " + e.field("Region") + ": use --region " +
               e.field("Region");
    if (code == "PermanentRedirect")
        return "the bucket must be addressed through " + e.field("Endpoint") +
               ": set the right --region (or --endpoint)";
    if (code == "SlowDown") return "the server is throttling requests: slow down and retry later";
    if (code == "PreconditionFailed")
        return "a condition (If-Match / If-None-Match) did not hold: the object exists or changed";
    if (code == "XAmzContentSHA256Mismatch")
        return "the body did not match its SHA-256 (client " +
               e.field("ClientComputedContentSHA256") + ", server " +
               e.field("S3ComputedContentSHA256") + "): the data changed on the way; retry";
    if (code == "BadDigest" || code == "InvalidDigest")
        return "the body did not match its Content-MD5: the data changed on the way; retry";
    if (code == "InvalidRange") return "the range is outside the object";
    if (code == "EntityTooLarge") return "the object is too large for one PUT";
    if (code == "InvalidBucketName") return "the bucket name is not valid on this server";
    return "";
}

}  // namespace

Error error_from_response(int status, std::string_view body, const ErrorContext& c,
                          const std::string& request_id_header) {
    Error e(ErrorKind::http_status, "");
    e.http_status = status;
    auto fields = parse_error_body(body);
    std::string what = c.operation + " " + c.resource + " failed: ";
    if (fields) {
        e.fields = std::move(*fields);
        e.code = e.field("Code");
    } else if (status == 404 && body.empty()) {
        // HEAD-like answers carry no body; 404 on an object means the key (or bucket) is absent.
        e.code = c.action == "s3:ListBucket" ? "NoSuchBucket" : "NoSuchKey";
    }
    if (e.code.empty()) {
        e.message = what + "the server answered " + status_text(status) +
                    (body.empty() ? " with no body"
                                  : " with a body that is not an S3 error document (a proxy, load "
                                    "balancer or non-S3 server may be in the way)");
    } else {
        e.message = what + e.code + " (" + status_text(status) + ")";
        const std::string server_message = e.field("Message");
        if (!server_message.empty()) e.message += ": " + server_message;
        const std::string fix = advice(e.code, e, c);
        if (!fix.empty()) e.message += " - " + fix;
    }
    std::string request_id = e.field("RequestId");
    if (request_id.empty()) request_id = request_id_header;
    if (!request_id.empty()) e.message += " [request id " + request_id + "]";
    return e;
}

}  // namespace s3v4::s3
