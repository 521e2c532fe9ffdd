#include <catch2/catch.hpp>

#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/presigner.hpp"
#include "s3v4/sigv4/signer.hpp"
#include "s3v4/sigv4/string_to_sign.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4::sigv4;

namespace {
const Credentials kCreds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
Request get_request() {
    Request r;
    r.method = "GET";
    r.path = "/test.txt";
    r.headers = {{"Host", "examplebucket.s3.amazonaws.com"}};
    r.payload_hash = std::string(kUnsignedPayload);
    return r;
}
const AmzTime kTime = *parse_amz_date("20130524T000000Z");
}  // namespace

TEST_CASE("amz time round trip and calendar checks", "[time]") {
    auto t = parse_amz_date("20150830T123600Z");
    REQUIRE(t);
    CHECK(t->epoch_seconds == 1440938160);
    CHECK(t->amz_date() == "20150830T123600Z");
    CHECK(t->date() == "20150830");
    CHECK(parse_iso8601("2015-08-30T12:36:00Z")->epoch_seconds == 1440938160);
    CHECK(parse_amz_date("20240229T000000Z"));   // leap day
    CHECK(!parse_amz_date("20230229T000000Z"));  // not a leap year
    CHECK(!parse_amz_date("20151330T000000Z"));
    CHECK(!parse_amz_date("20150830T246000Z"));
    CHECK(!parse_amz_date("2015-08-30T12:36:00Z"));
    CHECK(!parse_amz_date("20150830T123600"));
    CHECK(http_date(1440938160) == "Sun, 30 Aug 2015 12:36:00 GMT");
    CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT") == 1440938160);
    CHECK(!parse_http_date("Sun, 30 Foo 2015 12:36:00 GMT"));
}

TEST_CASE("presign refuses expiry out of 1..604800 instead of clamping", "[presign]") {
    for (int64_t bad : {int64_t(0), int64_t(-1), int64_t(604801)}) {
        auto s =
            presign_request(get_request(), kCreds, settings_for("s3", "us-east-1"), kTime, bad);
        REQUIRE(!s.ok());
        CHECK(s.error().kind == s3v4::ErrorKind::usage);
        CHECK(s.error().message.find("604800") != std::string::npos);
    }
    CHECK(presign_request(get_request(), kCreds, settings_for("s3", "us-east-1"), kTime, 604800)
              .ok());
    CHECK(presign_request(get_request(), kCreds, settings_for("s3", "us-east-1"), kTime, 1).ok());
}

TEST_CASE("presign with a session token signs X-Amz-Security-Token", "[presign]") {
    Credentials c = kCreds;
    c.session_token = "token/with+chars=";
    auto s = presign_request(get_request(), c, settings_for("s3", "us-east-1"), kTime, 60);
    REQUIRE(s.ok());
    CHECK(s->canonical_request.find("X-Amz-Security-Token=token%2Fwith%2Bchars%3D") !=
          std::string::npos);
    CHECK(s->query.find("X-Amz-Security-Token=token%2Fwith%2Bchars%3D") != std::string::npos);
}

TEST_CASE("presign replaces old auth parameters instead of signing them", "[presign]") {
    Request r = get_request();
    r.query = "X-Amz-Signature=dead&X-Amz-Expires=5&versionId=3";
    auto s = presign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime, 60);
    REQUIRE(s.ok());
    CHECK(s->query.find("dead") == std::string::npos);
    CHECK(s->query.find("X-Amz-Expires=60") != std::string::npos);
    CHECK(s->query.find("versionId=3") != std::string::npos);
}

TEST_CASE("credential mistakes are refused with a message, secret never shown", "[credentials]") {
    Credentials c = kCreds;
    c.secret_access_key += "\n";
    auto s = sign_request(get_request(), c, settings_for("s3", "us-east-1"), kTime);
    REQUIRE(!s.ok());
    CHECK(s.error().kind == s3v4::ErrorKind::credentials);
    CHECK(s.error().message.find("newline") != std::string::npos);
    CHECK(s.error().message.find(kCreds.secret_access_key) == std::string::npos);
    CHECK(!sign_request(get_request(), Credentials{}, settings_for("s3", "x"), kTime).ok());
    CHECK(
        !sign_request(get_request(), Credentials{"AKID X", "s", ""}, settings_for("s3", "x"), kTime)
             .ok());
}

