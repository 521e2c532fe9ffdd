// Errors as values: every failure carries a kind (which the CLI maps to an exit status)
// and a message that tells a person what is wrong and how to fix it.
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace s3v4 {

enum class ErrorKind {
    usage,        // bad arguments or input: the caller must change the call
    credentials,  // missing or malformed credentials or configuration
    network,      // no HTTP answer: DNS, connect, TLS, timeout, reset
    http_status,  // the server answered with an error status (with or without an S3 body)
    local_file,   // a local file could not be read or written
    integrity,    // data arrived but failed a length or checksum check
};

struct Error {
    Error() = default;
    Error(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}

    ErrorKind kind = ErrorKind::usage;
    std::string message;
    // Filled for http_status errors: the status, the S3 error code (empty when the body
    // was not an S3 error document) and every element of the error body, in order.
    int http_status = 0;
    std::string code;
    std::vector<std::pair<std::string, std::string>> fields;
    bool retryable = false;  // a transient failure: the same request may succeed later

    // The value of one element of the error body ("RequestId", "StringToSign", ...).
    std::string field(const std::string& name) const {
        for (const auto& f : fields)
            if (f.first == name) return f.second;
        return {};
    }
};

inline Error usage_error(std::string message) {
    return {ErrorKind::usage, std::move(message)};
}

// A value or an Error. Deliberately tiny: C++17 has no std::expected.
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace s3v4
