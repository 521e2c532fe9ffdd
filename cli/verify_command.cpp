// s3v4 verify URL: offline check of a presigned URL with the local secret.
#include <iostream>

#include "commands.hpp"
#include "common.hpp"
#include "findings_output.hpp"
#include "help.hpp"
#include "json.hpp"
#include "s3v4/s3/presigned_url.hpp"

namespace s3v4::cli {

int verify_command(int argc, char** argv) {
    auto specs = config_flags();
    specs.insert(specs.end(), {{"method", true}, {"header", true}, {"now", true}, {"json", false}});
    auto args = Args::parse(argc, argv, 2, specs, "verify");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("verify");
    if (args->positional().size() != 1) return report(usage_error("verify takes one URL"));
    std::string method = args->get("method").value_or("GET");
    for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    sigv4::Headers headers;
    for (const auto& text : args->all("header")) {
        auto h = parse_header_flag(text);
        if (!h) return report(h.error());
        headers.push_back(*h);
    }
    auto now = signing_time(*args, "now");
    if (!now) return report(now.error());
    auto config = load_config_and_credentials(*args);
    if (!config) return report(config.error());

    auto check = s3::verify_presigned_url(args->positional()[0], method, headers,
                                          config->credentials, now->epoch_seconds);
    if (!check) return report(check.error());
    const auto& c = *check;
    if (args->has("json")) {
        std::string must;
        for (const auto& h : c.signed_headers) must += (must.empty() ? "" : ",") + json_string(h);
        std::cout << "{\"valid\":" << (c.valid ? "true" : "false")
                  << ",\"access_key_id\":" << json_string(c.access_key_id)
                  << ",\"region\":" << json_string(c.region)
                  << ",\"amz_date\":" << json_string(c.amz_date) << ",\"expires\":" << c.expires
                  << ",\"seconds_left\":" << c.seconds_left << ",\"must_send_headers\":[" << must
                  << "],\"findings\":" << findings_json(c.findings)
                  << ",\"canonical_request\":" << json_string(c.canonical_request) << "}\n";
        return c.valid ? exit_ok : exit_server;
    }
    if (c.valid) {
        std::cout << "\u2714 valid: signed by " << c.access_key_id << " for " << c.region << "/"
                  << c.service << " at " << c.amz_date << ", expires in " << c.seconds_left
                  << " s\n";
    } else {
        std::cout << "\u2718 invalid\n" << format_findings(c.findings);
        if (!c.canonical_request.empty())
            std::cout << "checked against this canonical request:\n" << c.canonical_request << "\n";
    }
    if (!c.signed_headers.empty()) {
        std::cout << "whoever uses the URL must send these signed headers with the signed values:";
        for (const auto& h : c.signed_headers) std::cout << " " << h;
        std::cout << "\n";
    }
    return c.valid ? exit_ok : exit_server;
}

}  // namespace s3v4::cli
