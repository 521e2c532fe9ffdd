#include "s3v4/sigv4/canonical_request.hpp"

namespace s3v4::sigv4 {

std::string canonical_request(std::string_view method, std::string_view uri, std::string_view query,
                              const CanonicalHeaders& headers, std::string_view payload_hash) {
    std::string out;
    out.reserve(method.size() + uri.size() + query.size() + headers.block.size() +
                headers.signed_headers.size() + payload_hash.size() + 5);
    out.append(method).append(1, '\n');                  // HTTPMethod
    out.append(uri).append(1, '\n');                     // CanonicalURI
    out.append(query).append(1, '\n');                   // CanonicalQueryString
    out.append(headers.block).append(1, '\n');           // CanonicalHeaders (each ends in \n)
    out.append(headers.signed_headers).append(1, '\n');  // SignedHeaders
    out.append(payload_hash);                            // HashedPayload
    return out;
}

}  // namespace s3v4::sigv4
