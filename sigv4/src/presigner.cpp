#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "s3v4/sigv4/presigner.hpp"

#include <openssl/sha.h>
#include <algorithm>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/string_to_sign.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::sigv4 {

Result<Presigner> Presigner::create(const Credentials& creds, const Settings& settings,
                                    AmzTime time, int64_t expires, std::string method,
                                    const Headers& extra_headers) {
    // presign_request validates everything (expiry, credentials, header bytes) and builds
    // the query once; the per-URL work below reuses its pieces.
    Request probe;
    probe.method = method;
    probe.path = "/";
    probe.headers = extra_headers;
    probe.headers.push_back({"host", "h"});
    probe.payload_hash = std::string(kUnsignedPayload);
    for (const auto& h : extra_headers) {
        std::string lower = h.name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower == "host") return usage_error("Host is set per URL: do not pass it as a header");
    }
    auto probe_signed = presign_request(probe, creds, settings, time, expires);
    if (!probe_signed) return probe_signed.error();
    const Signed& s = *probe_signed;

    Presigner p;
    p.key_ = signing_key(creds.secret_access_key, s.amz_date.substr(0, 8), settings.region,
                         settings.service);
    p.method_line_ = method + "\n";
    p.query_ = s.query.substr(0, s.query.rfind("&X-Amz-Signature="));
    // Split the canonical headers of the probe around its host line.
    const std::string block = canonical_headers(probe.headers).block;
    const size_t host_at = block.find("host:h\n");
    p.headers_before_ = block.substr(0, host_at);
    p.tail_ =
        block.substr(host_at + 7) + "\n" + s.signed_headers + "\n" + std::string(kUnsignedPayload);
    p.sts_prefix_ = std::string(kAlgorithm) + "\n" + s.amz_date + "\n" + s.credential_scope + "\n";
    p.sts_.reserve(p.sts_prefix_.size() + 64);
    return p;
}

std::string Presigner::canonical_request(std::string_view host,
                                         std::string_view canonical_path) const {
    std::string out = method_line_;
    out.append(canonical_path).append(1, '\n').append(query_).append(1, '\n');
    out.append(headers_before_).append("host:").append(host).append(1, '\n').append(tail_);
    return out;
}

std::string Presigner::string_to_sign(std::string_view host,
                                      std::string_view canonical_path) const {
    return sts_prefix_ + sha256_hex(canonical_request(host, canonical_path));
}

void Presigner::append_query(std::string& out, std::string_view host,
                             std::string_view canonical_path) {
    // Hash the canonical request piece by piece, never building it.
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, method_line_.data(), method_line_.size());
    SHA256_Update(&ctx, canonical_path.data(), canonical_path.size());
    SHA256_Update(&ctx, "\n", 1);
    SHA256_Update(&ctx, query_.data(), query_.size());
    SHA256_Update(&ctx, "\n", 1);
    SHA256_Update(&ctx, headers_before_.data(), headers_before_.size());
    SHA256_Update(&ctx, "host:", 5);
    SHA256_Update(&ctx, host.data(), host.size());
    SHA256_Update(&ctx, "\n", 1);
    SHA256_Update(&ctx, tail_.data(), tail_.size());
    Digest cr_hash;
    SHA256_Final(cr_hash.data(), &ctx);

    sts_.assign(sts_prefix_);
    append_hex(sts_, cr_hash);
    const Digest sig = key_.mac(sts_);

    out.append(query_);
    out.append("&X-Amz-Signature=");
    append_hex(out, sig);
}

}  // namespace s3v4::sigv4
