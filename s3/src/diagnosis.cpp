#include "s3v4/s3/diagnosis.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>

#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/string_to_sign.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::s3 {

namespace {

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            out.emplace_back(text.substr(start));
            return out;
        }
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
}

bool starts_with(std::string_view s, std::string_view p) {
    return s.substr(0, p.size()) == p;
}

// Combining diacritical marks (U+0300-U+036F) are how NFD spells accented letters.
bool has_combining_mark(std::string_view s) {
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
        if ((a == 0xCC && b >= 0x80) || (a == 0xCD && b <= 0xAF)) return true;
    }
    return false;
}

Finding path_finding(const std::string& ours, const std::string& theirs) {
    Finding f{"path-encoding", "", "", true};
    const std::string fix =
        "encode each byte of the key once (UTF-8, %XX in upper case, '/' kept); never encode an "
        "already encoded path again";
    const std::string a = sigv4::uri_decode(ours), b = sigv4::uri_decode(theirs);
    if (ours.find("%25") != std::string::npos && sigv4::uri_decode(ours) == theirs) {
        f.explanation =
            "the path was encoded twice: you signed " + ours + ", the server computed " + theirs;
        f.fix = fix;
    } else if (ours.find("%2B") != std::string::npos && theirs.find("%20") != std::string::npos) {
        f.explanation =
            "a '+' in the key was sent raw and the server read it as a space: you "
            "signed " +
            ours + ", the server computed " + theirs;
        f.fix = "send '+' in a key as %2B on the wire (and sign it the same way)";
    } else if (a != b && (has_combining_mark(a) || has_combining_mark(b))) {
        f.explanation = "the key differs in Unicode normalization (NFC vs NFD): you signed " +
                        ours + ", the server computed " + theirs;
        f.fix = "use the same normalization (NFC) for the key when signing and sending";
    } else if (a == b) {
        f.explanation = "the path is encoded differently: you signed " + ours +
                        ", the server computed " + theirs;
        f.fix = fix;
    } else {
        f.explanation = "the path differs (a proxy may have rewritten it): you signed " + ours +
                        ", the server received " + theirs;
        f.fix = "sign the exact path that reaches the server; check proxies and rewrites";
    }
    return f;
}

Finding query_finding(const std::string& ours, const std::string& theirs) {
    Finding f{"query-encoding", "", "", true};
    if ((ours.find("%2B") != std::string::npos && theirs.find("%20") != std::string::npos) ||
        (ours.find("%20") != std::string::npos && theirs.find("%2B") != std::string::npos)) {
        f.explanation =
            "a space was encoded as '+' (form encoding) on one side and %20 on the "
            "other: you signed " +
            ours + ", the server computed " + theirs;
        f.fix = "encode spaces in query values as %20, never '+'";
    } else {
        f.explanation =
            "the query string differs: you signed " + ours + ", the server computed " + theirs;
        f.fix = "sign the exact query that is sent, each name and value encoded once, sorted";
    }
    return f;
}

std::map<std::string, std::string> header_map(const CanonicalRequestParts& r) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : r.headers) m[k] = v;
    return m;
}

std::string strip_port(const std::string& host) {
    size_t colon = host.rfind(':');
    if (colon == std::string::npos || host.find(']', colon) != std::string::npos) return host;
    return host.substr(0, colon);
}

}  // namespace

bool is_suspicious_header(std::string_view n) {
    static constexpr std::string_view kExact[] = {"x-amz-id-2",      "x-amz-request-id",
                                                  "user-agent",      "accept-encoding",
                                                  "expect",          "connection",
                                                  "keep-alive",      "transfer-encoding",
                                                  "traceparent",     "tracestate",
                                                  "x-amzn-trace-id", "via",
                                                  "forwarded",       "te",
                                                  "upgrade",         "proxy-authorization",
                                                  "x-real-ip",       "true-client-ip",
                                                  "cdn-loop",        "authorization"};
    if (std::find(std::begin(kExact), std::end(kExact), n) != std::end(kExact)) return true;
    return starts_with(n, "x-forwarded-") || starts_with(n, "cf-") || starts_with(n, "x-envoy-") ||
           starts_with(n, "x-b3-") || starts_with(n, "x-cloud-trace");
}

