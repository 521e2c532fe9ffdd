#include "progress.hpp"

#include <cstdio>

namespace s3v4::cli {

namespace {
constexpr uint64_t kMinimum = 8 << 20;  // smaller transfers finish before a line helps
}

void format_bytes(char* out, size_t size, double bytes) {
    static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    std::snprintf(out, size, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
}

void ProgressLine::update(uint64_t done, uint64_t total) {
    if (done == UINT64_MAX) {
        if (shown_) std::fputs("\r\033[K", stderr);
        shown_ = started_ = false;
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!started_) {
        start_ = now;
        started_ = true;
    }
    if (total < kMinimum) return;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char d[32], t[32], r[32], eta[32] = "--";
    format_bytes(d, sizeof d, static_cast<double>(done));
    format_bytes(t, sizeof t, static_cast<double>(total));
    format_bytes(r, sizeof r, rate);
    if (rate > 0 && total >= done)
        std::snprintf(eta, sizeof eta, "%.0fs", static_cast<double>(total - done) / rate);
    std::fprintf(stderr, "\r\033[K%s / %s  %3.0f%%  %s/s  ETA %s", d, t,
                 100.0 * static_cast<double>(done) / static_cast<double>(total), r, eta);
    std::fflush(stderr);
    shown_ = true;
}

}  // namespace s3v4::cli
