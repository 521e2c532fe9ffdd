// s3v4 put FILE|- s3://BUCKET/KEY: PutObject with a signed payload and Content-MD5.
#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

#include "client_setup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "s3v4/s3/content_type.hpp"
#include "s3v4/s3/file_body.hpp"
#include "s3v4/s3/names.hpp"

namespace s3v4::cli {

namespace {
constexpr uint64_t kStreamingThreshold = 8 << 20;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// stdin cannot be read twice (hash, then send), so it is spooled to an unnamed temp file:
// memory stays bounded whatever the size.
Result<File> spool_stdin() {
    File f(std::tmpfile());
    if (!f) return Error{ErrorKind::local_file, "cannot create a temporary file to buffer stdin"};
    std::vector<char> buf(1 << 17);
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0)
        if (std::fwrite(buf.data(), 1, n, f.get()) != n)
            return Error{ErrorKind::local_file,
                         "cannot buffer stdin in a temporary file (disk full?)"};
    if (std::ferror(stdin)) return Error{ErrorKind::local_file, "error reading stdin"};
    std::fflush(f.get());
    std::rewind(f.get());
    return f;
}
}  // namespace

int put_command(int argc, char** argv) {
    auto specs = client_flags();
    specs.insert(specs.end(), {{"content-type", true},
                               {"meta", true},
                               {"sse", true},
                               {"storage-class", true},
                               {"cache-control", true},
                               {"content-disposition", true},
                               {"if-none-match", true}});
    auto args = Args::parse(argc, argv, 2, specs, "put");
    if (!args) return report(args.error());
    if (args->has("help")) return print_help("put");
    const auto& pos = args->positional();
    if (pos.size() != 2)
        return report(usage_error("put takes FILE (or - for stdin) and s3://BUCKET/KEY"));
    const std::string& source = pos[0];
    auto uri = s3::parse_s3_uri(pos[1]);
    if (!uri) return report(uri.error());
    if (auto st = s3::check_key(uri->key); !st) return report(st.error());

    s3::PutOptions options;
    options.storage_class = args->get("storage-class").value_or("");
    options.cache_control = args->get("cache-control").value_or("");
    options.content_disposition = args->get("content-disposition").value_or("");
    if (auto sse = args->get("sse")) {
        if (*sse != "AES256" && *sse != "aws:kms")
            return report(usage_error("--sse takes AES256 or aws:kms, not '" + *sse + "'"));
        options.sse = *sse;
    }
    if (auto inm = args->get("if-none-match")) {
        if (*inm != "*")
            return report(usage_error("--if-none-match takes only '*' (refuse to overwrite)"));
        options.if_none_match_any = true;
    }
    for (const auto& m : args->all("meta")) {
        size_t eq = m.find('=');
        if (eq == std::string::npos || eq == 0)
            return report(usage_error("malformed --meta '" + m + "': write it as name=value"));
        std::string name = m.substr(0, eq);
        for (char c : name)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
                return report(usage_error("metadata name '" + name +
                                          "' may hold only letters, digits, '-' and '_'"));
        for (char c : m)
            if (c == '\r' || c == '\n' || c == '\0')
                return report(
                    usage_error("metadata '" + name +
                                "' contains a line break or NUL: values must be one line"));
        options.metadata.emplace_back(name, m.substr(eq + 1));
    }
    options.content_type = args->get("content-type")
                               .value_or(s3::guess_content_type(source == "-" ? uri->key : source));

    File file;
    if (source == "-") {
        auto spooled = spool_stdin();
        if (!spooled) return report(spooled.error());
        file = std::move(*spooled);
    } else {
        struct stat st {};
        if (::stat(source.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            return report(usage_error("'" + source + "' is a directory: put uploads one file"));
        file.reset(std::fopen(source.c_str(), "rb"));
        if (!file)
            return report(Error{ErrorKind::local_file, "cannot read '" + source +
                                                           "': " + std::strerror(errno) +
                                                           " (check the path and permissions)"});
    }
    const std::string name = source == "-" ? "stdin" : source;
    struct stat st {};
    if (::fstat(fileno(file.get()), &st) != 0)
        return report(Error{ErrorKind::local_file, "cannot stat '" + name + "'"});
    const uint64_t size = static_cast<uint64_t>(st.st_size);

    auto client = make_client(*args);
    if (!client) return report(client.error());
    Result<s3::ObjectInfo> info = s3::ObjectInfo{};
    if (size > kStreamingThreshold) {
        // Large bodies are read once: each chunk is hashed and signed as it is sent
        // (aws-chunked), instead of a hashing pass followed by a sending pass.
        s3::FileSource body(file.get(), size, name);
        info = (*client)->put_object_streaming(uri->bucket, uri->key, body, size, options);
    } else {
        // Small bodies: the real SHA-256 and a Content-MD5, checked by S3 on arrival.
        auto digests = s3::digest_file(file.get(), name);
        if (!digests) return report(digests.error());
        s3::FileSource body(file.get(), digests->size, name);
        info = (*client)->put_object(uri->bucket, uri->key, body, digests->sha256_hex,
                                     digests->md5_base64, options);
    }
    if (!info) return report(info.error());
    if (!args->has("quiet"))
        std::cout << "upload: " << name << " to " << s3::s3_uri(uri->bucket, uri->key) << " ("
                  << size << " bytes, ETag " << info->etag << ")\n";
    return exit_ok;
}

}  // namespace s3v4::cli
