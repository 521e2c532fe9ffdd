#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::sigv4 {

namespace {
// One lookup per byte instead of a chain of comparisons: encoding is most of the work of
// building a canonical request.
struct UnreservedTable {
    bool v[256] = {};
    constexpr UnreservedTable() {
        for (int c = 'A'; c <= 'Z'; ++c) v[c] = true;
        for (int c = 'a'; c <= 'z'; ++c) v[c] = true;
        for (int c = '0'; c <= '9'; ++c) v[c] = true;
        v[static_cast<int>('-')] = v[static_cast<int>('.')] = v[static_cast<int>('_')] =
            v[static_cast<int>('~')] = true;
    }
};
constexpr UnreservedTable kUnreserved;
}  // namespace

bool is_unreserved(unsigned char c) {
    return kUnreserved.v[c];
}

void append_uri_encoded(std::string& out, std::string_view in, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < in.size()) {
        // Copy the run of bytes that need no encoding in one append.
        size_t run = i;
        while (run < in.size() && (kUnreserved.v[static_cast<unsigned char>(in[run])] ||
                                   (keep_slash && in[run] == '/')))
            ++run;
        out.append(in.data() + i, run - i);
        if (run == in.size()) break;
        const auto c = static_cast<unsigned char>(in[run]);
        const char escaped[3] = {'%', hex[c >> 4], hex[c & 0x0f]};
        out.append(escaped, 3);
        i = run + 1;
    }
}

std::string uri_encode(std::string_view in, bool keep_slash) {
    std::string out;
    out.reserve(in.size() + in.size() / 2);
    append_uri_encoded(out, in, keep_slash);
    return out;
}

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string uri_decode(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size()) {
            int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(in[i]);
    }
    return out;
}

}  // namespace s3v4::sigv4
