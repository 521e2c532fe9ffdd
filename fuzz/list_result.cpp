// parse_list_result and decode_form_component.
//
// The input is used twice:
//  1. as a raw response body: parse_list_result must not crash; a truncated page it accepts
//     has a continuation token; with EncodingType url every key and prefix it returns is the
//     form-decoding of the text in the document (checked independently with pugixml);
//  2. as material for a document we write ourselves: each input line becomes an object key
//     (its size, a number from the line) and, when it contains '/', a common prefix; keys
//     are written form-encoded (space as '+', as AWS and RGW do, or %20) with
//     EncodingType=url, and parse_list_result must give back exactly those keys, sizes,
//     prefixes, truncation flag and token.
// decode_form_component: inverts both spellings of the form encoding, never lengthens.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "fuzz_check.hpp"
#include "s3v4/s3/listing.hpp"
#include "s3v4/sigv4/uri_encode.hpp"

using namespace s3v4;
using s3v4::fuzz::as_view;

namespace {

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// AWS's encoding-type=url: bytes percent-encoded, a space written as '+' (or as %20).
std::string form_encode(std::string_view s, bool plus_for_space) {
    std::string out = sigv4::uri_encode(s);
    if (!plus_for_space) return out;
    std::string r;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out.compare(i, 3, "%20") == 0) {
            r += '+';
            i += 2;
        } else {
            r += out[i];
        }
    }
    return r;
}

void check_raw(std::string_view body) {
    auto page = s3::parse_list_result(body);
    if (!page) {
        FUZZ_CHECK(page.error().kind == ErrorKind::http_status, "list error kind");
        return;
    }
    FUZZ_CHECK(!page->is_truncated || !page->next_continuation_token.empty(),
               "truncated page accepted without a continuation token");
    pugi::xml_document doc;
    FUZZ_CHECK(doc.load_buffer(body.data(), body.size()), "accepted body does not parse");
    pugi::xml_node root = doc.child("ListBucketResult");
    const bool url = std::string_view(root.child_value("EncodingType")) == "url";
    size_t i = 0;
    for (pugi::xml_node c : root.children("Contents")) {
        FUZZ_CHECK(i < page->objects.size(), "fewer objects than Contents elements");
        const std::string_view raw = c.child_value("Key");
        const std::string& key = page->objects[i++].key;
        FUZZ_CHECK(url ? key.size() <= raw.size() : key == raw, "key length or value");
        if (url) FUZZ_CHECK(key == s3::decode_form_component(raw), "key not form-decoded");
    }
    FUZZ_CHECK(i == page->objects.size(), "more objects than Contents elements");
}

void check_generated(std::string_view in) {
    std::vector<std::string> keys, prefixes;
    std::vector<uint64_t> sizes;
    size_t start = 0;
    while (start < in.size() && keys.size() < 50) {
        size_t end = in.find('\n', start);
        if (end == std::string_view::npos) end = in.size();
        const std::string_view line = in.substr(start, end - start);
        start = end + 1;
        keys.emplace_back(line);
        uint64_t size = 0;
        for (char c : line) size = size * 31 + static_cast<unsigned char>(c);
        sizes.push_back(size);
        if (line.find('/') != std::string_view::npos) prefixes.emplace_back(line.substr(0, line.find('/') + 1));
    }
    const bool truncated = !keys.empty() && (keys[0].size() & 1);
    const bool plus = in.size() & 1;
    const std::string token = "1/kEeX+token=" + std::to_string(in.size());

    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                      "<Name>bucket</Name><Prefix></Prefix>";
    xml += "<KeyCount>" + std::to_string(keys.size()) + "</KeyCount><MaxKeys>1000</MaxKeys>";
    xml += "<EncodingType>url</EncodingType>";
    xml += std::string("<IsTruncated>") + (truncated ? "true" : "false") + "</IsTruncated>";
    if (truncated) xml += "<NextContinuationToken>" + xml_escape(token) + "</NextContinuationToken>";
    for (size_t i = 0; i < keys.size(); ++i) {
        xml += "<Contents><Key>" + xml_escape(form_encode(keys[i], plus)) + "</Key>";
        xml += "<LastModified>2026-11-29T12:00:00.000Z</LastModified>";
        xml += "<ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>";
        xml += "<Size>" + std::to_string(sizes[i]) + "</Size>";
        xml += "<StorageClass>STANDARD</StorageClass></Contents>";
    }
    for (const auto& p : prefixes)
        xml += "<CommonPrefixes><Prefix>" + xml_escape(form_encode(p, plus)) +
               "</Prefix></CommonPrefixes>";
    xml += "</ListBucketResult>";

    auto page = s3::parse_list_result(xml);
    FUZZ_CHECK(page.ok(), "a well-formed ListBucketResult was refused");
    FUZZ_CHECK(page->objects.size() == keys.size(), "object count");
    for (size_t i = 0; i < keys.size(); ++i) {
        FUZZ_CHECK(page->objects[i].key == keys[i], "key does not round-trip");
        FUZZ_CHECK(page->objects[i].size == sizes[i], "size does not round-trip");
        FUZZ_CHECK(page->objects[i].etag == "\"d41d8cd98f00b204e9800998ecf8427e\"", "etag");
        FUZZ_CHECK(page->objects[i].last_modified == "2026-11-29T12:00:00.000Z", "last modified");
    }
    FUZZ_CHECK(page->common_prefixes == prefixes, "common prefixes do not round-trip");
    FUZZ_CHECK(page->is_truncated == truncated, "IsTruncated");
    FUZZ_CHECK(page->next_continuation_token == (truncated ? token : ""), "continuation token");
    FUZZ_CHECK(page->key_count == static_cast<int>(keys.size()), "KeyCount");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in = as_view(data, size);
    check_raw(in);

    for (bool plus : {false, true})
        FUZZ_CHECK(s3::decode_form_component(form_encode(in, plus)) == in,
                   "decode_form_component(form_encode(x)) != x");
    FUZZ_CHECK(s3::decode_form_component(in).size() <= in.size(), "decode lengthened");

    check_generated(in);
    return 0;
}
