#include <algorithm>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::sigv4 {

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw) {
    std::vector<std::pair<std::string, std::string>> pairs;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find('&', start);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view item = raw.substr(start, end - start);
        if (!item.empty()) {
            size_t eq = item.find('=');
            if (eq == std::string_view::npos) {
                pairs.emplace_back(uri_decode(item), std::string());
            } else {
                pairs.emplace_back(uri_decode(item.substr(0, eq)), uri_decode(item.substr(eq + 1)));
            }
        }
        start = end + 1;
    }
    return pairs;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> pairs) {
    for (auto& [name, value] : pairs) {
        name = uri_encode(name);
        value = uri_encode(value);
    }
    // Sorted by encoded name, then encoded value, as byte strings.
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty()) out += '&';
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

}  // namespace s3v4::sigv4
