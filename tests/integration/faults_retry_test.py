"""Retries on server answers, through the fault proxy: 503 SlowDown (GET and PUT), the
--max-attempts limit, Retry-After, 500/502/504, and a non-S3 (HTML) 502 page.

Every case checks the attempts the proxy saw, the exit status, a byte-identical result
after a success, and after a failure an untouched destination, no temp file, no secret."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults_common import *  # noqa: E402,F401,F403

proxy = start_proxy()
env = penv(proxy)

small = os.urandom(64 * 1024)
key = PREFIX + "obj.bin"
put_direct(key, small)

# ---------------------------------------------------------------- 1. SlowDown twice, GET
d = dest_dir("d1")
proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key, "times": 2}])
dst = os.path.join(d, "obj.bin")
rc, out, err, secs = run("get", uri(key), dst, env=env)
check_get_ok("get after 2 x 503 SlowDown", rc, err, dst, small)
check(attempts(proxy, "GET", key) == 3,
      f"get after 2 x SlowDown: exactly 3 GET attempts (got {attempts(proxy, 'GET', key)})")
check([r["status"] for r in records_for(proxy, "GET", key)] == [503, 503, 200],
      f"get after 2 x SlowDown: the proxy answered 503, 503, 200: {proxy.requests}")
check(secs < 10, f"get after 2 x SlowDown: the backoff stays short (base 100 ms): {secs:.2f} s")

# the same over a download to an existing file: replaced only once complete
old = make_existing(d, "existing.bin")
proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key, "times": 2}])
proxy.reset_log()
rc, out, err, secs = run("get", uri(key), old[0], env=env)
check_get_ok("get over an existing file after 2 x SlowDown", rc, err, old[0], small)
check(attempts(proxy, "GET", key) == 3,
      f"get over an existing file: 3 GET attempts (got {attempts(proxy, 'GET', key)})")

# ---------------------------------------------------------------- 1b. SlowDown twice, PUT
pkey = PREFIX + "put-slowdown.bin"
pbody = os.urandom(200 * 1024 + 7)
src = write_file("src/put-slowdown.bin", pbody)
proxy.set_faults([{"fault": "slowdown", "method": "PUT", "path_contains": pkey, "times": 2}])
rc, out, err, secs = run("put", src, uri(pkey), env=env)
check_put_ok("put after 2 x 503 SlowDown", rc, err, pkey, pbody)
check(attempts(proxy, "PUT", pkey) == 3,
      f"put after 2 x SlowDown: exactly 3 PUT attempts (got {attempts(proxy, 'PUT', pkey)})")
statuses = [r["status"] for r in records_for(proxy, "PUT", pkey)]
check(statuses == [503, 503, 200], f"put after 2 x SlowDown: 503, 503, 200 (got {statuses})")

# the same from stdin: it is spooled, so it can be sent again
skey = PREFIX + "put-stdin.bin"
proxy.set_faults([{"fault": "slowdown", "method": "PUT", "path_contains": skey, "times": 1}])
p = subprocess.run([S3V4, "put", "-", uri(skey)], env=env, input=pbody, capture_output=True,
                   timeout=120)
perr = p.stderr.decode("utf-8", "replace")
check_put_ok("put - (stdin) after a SlowDown", p.returncode, perr, skey, pbody)
check(attempts(proxy, "PUT", skey) == 2,
      f"put - after a SlowDown: 2 PUT attempts (got {attempts(proxy, 'PUT', skey)})")

# ------------------------------------------------- 2. SlowDown always, --max-attempts 2
d = dest_dir("d2")
old = make_existing(d, "obj.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key, "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 2, env=env)
check_get_failed("get with SlowDown always, --max-attempts 2", rc, 1, out, err, old)
check("SlowDown" in err, f"SlowDown always: stderr names SlowDown: {tail(err)!r}")
check("503" in err, f"SlowDown always: stderr names the status 503: {tail(err)!r}")
check(attempts(proxy, "GET", key) == 2,
      f"SlowDown always, --max-attempts 2: exactly 2 attempts (got {attempts(proxy, 'GET', key)})")

# --max-attempts 1: no retry at all; a new destination is never created
proxy.reset_log()
newdst = os.path.join(d, "never-created.bin")
rc, out, err, secs = run("get", uri(key), newdst, "--max-attempts", 1, env=env)
check(rc == 1 and not os.path.exists(newdst) and temps(d) == [],
      f"SlowDown always, --max-attempts 1: exit 1, no file, no temp (rc={rc}, {temps(d)})")
check(attempts(proxy, "GET", key) == 1,
      f"--max-attempts 1: exactly 1 attempt (got {attempts(proxy, 'GET', key)})")
check_no_secret("--max-attempts 1", out, err)

# the default is 5 attempts; --debug numbers them
proxy.reset_log()
rc, out, err, secs = run("get", uri(key), old[0], "--debug", env=env)
check_get_failed("get with SlowDown always, default attempts, --debug", rc, 1, out, err, old)
check(attempts(proxy, "GET", key) == 5,
      f"SlowDown always: the default is 5 attempts (got {attempts(proxy, 'GET', key)})")
lines = retry_lines(err)
check([(a, m) for a, m, _, _ in lines] == [(str(i), "5") for i in range(1, 5)],
      f"--debug prints '* attempt N/5 failed (...); retrying in X s' for N = 1..4: {lines}")
check(all("503" in why and "SlowDown" in why for _, _, why, _ in lines),
      f"--debug names the cause 503 SlowDown: {[w for _, _, w, _ in lines]}")
# full jitter: the wait before retry N is within [0, 0.1 s * 2^(N-1)]
check(all(s and 0 <= float(s) <= 0.1 * 2 ** (int(a) - 1) + 0.0005 for a, _, _, s in lines),
      f"--debug: each wait is within the full-jitter bound 0.1 s * 2^(N-1): {lines}")

# PUT with SlowDown always: exit 1, 2 attempts, the old object stays
proxy.set_faults([{"fault": "slowdown", "method": "PUT", "path_contains": pkey, "times": -1}])
other = write_file("src/other.bin", b"must not replace the object\n")
proxy.reset_log()
rc, out, err, secs = run("put", other, uri(pkey), "--max-attempts", 2, env=env)
check(rc == 1 and "SlowDown" in err,
      f"put with SlowDown always, --max-attempts 2: exit 1, SlowDown (rc={rc}, {tail(err)!r})")
check(attempts(proxy, "PUT", pkey) == 2,
      f"put with SlowDown always: exactly 2 attempts (got {attempts(proxy, 'PUT', pkey)})")
got = get_direct(pkey)
check(got is not None and sha256(got) == sha256(pbody), "a refused put leaves the object as it was")
check_no_secret("put with SlowDown always", out, err)

# ---------------------------------------------------------------- 3. Retry-After
d = dest_dir("d3")
dst = os.path.join(d, "obj.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key, "times": 1,
                   "retry_after": 1}])
rc, out, err, secs = run("get", uri(key), dst, "--debug", env=env)
check_get_ok("get after a SlowDown with Retry-After: 1", rc, err, dst, small)
recs = records_for(proxy, "GET", key)
check(len(recs) == 2, f"Retry-After: exactly 2 GET attempts (got {len(recs)})")
if len(recs) == 2:
    gap = recs[1]["time"] - recs[0]["time"]
    check(gap >= 0.9, f"Retry-After: 1 is honoured: the retry came {gap:.3f} s after the first")
    check(gap < 5, f"Retry-After: 1: the retry did not wait much longer ({gap:.3f} s)")
lines = retry_lines(err)
check(len(lines) == 1 and lines[0][3] and float(lines[0][3]) >= 1.0,
      f"Retry-After: --debug says 'retrying in 1.000 s' (or more): {lines}")

# ---------------------------------------------------------------- 4. 500, 502, 504 once each
d = dest_dir("d4")
dst = os.path.join(d, "obj.bin")
proxy.reset_log()
proxy.set_faults([
    {"fault": "status", "status": 500, "code": "InternalError", "method": "GET",
     "path_contains": key},
    {"fault": "status", "status": 502, "code": "BadGateway", "method": "GET",
     "path_contains": key},
    {"fault": "status", "status": 504, "code": "GatewayTimeout", "method": "GET",
     "path_contains": key},
])
rc, out, err, secs = run("get", uri(key), dst, env=env)
check_get_ok("get after 500, 502 and 504", rc, err, dst, small)
statuses = [r["status"] for r in records_for(proxy, "GET", key)]
check(statuses == [500, 502, 504, 200],
      f"500, 502, 504 are each retried: 4 attempts, 500 502 504 200 (got {statuses})")

for status, code in ((500, "InternalError"), (502, "BadGateway"), (504, "GatewayTimeout"),
                     (503, "ServiceUnavailable")):
    proxy.reset_log()
    proxy.set_faults([{"fault": "status", "status": status, "code": code, "method": "PUT",
                       "path_contains": pkey}])
    rc, out, err, secs = run("put", src, uri(pkey), env=env)
    check_put_ok(f"put after a {status} {code}", rc, err, pkey, pbody)
    check(attempts(proxy, "PUT", pkey) == 2,
          f"put after a {status} {code}: 2 attempts (got {attempts(proxy, 'PUT', pkey)})")

# InternalError and RequestTimeout are retried by their code even under another status
for status, code in ((400, "RequestTimeout"), (400, "InternalError")):
    proxy.reset_log()
    proxy.set_faults([{"fault": "status", "status": status, "code": code, "method": "GET",
                       "path_contains": key}])
    rc, out, err, secs = run("get", uri(key), dst, env=env)
    check_get_ok(f"get after a {status} {code}", rc, err, dst, small)
    check(attempts(proxy, "GET", key) == 2,
          f"{status} {code} is retried by its code: 2 attempts (got {attempts(proxy, 'GET', key)})")

# a 500 every time: the last error is reported, exit 1
old = make_existing(d, "existing.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "status", "status": 500, "code": "InternalError", "method": "GET",
                   "path_contains": key, "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 3, env=env)
check_get_failed("get with 500 always, --max-attempts 3", rc, 1, out, err, old)
check("InternalError" in err, f"500 always: stderr names InternalError: {tail(err)!r}")
check(attempts(proxy, "GET", key) == 3,
      f"500 always, --max-attempts 3: 3 attempts (got {attempts(proxy, 'GET', key)})")

# a 4xx S3 error is not retried
proxy.reset_log()
proxy.set_faults([{"fault": "status", "status": 403, "code": "AccessDenied", "method": "GET",
                   "path_contains": key}])
rc, out, err, secs = run("get", uri(key), old[0], env=env)
check_get_failed("get with a 403 AccessDenied", rc, 1, out, err, old)
check(attempts(proxy, "GET", key) == 1,
      f"403 AccessDenied is not retried: 1 attempt (got {attempts(proxy, 'GET', key)})")

# ---------------------------------------------------------------- 7. HTML 502 from a proxy
d = dest_dir("d7")
dst = os.path.join(d, "obj.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "html_502", "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), dst, env=env)
check_get_ok("get after an HTML 502 page", rc, err, dst, small)
check(attempts(proxy, "GET", key) == 2,
      f"HTML 502 once: retried, 2 attempts (got {attempts(proxy, 'GET', key)})")

old = make_existing(d, "existing.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "html_502", "method": "GET", "path_contains": key, "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 2, env=env)
check_get_failed("get with an HTML 502 always, --max-attempts 2", rc, 1, out, err, old)
check("not an S3 error document" in err,
      f"HTML 502 always: stderr says the body is not an S3 error document: {tail(err)!r}")
check("proxy" in err and "load balancer" in err,
      f"HTML 502 always: stderr mentions a proxy or load balancer: {tail(err)!r}")
check("502" in err, f"HTML 502 always: stderr names the status 502: {tail(err)!r}")
check(attempts(proxy, "GET", key) == 2,
      f"HTML 502 always, --max-attempts 2: 2 attempts (got {attempts(proxy, 'GET', key)})")

proxy.set_faults([{"fault": "html_502", "method": "PUT", "path_contains": pkey}])
proxy.reset_log()
rc, out, err, secs = run("put", src, uri(pkey), env=env)
check_put_ok("put after an HTML 502 page", rc, err, pkey, pbody)
check(attempts(proxy, "PUT", pkey) == 2,
      f"put after an HTML 502: 2 attempts (got {attempts(proxy, 'PUT', pkey)})")

proxy.stop()
for k in (key, pkey, skey):
    s3v4("rm", uri(k))
finish()
