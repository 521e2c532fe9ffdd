// The progress line on stderr for transfers over 8 MiB, when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace s3v4::cli {

class ProgressLine {
  public:
    // done == UINT64_MAX marks the end of a transfer: the line is cleared.
    void update(uint64_t done, uint64_t total);

  private:
    std::chrono::steady_clock::time_point start_;
    bool shown_ = false, started_ = false;
};

// "12.5 MiB": bytes in binary units with one decimal.
void format_bytes(char* out, size_t size, double bytes);

}  // namespace s3v4::cli
