// s3v4 doctor [s3://BUCKET[/PREFIX]]: "test your S3 connection", made thorough.
#include <chrono>
#include <ctime>
#include <iostream>
#include <random>

#include "client_setup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "json.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::cli {

namespace {

struct Check {
    std::string name;
    bool ok;
    bool warning_only;  // shown with a mark but does not fail the run
    std::string detail;
};

class Report {
  public:
    explicit Report(bool json) : json_(json) {}
    void add(std::string name, bool ok, std::string detail, bool warning_only = false) {
        checks_.push_back({std::move(name), ok, warning_only, std::move(detail)});
        if (json_) return;
        const auto& c = checks_.back();
        std::cout << (c.ok             ? "\u2714 "
                      : c.warning_only ? "! "
                                       : "\u2718 ")
                  << c.name << (c.detail.empty() ? "" : ": " + c.detail) << "\n"
                  << std::flush;
    }
    bool all_ok() const {
        for (const auto& c : checks_)
            if (!c.ok && !c.warning_only) return false;
        return true;
    }
    void finish(const std::string& policy) const {
        if (!json_) {
            if (!policy.empty())
                std::cout << "\nA least-privilege policy for this bucket:\n" << policy << "\n";
            return;
        }
        std::cout << "{\"ok\":" << (all_ok() ? "true" : "false") << ",\"checks\":[";
        for (size_t i = 0; i < checks_.size(); ++i) {
            const auto& c = checks_[i];
            std::cout << (i ? "," : "") << "{\"name\":" << json_string(c.name)
                      << ",\"ok\":" << (c.ok ? "true" : "false")
                      << ",\"warning\":" << (c.warning_only && !c.ok ? "true" : "false")
                      << ",\"detail\":" << json_string(c.detail) << "}";
        }
        std::cout << "],\"policy\":" << json_string(policy) << "}\n";
    }

  private:
    bool json_;
    std::vector<Check> checks_;
};

std::string policy_for(const std::string& bucket) {
    return "{\n"
           "  \"Version\": \"2012-10-17\",\n"
           "  \"Statement\": [\n"
           "    {\"Effect\": \"Allow\", \"Action\": [\"s3:ListBucket\"],\n"
           "     \"Resource\": \"arn:aws:s3:::" +
           bucket +
           "\"},\n"
           "    {\"Effect\": \"Allow\", \"Action\": [\"s3:PutObject\", \"s3:GetObject\", "
           "\"s3:DeleteObject\"],\n"
           "     \"Resource\": \"arn:aws:s3:::" +
           bucket +
           "/*\"}\n"
           "  ]\n"
           "}";
}

bool has_bad_chars(const std::string& s) {
    return s.find_first_of(" \t\r\n\"'") != std::string::npos;
}

std::string header(const http::HeaderList& h, const std::string& name) {
    for (const auto& [k, v] : h)
        if (k == name) return v;
    return {};
}

}  // namespace

