#include "curl_api.hpp"

#include <dlfcn.h>

namespace s3v4::http {

namespace {

struct Loaded {
    CurlApi api{};
    std::string error;
    bool ok = false;

    Loaded() {
        void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            const char* why = dlerror();
            error = std::string("libcurl could not be loaded (") + (why ? why : "libcurl.so.4") +
                    "): install libcurl (Debian: libcurl4)";
            return;
        }
        bool all = true;
        auto load = [&](auto& slot, const char* name) {
            slot = reinterpret_cast<std::remove_reference_t<decltype(slot)>>(dlsym(lib, name));
            if (!slot) {
                all = false;
                error = std::string("libcurl lacks ") + name + ": it is too old (need 7.62+)";
            }
        };
        load(api.global_init, "curl_global_init");
        load(api.global_cleanup, "curl_global_cleanup");
        load(api.easy_init, "curl_easy_init");
        load(api.easy_cleanup, "curl_easy_cleanup");
        load(api.easy_reset, "curl_easy_reset");
        load(api.easy_setopt, "curl_easy_setopt");
        load(api.easy_perform, "curl_easy_perform");
        load(api.easy_getinfo, "curl_easy_getinfo");
        load(api.easy_strerror, "curl_easy_strerror");
        load(api.slist_append, "curl_slist_append");
        load(api.slist_free_all, "curl_slist_free_all");
        if (!all) return;
        api.global_init(CURL_GLOBAL_DEFAULT);
        ok = true;
    }
    // No global cleanup at exit: other code in the process may still use libcurl, and the
    // library is never unloaded.
};

}  // namespace

const CurlApi* curl_api(std::string& error) {
    static Loaded loaded;  // C++11 guarantees one thread-safe initialisation
    if (!loaded.ok) {
        error = loaded.error;
        return nullptr;
    }
    return &loaded.api;
}

}  // namespace s3v4::http
