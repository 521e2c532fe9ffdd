#include "s3v4/s3/content_type.hpp"

#include <fstream>
#include <map>
#include <sstream>

namespace s3v4::s3 {

namespace {

std::string lower_extension(std::string_view name) {
    size_t slash = name.find_last_of('/');
    std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    size_t dot = base.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    std::string ext(base.substr(dot + 1));
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return ext;
}

std::map<std::string, std::string> load_table() {
    std::map<std::string, std::string> t;
    std::ifstream f("/etc/mime.types");
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream in(line);
        std::string type, ext;
        in >> type;
        while (in >> ext) t.emplace(ext, type);
    }
    // Used when /etc/mime.types is absent (minimal containers), and always for the few
    // types web uploads depend on.
    static const std::pair<const char*, const char*> kBuiltIn[] = {
        {"jpg", "image/jpeg"},        {"jpeg", "image/jpeg"},     {"png", "image/png"},
        {"gif", "image/gif"},         {"webp", "image/webp"},     {"svg", "image/svg+xml"},
        {"avif", "image/avif"},       {"html", "text/html"},      {"htm", "text/html"},
        {"css", "text/css"},          {"js", "text/javascript"},  {"json", "application/json"},
        {"txt", "text/plain"},        {"csv", "text/csv"},        {"xml", "application/xml"},
        {"pdf", "application/pdf"},   {"zip", "application/zip"}, {"gz", "application/gzip"},
        {"tar", "application/x-tar"}, {"mp4", "video/mp4"},       {"mp3", "audio/mpeg"},
        {"wasm", "application/wasm"}, {"md", "text/markdown"},
    };
    for (const auto& [ext, type] : kBuiltIn) t.emplace(ext, type);
    return t;
}

}  // namespace

std::string guess_content_type(std::string_view file_name) {
    static const std::map<std::string, std::string> table = load_table();
    auto it = table.find(lower_extension(file_name));
    return it == table.end() ? "application/octet-stream" : it->second;
}

}  // namespace s3v4::s3
