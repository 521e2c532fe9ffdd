// parse_s3_uri / check_bucket_name / check_key / is_valid_utf8 / parse_endpoint on
// arbitrary text, each checked against a reference written from the documented rules.
//
// Properties:
//  - check_bucket_name accepts exactly the names of 3..63 bytes of a-z 0-9 . -, starting and
//    ending with a letter or digit, without "..", and not shaped like an IPv4 address;
//  - is_valid_utf8 agrees with a reference decoder (no overlongs, surrogates, > U+10FFFF);
//  - check_key accepts exactly 1..1024 bytes of valid UTF-8 without NUL, CR or LF;
//  - parse_s3_uri: accepted iff "s3://" + a valid bucket [+ "/" + anything]; the parts
//    rebuild the input;
//  - parse_endpoint: an accepted endpoint has scheme http/https, a non-empty lower-case host
//    without '/', '?', '#', '@', a port of 0 or 1..65535, and its authority() parses back to
//    the same endpoint; locate_bucket + object_path give a path that starts with '/'.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "s3v4/s3/endpoint.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4::s3;
using s3v4::fuzz::as_view;

namespace {

bool reference_bucket_ok(std::string_view b) {
    if (b.size() < 3 || b.size() > 63) return false;
    int dots = 0;
    bool only_digits_and_dots = true;
    for (char c : b) {
        const bool lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
        if (!lower && !digit && c != '.' && c != '-') return false;
        if (c == '.') ++dots;
        if (!digit && c != '.') only_digits_and_dots = false;
    }
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(b.front()) || !alnum(b.back())) return false;
    if (b.find("..") != std::string_view::npos) return false;
    if (only_digits_and_dots && dots == 3) return false;
    return true;
}

// Well-formed UTF-8 per the Unicode standard's table of byte sequences.
bool reference_utf8(std::string_view s) {
    size_t i = 0;
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
    while (i < s.size()) {
        const unsigned char c = byte(i);
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c <= 0x7F) {
            ++i;
            continue;
        } else if (in(c, 0xC2, 0xDF)) {
            need = 1;
        } else if (c == 0xE0) {
            need = 2, lo = 0xA0;
        } else if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) {
            need = 2;
        } else if (c == 0xED) {
            need = 2, hi = 0x9F;
        } else if (c == 0xF0) {
            need = 3, lo = 0x90;
        } else if (in(c, 0xF1, 0xF3)) {
            need = 3;
        } else if (c == 0xF4) {
            need = 3, hi = 0x8F;
        } else {
            return false;
        }
        if (s.size() - i <= need) return false;
        if (!in(byte(i + 1), lo, hi)) return false;
        for (size_t k = 2; k <= need; ++k)
            if (!in(byte(i + k), 0x80, 0xBF)) return false;
        i += need + 1;
    }
    return true;
}

bool reference_key_ok(std::string_view k) {
    if (k.empty() || k.size() > 1024) return false;
    if (k.find_first_of(std::string_view("\0\r\n", 3)) != std::string_view::npos) return false;
    return reference_utf8(k);
}

void check_endpoint(std::string_view text) {
    auto e = parse_endpoint(text);
    if (!e) {
        FUZZ_CHECK(!e.error().message.empty(), "parse_endpoint error without a message");
        return;
    }
    FUZZ_CHECK(e->scheme == "http" || e->scheme == "https", "endpoint scheme");
    FUZZ_CHECK(!e->host.empty(), "endpoint without host");
    FUZZ_CHECK(e->host.find_first_of("/?#@") == std::string::npos, "endpoint host has / ? # @");
    for (char c : e->host) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "endpoint host not lower-case");
    FUZZ_CHECK(e->port >= 0 && e->port <= 65535, "endpoint port out of range");
    // A ':' belongs to the port or inside an IPv6 literal's brackets; anything else is a
    // misparse ("http://fe80::1" once became host "fe80:" port 1; regressions/s3_uri/).
    const bool bracketed = e->host.front() == '[';
    const bool host_ok = bracketed ? e->host.back() == ']' : e->host.find(':') == std::string::npos;
    FUZZ_CHECK(host_ok, "endpoint host holds a ':' outside brackets, or '[' without ']'");

    const std::string again = e->scheme + "://" + e->authority();
    auto e2 = parse_endpoint(again);
    FUZZ_CHECK(e2.ok(), "the authority of an accepted endpoint does not parse back");
    const int default_port = e->scheme == "https" ? 443 : 80;
    auto effective = [&](int p) { return p == 0 ? default_port : p; };
    FUZZ_CHECK(e2->host == e->host && effective(e2->port) == effective(e->port) &&
                   e2->is_aws == e->is_aws,
               "endpoint authority does not parse back to the same endpoint");

    for (auto mode : {Addressing::automatic, Addressing::virtual_host, Addressing::path_style}) {
        BucketLocation loc = locate_bucket(*e, "my.bucket-1", mode);
        const std::string path = loc.object_path("a b/c+d%");
        FUZZ_CHECK(!path.empty() && path[0] == '/', "object path must start with '/'");
        FUZZ_CHECK(s3v4::sigv4::uri_decode(path) == loc.path_prefix + "/a b/c+d%",
                   "object path does not decode to prefix + key");
        FUZZ_CHECK(loc.url(path).rfind(e->scheme + "://", 0) == 0, "url lost the scheme");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view x = as_view(data, size);

    FUZZ_CHECK(check_bucket_name(x).ok() == reference_bucket_ok(x),
               "check_bucket_name disagrees with the naming rules");
    FUZZ_CHECK(is_valid_utf8(x) == reference_utf8(x), "is_valid_utf8 disagrees with reference");
    FUZZ_CHECK(check_key(x).ok() == reference_key_ok(x), "check_key disagrees with the rules");

    auto uri = parse_s3_uri(x);
    const bool s3_scheme = x.substr(0, 5) == "s3://";
    if (uri) {
        FUZZ_CHECK(s3_scheme, "parse_s3_uri accepted a URI without s3://");
        FUZZ_CHECK(reference_bucket_ok(uri->bucket), "parse_s3_uri accepted a bad bucket");
        const std::string base = "s3://" + uri->bucket;
        FUZZ_CHECK(x == base + "/" + uri->key || (x == base && uri->key.empty()),
                   "parse_s3_uri parts do not rebuild the URI");
    } else if (s3_scheme) {
        const std::string_view rest = x.substr(5);
        FUZZ_CHECK(!reference_bucket_ok(rest.substr(0, rest.find('/'))),
                   "parse_s3_uri refused a valid bucket");
    }

    check_endpoint(x);
    return 0;
}