std::optional<CanonicalRequestParts> parse_canonical_request(std::string_view text) {
    auto lines = split_lines(text);
    if (lines.size() < 6) return std::nullopt;
    CanonicalRequestParts p;
    p.method = lines[0];
    p.path = lines[1];
    p.query = lines[2];
    size_t i = 3;
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        size_t colon = lines[i].find(':');
        if (colon == std::string::npos) return std::nullopt;
        p.headers.emplace_back(lines[i].substr(0, colon), lines[i].substr(colon + 1));
    }
    if (lines.size() != i + 3) return std::nullopt;  // blank line, SignedHeaders, payload hash
    p.signed_headers = lines[i + 1];
    p.payload_hash = lines[i + 2];
    return p;
}

std::string line_diff(std::string_view ours, std::string_view theirs) {
    auto a = split_lines(ours), b = split_lines(theirs);
    const size_t n = a.size(), m = b.size();
    if (n * m > (size_t{1} << 22)) {
        // Canonical requests are a few dozen lines; for pasted giants compare line by line
        // in place instead of building an n x m table.
        std::string out;
        for (size_t i = 0; i < std::max(n, m); ++i) {
            if (i < n && i < m && a[i] == b[i]) {
                out += "  " + a[i] + "\n";
                continue;
            }
            if (i < n) out += "- " + a[i] + "\n";
            if (i < m) out += "+ " + b[i] + "\n";
        }
        return out;
    }
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] =
                a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::string out;
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out += "  " + a[i++] + "\n";
            ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            out += "- " + a[i++] + "\n";  // ours first, then theirs, as diff -u does
        } else {
            out += "+ " + b[j++] + "\n";
        }
    }
    return out;
}

std::vector<Finding> compare_canonical_requests(const CanonicalRequestParts& ours,
                                                const CanonicalRequestParts& theirs) {
    std::vector<Finding> out;
    if (ours.method != theirs.method)
        out.push_back({"method",
                       "the request was signed for " + ours.method + " but the server received " +
                           theirs.method + " (a presigned URL used with another method?)",
                       "sign or presign with the method you send", true});
    if (ours.path != theirs.path) out.push_back(path_finding(ours.path, theirs.path));
    if (ours.query != theirs.query) out.push_back(query_finding(ours.query, theirs.query));

    auto a = header_map(ours), b = header_map(theirs);
    for (const auto& [name, value] : b) {
        auto it = a.find(name);
        if (it == a.end()) {
            out.push_back({"header-missing:" + name,
                           "the server signed '" + name + "' but you did not",
                           "sign every header listed in SignedHeaders", true});
        } else if (it->second != value) {
            if (name == "host" && strip_port(it->second) == strip_port(value)) {
                out.push_back({"host-port",
                               "Host has a port on one side only: you signed '" + it->second +
                                   "', the server received '" + value + "'",
                               "sign Host exactly as sent: include the port only when it is not "
                               "the scheme's default, on both sides",
                               true});
            } else if (value.empty()) {
                out.push_back({"header-value:" + name,
                               "you signed '" + name + ": " + it->second +
                                   "' but the server received no value: the header was dropped "
                                   "on the way (or never sent)",
                               "do not sign headers your HTTP client or a proxy may drop; send "
                               "every signed header",
                               true});
            } else {
                out.push_back({"header-value:" + name,
                               "you signed '" + name + ": " + it->second +
                                   "' but the server received '" + value + "'",
                               name == "content-type"
                                   ? "send exactly the Content-Type that was signed (browsers and "
                                     "SDKs may add or change it)"
                                   : "send the header exactly as signed; a proxy or client may "
                                     "rewrite it",
                               true});
            }
        }
    }
    for (const auto& [name, value] : a)
        if (!b.count(name))
            out.push_back({"header-extra:" + name,
                           "you signed '" + name + "' but the server did not",
                           "sign only headers that are sent and listed in SignedHeaders", true});
    if (ours.payload_hash != theirs.payload_hash)
        out.push_back({"payload-hash",
                       "you signed payload hash " + ours.payload_hash + ", the server used " +
                           theirs.payload_hash,
                       "x-amz-content-sha256 must be the SHA-256 of the exact body sent (or "
                       "UNSIGNED-PAYLOAD), and Content-Length must match the body",
                       true});
    return out;
}

