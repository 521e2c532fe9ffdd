// Parsers for the two text formats users keep settings in: dotenv and the AWS INI files.
#include "s3v4/s3/config.hpp"

namespace s3v4::s3 {

namespace {
std::string_view trim(std::string_view s) {
    const char* ws = " \t\r";
    size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

template <class F>
void for_each_line(std::string_view text, F f) {
    size_t start = 0, number = 1;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        if (!f(text.substr(start, end - start), number)) return;
        start = end + 1;
        ++number;
    }
}

bool is_env_name(std::string_view n) {
    if (n.empty() || (n[0] >= '0' && n[0] <= '9')) return false;
    for (char c : n)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    return true;
}
}  // namespace

Result<std::map<std::string, std::string>> parse_dotenv(std::string_view text,
                                                        const std::string& file) {
    std::map<std::string, std::string> out;
    std::optional<Error> error;
    for_each_line(text, [&](std::string_view raw, size_t n) {
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#') return true;
        if (line.substr(0, 7) == "export ") line = trim(line.substr(7));
        size_t eq = line.find('=');
        std::string_view name = eq == std::string_view::npos ? line : trim(line.substr(0, eq));
        if (eq == std::string_view::npos || !is_env_name(name)) {
            error = Error{ErrorKind::credentials,
                          file + ":" + std::to_string(n) +
                              ": expected NAME=VALUE (a dotenv line such as AWS_REGION=us-east-1)"};
            return false;
        }
        const std::string_view raw_value = line.substr(eq + 1);
        std::string_view value = trim(raw_value);
        std::string parsed;
        if (!value.empty() && (value[0] == '"' || value[0] == '\'')) {
            const char q = value[0];
            size_t close = value.find(q, 1);
            if (close == std::string_view::npos) {
                error = Error{ErrorKind::credentials,
                              file + ":" + std::to_string(n) + ": unterminated quoted value for " +
                                  std::string(name) + ": add the closing " + std::string(1, q)};
                return false;
            }
            parsed = std::string(value.substr(1, close - 1));
            if (q == '"') {  // the usual escapes of double-quoted dotenv values
                std::string unescaped;
                for (size_t i = 0; i < parsed.size(); ++i) {
                    if (parsed[i] == '\\' && i + 1 < parsed.size()) {
                        char e = parsed[++i];
                        unescaped += e == 'n' ? '\n' : e;
                    } else {
                        unescaped += parsed[i];
                    }
                }
                parsed = unescaped;
            }
        } else {
            // An unquoted value ends at " #" (an inline comment). "K= # note" is empty (a comment
            // after blanks), "K=#abc" keeps "#abc", as python-dotenv and the shell read them.
            const bool comment_only = !value.empty() && value[0] == '#' && raw_value.size() > 0 &&
                                      (raw_value[0] == ' ' || raw_value[0] == '\t');
            size_t hash = comment_only ? 0 : value.find(" #");
            parsed = std::string(trim(value.substr(0, hash)));
        }
        out[std::string(name)] = parsed;
        return true;
    });
    if (error) return *error;
    return out;
}

Result<IniFile> parse_ini(std::string_view text, const std::string& file) {
    IniFile out;
    std::string section;
    std::string nested_parent;  // "s3 =" opens an indented sub-section (aws-cli style)
    std::optional<Error> error;
    for_each_line(text, [&](std::string_view raw, size_t n) {
        std::string_view line = trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') return true;
        const bool indented = raw[0] == ' ' || raw[0] == '\t';
        if (line.front() == '[') {
            if (line.back() != ']') {
                error = Error{ErrorKind::credentials,
                              file + ":" + std::to_string(n) + ": section header without ']'"};
                return false;
            }
            section = std::string(trim(line.substr(1, line.size() - 2)));
            out[section];
            nested_parent.clear();
            return true;
        }
        size_t eq = line.find('=');
        if (eq == std::string_view::npos || section.empty()) {
            error = Error{ErrorKind::credentials,
                          file + ":" + std::to_string(n) +
                              (section.empty() ? ": a setting before any [section]"
                                               : ": expected 'name = value'")};
            return false;
        }
        std::string key(trim(line.substr(0, eq)));
        std::string value(trim(line.substr(eq + 1)));
        if (indented && !nested_parent.empty()) {
            out[section][nested_parent + "." + key] = value;
            return true;
        }
        nested_parent = value.empty() ? key : "";
        if (!value.empty()) out[section][key] = value;
        return true;
    });
    if (error) return *error;
    return out;
}

}  // namespace s3v4::s3
