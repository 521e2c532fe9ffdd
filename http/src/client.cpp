#include "s3v4/http/client.hpp"

#include <chrono>
#include <cstring>

#include "curl_api.hpp"

namespace s3v4::http {

std::optional<size_t> MemorySource::read(char* buffer, size_t n) {
    const size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buffer, data_.data() + pos_, k);
    pos_ += k;
    return k;
}

bool MemorySink::write(const char* data, size_t n) {
    if (data_.size() + n > limit_) return false;
    data_.append(data, n);
    return true;
}

std::optional<std::string> Response::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return std::nullopt;
}

namespace {

struct Transfer {
    const CurlApi* api = nullptr;
    CURL* curl = nullptr;
    const Request* request = nullptr;
    Response* response = nullptr;
    BodySink* sink = nullptr;
    MemorySink memory;
    int to_sink = -1;  // decided at the first body byte, once the status is known
    long stall_seconds = 0;
    curl_off_t moved = -1;  // bytes up + down at the last check
    std::chrono::steady_clock::time_point last_move;
    bool stalled = false;
    bool sink_failed = false;
    bool source_failed = false;
    std::string source_error;
    const std::function<void(const std::string&)>* debug = nullptr;
    const std::function<void(uint64_t, uint64_t)>* progress = nullptr;
    std::chrono::steady_clock::time_point last_report;
};

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    auto got = t->request->body->read(buffer, size * n);
    if (!got) {
        t->source_failed = true;
        t->source_error = t->request->body->error();
        return CURL_READFUNC_ABORT;
    }
    t->response->bytes_sent += *got;
    return *got;
}

size_t on_write(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    if (t->to_sink < 0) {
        long status = 0;
        t->api->easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
        t->to_sink = t->sink && status >= 200 && status < 300;
    }
    BodySink* sink = t->to_sink ? t->sink : &t->memory;
    if (!sink->write(data, size * n)) {
        t->sink_failed = true;
        return 0;
    }
    return size * n;
}

std::string trim(std::string s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    std::string line(data, size * n);
    if (line.compare(0, 5, "HTTP/") == 0) {
        t->response->headers.clear();  // a new response (after 100 Continue)
    } else if (size_t colon = line.find(':'); colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        t->response->headers.emplace_back(name, trim(line.substr(colon + 1)));
    }
    return size * n;
}

// The stall timeout: abort when no byte has moved either way for stall_seconds. (curl's
// LOW_SPEED options average over several seconds and fire late after a burst of data.)
int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow) {
    auto* t = static_cast<Transfer*>(user);
    const auto now = std::chrono::steady_clock::now();
    const bool upload = ultotal > 0 || ulnow > 0;
    const curl_off_t total = upload ? ultotal : dltotal;
    // The first call with a known size reports at once; later ones at most 4 times a second.
    if (t->progress && *t->progress && total > 0 &&
        now - t->last_report > std::chrono::milliseconds(250)) {
        t->last_report = now;
        (*t->progress)(static_cast<uint64_t>(upload ? ulnow : dlnow), static_cast<uint64_t>(total));
    }
    if (t->stall_seconds <= 0) return 0;
    if (dlnow + ulnow != t->moved) {
        t->moved = dlnow + ulnow;
        t->last_move = now;
        return 0;
    }
    if (now - t->last_move > std::chrono::seconds(t->stall_seconds)) {
        t->stalled = true;
        return 1;
    }
    return 0;
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    auto* t = static_cast<Transfer*>(user);
    if (!t->debug || !*t->debug) return 0;
    if (type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN && type != CURLINFO_TEXT)
        return 0;
    const char* prefix = type == CURLINFO_HEADER_OUT  ? "> "
                         : type == CURLINFO_HEADER_IN ? "< "
                                                      : "* ";
    std::string text(data, size);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) (*t->debug)(prefix + line);
        start = end + 1;
    }
    return 0;
}

std::string network_message(const CurlApi* api, CURLcode code, const char* detail,
                            const std::string& url) {
    std::string what = detail[0] ? detail : api->easy_strerror(code);
    std::string fix;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            fix = "check the endpoint host name";
            break;
        case CURLE_COULDNT_CONNECT:
            fix = "check that the endpoint is up and the port is right";
            break;
        case CURLE_OPERATION_TIMEDOUT:
            fix = "the server stopped answering; try again or raise the timeout";
            break;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
            fix = "check the endpoint's scheme (http vs https) and its certificate (--ca-bundle)";
            break;
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            fix = "the connection broke; try again";
            break;
        default:
            fix = "check the endpoint and the network";
    }
    return "request to " + url + " failed: " + what + " (" + fix + ")";
}

}  // namespace

struct Client::Impl {
    const CurlApi* api = nullptr;
    std::string load_error;
    CURL* curl = nullptr;
};

