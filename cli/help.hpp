// Help texts: `s3v4 help`, `s3v4 COMMAND --help`.
#pragma once

#include <string>

namespace s3v4::cli {

// Prints the help of one command (or the overview for "") on stdout; returns 0, or 2 for
// an unknown command.
int print_help(const std::string& command);

}  // namespace s3v4::cli
