#!/usr/bin/env python3
"""`s3v4 explain` on one fixture per root cause users hit most (shared notes: the causes of
SignatureDoesNotMatch). Each fixture is an AWS-format error body built from a correct
request (what the server saw) and a mutated one (what the client signed). The canonical
requests and signatures are built here with Python's hashlib/hmac, independently of the
signer under test. Each is fed to explain with and without --canonical-request.

Usage: explain_fixtures_test.py S3V4_BINARY
"""
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

S3V4 = sys.argv[1]
AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AMZ_DATE = "20261129T120000Z"
EMPTY = hashlib.sha256(b"").hexdigest()
WORK = tempfile.mkdtemp(prefix="s3v4-explain-")


def canonical(method, path, query, headers, payload):
    hs = sorted((k.lower(), " ".join(v.split())) for k, v in headers)
    block = "".join(f"{k}:{v}\n" for k, v in hs)
    signed = ";".join(k for k, _ in hs)
    return f"{method}\n{path}\n{query}\n{block}\n{signed}\n{payload}"


def string_to_sign(cr, region="us-east-1", date=AMZ_DATE):
    scope = f"{date[:8]}/{region}/s3/aws4_request"
    return f"AWS4-HMAC-SHA256\n{date}\n{scope}\n{hashlib.sha256(cr.encode()).hexdigest()}"


