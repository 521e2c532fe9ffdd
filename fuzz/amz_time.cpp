// X-Amz-Date, ISO 8601 and HTTP dates.
//
// Properties:
//  - parse_amz_date(x) accepted  =>  amz_date() == x, date() is its first 8 characters, and
//    the ISO 8601 spelling of x parses to the same instant;
//  - parse_iso8601(x) accepted   =>  its amz_date() is x without '-' and ':';
//  - parse_http_date(x) accepted =>  http_date() of the result has x's day, month, year and
//    time fields, and parses back to the same instant;
//  - for t in [0, 9999-12-31T23:59:59Z] taken from the input: parse_amz_date(amz_date(t)),
//    parse_iso8601 and parse_http_date(http_date(t)) all give t back, and the weekday is
//    right (1970-01-01 was a Thursday);
//  - amz_date and http_date do not crash or overflow for any int64 (sanitizers watch).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "s3v4/sigv4/amz_time.hpp"

using namespace s3v4::sigv4;
using s3v4::fuzz::as_view;

namespace {

constexpr int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

std::string iso_from_amz(const std::string& a) {  // YYYYMMDDTHHMMSSZ -> YYYY-MM-DDTHH:MM:SSZ
    return a.substr(0, 4) + "-" + a.substr(4, 2) + "-" + a.substr(6, 2) + "T" + a.substr(9, 2) +
           ":" + a.substr(11, 2) + ":" + a.substr(13, 2) + "Z";
}

void check_text(std::string_view x) {
    if (auto t = parse_amz_date(x)) {
        const std::string a = t->amz_date();
        FUZZ_CHECK(a == x, "parse_amz_date(x)->amz_date() != x");
        FUZZ_CHECK(t->date() == a.substr(0, 8), "date() is not the first 8 characters");
        FUZZ_CHECK(t->epoch_seconds >= 0 && t->epoch_seconds <= kMaxTime, "amz date range");
        auto iso = parse_iso8601(iso_from_amz(a));
        FUZZ_CHECK(iso && iso->epoch_seconds == t->epoch_seconds, "ISO spelling differs");
    }
    if (auto t = parse_iso8601(x)) {
        std::string stripped;
        for (char c : x)
            if (c != '-' && c != ':') stripped += c;
        FUZZ_CHECK(t->amz_date() == stripped, "parse_iso8601(x)->amz_date() != x without - :");
    }
    if (auto t = parse_http_date(x)) {
        const std::string h = http_date(*t);
        FUZZ_CHECK(h.size() == 29, "http_date length");
        for (auto [pos, len] : {std::pair<size_t, size_t>{5, 2}, {8, 3}, {12, 4}, {17, 2}, {20, 2},
                                {23, 2}, {25, 4}})
            FUZZ_CHECK(h.compare(pos, len, x.substr(pos, len)) == 0,
                       "http_date(parse_http_date(x)) changed a field of x");
        FUZZ_CHECK(parse_http_date(h) == t, "http_date does not parse back");
    }
}

void check_instant(int64_t t) {
    const AmzTime at{t};
    const std::string a = at.amz_date();
    auto back = parse_amz_date(a);
    FUZZ_CHECK(back && back->epoch_seconds == t, "parse_amz_date(amz_date(t)) != t");
    auto iso = parse_iso8601(iso_from_amz(a));
    FUZZ_CHECK(iso && iso->epoch_seconds == t, "parse_iso8601(iso(t)) != t");
    const std::string h = http_date(t);
    FUZZ_CHECK(parse_http_date(h) == t, "parse_http_date(http_date(t)) != t");
    static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    FUZZ_CHECK(h.compare(0, 3, kDays[(t / 86400) % 7]) == 0, "http_date weekday");
    FUZZ_CHECK(a.compare(9, 6, h.substr(17, 2) + h.substr(20, 2) + h.substr(23, 2)) == 0,
               "amz_date and http_date disagree on the time of day");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view x = as_view(data, size);
    check_text(x);

    s3v4::fuzz::Reader r(x);
    const uint64_t raw = r.u64();
    check_instant(static_cast<int64_t>(raw % static_cast<uint64_t>(kMaxTime + 1)));
    check_instant(static_cast<int64_t>(raw % 4102444800));  // 1970..2100, denser near now

    // Any int64: no crash, no undefined behaviour (t < INT64_MIN + 86400 once overflowed a
    // negation; regressions/amz_time/).
    const auto any = static_cast<int64_t>(raw);
    (void)AmzTime{any}.amz_date();
    (void)http_date(any);
    return 0;
}
