#include "s3v4/sigv4/signer.hpp"

#include <algorithm>

#include "s3v4/sigv4/string_to_sign.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::sigv4 {

Settings settings_for(std::string_view service, std::string_view region) {
    Settings s;
    s.region = std::string(region);
    s.service = std::string(service);
    const bool s3 = service == "s3";
    s.normalize_path = !s3;
    s.double_encode = !s3;
    s.content_sha256_header = s3;
    return s;
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

// A value may contain an obsolete line fold (CRLF or LF followed by space or tab), which
// canonicalisation unfolds; any other CR, LF or NUL would let a value forge a header.
bool is_safe_header_value(std::string_view v) {
    for (size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c == '\0') return false;
        if (c == '\r' && (i + 1 >= v.size() || v[i + 1] != '\n')) return false;
        if (c == '\n' && (i + 1 >= v.size() || (v[i + 1] != ' ' && v[i + 1] != '\t'))) return false;
    }
    return true;
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

Status check_request(const Request& r) {
    if (r.method.empty() || !std::all_of(r.method.begin(), r.method.end(), is_token_char))
        return usage_error("invalid HTTP method '" + r.method +
                           "': use e.g. GET, PUT, HEAD, DELETE");
    bool has_host = false;
    for (const auto& h : r.headers) {
        if (h.name.empty() || !std::all_of(h.name.begin(), h.name.end(), is_token_char))
            return usage_error("invalid header name '" + h.name +
                               "': header names are letters, digits and -");
        if (!is_safe_header_value(h.value))
            return usage_error(
                "header '" + h.name +
                "' contains a CR, LF or NUL byte: remove line breaks from the value");
        has_host |= iequals(h.name, "host");
    }
    if (!has_host) return usage_error("the request has no Host header: SigV4 always signs Host");
    for (char c : r.path)
        if (c == '\0' || c == '\r' || c == '\n')
            return usage_error("the path contains a CR, LF or NUL byte");
    return Ok{};
}

// Drops headers the signer sets itself, so a request can be signed again (a retry, or a
// suite request that already carries them) without sending two conflicting copies.
std::vector<HeaderView> without_auth_headers(const Headers& in, const Settings& s, bool has_token) {
    std::vector<HeaderView> out;
    out.reserve(in.size() + 3);
    for (const auto& h : in) {
        if (iequals(h.name, "x-amz-date") || iequals(h.name, "authorization")) continue;
        if (s.content_sha256_header && iequals(h.name, "x-amz-content-sha256")) continue;
        if (has_token && iequals(h.name, "x-amz-security-token")) continue;
        out.push_back({h.name, h.value});
    }
    return out;
}

std::string payload_hash_or_empty(const Request& r) {
    return r.payload_hash.empty() ? std::string(kEmptySha256) : r.payload_hash;
}

bool is_auth_query_param(std::string_view name) {
    return name == "X-Amz-Algorithm" || name == "X-Amz-Credential" || name == "X-Amz-Date" ||
           name == "X-Amz-Expires" || name == "X-Amz-SignedHeaders" ||
           name == "X-Amz-Security-Token" || name == "X-Amz-Signature";
}

}  // namespace

Status check_credentials(const Credentials& c) {
    if (c.access_key_id.empty())
        return Error{ErrorKind::credentials,
                     "no access key id: set AWS_ACCESS_KEY_ID or configure a profile"};
    if (c.secret_access_key.empty())
        return Error{ErrorKind::credentials,
                     "no secret access key: set AWS_SECRET_ACCESS_KEY or configure a profile"};
    auto has_space = [](const std::string& s) {
        return std::any_of(s.begin(), s.end(), [](char ch) {
            return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\0';
        });
    };
    if (has_space(c.access_key_id))
        return Error{ErrorKind::credentials,
                     "the access key id '" + c.access_key_id +
                         "' contains whitespace or a newline: copy it again without them"};
    if (has_space(c.secret_access_key))
        return Error{ErrorKind::credentials,
                     "the secret access key for " + c.access_key_id +
                         " contains whitespace or a newline (often a trailing newline from a "
                         "file or a console copy): remove it"};
    if (has_space(c.session_token))
        return Error{ErrorKind::credentials,
                     "the session token contains whitespace or a newline: remove it"};
    return Ok{};
}

std::string authorization_header(std::string_view access_key_id, const Signed& s) {
    std::string out;
    out.reserve(200);
    out.append(kAlgorithm).append(" Credential=").append(access_key_id).append(1, '/');
    out.append(s.credential_scope).append(", SignedHeaders=").append(s.signed_headers);
    out.append(", Signature=").append(s.signature);
    return out;
}

