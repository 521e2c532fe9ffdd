// Builds an S3 client from the command line: configuration, credentials, transport flags.
#pragma once

#include <memory>
#include <vector>

#include "args.hpp"
#include "s3v4/s3/client.hpp"

namespace s3v4::cli {

// The flags of every command that talks to S3 (config flags included).
std::vector<FlagSpec> client_flags();

// Resolves configuration and credentials, prints them under --debug, makes the client.
Result<std::unique_ptr<s3::Client>> make_client(const Args& args);

}  // namespace s3v4::cli
