// libcurl, loaded when the first HTTP client is made rather than at program start: its
// dependency tree (TLS, LDAP, SSH, IDN, ...) costs milliseconds of relocations, which the
// offline commands (presign, sign, verify, explain) would otherwise pay on every run.
#pragma once

#include <string>

#include <curl/curl.h>

namespace s3v4::http {

struct CurlApi {
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)();
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL*);
    void (*easy_reset)(CURL*);
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_perform)(CURL*);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);
};

// The loaded API (loaded once, thread-safe), or nullptr with error set to why not.
const CurlApi* curl_api(std::string& error);

}  // namespace s3v4::http
