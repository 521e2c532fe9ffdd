#include "s3v4/s3/names.hpp"

#include <cctype>

namespace s3v4::s3 {

namespace {
bool looks_like_ipv4(std::string_view b) {
    int dots = 0;
    for (char c : b) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}
Error bucket_error(std::string_view bucket, const std::string& why) {
    return usage_error("invalid bucket name '" + std::string(bucket) + "': " + why +
                       " (S3 bucket names are 3-63 characters of a-z, 0-9, '.' and '-')");
}
}  // namespace

Status check_bucket_name(std::string_view b) {
    if (b.size() < 3 || b.size() > 63)
        return bucket_error(b, "it has " + std::to_string(b.size()) + " characters");
    for (char c : b) {
        if (c >= 'A' && c <= 'Z') return bucket_error(b, "upper-case letters are not allowed");
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
            return bucket_error(b, std::string("the character '") + c + "' is not allowed");
    }
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (!alnum(b.front()) || !alnum(b.back()))
        return bucket_error(b, "it must start and end with a letter or digit");
    if (b.find("..") != std::string_view::npos)
        return bucket_error(b, "two adjacent dots are not allowed");
    if (looks_like_ipv4(b)) return bucket_error(b, "it must not look like an IP address");
    return Ok{};
}

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else
            return false;
        if (i + n >= s.size()) return false;
        for (size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += n + 1;
    }
    return true;
}

Status check_key(std::string_view key) {
    if (key.empty()) return usage_error("the object key is empty: give one, as in s3://BUCKET/KEY");
    if (key.size() > 1024)
        return usage_error("the object key is " + std::to_string(key.size()) +
                           " bytes long: S3 keys are at most 1024 bytes");
    for (char c : key)
        if (c == '\0' || c == '\r' || c == '\n')
            return usage_error("the object key contains a NUL, CR or LF byte: remove it");
    if (!is_valid_utf8(key))
        return usage_error("the object key is not valid UTF-8: S3 keys are UTF-8 text");
    return Ok{};
}

Result<S3Uri> parse_s3_uri(std::string_view uri) {
    constexpr std::string_view scheme = "s3://";
    if (uri.substr(0, scheme.size()) != scheme)
        return usage_error("'" + std::string(uri) +
                           "' is not an S3 URI: write it as s3://BUCKET/KEY");
    std::string_view rest = uri.substr(scheme.size());
    size_t slash = rest.find('/');
    S3Uri out;
    out.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) out.key = std::string(rest.substr(slash + 1));
    if (out.bucket.empty())
        return usage_error("'" + std::string(uri) + "' names no bucket: write s3://BUCKET/KEY");
    if (auto st = check_bucket_name(out.bucket); !st) return st.error();
    return out;
}

}  // namespace s3v4::s3
