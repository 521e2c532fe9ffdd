// A small JSON reader for the test vectors' context.json and s3-examples/*.json.
// Test-only: the library itself never parses JSON.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace testjson {

struct Value {
    enum Type { null, boolean, number, string, array, object } type = null;
    bool b = false;
    double n = 0;
    std::string s;
    std::vector<Value> a;
    std::map<std::string, Value> o;

    const Value& operator[](const std::string& key) const {
        auto it = o.find(key);
        if (it == o.end()) throw std::runtime_error("missing JSON key " + key);
        return it->second;
    }
    const Value& operator[](size_t i) const { return a.at(i); }
    bool has(const std::string& key) const { return o.count(key) != 0; }
};

Value parse(const std::string& text);
Value parse_file(const std::string& path);

}  // namespace testjson
