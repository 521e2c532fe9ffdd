#include "s3v4/s3/presigned_url.hpp"

#include <algorithm>

#include "s3v4/sigv4/amz_time.hpp"

namespace s3v4::s3 {

namespace {
std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t end = s.find(sep, start);
        out.push_back(s.substr(start, end - start));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}
}  // namespace

Result<PresignedUrlCheck> verify_presigned_url(std::string_view url, const std::string& method,
                                               const sigv4::Headers& headers,
                                               const sigv4::Credentials& creds, int64_t now) {
    size_t sep = url.find("://");
    if (sep == std::string_view::npos)
        return usage_error("'" + std::string(url) + "' is not a URL (no scheme)");
    std::string_view rest = url.substr(sep + 3);
    size_t slash = rest.find_first_of("/?");
    std::string authority(rest.substr(0, slash));
    std::string target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (target[0] == '?') target = "/" + target;
    size_t q = target.find('?');
    if (q == std::string::npos)
        return usage_error("the URL has no query string: it is not a presigned URL");
    const std::string path = target.substr(0, q), query = target.substr(q + 1);
    const std::string scheme(url.substr(0, sep));
    if ((scheme == "https" && authority.size() > 4 &&
         authority.substr(authority.size() - 4) == ":443") ||
        (scheme == "http" && authority.size() > 3 &&
         authority.substr(authority.size() - 3) == ":80"))
        authority.resize(authority.rfind(':'));

    std::string algorithm, credential, date, expires, signed_headers, signature, token;
    for (const auto& [name, value] : sigv4::parse_query(query)) {
        if (name == "X-Amz-Algorithm")
            algorithm = value;
        else if (name == "X-Amz-Credential")
            credential = value;
        else if (name == "X-Amz-Date")
            date = value;
        else if (name == "X-Amz-Expires")
            expires = value;
        else if (name == "X-Amz-SignedHeaders")
            signed_headers = value;
        else if (name == "X-Amz-Signature")
            signature = value;
        else if (name == "X-Amz-Security-Token")
            token = value;
    }
    if (algorithm.empty() || credential.empty() || date.empty() || signature.empty() ||
        signed_headers.empty())
        return usage_error(
            "the URL lacks X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, "
            "X-Amz-SignedHeaders or X-Amz-Signature: it is not a SigV4 presigned URL");
    if (algorithm != "AWS4-HMAC-SHA256")
        return usage_error("unsupported X-Amz-Algorithm '" + algorithm + "'");
    auto scope = split(credential, '/');
    if (scope.size() != 5 || scope[4] != "aws4_request")
        return usage_error("malformed X-Amz-Credential '" + credential +
                           "': expected KEY/DATE/REGION/SERVICE/aws4_request");
    auto time = sigv4::parse_amz_date(date);
    if (!time) return usage_error("malformed X-Amz-Date '" + date + "'");
    if (expires.empty() || expires.size() > 12 ||
        expires.find_first_not_of("0123456789") != std::string::npos)
        return usage_error("malformed or missing X-Amz-Expires '" + expires + "'");

    PresignedUrlCheck r;
    r.access_key_id = scope[0];
    r.region = scope[2];
    r.service = scope[3];
    r.amz_date = date;
    r.expires = std::stoll(expires);
    r.seconds_left = time->epoch_seconds + r.expires - now;
    for (const auto& h : split(signed_headers, ';'))
        if (h != "host") r.signed_headers.push_back(h);

    auto& f = r.findings;
    if (r.expires > sigv4::kMaxPresignExpiry)
        f.push_back({"expiry-too-long",
                     "X-Amz-Expires is " + expires + " s; S3 refuses more than 604800 s (7 days)",
                     "presign again with --expires 604800 or less", true});
    if (r.seconds_left < 0)
        f.push_back({"expired",
                     "the URL expired " + std::to_string(-r.seconds_left) + " s ago (signed " +
                         date + ", valid " + expires + " s)",
                     "presign a new URL", true});
    if (time->epoch_seconds > now + 900)
        f.push_back({"not-yet-valid",
                     "the URL was signed at " + date + ", " +
                         std::to_string(time->epoch_seconds - now) +
                         " s in the future: the signer's clock is ahead",
                     "synchronise the signing machine's clock (NTP)", true});
    if (scope[0] != creds.access_key_id)
        f.push_back({"signed-by-other-key",
                     "the URL was signed with access key " + scope[0] + ", not the local " +
                         creds.access_key_id,
                     "verify with the credentials of " + scope[0], true});

    sigv4::Request req;
    req.method = method;
    req.path = path;
    req.query = query;
    req.headers.push_back({"host", authority});
    for (const auto& name : r.signed_headers) {
        auto it = std::find_if(headers.begin(), headers.end(),
                               [&](const sigv4::Header& h) { return lower(h.name) == name; });
        if (it == headers.end()) {
            f.push_back({"header-missing:" + name,
                         "the URL signs '" + name +
                             "': whoever uses it must send that header "
                             "with the signed value",
                         "pass --header '" + name +
                             ": VALUE' to verify with the value that will "
                             "be sent",
                         true});
            continue;
        }
        req.headers.push_back(*it);
    }
    req.payload_hash = std::string(sigv4::kUnsignedPayload);
    sigv4::Credentials c = creds;
    c.session_token = token;
    sigv4::Settings settings = sigv4::settings_for(r.service, r.region);
    if (!token.empty()) settings.sign_session_token = true;
    auto computed =
        sigv4::presign_request(req, c, settings, *time,
                               std::max<int64_t>(1, std::min(r.expires, sigv4::kMaxPresignExpiry)));
    if (computed) {
        r.canonical_request = computed->canonical_request;
        const bool headers_complete = std::none_of(f.begin(), f.end(), [](const Finding& x) {
            return x.code.rfind("header-missing:", 0) == 0;
        });
        const bool comparable = headers_complete && r.expires <= sigv4::kMaxPresignExpiry &&
                                scope[0] == creds.access_key_id;
        std::string signed_method;
        if (computed->signature != signature && comparable) {
            // A URL used with the wrong method is the commonest cause: find the one it was for.
            for (const char* m : {"GET", "PUT", "HEAD", "DELETE", "POST"}) {
                sigv4::Request other = req;
                other.method = m;
                auto s = sigv4::presign_request(other, c, settings, *time, r.expires);
                if (s && s->signature == signature) signed_method = m;
            }
        }
        if (!signed_method.empty())
            f.push_back({"method", "the URL was presigned for " + signed_method + ", not " + method,
                         "send it with " + signed_method + ", or presign it for " + method, true});
        else if (computed->signature != signature && comparable)
            f.push_back({"signature",
                         "the signature does not match the URL as given (method " + method +
                             "): the URL was changed after signing, is used with another method, "
                             "or was signed with another secret",
                         "compare with the canonical request below; presign again", true});
    } else {
        f.push_back({"signature", computed.error().message, "", true});
    }
    r.valid = f.empty();
    return r;
}

}  // namespace s3v4::s3
