#!/usr/bin/env python3
"""Self-test of fault_proxy.py against a running RGW fixture.

Usage: fault_proxy_selftest.py STATE_DIR      (after tests/rgw/rgw-start.sh)

Drives every fault rule with curl's SigV4 signer (or a raw socket for the
unsigned checks) through the proxy and checks what the client observes.
Prints one line per check and ends with 'N passed, M failed'.
"""

import email.utils
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import FaultProxy  # noqa: E402


def load_env(state_dir):
    env = {}
    with open(os.path.join(state_dir, "env")) as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                env[k] = v
    return env


if len(sys.argv) != 2:
    sys.exit("usage: %s STATE_DIR" % sys.argv[0])
ENV = load_env(sys.argv[1])
ENDPOINT = ENV["S3V4_TEST_ENDPOINT"]
BUCKET = ENV["S3V4_TEST_BUCKET"]
REGION = ENV.get("S3V4_TEST_REGION", "us-east-1")
AK, SK = ENV["S3V4_TEST_ACCESS_KEY"], ENV["S3V4_TEST_SECRET_KEY"]
WORK = tempfile.mkdtemp(prefix="fault-proxy-selftest.")
PREFIX = "fault-proxy-selftest/"


class Res:
    pass


def curl(base, path, *args, method=None, upload=None, max_time=30,
         region=REGION, outputs=1, write_out="%{http_code}"):
    """Run curl with SigV4 against base+path; returns Res with rc, code,
    headers (dict, lower-case names, last value), raw_headers, body, elapsed,
    out (stdout: the -w output)."""
    hdr = os.path.join(WORK, "hdr")
    body = os.path.join(WORK, "body")
    for f in (hdr, body):
        if os.path.exists(f):
            os.unlink(f)
    cmd = ["curl", "-sS", "--max-time", str(max_time),
           "--aws-sigv4", "aws:amz:%s:s3" % region, "--user", AK + ":" + SK,
           "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
           "-D", hdr, "-w", write_out]
    if outputs == 1:
        cmd += ["-o", body]
    else:
        cmd += ["-o", "/dev/null"] * outputs
    if method:
        cmd += ["-X", method] if method != "HEAD" else ["-I"]
    if upload is not None:
        cmd += ["-T", upload]
    cmd += list(args)
    paths = path if isinstance(path, list) else [path]
    cmd += [base + p for p in paths]
    t0 = time.monotonic()
    pr = subprocess.run(cmd, capture_output=True, timeout=max_time + 30)
    r = Res()
    r.elapsed = time.monotonic() - t0
    r.rc = pr.returncode
    r.out = pr.stdout.decode()
    r.err = pr.stderr.decode()
    r.code = int(r.out[:3]) if r.out[:3].isdigit() else None
    r.raw_headers = open(hdr, "rb").read().decode("latin-1") \
        if os.path.exists(hdr) else ""
    r.headers = {}
    for line in r.raw_headers.split("\r\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            r.headers[k.strip().lower()] = v.strip()
    r.body = open(body, "rb").read() if os.path.exists(body) else b""
    return r


def xml_field(body, name):
    m = re.search(rb"<%s>(.*?)</%s>" % (name.encode(), name.encode()), body,
                  re.S)
    return m.group(1).decode() if m else None


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def near(ts, expected, tol=60):
    return ts is not None and abs(ts - expected) <= tol


def http_date_ts(v):
    try:
        return email.utils.parsedate_to_datetime(v).timestamp()
    except Exception:
        return None


def iso_ts(v):
    try:
        import calendar
        return calendar.timegm(time.strptime(v, "%Y-%m-%dT%H:%M:%SZ"))
    except Exception:
        return None


# ------------------------------------------------------------ test runner
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


P = None                     # the proxy under test
OBJ1M = PREFIX + "obj1m"
DATA1M = os.urandom(1024 * 1024)
F1M = os.path.join(WORK, "obj1m")
with open(F1M, "wb") as f:
    f.write(DATA1M)
TORTURE_KEY_URL = PREFIX + "dir/a%20b%2Bc%25d%20e.bin"   # 'a b+c%d e.bin'


def get1m(*args, **kw):
    return curl(P.url, "/%s/%s" % (BUCKET, OBJ1M), *args, **kw)


def error_checks(r, status, code):
    check(r.rc == 0, "curl rc %d (%s)" % (r.rc, r.err))
    check(r.code == status, "status %r != %d" % (r.code, status))
    check(r.headers.get("content-type") == "application/xml",
          "content-type %r" % r.headers.get("content-type"))
    check(int(r.headers.get("content-length", -1)) == len(r.body),
          "content-length %r vs body %d" % (r.headers.get("content-length"),
                                             len(r.body)))
    check(xml_field(r.body, "Code") == code, "code %r" % xml_field(r.body,
                                                                  "Code"))
    check(xml_field(r.body, "RequestId") and xml_field(r.body, "HostId"),
          "RequestId/HostId missing")


@test
def transparent_put_get_torture_key():
    path = "/%s/%s" % (BUCKET, TORTURE_KEY_URL)
    r = curl(P.url, path, upload=F1M)
    check(r.rc == 0 and r.code == 200, "PUT rc=%d code=%r %s %r"
          % (r.rc, r.code, r.err, r.body[:300]))
    r = curl(P.url, path)
    check(r.rc == 0 and r.code == 200, "GET rc=%d code=%r" % (r.rc, r.code))
    check(r.body == DATA1M, "GET bytes differ (%d bytes)" % len(r.body))
    # direct GET agrees too (the proxy did not alter the key)
    d = curl(ENDPOINT, path)
    check(d.code == 200 and d.body == DATA1M, "direct GET differs")
    check([(m, t, s, f) for m, t, s, f in P.requests] ==
          [("PUT", path, 200, None), ("GET", path, 200, None)],
          "log %r" % P.requests)


@test
def transparent_20mib_with_expect_100():
    data = os.urandom(20 * 1024 * 1024)
    fn = os.path.join(WORK, "obj20m")
    with open(fn, "wb") as f:
        f.write(data)
    path = "/%s/%sobj20m" % (BUCKET, PREFIX)
    t0 = time.monotonic()
    r = curl(P.url, path, upload=fn)
    check(r.rc == 0 and r.code == 200, "PUT rc=%d code=%r %s" % (r.rc, r.code,
                                                                 r.err))
    hdrs = dict((k.lower(), v) for k, v in P.records[-1]["headers"])
    check(hdrs.get("expect", "").lower() == "100-continue",
          "curl did not send Expect (test assumption): %r" % hdrs)
    r = curl(P.url, path)
    check(r.rc == 0 and r.code == 200 and r.body == data,
          "GET 20 MiB rc=%d code=%r len=%d" % (r.rc, r.code, len(r.body)))
    print("     (20 MiB PUT+GET through the proxy: %.2f s)"
          % (time.monotonic() - t0))
    # an injected error on an Expect: 100-continue PUT: answered without
    # reading the body
    P.set_faults([{"fault": "slowdown", "method": "PUT"}])
    r = curl(P.url, path, upload=fn)
    check(r.rc == 0 and r.code == 503, "slowdown on Expect PUT: rc=%d %r"
          % (r.rc, r.code))
    check(r.elapsed < 0.9, "took %.2f s (body sent?)" % r.elapsed)


@test
def keepalive_and_times():
    P.set_faults([{"fault": "slowdown", "method": "GET", "times": 2}])
    path = "/%s/%s" % (BUCKET, OBJ1M)
    r = curl(P.url, [path] * 3, outputs=3,
             write_out="%{http_code} %{num_connects}\n")
    lines = r.out.split()
    check(r.rc == 0, "rc %d %s" % (r.rc, r.err))
    check(lines[0::2] == ["503", "503", "200"], "codes %r" % lines[0::2])
    check(lines[1::2] == ["1", "0", "0"], "connects %r (no keep-alive?)"
          % lines[1::2])
    recs = P.records
    check(len({rec["conn"] for rec in recs}) == 1, "conns %r" % recs)
    check([rec["fault"] for rec in recs] == ["slowdown", "slowdown", None],
          "faults %r" % recs)
    check(P.count() == 3 and P.count(method="GET", path_contains=OBJ1M) == 3
          and P.count(method="PUT") == 0, "count()")
    check(P.pending_faults() == [], "rule not used up")


@test
def keepalive_raw_mixed():
    # unsigned: synthesized answers and a forwarded (403) answer on one
    # connection, with http.client
    P.set_faults([{"fault": "html_502", "path_contains": "/x1"},
                  {"fault": "status", "status": 504, "code": "GatewayTimeout",
                   "path_contains": "/x2"}])
    c = http.client.HTTPConnection("127.0.0.1", P.port, timeout=10)
    got = []
    for p in ("/%s/x1" % BUCKET, "/%s/x2" % BUCKET, "/%s/x3" % BUCKET,
              "/%s/x1" % BUCKET):
        c.request("GET", p)
        resp = c.getresponse()
        resp.read()
        got.append(resp.status)
    c.close()
    check(got == [502, 504, 403, 403], "statuses %r" % got)
    check(len({rec["conn"] for rec in P.records}) == 1, "more than one conn")


@test
def reset_after():
    n = 300000
    P.set_faults([{"fault": "reset_after", "bytes": n}])
    r = get1m()
    check(r.rc == 56, "curl rc %d (want 56) %s" % (r.rc, r.err))
    check(DATA1M.startswith(r.body), "received bytes are not a prefix")
    hl = len(r.raw_headers.encode("latin-1"))
    check(len(r.body) + hl == n, "got %d body + %d head bytes, want %d"
          % (len(r.body), hl, n))
    check(P.requests[-1][2:] == (200, "reset_after"), P.requests)
    # reset in the middle of the status line
    P.set_faults([{"fault": "reset_after", "bytes": 5}])
    r = get1m()
    check(r.rc == 56, "rc %d for bytes=5 (%s)" % (r.rc, r.err))
    # rule used up: next request fine
    r = get1m()
    check(r.rc == 0 and r.body == DATA1M, "after reset: rc %d" % r.rc)


@test
def stall():
    P.set_faults([{"fault": "stall", "seconds": 3}])
    r = get1m(max_time=1)
    check(r.rc == 28, "rc %d want 28 (timeout)" % r.rc)
    check(0.9 <= r.elapsed < 2, "elapsed %.2f" % r.elapsed)
    check(P.requests[-1][2:] == (None, "stall"), P.requests)
    P.set_faults([{"fault": "stall", "seconds": 0.5}])
    r = get1m()
    check(r.rc == 52, "rc %d want 52 (empty reply)" % r.rc)
    check(r.elapsed >= 0.5, "elapsed %.2f" % r.elapsed)


@test
def stop_interrupts_stall():
    q = FaultProxy(upstream=ENDPOINT).start()
    q.set_faults([{"fault": "stall", "seconds": 60}])
    res = {}

    def run():
        res["r"] = curl(q.url, "/%s/%s" % (BUCKET, OBJ1M), max_time=20)
    th = threading.Thread(target=run)
    th.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    q.stop()
    th.join(25)
    check(time.monotonic() - t0 < 3, "stop() took %.2f s"
          % (time.monotonic() - t0))
    check(res["r"].rc in (52, 56), "curl rc %d" % res["r"].rc)


@test
def slowdown():
    P.set_faults([{"fault": "slowdown", "retry_after": 2}])
    r = get1m()
    error_checks(r, 503, "SlowDown")
    check(xml_field(r.body, "Message") == "Please reduce your request rate.",
          "message")
    check(r.headers.get("retry-after") == "2", "retry-after %r"
          % r.headers.get("retry-after"))
    P.set_faults([{"fault": "slowdown", "method": "HEAD"}])
    r = curl(P.url, "/%s/%s" % (BUCKET, OBJ1M), method="HEAD")
    # (curl -I writes the head into the output file: no body after it)
    check(r.rc == 0 and r.code == 503
          and r.body == r.raw_headers.encode("latin-1")
          and "retry-after" not in r.headers, "HEAD: rc=%d %r %r"
          % (r.rc, r.code, r.body[:100]))


@test
def status_codes():
    for st in (500, 502, 504):
        P.set_faults([{"fault": "status", "status": st,
                       "code": "InternalError"}])
        r = get1m()
        error_checks(r, st, "InternalError")


@test
def method_and_path_filters():
    P.set_faults([{"fault": "status", "status": 500, "method": "PUT",
                   "times": -1},
                  {"fault": "status", "status": 500, "path_contains": "nope",
                   "times": -1}])
    for _ in range(2):
        r = get1m()
        check(r.rc == 0 and r.code == 200, "filtered rule fired: %r" % r.code)
    r = curl(P.url, "/%s/%snope" % (BUCKET, PREFIX), upload=F1M)
    check(r.code == 500, "PUT not hit: %r" % r.code)
    r = curl(P.url, "/%s/%snope2" % (BUCKET, PREFIX))
    check(r.code == 500, "path rule not hit: %r" % r.code)
    check(len(P.pending_faults()) == 2, "times=-1 rules must stay")


@test
def truncate():
    P.set_faults([{"fault": "truncate", "bytes": 1000}])
    r = get1m()
    check(r.rc == 18, "rc %d want 18 (partial file) %s" % (r.rc, r.err))
    check(r.body == DATA1M[:1000], "got %d bytes" % len(r.body))
    check(r.headers.get("content-length") == str(len(DATA1M)),
          "content-length %r" % r.headers.get("content-length"))


@test
def html_502():
    P.set_faults([{"fault": "html_502"}])
    r = get1m()
    check(r.rc == 0 and r.code == 502, "rc=%d code=%r" % (r.rc, r.code))
    check(r.headers.get("content-type") == "text/html", "content-type")
    check(b"<h1>502 Bad Gateway</h1>" in r.body and b"<Error>" not in r.body,
          "body %r" % r.body)
    check(int(r.headers["content-length"]) == len(r.body), "content-length")


@test
def delay():
    P.set_faults([{"fault": "delay", "seconds": 2}])
    r = get1m(max_time=1)
    check(r.rc == 28, "rc %d want 28" % r.rc)
    P.set_faults([{"fault": "delay", "seconds": 0.8}])
    r = get1m()
    check(r.rc == 0 and r.code == 200 and r.body == DATA1M, "rc %d" % r.rc)
    check(r.elapsed >= 0.8, "elapsed %.2f" % r.elapsed)


@test
def skew_date():
    P.set_faults([{"fault": "skew_date", "seconds": 7200}])
    r = get1m()
    check(r.rc == 0 and r.code == 200 and r.body == DATA1M, "rc %d" % r.rc)
    d = r.headers.get("date", "")
    check(near(http_date_ts(d), time.time() + 7200, 30), "date %r" % d)
    check(d.endswith(" GMT") and re.match(r"^\w{3}, \d\d \w{3} \d{4} ", d),
          "format %r" % d)
    check(r.raw_headers.lower().count("\r\ndate:") == 1, "Date duplicated")


@test
def time_too_skewed():
    P.set_faults([{"fault": "time_too_skewed", "server_offset": 3600}])
    r = get1m()
    error_checks(r, 403, "RequestTimeTooSkewed")
    sent = dict((k.lower(), v) for k, v in P.records[-1]["headers"])
    check(xml_field(r.body, "RequestTime") == sent["x-amz-date"],
          "RequestTime %r vs %r" % (xml_field(r.body, "RequestTime"),
                                    sent["x-amz-date"]))
    check(near(iso_ts(xml_field(r.body, "ServerTime")), time.time() + 3600,
               30), "ServerTime %r" % xml_field(r.body, "ServerTime"))
    check(xml_field(r.body, "MaxAllowedSkewMilliseconds") == "900000",
          "MaxAllowedSkewMilliseconds")
    check(near(http_date_ts(r.headers.get("date")), time.time() + 3600, 30),
          "Date header %r" % r.headers.get("date"))
    # within 15 minutes: forwarded (and the rule is not used up)
    P.set_faults([{"fault": "time_too_skewed", "server_offset": 60}])
    r = get1m()
    check(r.code == 200 and P.requests[-1][3] is None, "small offset: %r"
          % (P.requests[-1],))
    check(len(P.pending_faults()) == 1, "rule consumed without firing")


@test
def wrong_region():
    P.set_faults([{"fault": "wrong_region", "region": "eu-west-1"}])
    r = get1m()
    error_checks(r, 400, "AuthorizationHeaderMalformed")
    check(xml_field(r.body, "Region") == "eu-west-1", "Region")
    check("'us-east-1' is wrong; expecting 'eu-west-1'"
          in xml_field(r.body, "Message"), "Message %r"
          % xml_field(r.body, "Message"))
    P.set_faults([{"fault": "wrong_region", "region": "us-east-1"}])
    r = get1m()
    check(r.code == 200 and r.body == DATA1M and P.requests[-1][3] is None,
          "right region not forwarded: %r" % r.code)


@test
def redirect_region():
    P.set_faults([{"fault": "redirect_region", "region": "eu-west-1",
                   "times": 2}])
    r = get1m()
    error_checks(r, 301, "PermanentRedirect")
    check(xml_field(r.body, "Bucket") == BUCKET, "Bucket")
    check(xml_field(r.body, "Endpoint") == BUCKET +
          ".s3.eu-west-1.amazonaws.com", "Endpoint %r"
          % xml_field(r.body, "Endpoint"))
    check(r.headers.get("x-amz-bucket-region") == "eu-west-1", "header")
    r = curl(P.url, "/%s" % BUCKET, method="HEAD")
    check(r.rc == 0 and r.code == 301 and
          r.body == r.raw_headers.encode("latin-1") and
          r.headers.get("x-amz-bucket-region") == "eu-west-1",
          "HEAD bucket: rc=%d %r" % (r.rc, r.code))
    r = get1m(region="eu-west-1")
    check(r.code != 301, "matching region redirected")


@test
def close_early_http10():
    P.set_faults([{"fault": "close_early_http10"}])
    r = get1m(write_out="%{http_code} %{http_version}")
    check(r.rc == 0, "rc %d (%s)" % (r.rc, r.err))
    check(r.out == "200 1", "status/version %r" % r.out)
    check(r.raw_headers.startswith("HTTP/1.0 200 OK\r\n"), "status line")
    check("content-length" not in r.headers, "has content-length")
    check(r.body == DATA1M[:len(DATA1M) // 2], "got %d bytes" % len(r.body))


@test
def request_bytes_preserved():
    # A fake upstream that records the raw bytes it receives.
    got = []
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)

    def upstream():
        while True:
            try:
                s, _ = ls.accept()
            except OSError:
                return
            buf = b""
            s.settimeout(5)
            while True:
                try:
                    d = s.recv(65536)
                except OSError:
                    break
                if not d:
                    break
                buf += d
                if buf.endswith(b"\r\n0\r\n\r\n") or buf.endswith(b"-FIN"):
                    break
            got.append(buf)
            s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            s.close()
    th = threading.Thread(target=upstream, daemon=True)
    th.start()
    q = FaultProxy(upstream="http://127.0.0.1:%d" % ls.getsockname()[1])
    q.start()
    try:
        req1 = (b"PUT /b/a%20b%2Bc%25d%2f?x=1&y=%2F%7e HTTP/1.1\r\n"
                b"Host: Some.Host.example:1234\r\n"
                b"x-Amz-Mixed:   spaced  \r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
                b"5;ext=1\r\nhello\r\n3\r\nEND\r\n0\r\n\r\n")
        req2 = (b"POST /b/k?uploads HTTP/1.1\r\nHost: h\r\nZ: 1\r\nA: 2\r\n"
                b"Content-Length: 6\r\n\r\nxx-FIN")
        c = socket.create_connection(("127.0.0.1", q.port))
        c.settimeout(5)
        for req in (req1, req2):
            c.sendall(req)
            resp = b""
            while not resp.endswith(b"ok"):
                d = c.recv(4096)
                check(d, "proxy closed the connection")
                resp += d
        c.close()
        time.sleep(0.1)
        check(got == [req1, req2], "upstream saw %r" % got)
        check([r[3] for r in q.requests] == [None, None] and
              len({r["conn"] for r in q.records}) == 1, "log %r" % q.records)
    finally:
        q.stop()
        ls.close()


@test
def upstream_down():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    q = FaultProxy(upstream="http://127.0.0.1:%d" % port).start()
    try:
        r = curl(q.url, "/%s/x" % BUCKET)
        check(r.rc == 0 and r.code == 502, "rc=%d code=%r" % (r.rc, r.code))
    finally:
        q.stop()


def main():
    global P
    t_start = time.monotonic()
    r = curl(ENDPOINT, "/%s/%s" % (BUCKET, OBJ1M), upload=F1M)
    if r.code != 200:
        sys.exit("cannot upload the test object to %s: rc=%d code=%r %s"
                 % (ENDPOINT, r.rc, r.code, r.err))
    P = FaultProxy(upstream=ENDPOINT).start()
    passed = failed = 0
    try:
        for fn in TESTS:
            P.set_faults([])
            P.reset_log()
            t0 = time.monotonic()
            try:
                fn()
            except AssertionError as e:
                failed += 1
                print("FAIL %s: %s" % (fn.__name__, e), flush=True)
                continue
            except Exception:
                failed += 1
                print("FAIL %s: exception" % fn.__name__, flush=True)
                traceback.print_exc()
                continue
            passed += 1
            print("ok   %s (%.2f s)" % (fn.__name__, time.monotonic() - t0),
                  flush=True)
    finally:
        P.stop()
        for key in (OBJ1M, TORTURE_KEY_URL, PREFIX + "obj20m",
                    PREFIX + "nope"):
            curl(ENDPOINT, "/%s/%s" % (BUCKET, key), method="DELETE")
        subprocess.run(["rm", "-rf", "--", WORK])
    print("(total %.1f s)" % (time.monotonic() - t_start))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
