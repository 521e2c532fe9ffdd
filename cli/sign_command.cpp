// s3v4 sign: signs an arbitrary HTTP request offline and prints what was computed.
#include <strings.h>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "json.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::cli {

namespace {

struct ParsedUrl {
    std::string scheme, authority, path, query;
};

// The URL is taken as the text that goes on the wire: escapes are kept, and a raw space or
// raw UTF-8 in the path is allowed (the signer encodes it).
Result<ParsedUrl> parse_url(const std::string& url) {
    ParsedUrl u;
    size_t sep = url.find("://");
    if (sep == std::string::npos)
        return usage_error("--url '" + url + "' has no scheme: write https://HOST/PATH");
    u.scheme = url.substr(0, sep);
    std::string rest = url.substr(sep + 3);
    if (size_t hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
    size_t slash = rest.find_first_of("/?");
    u.authority = rest.substr(0, slash);
    if (u.authority.empty()) return usage_error("--url '" + url + "' has no host");
    std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
    if (target[0] == '?') target = "/" + target;
    size_t q = target.find('?');
    u.path = target.substr(0, q);
    if (q != std::string::npos) u.query = target.substr(q + 1);
    // Host header: the port is part of it unless it is the scheme's default.
    if ((u.scheme == "https" && u.authority.size() > 4 &&
         u.authority.compare(u.authority.size() - 4, 4, ":443") == 0) ||
        (u.scheme == "http" && u.authority.size() > 3 &&
         u.authority.compare(u.authority.size() - 3, 3, ":80") == 0))
        u.authority.resize(u.authority.rfind(':'));
    return u;
}

Result<std::string> hash_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return Error{ErrorKind::local_file,
                     "cannot read --body-file '" + path + "': check the path and permissions"};
    sigv4::Sha256 h;
    char buf[1 << 16];
    while (f) {
        f.read(buf, sizeof buf);
        h.update(buf, static_cast<size_t>(f.gcount()));
    }
    if (f.bad()) return Error{ErrorKind::local_file, "error reading --body-file '" + path + "'"};
    return sigv4::to_hex(h.finish());
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

int sign_command(int argc, char** argv) {
    auto specs = config_flags();
    specs.insert(specs.end(), {{"method", true},
                               {"url", true},
                               {"header", true},
                               {"body-file", true},
                               {"payload-hash", true},
                               {"unsigned-payload", false},
                               {"service", true},
                               {"time", true},
                               {"print", true},
                               {"normalize-path", true},
                               {"double-encode", true},
                               {"content-sha256-header", true},
                               {"json", false}});
    auto args = Args::parse(argc, argv, 2, specs, "sign");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("sign");
    if (!args->positional().empty())
        return report(usage_error("unexpected argument '" + args->positional()[0] +
                                  "': sign takes --method and --url"));

    auto method = args->get("method");
    auto url_text = args->get("url");
    if (!method || !url_text)
        return report(usage_error("sign needs --method METHOD and --url URL"));
    auto url = parse_url(*url_text);
    if (!url) return report(url.error());

    const std::string print = args->get("print").value_or("headers");
    if (print != "headers" && print != "canonical-request" && print != "string-to-sign" &&
        print != "signature" && print != "curl")
        return report(
            usage_error("--print takes headers, canonical-request, string-to-sign, "
                        "signature or curl, not '" +
                        print + "'"));

    int payload_choices =
        args->has("body-file") + args->has("payload-hash") + args->has("unsigned-payload");
    if (payload_choices > 1)
        return report(
            usage_error("give only one of --body-file, --payload-hash and --unsigned-payload"));

    auto config = load_config_and_credentials(*args);
    if (!config) return report(config.error());
    auto time = signing_time(*args);
    if (!time) return report(time.error());

    const std::string service = args->get("service").value_or("s3");
    sigv4::Settings settings = sigv4::settings_for(service, config->region);
    auto normalize = yes_no(*args, "normalize-path", settings.normalize_path);
    auto double_encode = yes_no(*args, "double-encode", settings.double_encode);
    auto sha_header = yes_no(*args, "content-sha256-header", settings.content_sha256_header);
    for (const auto* r : {&normalize, &double_encode, &sha_header})
        if (!*r) return report(r->error());
    settings.normalize_path = *normalize;
    settings.double_encode = *double_encode;
    settings.content_sha256_header = *sha_header;

    sigv4::Request req;
    req.method = *method;
    req.path = url->path;
    req.query = url->query;
    bool has_host = false;
    for (const auto& text : args->all("header")) {
        auto h = parse_header_flag(text);
        if (!h) return report(h.error());
        has_host |= strcasecmp(h->name.c_str(), "host") == 0;
        req.headers.push_back(*h);
    }
    if (!has_host) req.headers.insert(req.headers.begin(), {"Host", url->authority});

    if (auto file = args->get("body-file")) {
        auto h = hash_file(*file);
        if (!h) return report(h.error());
        req.payload_hash = *h;
    } else if (auto hash = args->get("payload-hash")) {
        if (!is_hex64(*hash))
            return report(
                usage_error("--payload-hash must be 64 lower-case hex characters "
                            "(the SHA-256 of the body)"));
        req.payload_hash = *hash;
    } else if (args->has("unsigned-payload")) {
        req.payload_hash = std::string(sigv4::kUnsignedPayload);
    }

    auto s = sigv4::sign_request(req, config->credentials, settings, *time);
    if (!s) return report(s.error());
    if (args->has("debug")) {
        print_config_debug(*config);
        std::cerr << "* canonical request:\n"
                  << s->canonical_request << "\n* string to sign:\n"
                  << s->string_to_sign << "\n";
    }

    if (args->has("json")) {
        std::string headers;
        for (const auto& h : s->headers_to_add)
            headers +=
                (headers.empty() ? "" : ",") + json_string(h.name) + ":" + json_string(h.value);
        std::cout << "{\"canonical_request\":" << json_string(s->canonical_request)
                  << ",\"string_to_sign\":" << json_string(s->string_to_sign)
                  << ",\"signature\":" << json_string(s->signature)
                  << ",\"credential_scope\":" << json_string(s->credential_scope)
                  << ",\"signed_headers\":" << json_string(s->signed_headers)
                  << ",\"amz_date\":" << json_string(s->amz_date) << ",\"headers\":{" << headers
                  << "}}\n";
        return exit_ok;
    }
    if (print == "canonical-request") {
        std::cout << s->canonical_request << "\n";
    } else if (print == "string-to-sign") {
        std::cout << s->string_to_sign << "\n";
    } else if (print == "signature") {
        std::cout << s->signature << "\n";
    } else if (print == "headers") {
        for (const auto& h : s->headers_to_add) std::cout << h.name << ": " << h.value << "\n";
    } else {
        // --path-as-is: curl would otherwise squash ./ and ../ and break the signature.
        std::cout << "curl --path-as-is -X " << shell_quote(req.method) << " "
                  << shell_quote(*url_text);
        for (const auto& h : req.headers)
            std::cout << " -H " << shell_quote(h.name + ": " + h.value);
        for (const auto& h : s->headers_to_add)
            std::cout << " -H " << shell_quote(h.name + ": " + h.value);
        if (auto file = args->get("body-file"))
            std::cout << " --data-binary @" << shell_quote(*file);
        std::cout << "\n";
    }
    return exit_ok;
}

}  // namespace s3v4::cli
