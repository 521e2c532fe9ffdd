// Presigned URLs: presign an object key the way `s3v4 presign` does, then verify the URL
// offline; and verify_presigned_url on arbitrary input.
//
// Input: byte 0 picks endpoint, addressing and bucket; byte 1 picks session token, content
// type and region; bytes 2-4 give the expiry and how much of it has passed; the rest is the
// object key. The whole input is also given to verify_presigned_url as a URL.
//
// Properties (for every key check_key accepts):
//  - presign_request succeeds, and the URL verifies as valid with GET at any moment before
//    it expires, with no findings, the right access key, region, expiry and signed headers;
//  - the same URL checked with PUT is not valid and names the method it was signed for;
//  - the URL checked after its expiry is reported expired;
//  - a URL whose signature was changed is not valid.
// verify_presigned_url on arbitrary input: never crashes; valid only with no findings.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "s3v4/s3/endpoint.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/s3/presigned_url.hpp"
#include "s3v4/sigv4/signer.hpp"

using namespace s3v4;
using s3v4::fuzz::as_view;

namespace {

const sigv4::Credentials kCreds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                ""};
constexpr int64_t kTime = 1369353600;  // 20130524T000000Z

bool has_finding(const s3::PresignedUrlCheck& c, std::string_view code) {
    return std::any_of(c.findings.begin(), c.findings.end(),
                       [&](const s3::Finding& f) { return f.code == code; });
}

void presign_and_verify(uint8_t b0, uint8_t b1, uint32_t b234, std::string_view key) {
    if (!s3::check_key(key)) return;

    static const char* const kEndpoints[] = {
        "https://s3.us-east-1.amazonaws.com", "http://127.0.0.1:7480", "http://localhost:9000",
        "https://minio.example.com:9443", "http://[::1]:8000", "https://s3.example.com:443"};
    static const char* const kBuckets[] = {"examplebucket", "my.dotted.bucket", "b-1"};
    static const char* const kRegions[] = {"us-east-1", "eu-west-3", "default"};
    auto endpoint = s3::parse_endpoint(kEndpoints[b0 % 6]);
    FUZZ_CHECK(endpoint.ok(), "fixed endpoint does not parse");
    const auto mode = static_cast<s3::Addressing>((b0 / 6) % 3);
    const std::string bucket = kBuckets[(b0 / 18) % 3];

    sigv4::Credentials creds = kCreds;
    if (b1 & 1) creds.session_token = "FQoGZXIvYXdzEXAMPLE//token+with/specials=";
    sigv4::Headers extra;
    if (b1 & 2) extra.push_back({"Content-Type", "image/jpeg"});
    const std::string region = kRegions[(b1 >> 2) % 3];
    const int64_t expires = 1 + static_cast<int64_t>(b234 % sigv4::kMaxPresignExpiry);
    const int64_t elapsed = static_cast<int64_t>((b234 >> 20) % 4096) * expires / 4095;

    // As cli/presign_command.cpp's Presigner does it.
    s3::BucketLocation loc = s3::locate_bucket(*endpoint, bucket, mode);
    sigv4::Request req;
    req.method = "GET";
    req.path = loc.object_path(key);
    req.headers.push_back({"host", loc.endpoint.authority()});
    req.headers.insert(req.headers.end(), extra.begin(), extra.end());
    req.payload_hash = std::string(sigv4::kUnsignedPayload);
    const auto settings = sigv4::settings_for("s3", region);
    auto s = sigv4::presign_request(req, creds, settings, sigv4::AmzTime{kTime}, expires);
    FUZZ_CHECK(s.ok(), "presign_request refused a key that check_key accepted");
    const std::string url = loc.url(req.path) + "?" + s->query;

    const sigv4::Credentials local = kCreds;  // verify never has the token: it is in the URL
    auto v = s3::verify_presigned_url(url, "GET", extra, local, kTime + elapsed);
    FUZZ_CHECK(v.ok(), "verify_presigned_url refused a URL we presigned");
    if (!v->valid) {
        for (const auto& f : v->findings)
            std::fprintf(stderr, "finding %s: %s\n", f.code.c_str(), f.explanation.c_str());
        std::fprintf(stderr, "url: %s\n", s3v4::fuzz::printable(url).c_str());
    }
    FUZZ_CHECK(v->valid && v->findings.empty(), "a freshly presigned URL does not verify");
    FUZZ_CHECK(v->access_key_id == kCreds.access_key_id, "verify: access key id");
    FUZZ_CHECK(v->region == region && v->service == "s3", "verify: region or service");
    FUZZ_CHECK(v->expires == expires && v->seconds_left == expires - elapsed, "verify: expiry");
    FUZZ_CHECK(v->signed_headers.size() == extra.size(), "verify: signed headers");
    FUZZ_CHECK(v->canonical_request == s->canonical_request, "verify: canonical request");

    auto put = s3::verify_presigned_url(url, "PUT", extra, local, kTime + elapsed);
    FUZZ_CHECK(put.ok() && !put->valid && has_finding(*put, "method"),
               "a GET URL checked with PUT must name the method");

    auto late = s3::verify_presigned_url(url, "GET", extra, local, kTime + expires + 1);
    FUZZ_CHECK(late.ok() && !late->valid && has_finding(*late, "expired"),
               "an expired URL must be reported expired");

    std::string tampered = url;
    char& last = tampered.back();  // the last hex digit of X-Amz-Signature
    last = last == '0' ? '1' : '0';
    auto bad = s3::verify_presigned_url(tampered, "GET", extra, local, kTime + elapsed);
    FUZZ_CHECK(bad.ok() && !bad->valid && has_finding(*bad, "signature"),
               "a URL with a changed signature must not verify");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in = as_view(data, size);

    // Arbitrary input as a URL, with a moment taken from its length.
    for (const char* method : {"GET", "PUT"}) {
        const sigv4::Headers headers{{"Content-Type", "text/plain"}, {"X-Amz-Meta-A", "1"}};
        auto v = s3::verify_presigned_url(in, method, headers, kCreds, kTime + int64_t(size) * 97);
        if (v) FUZZ_CHECK(v->valid == v->findings.empty(), "valid iff no findings");
    }

    s3v4::fuzz::Reader r(in);
    const uint8_t b0 = r.byte(), b1 = r.byte();
    const uint32_t b234 = (uint32_t(r.byte()) << 16) | (uint32_t(r.byte()) << 8) | r.byte();
    presign_and_verify(b0, b1, b234 | (uint32_t(b0 ^ b1) << 24), r.rest());
    return 0;
}
