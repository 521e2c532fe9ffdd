#include "client_setup.hpp"

#include <iostream>

#include "common.hpp"
#include "progress.hpp"

#include <unistd.h>
#include <memory>

namespace s3v4::cli {

std::vector<FlagSpec> client_flags() {
    auto f = config_flags();
    f.insert(f.end(), {{"connect-timeout", true},
                       {"stall-timeout", true},
                       {"timeout", true},
                       {"ca-bundle", true},
                       {"insecure", false},
                       {"max-attempts", true},
                       {"quiet", false},
                       {"no-progress", false}});
    return f;
}

namespace {
Result<long> seconds(const Args& args, const std::string& flag, long fallback) {
    auto v = args.get(flag);
    if (!v) return fallback;
    if (v->empty() || v->size() > 7 || v->find_first_not_of("0123456789") != std::string::npos)
        return usage_error("--" + flag + " takes a whole number, not '" + *v + "'");
    return std::stol(*v);
}
}  // namespace

Result<std::unique_ptr<s3::Client>> make_client(const Args& args) {
    auto config = load_config_and_credentials(args);
    if (!config) return config.error();

    s3::ClientOptions options;
    auto connect = seconds(args, "connect-timeout", 10);
    auto stall = seconds(args, "stall-timeout", 30);
    auto total = seconds(args, "timeout", 0);
    for (const auto* r : {&connect, &stall, &total})
        if (!*r) return r->error();
    options.http.connect_timeout_seconds = *connect;
    options.http.stall_timeout_seconds = *stall;
    options.http.total_timeout_seconds = *total;
    auto attempts = seconds(args, "max-attempts", 5);
    if (!attempts) return attempts.error();
    if (*attempts < 1 || *attempts > 20)
        return usage_error("--max-attempts takes 1 to 20 (1 = no retries), not " +
                           std::to_string(*attempts));
    options.max_attempts = static_cast<int>(*attempts);
    options.warn = [](const std::string& m) { std::cerr << "s3v4: warning: " << m << "\n"; };
    // A progress line only for people watching a terminal, never on pipes or in logs.
    if (!args.has("quiet") && !args.has("no-progress") && isatty(STDERR_FILENO)) {
        auto line = std::make_shared<ProgressLine>();
        options.http.progress = [line](uint64_t done, uint64_t expected) {
            line->update(done, expected);
        };
    }
    options.http.ca_bundle = args.get("ca-bundle").value_or("");
    options.http.insecure = args.has("insecure");
    if (options.http.insecure)
        std::cerr << "s3v4: warning: --insecure: TLS certificates are not verified; anyone on the "
                     "path can read and change this traffic\n";
    if (args.has("debug")) {
        options.debug = [](const std::string& line) { std::cerr << line << "\n"; };
        print_config_debug(*config);
    }
    return std::make_unique<s3::Client>(std::move(*config), std::move(options));
}

}  // namespace s3v4::cli
