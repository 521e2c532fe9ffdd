#include "s3v4/s3/config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace s3v4::s3 {

Environment process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v) return std::nullopt;
        return std::string(v);
    };
}

std::optional<std::string> Config::setting(const std::string& name) const {
    if (auto it = env_file_values.find(name); it != env_file_values.end()) return it->second;
    if (environment) {
        auto v = environment(name);
        if (v && !v->empty()) return v;
    }
    return std::nullopt;
}

namespace {

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string home_file(const Config& c, const char* env_name, const char* default_rel) {
    if (auto v = c.environment(env_name); v && !v->empty()) return *v;
    auto home = c.environment("HOME");
    return (home ? *home : std::string(".")) + "/" + default_rel;
}

// The shared files may be absent; present but malformed is an error worth reporting.
Result<IniFile> load_ini(const std::string& path) {
    auto text = read_text(path);
    if (!text) return IniFile{};
    return parse_ini(*text, path);
}

std::string profile_name(const Config& c, const ConfigInput& in) {
    if (in.profile) return *in.profile;
    if (auto v = c.setting("AWS_PROFILE")) return *v;
    return "default";
}

const std::map<std::string, std::string>* config_section(const IniFile& ini,
                                                         const std::string& profile) {
    auto it = ini.find(profile == "default" ? "default" : "profile " + profile);
    if (it == ini.end() && profile == "default") it = ini.find("profile default");
    return it == ini.end() ? nullptr : &it->second;
}

std::optional<std::string> lookup(const std::map<std::string, std::string>* section,
                                  const std::string& key) {
    if (!section) return std::nullopt;
    auto it = section->find(key);
    if (it == section->end()) return std::nullopt;
    return it->second;
}

}  // namespace

Result<Config> load_config(const ConfigInput& in, const Environment& env) {
    Config c;
    c.environment = env;
    c.addressing = in.addressing;
    if (in.env_file) {
        auto text = read_text(*in.env_file);
        if (!text)
            return Error{ErrorKind::credentials, "cannot read --env-file '" + *in.env_file +
                                                     "': check the path and permissions"};
        auto values = parse_dotenv(*text, *in.env_file);
        if (!values) return values.error();
        c.env_file_values = std::move(*values);
    }
    c.profile = profile_name(c, in);

    auto config_ini = load_ini(home_file(c, "AWS_CONFIG_FILE", ".aws/config"));
    if (!config_ini) return config_ini.error();
    const auto* profile_cfg = config_section(*config_ini, c.profile);
    if (in.profile && !profile_cfg) {
        // An explicitly named profile must exist in one of the two files.
        auto creds_ini = load_ini(home_file(c, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"));
        if (!creds_ini) return creds_ini.error();
        if (!creds_ini->count(c.profile))
            return Error{ErrorKind::credentials,
                         "profile '" + c.profile +
                             "' is not in ~/.aws/config or ~/.aws/credentials: check the name "
                             "or run 'aws configure --profile " +
                             c.profile + "'"};
    }

    const std::string env_file_label = in.env_file ? "env-file " + *in.env_file : "";
    auto from_settings = [&](std::initializer_list<const char*> names, std::string& value,
                             std::string& source) {
        for (const char* n : names) {
            if (auto it = c.env_file_values.find(n);
                it != c.env_file_values.end() && !it->second.empty()) {
                value = it->second;
                source = env_file_label + " (" + n + ")";
                return true;
            }
        }
        for (const char* n : names) {
            if (auto v = env(n); v && !v->empty()) {
                value = *v;
                source = std::string("environment (") + n + ")";
                return true;
            }
        }
        return false;
    };

    if (in.region) {
        c.region = *in.region;
        c.region_source = "--region";
    } else if (!from_settings({"AWS_REGION", "AWS_DEFAULT_REGION"}, c.region, c.region_source)) {
        if (auto r = lookup(profile_cfg, "region")) {
            c.region = *r;
            c.region_source = "profile " + c.profile + " (config file)";
        } else {
            c.region = "us-east-1";
            c.region_source = "default";
        }
    }
    if (c.region.empty() ||
        c.region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        return Error{ErrorKind::usage, "invalid region '" + c.region +
                                           "': a region looks like us-east-1 or eu-west-2"};

    std::string endpoint_url;
    if (in.endpoint) {
        endpoint_url = *in.endpoint;
        c.endpoint_source = "--endpoint";
    } else if (!from_settings({"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}, endpoint_url,
                              c.endpoint_source)) {
        if (auto u = lookup(profile_cfg, "s3.endpoint_url")) {
            endpoint_url = *u;
        } else if (auto u2 = lookup(profile_cfg, "endpoint_url")) {
            endpoint_url = *u2;
        }
        if (!endpoint_url.empty()) c.endpoint_source = "profile " + c.profile + " (config file)";
    }
    if (endpoint_url.empty()) {
        c.endpoint = aws_endpoint(c.region);
        c.endpoint_source = "AWS default for " + c.region;
    } else {
        auto e = parse_endpoint(endpoint_url);
        if (!e) return e.error();
        c.endpoint = *e;
    }
    return c;
}

Status load_credentials(Config& c, const ConfigInput& in) {
    auto& cr = c.credentials;
    if (in.credentials) {
        cr = *in.credentials;
        c.credentials_source = "command line";
    } else {
        auto take = [&](const std::map<std::string, std::string>& values,
                        const std::string& label) {
            auto id = values.find("AWS_ACCESS_KEY_ID");
            auto secret = values.find("AWS_SECRET_ACCESS_KEY");
            if (id == values.end() || secret == values.end() || id->second.empty()) return false;
            cr.access_key_id = id->second;
            cr.secret_access_key = secret->second;
            auto token = values.find("AWS_SESSION_TOKEN");
            cr.session_token = token == values.end() ? "" : token->second;
            c.credentials_source = label;
            return true;
        };
        bool found = in.env_file && take(c.env_file_values, "env-file " + *in.env_file);
        if (!found) {
            std::map<std::string, std::string> env_values;
            for (const char* n :
                 {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"})
                if (auto v = c.environment(n)) env_values[n] = *v;
            found = take(env_values, "environment");
        }
        if (!found) {
            const std::string path =
                home_file(c, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
            auto ini = load_ini(path);
            if (!ini) return ini.error();
            const std::map<std::string, std::string>* section = nullptr;
            if (auto it = ini->find(c.profile); it != ini->end()) section = &it->second;
            std::string label = "profile " + c.profile + " (" + path + ")";
            if (!section || !lookup(section, "aws_access_key_id")) {
                // aws-cli also accepts keys in the config file's profile section.
                auto cfg_path = home_file(c, "AWS_CONFIG_FILE", ".aws/config");
                auto cfg = load_ini(cfg_path);
                if (!cfg) return cfg.error();
                section = config_section(*cfg, c.profile);
                label = "profile " + c.profile + " (" + cfg_path + ")";
            }
            if (auto id = lookup(section, "aws_access_key_id")) {
                cr.access_key_id = *id;
                cr.secret_access_key = lookup(section, "aws_secret_access_key").value_or("");
                cr.session_token = lookup(section, "aws_session_token").value_or("");
                c.credentials_source = label;
                found = true;
            }
        }
        if (!found)
            return Error{ErrorKind::credentials,
                         "no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                         "pass --env-file FILE, or configure a profile in ~/.aws/credentials"};
    }
    if (auto st = sigv4::check_credentials(cr); !st) {
        Error e = st.error();
        e.message += " [credentials from " + c.credentials_source + "]";
        return e;
    }
    return Ok{};
}

}  // namespace s3v4::s3