TEST_CASE("header injection is refused; an obsolete fold is accepted", "[request]") {
    Request r = get_request();
    r.headers.push_back({"X-Test", "a\r\nX-Evil: 1"});
    CHECK(!sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime).ok());
    r.headers.back().value = "a\0b";
    r.headers.back().value = std::string("a\0b", 3);
    CHECK(!sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime).ok());
    r.headers.back().value = "a\n  b";
    CHECK(sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime).ok());
    r.headers.back().name = "Bad Name";
    CHECK(!sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime).ok());
    Request no_host = get_request();
    no_host.headers.clear();
    CHECK(!sign_request(no_host, kCreds, settings_for("s3", "us-east-1"), kTime).ok());
}

TEST_CASE("a signed request signed again gives one copy of each auth header", "[request]") {
    Request r = get_request();
    auto first = sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime);
    REQUIRE(first.ok());
    for (const auto& h : first->headers_to_add) r.headers.push_back(h);
    auto second = sign_request(r, kCreds, settings_for("s3", "us-east-1"), kTime);
    REQUIRE(second.ok());
    CHECK(second->canonical_request == first->canonical_request);
    CHECK(second->signature == first->signature);
}

TEST_CASE("the signing key cache gives the same key as a fresh derivation", "[key]") {
    const std::string sts =
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nx";
    auto fresh = signature(derive_signing_key("secret", "20150830", "us-east-1", "iam"), sts);
    for (int i = 0; i < 3; ++i) {
        // Interleave other keys so entries get evicted and re-derived.
        CHECK(signature(signing_key("secret", "20150830", "us-east-1", "iam"), sts) == fresh);
        (void)signing_key("other" + std::to_string(i), "20150830", "eu-west-1", "s3");
        (void)signing_key("x", "20150831", "us-east-1", "iam");
    }
    CHECK(signature(signing_key("secret2", "20150830", "us-east-1", "iam"), sts) != fresh);
}

TEST_CASE("AWS's documented signing key example", "[key]") {
    // From the SigV4 documentation: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY,
    // 20120215/us-east-1/iam gives this key; checked through a MAC of the empty string.
    HmacKey k = derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                   "us-east-1", "iam");
    HmacKey raw(std::string(
        "\xf4\x78\x0e\x2d\x9f\x65\xfa\x89\x5f\x9c\x67\xb3\x2c\xe1\xba\xf0\xb0\xd8\xa4\x35\x05\xa0"
        "\x00\xa1\xa9\xe0\x90\xd4\x14\xdb\x40\x4d",
        32));
    CHECK(signature(k, "") == signature(raw, ""));
}

TEST_CASE("Presigner gives the same URLs as presign_request", "[presign]") {
    Credentials with_token = kCreds;
    with_token.session_token = "tok/en+=";
    for (const Credentials& c : {kCreds, with_token}) {
        for (const Headers& extra :
             {Headers{}, Headers{{"Content-Type", "image/jpeg"}},
              Headers{{"x-amz-meta-a", "1"}, {"Cache-Control", " no-cache "}}}) {
            for (const char* method : {"GET", "PUT"}) {
                auto p = Presigner::create(c, settings_for("s3", "eu-west-1"), kTime, 900, method,
                                           extra);
                REQUIRE(p.ok());
                for (const std::string key : {"a.jpg", "dir/a b+c%.jpg", "caf\xc3\xa9/x~y", "z/"}) {
                    Request r;
                    r.method = method;
                    r.path = "/" + uri_encode(key, true);
                    r.headers = extra;
                    r.headers.push_back({"host", "b.s3.eu-west-1.amazonaws.com"});
                    r.payload_hash = std::string(kUnsignedPayload);
                    auto expected =
                        presign_request(r, c, settings_for("s3", "eu-west-1"), kTime, 900);
                    REQUIRE(expected.ok());
                    std::string got;
                    p->append_query(got, "b.s3.eu-west-1.amazonaws.com", r.path);
                    INFO(key << " " << method);
                    CHECK(got == expected->query);
                    CHECK(p->canonical_request("b.s3.eu-west-1.amazonaws.com", r.path) ==
                          expected->canonical_request);
                }
            }
        }
    }
    CHECK(!Presigner::create(kCreds, settings_for("s3", "us-east-1"), kTime, 0, "GET").ok());
    CHECK(!Presigner::create(kCreds, settings_for("s3", "us-east-1"), kTime, 60, "GET",
                             {{"Host", "x"}})
               .ok());
}

TEST_CASE("Presigner reproduces the S3 documentation's presigned URL", "[presign][vector]") {
    auto p = Presigner::create(kCreds, settings_for("s3", "us-east-1"), kTime, 86400, "GET");
    REQUIRE(p.ok());
    std::string q;
    p->append_query(q, "examplebucket.s3.amazonaws.com", "/test.txt");
    CHECK(q.substr(q.size() - 64) ==
          "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}
