// parse_query / canonical_query on an arbitrary raw query string.
//
// Properties:
//  - idempotent: canonical_query(parse_query(q)) == q for q = canonical_query(parse_query(x));
//  - the output is '&'-joined NAME=VALUE items (every item has '='), each name and value
//    canonically encoded (unreserved bytes and upper-case %XX only), sorted by name, then
//    value, as byte strings; one item per non-empty '&'-separated piece of the input;
//  - parse_query of the output gives back the decoded pairs of the input, sorted by their
//    encoded form (nothing lost, nothing added);
//  - canonical_query does not depend on the order of the pairs.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4::sigv4;
using s3v4::fuzz::as_view;

namespace {

bool is_upper_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

bool is_encoded(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~')
            continue;
        if (c != '%' || i + 2 >= s.size() || !is_upper_hex(s[i + 1]) || !is_upper_hex(s[i + 2]))
            return false;
        i += 2;
    }
    return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view x = as_view(data, size);
    const auto pairs = parse_query(x);
    const std::string q = canonical_query(pairs);

    FUZZ_CHECK(canonical_query(parse_query(q)) == q, "canonical_query not idempotent");

    size_t pieces = 0;
    for (auto piece : split(x, '&'))
        if (!piece.empty()) ++pieces;
    FUZZ_CHECK(pairs.size() == pieces, "parse_query: one pair per non-empty piece");

    // Shape and order of the output.
    std::vector<std::pair<std::string_view, std::string_view>> items;
    if (!q.empty()) {
        for (auto item : split(q, '&')) {
            const size_t eq = item.find('=');
            FUZZ_CHECK(eq != std::string_view::npos, "canonical query item without '='");
            items.emplace_back(item.substr(0, eq), item.substr(eq + 1));
            FUZZ_CHECK(is_encoded(items.back().first) && is_encoded(items.back().second),
                       "canonical query name or value not canonically encoded");
        }
    }
    FUZZ_CHECK(items.size() == pairs.size(), "canonical_query lost or added items");
    FUZZ_CHECK(std::is_sorted(items.begin(), items.end()), "canonical query not sorted");

    // Same multiset of decoded pairs.
    auto expected = pairs;
    std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
        return std::make_pair(uri_encode(a.first), uri_encode(a.second)) <
               std::make_pair(uri_encode(b.first), uri_encode(b.second));
    });
    FUZZ_CHECK(parse_query(q) == expected, "parse_query(canonical) != sorted decoded pairs");

    // Order of the pairs does not matter.
    auto reversed = pairs;
    std::reverse(reversed.begin(), reversed.end());
    FUZZ_CHECK(canonical_query(reversed) == q, "canonical_query depends on pair order");
    return 0;
}
