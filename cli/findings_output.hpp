// Prints diagnosis findings for people (one line each, code first) or as JSON.
#pragma once

#include <string>
#include <vector>

#include "s3v4/s3/diagnosis.hpp"

namespace s3v4::cli {

// "✘ CODE: explanation" then "  fix: ..." (notes get "•").
std::string format_findings(const std::vector<s3::Finding>& findings);

// [{"code":..,"problem":..,"explanation":..,"fix":..}, ...]
std::string findings_json(const std::vector<s3::Finding>& findings);

}  // namespace s3v4::cli
