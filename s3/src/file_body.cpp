#include "s3v4/s3/file_body.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <openssl/evp.h>

namespace s3v4::s3 {

namespace detail {
class Md5Hasher {
  public:
    Md5Hasher() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr); }
    ~Md5Hasher() { EVP_MD_CTX_free(ctx_); }
    Md5Hasher(const Md5Hasher&) = delete;
    Md5Hasher& operator=(const Md5Hasher&) = delete;
    void update(const void* p, size_t n) { EVP_DigestUpdate(ctx_, p, n); }
    std::string finish_raw() {
        unsigned char d[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        EVP_DigestFinal_ex(ctx_, d, &n);
        return std::string(reinterpret_cast<char*>(d), n);
    }

  private:
    EVP_MD_CTX* ctx_;
};
}  // namespace detail

namespace {
std::string base64(const std::string& raw) {
    std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(raw.data()),
                            static_cast<int>(raw.size()));
    out.resize(static_cast<size_t>(n));
    return out;
}
std::string hex(const std::string& raw) {
    return sigv4::to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}
std::string errno_text() {
    return std::strerror(errno);
}
}  // namespace

Result<BodyDigests> digest_file(std::FILE* file, const std::string& name) {
    if (std::fseek(file, 0, SEEK_SET) != 0)
        return Error{ErrorKind::local_file, "cannot seek in '" + name + "': " + errno_text()};
    sigv4::Sha256 sha;
    detail::Md5Hasher md5;
    BodyDigests d;
    std::vector<char> buf(1 << 17);
    for (;;) {
        size_t n = std::fread(buf.data(), 1, buf.size(), file);
        if (n == 0) break;
        sha.update(buf.data(), n);
        md5.update(buf.data(), n);
        d.size += n;
    }
    if (std::ferror(file))
        return Error{ErrorKind::local_file, "error reading '" + name + "': " + errno_text()};
    d.sha256_hex = sigv4::to_hex(sha.finish());
    d.md5_base64 = base64(md5.finish_raw());
    if (std::fseek(file, 0, SEEK_SET) != 0)
        return Error{ErrorKind::local_file, "cannot seek in '" + name + "': " + errno_text()};
    return d;
}

FileSource::FileSource(std::FILE* file, uint64_t size, std::string name)
    : file_(file), size_(size), name_(std::move(name)) {}

std::optional<size_t> FileSource::read(char* buffer, size_t n) {
    if (sent_ >= size_) {
        // At the announced end the file must end too: it may have grown meanwhile.
        char extra;
        if (std::fread(&extra, 1, 1, file_) == 1) {
            error_ = "'" + name_ +
                     "' grew while it was being uploaded; upload it again when it "
                     "is no longer being written";
            return std::nullopt;
        }
        return size_t{0};
    }
    size_t want = static_cast<size_t>(std::min<uint64_t>(n, size_ - sent_));
    size_t got = std::fread(buffer, 1, want, file_);
    if (got == 0) {
        error_ = std::ferror(file_) ? "error reading '" + name_ + "': " + errno_text()
                                    : "'" + name_ +
                                          "' shrank while it was being uploaded; upload "
                                          "it again when it is no longer being written";
        return std::nullopt;
    }
    sent_ += got;
    return got;
}

bool FileSource::rewind() {
    sent_ = 0;
    return std::fseek(file_, 0, SEEK_SET) == 0;
}

Result<std::unique_ptr<AtomicFileSink>> AtomicFileSink::open(const std::string& destination) {
    if (destination.empty()) return usage_error("the output file name is empty");
    struct stat st {};
    if (::stat(destination.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return Error{ErrorKind::usage,
                     "the output path '" + destination + "' is a directory: give a file name"};
    size_t slash = destination.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : destination.substr(0, slash);
    if (dir.empty()) dir = "/";
    std::string base = slash == std::string::npos ? destination : destination.substr(slash + 1);
    if (base.empty())
        return Error{ErrorKind::usage,
                     "the output path '" + destination + "' ends in '/': give a file name"};
    struct stat dst {};
    if (::stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
        return Error{ErrorKind::local_file,
                     "the output folder '" + dir + "' does not exist: create it first"};
    std::unique_ptr<AtomicFileSink> sink(new AtomicFileSink);
    sink->destination_ = destination;
    sink->temp_path_ = dir + "/." + base + ".s3v4-XXXXXX";
    sink->fd_ = ::mkstemp(sink->temp_path_.data());
    if (sink->fd_ < 0)
        return Error{ErrorKind::local_file, "cannot create a file in '" + dir + "': " +
                                                errno_text() + " (check the folder's permissions)"};
    sink->md5_ = std::make_unique<detail::Md5Hasher>();
    return sink;
}

AtomicFileSink::~AtomicFileSink() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

bool AtomicFileSink::write(const char* data, size_t n) {
    md5_->update(data, n);
    size_t done = 0;
    while (done < n) {
        ssize_t w = ::write(fd_, data + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            write_error_ = "cannot write '" + temp_path_ + "': " + errno_text();
            return false;
        }
        done += static_cast<size_t>(w);
    }
    written_ += n;
    return true;
}

bool AtomicFileSink::rewind() {
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0) return false;
    written_ = 0;
    md5_ = std::make_unique<detail::Md5Hasher>();
    return true;
}

std::string AtomicFileSink::md5_hex() {
    return hex(md5_->finish_raw());
}

Status AtomicFileSink::commit() {
    auto fail = [&](const std::string& what) {
        return Error{ErrorKind::local_file, what + " '" + destination_ + "': " + errno_text()};
    };
    // A new file gets the usual mode (0666 less the umask); a replaced one keeps its mode.
    struct stat st {};
    mode_t mode;
    if (::stat(destination_.c_str(), &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (::fchmod(fd_, mode) != 0) return fail("cannot set the mode of");
    if (::fsync(fd_) != 0) return fail("cannot flush");
    if (::close(fd_) != 0) {
        fd_ = -1;
        return fail("cannot close");
    }
    fd_ = -1;
    if (::rename(temp_path_.c_str(), destination_.c_str()) != 0) return fail("cannot rename into");
    committed_ = true;
    size_t slash = destination_.find_last_of('/');
    std::string dir = slash == std::string::npos ? "." : destination_.substr(0, slash);
    int dfd = ::open(dir.empty() ? "/" : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);  // makes the rename itself durable
        ::close(dfd);
    }
    return Ok{};
}

StdoutSink::StdoutSink() : md5_(std::make_unique<detail::Md5Hasher>()) {}
StdoutSink::~StdoutSink() = default;

bool StdoutSink::write(const char* data, size_t n) {
    md5_->update(data, n);
    written_ += n;
    return std::fwrite(data, 1, n, stdout) == n;
}

std::string StdoutSink::md5_hex() {
    return hex(md5_->finish_raw());
}

}  // namespace s3v4::s3
