// Unit tests of the S3 layer on its own: names, endpoints, configuration files, XML,
// error messages and file bodies. Bad input must give a clear error, never a crash.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <map>

#include "s3v4/s3/config.hpp"
#include "s3v4/s3/content_type.hpp"
#include "s3v4/s3/diagnosis.hpp"
#include "s3v4/s3/endpoint.hpp"
#include "s3v4/s3/errors.hpp"
#include "s3v4/s3/file_body.hpp"
#include "s3v4/s3/listing.hpp"
#include "s3v4/s3/names.hpp"

using namespace s3v4;
using namespace s3v4::s3;

namespace {

std::string temp_dir() {
    char tmpl[] = "/tmp/s3v4-unit-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    return tmpl;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

Environment env_of(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

bool mentions(const Error& e, const std::string& text) {
    return e.message.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("bucket names: S3's rules, each refusal says why", "[names]") {
    CHECK(check_bucket_name("product-photos-ai"));
    CHECK(check_bucket_name("a.b-c"));
    const std::pair<const char*, const char*> bad[] = {
        {"Photos", "upper-case"},      {"my_bucket", "'_'"},      {"ab", "2 characters"},
        {"-abc", "start and end"},     {"abc-", "start and end"}, {"a..b", "adjacent dots"},
        {"192.168.5.4", "IP address"}, {"a b c", "' '"},
    };
    for (const auto& [name, why] : bad) {
        auto st = check_bucket_name(name);
        INFO(name);
        REQUIRE(!st);
        CHECK(st.error().kind == ErrorKind::usage);
        CHECK(mentions(st.error(), why));
    }
    CHECK(mentions(check_bucket_name(std::string(64, 'a')).error(), "64 characters"));
}

TEST_CASE("object keys: length, NUL/CR/LF, UTF-8", "[names]") {
    CHECK(check_key("photos/caf\xc3\xa9.jpg"));
    CHECK(check_key(std::string(1024, 'k')));
    CHECK(mentions(check_key("").error(), "empty"));
    CHECK(mentions(check_key(std::string(1025, 'k')).error(), "1024"));
    CHECK(mentions(check_key(std::string("a\0b", 3)).error(), "NUL"));
    CHECK(mentions(check_key("a\nb").error(), "LF"));
    CHECK(mentions(check_key("\xff\xfe").error(), "UTF-8"));
    CHECK(!check_key("\xc0\xaf"));         // overlong '/'
    CHECK(!check_key("\xed\xa0\x80"));     // a UTF-16 surrogate
    CHECK(!check_key("\xe2\x82"));         // truncated sequence
    CHECK(check_key("\xf0\x9f\x93\xb7"));  // an emoji
}

TEST_CASE("s3:// URIs", "[names]") {
    auto u = parse_s3_uri("s3://b-1/dir/ a+b%");
    REQUIRE(u);
    CHECK(u->bucket == "b-1");
    CHECK(u->key == "dir/ a+b%");
    CHECK(parse_s3_uri("s3://b-1")->key.empty());
    CHECK(mentions(parse_s3_uri("b-1/k").error(), "s3://BUCKET/KEY"));
    CHECK(mentions(parse_s3_uri("s3:///k").error(), "no bucket"));
    CHECK(!parse_s3_uri("s3://UPPER/k"));
}

TEST_CASE("endpoints: scheme, host, port; no path", "[endpoint]") {
    auto e = parse_endpoint("http://127.0.0.1:9000/");
    REQUIRE(e);
    CHECK(e->authority() == "127.0.0.1:9000");
    CHECK(parse_endpoint("https://s3.eu-west-1.amazonaws.com")->is_aws);
    CHECK(parse_endpoint("https://h:443")->authority() == "h");
    CHECK(mentions(parse_endpoint("minio:9000").error(), "no scheme"));
    CHECK(mentions(parse_endpoint("ftp://h").error(), "http or https"));
    CHECK(mentions(parse_endpoint("http://h/bucket").error(), "path"));
    CHECK(mentions(parse_endpoint("http://h:port").error(), "port"));
    CHECK(mentions(parse_endpoint("http://h:70000").error(), "port"));
    CHECK(mentions(parse_endpoint("http://u:p@h").error(), "user info"));
    CHECK(mentions(parse_endpoint("http://").error(), "no host"));
    CHECK(mentions(parse_endpoint("http://fe80::1").error(), "brackets"));
    CHECK(mentions(parse_endpoint("http://a b:80").error(), "space"));
    CHECK(parse_endpoint("http://[::1]:9000")->authority() == "[::1]:9000");
}

TEST_CASE("addressing: virtual-hosted unless forced, dotted over TLS, IP or localhost",
          "[endpoint]") {
    auto aws = aws_endpoint("us-east-1");
    CHECK(locate_bucket(aws, "b-1", Addressing::automatic).endpoint.host ==
          "b-1.s3.us-east-1.amazonaws.com");
    CHECK(!locate_bucket(aws, "b.1", Addressing::automatic).virtual_host);
    CHECK(!locate_bucket(*parse_endpoint("http://127.0.0.1:1"), "b-1", Addressing::automatic)
               .virtual_host);
    CHECK(locate_bucket(*parse_endpoint("http://localhost:1"), "b-1", Addressing::virtual_host)
              .endpoint.authority() == "b-1.localhost:1");
    auto path = locate_bucket(aws, "b-1", Addressing::path_style);
    CHECK(path.object_path("a b/c+d") == "/b-1/a%20b/c%2Bd");
}

TEST_CASE("dotenv: quotes, comments, export; malformed lines named", "[config]") {
    auto v = parse_dotenv(
        "# server/.env\nexport AWS_REGION=eu-west-1\nS3_BUCKET = \"product-photos-ai\"\n"
        "SECRET='a#b'\nEXPIRY=3600 # one hour\nEMPTY=\nESC=\"a\\nb\"\n",
        "server/.env");
    REQUIRE(v);
    CHECK(v->at("AWS_REGION") == "eu-west-1");
    CHECK(v->at("S3_BUCKET") == "product-photos-ai");
    CHECK(v->at("SECRET") == "a#b");
    CHECK(v->at("EXPIRY") == "3600");
    CHECK(v->at("EMPTY").empty());
    auto hashes = parse_dotenv("A= # only a comment\nB=#abc\nC=x#y\n", "h.env");
    REQUIRE(hashes);
    CHECK(hashes->at("A").empty());
    CHECK(hashes->at("B") == "#abc");
    CHECK(hashes->at("C") == "x#y");
    CHECK(v->at("ESC") == "a\nb");
    auto bad = parse_dotenv("A=1\nthis is not a setting\n", "x.env");
    REQUIRE(!bad);
    CHECK(mentions(bad.error(), "x.env:2"));
    CHECK(mentions(parse_dotenv("A=\"open\n", "y.env").error(), "unterminated"));
    CHECK(!parse_dotenv("1A=b\n", "z.env"));
}

TEST_CASE("INI files: sections, nested s3 settings; malformed lines named", "[config]") {
    auto ini = parse_ini(
        "[default]\nregion = eu-west-1\ns3 =\n  endpoint_url = http://x:1\n"
        "; comment\n[profile dev]\naws_access_key_id=AKID\n",
        "config");
    REQUIRE(ini);
    CHECK(ini->at("default").at("region") == "eu-west-1");
    CHECK(ini->at("default").at("s3.endpoint_url") == "http://x:1");
    CHECK(ini->at("profile dev").at("aws_access_key_id") == "AKID");
    CHECK(mentions(parse_ini("[default\nx=1\n", "c").error(), "c:1"));
    CHECK(mentions(parse_ini("x=1\n", "c").error(), "before any [section]"));
    CHECK(mentions(parse_ini("[a]\njunk\n", "c").error(), "c:2"));
}

TEST_CASE("configuration precedence: flags, env-file, environment, shared files", "[config]") {
    const std::string dir = temp_dir();
    write(dir + "/config",
          "[default]\nregion = ap-south-1\n[profile dev]\nregion = eu-north-1\n"
          "endpoint_url = http://127.0.0.1:7480\n");
    write(dir + "/credentials",
          "[default]\naws_access_key_id = AKIAFILE000000000000\n"
          "aws_secret_access_key = filesecret\n"
          "[dev]\naws_access_key_id = AKIADEV0000000000000\n"
          "aws_secret_access_key = devsecret\n");
    write(dir + "/server.env",
          "AWS_REGION=us-west-2\nAWS_ACCESS_KEY_ID=AKIAENVFILE000000000\n"
          "AWS_SECRET_ACCESS_KEY=envfilesecret\nS3_BUCKET=from-file\n");
    std::map<std::string, std::string> base = {
        {"AWS_CONFIG_FILE", dir + "/config"},
        {"AWS_SHARED_CREDENTIALS_FILE", dir + "/credentials"}};

    {  // shared files only
        ConfigInput in;
        auto c = load_config(in, env_of(base));
        REQUIRE(c);
        CHECK(c->region == "ap-south-1");
        REQUIRE(load_credentials(*c, in));
        CHECK(c->credentials.access_key_id == "AKIAFILE000000000000");
        CHECK(c->endpoint.host == "s3.ap-south-1.amazonaws.com");
    }
    {  // a profile
        ConfigInput in;
        in.profile = "dev";
        auto c = load_config(in, env_of(base));
        REQUIRE(c);
        CHECK(c->region == "eu-north-1");
        CHECK(c->endpoint.authority() == "127.0.0.1:7480");
        REQUIRE(load_credentials(*c, in));
        CHECK(c->credentials.secret_access_key == "devsecret");
    }
    {  // the environment beats the files; --env-file beats the environment; flags beat all
        auto env = base;
        env["AWS_REGION"] = "ca-central-1";
        env["AWS_ACCESS_KEY_ID"] = "AKIAENV0000000000000";
        env["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        env["S3_BUCKET"] = "from-env";
        ConfigInput in;
        auto c = load_config(in, env_of(env));
        REQUIRE(c);
        CHECK(c->region == "ca-central-1");
        REQUIRE(load_credentials(*c, in));
        CHECK(c->credentials.access_key_id == "AKIAENV0000000000000");
        CHECK(c->setting("S3_BUCKET") == "from-env");

        in.env_file = dir + "/server.env";
        c = load_config(in, env_of(env));
        REQUIRE(c);
        CHECK(c->region == "us-west-2");
        REQUIRE(load_credentials(*c, in));
        CHECK(c->credentials.access_key_id == "AKIAENVFILE000000000");
        CHECK(c->setting("S3_BUCKET") == "from-file");

        in.region = "sa-east-1";
        c = load_config(in, env_of(env));
        CHECK(c->region == "sa-east-1");
        CHECK(c->region_source == "--region");
    }
    {  // an unknown profile, a malformed file, no credentials at all
        ConfigInput in;
        in.profile = "nope";
        auto c = load_config(in, env_of(base));
        REQUIRE(!c);
        CHECK(c.error().kind == ErrorKind::credentials);
        CHECK(mentions(c.error(), "profile 'nope'"));
        write(dir + "/broken", "[default\n");
        auto env = base;
        env["AWS_CONFIG_FILE"] = dir + "/broken";
        CHECK(mentions(load_config(ConfigInput{}, env_of(env)).error(), "broken:1"));
        auto none = load_config(ConfigInput{}, env_of({{"HOME", dir + "/nowhere"}}));
        REQUIRE(none);
        auto st = load_credentials(*none, ConfigInput{});
        REQUIRE(!st);
        CHECK(mentions(st.error(), "no credentials found"));
    }
}

TEST_CASE("ListObjectsV2 results: decoding, and malformed answers refused", "[xml]") {
    auto page = parse_list_result(
        "<?xml version=\"1.0\"?><ListBucketResult><EncodingType>url</EncodingType>"
        "<IsTruncated>true</IsTruncated><NextContinuationToken>tok</NextContinuationToken>"
        "<KeyCount>2</KeyCount><Contents><Key>a+b%2Bc%25</Key><Size>5</Size>"
        "<ETag>&quot;x&quot;</ETag><LastModified>2026-11-29T10:00:00.000Z</LastModified>"
        "</Contents><CommonPrefixes><Prefix>dir%20x/</Prefix></CommonPrefixes>"
        "</ListBucketResult>");
    REQUIRE(page);
    REQUIRE(page->objects.size() == 1);
    CHECK(page->objects[0].key == "a b+c%");  // '+' is a space in encoding-type=url
    CHECK(page->objects[0].size == 5);
    CHECK(page->objects[0].etag == "\"x\"");
    CHECK(page->common_prefixes == std::vector<std::string>{"dir x/"});
    CHECK(page->is_truncated);
    CHECK(page->next_continuation_token == "tok");
    CHECK(mentions(parse_list_result("").error(), "empty body"));
    CHECK(mentions(parse_list_result("<ListBucketResult><Contents>").error(), "malformed XML"));
    CHECK(mentions(parse_list_result("<Error><Code>X</Code></Error>").error(),
                   "no ListBucketResult"));
    CHECK(mentions(parse_list_result("<ListBucketResult><IsTruncated>true</IsTruncated>"
                                     "</ListBucketResult>")
                       .error(),
                   "NextContinuationToken"));
    CHECK(list_query({"a b/", "/", 10, "x+y", "t/o", true}) ==
          "list-type=2&encoding-type=url&prefix=a%20b%2F&delimiter=%2F&max-keys=10"
          "&start-after=x%2By&continuation-token=t%2Fo&fetch-owner=true");
}

TEST_CASE("S3 error bodies become errors that name the fix", "[errors]") {
    ErrorContext put{"PutObject", "s3:PutObject", "s3://b/k", "b", "us-east-1"};
    auto e = error_from_response(
        403, "<Error><Code>AccessDenied</Code><Message></Message><RequestId>R1</RequestId></Error>",
        put);
    CHECK(e.kind == ErrorKind::http_status);
    CHECK(e.http_status == 403);
    CHECK(e.code == "AccessDenied");
    CHECK(mentions(e, "s3:PutObject on arn:aws:s3:::b/*"));
    CHECK(mentions(e, "R1"));
    ErrorContext list{"ListObjectsV2", "s3:ListBucket", "s3://b", "b", "us-east-1"};
    CHECK(mentions(error_from_response(403, "<Error><Code>AccessDenied</Code></Error>", list),
                   "s3:ListBucket on arn:aws:s3:::b"));
    CHECK(mentions(error_from_response(404, "<Error><Code>NoSuchBucket</Code></Error>", list),
                   "region (us-east-1)"));
    auto html = error_from_response(502, "<html><body>502 Bad Gateway</body></html>", put);
    CHECK(html.code.empty());
    CHECK(mentions(html, "not an S3 error document"));
    CHECK(mentions(error_from_response(503, "", put), "no body"));
    CHECK(error_from_response(404, "", put).code == "NoSuchKey");
    auto fields = parse_error_body("<Error><Code>C</Code><Region>eu-west-1</Region></Error>");
    REQUIRE(fields);
    CHECK(fields->size() == 2);
    CHECK(!parse_error_body("not xml"));
    CHECK(!parse_error_body(""));
}

TEST_CASE("an upload whose file grows or shrinks is an error, not a wrong object", "[files]") {
    const std::string dir = temp_dir(), path = dir + "/f.bin";
    write(path, std::string(1000, 'x'));
    {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        FileSource src(f, 1000, path);
        char buf[600];
        REQUIRE(src.read(buf, sizeof buf) == size_t{600});
        std::ofstream(path, std::ios::app) << "more";
        REQUIRE(src.read(buf, sizeof buf) == size_t{400});
        CHECK(!src.read(buf, sizeof buf));
        CHECK(src.error().find("grew") != std::string::npos);
        std::fclose(f);
    }
    {
        write(path, std::string(1000, 'x'));
        std::FILE* f = std::fopen(path.c_str(), "rb");
        FileSource src(f, 1000, path);
        REQUIRE(truncate(path.c_str(), 100) == 0);
        char buf[600];
        REQUIRE(src.read(buf, sizeof buf) == size_t{100});
        CHECK(!src.read(buf, sizeof buf));
        CHECK(src.error().find("shrank") != std::string::npos);
        std::fclose(f);
    }
}

TEST_CASE("downloads replace the destination only when committed", "[files]") {
    const std::string dir = temp_dir(), dest = dir + "/photo.jpg";
    write(dest, "old");
    auto count_temps = [&] {
        int n = 0;
        DIR* d = opendir(dir.c_str());
        while (dirent* e = readdir(d))
            if (std::string(e->d_name).find(".s3v4-") != std::string::npos) ++n;
        closedir(d);
        return n;
    };
    {
        auto sink = AtomicFileSink::open(dest);
        REQUIRE(sink);
        (*sink)->write("partial", 7);
        CHECK(count_temps() == 1);
    }  // dropped without commit, as after a failed transfer
    CHECK(count_temps() == 0);
    std::ifstream old_in(dest);
    CHECK(std::string(std::istreambuf_iterator<char>(old_in), {}) == "old");
    {
        auto sink = AtomicFileSink::open(dest);
        REQUIRE(sink);
        (*sink)->write("junk", 4);
        REQUIRE((*sink)->rewind());  // a retry starts over
        (*sink)->write("new!", 4);
        CHECK((*sink)->md5_hex() == "e79176ee652b9cda9eca2ff82606cf78");  // md5sum of "new!"
        REQUIRE((*sink)->commit());
    }
    std::ifstream in(dest);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "new!");
    CHECK(count_temps() == 0);
    CHECK(mentions(AtomicFileSink::open(dir + "/missing/x").error(), "does not exist"));
    CHECK(mentions(AtomicFileSink::open(dir).error(), "is a directory"));
    CHECK(mentions(AtomicFileSink::open(dir + "/").error(), "directory"));
}

TEST_CASE("content types from file names", "[content-type]") {
    CHECK(guess_content_type("cat.JPG") == "image/jpeg");
    CHECK(guess_content_type("dir.v2/readme") == "application/octet-stream");
    CHECK(guess_content_type(".bashrc") == "application/octet-stream");
    CHECK(guess_content_type("a.png") == "image/png");
}

TEST_CASE("canonical requests: parsing and the line diff", "[diagnosis]") {
    auto p = parse_canonical_request(
        "GET\n/a\nx=1\nhost:h\nx-amz-date:d\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD");
    REQUIRE(p);
    CHECK(p->headers.size() == 2);
    CHECK(p->signed_headers == "host;x-amz-date");
    CHECK(!parse_canonical_request("GET\n/a"));
    CHECK(!parse_canonical_request("GET\n/a\n\nnocolon\n\nh\nx"));
    CHECK(line_diff("a\nb\nc", "a\nx\nc") == "  a\n- b\n+ x\n  c\n");
    CHECK(decode_hex_bytes("47 45 54") == std::string("GET"));
    CHECK(!decode_hex_bytes("4 7"));
}