Client::Client(ClientOptions options) : options_(std::move(options)), impl_(new Impl) {
    impl_->api = curl_api(impl_->load_error);
    if (impl_->api) impl_->curl = impl_->api->easy_init();
}

Client::~Client() {
    if (impl_->curl) impl_->api->easy_cleanup(impl_->curl);
}

Result<Response> Client::send(const Request& request, BodySink* sink) {
    const CurlApi* api = impl_->api;
    if (!api) return Error{ErrorKind::network, impl_->load_error};
    CURL* c = impl_->curl;
    if (!c) return Error{ErrorKind::network, "could not initialise libcurl"};
    api->easy_reset(c);  // keeps the connection cache, clears the previous request's options

    Response response;
    Transfer t;
    t.api = api;
    t.curl = c;
    t.request = &request;
    t.response = &response;
    t.sink = sink;
    t.debug = &options_.debug;
    char error_buffer[CURL_ERROR_SIZE] = {};

    api->easy_setopt(c, CURLOPT_URL, request.url.c_str());
    api->easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
    // Keys may contain "./" and "../": the path must reach the server as signed.
    api->easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    api->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    // Large buffers: a 1 GiB body in 16 KiB pieces is 65,536 callbacks and syscalls each way.
    api->easy_setopt(c, CURLOPT_BUFFERSIZE, 512L * 1024);
    api->easy_setopt(c, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);
    api->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
    t.progress = &options_.progress;
    if (options_.stall_timeout_seconds > 0 || options_.progress) {
        t.stall_seconds = options_.stall_timeout_seconds;
        t.last_move = std::chrono::steady_clock::now();
        api->easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        api->easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        api->easy_setopt(c, CURLOPT_XFERINFODATA, &t);
    }
    if (options_.total_timeout_seconds > 0)
        api->easy_setopt(c, CURLOPT_TIMEOUT, options_.total_timeout_seconds);
    if (!options_.ca_bundle.empty())
        api->easy_setopt(c, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (options_.insecure) {
        api->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        api->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    api->easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    api->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    api->easy_setopt(c, CURLOPT_WRITEDATA, &t);
    api->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    api->easy_setopt(c, CURLOPT_HEADERDATA, &t);
    if (options_.debug) {
        api->easy_setopt(c, CURLOPT_VERBOSE, 1L);
        api->easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
        api->easy_setopt(c, CURLOPT_DEBUGDATA, &t);
    }

    if (request.method == "HEAD") {
        api->easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (request.body) {
        api->easy_setopt(c, CURLOPT_UPLOAD, 1L);
        api->easy_setopt(c, CURLOPT_READFUNCTION, on_read);
        api->easy_setopt(c, CURLOPT_READDATA, &t);
        if (auto n = request.body->size())
            api->easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(*n));
        if (request.method != "PUT")
            api->easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (request.method != "GET") {
        api->easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    // Headers curl would add by itself are removed ("Name:" with no value) so that what
    // was signed is exactly what is sent.
    curl_slist* list = nullptr;
    list = api->slist_append(list, "Expect:");
    list = api->slist_append(list, "Accept:");
    if (request.body) list = api->slist_append(list, "Content-Type:");
    for (const auto& [name, value] : request.headers) {
        std::string line = name + (value.empty() ? ";" : ": " + value);
        list = api->slist_append(list, line.c_str());
    }
    api->easy_setopt(c, CURLOPT_HTTPHEADER, list);

    CURLcode rc = api->easy_perform(c);
    api->slist_free_all(list);
    if (options_.progress) options_.progress(UINT64_MAX, 0);  // the end: clear the line

    if (t.source_failed)
        return Error{ErrorKind::local_file,
                     "reading the upload body failed" +
                         (t.source_error.empty() ? "" : ": " + t.source_error)};
    if (t.sink_failed && rc == CURLE_WRITE_ERROR)
        return Error{ErrorKind::local_file,
                     "writing the response body failed" +
                         (sink && !sink->error().empty() ? ": " + sink->error() : std::string())};
    if (t.stalled) {
        Error e{ErrorKind::network,
                "request to " + request.url + " stalled: no data moved for " +
                    std::to_string(options_.stall_timeout_seconds) +
                    " s (the server or network stopped answering; raise --stall-timeout for very "
                    "slow links)"};
        e.retryable = true;
        return e;
    }
    if (rc != CURLE_OK) {
        Error e{ErrorKind::network, network_message(api, rc, error_buffer, request.url)};
        // Failures that a server restart, a dropped connection or a stall explain; name
        // resolution and TLS verification failures would fail again the same way.
        e.retryable = rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR ||
                      rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
                      rc == CURLE_PARTIAL_FILE || rc == CURLE_OPERATION_TIMEDOUT ||
                      rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_HTTP2_STREAM;
        return e;
    }
    long status = 0;
    api->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    response.body = std::move(t.memory.data());
    return response;
}

}  // namespace s3v4::http
