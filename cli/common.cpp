#include "common.hpp"

#include <ctime>
#include <iostream>

namespace s3v4::cli {

int exit_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return exit_usage;
        case ErrorKind::credentials:
            return exit_credentials;
        case ErrorKind::network:
            return exit_network;
        case ErrorKind::http_status:
            return exit_server;
        case ErrorKind::local_file:
            return exit_local_file;
        case ErrorKind::integrity:
            return exit_integrity;
    }
    return exit_usage;
}

void print_config_debug(const s3::Config& c) {
    std::cerr << "* credentials: access key id " << c.credentials.access_key_id << " from "
              << c.credentials_source
              << (c.credentials.session_token.empty() ? "" : " (with session token)") << "\n"
              << "* region: " << c.region << " (" << c.region_source << ")\n"
              << "* endpoint: " << c.endpoint.scheme << "://" << c.endpoint.authority() << " ("
              << c.endpoint_source << ")\n";
}

int report(const Error& e) {
    std::cerr << "s3v4: error: " << e.message << "\n";
    return exit_code(e.kind);
}

std::vector<FlagSpec> config_flags() {
    return {{"region", true},      {"endpoint", true},      {"profile", true}, {"env-file", true},
            {"path-style", false}, {"virtual-host", false}, {"debug", false},  {"help", false}};
}

Result<s3::ConfigInput> config_input(const Args& args) {
    s3::ConfigInput in;
    in.region = args.get("region");
    in.endpoint = args.get("endpoint");
    in.profile = args.get("profile");
    in.env_file = args.get("env-file");
    if (args.has("path-style") && args.has("virtual-host"))
        return usage_error("--path-style and --virtual-host exclude each other: pick one");
    if (args.has("path-style")) in.addressing = s3::Addressing::path_style;
    if (args.has("virtual-host")) in.addressing = s3::Addressing::virtual_host;
    return in;
}

Result<s3::Config> load_config_and_credentials(const Args& args) {
    auto input = config_input(args);
    if (!input) return input.error();
    auto config = s3::load_config(*input, s3::process_environment());
    if (!config) return config.error();
    if (auto st = s3::load_credentials(*config, *input); !st) return st.error();
    return config;
}

Result<sigv4::AmzTime> signing_time(const Args& args, const std::string& flag) {
    auto t = args.get(flag);
    if (!t) return sigv4::AmzTime{static_cast<int64_t>(std::time(nullptr))};
    auto parsed = sigv4::parse_amz_date(*t);
    if (!parsed)
        return usage_error("malformed --" + flag + " '" + *t +
                           "': write it as YYYYMMDDTHHMMSSZ, e.g. 20130524T000000Z");
    return *parsed;
}

Result<sigv4::Header> parse_header_flag(const std::string& text) {
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
        return usage_error("malformed --header '" + text + "': write it as 'Name: value'");
    sigv4::Header h{text.substr(0, colon), text.substr(colon + 1)};
    for (char c : text)
        if (c == '\r' || c == '\n' || c == '\0')
            return usage_error("--header '" + h.name +
                               "' contains a line break or NUL: header values must be one line");
    size_t b = h.value.find_first_not_of(" \t");
    h.value = b == std::string::npos ? "" : h.value.substr(b);
    for (char c : h.name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
            return usage_error("malformed --header name '" + h.name +
                               "': use letters, digits and '-'");
    return h;
}

Result<bool> yes_no(const Args& args, const std::string& flag, bool fallback) {
    auto v = args.get(flag);
    if (!v) return fallback;
    if (*v == "yes") return true;
    if (*v == "no") return false;
    return usage_error("--" + flag + " takes yes or no, not '" + *v + "'");
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

}  // namespace s3v4::cli
