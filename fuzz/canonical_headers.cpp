// canonical_headers / canonical_header_value / sign_request on headers read from the input,
// one "Name:value" per line (the header part of an HTTP request; a line without ':' is a
// name with an empty value).
//
// Properties:
//  - canonical_header_value: no leading or trailing whitespace, no tab/CR/LF, no two spaces
//    in a row, idempotent, and equal to the input with whitespace runs made one space;
//  - the block has one "name:value\n" line per distinct lower-cased signable name, names
//    sorted and unique, repeated headers joined with ',' in the order sent; signed_headers
//    is exactly those names joined with ';' (checked when names are HTTP tokens);
//  - unsignable headers (authorization, user-agent, ...) never appear;
//  - permuting headers of different names changes neither the block nor the signature.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/signer.hpp"

using namespace s3v4::sigv4;
using s3v4::fuzz::as_view;

namespace {

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos))
            return false;
    return true;
}

// Whitespace runs to one space, then trimmed: written independently of the library.
std::string reference_value(std::string_view v) {
    std::string out;
    bool in_ws = false;
    for (char c : v) {
        if (is_ws(c)) {
            in_ws = true;
            continue;
        }
        if (in_ws && !out.empty()) out += ' ';
        in_ws = false;
        out += c;
    }
    return out;
}

void check_value(std::string_view v) {
    const std::string c = canonical_header_value(v);
    FUZZ_CHECK(c == reference_value(v), "canonical_header_value differs from reference");
    FUZZ_CHECK(c.empty() || (c.front() != ' ' && c.back() != ' '), "value not trimmed");
    FUZZ_CHECK(c.find_first_of("\t\r\n") == std::string::npos, "tab/CR/LF left in value");
    FUZZ_CHECK(c.find("  ") == std::string::npos, "two spaces left in value");
    FUZZ_CHECK(canonical_header_value(c) == c, "canonical_header_value not idempotent");
}

Headers read_headers(std::string_view in) {
    Headers out;
    size_t start = 0;
    while (start < in.size() && out.size() < 64) {
        size_t end = in.find('\n', start);
        if (end == std::string_view::npos) end = in.size();
        std::string_view line = in.substr(start, end - start);
        start = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            out.push_back({std::string(line), ""});
        else
            out.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    return out;
}

// Reorders the headers by name groups (descending lower-cased name) while keeping the order
// of headers that share a name: a permutation that must not change anything.
Headers permuted(const Headers& in) {
    Headers out = in;
    std::reverse(out.begin(), out.end());
    std::stable_sort(out.begin(), out.end(), [](const Header& a, const Header& b) {
        return lower(a.name) > lower(b.name);
    });
    // Restore the original relative order within each name.
    std::map<std::string, std::vector<const Header*>> by_name;
    for (const auto& h : in) by_name[lower(h.name)].push_back(&h);
    std::map<std::string, size_t> used;
    for (auto& h : out) {
        const std::string n = lower(h.name);
        h = *by_name[n][used[n]++];
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in = as_view(data, size);
    check_value(in);

    const Headers headers = read_headers(in);
    for (const auto& h : headers) check_value(h.value);

    const CanonicalHeaders ch = canonical_headers(headers);

    // Reference: group by lower-cased name in sorted order, values joined in order sent.
    std::map<std::string, std::vector<std::string>> groups;
    for (const auto& h : headers) {
        const std::string n = lower(h.name);
        if (is_unsignable_header(n)) continue;
        groups[n].push_back(reference_value(h.value));
    }
    std::string block, signed_headers;
    for (const auto& [name, values] : groups) {
        block += name + ":";
        for (size_t i = 0; i < values.size(); ++i) block += (i ? "," : "") + values[i];
        block += "\n";
        signed_headers += (signed_headers.empty() ? "" : ";") + name;
    }
    FUZZ_CHECK(ch.block == block, "canonical header block differs from reference");
    FUZZ_CHECK(ch.signed_headers == signed_headers, "signed headers differ from reference");

    bool all_tokens = true;
    for (const auto& h : headers) all_tokens &= is_token(h.name);
    if (all_tokens) {
        // The signed-headers list alone: sorted, unique, lower-case.
        std::vector<std::string_view> names;
        std::string_view s = ch.signed_headers;
        while (!s.empty()) {
            size_t semi = s.find(';');
            names.push_back(s.substr(0, semi));
            if (semi == std::string_view::npos) break;
            s.remove_prefix(semi + 1);
        }
        FUZZ_CHECK(std::adjacent_find(names.begin(), names.end(),
                                      [](auto a, auto b) { return a >= b; }) == names.end(),
                   "signed headers not strictly sorted");
        for (auto n : names) {
            FUZZ_CHECK(lower(n) == n, "signed header not lower-case");
            FUZZ_CHECK(!is_unsignable_header(n), "unsignable header signed");
        }
    }

    const Headers other = permuted(headers);
    const CanonicalHeaders ch2 = canonical_headers(other);
    FUZZ_CHECK(ch2.block == ch.block && ch2.signed_headers == ch.signed_headers,
               "permuting differently named headers changed the canonical headers");

    // Header signing: the same signature for both orders (when the request is signable).
    Request req;
    req.method = "GET";
    req.path = "/key";
    req.headers = headers;
    req.headers.push_back({"Host", "bucket.s3.amazonaws.com"});
    const Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    const Settings settings = settings_for("s3", "us-east-1");
    const AmzTime time{1369353600};  // 20130524T000000Z
    auto a = sign_request(req, creds, settings, time);
    Request req2 = req;
    req2.headers = permuted(req.headers);
    auto b = sign_request(req2, creds, settings, time);
    FUZZ_CHECK(a.ok() == b.ok(), "header order changed whether the request can be signed");
    if (a.ok()) {
        FUZZ_CHECK(a->signature == b->signature, "header order changed the signature");
        FUZZ_CHECK(a->signature.size() == 64, "signature is not 64 hex characters");
        FUZZ_CHECK(a->signed_headers.find("host") != std::string::npos, "host not signed");
    }
    return 0;
}
