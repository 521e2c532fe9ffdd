// Command-line parsing: --name value, --name=value, repeatable flags, positional args.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "s3v4/error.hpp"

namespace s3v4::cli {

struct FlagSpec {
    std::string name;  // without the leading "--"
    bool takes_value = false;
};

class Args {
  public:
    // Parses argv[first..]; an unknown flag is a usage error suggesting the nearest one.
    static Result<Args> parse(int argc, char** argv, int first, const std::vector<FlagSpec>& specs,
                              const std::string& command);

    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::optional<std::string> get(const std::string& name) const;  // the last one given
    std::vector<std::string> all(const std::string& name) const;
    const std::vector<std::string>& positional() const { return positional_; }

  private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positional_;
};

// The known name closest to an unknown one (edit distance), or "" when none is close.
std::string nearest(const std::string& unknown, const std::vector<std::string>& known);

}  // namespace s3v4::cli
