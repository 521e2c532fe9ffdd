#include "mini_json.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace testjson {

namespace {

struct Parser {
    const std::string& t;
    size_t i = 0;

    [[noreturn]] void fail(const char* what) {
        throw std::runtime_error(std::string("JSON: ") + what + " at offset " + std::to_string(i));
    }
    void ws() {
        while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) ++i;
    }
    bool lit(const char* s) {
        std::string l(s);
        if (t.compare(i, l.size(), l) == 0) {
            i += l.size();
            return true;
        }
        return false;
    }
    static void put_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }
    unsigned hex4() {
        if (i + 4 > t.size()) fail("short \\u escape");
        unsigned v = unsigned(std::stoul(t.substr(i, 4), nullptr, 16));
        i += 4;
        return v;
    }
    std::string str() {
        if (t[i] != '"') fail("expected string");
        ++i;
        std::string out;
        while (i < t.size() && t[i] != '"') {
            char c = t[i++];
            if (c != '\\') {
                out += c;
                continue;
            }
            char e = t[i++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xD800 && cp < 0xDC00 && lit("\\u")) {
                        unsigned lo = hex4();
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    }
                    put_utf8(out, cp);
                    break;
                }
                default:
                    out += e;
            }
        }
        if (i >= t.size()) fail("unterminated string");
        ++i;
        return out;
    }
    Value value() {
        ws();
        if (i >= t.size()) fail("unexpected end");
        Value v;
        char c = t[i];
        if (c == '{') {
            v.type = Value::object;
            ++i;
            ws();
            if (t[i] == '}') {
                ++i;
                return v;
            }
            for (;;) {
                ws();
                std::string k = str();
                ws();
                if (t[i++] != ':') fail("expected :");
                v.o[k] = value();
                ws();
                if (t[i] == ',') {
                    ++i;
                    continue;
                }
                if (t[i] == '}') {
                    ++i;
                    return v;
                }
                fail("expected , or }");
            }
        }
        if (c == '[') {
            v.type = Value::array;
            ++i;
            ws();
            if (t[i] == ']') {
                ++i;
                return v;
            }
            for (;;) {
                v.a.push_back(value());
                ws();
                if (t[i] == ',') {
                    ++i;
                    continue;
                }
                if (t[i] == ']') {
                    ++i;
                    return v;
                }
                fail("expected , or ]");
            }
        }
        if (c == '"') {
            v.type = Value::string;
            v.s = str();
            return v;
        }
        if (lit("true")) {
            v.type = Value::boolean;
            v.b = true;
            return v;
        }
        if (lit("false")) {
            v.type = Value::boolean;
            return v;
        }
        if (lit("null")) return v;
        char* end = nullptr;
        v.n = std::strtod(t.c_str() + i, &end);
        if (end == t.c_str() + i) fail("bad value");
        v.type = Value::number;
        i = size_t(end - t.c_str());
        return v;
    }
};

}  // namespace

Value parse(const std::string& text) {
    Parser p{text};
    return p.value();
}

Value parse_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return parse(ss.str());
}

}  // namespace testjson
