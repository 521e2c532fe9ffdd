// What every command shares: exit statuses, error output, configuration flags.
#pragma once

#include <string>
#include <vector>

#include "args.hpp"
#include "s3v4/error.hpp"
#include "s3v4/s3/config.hpp"
#include "s3v4/sigv4/amz_time.hpp"
#include "s3v4/sigv4/canonical_request.hpp"

namespace s3v4::cli {

// Exit statuses, one per error kind, stable for scripts.
enum Exit : int {
    exit_ok = 0,
    exit_server = 1,  // the server answered with an error status
    exit_usage = 2,
    exit_credentials = 3,  // credentials or configuration
    exit_network = 4,      // no HTTP answer
    exit_local_file = 5,
    exit_integrity = 6,
};

int exit_code(ErrorKind kind);

// --debug: where the credentials, region and endpoint came from (never the secret).
void print_config_debug(const s3::Config& config);

// Prints "s3v4: error: MESSAGE" on stderr and returns the matching exit status.
int report(const Error& e);

// Flags shared by every command that talks to (or signs for) S3.
std::vector<FlagSpec> config_flags();

// Builds the configuration input from those flags.
Result<s3::ConfigInput> config_input(const Args& args);

// Configuration and credentials through the whole chain; a missing or malformed credential
// is an error (doctor and explain, which report them instead, use the two steps apart).
Result<s3::Config> load_config_and_credentials(const Args& args);

// --time YYYYMMDDTHHMMSSZ, else the clock.
Result<sigv4::AmzTime> signing_time(const Args& args, const std::string& flag = "time");

// "Name: value" from --header; CR, LF and NUL are refused.
Result<sigv4::Header> parse_header_flag(const std::string& text);

// yes/no flag values.
Result<bool> yes_no(const Args& args, const std::string& flag, bool fallback);

// Wraps a string in single quotes for a POSIX shell.
std::string shell_quote(const std::string& s);

}  // namespace s3v4::cli
