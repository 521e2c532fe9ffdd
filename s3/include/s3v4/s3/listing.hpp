// ListObjectsV2: request options, one page of results, and its XML parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3v4/error.hpp"

namespace s3v4::s3 {

struct ListOptions {
    std::string prefix;
    std::string delimiter;  // "/" groups keys into common prefixes
    int max_keys = 0;       // page size; 0 = the server's default (1000)
    std::string start_after;
    std::string continuation_token;
    bool fetch_owner = false;
};

struct ObjectEntry {
    std::string key;            // decoded
    std::string last_modified;  // ISO 8601 as sent
    std::string etag;
    uint64_t size = 0;
    std::string storage_class;
    std::string owner_id, owner_name;
};

struct ListPage {
    std::vector<ObjectEntry> objects;
    std::vector<std::string> common_prefixes;  // decoded
    bool is_truncated = false;
    std::string next_continuation_token;
    int key_count = 0;
};

// The raw query of one ListObjectsV2 request (always encoding-type=url).
std::string list_query(const ListOptions& options);

// Parses a ListBucketResult document; keys are decoded when EncodingType is url.
Result<ListPage> parse_list_result(std::string_view xml);

// Decodes S3's encoding-type=url form ('+' is a space, %XX a byte).
std::string decode_form_component(std::string_view s);

}  // namespace s3v4::s3
