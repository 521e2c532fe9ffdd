// s3v4 presign: presigned URLs, offline, one or many (--stdin) per process.
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::cli {

namespace {

Result<int64_t> parse_expiry(const std::string& text, const std::string& source) {
    if (text.empty() || text.size() > 12 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return usage_error(source + " '" + text +
                           "' is not a whole number of seconds: use 1 to 604800 (7 days)");
    const int64_t v = std::stoll(text);
    if (v < 1 || v > sigv4::kMaxPresignExpiry)
        return usage_error(source + " " + text +
                           " is out of range: a presigned URL must expire in 1 to 604800 seconds "
                           "(7 days)");
    return v;
}

struct Presigner {
    const s3::Config& config;
    sigv4::Settings settings;
    std::string method;
    sigv4::Headers extra_headers;
    sigv4::AmzTime time;
    int64_t expires;

    Result<std::string> url(const std::string& bucket, const std::string& key) const {
        if (auto st = s3::check_key(key); !st) return st.error();
        s3::BucketLocation loc = s3::locate_bucket(config.endpoint, bucket, config.addressing);
        sigv4::Request req;
        req.method = method;
        req.path = loc.object_path(key);
        req.headers.reserve(extra_headers.size() + 1);
        req.headers.push_back({"host", loc.endpoint.authority()});
        req.headers.insert(req.headers.end(), extra_headers.begin(), extra_headers.end());
        req.payload_hash = std::string(sigv4::kUnsignedPayload);
        auto s = sigv4::presign_request(req, config.credentials, settings, time, expires);
        if (!s) return s.error();
        std::string out = loc.url(req.path);
        out += '?';
        out += s->query;
        return out;
    }
};

}  // namespace

int presign_command(int argc, char** argv) {
    auto specs = config_flags();
    specs.insert(specs.end(), {{"method", true},
                               {"expires", true},
                               {"time", true},
                               {"header", true},
                               {"content-type", true},
                               {"stdin", false}});
    auto args = Args::parse(argc, argv, 2, specs, "presign");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("presign");

    const bool from_stdin = args->has("stdin");
    const auto& pos = args->positional();
    if (pos.size() > 1)
        return report(usage_error("presign takes one s3://BUCKET/KEY, got " +
                                  std::to_string(pos.size()) + " arguments"));
    if (!from_stdin && pos.empty())
        return report(usage_error("presign needs s3://BUCKET/KEY (or --stdin to read keys)"));

    std::string method = args->get("method").value_or("GET");
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (method != "GET" && method != "PUT" && method != "HEAD" && method != "DELETE")
        return report(
            usage_error("--method must be GET, PUT, HEAD or DELETE, not '" + method + "'"));

    auto input = config_input(*args);
    if (!input) return report(input.error());
    auto config = s3::load_config(*input, s3::process_environment());
    if (!config) return report(config.error());
    if (auto st = s3::load_credentials(*config, *input); !st) return report(st.error());
    auto time = signing_time(*args);
    if (!time) return report(time.error());

    Result<int64_t> expires = int64_t{3600};
    if (auto e = args->get("expires")) {
        expires = parse_expiry(*e, "--expires");
    } else if (auto env = config->setting("S3_PRESIGNED_URL_EXPIRY")) {
        expires = parse_expiry(*env, "S3_PRESIGNED_URL_EXPIRY");
    }
    if (!expires) return report(expires.error());

    sigv4::Headers headers;
    for (const auto& text : args->all("header")) {
        auto h = parse_header_flag(text);
        if (!h) return report(h.error());
        headers.push_back(*h);
    }
    if (auto ct = args->get("content-type")) {
        auto h = parse_header_flag("Content-Type: " + *ct);
        if (!h) return report(h.error());
        headers.push_back(*h);
    }

    Presigner presigner{*config, sigv4::settings_for("s3", config->region), method, headers, *time,
                        *expires};

    if (!from_stdin) {
        auto uri = s3::parse_s3_uri(pos[0]);
        if (!uri) return report(uri.error());
        auto url = presigner.url(uri->bucket, uri->key);
        if (!url) return report(url.error());
        std::cout << *url << "\n";
        return exit_ok;
    }

    // --stdin: the default bucket comes from the argument, else S3_BUCKET.
    std::string default_bucket;
    if (!pos.empty()) {
        auto uri = s3::parse_s3_uri(pos[0]);
        if (!uri) return report(uri.error());
        if (!uri->key.empty())
            return report(usage_error("with --stdin give only s3://BUCKET, not a key"));
        default_bucket = uri->bucket;
    } else if (auto b = config->setting("S3_BUCKET")) {
        if (auto st = s3::check_bucket_name(*b); !st) return report(st.error());
        default_bucket = *b;
    }

    int status = exit_ok;
    std::string line;
    std::string out;
    out.reserve(1 << 16);
    size_t number = 0;
    while (std::getline(std::cin, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        Result<std::string> url = std::string();
        if (line.compare(0, 5, "s3://") == 0) {
            auto uri = s3::parse_s3_uri(line);
            url = uri ? presigner.url(uri->bucket, uri->key) : Result<std::string>(uri.error());
        } else if (default_bucket.empty()) {
            url = usage_error("a bare key needs a bucket: pass s3://BUCKET or set S3_BUCKET");
        } else {
            url = presigner.url(default_bucket, line);
        }
        if (!url) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
            std::fflush(stdout);
            std::cerr << "s3v4: line " << number << ": " << url.error().message << "\n";
            status = exit_server;  // 1: some lines failed
            continue;
        }
        out += *url;
        out += '\n';
        if (out.size() > (1 << 16) - 2048) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return status;
}

}  // namespace s3v4::cli
