// parse_dotenv and parse_ini (the --env-file and ~/.aws/{credentials,config} parsers).
//
// Properties:
//  - neither crashes on any text; errors name the file and a line number;
//  - dotenv: a file we generate from the input (valid names, values unquoted, "double" or
//    'single' quoted, optional "export", LF or CRLF line ends, comments and blank lines)
//    parses back to exactly the map it was written from (the last assignment of a name
//    wins);
//  - ini: a file we generate ([section] headers, "key = value" lines, comments) parses back
//    to exactly its sections and keys.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "s3v4/s3/config.hpp"

using namespace s3v4;
using s3v4::fuzz::as_view;

namespace {

const std::string kFile = "fuzz.env";

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string trim(std::string s) {
    const char* ws = " \t\r";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// Splits a line into a name part and a value part at the first '='.
std::pair<std::string, std::string> halves(std::string_view line) {
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) return {std::string(line), std::string(line)};
    return {std::string(line.substr(0, eq)), std::string(line.substr(eq + 1))};
}

void check_dotenv_roundtrip(std::string_view in) {
    std::map<std::string, std::string> expected;
    std::string file;
    size_t start = 0, n = 0;
    while (start < in.size() && n < 40) {
        size_t end = in.find('\n', start);
        if (end == std::string_view::npos) end = in.size();
        const std::string_view line = in.substr(start, end - start);
        start = end + 1;
        ++n;
        auto [raw_name, raw_value] = halves(line);
        std::string name;
        for (char c : raw_name)
            if (is_name_char(c)) name += c;
        // ("export" itself would be read as the keyword of "export NAME=VALUE".)
        if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name == "export")
            name = "K" + name;
        // Visible ASCII and inner spaces/tabs only.
        std::string value;
        for (char c : raw_value)
            if ((c >= 0x20 && c < 0x7f) || c == '\t') value += c;
        const unsigned style = (line.empty() ? 0u : static_cast<unsigned char>(line[0])) % 4;
        const std::string eol = (n % 3 == 0) ? "\r\n" : "\n";
        const std::string lead = (n % 5 == 0) ? "export " : (n % 7 == 0 ? "  " : "");
        std::string written;
        if (style == 0) {
            // Unquoted: trimmed, no leading quote, a '#' only inside a word ("pass#word");
            // a '#' first or after a blank would start a comment.
            std::string v;
            for (char c : value) {
                const bool at_start = v.find_first_not_of(" \t") == std::string::npos;
                if (c == '#' && (at_start || v.back() == ' ' || v.back() == '\t')) continue;
                if ((c == '"' || c == '\'') && at_start) continue;
                v += c;
            }
            v = trim(v);
            written = v + ((n % 2) ? "  # a comment" : "");
            expected[name] = v;
        } else if (style == 1) {
            // Double quotes: '"' and '\' escaped... by leaving them out; "\n" is a newline.
            std::string v, w;
            for (char c : value)
                if (c != '"' && c != '\\') v += c;
            w = "\"" + v + "\\n\"";
            written = w;
            expected[name] = v + "\n";
        } else {
            // Single quotes: everything but the quote itself is literal.
            std::string v;
            for (char c : value)
                if (c != '\'') v += c;
            written = "'" + v + "'";
            expected[name] = v;
        }
        file += lead + name + (n % 2 ? " = " : "=") + written + eol;
        if (n % 4 == 0) file += "# comment line\n\n";
    }
    auto parsed = s3::parse_dotenv(file, kFile);
    if (!parsed || *parsed != expected) {
        std::fprintf(stderr, "file:\n%s\n", s3v4::fuzz::printable(file).c_str());
        if (!parsed) std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
        for (const auto& [k, v] : expected) {
            const std::string got = parsed && parsed->count(k) ? parsed->at(k) : "(missing)";
            if (got != v)
                std::fprintf(stderr, "%s: expected '%s', parsed '%s'\n", k.c_str(),
                             s3v4::fuzz::printable(v).c_str(), s3v4::fuzz::printable(got).c_str());
        }
    }
    FUZZ_CHECK(parsed.ok(), "a generated dotenv file was refused");
    FUZZ_CHECK(*parsed == expected, "dotenv does not parse back to the written values");
}

void check_ini_roundtrip(std::string_view in) {
    s3::IniFile expected;
    std::string file, section;
    size_t start = 0, n = 0;
    while (start < in.size() && n < 40) {
        size_t end = in.find('\n', start);
        if (end == std::string_view::npos) end = in.size();
        const std::string_view line = in.substr(start, end - start);
        start = end + 1;
        ++n;
        auto [raw_name, raw_value] = halves(line);
        std::string name;
        for (char c : raw_name)
            if (is_name_char(c) || c == '-' || c == '.') name += c;
        if (name.empty()) name = "k";
        std::string value;
        for (char c : raw_value)
            if (c > 0x20 && c < 0x7f) value += c;
        if (value.empty()) value = "v";
        if (section.empty() || (!line.empty() && line[0] == '[')) {
            section = n == 1 ? "default" : "profile " + name;
            file += (n % 2 ? "[" : "[ ") + section + (n % 2 ? "]" : " ]") + "\n";
            expected[section];
        }
        file += name + (n % 2 ? "=" : " = ") + value + (n % 3 == 0 ? "\r\n" : "\n");
        if (n % 4 == 0) file += "; comment\n# comment\n\n";
        expected[section][name] = value;
    }
    auto parsed = s3::parse_ini(file, "fuzz.ini");
    if (!parsed || *parsed != expected)
        std::fprintf(stderr, "file:\n%s\n%s\n", s3v4::fuzz::printable(file).c_str(),
                     parsed ? "" : parsed.error().message.c_str());
    FUZZ_CHECK(parsed.ok(), "a generated ini file was refused");
    FUZZ_CHECK(*parsed == expected, "ini does not parse back to the written values");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in = as_view(data, size);

    auto env = s3::parse_dotenv(in, kFile);
    if (!env) FUZZ_CHECK(env.error().message.rfind(kFile + ":", 0) == 0, "dotenv error names file");
    if (env) {
        for (const auto& [k, v] : *env) {
            FUZZ_CHECK(!k.empty() && !(k[0] >= '0' && k[0] <= '9'), "dotenv name");
            for (char c : k) FUZZ_CHECK(is_name_char(c), "dotenv name character");
        }
    }
    auto ini = s3::parse_ini(in, "fuzz.ini");
    if (!ini) FUZZ_CHECK(ini.error().message.rfind("fuzz.ini:", 0) == 0, "ini error names file");

    check_dotenv_roundtrip(in);
    check_ini_roundtrip(in);
    return 0;
}
