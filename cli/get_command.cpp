// s3v4 get s3://BUCKET/KEY FILE|-: GetObject, checked, written atomically.
#include <iostream>

#include "client_setup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "s3v4/s3/file_body.hpp"
#include "s3v4/s3/names.hpp"

namespace s3v4::cli {

namespace {

// An ETag is the MD5 of the bytes only for single-part, non-KMS objects: "32 hex digits".
std::string plain_md5_etag(const s3::ObjectInfo& info) {
    std::string e = info.etag;
    if (e.size() == 34 && e.front() == '"' && e.back() == '"') e = e.substr(1, 32);
    if (e.size() != 32 || e.find_first_not_of("0123456789abcdef") != std::string::npos) return {};
    for (const auto& [name, value] : info.headers)
        if (name == "x-amz-server-side-encryption" && value == "aws:kms")
            return {};
        else if (name == "x-amz-server-side-encryption-customer-algorithm")
            return {};
    return e;
}

Status check_download(const s3::ObjectInfo& info, uint64_t written, std::string md5_hex,
                      bool ranged, const std::string& what) {
    if (info.has_content_length && written != info.content_length)
        return Error{ErrorKind::integrity, what + ": received " + std::to_string(written) +
                                               " bytes but Content-Length "
                                               "was " +
                                               std::to_string(info.content_length) +
                                               " (the connection was cut); "
                                               "try again"};
    const std::string expected = ranged ? "" : plain_md5_etag(info);
    if (!expected.empty() && md5_hex != expected)
        return Error{ErrorKind::integrity,
                     what + ": the data's MD5 " + md5_hex + " differs from the ETag " + expected +
                         (info.has_content_length
                              ? " (corrupted on the way)"
                              : " (the server sent no length and closed early: data is missing)") +
                         "; try again"};
    if (!info.has_content_length && expected.empty())
        return Error{ErrorKind::integrity,
                     what +
                         ": the server sent neither a length nor an MD5 ETag, so the download "
                         "cannot be checked; refusing to keep it"};
    return Ok{};
}

}  // namespace

int get_command(int argc, char** argv) {
    auto specs = client_flags();
    specs.insert(specs.end(), {{"range", true},
                               {"if-match", true},
                               {"if-none-match", true},
                               {"if-modified-since", true},
                               {"version-id", true}});
    auto args = Args::parse(argc, argv, 2, specs, "get");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("get");
    const auto& pos = args->positional();
    if (pos.size() != 2)
        return report(usage_error("get takes s3://BUCKET/KEY and FILE (or - for stdout)"));
    auto uri = s3::parse_s3_uri(pos[0]);
    if (!uri) return report(uri.error());
    if (auto st = s3::check_key(uri->key); !st) return report(st.error());
    const std::string& dest = pos[1];

    s3::GetOptions options;
    options.range = args->get("range").value_or("");
    if (!options.range.empty() && options.range.compare(0, 6, "bytes=") != 0)
        return report(
            usage_error("--range must look like bytes=0-99, not '" + options.range + "'"));
    options.if_match = args->get("if-match").value_or("");
    options.if_none_match = args->get("if-none-match").value_or("");
    options.if_modified_since = args->get("if-modified-since").value_or("");
    options.version_id = args->get("version-id").value_or("");
    const bool ranged = !options.range.empty();

    // The destination is checked before any request, so a bad path costs no transfer.
    std::unique_ptr<s3::AtomicFileSink> file;
    if (dest != "-") {
        auto opened = s3::AtomicFileSink::open(dest);
        if (!opened) return report(opened.error());
        file = std::move(*opened);
    }
    auto client = make_client(*args);
    if (!client) return report(client.error());
    const std::string what = s3::s3_uri(uri->bucket, uri->key);

    if (dest == "-") {
        s3::StdoutSink out;
        auto info = (*client)->get_object(uri->bucket, uri->key, out, options);
        std::fflush(stdout);
        if (!info) return report(info.error());
        if (info->status == 304) {
            std::cerr << "s3v4: " << what << " not modified (304): nothing written\n";
            return exit_ok;
        }
        if (auto st = check_download(*info, out.bytes_written(), out.md5_hex(), ranged, what); !st)
            return report(st.error());
        return exit_ok;
    }

    auto info = (*client)->get_object(uri->bucket, uri->key, *file, options);
    if (!info) return report(info.error());  // the sink's destructor removes the temp file
    if (info->status == 304) {
        std::cerr << "s3v4: " << what << " not modified (304): " << dest << " left untouched\n";
        return exit_ok;
    }
    if (auto st = check_download(*info, file->bytes_written(), file->md5_hex(), ranged, what); !st)
        return report(st.error());
    if (auto st = file->commit(); !st) return report(st.error());
    if (!args->has("quiet"))
        std::cout << "download: " << what << " to " << dest << " (" << file->bytes_written()
                  << " bytes)\n";
    return exit_ok;
}

}  // namespace s3v4::cli
