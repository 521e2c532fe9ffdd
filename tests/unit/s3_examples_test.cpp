// The worked examples of the Amazon S3 API Reference, reproduced byte for byte.
#include <catch2/catch.hpp>

#include "mini_json.hpp"
#include "s3v4/sigv4/chunked.hpp"
#include "s3v4/sigv4/crypto.hpp"
#include "s3v4/sigv4/signer.hpp"

using namespace s3v4::sigv4;

namespace {

const std::string kDir = std::string(S3V4_VECTORS_DIR) + "/s3-examples/";

struct Example {
    testjson::Value j;
    Request request;
    Credentials credentials;
    Settings settings;
    AmzTime time;
};

Example load(const std::string& id) {
    Example e;
    e.j = testjson::parse_file(kDir + id + ".json");
    const auto& j = e.j;
    e.request.method = j["method"].s;
    // The example's path is the literal key path: encode it once, as the S3 layer does.
    e.request.path = j["path"].s;
    e.request.query = j["raw_query"].s;
    for (const auto& h : j["headers"].a) e.request.headers.push_back({h[0].s, h[1].s});
    e.request.payload_hash = j["payload_hash"].s;
    e.credentials = {j["access_key"].s, j["secret_key"].s, ""};
    e.settings = settings_for(j["service"].s, j["region"].s);
    e.time = *parse_amz_date(j["amz_date"].s);
    return e;
}

void check_header_example(const std::string& id) {
    Example e = load(id);
    const auto& x = e.j["expected"];
    auto s = sign_request(e.request, e.credentials, e.settings, e.time);
    REQUIRE(s.ok());
    CHECK(s->canonical_request == x["canonical_request"].s);
    CHECK(sha256_hex(s->canonical_request) == x["canonical_request_sha256"].s);
    CHECK(s->string_to_sign == x["string_to_sign"].s);
    CHECK(s->signature == x["signature"].s);
    CHECK(s->signed_headers == e.j["signed_headers"].s);
    // The docs print the header without spaces after the commas; AWS accepts both forms.
    std::string auth = authorization_header(e.credentials.access_key_id, *s);
    std::string docs = x["authorization"].s;
    auth.erase(std::remove(auth.begin(), auth.end(), ' '), auth.end());
    docs.erase(std::remove(docs.begin(), docs.end(), ' '), docs.end());
    CHECK(auth == docs);
}

}  // namespace

TEST_CASE("s3 example get-object-range", "[vector][s3]") {
    check_header_example("get-object-range");
}
TEST_CASE("s3 example put-object", "[vector][s3]") {
    check_header_example("put-object");
}
TEST_CASE("s3 example get-bucket-lifecycle", "[vector][s3]") {
    check_header_example("get-bucket-lifecycle");
}
TEST_CASE("s3 example list-objects", "[vector][s3]") {
    check_header_example("list-objects");
}

TEST_CASE("s3 example presigned-get-object", "[vector][s3]") {
    Example e = load("presigned-get-object");
    const auto& x = e.j["expected"];
    auto s = presign_request(e.request, e.credentials, e.settings, e.time,
                             static_cast<int64_t>(e.j["expires"].n));
    REQUIRE(s.ok());
    CHECK(s->canonical_request == x["canonical_request"].s);
    CHECK(s->string_to_sign == x["string_to_sign"].s);
    CHECK(s->signature == x["signature"].s);
    CHECK(s->query == x["canonical_query"].s + "&X-Amz-Signature=" + x["signature"].s);
    CHECK("https://examplebucket.s3.amazonaws.com" + e.request.path + "?" + s->query ==
          x["presigned_url"].s);
}

TEST_CASE("s3 example chunked-put-object, every chunk", "[vector][s3][chunked]") {
    Example e = load("chunked-put-object");
    const auto& x = e.j["expected"];
    const auto decoded = static_cast<uint64_t>(e.j["payload"]["length"].n);
    const auto chunk_size = static_cast<uint64_t>(e.j["chunk_size"].n);
    CHECK(aws_chunked_length(decoded, chunk_size) ==
          static_cast<uint64_t>(x["encoded_content_length"].n));

    auto seed = sign_request(e.request, e.credentials, e.settings, e.time);
    REQUIRE(seed.ok());
    CHECK(seed->canonical_request == x["canonical_request"].s);
    CHECK(seed->string_to_sign == x["string_to_sign"].s);
    CHECK(seed->signature == x["signature"].s);

    const std::string payload(decoded, static_cast<char>(e.j["payload"]["fill_byte"].n));
    ChunkSigner chunks(*seed, e.credentials, e.settings);
    uint64_t offset = 0;
    REQUIRE(x["chunks"].a.size() == 3);
    for (const auto& expected : x["chunks"].a) {
        const auto size = static_cast<uint64_t>(expected["size"].n);
        std::string_view data(payload.data() + offset, size);
        offset += size;
        CHECK(sha256_hex(data) == expected["data_sha256"].s);
        std::string sig = chunks.sign_chunk(data);
        CHECK(chunks.last_string_to_sign() == expected["string_to_sign"].s);
        CHECK(sig == expected["signature"].s);
        CHECK(chunk_header(size, sig) == expected["chunk_header"].s);
    }
    CHECK(offset == decoded);
}
