#include "vector_case.hpp"

#include <dirent.h>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "mini_json.hpp"
#include "s3v4/sigv4/crypto.hpp"

namespace testvec {

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::vector<std::string> suite_case_names(const std::string& vectors_dir) {
    std::vector<std::string> names;
    for (const char* suite : {"sigv4-suite", "sigv4-suite-extra"}) {
        std::string dir = vectors_dir + "/" + suite + "/v4";
        DIR* d = opendir(dir.c_str());
        if (!d) continue;
        while (dirent* e = readdir(d)) {
            std::string n = e->d_name;
            if (n != "." && n != "..") names.push_back(std::string(suite) + "/" + n);
        }
        closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
}

void parse_request_txt(const std::string& text, s3v4::sigv4::Request& r, std::string& body) {
    size_t pos = text.find('\n');
    std::string line = text.substr(0, pos);
    // The target may hold a literal space ("/example space/"): cut at the first space and
    // before the last " HTTP/1.1".
    size_t sp = line.find(' ');
    size_t proto = line.rfind(" HTTP/");
    r.method = line.substr(0, sp);
    std::string target = line.substr(sp + 1, proto - sp - 1);
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string::npos ? "" : target.substr(q + 1);
    r.headers.clear();
    size_t start = pos + 1;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string l = text.substr(start, end - start);
        start = end + 1;
        if (l.empty()) break;
        if (l[0] == ' ' || l[0] == '\t') {  // obsolete line folding: continues the last value
            r.headers.back().value += "\n" + l;
            continue;
        }
        size_t colon = l.find(':');
        r.headers.push_back({l.substr(0, colon), l.substr(colon + 1)});
    }
    body = start < text.size() ? text.substr(start) : "";
}

SuiteCase load_suite_case(const std::string& vectors_dir, const std::string& name) {
    SuiteCase c;
    c.name = name;
    c.dir = vectors_dir + "/" + name.substr(0, name.find('/')) + "/v4/" +
            name.substr(name.find('/') + 1);
    parse_request_txt(read_file(c.dir + "/request.txt"), c.request, c.body);
    auto ctx = testjson::parse_file(c.dir + "/context.json");
    c.credentials.access_key_id = ctx["credentials"]["access_key_id"].s;
    c.credentials.secret_access_key = ctx["credentials"]["secret_access_key"].s;
    if (ctx["credentials"].has("token"))
        c.credentials.session_token = ctx["credentials"]["token"].s;
    c.settings = s3v4::sigv4::settings_for(ctx["service"].s, ctx["region"].s);
    c.settings.normalize_path = ctx["normalize"].b;
    c.settings.double_encode = !ctx.has("double_uri_encode") || ctx["double_uri_encode"].b;
    c.sign_body = ctx["sign_body"].b;
    c.settings.content_sha256_header = c.sign_body;
    c.settings.sign_session_token = !(ctx.has("omit_session_token") && ctx["omit_session_token"].b);
    c.time = *s3v4::sigv4::parse_iso8601(ctx["timestamp"].s);
    c.expires = long(ctx["expiration_in_seconds"].n);
    c.request.payload_hash = c.sign_body ? s3v4::sigv4::sha256_hex(c.body) : "";
    return c;
}

}  // namespace testvec
