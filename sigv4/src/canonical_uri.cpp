#include <vector>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::sigv4 {

std::string normalize_path(std::string_view path) {
    std::vector<std::string_view> segments;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view seg = path.substr(start, end - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        start = end + 1;
    }
    std::string out;
    for (auto seg : segments) {
        out += '/';
        out += seg;
    }
    // A trailing '/' names a "directory" and is part of the resource, so it is kept.
    if (segments.empty() || (!path.empty() && path.back() == '/')) out += '/';
    return out;
}

std::string canonical_uri(std::string_view wire_path, bool normalize, bool double_encode) {
    if (wire_path.empty()) return "/";
    std::string path = normalize ? normalize_path(wire_path) : std::string(wire_path);
    if (double_encode) return uri_encode(path, true);
    // Decoding first makes %3c and %3C (and needless escapes) sign the same way; a path
    // with no escapes, the usual case, skips it.
    if (path.find('%') == std::string::npos) return uri_encode(path, true);
    return uri_encode(uri_decode(path), true);
}

}  // namespace s3v4::sigv4
