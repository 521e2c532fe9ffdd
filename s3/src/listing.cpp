#include "s3v4/s3/listing.hpp"

#include <pugixml.hpp>

#include "s3v4/sigv4/uri_encode.hpp"

namespace s3v4::s3 {

std::string decode_form_component(std::string_view s) {
    std::string plus_as_space(s);
    for (char& c : plus_as_space)
        if (c == '+') c = ' ';
    return sigv4::uri_decode(plus_as_space);
}

std::string list_query(const ListOptions& o) {
    using sigv4::uri_encode;
    std::string q = "list-type=2&encoding-type=url";
    if (!o.prefix.empty()) q += "&prefix=" + uri_encode(o.prefix);
    if (!o.delimiter.empty()) q += "&delimiter=" + uri_encode(o.delimiter);
    if (o.max_keys > 0) q += "&max-keys=" + std::to_string(o.max_keys);
    if (!o.start_after.empty()) q += "&start-after=" + uri_encode(o.start_after);
    if (!o.continuation_token.empty())
        q += "&continuation-token=" + uri_encode(o.continuation_token);
    if (o.fetch_owner) q += "&fetch-owner=true";
    return q;
}

Result<ListPage> parse_list_result(std::string_view xml) {
    pugi::xml_document doc;
    auto bad = [](const std::string& why) {
        Error e(ErrorKind::http_status, "ListObjectsV2 answer is not a valid ListBucketResult (" +
                                            why + "): the endpoint may not be S3-compatible");
        return e;
    };
    if (xml.empty()) return bad("empty body");
    if (!doc.load_buffer(xml.data(), xml.size())) return bad("malformed XML");
    pugi::xml_node root = doc.child("ListBucketResult");
    if (!root) return bad("no ListBucketResult element");
    const bool url_encoded = std::string_view(root.child_value("EncodingType")) == "url";
    auto text = [&](pugi::xml_node n, const char* name) {
        std::string_view v = n.child_value(name);
        return url_encoded ? decode_form_component(v) : std::string(v);
    };
    ListPage page;
    page.is_truncated = std::string_view(root.child_value("IsTruncated")) == "true";
    page.next_continuation_token = root.child_value("NextContinuationToken");
    page.key_count = root.child("KeyCount").text().as_int();
    for (pugi::xml_node c : root.children("Contents")) {
        ObjectEntry e;
        e.key = text(c, "Key");
        e.last_modified = c.child_value("LastModified");
        e.etag = c.child_value("ETag");
        e.size = c.child("Size").text().as_ullong();
        e.storage_class = c.child_value("StorageClass");
        e.owner_id = c.child("Owner").child_value("ID");
        e.owner_name = c.child("Owner").child_value("DisplayName");
        page.objects.push_back(std::move(e));
    }
    for (pugi::xml_node p : root.children("CommonPrefixes"))
        page.common_prefixes.push_back(text(p, "Prefix"));
    if (page.is_truncated && page.next_continuation_token.empty())
        return bad("truncated page without NextContinuationToken");
    return page;
}

}  // namespace s3v4::s3
