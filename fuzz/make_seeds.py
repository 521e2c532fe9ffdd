#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/TARGET/ from tests/vectors/ and from the hand-written
S3 answers, dotenv and INI files below. Deterministic: run it again after changing a sample
and commit what changes. File names are seed-NAME (libFuzzer adds its own, hash-named, files
only to the temporary work corpus of fuzz/run.sh, never here).

Usage: fuzz/make_seeds.py
"""
import hashlib
import hmac
import json
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent / "tests" / "vectors"
CORPUS = HERE / "corpus"

AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
EMPTY = hashlib.sha256(b"").hexdigest()

seeds = {}


def add(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    seeds.setdefault(target, {})[name] = data


def suite_cases():
    for suite in ("sigv4-suite", "sigv4-suite-extra"):
        for case in sorted((VECTORS / suite / "v4").iterdir()):
            if (case / "request.txt").exists():
                yield case.name, (case / "request.txt").read_bytes()


def s3_examples():
    for f in sorted((VECTORS / "s3-examples").glob("*.json")):
        yield f.stem, json.loads(f.read_text())


# ---- from tests/vectors: request targets, queries, header blocks, canonical requests
for name, req in suite_cases():
    head, _, _ = req.partition(b"\n\n")
    request_line, _, headers = head.partition(b"\n")
    parts = request_line.split(b" ")
    target = b" ".join(parts[1:-1])  # a target may hold a literal space
    path, _, query = target.partition(b"?")
    add("uri_encoding", name, path)
    if query:
        add("canonical_query", name, query)
    add("canonical_headers", name, headers + b"\n")

for name, ex in s3_examples():
    add("uri_encoding", "s3-" + name, ex["path"])
    if ex["raw_query"]:
        add("canonical_query", "s3-" + name, ex["raw_query"])
    add("canonical_headers", "s3-" + name, "".join(f"{k}:{v}\n" for k, v in ex["headers"]))
    exp = ex["expected"]
    if "presigned_url" in exp:
        url = exp["presigned_url"]
        add("presign_verify", "s3-" + name, url)
        add("canonical_query", "s3-" + name + "-presigned", url.partition("?")[2])
    add("error_body", "s3-" + name + "-canonical-request", exp["canonical_request"])
    add("amz_time", "s3-" + name, ex["amz_date"])

# ---- uri_encoding: paths and keys people get wrong
for i, p in enumerate([
        "/foo/bar/baz%3Cqux%3Aquux", "/a%3cb", "//a/./../b//", "/example/..", "/../a",
        "/photos/2024/caf\u00e9 +1.jpg", "/caf%C3%A9%20%2B1.jpg", "100%", "%zz", "%4", "%",
        "/%E1%88%B4", "/\u1234", "/a+b c~d_e.f-g", "/key%2Fwith%2Fslashes", "*'()!$,;:@=&?#",
        "/a%252F", "/%00%0A"]):
    add("uri_encoding", f"path-{i}", p)

# ---- canonical_query
for i, q in enumerate([
        "list-type=2&encoding-type=url&prefix=photos%2F2024%2F&delimiter=%2F&max-keys=1000",
        "list-type=2&encoding-type=url&continuation-token=1%2FkEeX%2Btoken%3D",
        "uploads", "partNumber=1&uploadId=VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
        "a=2&a=1&b", "=x&&=&x=", "a=x+y&a=x%20y&a=x%2By", "versionId=3%2FL4kqtJl40Nr8X8gdRQBpUMLUo",
        "response-content-disposition=attachment%3B%20filename%3D%22r%C3%A9sum%C3%A9.pdf%22",
        "Z=1&a=1&_=1&~=1&-=1", "%zz=%4&%=%%"]):
    add("canonical_query", f"query-{i}", q)

# ---- canonical_headers
add("canonical_headers", "folded", "Host:h\nX-Amz-Meta-A:  one\n\t two  \nx-amz-meta-a:three\nMy-Header1:value1\n  value2\n")
add("canonical_headers", "unsignable",
    "Host:bucket.s3.amazonaws.com\nUser-Agent:curl/8\nAuthorization:AWS4-HMAC-SHA256 x\n"
    "Expect:100-continue\nX-Amzn-Trace-Id:Root=1-5\ntraceparent:00-ab-cd-01\nContent-Type:image/jpeg\n")
add("canonical_headers", "crlf", "Host:h\r\nContent-MD5:1B2M2Y8AsgTpgAmY7PhCfg==\r\nRange:bytes=0-9\r\n")
add("canonical_headers", "repeats", "X-A:1\nx-a:2\nX-B:3\nX-A:4\nhost:h\n")

# ---- s3_uri: URIs, bucket names, keys, endpoints
for i, s in enumerate([
        "s3://examplebucket/test.txt", "s3://examplebucket", "s3://examplebucket/",
        "s3://my.dotted.bucket/photos/2024/caf\u00e9 +1.jpg", "s3://Bad_Bucket/k", "s3:///k",
        "s3://192.168.1.10/k", "s3://ab/k", "s3://" + "a" * 64 + "/k", "s3://a..b/k",
        "s3://-abc/k", "examplebucket", "my-bucket.2024", "1.2.3.4", "xn--abc",
        "photos/caf\u00e9.jpg", "a\r\nb", "\xc3\x28", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
        "http://127.0.0.1:7480", "https://s3.us-east-1.amazonaws.com", "https://s3.example.com:443/",
        "http://[::1]:8000", "HTTPS://MinIO.Example.com:9000", "http://user@host",
        "http://host/path", "http://host:99999", "http://host:", "ftp://host", "http://"]):
    add("s3_uri", f"input-{i}", s)

# ---- presign_verify: 5 option bytes, then a key; and whole URLs
for i, (opts, key) in enumerate([
        (b"\x00\x00\x00\x10\x00", "test.txt"), (b"\x07\x03\x01\x00\x00", "photos/2024/caf\u00e9 +1.jpg"),
        (b"\x13\x05\x7f\xff\xff", "a b/c+d%e?f#g"), (b"\x2a\x08\x00\x00\x01", "//a/./../b//"),
        (b"\x35\x01\x12\x34\x56", "\u1234/\U0001F600"), (b"\x03\x02\x09\x3a\x7f", "~!*'();:@&=+$,")]):
    add("presign_verify", f"key-{i}", opts + key.encode())
add("presign_verify", "url-token",
    "http://127.0.0.1:7480/b-1/a%20b?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
    "AKIAIOSFODNN7EXAMPLE%2F20130524%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
    "&X-Amz-Expires=604801&X-Amz-Security-Token=FQoG%2Btoken&X-Amz-SignedHeaders=content-type%3Bhost"
    "&X-Amz-Signature=0000000000000000000000000000000000000000000000000000000000000000")
add("presign_verify", "url-no-query", "https://examplebucket.s3.amazonaws.com/test.txt")
add("presign_verify", "url-bare-query", "https://host?X-Amz-Algorithm=x")

# ---- list_result: ListObjectsV2 answers as AWS and Ceph RGW write them
NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'


def contents(key, size, etag="d41d8cd98f00b204e9800998ecf8427e", owner=False):
    o = "<Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>" \
        "<DisplayName>webfile</DisplayName></Owner>" if owner else ""
    return (f"<Contents><Key>{key}</Key><LastModified>2026-11-29T12:00:00.000Z</LastModified>"
            f"<ETag>&quot;{etag}&quot;</ETag><Size>{size}</Size>{o}<StorageClass>STANDARD</StorageClass></Contents>")


add("list_result", "aws-url-encoded",
    f'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult {NS}><Name>examplebucket</Name>'
    "<Prefix>photos%2F</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><Delimiter>%2F</Delimiter>"
    "<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>"
    + contents("photos%2Fcaf%C3%A9+%2B1.jpg", 142863) + contents("photos%2Fa%26b.png", 0)
    + contents("photos%2F%E1%88%B4", 18446744073709551615)
    + "<CommonPrefixes><Prefix>photos%2F2024%2F</Prefix></CommonPrefixes></ListBucketResult>")
add("list_result", "aws-truncated",
    f'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult {NS}><Name>examplebucket</Name>'
    "<Prefix></Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType>"
    "<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>"
    + contents("a", 1, owner=True) + contents("b", 2, owner=True) + "</ListBucketResult>")
add("list_result", "aws-truncated-without-token",
    f"<ListBucketResult {NS}><IsTruncated>true</IsTruncated>{contents('a', 1)}</ListBucketResult>")
add("list_result", "rgw-empty",
    f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult {NS}><Name>test-bucket</Name>'
    "<Prefix></Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount>"
    "<EncodingType>url</EncodingType></ListBucketResult>")
add("list_result", "rgw-objects",
    f'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult {NS}><Name>test-bucket</Name>'
    "<Prefix>dir%2F</Prefix><MaxKeys>1000</MaxKeys><Delimiter>%2F</Delimiter><IsTruncated>false</IsTruncated>"
    "<EncodingType>url</EncodingType>"
    "<Contents><Key>dir%2Fkey%20with%20spaces</Key><LastModified>2026-11-29T12:00:00.123Z</LastModified>"
    "<ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><Size>7</Size><StorageClass>STANDARD</StorageClass>"
    "<Owner><ID>testid</ID><DisplayName>M. Tester</DisplayName></Owner><Type>Normal</Type></Contents>"
    "<Contents><Key>dir%2Fmultipart.bin</Key><LastModified>2026-11-29T12:00:01.000Z</LastModified>"
    "<ETag>&quot;e2fc714c4727ee9395f324cd2e7f331f-3&quot;</ETag><Size>15728640</Size>"
    "<StorageClass>STANDARD</StorageClass><Type>Normal</Type></Contents>"
    "<CommonPrefixes><Prefix>dir%2Fsub%2F</Prefix></CommonPrefixes><KeyCount>3</KeyCount></ListBucketResult>")
add("list_result", "not-encoded",
    f"<ListBucketResult {NS}><IsTruncated>false</IsTruncated>{contents('a &amp; b &lt;c&gt;.txt', 3)}"
    "<CommonPrefixes><Prefix><![CDATA[x/]]></Prefix></CommonPrefixes></ListBucketResult>")
add("list_result", "not-list", '<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>')
add("list_result", "key-lines", "photos/2024/caf\u00e9 +1.jpg\na b\n\n%41\n\u1234/x\n")

# ---- error_body: S3 and RGW error documents, with consistent SignatureDoesNotMatch bodies


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_doc(code, fields):
    inner = f"<Code>{code}</Code>" + "".join(f"<{k}>{xml_escape(v)}</{k}>" for k, v in fields)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{inner}</Error>'


def canonical(method, path, query, headers, payload):
    hs = sorted((k.lower(), v) for k, v in headers)
    return (f"{method}\n{path}\n{query}\n" + "".join(f"{k}:{v}\n" for k, v in hs)
            + "\n" + ";".join(k for k, _ in hs) + f"\n{payload}")


def sts_of(cr, date="20261129T120000Z", region="us-east-1"):
    return (f"AWS4-HMAC-SHA256\n{date}\n{date[:8]}/{region}/s3/aws4_request\n"
            + hashlib.sha256(cr.encode()).hexdigest())


def sign(sts, secret=SECRET):
    lines = sts.split("\n")
    date, region, service = lines[2].split("/")[:3]
    k = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()


def spaced_hex(s):
    return " ".join(f"{b:02x}" for b in s.encode())


def sdnm(server_cr, client_cr, akid=AKID, secret=SECRET):
    sts = sts_of(server_cr)
    return error_doc("SignatureDoesNotMatch", [
        ("Message", "The request signature we calculated does not match the signature you provided. "
                    "Check your key and signing method."),
        ("AWSAccessKeyId", akid), ("StringToSign", sts), ("SignatureProvided", sign(sts_of(client_cr), secret)),
        ("StringToSignBytes", spaced_hex(sts)), ("CanonicalRequest", server_cr),
        ("CanonicalRequestBytes", spaced_hex(server_cr)), ("RequestId", "4442587FB7D0A2F9"),
        ("HostId", "Iuyz3d3P0aTou39dzbqaEYaNVCmYdJzZ/3+5vbdHlU4T3Q5+XzfGZ+kXfM2xhtvoy8vhTqA5v1w=")])


H = [("host", "photos.s3.amazonaws.com"), ("x-amz-content-sha256", EMPTY), ("x-amz-date", "20261129T120000Z")]
server = canonical("PUT", "/caf%C3%A9%20%2B1.jpg", "", H + [("content-type", "image/jpeg")], EMPTY)
add("error_body", "sdnm-content-type", sdnm(server, canonical(
    "PUT", "/caf%C3%A9%20%2B1.jpg", "", H + [("content-type", "image/png")], EMPTY)))
add("error_body", "sdnm-method", sdnm(server, server.replace("PUT", "GET", 1)))
add("error_body", "sdnm-double-encoded", sdnm(server, server.replace("%", "%25")))
add("error_body", "sdnm-secret-newline", sdnm(server, server, secret=SECRET + "\n"))
add("error_body", "sdnm-other-key", sdnm(server, server, akid="AKIAI44QH8DHBEXAMPLE"))
add("error_body", "sdnm-with-client-request",
    sdnm(server, server.replace("image/jpeg", "image/jpeg; charset=utf-8")) + "\n----\n"
    + server.replace("image/jpeg", "image/jpeg; charset=utf-8"))
add("error_body", "sdnm-port", sdnm(server.replace("photos.s3.amazonaws.com", "127.0.0.1:7480"),
                                    server.replace("photos.s3.amazonaws.com", "127.0.0.1")))
add("error_body", "sdnm-no-detail", error_doc("SignatureDoesNotMatch", [
    ("Message", "The request signature we calculated does not match the signature you provided."),
    ("RequestId", "tx00000a3c5d2b2b8f1f2a1-0065f0c8a1-1234-default"), ("HostId", "1234-default-default")]))
add("error_body", "rgw-sdnm", error_doc("SignatureDoesNotMatch", [
    ("BucketName", "test-bucket"), ("RequestId", "tx000001e2e7f8a0b4f9c3e-0065f0c8a1-1035-default"),
    ("HostId", "1035-default-default")]))
add("error_body", "skew", error_doc("RequestTimeTooSkewed", [
    ("Message", "The difference between the request time and the current time is too large."),
    ("RequestTime", "20261129T120000Z"), ("ServerTime", "2026-11-29T12:20:01Z"), ("MaxAllowedSkewMilliseconds", "900000")]))
add("error_body", "skew-http-date", error_doc("RequestTimeTooSkewed", [
    ("RequestTime", "Sun, 29 Nov 2026 12:00:00 GMT"), ("ServerTime", "2026-11-29T11:40:00.000Z")]))
add("error_body", "region", error_doc("AuthorizationHeaderMalformed", [
    ("Message", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'"),
    ("Region", "eu-west-1")]))
add("error_body", "redirect", error_doc("PermanentRedirect", [
    ("Message", "The bucket you are attempting to access must be addressed using the specified endpoint."),
    ("Endpoint", "photos.s3.eu-west-1.amazonaws.com"), ("Bucket", "photos")]))
add("error_body", "expired", error_doc("AccessDenied", [
    ("Message", "Request has expired"), ("X-Amz-Expires", "3600"), ("Expires", "2026-11-29T13:00:00Z"),
    ("ServerTime", "2026-11-29T14:00:00Z")]))
add("error_body", "invalid-key", error_doc("InvalidAccessKeyId", [
    ("Message", "The AWS Access Key Id you provided does not exist in our records."), ("AWSAccessKeyId", "AKIAXXXXXXXXXXXXXXXX")]))
add("error_body", "sha-mismatch", error_doc("XAmzContentSHA256Mismatch", [
    ("ClientComputedContentSHA256", EMPTY), ("S3ComputedContentSHA256", hashlib.sha256(b"x").hexdigest())]))
add("error_body", "nosuchkey", error_doc("NoSuchKey", [("Message", "The specified key does not exist."),
                                                      ("Key", "a & b.txt"), ("RequestId", "R"), ("HostId", "H")]))
add("error_body", "html", "<html><body><h1>502 Bad Gateway</h1></body></html>")

# ---- config_files: dotenv and INI
add("config_files", "dotenv", "# s3v4 settings\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
    "export AWS_SECRET_ACCESS_KEY=\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n"
    "AWS_REGION = eu-west-1 # inline comment\nS3_BUCKET='my.bucket'\n\nAWS_ENDPOINT_URL=http://127.0.0.1:7480\n")
add("config_files", "dotenv-crlf", "AWS_ACCESS_KEY_ID=AKID\r\nAWS_SECRET_ACCESS_KEY=\"a\\nb\\\\c\"\r\nEMPTY=\r\n")
add("config_files", "dotenv-bad", "AWS_REGION=us-east-1\nnot a setting\n")
add("config_files", "dotenv-unterminated", "AWS_SESSION_TOKEN=\"FQoG\n")
add("config_files", "ini-credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n[dev]\naws_access_key_id=AKID2\n"
    "aws_secret_access_key=SECRET2\naws_session_token=FQoGZXIvYXdzE\n")
add("config_files", "ini-config", "# ~/.aws/config\n[default]\nregion = us-east-1\n\n[profile rgw]\n"
    "region = default\ns3 =\n  endpoint_url = http://127.0.0.1:7480\n  addressing_style = path\n"
    "output = json\n; comment\n[profile broken\n")
add("config_files", "ini-before-section", "region = us-east-1\n[default]\n")

# ---- amz_time
for i, t in enumerate([
        "20130524T000000Z", "20240229T235959Z", "20230229T000000Z", "19700101T000000Z",
        "99991231T235959Z", "20261301T000000Z", "2013-05-24T00:00:00Z", "2026-11-29T12:00:00.000Z",
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2026 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "\x00\x00\x00\x00\x51\x9e\xad\x80",
        "\x00\x00\x00\x3a\xff\xf4\x41\x7f"]):
    add("amz_time", f"time-{i}", t)


def main():
    for target, files in sorted(seeds.items()):
        d = CORPUS / target
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        for name, data in sorted(files.items()):
            (d / f"seed-{name}").write_bytes(data)
        print(f"{target}: {len(files)} seeds, {sum(map(len, files.values()))} bytes")


if __name__ == "__main__":
    main()
