// uri_encode / uri_decode / canonical_uri / normalize_path on arbitrary bytes.
//
// Properties:
//  - uri_decode(uri_encode(x)) == x, with and without keep_slash;
//  - uri_encode output holds only unreserved bytes (plus '/' with keep_slash) and %XX with
//    upper-case hex, and its length is |x| + 2 * (bytes encoded);
//  - uri_decode never makes a string longer, and leaves a string without '%' unchanged;
//  - canonical_uri never crashes in any of its four modes and never returns "";
//  - S3 rules (no normalisation, single encoding): the result is in canonical form and
//    canonical_uri(canonical_uri(p)) == canonical_uri(p); it equals uri_encode(uri_decode(p));
//  - normalize_path: starts with '/', has no empty, "." or ".." segment, and is idempotent.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4::sigv4;
using s3v4::fuzz::as_view;

namespace {

bool is_upper_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

bool reference_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

// Only unreserved bytes, '/' when slashes are allowed, and %XX escapes in upper case.
bool is_canonical_encoding(std::string_view s, bool slash_allowed) {
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (reference_unreserved(c) || (slash_allowed && c == '/')) continue;
        if (c != '%' || i + 2 >= s.size() || !is_upper_hex(s[i + 1]) || !is_upper_hex(s[i + 2])) return false;
        i += 2;
    }
    return true;
}

void check_encode(std::string_view x, bool keep_slash) {
    const std::string enc = uri_encode(x, keep_slash);
    FUZZ_CHECK(uri_decode(enc) == x, "uri_decode(uri_encode(x)) != x");
    FUZZ_CHECK(is_canonical_encoding(enc, keep_slash), "uri_encode output not canonical");
    size_t escaped = 0;
    for (unsigned char c : x)
        if (!reference_unreserved(c) && !(keep_slash && c == '/')) ++escaped;
    FUZZ_CHECK(enc.size() == x.size() + 2 * escaped, "uri_encode length");
    std::string appended = "prefix";
    append_uri_encoded(appended, x, keep_slash);
    FUZZ_CHECK(appended == "prefix" + enc, "append_uri_encoded differs from uri_encode");
}

void check_normalize(std::string_view p) {
    const std::string n = normalize_path(p);
    FUZZ_CHECK(!n.empty() && n[0] == '/', "normalize_path must start with '/'");
    // Segments between slashes: none empty (except after a kept trailing '/'), ".", "..".
    size_t start = 1;
    while (start < n.size()) {
        size_t end = n.find('/', start);
        if (end == std::string::npos) end = n.size();
        const std::string_view seg(n.data() + start, end - start);
        FUZZ_CHECK(!seg.empty() && seg != "." && seg != "..",
                   "normalize_path left an empty, '.' or '..' segment");
        start = end + 1;
    }
    FUZZ_CHECK(normalize_path(n) == n, "normalize_path not idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view x = as_view(data, size);

    check_encode(x, false);
    check_encode(x, true);
    for (unsigned char c = 0;; ++c) {
        FUZZ_CHECK(is_unreserved(c) == reference_unreserved(c), "is_unreserved");
        if (c == 255) break;
    }

    const std::string dec = uri_decode(x);
    FUZZ_CHECK(dec.size() <= x.size(), "uri_decode made the string longer");
    if (x.find('%') == std::string_view::npos) FUZZ_CHECK(dec == x, "uri_decode changed x");

    for (bool normalize : {false, true})
        for (bool twice : {false, true})
            FUZZ_CHECK(!canonical_uri(x, normalize, twice).empty(), "canonical_uri empty");

    // S3 rules.
    const std::string c1 = canonical_uri(x, false, false);
    FUZZ_CHECK(is_canonical_encoding(c1, true), "S3 canonical_uri output not canonical");
    FUZZ_CHECK(canonical_uri(c1, false, false) == c1, "S3 canonical_uri not idempotent");
    if (!x.empty())
        FUZZ_CHECK(c1 == uri_encode(uri_decode(x), true), "S3 canonical_uri != encode(decode)");
    // Generic rules encode the wire path again: '%' always becomes "%25".
    const std::string g = canonical_uri(x, false, true);
    FUZZ_CHECK(x.empty() || uri_decode(g) == x, "double-encoded canonical_uri does not decode");

    check_normalize(x);
    return 0;
}