std::vector<Finding> compare_strings_to_sign(std::string_view ours, std::string_view theirs) {
    std::vector<Finding> out;
    auto a = split_lines(ours), b = split_lines(theirs);
    if (a.size() != 4 || b.size() != 4) {
        out.push_back({"scope", "a string to sign does not have four lines",
                       "compare the full strings to sign", true});
        return out;
    }
    if (a[1] != b[1])
        out.push_back({"clock-skew",
                       "the request time differs: you signed " + a[1] + ", the server used " + b[1],
                       "sign with the X-Amz-Date you send; re-sign (never reuse) on retries",
                       true});
    if (a[2] != b[2]) {
        auto part = [](const std::string& scope, int idx) {
            size_t start = 0;
            for (int k = 0; k < idx; ++k) start = scope.find('/', start) + 1;
            return scope.substr(start, scope.find('/', start) - start);
        };
        if (part(a[2], 1) != part(b[2], 1))
            out.push_back(
                {"region",
                 "you signed for region " + part(a[2], 1) + ", the server expects " + part(b[2], 1),
                 "use --region " + part(b[2], 1), true});
        else
            out.push_back({"scope",
                           "the credential scope differs: you signed " + a[2] +
                               ", the server expects " + b[2],
                           "sign with the scope date of X-Amz-Date and the service 's3'", true});
    }
    if (a[3] != b[3] && out.empty())
        out.push_back(
            {"canonical-request", "the canonical requests differ (their hashes do not match)",
             "compare the canonical requests: pass yours with --canonical-request", true});
    return out;
}

std::vector<Finding> inspect_canonical_request(const CanonicalRequestParts& r) {
    std::vector<Finding> out;
    for (const auto& [name, value] : r.headers) {
        if (is_suspicious_header(name))
            out.push_back({"suspicious-header:" + name,
                           "'" + name +
                               "' is signed, but proxies, CDNs or HTTP clients add, drop "
                               "or rewrite it (or it belongs to a response)",
                           "do not sign '" + name + "'", true});
        if (value.empty())
            out.push_back({"header-value:" + name,
                           "'" + name +
                               "' is signed but the server saw it empty: it was dropped "
                               "on the way or sent without a value",
                           "send every signed header with the value that was signed", true});
        if (name == "host" && strip_port(value) != value)
            out.push_back({"host-port",
                           "the signed Host '" + value +
                               "' has a port: if the client signed it "
                               "without the port (or a proxy changed it) the signatures differ",
                           "include the port in Host only when it is not the scheme's default",
                           true});
    }
    if (r.path.find("%25") != std::string::npos)
        out.push_back({"path-encoding",
                       "the path holds %25 (a literal '%'): if the key has no '%', the path was "
                       "encoded twice",
                       "encode the key once", true});
    if (r.path.find("%2B") != std::string::npos)
        out.push_back({"path-encoding",
                       "the path holds %2B ('+'): a client that sends '+' raw or meant a space "
                       "signs something else",
                       "send '+' as %2B; encode spaces as %20", true});
    if (r.query.find("%2B") != std::string::npos)
        out.push_back({"query-encoding",
                       "the query holds %2B ('+'): if it was meant as a space (form encoding), "
                       "the client signed %20",
                       "encode spaces in the query as %20, never '+'", true});
    return out;
}

std::optional<std::string> decode_hex_bytes(std::string_view s) {
    std::string out;
    size_t i = 0;
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
            ++i;
            continue;
        }
        if (i + 1 >= s.size() || hex(s[i]) < 0 || hex(s[i + 1]) < 0) return std::nullopt;
        out += static_cast<char>(hex(s[i]) * 16 + hex(s[i + 1]));
        i += 2;
    }
    return out;
}