def signature(sts, secret=SECRET, region="us-east-1", date=AMZ_DATE):
    k = ("AWS4" + secret).encode()
    for part in (date[:8], region, "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()


def spaced_hex(s):
    return " ".join(f"{b:02x}" for b in s.encode())


def error_body(code, fields):
    inner = f"<Code>{escape(code)}</Code>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Error>{inner}</Error>'


def sdnm_body(server_cr, client_sig, server_region="us-east-1", akid=AKID):
    sts = string_to_sign(server_cr, server_region)
    return error_body("SignatureDoesNotMatch", [
        ("Message", "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
        ("AWSAccessKeyId", akid), ("StringToSign", sts), ("SignatureProvided", client_sig),
        ("StringToSignBytes", spaced_hex(sts)), ("CanonicalRequest", server_cr),
        ("CanonicalRequestBytes", spaced_hex(server_cr)), ("RequestId", "4442587FB7D0A2F9"),
        ("HostId", "host-id-example")])


H = [("Host", "photos.s3.amazonaws.com"), ("x-amz-content-sha256", EMPTY), ("x-amz-date", AMZ_DATE)]


def case(name, server_cr, client_cr, body=None, client_secret=SECRET, expect_without=None,
         expect_with=None, extra=()):
    """server_cr: what the server computed; client_cr: what the client signed."""
    if body is None:
        client_sig = signature(string_to_sign(client_cr), client_secret)
        body = sdnm_body(server_cr, client_sig)
    path = os.path.join(WORK, name + ".xml")
    with open(path, "w") as f:
        f.write(body)
    cr_path = os.path.join(WORK, name + ".creq")
    with open(cr_path, "w") as f:
        f.write(client_cr + "\n")  # as saved from a debug log
    env = {"PATH": os.environ.get("PATH", ""), "HOME": WORK, "AWS_ACCESS_KEY_ID": AKID,
           "AWS_SECRET_ACCESS_KEY": SECRET}
    for label, args, expected in (("without", [], expect_without),
                                  ("with", ["--canonical-request", cr_path], expect_with)):
        p = subprocess.run([S3V4, "explain", path, "--json", "--now", AMZ_DATE] + list(extra) + args,
                           env=env, capture_output=True, timeout=30)
        try:
            codes = [f["code"] for f in json.loads(p.stdout)["findings"] if f["problem"]]
        except ValueError:
            codes = []
        check(p.returncode == 0 and expected in codes,
              f"{name} ({label} --canonical-request): want {expected}, got {codes} rc={p.returncode} {p.stderr[:200]!r}")
        check(SECRET.encode() not in p.stdout + p.stderr, f"{name}: secret printed")
    # The human-readable form names the same code first on its line.
    p = subprocess.run([S3V4, "explain", path, "--canonical-request", cr_path] + list(extra),
                       env=env, capture_output=True, timeout=30)
    check(f"\u2718 {expect_with}:".encode() in p.stdout, f"{name}: text output lacks '{expect_with}'")


ok_get = canonical("GET", "/cat.jpg", "", H, EMPTY)

# 1. A secret with a trailing newline (copied from a file or console).
case("secret-newline", ok_get, ok_get, client_secret=SECRET + "\n",
     expect_without="secret-whitespace", expect_with="secret-whitespace")

# 2. '+' in a key sent raw: the server read it as a space.
case("plus-in-key", canonical("GET", "/a%20b.jpg", "", H, EMPTY),
     canonical("GET", "/a%2Bb.jpg", "", H, EMPTY),
     expect_without="path-encoding", expect_with="path-encoding")

# 3. A space sent as '+' in a query (form encoding).
case("space-as-plus-in-query", canonical("GET", "/", "list-type=2&prefix=my%20photos", H, EMPTY),
     canonical("GET", "/", "list-type=2&prefix=my%2Bphotos", H, EMPTY),
     expect_without="query-encoding", expect_with="query-encoding")

# 4. A path encoded twice.
case("double-encoded-path", canonical("GET", "/my%20cat.jpg", "", H, EMPTY),
     canonical("GET", "/my%2520cat.jpg", "", H, EMPTY),
     expect_without="path-encoding", expect_with="path-encoding")

# 5. Wrong region in the scope: S3 answers AuthorizationHeaderMalformed with the right one.
case("wrong-region", ok_get, ok_get,
     body=error_body("AuthorizationHeaderMalformed", [
         ("Message", "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'"),
         ("Region", "us-east-1"), ("RequestId", "R1"), ("HostId", "H1")]),
     expect_without="region", expect_with="region")

# 5b. The same seen through a server that returns SignatureDoesNotMatch: --region says
#     where the bucket is.
eu_cr = ok_get
case("wrong-region-sdnm", eu_cr, eu_cr,
     body=error_body("SignatureDoesNotMatch", [
         ("AWSAccessKeyId", AKID), ("StringToSign", string_to_sign(eu_cr, "eu-west-1")),
         ("SignatureProvided", signature(string_to_sign(eu_cr, "eu-west-1"), region="eu-west-1")),
         ("CanonicalRequest", eu_cr)]),
     expect_without="region", expect_with="region", extra=["--region", "us-east-1"])

# 6. Clock skew.
case("clock-skew", ok_get, ok_get,
     body=error_body("RequestTimeTooSkewed", [
         ("Message", "The difference between the request time and the current time is too large."),
         ("RequestTime", "20261129T120000Z"), ("ServerTime", "2026-11-29T12:47:10Z"),
         ("MaxAllowedSkewMilliseconds", "900000"), ("RequestId", "R2"), ("HostId", "H2")]),
     expect_without="clock-skew", expect_with="clock-skew")

# 7. A proxy rewrote a signed tracing header.
case("proxy-header", canonical("GET", "/cat.jpg", "", H + [("traceparent", "00-bbbb-01")], EMPTY),
     canonical("GET", "/cat.jpg", "", H + [("traceparent", "00-aaaa-01")], EMPTY),
     expect_without="suspicious-header:traceparent", expect_with="header-value:traceparent")

# 8. Host with a port on one side only.
hp = [("Host", "photos.example.com:8443")] + H[1:]
case("host-port", canonical("GET", "/cat.jpg", "", hp, EMPTY),
     canonical("GET", "/cat.jpg", "", [("Host", "photos.example.com")] + H[1:], EMPTY),
     expect_without="host-port", expect_with="host-port")

# 9. Content-Type changed after presigning (the browser sent its own).
q = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261129%2F"
     "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261129T120000Z&X-Amz-Expires=3600&"
     "X-Amz-SignedHeaders=content-type%3Bhost")
hq = lambda ct: [("content-type", ct), ("Host", "photos.s3.amazonaws.com")]
case("content-type-changed", canonical("PUT", "/up.jpg", q, hq("image/png"), "UNSIGNED-PAYLOAD"),
     canonical("PUT", "/up.jpg", q, hq("image/jpeg"), "UNSIGNED-PAYLOAD"),
     expect_without="header-value:content-type", expect_with="header-value:content-type")

# 10. A presigned URL used with another method.
q2 = q.replace("content-type%3Bhost", "host")
hh = [("Host", "photos.s3.amazonaws.com")]
case("other-method", canonical("PUT", "/up.jpg", q2, hh, "UNSIGNED-PAYLOAD"),
     canonical("GET", "/up.jpg", q2, hh, "UNSIGNED-PAYLOAD"),
     expect_without="method", expect_with="method")

# 11. A wrong x-amz-content-sha256 (signed one hash, sent another).
case("payload-hash", canonical("PUT", "/a.txt", "", H, EMPTY),
     canonical("PUT", "/a.txt", "", H, "UNSIGNED-PAYLOAD"),
     expect_without="payload-hash", expect_with="payload-hash")

# 11b. The server's own report of a body that does not match its hash.
case("sha256-mismatch", ok_get, ok_get,
     body=error_body("XAmzContentSHA256Mismatch", [
         ("ClientComputedContentSHA256", "a" * 64), ("S3ComputedContentSHA256", EMPTY),
         ("RequestId", "R3")]),
     expect_without="payload-hash", expect_with="payload-hash")

# 12. NFC vs NFD: the client signed "café" decomposed, the server got it composed.
case("nfc-nfd", canonical("GET", "/caf%C3%A9.jpg", "", H, EMPTY),
     canonical("GET", "/cafe%CC%81.jpg", "", H, EMPTY),
     expect_without="path-encoding", expect_with="path-encoding")

# 13. A signed header dropped on the way (the server saw it empty).
case("header-dropped", canonical("PUT", "/a.txt", "", H + [("x-amz-meta-note", "")], EMPTY),
     canonical("PUT", "/a.txt", "", H + [("x-amz-meta-note", "hello")], EMPTY),
     expect_without="header-value:x-amz-meta-note", expect_with="header-value:x-amz-meta-note")

# Signed with another key entirely.
case("other-key", ok_get, ok_get,
     body=sdnm_body(ok_get, signature(string_to_sign(ok_get)), akid="AKIAI44QH8DHBEXAMPLE"),
     expect_without="signed-by-other-key", expect_with="signed-by-other-key")

# The server holds another secret: the client signed exactly what the server expected.
case("secret-mismatch", ok_get, ok_get, expect_without="secret-mismatch",
     expect_with="secret-mismatch")

# Not an S3 error body: exit 2.
bad = os.path.join(WORK, "bad.xml")
with open(bad, "w") as f:
    f.write("<html><body>502 Bad Gateway</body></html>")
p = subprocess.run([S3V4, "explain", bad], capture_output=True, timeout=30,
                   env={"PATH": os.environ.get("PATH", ""), "HOME": WORK})
check(p.returncode == 2 and b"not an S3 error body" in p.stderr, f"non-S3 body: rc={p.returncode}")
# Inconsistent body (edited copy): reported.
edited = sdnm_body(ok_get, "0" * 64).replace("<CanonicalRequest>GET", "<CanonicalRequest>PUT")
with open(bad, "w") as f:
    f.write(edited)
p = subprocess.run([S3V4, "explain", bad, "--json"], capture_output=True, timeout=30,
                   env={"PATH": os.environ.get("PATH", ""), "HOME": WORK})
check(p.returncode == 0 and b"inconsistent-body" in p.stdout, f"edited body: {p.stdout[:300]!r}")

finish("explain fixtures")
