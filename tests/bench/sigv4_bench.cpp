// Signer benchmarks (figures, not assertions): run build/tests/bench/sigv4_bench.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/signer.hpp"
#include "s3v4/sigv4/string_to_sign.hpp"

using namespace s3v4::sigv4;

namespace {
const Credentials kCreds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const AmzTime kTime = *parse_amz_date("20130524T000000Z");

Request object_request(const char* method) {
    Request r;
    r.method = method;
    r.path = "/product-photos-ai/thumbs/2026/11/29/IMG_0001-800x600.jpg";
    r.headers = {{"host", "product-photos-ai.s3.us-east-1.amazonaws.com"}};
    r.payload_hash = std::string(kUnsignedPayload);
    return r;
}
}  // namespace

TEST_CASE("sigv4 benchmarks", "[!benchmark]") {
    const Settings s3 = settings_for("s3", "us-east-1");
    const Request get = object_request("GET");

    BENCHMARK("presign GET (cached signing key)") {
        return presign_request(get, kCreds, s3, kTime, 3600).value().signature.size();
    };
    BENCHMARK("header sign GET (cached signing key)") {
        return sign_request(get, kCreds, s3, kTime).value().signature.size();
    };
    BENCHMARK("signing key derivation (4 HMACs)") {
        return derive_signing_key(kCreds.secret_access_key, "20130524", "us-east-1", "s3")
            .mac("")[0];
    };
    auto pairs = parse_query(
        "list-type=2&prefix=thumbs%2F2026%2F&max-keys=1000&encoding-type=url"
        "&continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2FwmWn");
    BENCHMARK("canonical query (5 params)") {
        return canonical_query(pairs).size();
    };
    Headers headers = {{"Host", "b.s3.amazonaws.com"},
                       {"Content-Type", "image/jpeg"},
                       {"x-amz-meta-origin", "  upload   service "},
                       {"x-amz-date", "20130524T000000Z"},
                       {"x-amz-content-sha256", std::string(kUnsignedPayload)}};
    BENCHMARK("canonical headers (5 headers)") {
        return canonical_headers(headers).block.size();
    };
}
