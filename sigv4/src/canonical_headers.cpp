#include <algorithm>

#include "s3v4/sigv4/canonical_request.hpp"

namespace s3v4::sigv4 {

namespace {
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Trimmed, each inner run of whitespace (obsolete line folds included) as one space.
void append_canonical_value(std::string& out, std::string_view value) {
    // Most values need no folding: copy them whole.
    bool plain = !value.empty() && !is_space(value.front()) && !is_space(value.back());
    for (size_t i = 0; plain && i < value.size(); ++i)
        plain = !(value[i] == '\t' || value[i] == '\r' || value[i] == '\n' ||
                  (value[i] == ' ' && value[i + 1] == ' '));
    if (plain || value.empty()) {
        out.append(value);
        return;
    }
    bool pending_space = false, any = false;
    for (char c : value) {
        if (is_space(c)) {
            pending_space = any;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        any = true;
        out += c;
    }
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
    append_canonical_value(out, value);
    return out;
}

CanonicalHeaders canonical_headers(const Headers& headers) {
    std::vector<HeaderView> views;
    views.reserve(headers.size());
    for (const auto& h : headers) views.push_back({h.name, h.value});
    return canonical_headers(views);
}

CanonicalHeaders canonical_headers(const std::vector<HeaderView>& headers) {
    // Lower-cased names go into one arena string (no allocation per header), and values are
    // folded straight into the block: this runs for every request signed.
    std::string names;
    size_t total = 0;
    for (const auto& h : headers) total += h.name.size();
    names.reserve(total);
    struct Item {
        size_t name_at, name_len;
        std::string_view value;
    };
    std::vector<Item> items;
    items.reserve(headers.size());
    for (const auto& h : headers) {
        const size_t at = names.size();
        for (char c : h.name)
            names += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (is_unsignable_header(std::string_view(names).substr(at))) {
            names.resize(at);
            continue;
        }
        items.push_back({at, h.name.size(), h.value});
    }
    const std::string_view all(names);
    auto name_of = [&](const Item& i) { return all.substr(i.name_at, i.name_len); };
    // Stable: repeated headers keep the order they were sent in.
    std::stable_sort(items.begin(), items.end(),
                     [&](const Item& a, const Item& b) { return name_of(a) < name_of(b); });
    CanonicalHeaders out;
    out.block.reserve(total + 64 * items.size());
    out.signed_headers.reserve(total + items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string_view name = name_of(items[i]);
        if (i > 0 && name == name_of(items[i - 1])) {
            out.block.back() = ',';  // replaces the '\n' of the previous line
        } else {
            out.block.append(name).append(1, ':');
            if (!out.signed_headers.empty()) out.signed_headers += ';';
            out.signed_headers.append(name);
        }
        append_canonical_value(out.block, items[i].value);
        out.block += '\n';
    }
    return out;
}

}  // namespace s3v4::sigv4
