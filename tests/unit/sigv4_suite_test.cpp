// One Catch2 test case per suite vector and mode, registered at start-up from the folder
// listing, so that `ctest` shows (and can rerun) every vector by name.
#include <catch2/catch.hpp>

#include <list>

#include "s3v4/sigv4/signer.hpp"
#include "vector_case.hpp"

using namespace s3v4::sigv4;

namespace {

const std::string kVectors = S3V4_VECTORS_DIR;

void check_header_mode(const std::string& name) {
    auto c = testvec::load_suite_case(kVectors, name);
    auto s = sign_request(c.request, c.credentials, c.settings, c.time);
    REQUIRE(s.ok());
    CHECK(s->canonical_request == testvec::read_file(c.dir + "/header-canonical-request.txt"));
    CHECK(s->string_to_sign == testvec::read_file(c.dir + "/header-string-to-sign.txt"));
    CHECK(s->signature == testvec::read_file(c.dir + "/header-signature.txt"));
    // The Authorization line of the signed request must match too.
    std::string signed_req = testvec::read_file(c.dir + "/header-signed-request.txt");
    std::string auth;
    for (const auto& h : s->headers_to_add)
        if (h.name == "Authorization") auth = h.value;
    CHECK(signed_req.find("Authorization:" + auth + "\n") != std::string::npos);
}

void check_query_mode(const std::string& name) {
    auto c = testvec::load_suite_case(kVectors, name);
    auto s = presign_request(c.request, c.credentials, c.settings, c.time, c.expires);
    REQUIRE(s.ok());
    CHECK(s->canonical_request == testvec::read_file(c.dir + "/query-canonical-request.txt"));
    CHECK(s->string_to_sign == testvec::read_file(c.dir + "/query-string-to-sign.txt"));
    CHECK(s->signature == testvec::read_file(c.dir + "/query-signature.txt"));
    // The presigned query, compared as a set of parameters with the expected request line.
    std::string line = testvec::read_file(c.dir + "/query-signed-request.txt");
    line = line.substr(0, line.find('\n'));
    std::string target = line.substr(line.find(' ') + 1, line.rfind(" HTTP/") - line.find(' ') - 1);
    auto expected = parse_query(target.substr(target.find('?') + 1));
    auto got = parse_query(s->query);
    std::sort(expected.begin(), expected.end());
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
}

struct VectorInvoker : Catch::ITestInvoker {
    std::string name;
    bool query;
    VectorInvoker(std::string n, bool q) : name(std::move(n)), query(q) {}
    void invoke() const override { query ? check_query_mode(name) : check_header_mode(name); }
};

struct Registrar {
    std::list<std::string> names;  // Catch2 keeps StringRefs: the strings must outlive main
    std::list<Catch::AutoReg> regs;
    Registrar() {
        for (const auto& n : testvec::suite_case_names(kVectors)) {
            for (bool query : {false, true}) {
                names.push_back("suite " + std::string(query ? "query " : "header ") + n);
                regs.emplace_back(new VectorInvoker(n, query), CATCH_INTERNAL_LINEINFO,
                                  Catch::StringRef(),
                                  Catch::NameAndTags{names.back(), "[vector][suite]"});
            }
        }
    }
} registrar;

}  // namespace

TEST_CASE("suite holds all 40 cases", "[vector]") {
    // Guards against a silently empty or partial copy of the vectors.
    CHECK(testvec::suite_case_names(kVectors).size() == 40);
}
