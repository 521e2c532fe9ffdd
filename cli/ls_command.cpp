// s3v4 ls s3://BUCKET[/PREFIX]: ListObjectsV2, printed like aws s3 ls.
#include <cstdio>
#include <ctime>
#include <iostream>

#include "client_setup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "json.hpp"
#include "s3v4/s3/names.hpp"
#include "s3v4/sigv4/amz_time.hpp"

namespace s3v4::cli {

namespace {

// "2026-11-29T19:20:21.000Z" -> "2026-11-29 19:20:21" in local time, as aws-cli prints.
std::string local_time(const std::string& iso) {
    auto t = sigv4::parse_iso8601(iso.size() >= 19 ? iso.substr(0, 19) + "Z" : iso);
    if (!t) return iso;
    std::time_t tt = static_cast<std::time_t>(t->epoch_seconds);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

}  // namespace

int ls_command(int argc, char** argv) {
    auto specs = client_flags();
    specs.insert(specs.end(), {{"recursive", false},
                               {"max-keys", true},
                               {"start-after", true},
                               {"summarize", false},
                               {"json", false}});
    auto args = Args::parse(argc, argv, 2, specs, "ls");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("ls");
    if (args->positional().size() != 1)
        return report(usage_error("ls takes one s3://BUCKET[/PREFIX]"));
    auto uri = s3::parse_s3_uri(args->positional()[0]);
    if (!uri) return report(uri.error());

    s3::ListOptions options;
    options.prefix = uri->key;
    const bool recursive = args->has("recursive");
    if (!recursive) options.delimiter = "/";
    if (auto mk = args->get("max-keys")) {
        if (mk->empty() || mk->size() > 4 ||
            mk->find_first_not_of("0123456789") != std::string::npos || std::stoi(*mk) < 1 ||
            std::stoi(*mk) > 1000)
            return report(
                usage_error("--max-keys takes a page size from 1 to 1000, not '" + *mk + "'"));
        options.max_keys = std::stoi(*mk);
    }
    options.start_after = args->get("start-after").value_or("");

    auto client = make_client(*args);
    if (!client) return report(client.error());

    // Names are shown relative to the listed "folder" (up to the prefix's last '/'),
    // full keys with --recursive, as aws-cli does.
    const size_t cut = recursive ? 0
                       : options.prefix.rfind('/') == std::string::npos
                           ? 0
                           : options.prefix.rfind('/') + 1;
    uint64_t count = 0, total = 0;
    const bool json = args->has("json");
    std::string out;
    auto st = (*client)->for_each_page(uri->bucket, options, [&](const s3::ListPage& page) {
        if (json) {
            // One JSON object per line, full keys: easy to feed to jq or a script.
            for (const auto& p : page.common_prefixes)
                out += "{\"prefix\":" + json_string(p) + "}\n";
            for (const auto& o : page.objects) {
                out += "{\"key\":" + json_string(o.key) + ",\"size\":" + std::to_string(o.size) +
                       ",\"last_modified\":" + json_string(o.last_modified) +
                       ",\"etag\":" + json_string(o.etag) +
                       ",\"storage_class\":" + json_string(o.storage_class) + "}\n";
                ++count;
                total += o.size;
            }
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
            return true;
        }
        for (const auto& p : page.common_prefixes)
            out += "                           PRE " + p.substr(std::min(cut, p.size())) + "\n";
        for (const auto& o : page.objects) {
            char size[32];
            std::snprintf(size, sizeof size, "%10llu", static_cast<unsigned long long>(o.size));
            out += local_time(o.last_modified) + " " + size + " " +
                   o.key.substr(std::min(cut, o.key.size())) + "\n";
            ++count;
            total += o.size;
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
        return true;
    });
    std::fflush(stdout);
    if (!st) return report(st.error());
    if (args->has("summarize") && json) {
        std::cout << "{\"total_objects\":" << count << ",\"total_size\":" << total << "}\n";
        return exit_ok;
    }
    if (args->has("summarize"))
        std::cout << "\nTotal Objects: " << count << "\n   Total Size: " << total << "\n";
    return exit_ok;
}

}  // namespace s3v4::cli
