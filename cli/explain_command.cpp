// s3v4 explain [ERROR_XML|-]: offline analysis of an S3 error body from any client.
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "findings_output.hpp"
#include "help.hpp"
#include "json.hpp"
#include "s3v4/s3/errors.hpp"

namespace s3v4::cli {

namespace {
Result<std::string> read_input(const std::string& path, const std::string& what) {
    std::stringstream ss;
    if (path == "-") {
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return Error{ErrorKind::local_file,
                     "cannot read " + what + " '" + path + "': check the path and permissions"};
    ss << f.rdbuf();
    return ss.str();
}

// Files saved from a debug log usually end in a newline the canonical request does not have.
std::string without_final_newline(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}
}  // namespace

int explain_command(int argc, char** argv) {
    auto specs = config_flags();
    specs.insert(
        specs.end(),
        {{"canonical-request", true}, {"string-to-sign", true}, {"now", true}, {"json", false}});
    auto args = Args::parse(argc, argv, 2, specs, "explain");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("explain");
    if (args->positional().size() > 1)
        return report(usage_error("explain takes one error body file (or - for stdin)"));
    const std::string source = args->positional().empty() ? "-" : args->positional()[0];
    auto body = read_input(source, "error body");
    if (!body) return report(body.error());
    auto fields = s3::parse_error_body(*body);
    if (!fields)
        return report(
            usage_error("the input is not an S3 error body (an XML <Error> document "
                        "with a <Code>): pass the response body S3 returned"));

    s3::ExplainInput in;
    in.fields = *fields;
    auto now = signing_time(*args, "now");
    if (!now) return report(now.error());
    in.now = now->epoch_seconds;
    in.expected_region = args->get("region");
    for (const auto& [flag, target] : {std::pair<const char*, std::optional<std::string>*>{
                                           "canonical-request", &in.client_canonical_request},
                                       {"string-to-sign", &in.client_string_to_sign}}) {
        if (auto path = args->get(flag)) {
            auto text = read_input(*path, std::string("--") + flag);
            if (!text) return report(text.error());
            *target = without_final_newline(*text);
        }
    }

    // The local credentials are optional here: without them the secret checks are skipped.
    std::string credential_note;
    auto input = config_input(*args);
    if (!input) return report(input.error());
    auto config = s3::load_config(*input, s3::process_environment());
    if (config) {
        auto st = s3::load_credentials(*config, *input);
        if (st || !config->credentials.access_key_id.empty()) {
            in.local_credentials = config->credentials;
            credential_note = "local credentials: " + config->credentials.access_key_id + " from " +
                              config->credentials_source;
        } else {
            credential_note =
                "no local credentials: secret checks skipped (" + st.error().message + ")";
        }
    }

    auto ex = s3::explain_error(in);
    std::string code, request_id;
    for (const auto& [k, v] : in.fields) {
        if (k == "Code") code = v;
        if (k == "RequestId") request_id = v;
    }
    if (args->has("json")) {
        std::cout << "{\"code\":" << json_string(code)
                  << ",\"request_id\":" << json_string(request_id)
                  << ",\"findings\":" << findings_json(ex.findings)
                  << ",\"diff\":" << json_string(ex.diff) << "}\n";
        return exit_ok;
    }
    std::cout << "S3 error " << code << (request_id.empty() ? "" : " (request " + request_id + ")")
              << "\n"
              << credential_note << "\n";
    if (!ex.diff.empty()) std::cout << "ours (-) against the server's (+):\n" << ex.diff;
    std::cout << format_findings(ex.findings);
    return exit_ok;
}

}  // namespace s3v4::cli