Result<Signed> sign_request(const Request& request, const Credentials& creds,
                            const Settings& settings, AmzTime time) {
    if (auto st = check_credentials(creds); !st) return st.error();
    if (auto st = check_request(request); !st) return st.error();

    Signed out;
    out.amz_date = time.amz_date();
    const std::string date = out.amz_date.substr(0, 8);
    out.credential_scope = credential_scope(date, settings.region, settings.service);
    const std::string payload_hash = payload_hash_or_empty(request);
    const bool has_token = !creds.session_token.empty();

    std::vector<HeaderView> headers = without_auth_headers(request.headers, settings, has_token);
    headers.push_back({"x-amz-date", out.amz_date});
    out.headers_to_add.push_back({"X-Amz-Date", out.amz_date});
    if (settings.content_sha256_header) {
        headers.push_back({"x-amz-content-sha256", payload_hash});
        out.headers_to_add.push_back({"x-amz-content-sha256", payload_hash});
    }
    if (has_token) {
        if (settings.sign_session_token)
            headers.push_back({"x-amz-security-token", creds.session_token});
        out.headers_to_add.push_back({"X-Amz-Security-Token", creds.session_token});
    }

    CanonicalHeaders ch = canonical_headers(headers);
    out.signed_headers = ch.signed_headers;
    out.canonical_request = canonical_request(
        request.method,
        canonical_uri(request.path, settings.normalize_path, settings.double_encode),
        canonical_query(parse_query(request.query)), ch, payload_hash);
    out.string_to_sign = string_to_sign(out.amz_date, out.credential_scope, out.canonical_request);
    out.signature =
        signature(signing_key(creds.secret_access_key, date, settings.region, settings.service),
                  out.string_to_sign);
    out.headers_to_add.push_back({"Authorization", authorization_header(creds.access_key_id, out)});
    return out;
}

Result<Signed> presign_request(const Request& request, const Credentials& creds,
                               const Settings& settings, AmzTime time, int64_t expires) {
    if (expires < 1 || expires > kMaxPresignExpiry)
        return usage_error("expiry " + std::to_string(expires) +
                           " s is out of range: a presigned URL must expire in 1 to 604800 "
                           "seconds (7 days); use a shorter expiry");
    if (auto st = check_credentials(creds); !st) return st.error();
    if (auto st = check_request(request); !st) return st.error();

    Signed out;
    out.amz_date = time.amz_date();
    const std::string date = out.amz_date.substr(0, 8);
    out.credential_scope = credential_scope(date, settings.region, settings.service);
    const bool has_token = !creds.session_token.empty();

    CanonicalHeaders ch = canonical_headers(request.headers);
    out.signed_headers = ch.signed_headers;

    auto params = parse_query(request.query);
    params.erase(std::remove_if(params.begin(), params.end(),
                                [](const auto& p) { return is_auth_query_param(p.first); }),
                 params.end());
    const bool sign_token = has_token && settings.sign_session_token;
    std::string query;
    if (params.empty()) {
        // The usual presign: only the auth parameters, whose names are already in canonical
        // (byte) order, so they are written straight out instead of sorted.
        query.reserve(256 + creds.session_token.size());
        query.append("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
        append_uri_encoded(query, creds.access_key_id);
        query.append("%2F");
        append_uri_encoded(query, out.credential_scope);
        query.append("&X-Amz-Date=").append(out.amz_date);
        query.append("&X-Amz-Expires=").append(std::to_string(expires));
        if (sign_token) {
            query.append("&X-Amz-Security-Token=");
            append_uri_encoded(query, creds.session_token);
        }
        query.append("&X-Amz-SignedHeaders=");
        append_uri_encoded(query, ch.signed_headers);
    } else {
        params.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
        params.emplace_back("X-Amz-Credential", creds.access_key_id + "/" + out.credential_scope);
        params.emplace_back("X-Amz-Date", out.amz_date);
        params.emplace_back("X-Amz-Expires", std::to_string(expires));
        params.emplace_back("X-Amz-SignedHeaders", ch.signed_headers);
        if (sign_token) params.emplace_back("X-Amz-Security-Token", creds.session_token);
        query = canonical_query(std::move(params));
    }

    out.canonical_request = canonical_request(
        request.method,
        canonical_uri(request.path, settings.normalize_path, settings.double_encode), query, ch,
        payload_hash_or_empty(request));
    out.string_to_sign = string_to_sign(out.amz_date, out.credential_scope, out.canonical_request);
    out.signature =
        signature(signing_key(creds.secret_access_key, date, settings.region, settings.service),
                  out.string_to_sign);

    out.query = query;
    if (has_token && !settings.sign_session_token) {
        out.query += "&X-Amz-Security-Token=";
        append_uri_encoded(out.query, creds.session_token);
    }
    out.query += "&X-Amz-Signature=";
    out.query += out.signature;
    return out;
}

}  // namespace s3v4::sigv4