int doctor_command(int argc, char** argv) {
    auto specs = client_flags();
    specs.push_back({"json", false});
    auto args = Args::parse(argc, argv, 2, specs, "doctor");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("doctor");
    Report rep(args->has("json"));

    auto input = config_input(*args);
    if (!input) return report(input.error());
    auto config = s3::load_config(*input, s3::process_environment());
    if (!config) return report(config.error());

    std::string bucket, prefix;
    if (args->positional().size() > 1)
        return report(usage_error("doctor takes one s3://BUCKET[/PREFIX]"));
    if (!args->positional().empty()) {
        auto uri = s3::parse_s3_uri(args->positional()[0]);
        if (!uri) return report(uri.error());
        bucket = uri->bucket;
        prefix = uri->key;
    } else if (auto b = config->setting("S3_BUCKET")) {
        if (auto st = s3::check_bucket_name(*b); !st) return report(st.error());
        bucket = *b;
    } else {
        return report(usage_error("doctor needs s3://BUCKET (or S3_BUCKET) to test"));
    }
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';

    // 1. Credentials: found, and free of the characters that break every signature.
    auto cred = s3::load_credentials(*config, *input);
    const auto& c = config->credentials;
    if (c.access_key_id.empty() || c.secret_access_key.empty()) {
        rep.add("credentials", false, cred ? "incomplete" : cred.error().message);
        rep.finish("");
        return exit_credentials;
    }
    const bool aws = config->endpoint.is_aws;
    if (has_bad_chars(c.access_key_id) || has_bad_chars(c.secret_access_key) ||
        has_bad_chars(c.session_token)) {
        rep.add("credentials", false,
                std::string(has_bad_chars(c.access_key_id) ? "the access key id" : "the secret") +
                    " from " + config->credentials_source +
                    " contains whitespace, a newline or quotes: remove them (no request was sent)");
        rep.finish("");
        return exit_credentials;
    }
    rep.add("credentials", true, c.access_key_id + " from " + config->credentials_source);
    const bool id_format = c.access_key_id.size() == 20 && (c.access_key_id.rfind("AKIA", 0) == 0 ||
                                                            c.access_key_id.rfind("ASIA", 0) == 0);
    if (!id_format)
        rep.add("access key id format", false,
                c.access_key_id + " is not AKIA/ASIA + 16 characters" +
                    (aws ? "" : " (normal for non-AWS endpoints)"),
                !aws);
    if (c.secret_access_key.size() != 40)
        rep.add("secret length", false,
                std::to_string(c.secret_access_key.size()) + " characters, AWS secrets have 40" +
                    (aws ? "" : " (normal for non-AWS endpoints)"),
                !aws);
    if (c.access_key_id.rfind("ASIA", 0) == 0 && c.session_token.empty())
        rep.add("session token", false, "ASIA keys are temporary and need AWS_SESSION_TOKEN", !aws);

    // 2. Endpoint and reachability (the first request also probes ListBucket).
    const auto loc = s3::locate_bucket(config->endpoint, bucket, config->addressing);
    rep.add("endpoint", true,
            loc.url("") + " (" + (loc.virtual_host ? "virtual-hosted" : "path-style") +
                ", region " + config->region + " from " + config->region_source + ")");

    auto client = make_client(*args);
    if (!client) return report(client.error());
    auto& s3c = **client;
    std::vector<std::string> denied;

    s3::ListOptions lo;
    lo.prefix = prefix;
    lo.max_keys = 1;
    const auto t0 = std::chrono::steady_clock::now();
    auto list = s3c.list_objects_v2(bucket, lo);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    if (!list && list.error().kind == ErrorKind::network) {
        rep.add("reachable", false, list.error().message);
        rep.finish("");
        return exit_network;
    }
    rep.add("reachable", true, "HTTP answer in " + std::to_string(ms) + " ms");

    // 3. Clock against the server's Date header.
    const std::string date = header(s3c.last_response_headers(), "date");
    if (auto server = sigv4::parse_http_date(date)) {
        const long long skew = static_cast<long long>(std::time(nullptr)) - *server;
        const long long abs_skew = skew < 0 ? -skew : skew;
        rep.add(
            "clock", abs_skew <= 60,
            "local clock " + std::to_string(skew) + " s from the server's" +
                (abs_skew > 900 ? ": over 15 minutes, S3 refuses such requests; fix the clock (NTP)"
                 : abs_skew > 60 ? ": fix the clock (NTP) before it reaches 15 minutes"
                                 : ""),
            abs_skew <= 900);
    } else {
        rep.add("clock", false, "the server sent no Date header to compare with", true);
    }

    // 4. The bucket and its region.
    const std::string bucket_region = header(s3c.last_response_headers(), "x-amz-bucket-region");
    if (!list && (list.error().code == "NoSuchBucket")) {
        rep.add("bucket " + bucket, false,
                "NoSuchBucket: it does not exist at this endpoint; check "
                "the name, the region and the endpoint");
        rep.finish("");
        return exit_server;
    }
    if (!list && (list.error().code == "SignatureDoesNotMatch" ||
                  list.error().code == "InvalidAccessKeyId")) {
        rep.add("signature", false, list.error().message);
        rep.finish("");
        return exit_server;
    }
    if (!list && (list.error().code == "PermanentRedirect" ||
                  list.error().code == "AuthorizationHeaderMalformed")) {
        rep.add("region", false, list.error().message);
        rep.finish("");
        return exit_server;
    }
    if (!bucket_region.empty() && bucket_region != config->region)
        rep.add("region", false,
                "the bucket is in " + bucket_region + ", configured " + config->region +
                    ": set AWS_REGION=" + bucket_region);
    else
        rep.add("bucket " + bucket, true,
                "exists" + (bucket_region.empty() ? "" : " in " + bucket_region));

    // 5. Permissions, each through the operation that needs it.
    if (list) {
        rep.add("s3:ListBucket", true, "listed " + s3::s3_uri(bucket, prefix));
    } else {
        if (list.error().code == "AccessDenied") denied.push_back("s3:ListBucket");
        rep.add("s3:ListBucket", false, list.error().message);
    }

    std::mt19937_64 rng(std::random_device{}());
    char suffix[17];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(rng()));
    const std::string key = prefix + "s3v4-doctor-" + suffix + ".txt";
    const std::string content = "s3v4 doctor test object " + std::string(suffix) + "\n";
    http::MemorySource body(content);
    const std::string sha_hex = sigv4::sha256_hex(content);
    s3::PutOptions po;
    po.content_type = "text/plain";
    auto put = s3c.put_object(bucket, key, body, sha_hex, "", po);
    if (put) {
        rep.add("s3:PutObject", true, "wrote " + s3::s3_uri(bucket, key));
    } else {
        if (put.error().code == "AccessDenied") denied.push_back("s3:PutObject");
        rep.add("s3:PutObject", false, put.error().message);
    }

    if (put) {
        http::MemorySink got;
        auto get = s3c.get_object(bucket, key, got, {});
        if (!get) {
            if (get.error().code == "AccessDenied") denied.push_back("s3:GetObject");
            rep.add("s3:GetObject", false, get.error().message);
        } else {
            rep.add("s3:GetObject", got.data() == content,
                    got.data() == content ? "read back, bytes match" : "read back, bytes DIFFER");
        }
        // A presigned GET of the object, fetched over the same transport.
        sigv4::Request req;
        req.method = "GET";
        req.path = loc.object_path(key);
        req.headers = {{"host", loc.endpoint.authority()}};
        req.payload_hash = std::string(sigv4::kUnsignedPayload);
        auto pre =
            sigv4::presign_request(req, c, sigv4::settings_for("s3", config->region),
                                   sigv4::AmzTime{static_cast<int64_t>(std::time(nullptr))}, 300);
        if (pre) {
            auto fetched = s3c.fetch(loc.url(req.path + "?" + pre->query));
            const bool ok = fetched && fetched->status == 200 && fetched->body == content;
            rep.add("presigned GET", ok,
                    ok        ? "fetched, bytes match"
                    : fetched ? "HTTP " + std::to_string(fetched->status)
                              : fetched.error().message);
        }
        auto del = s3c.delete_object(bucket, key);
        if (del) {
            rep.add("s3:DeleteObject", true, "removed the test object (nothing left behind)");
        } else {
            if (del.error().code == "AccessDenied") denied.push_back("s3:DeleteObject");
            rep.add("s3:DeleteObject", false,
                    del.error().message + " (the test object " + s3::s3_uri(bucket, key) +
                        " is left behind)");
        }
    } else {
        rep.add("s3:GetObject", false, "not tested: the test object could not be written", true);
        // Delete is still probed, on a key that does not exist (S3 answers 204 when allowed).
        auto del = s3c.delete_object(bucket, key);
        if (!del && del.error().code == "AccessDenied") denied.push_back("s3:DeleteObject");
        rep.add("s3:DeleteObject", static_cast<bool>(del),
                del ? "allowed (probed on a key that does not exist)" : del.error().message);
    }

    std::string policy;
    if (!denied.empty()) {
        std::string names;
        for (const auto& d : denied) names += (names.empty() ? "" : ", ") + d;
        rep.add("permissions", false, "denied: " + names + "; grant them with the policy below");
        policy = policy_for(bucket);
    }
    rep.finish(policy);
    return rep.all_ok() ? exit_ok : exit_server;
}

}  // namespace s3v4::cli
