#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"

namespace {

struct Command {
    const char* name;
    int (*run)(int, char**);
};

const Command kCommands[] = {
    {"sign", s3v4::cli::sign_command},       {"presign", s3v4::cli::presign_command},
    {"put", s3v4::cli::put_command},         {"get", s3v4::cli::get_command},
    {"rm", s3v4::cli::rm_command},           {"ls", s3v4::cli::ls_command},
    {"explain", s3v4::cli::explain_command}, {"verify", s3v4::cli::verify_command},
    {"doctor", s3v4::cli::doctor_command},
};

}  // namespace

int main(int argc, char** argv) {
    using namespace s3v4::cli;
    if (argc < 2) {
        print_help("");
        return exit_usage;
    }
    const std::string cmd = argv[1];
    if (cmd == "--version" || cmd == "version") {
        std::cout << "s3v4 " << S3V4_VERSION << "\n";
        return exit_ok;
    }
    if (cmd == "help" || cmd == "--help" || cmd == "-h") return print_help(argc > 2 ? argv[2] : "");
    for (const auto& c : kCommands)
        if (cmd == c.name) return c.run(argc, argv);
    std::vector<std::string> names;
    for (const auto& c : kCommands) names.push_back(c.name);
    const std::string hint = nearest(cmd, names);
    std::cerr << "s3v4: error: unknown command '" << cmd << "'"
              << (hint.empty() ? "" : ": did you mean '" + hint + "'?") << " (see s3v4 help)\n";
    return exit_usage;
}
