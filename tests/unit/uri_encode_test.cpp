#include <catch2/catch.hpp>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4::sigv4;

TEST_CASE("uri_encode: every byte 0x00-0xFF", "[encode]") {
    for (int b = 0; b < 256; ++b) {
        const auto c = static_cast<unsigned char>(b);
        const std::string in(1, static_cast<char>(c));
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        char expected[4];
        std::snprintf(expected, sizeof expected, "%%%02X", b);
        INFO("byte " << b);
        CHECK(uri_encode(in) == (unreserved ? in : std::string(expected)));
        CHECK(uri_encode(in, true) == (unreserved || c == '/' ? in : std::string(expected)));
        CHECK(uri_decode(uri_encode(in)) == in);
    }
}

TEST_CASE("uri_encode: the characters people get wrong", "[encode]") {
    CHECK(uri_encode("a+b") == "a%2Bb");  // '+' is a plus, never a space
    CHECK(uri_encode("a b") == "a%20b");  // space is %20, never '+'
    CHECK(uri_encode("100%") == "100%25");
    CHECK(uri_encode("~user") == "~user");  // '~' is unreserved
    CHECK(uri_encode("a/b") == "a%2Fb");
    CHECK(uri_encode("a/b", true) == "a/b");
    CHECK(uri_encode("ሴ") == "%E1%88%B4");  // UTF-8 bytes, upper-case hex
    CHECK(uri_encode("caf\xc3\xa9") == "caf%C3%A9");
    CHECK(uri_encode("*'()!$,;:@=&?") == "%2A%27%28%29%21%24%2C%3B%3A%40%3D%26%3F");
}

TEST_CASE("uri_decode: escapes and malformed percent signs", "[encode]") {
    CHECK(uri_decode("%3c%3C") == "<<");
    CHECK(uri_decode("a+b") == "a+b");
    CHECK(uri_decode("100%") == "100%");
    CHECK(uri_decode("%zz") == "%zz");
    CHECK(uri_decode("%4") == "%4");
    CHECK(uri_decode("%E1%88%B4") == "ሴ");
}

TEST_CASE("canonical_uri: S3 encodes once, generic twice", "[canonical]") {
    CHECK(canonical_uri("", false, false) == "/");
    CHECK(canonical_uri("/a%3Cb", false, false) == "/a%3Cb");
    CHECK(canonical_uri("/a%3cb", false, false) == "/a%3Cb");
    CHECK(canonical_uri("/a%3Cb", false, true) == "/a%253Cb");
    CHECK(canonical_uri("/a b/", false, false) == "/a%20b/");
    CHECK(canonical_uri("//a/./../b//", false, false) == "//a/./../b//");  // S3: keys are literal
    CHECK(canonical_uri("//a/./../b//", true, true) == "/b/");
    CHECK(canonical_uri("/%2B", false, false) == "/%2B");
}

TEST_CASE("normalize_path", "[canonical]") {
    CHECK(normalize_path("/") == "/");
    CHECK(normalize_path("//") == "/");
    CHECK(normalize_path("/./") == "/");
    CHECK(normalize_path("/example/..") == "/");
    CHECK(normalize_path("/a/b/../..") == "/");
    CHECK(normalize_path("/a/b/../c") == "/a/c");
    CHECK(normalize_path("//example//") == "/example/");
    CHECK(normalize_path("/../a") == "/a");
}

TEST_CASE("canonical_query: decode, encode, sort", "[canonical]") {
    CHECK(canonical_query(parse_query("")) == "");
    CHECK(canonical_query(parse_query("b=2&a=1")) == "a=1&b=2");
    CHECK(canonical_query(parse_query("a=2&a=1")) == "a=1&a=2");
    CHECK(canonical_query(parse_query("lifecycle")) == "lifecycle=");
    CHECK(canonical_query(parse_query("a=x%20y")) == "a=x%20y");
    CHECK(canonical_query(parse_query("a=x+y")) == "a=x%2By");
    CHECK(canonical_query(parse_query("prefix=a/b&list-type=2")) == "list-type=2&prefix=a%2Fb");
    CHECK(canonical_query(parse_query("Z=1&a=1")) == "Z=1&a=1");  // byte order: upper first
    // Building the canonical query of a canonical query changes nothing.
    const std::string q = canonical_query(parse_query("k=%E1%88%B4&j=a%2Fb&i=~&h=%2B"));
    CHECK(canonical_query(parse_query(q)) == q);
}

TEST_CASE("canonical_headers: case, trim, folds, repeats, unsignable", "[canonical]") {
    Headers h = {{"Host", "example.com"},
                 {"My-Header", "  a   b  "},
                 {"X-Fold", "one\n  two"},
                 {"x-rep", "2"},
                 {"X-Rep", "1"},
                 {"User-Agent", "curl"},
                 {"Expect", "100-continue"}};
    auto c = canonical_headers(h);
    CHECK(c.block == "host:example.com\nmy-header:a b\nx-fold:one two\nx-rep:2,1\n");
    CHECK(c.signed_headers == "host;my-header;x-fold;x-rep");
}

TEST_CASE("canonical_headers: independent of the order of distinct headers", "[canonical]") {
    Headers a = {{"B", "2"}, {"a", "1"}, {"C", "3"}};
    Headers b = {{"C", "3"}, {"B", "2"}, {"a", "1"}};
    CHECK(canonical_headers(a).block == canonical_headers(b).block);
}
