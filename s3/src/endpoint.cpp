#include "s3v4/s3/endpoint.hpp"

#include <cctype>

#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::s3 {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool is_ip_address(std::string_view host) {
    if (!host.empty() && host.front() == '[') return true;  // IPv6 literal
    int dots = 0;
    for (char c : host) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}
int default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}
}  // namespace

std::string Endpoint::authority() const {
    if (port == 0 || port == default_port(scheme)) return host;
    return host + ":" + std::to_string(port);
}

Result<Endpoint> parse_endpoint(std::string_view url) {
    auto bad = [&](const std::string& why) {
        return Error{ErrorKind::credentials, "invalid endpoint '" + std::string(url) + "': " + why};
    };
    Endpoint e;
    size_t sep = url.find("://");
    if (sep == std::string_view::npos)
        return bad("it has no scheme; write it as http://HOST[:PORT] or https://HOST[:PORT]");
    e.scheme = std::string(url.substr(0, sep));
    for (char& c : e.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (e.scheme != "http" && e.scheme != "https") return bad("the scheme must be http or https");
    std::string_view rest = url.substr(sep + 3);
    size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (end != std::string_view::npos && rest.substr(end) != "/")
        return bad(
            "it has a path or query; give only scheme, host and port (the bucket goes "
            "in the s3:// URI)");
    if (authority.find('@') != std::string_view::npos)
        return bad("user info in the URL is not supported; use credentials instead");
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
        std::string_view port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string_view::npos)
            return bad("the port is not a number");
        e.port = std::stoi(std::string(port));
        if (e.port < 1 || e.port > 65535) return bad("the port must be 1-65535");
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) return bad("it has no host");
    for (char c : authority)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return bad("the host contains a space or a control character");
    const bool bracketed = authority.front() == '[';
    if (bracketed ? authority.back() != ']' || authority.size() < 3
                  : authority.find_first_of(":[]") != std::string_view::npos)
        return bad("an IPv6 address must be written in brackets, as http://[::1]:9000");
    e.host = std::string(authority);
    for (char& c : e.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    e.is_aws = ends_with(e.host, ".amazonaws.com");
    return e;
}

Endpoint aws_endpoint(std::string_view region) {
    Endpoint e;
    e.scheme = "https";
    e.host = "s3." + std::string(region) + ".amazonaws.com";
    e.is_aws = true;
    return e;
}

std::string BucketLocation::object_path(std::string_view key) const {
    std::string out = path_prefix;
    out += '/';
    sigv4::append_uri_encoded(out, key, /*keep_slash=*/true);
    return out;
}

std::string BucketLocation::url(std::string_view path_and_query) const {
    std::string out = endpoint.scheme + "://" + endpoint.authority();
    out.append(path_and_query);
    return out;
}

BucketLocation locate_bucket(const Endpoint& endpoint, std::string_view bucket, Addressing mode) {
    bool virtual_host = mode == Addressing::virtual_host;
    if (mode == Addressing::automatic) {
        const bool dots_over_tls =
            endpoint.scheme == "https" && bucket.find('.') != std::string_view::npos;
        virtual_host =
            !dots_over_tls && !is_ip_address(endpoint.host) && endpoint.host != "localhost";
    }
    BucketLocation loc;
    loc.endpoint = endpoint;
    loc.virtual_host = virtual_host;
    if (virtual_host) {
        loc.endpoint.host = std::string(bucket) + "." + endpoint.host;
    } else {
        loc.path_prefix = "/" + std::string(bucket);
    }
    return loc;
}

}  // namespace s3v4::s3
