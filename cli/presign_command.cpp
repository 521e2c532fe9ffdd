// s3v4 presign: presigned URLs, offline, one or many (--stdin) per process.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/sigv4/presigner.hpp"
#include "s3v4/sigv4/signer.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

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

// Writes presigned URLs for one method, time, expiry and header set; the signing work
// shared by all URLs (and the bucket's location) is done once.
class UrlWriter {
  public:
    UrlWriter(const s3::Config& config, sigv4::Presigner presigner)
        : config_(config), presigner_(std::move(presigner)) {}

    // Appends "URL\n" to out, or returns why the key or bucket is refused.
    Status append(std::string& out, const std::string& bucket, std::string_view key) {
        if (auto st = s3::check_key(key); !st) return st;
        if (bucket != bucket_) {
            const auto loc = s3::locate_bucket(config_.endpoint, bucket, config_.addressing);
            bucket_ = bucket;
            authority_ = loc.endpoint.authority();
            origin_ = loc.url("");
            path_prefix_ = loc.path_prefix + "/";
        }
        path_.assign(path_prefix_);
        sigv4::append_uri_encoded(path_, key, /*keep_slash=*/true);
        out.append(origin_).append(path_).append(1, '?');
        presigner_.append_query(out, authority_, path_);
        out.append(1, '\n');
        if (debug)
            std::cerr << "* s3://" << bucket << "/" << key << " -> " << origin_ << path_
                      << "\n* canonical request:\n"
                      << presigner_.canonical_request(authority_, path_) << "\n* string to sign:\n"
                      << presigner_.string_to_sign(authority_, path_) << "\n";
        return Ok{};
    }

    bool debug = false;

  private:
    const s3::Config& config_;
    sigv4::Presigner presigner_;
    std::string bucket_, authority_, origin_, path_prefix_, path_;
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

    auto config = load_config_and_credentials(*args);
    if (!config) return report(config.error());
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

    auto presigner =
        sigv4::Presigner::create(config->credentials, sigv4::settings_for("s3", config->region),
                                 *time, *expires, method, headers);
    if (!presigner) return report(presigner.error());
    UrlWriter writer(*config, std::move(*presigner));
    writer.debug = args->has("debug");
    if (writer.debug) print_config_debug(*config);

    if (!from_stdin) {
        auto uri = s3::parse_s3_uri(pos[0]);
        if (!uri) return report(uri.error());
        std::string url;
        if (auto st = writer.append(url, uri->bucket, uri->key); !st) return report(st.error());
        std::fwrite(url.data(), 1, url.size(), stdout);
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

    // Lines are read in large blocks and URLs written in large blocks: at a microsecond
    // per URL, per-line stdio calls would cost more than the signing.
    int status = exit_ok;
    std::string out, pending, line_bucket;
    out.reserve(1 << 17);
    size_t number = 0;
    std::vector<char> buf(1 << 16);
    auto handle = [&](std::string_view line) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) return;
        Status st = Ok{};
        if (line.substr(0, 5) == "s3://") {
            auto uri = s3::parse_s3_uri(line);
            st = uri ? writer.append(out, uri->bucket, uri->key) : Status(uri.error());
        } else if (default_bucket.empty()) {
            st = usage_error("a bare key needs a bucket: pass s3://BUCKET or set S3_BUCKET");
        } else {
            st = writer.append(out, default_bucket, line);
        }
        if (!st) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
            std::fflush(stdout);
            std::cerr << "s3v4: line " << number << ": " << st.error().message << "\n";
            status = exit_server;  // 1: some lines failed
        }
        if (out.size() > (1 << 17) - 4096) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    };
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0) {
        size_t start = 0;
        for (size_t i = 0; i < n; ++i) {
            if (buf[i] != '\n') continue;
            if (pending.empty()) {
                handle(std::string_view(buf.data() + start, i - start));
            } else {
                pending.append(buf.data() + start, i - start);
                handle(pending);
                pending.clear();
            }
            start = i + 1;
        }
        pending.append(buf.data() + start, n - start);
    }
    if (!pending.empty()) handle(pending);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return status;
}

}  // namespace s3v4::cli
