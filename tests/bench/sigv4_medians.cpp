// Median time per operation of the signer's hot paths (prints a table; no assertions).
// Each operation runs in 101 samples of N calls; the median sample is reported, so one
// noisy neighbour on a shared machine does not move the figure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "s3v4/sigv4/canonical_request.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/presigner.hpp"
#include "s3v4/sigv4/signer.hpp"
#include "s3v4/sigv4/string_to_sign.hpp"

using namespace s3v4::sigv4;
using Clock = std::chrono::steady_clock;

namespace {
volatile size_t sink;

double median_ns(const std::function<size_t()>& op, int calls) {
    std::vector<double> samples;
    for (int i = 0; i < 5; ++i) sink = op();  // warm up caches and the signing key
    for (int s = 0; s < 101; ++s) {
        auto t0 = Clock::now();
        for (int i = 0; i < calls; ++i) sink = op();
        auto t1 = Clock::now();
        samples.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / calls);
    }
    std::nth_element(samples.begin(), samples.begin() + 50, samples.end());
    return samples[50];
}
}  // namespace

int main() {
    const Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    const AmzTime t = *parse_amz_date("20261129T120000Z");
    const Settings s3 = settings_for("s3", "us-east-1");
    Request get;
    get.method = "GET";
    get.path = "/product-photos-ai/thumbs/2026/11/29/IMG_0001-800x600.jpg";
    get.headers = {{"host", "product-photos-ai.s3.us-east-1.amazonaws.com"}};
    get.payload_hash = std::string(kUnsignedPayload);
    const std::string body(1 << 20, 'x');

    auto presigner = *Presigner::create(creds, s3, t, 3600, "GET");
    std::string url;
    url.reserve(1024);
    const Headers four_headers = {{"Host", "b.s3.amazonaws.com"},
                                  {"Content-Type", "image/jpeg"},
                                  {"x-amz-date", "20261129T120000Z"},
                                  {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
    struct Row {
        const char* name;
        std::function<size_t()> op;
        int calls;
        double bytes;
    };
    const std::vector<Row> rows = {
        {"presign GET (cached key)",
         [&] { return presign_request(get, creds, s3, t, 3600)->query.size(); }, 2000, 0},
        {"Presigner, per URL",
         [&] {
             url.clear();
             presigner.append_query(url, "product-photos-ai.s3.us-east-1.amazonaws.com", get.path);
             return url.size();
         },
         2000, 0},
        {"header-sign GET (cached key)",
         [&] { return sign_request(get, creds, s3, t)->signature.size(); }, 2000, 0},
        {"signing key derivation",
         [&] {
             return derive_signing_key(creds.secret_access_key, "20261129", "us-east-1", "s3")
                        .mac("")[0] +
                    size_t{0};
         },
         2000, 0},
        {"canonical query (5 params)",
         [&] {
             return canonical_query(parse_query("list-type=2&prefix=thumbs%2F&max-keys=1000&"
                                                "encoding-type=url&start-after=a"))
                 .size();
         },
         2000, 0},
        {"canonical headers (4)", [&] { return canonical_headers(four_headers).block.size(); },
         2000, 0},
        {"SHA-256 of 1 MiB", [&] { return sha256_hex(body).size(); }, 20, double(body.size())},
    };
    std::printf("%-32s %12s %12s\n", "operation", "median", "throughput");
    for (const auto& r : rows) {
        double ns = median_ns(r.op, r.calls);
        if (r.bytes > 0)
            std::printf("%-32s %9.1f us %9.2f GB/s\n", r.name, ns / 1000, r.bytes / ns);
        else
            std::printf("%-32s %9.3f us\n", r.name, ns / 1000);
    }
}
