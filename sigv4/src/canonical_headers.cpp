#include <algorithm>

#include "s3v4/sigv4/canonical_request.hpp"

namespace s3v4::sigv4 {

namespace {
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}
}  // namespace

bool is_unsignable_header(std::string_view name) {
    // Never signed, because something between client and server may add, drop or rewrite
    // them, or the HTTP client sets them itself:
    static constexpr std::string_view kNames[] = {
        "authorization",        // carries the signature itself
        "user-agent",           // rewritten by proxies and SDK wrappers
        "expect",               // curl adds/drops "100-continue" on its own
        "connection",           // hop-by-hop
        "keep-alive",           // hop-by-hop
        "proxy-authorization",  // hop-by-hop, consumed by the proxy
        "te",                   // hop-by-hop
        "trailer",              // hop-by-hop
        "transfer-encoding",    // hop-by-hop; may be re-chunked on the way
        "upgrade",              // hop-by-hop
        "x-amzn-trace-id",      // added by AWS load balancers and X-Ray
        "traceparent",          // W3C trace context, added by tracing proxies
        "tracestate",           // W3C trace context
    };
    return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

std::string canonical_header_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool pending_space = false;
    for (char c : value) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

CanonicalHeaders canonical_headers(const Headers& headers) {
    // (name, order sent, value): stable sort keeps repeated headers in the order sent.
    std::vector<std::pair<std::string, std::string>> items;
    items.reserve(headers.size());
    for (const auto& h : headers) {
        std::string name = to_lower(h.name);
        if (is_unsignable_header(name)) continue;
        items.emplace_back(std::move(name), canonical_header_value(h.value));
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    CanonicalHeaders out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0 && items[i].first == items[i - 1].first) {
            out.block.back() = ',';  // replaces the '\n' of the previous line
            out.block += items[i].second;
            out.block += '\n';
            continue;
        }
        out.block += items[i].first;
        out.block += ':';
        out.block += items[i].second;
        out.block += '\n';
        if (!out.signed_headers.empty()) out.signed_headers += ';';
        out.signed_headers += items[i].first;
    }
    return out;
}

}  // namespace s3v4::sigv4