namespace {

std::string field(const ExplainInput& in, const std::string& name) {
    for (const auto& [k, v] : in.fields)
        if (k == name) return v;
    return {};
}

std::optional<int64_t> parse_any_time(const std::string& t) {
    if (auto a = sigv4::parse_amz_date(t)) return a->epoch_seconds;
    if (t.size() >= 19) {
        if (auto b = sigv4::parse_iso8601(t.substr(0, 19) + "Z")) return b->epoch_seconds;
    }
    if (auto c = sigv4::parse_http_date(t)) return *c;
    return std::nullopt;
}

bool valid_key_id_format(const std::string& id) {
    if (id.size() != 20 || !(starts_with(id, "AKIA") || starts_with(id, "ASIA"))) return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// HMAC of the server's string to sign with a given secret (scope read from the string).
std::string sign_with(const std::string& secret, const std::string& sts) {
    auto lines = split_lines(sts);
    if (lines.size() != 4) return {};
    std::vector<std::string> scope;
    size_t start = 0;
    for (int k = 0; k < 4; ++k) {
        size_t slash = lines[2].find('/', start);
        scope.push_back(lines[2].substr(start, slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    if (scope.size() < 3) return {};
    return sigv4::signature(sigv4::derive_signing_key(secret, scope[0], scope[1], scope[2]), sts);
}

void check_secret(const ExplainInput& in, std::vector<Finding>& out) {
    const auto& c = *in.local_credentials;
    const std::string key_in_body = field(in, "AWSAccessKeyId");
    if (!key_in_body.empty() && key_in_body != c.access_key_id) {
        out.push_back(
            {"signed-by-other-key",
             "the request was signed with access key " + key_in_body +
                 ", not with the local one (" + c.access_key_id + ")",
             "use the credentials of " + key_in_body + ", or sign with " + c.access_key_id, true});
        return;
    }
    const std::string& secret = c.secret_access_key;
    if (secret.find_first_of(" \t\r\n\"'") != std::string::npos)
        out.push_back({"secret-whitespace",
                       "the local secret access key contains whitespace, a newline or quotes",
                       "remove them (copy the secret again from the console or CSV)", true});
    if (!valid_key_id_format(c.access_key_id))
        out.push_back({"access-key-format",
                       "the access key id " + c.access_key_id +
                           " does not look like an AWS key id (AKIA or ASIA + 16 characters)",
                       "check the key id (other S3 services use other formats)", false});
    const std::string sts = field(in, "StringToSign");
    const std::string provided = field(in, "SignatureProvided");
    if (sts.empty() || provided.empty()) return;
    if (sign_with(secret, sts) == provided) {
        out.push_back({"secret-mismatch",
                       "the client signed exactly what the server expected, with the local "
                       "secret: the server holds a different secret for " +
                           c.access_key_id,
                       "get the current secret for this key (it may have been rotated)", true});
        return;
    }
    std::string trimmed = secret;
    trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n\"'"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r\n\"'") + 1);
    const std::pair<std::string, std::string> variants[] = {
        {trimmed + "\n", "a trailing newline"},      {trimmed + "\r\n", "a trailing CR LF"},
        {trimmed + " ", "a trailing space"},         {" " + trimmed, "a leading space"},
        {"\"" + trimmed + "\"", "quotes around it"}, {trimmed, "no surrounding whitespace"}};
    for (const auto& [variant, what] : variants) {
        if (variant != secret && sign_with(variant, sts) == provided) {
            out.push_back({"secret-whitespace",
                           "the client signed with the local secret plus " + what +
                               " (a copy from a file, console or CSV)",
                           "strip whitespace and quotes from the secret where the client reads it",
                           true});
            return;
        }
    }
}

std::string join_canonical_request(const CanonicalRequestParts& p) {
    std::string out = p.method + "\n" + p.path + "\n" + p.query + "\n";
    for (const auto& [k, v] : p.headers) out += k + ":" + v + "\n";
    return out + "\n" + p.signed_headers + "\n" + p.payload_hash;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
    return s;
}

// Latin-1 letters with their NFD decomposition (base letter + combining mark): enough to
// recognise the NFC/NFD mix-ups of accented keys without a Unicode library.
struct Decomposition {
    uint32_t precomposed;
    char base;
    uint32_t mark;
};
constexpr Decomposition kLatin1[] = {
    {0xC0, 'A', 0x300}, {0xC1, 'A', 0x301}, {0xC2, 'A', 0x302}, {0xC3, 'A', 0x303},
    {0xC4, 'A', 0x308}, {0xC5, 'A', 0x30A}, {0xC7, 'C', 0x327}, {0xC8, 'E', 0x300},
    {0xC9, 'E', 0x301}, {0xCA, 'E', 0x302}, {0xCB, 'E', 0x308}, {0xCC, 'I', 0x300},
    {0xCD, 'I', 0x301}, {0xCE, 'I', 0x302}, {0xCF, 'I', 0x308}, {0xD1, 'N', 0x303},
    {0xD2, 'O', 0x300}, {0xD3, 'O', 0x301}, {0xD4, 'O', 0x302}, {0xD5, 'O', 0x303},
    {0xD6, 'O', 0x308}, {0xD9, 'U', 0x300}, {0xDA, 'U', 0x301}, {0xDB, 'U', 0x302},
    {0xDC, 'U', 0x308}, {0xDD, 'Y', 0x301}, {0xE0, 'a', 0x300}, {0xE1, 'a', 0x301},
    {0xE2, 'a', 0x302}, {0xE3, 'a', 0x303}, {0xE4, 'a', 0x308}, {0xE5, 'a', 0x30A},
    {0xE7, 'c', 0x327}, {0xE8, 'e', 0x300}, {0xE9, 'e', 0x301}, {0xEA, 'e', 0x302},
    {0xEB, 'e', 0x308}, {0xEC, 'i', 0x300}, {0xED, 'i', 0x301}, {0xEE, 'i', 0x302},
    {0xEF, 'i', 0x308}, {0xF1, 'n', 0x303}, {0xF2, 'o', 0x300}, {0xF3, 'o', 0x301},
    {0xF4, 'o', 0x302}, {0xF5, 'o', 0x303}, {0xF6, 'o', 0x308}, {0xF9, 'u', 0x300},
    {0xFA, 'u', 0x301}, {0xFB, 'u', 0x302}, {0xFC, 'u', 0x308}, {0xFD, 'y', 0x301},
    {0xFF, 'y', 0x308},
};

std::string utf8(uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string to_nfd(const std::string& s) {
    std::string out = s;
    for (const auto& d : kLatin1)
        out = replace_all(out, utf8(d.precomposed), std::string(1, d.base) + utf8(d.mark));
    return out;
}

std::string to_nfc(const std::string& s) {
    std::string out = s;
    for (const auto& d : kLatin1)
        out = replace_all(out, std::string(1, d.base) + utf8(d.mark), utf8(d.precomposed));
    return out;
}

struct Hypothesis {
    Finding finding;
    CanonicalRequestParts client;  // what a client with that bug would have signed
};

// The mistakes clients make most, each applied to the server's canonical request.
std::vector<Hypothesis> hypotheses(const CanonicalRequestParts& server) {
    std::vector<Hypothesis> out;
    auto add = [&](Finding f, const std::function<void(CanonicalRequestParts&)>& mutate) {
        CanonicalRequestParts c = server;
        mutate(c);
        if (join_canonical_request(c) != join_canonical_request(server))
            out.push_back({std::move(f), std::move(c)});
    };
    for (const char* m : {"GET", "PUT", "HEAD", "DELETE", "POST"})
        add({"method",
             std::string("the client signed ") + m + " but sent " + server.method +
                 " (a presigned URL used with another method)",
             "sign or presign with the method you send", true},
            [m](CanonicalRequestParts& c) { c.method = m; });
    add({"path-encoding", "a '+' in the key was sent raw and the server read it as a space",
         "send '+' in a key as %2B", true},
        [](CanonicalRequestParts& c) { c.path = replace_all(c.path, "%20", "%2B"); });
    add({"path-encoding", "the client signed the path encoded twice ('%' became '%25')",
         "encode each byte of the key once; never encode an already encoded path", true},
        [](CanonicalRequestParts& c) { c.path = replace_all(c.path, "%", "%25"); });
    add({"path-encoding", "the client signed the path with '+' for spaces",
         "encode spaces in keys as %20", true},
        [](CanonicalRequestParts& c) { c.path = replace_all(c.path, "%2B", "%20"); });
    add({"path-encoding", "the client signed the key in Unicode NFD, the server got NFC",
         "normalise keys the same way (NFC) when signing and sending", true},
        [](CanonicalRequestParts& c) {
            c.path = sigv4::uri_encode(to_nfd(sigv4::uri_decode(c.path)), true);
        });
    add({"path-encoding", "the client signed the key in Unicode NFC, the server got NFD",
         "normalise keys the same way (NFC) when signing and sending", true},
        [](CanonicalRequestParts& c) {
            c.path = sigv4::uri_encode(to_nfc(sigv4::uri_decode(c.path)), true);
        });
    add({"query-encoding", "the client encoded a space in the query as '+' instead of %20",
         "encode spaces in query values as %20, never '+'", true},
        [](CanonicalRequestParts& c) { c.query = replace_all(c.query, "%20", "%2B"); });
    add({"query-encoding", "the client signed the query encoded twice",
         "encode each query name and value once", true},
        [](CanonicalRequestParts& c) { c.query = replace_all(c.query, "%", "%25"); });
    add({"host-port", "the client signed Host without the port the server received",
         "sign Host exactly as sent, port included when it is not the default", true},
        [](CanonicalRequestParts& c) {
            for (auto& [k, v] : c.headers)
                if (k == "host") v = strip_port(v);
        });
    // A Content-Type changed between signing and sending (a browser picking its own, a
    // charset appended): try the types uploads use most.
    for (const char* type :
         {"image/jpeg", "image/png", "image/webp", "image/gif", "text/plain", "application/json",
          "application/octet-stream", "text/html", "application/pdf", "video/mp4"}) {
        add({"header-value:content-type",
             std::string("the client signed Content-Type ") + type + " but sent another value",
             "send exactly the Content-Type that was signed (set it explicitly in fetch/XHR)",
             true},
            [type](CanonicalRequestParts& c) {
                for (auto& [k, v] : c.headers)
                    if (k == "content-type") v = type;
            });
    }
    add({"header-value:content-type", "a charset was added to Content-Type after signing",
         "send exactly the Content-Type that was signed", true},
        [](CanonicalRequestParts& c) {
            for (auto& [k, v] : c.headers)
                if (k == "content-type" && v.find(';') != std::string::npos)
                    v = v.substr(0, v.find(';'));
        });
    for (const std::string& hash :
         {std::string(sigv4::kUnsignedPayload), std::string(sigv4::kEmptySha256)})
        add({"payload-hash",
             "the client signed payload hash " + hash + " but sent " + server.payload_hash,
             "x-amz-content-sha256 must be the SHA-256 of the exact body (or UNSIGNED-PAYLOAD), "
             "the same in the header and the signature",
             true},
            [hash](CanonicalRequestParts& c) { c.payload_hash = hash; });
    return out;
}

}  // namespace

Explanation explain_error(const ExplainInput& in) {
    Explanation ex;
    auto& out = ex.findings;
    const std::string code = field(in, "Code");
    const std::string server_cr = field(in, "CanonicalRequest");
    const std::string server_sts = field(in, "StringToSign");

    // The body's own consistency: an edited or truncated copy misleads everything after.
    for (const auto& [text, bytes] :
         {std::pair<std::string, std::string>{"StringToSign", "StringToSignBytes"},
          {"CanonicalRequest", "CanonicalRequestBytes"}}) {
        const std::string b = field(in, bytes);
        if (b.empty()) continue;
        auto decoded = decode_hex_bytes(b);
        if (!decoded || *decoded != field(in, text))
            out.push_back(
                {"inconsistent-body",
                 bytes + " does not decode to " + text + " (the body was edited or truncated)",
                 "use the original, complete error body", true});
    }
    if (!server_cr.empty() && !server_sts.empty()) {
        auto lines = split_lines(server_sts);
        if (lines.size() == 4 && lines[3] != sigv4::sha256_hex(server_cr))
            out.push_back({"inconsistent-body",
                           "SHA-256 of CanonicalRequest is not the last line of StringToSign (the "
                           "body was edited, or whitespace was lost in a copy)",
                           "use the original, complete error body", true});
    }

    if (code == "RequestTimeTooSkewed") {
        auto rt = parse_any_time(field(in, "RequestTime")),
             st = parse_any_time(field(in, "ServerTime"));
        std::string skew = rt && st ? std::to_string(*rt - *st) + " s" : "an unknown amount";
        out.push_back({"clock-skew",
                       "the request time differs from the server's by " + skew + " (RequestTime " +
                           field(in, "RequestTime") + ", ServerTime " + field(in, "ServerTime") +
                           ")",
                       "synchronise the clock (NTP); s3v4 corrects skew by itself on retry", true});
    } else if (code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" ||
               code == "IllegalLocationConstraintException") {
        const std::string region = field(in, "Region");
        const std::string endpoint = field(in, "Endpoint");
        out.push_back(
            {"region",
             "the bucket is in another region" + (region.empty() ? std::string() : ": " + region) +
                 (endpoint.empty() ? std::string() : " (endpoint " + endpoint + ")"),
             region.empty() ? "address the bucket through " + endpoint : "use --region " + region,
             true});
    } else if (code == "XAmzContentSHA256Mismatch") {
        out.push_back({"payload-hash",
                       "the client declared SHA-256 " + field(in, "ClientComputedContentSHA256") +
                           " but the body's is " + field(in, "S3ComputedContentSHA256"),
                       "hash exactly the bytes sent (the body changed after hashing)", true});
    } else if (code == "AccessDenied" && field(in, "Message").find("xpired") != std::string::npos) {
        out.push_back({"expired", "the presigned URL has expired (" + field(in, "Message") + ")",
                       "presign a new URL", true});
    } else if (code == "InvalidAccessKeyId") {
        out.push_back({"signed-by-other-key",
                       "the endpoint does not know access key " + field(in, "AWSAccessKeyId"),
                       "check the key id and that the endpoint is the right one", true});
    }

    if (in.local_credentials) {
        check_secret(in, out);
        // Without the client's canonical request, confirm a guess: re-sign the server's
        // canonical request as a buggy client would have, and compare signatures.
        const bool secret_explained = std::any_of(out.begin(), out.end(), [](const Finding& f) {
            return f.code == "secret-mismatch" || f.code == "secret-whitespace" ||
                   f.code == "signed-by-other-key";
        });
        const std::string provided = field(in, "SignatureProvided");
        auto sts_lines = split_lines(server_sts);
        auto theirs = parse_canonical_request(server_cr);
        if (!secret_explained && !in.client_canonical_request && theirs && !provided.empty() &&
            sts_lines.size() == 4) {
            for (const auto& h : hypotheses(*theirs)) {
                const std::string cr = join_canonical_request(h.client);
                const std::string sts = sts_lines[0] + "\n" + sts_lines[1] + "\n" + sts_lines[2] +
                                        "\n" + sigv4::sha256_hex(cr);
                if (sign_with(in.local_credentials->secret_access_key, sts) == provided) {
                    Finding f = h.finding;
                    f.explanation += " (confirmed: signing that reproduces the client's signature)";
                    out.push_back(f);
                    ex.diff = line_diff(cr, server_cr);
                    break;
                }
            }
        }
    }

    if (in.client_canonical_request && !server_cr.empty()) {
        auto ours = parse_canonical_request(*in.client_canonical_request);
        auto theirs = parse_canonical_request(server_cr);
        ex.diff = line_diff(*in.client_canonical_request, server_cr);
        if (ours && theirs) {
            auto diffs = compare_canonical_requests(*ours, *theirs);
            out.insert(out.end(), diffs.begin(), diffs.end());
        }
    } else if (!server_cr.empty()) {
        if (auto theirs = parse_canonical_request(server_cr)) {
            auto found = inspect_canonical_request(*theirs);
            out.insert(out.end(), found.begin(), found.end());
        }
    }
    if (in.client_string_to_sign && !server_sts.empty()) {
        if (ex.diff.empty()) ex.diff = line_diff(*in.client_string_to_sign, server_sts);
        auto diffs = compare_strings_to_sign(*in.client_string_to_sign, server_sts);
        out.insert(out.end(), diffs.begin(), diffs.end());
    }
    if (!server_sts.empty()) {
        auto lines = split_lines(server_sts);
        if (lines.size() == 4) {
            const std::string scope = lines[2];
            const std::string date = scope.substr(0, scope.find('/'));
            const std::string rest = scope.substr(scope.find('/') + 1);
            const std::string region = rest.substr(0, rest.find('/'));
            if (in.expected_region && region != *in.expected_region)
                out.push_back({"region",
                               "the request was signed for region " + region +
                                   ", but the bucket is in " + *in.expected_region,
                               "sign with region " + *in.expected_region, true});
            auto server_time = parse_any_time(field(in, "ServerTime"));
            const int64_t reference = server_time ? *server_time : in.now;
            if (reference > 0) {
                auto sign_time = sigv4::parse_amz_date(lines[1]);
                if (date != lines[1].substr(0, 8))
                    out.push_back(
                        {"scope",
                         "the scope date " + date + " is not the date of X-Amz-Date " + lines[1],
                         "derive the scope date from X-Amz-Date", true});
                else if (sign_time && std::llabs(sign_time->epoch_seconds - reference) > 900)
                    out.push_back({"clock-skew",
                                   "the request was signed at " + lines[1] + ", " +
                                       std::to_string((sign_time->epoch_seconds - reference)) +
                                       " s from " + (server_time ? "the server's time" : "now"),
                                   "synchronise the clock (NTP); never reuse an old X-Amz-Date",
                                   true});
            }
        }
    }
    if (out.empty() && code == "SignatureDoesNotMatch")
        out.push_back({"unknown",
                       "the body holds no canonical request or string to sign to compare with",
                       "pass the client's own canonical request with --canonical-request (from "
                       "its debug log), or run the request with s3v4 --debug",
                       false});
    return ex;
}

}  // namespace s3v4::s3
