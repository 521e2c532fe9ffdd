#include "args.hpp"

#include <algorithm>

namespace s3v4::cli {

std::string nearest(const std::string& unknown, const std::vector<std::string>& known) {
    std::string best;
    size_t best_distance = std::max<size_t>(3, unknown.size() / 3) + 1;
    for (const auto& k : known) {
        // Levenshtein distance with two rows.
        std::vector<size_t> prev(k.size() + 1), cur(k.size() + 1);
        for (size_t j = 0; j <= k.size(); ++j) prev[j] = j;
        for (size_t i = 1; i <= unknown.size(); ++i) {
            cur[0] = i;
            for (size_t j = 1; j <= k.size(); ++j)
                cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                                   prev[j - 1] + (unknown[i - 1] == k[j - 1] ? 0 : 1)});
            std::swap(prev, cur);
        }
        const bool prefix = k.rfind(unknown, 0) == 0 && !unknown.empty();
        const size_t d = prefix ? 1 : prev[k.size()];
        if (d < best_distance) {
            best_distance = d;
            best = k;
        }
    }
    return best;
}

Result<Args> Args::parse(int argc, char** argv, int first, const std::vector<FlagSpec>& specs,
                         const std::string& command) {
    Args out;
    bool only_positional = false;
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (only_positional || a.size() < 2 || a.compare(0, 2, "--") != 0) {
            // A lone "-" is stdin/stdout, not a flag.
            if (!only_positional && a.size() > 1 && a[0] == '-' && a != "-")
                return usage_error("unknown option '" + a + "' for '" + command +
                                   "': options are written --name (see s3v4 " + command +
                                   " --help)");
            out.positional_.push_back(a);
            continue;
        }
        if (a == "--") {
            only_positional = true;
            continue;
        }
        std::string name = a.substr(2), value;
        bool inline_value = false;
        if (size_t eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inline_value = true;
        }
        auto spec = std::find_if(specs.begin(), specs.end(),
                                 [&](const FlagSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            std::vector<std::string> names;
            for (const auto& s : specs) names.push_back(s.name);
            std::string hint = nearest(name, names);
            return usage_error("unknown option '--" + name + "' for '" + command + "'" +
                               (hint.empty() ? "" : ": did you mean --" + hint + "?") +
                               " (see s3v4 " + command + " --help)");
        }
        if (spec->takes_value && !inline_value) {
            if (i + 1 >= argc)
                return usage_error("option --" + name + " needs a value (see s3v4 " + command +
                                   " --help)");
            value = argv[++i];
        } else if (!spec->takes_value && inline_value) {
            return usage_error("option --" + name + " takes no value");
        }
        out.values_[name].push_back(value);
    }
    return out;
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace s3v4::cli
