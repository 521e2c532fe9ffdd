#include "s3v4/sigv4/amz_time.hpp"

#include <cstdio>

namespace s3v4::sigv4 {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm),
// so that no TZ setting or libc time function can change the result.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
    int64_t year;
    unsigned month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

Civil civil_from_epoch(int64_t t) {
    // Floor division that cannot overflow (no negation of INT64_MIN).
    int64_t days = t / 86400;
    if (t % 86400 < 0) --days;
    int64_t secs = t % 86400;
    if (secs < 0) secs += 86400;
    Civil c{};
    c.weekday = static_cast<unsigned>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    c.day = doy - (153 * mp + 2) / 5 + 1;
    c.month = mp < 10 ? mp + 3 : mp - 9;
    c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
    c.hour = static_cast<unsigned>(secs / 3600);
    c.minute = static_cast<unsigned>(secs / 60 % 60);
    c.second = static_cast<unsigned>(secs % 60);
    return c;
}

bool is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int64_t y, unsigned m) {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
}

std::optional<AmzTime> make_time(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                                 unsigned s) {
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
        s > 59)
        return std::nullopt;
    return AmzTime{days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s};
}

}  // namespace

std::string AmzTime::amz_date() const {
    // Formatted by hand: snprintf costs a tenth of a whole presign.
    const Civil c = civil_from_epoch(epoch_seconds);
    std::string out(16, '0');
    auto put = [&out](size_t pos, unsigned value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[pos + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(c.year), 4);
    put(4, c.month, 2);
    put(6, c.day, 2);
    out[8] = 'T';
    put(9, c.hour, 2);
    put(11, c.minute, 2);
    put(13, c.second, 2);
    out[15] = 'Z';
    return out;
}

std::string AmzTime::date() const {
    return amz_date().substr(0, 8);
}

std::optional<AmzTime> parse_amz_date(std::string_view t) {
    unsigned y, mo, d, h, mi, s;
    if (t.size() != 16 || t[8] != 'T' || t[15] != 'Z') return std::nullopt;
    if (!digits(t, 0, 4, y) || !digits(t, 4, 2, mo) || !digits(t, 6, 2, d) || !digits(t, 9, 2, h) ||
        !digits(t, 11, 2, mi) || !digits(t, 13, 2, s))
        return std::nullopt;
    return make_time(y, mo, d, h, mi, s);
}

std::optional<AmzTime> parse_iso8601(std::string_view t) {
    unsigned y, mo, d, h, mi, s;
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
        t[16] != ':' || t[19] != 'Z')
        return std::nullopt;
    if (!digits(t, 0, 4, y) || !digits(t, 5, 2, mo) || !digits(t, 8, 2, d) ||
        !digits(t, 11, 2, h) || !digits(t, 14, 2, mi) || !digits(t, 17, 2, s))
        return std::nullopt;
    return make_time(y, mo, d, h, mi, s);
}

namespace {
constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string http_date(int64_t epoch_seconds) {
    Civil c = civil_from_epoch(epoch_seconds);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kWeekdays[c.weekday],
                  c.day, kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute,
                  c.second);
    return buf;
}

std::optional<int64_t> parse_http_date(std::string_view t) {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    if (t.size() != 29 || t[3] != ',' || t.substr(25) != " GMT") return std::nullopt;
    unsigned d, y, h, mi, s, mo = 0;
    for (unsigned i = 0; i < 12; ++i)
        if (t.substr(8, 3) == kMonths[i]) mo = i + 1;
    if (mo == 0 || !digits(t, 5, 2, d) || !digits(t, 12, 4, y) || !digits(t, 17, 2, h) ||
        !digits(t, 20, 2, mi) || !digits(t, 23, 2, s))
        return std::nullopt;
    auto at = make_time(y, mo, d, h, mi, s);
    if (!at) return std::nullopt;
    return at->epoch_seconds;
}

}  // namespace s3v4::sigv4
