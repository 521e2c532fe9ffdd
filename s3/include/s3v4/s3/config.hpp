// Configuration and credentials, resolved the way aws-cli users expect:
// flags, then --env-file, then the environment, then ~/.aws/credentials and ~/.aws/config.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "s3v4/error.hpp"
#include "s3v4/s3/endpoint.hpp"
#include "s3v4/sigv4/signer.hpp"

namespace s3v4::s3 {

// Reads one environment variable (injectable, so tests need not touch the real one).
using Environment = std::function<std::optional<std::string>(const std::string&)>;
Environment process_environment();

// What the command line says explicitly; empty fields defer to the next source.
struct ConfigInput {
    std::optional<std::string> region, endpoint, profile, env_file;
    std::optional<sigv4::Credentials> credentials;
    Addressing addressing = Addressing::automatic;
};

struct Config {
    sigv4::Credentials credentials;
    std::string credentials_source;  // e.g. "environment", "env-file server/.env", "profile dev"
    std::string region, region_source;
    Endpoint endpoint;
    std::string endpoint_source;
    Addressing addressing = Addressing::automatic;
    std::string profile;

    // A setting such as S3_BUCKET: --env-file first, then the environment.
    std::optional<std::string> setting(const std::string& name) const;

    std::map<std::string, std::string> env_file_values;
    Environment environment;
};

// Resolves region and endpoint only (enough for commands that need no credentials).
Result<Config> load_config(const ConfigInput& input, const Environment& env);

// Fills in credentials; missing or malformed ones are a credentials error naming the fix.
Status load_credentials(Config& config, const ConfigInput& input);

// Parses a dotenv file: KEY=VALUE lines, optional "export", quotes, # comments.
Result<std::map<std::string, std::string>> parse_dotenv(std::string_view text,
                                                        const std::string& file_name);

// Parses an INI file (~/.aws/credentials, ~/.aws/config) into section -> key -> value.
using IniFile = std::map<std::string, std::map<std::string, std::string>>;
Result<IniFile> parse_ini(std::string_view text, const std::string& file_name);

}  // namespace s3v4::s3
