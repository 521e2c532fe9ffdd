// S3 error bodies and the SignatureDoesNotMatch diagnosis.
//
// Input: an error body, optionally followed by a line "----" and the client's own canonical
// request (what `s3v4 explain --canonical-request FILE` passes).
//
// Properties:
//  - parse_error_body, error_from_response and explain_error (without local credentials,
//    with them, with the client's canonical request and string to sign) never crash, and
//    every finding has a code and an explanation;
//  - an error document we write from input-derived fields parses back to those fields;
//  - parse_canonical_request: join(parse(x)) == x whenever it parses, and a request we
//    build from parts parses back to those parts; compare_canonical_requests(p, p) finds
//    nothing; compare_strings_to_sign(s, s) finds nothing for a four-line s;
//  - line_diff(a, b): the "  " and "- " lines rebuild a, the "  " and "+ " lines rebuild b;
//  - decode_hex_bytes inverts the spaced hex of S3's *Bytes fields.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"
#include "s3v4/s3/diagnosis.hpp"
#include "s3v4/s3/errors.hpp"

using namespace s3v4;
using s3v4::fuzz::as_view;

namespace {

constexpr int64_t kNow = 1795953600;  // 2026-11-29T12:00:00Z

std::string join(const s3::CanonicalRequestParts& p) {
    std::string out = p.method + "\n" + p.path + "\n" + p.query + "\n";
    for (const auto& [k, v] : p.headers) out += k + ":" + v + "\n";
    return out + "\n" + p.signed_headers + "\n" + p.payload_hash;
}

bool same(const s3::CanonicalRequestParts& a, const s3::CanonicalRequestParts& b) {
    return a.method == b.method && a.path == b.path && a.query == b.query &&
           a.headers == b.headers && a.signed_headers == b.signed_headers &&
           a.payload_hash == b.payload_hash;
}

std::vector<std::string> lines_of(std::string_view s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t end = s.find('\n', start);
        out.emplace_back(s.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return out;
        start = end + 1;
    }
}

void check_findings(const std::vector<s3::Finding>& findings) {
    for (const auto& f : findings)
        FUZZ_CHECK(!f.code.empty() && !f.explanation.empty(), "finding without code or text");
}

void check_canonical_request(std::string_view text) {
    auto p = s3::parse_canonical_request(text);
    if (!p) return;
    FUZZ_CHECK(join(*p) == text, "join(parse_canonical_request(x)) != x");
    FUZZ_CHECK(s3::compare_canonical_requests(*p, *p).empty(), "a request differs from itself");
    check_findings(s3::inspect_canonical_request(*p));
}

void check_line_diff(std::string_view a, std::string_view b) {
    const std::string d = s3::line_diff(a, b);
    std::string ra, rb;
    bool first_a = true, first_b = true;
    auto add = [](std::string& to, bool& first, std::string_view line) {
        if (!first) to += '\n';
        to += line;
        first = false;
    };
    size_t start = 0;
    while (start < d.size()) {
        size_t end = d.find('\n', start);
        FUZZ_CHECK(end != std::string::npos, "line_diff output does not end with a newline");
        const std::string_view line(d.data() + start, end - start);
        start = end + 1;
        FUZZ_CHECK(line.size() >= 2, "line_diff line without a marker");
        const std::string_view marker = line.substr(0, 2), body = line.substr(2);
        if (marker == "  ") {
            add(ra, first_a, body);
            add(rb, first_b, body);
        } else if (marker == "- ") {
            add(ra, first_a, body);
        } else {
            FUZZ_CHECK(marker == "+ ", "line_diff marker");
            add(rb, first_b, body);
        }
    }
    FUZZ_CHECK(ra == a && rb == b, "line_diff does not rebuild both inputs");
}

std::string spaced_hex(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        if (!out.empty()) out += ' ';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

std::string field(const std::vector<std::pair<std::string, std::string>>& fields,
                  const std::string& name) {
    for (const auto& [k, v] : fields)
        if (k == name) return v;
    return {};
}

void explain_all_ways(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::optional<std::string>& client_cr) {
    s3::ExplainInput in;
    in.fields = fields;
    in.now = kNow;
    check_findings(s3::explain_error(in).findings);

    in.local_credentials =
        sigv4::Credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
    in.expected_region = "eu-west-1";
    check_findings(s3::explain_error(in).findings);

    in.local_credentials->secret_access_key = " \"secret with space\"\n";
    in.local_credentials->access_key_id = "GK31c2f218a2e44f485b94239e";  // Garage-style id
    in.client_canonical_request = client_cr ? client_cr : field(fields, "CanonicalRequest");
    in.client_string_to_sign = client_cr ? *client_cr : field(fields, "StringToSign") + "0";
    in.now = 0;
    check_findings(s3::explain_error(in).findings);
}

void check_generated_body(std::string_view in) {
    // Names: letters only (XML names); values: visible text with at least one non-space byte
    // and no CR (XML parsers normalise line ends and drop whitespace-only text).
    std::vector<std::pair<std::string, std::string>> fields{{"Code", "SignatureDoesNotMatch"}};
    for (const auto& line : lines_of(in)) {
        if (fields.size() >= 20) break;
        const size_t eq = line.find('=');
        std::string name = "F", value;
        for (char c : line.substr(0, eq == std::string::npos ? 0 : eq))
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) name += c;
        for (char c : line.substr(eq == std::string::npos ? 0 : eq + 1)) {
            const auto u = static_cast<unsigned char>(c);
            if ((u >= 0x20 && u < 0x7f) || u == '\t') value += c;
        }
        value += ".";
        fields.emplace_back(name, value);
    }
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>";
    for (const auto& [k, v] : fields) {
        xml += "<" + k + ">";
        for (char c : v) {
            if (c == '<') xml += "&lt;";
            else if (c == '&') xml += "&amp;";
            else if (c == '>') xml += "&gt;";
            else xml += c;
        }
        xml += "</" + k + ">";
    }
    xml += "</Error>";
    auto parsed = s3::parse_error_body(xml);
    FUZZ_CHECK(parsed && *parsed == fields, "an error document does not parse back to its fields");
}

void check_built_request(std::string_view in) {
    // Parts from input lines (no newlines inside a part; header names without ':').
    auto lines = lines_of(in);
    while (lines.size() < 6) lines.emplace_back();
    s3::CanonicalRequestParts p;
    p.method = lines[0];
    p.path = lines[1];
    p.query = lines[2];
    for (size_t i = 3; i + 2 < lines.size(); ++i) {
        const std::string& l = lines[i];
        const size_t colon = l.find(':');
        p.headers.emplace_back(l.substr(0, colon),
                               colon == std::string::npos ? "" : l.substr(colon + 1));
    }
    p.signed_headers = lines[lines.size() - 2];
    p.payload_hash = lines.back();
    auto back = s3::parse_canonical_request(join(p));
    FUZZ_CHECK(back && same(*back, p), "a built canonical request does not parse back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in = as_view(data, size);

    std::string_view body = in;
    std::optional<std::string> client_cr;
    const size_t sep = in.find("\n----\n");
    if (sep != std::string_view::npos) {
        body = in.substr(0, sep);
        client_cr = std::string(in.substr(sep + 6));
    }

    auto fields = s3::parse_error_body(body);
    const Error e = s3::error_from_response(400 + static_cast<int>(size % 104), body,
                                            {"PutObject", "s3:PutObject", "s3://b/k", "b", "r"});
    FUZZ_CHECK(!e.message.empty() && e.kind == ErrorKind::http_status, "error_from_response");
    FUZZ_CHECK(!fields || e.code == field(*fields, "Code"), "error code from body");

    if (fields) {
        explain_all_ways(*fields, client_cr);
        for (const char* name : {"CanonicalRequest", "StringToSign"}) {
            const std::string v = field(*fields, name);
            check_canonical_request(v);
            if (lines_of(v).size() == 4)
                FUZZ_CHECK(s3::compare_strings_to_sign(v, v).empty(), "sts differs from itself");
        }
        if (client_cr) check_line_diff(*client_cr, field(*fields, "CanonicalRequest"));
    }

    check_canonical_request(in);
    if (client_cr) check_canonical_request(*client_cr);
    if (in.size() <= 1024) check_line_diff(body, in);
    check_built_request(in);
    check_generated_body(in);

    const auto decoded = s3::decode_hex_bytes(spaced_hex(in));
    FUZZ_CHECK(decoded && *decoded == in, "decode_hex_bytes(spaced hex of x) != x");
    (void)s3::decode_hex_bytes(in);
    return 0;
}
