// Shared helpers of the fuzz targets: a property check that stops the process on violation
// (libFuzzer then saves the input), and a tiny reader that takes typed values from the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

// FUZZ_CHECK(cond, what): a property of the code under test. On violation print what failed
// and trap, so libFuzzer (or the replay test) reports a crash with this input.
#define FUZZ_CHECK(cond, what)                                                              \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            std::fprintf(stderr, "\nPROPERTY VIOLATED at %s:%d: %s\n  (%s)\n", __FILE__,    \
                         __LINE__, what, #cond);                                            \
            std::fflush(stderr);                                                            \
            __builtin_trap();                                                               \
        }                                                                                   \
    } while (0)

namespace s3v4::fuzz {

inline std::string_view as_view(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Printable form of bytes for failure messages ("\x0a" for non-printables).
inline std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

// Known bugs, reported and kept as inputs in regressions/TARGET/, make a target stop at once.
// To keep measuring past one until it is fixed, name it in S3V4_FUZZ_SKIP (comma-separated);
// the check is then left out. CI and the replay tests never set it.
inline bool skip_known(const char* name) {
    static const char* const env = std::getenv("S3V4_FUZZ_SKIP");
    if (env == nullptr) return false;
    const size_t n = std::strlen(name);
    for (const char* p = env; (p = std::strstr(p, name)) != nullptr; p += n) {
        const bool starts = p == env || p[-1] == ',';
        const bool ends = p[n] == '\0' || p[n] == ',';
        if (starts && ends) return true;
    }
    return false;
}

// Consumes bytes from the front of the input; returns 0 once the input is exhausted.
class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    uint8_t byte() {
        if (in_.empty()) return 0;
        auto b = static_cast<uint8_t>(in_[0]);
        in_.remove_prefix(1);
        return b;
    }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
        return v;
    }
    std::string_view rest() const { return in_; }

  private:
    std::string_view in_;
};

}  // namespace s3v4::fuzz
