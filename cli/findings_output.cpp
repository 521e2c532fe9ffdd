#include "findings_output.hpp"

#include "json.hpp"

namespace s3v4::cli {

std::string format_findings(const std::vector<s3::Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        out += (f.problem ? "\u2718 " : "\u2022 ") + f.code + ": " + f.explanation + "\n";
        if (!f.fix.empty()) out += "  fix: " + f.fix + "\n";
    }
    return out;
}

std::string findings_json(const std::vector<s3::Finding>& findings) {
    std::string out = "[";
    for (size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        if (i) out += ",";
        out += "{\"code\":" + json_string(f.code) +
               ",\"problem\":" + (f.problem ? "true" : "false") +
               ",\"explanation\":" + json_string(f.explanation) + ",\"fix\":" + json_string(f.fix) +
               "}";
    }
    return out + "]";
}

}  // namespace s3v4::cli
