"""Clock-skew and region correction, through the fault proxy.

Clock skew: s3v4 runs under faketime one hour behind, through a transparent proxy in front
of the real RGW, which answers 403 RequestTimeTooSkewed with its own Date: s3v4 corrects
its clock from that Date, retries once and warns once. A 200 with a skewed Date changes
nothing. Region: the proxy's wrong_region (400 AuthorizationHeaderMalformed) and
redirect_region (301 PermanentRedirect) rules: one retry in the named region, remembered
for the bucket for the rest of the process (a paged ls gets one error, not one per page)."""
import calendar
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults_common import *  # noqa: E402,F401,F403

proxy = start_proxy()
env = penv(proxy)

body = os.urandom(50 * 1024 + 3)
key = PREFIX + "obj.bin"
put_direct(key, body)
d = dest_dir("dest")

# ---------------------------------------------------------------- 9. clock one hour behind
FAKETIME = shutil.which("faketime")
check(FAKETIME is not None, "faketime is installed (Debian package faketime; needed for the "
                            "clock-skew case)")
if FAKETIME:
    # faketime LD_PRELOADs libfaketime: AddressSanitizer must not insist on coming first.
    asan = os.environ.get("ASAN_OPTIONS", "")
    fenv = penv(proxy, ASAN_OPTIONS=(asan + ":" if asan else "") + "verify_asan_link_order=0",
                UBSAN_OPTIONS=os.environ.get("UBSAN_OPTIONS"),
                # only the wall clock is an hour behind; timeouts use the real monotonic one
                FAKETIME_DONT_FAKE_MONOTONIC="1")
    wrapper = [FAKETIME, "-f", "-1h"]
    proxy.reset_log()
    dst = os.path.join(d, "skewed.bin")
    rc, out, err, secs = run("get", uri(key), dst, env=fenv, wrapper=wrapper)
    check_get_ok("get with the local clock 1 h behind (faketime -1h)", rc, err, dst, body)
    recs = records_for(proxy, "GET", key)
    check([r["status"] for r in recs] == [403, 200],
          f"clock 1 h behind: exactly 2 attempts, 403 then 200 (got {[r['status'] for r in recs]})")
    w = warnings(err)
    check(len(w) == 1, f"clock 1 h behind: exactly one warning on stderr: {w}")
    m = re.search(r"the local clock is (\d+) s behind", err)
    # The server's Date has whole seconds: the measured offset is 3600 s, or 3599 s when a
    # second boundary falls between the server's Date and the client's reading of its clock.
    check(m is not None and int(m.group(1)) in (3599, 3600, 3601),
          f"clock 1 h behind: the warning says '3600 s behind': {w}")
    if len(recs) == 2:
        sent = [header(r, "X-Amz-Date") for r in recs]
        ts = [calendar.timegm(time.strptime(s, "%Y%m%dT%H%M%SZ")) if s else None
              for s in sent]
        ok = None not in ts
        check(ok and abs(ts[0] - (recs[0]["time"] - 3600)) <= 3,
              f"clock 1 h behind: the first attempt is signed an hour in the past: {sent}")
        check(ok and abs(ts[1] - recs[1]["time"]) <= 3,
              f"clock 1 h behind: the retry is signed with the server's time: {sent}")

    # the correction holds for the whole process: a paged ls gets one 403, not one per page
    lkeys = [PREFIX + f"skew-pages/k{i}" for i in range(5)]
    for k in lkeys:
        put_direct(k, b"x")
    proxy.reset_log()
    rc, out, err, secs = run("ls", "--recursive", "--max-keys", 2, uri(PREFIX + "skew-pages/"),
                             env=fenv, wrapper=wrapper)
    statuses = [r["status"] for r in proxy.records]
    check(rc == 0 and all(k.encode() in out for k in lkeys),
          f"ls with the clock 1 h behind: exit 0, all 5 keys (rc={rc}, err={tail(err)})")
    check(statuses == [403, 200, 200, 200],
          f"ls with the clock 1 h behind: one 403, then the 3 pages (got {statuses})")
    check(len(warnings(err)) == 1, f"ls with the clock 1 h behind: one warning: {warnings(err)}")

    # a refused command under a wrong clock: the secret never shows
    proxy.reset_log()
    old = make_existing(d, "kept.bin")
    proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key,
                       "times": -1}])
    rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 2, "--debug", env=fenv,
                             wrapper=wrapper)
    check_get_failed("get with SlowDown always, clock 1 h behind, --debug", rc, 1, out, err, old)
    proxy.clear_faults()

# a 200 with a Date one hour off is no reason to retry or to warn
for skew in (3600, -3600):
    proxy.reset_log()
    proxy.set_faults([{"fault": "skew_date", "seconds": skew, "method": "GET",
                       "path_contains": key}])
    dst = os.path.join(d, f"skew-date{skew}.bin")
    rc, out, err, secs = run("get", uri(key), dst, env=env)
    check_get_ok(f"get answered 200 with a Date {skew:+d} s off", rc, err, dst, body)
    check(attempts(proxy, "GET", key) == 1,
          f"200 with a Date {skew:+d} s off: 1 attempt (got {attempts(proxy, 'GET', key)})")
    check(warnings(err) == [], f"200 with a Date {skew:+d} s off: no warning: {warnings(err)}")

# ---------------------------------------------------------------- 10. region
pkeys = [PREFIX + f"pages/k{i}" for i in range(5)]
for k in pkeys:
    put_direct(k, k.encode())

for rule, status in (("wrong_region", 400), ("redirect_region", 301)):
    what = f"{rule} ({status})"
    # get
    proxy.reset_log()
    proxy.set_faults([{"fault": rule, "region": "us-east-1", "times": -1}])
    dst = os.path.join(d, f"{rule}.bin")
    rc, out, err, secs = run("get", uri(key), dst, "--region", "eu-west-1", env=env)
    check_get_ok(f"get --region eu-west-1 with {what}", rc, err, dst, body)
    recs = records_for(proxy, "GET", key)
    check([r["status"] for r in recs] == [status, 200],
          f"get with {what}: exactly one {status}, then 200 (got {[r['status'] for r in recs]})")
    check([signed_region(r) for r in recs] == ["eu-west-1", "us-east-1"],
          f"get with {what}: signed for eu-west-1, then for us-east-1 "
          f"(got {[signed_region(r) for r in recs]})")
    w = warnings(err)
    check(len(w) == 1 and "us-east-1" in w[0],
          f"get with {what}: one warning naming us-east-1: {w}")

    # put
    proxy.reset_log()
    pbody = os.urandom(30 * 1024)
    pkey = PREFIX + f"{rule}-put.bin"
    src = write_file(f"src/{rule}-put.bin", pbody)
    rc, out, err, secs = run("put", src, uri(pkey), "--region", "eu-west-1", env=env)
    check_put_ok(f"put --region eu-west-1 with {what}", rc, err, pkey, pbody)
    recs = records_for(proxy, "PUT", pkey)
    check([(r["status"], signed_region(r)) for r in recs]
          == [(status, "eu-west-1"), (200, "us-east-1")],
          f"put with {what}: {status} for eu-west-1, then 200 for us-east-1 "
          f"(got {[(r['status'], signed_region(r)) for r in recs]})")
    check(len(warnings(err)) == 1 and "us-east-1" in warnings(err)[0],
          f"put with {what}: one warning naming us-east-1: {warnings(err)}")

    # ls over 3 pages in one process: the region is remembered after the first error
    proxy.reset_log()
    rc, out, err, secs = run("ls", "--recursive", "--max-keys", 2, uri(PREFIX + "pages/"),
                             "--region", "eu-west-1", env=env)
    check(rc == 0 and all(k.encode() in out for k in pkeys),
          f"ls --max-keys 2 with {what}: exit 0, all 5 keys (rc={rc}, err={tail(err)})")
    recs = proxy.records
    got = [(r["status"], signed_region(r)) for r in recs]
    check(got == [(status, "eu-west-1")] + [(200, "us-east-1")] * 3,
          f"ls over 3 pages with {what}: only the first request gets the {status}, the 3 "
          f"pages are signed for us-east-1 (got {got})")
    check(len(warnings(err)) == 1 and "us-east-1" in warnings(err)[0],
          f"ls with {what}: one warning naming us-east-1: {warnings(err)}")

    # the right region from the start: no error, no warning
    proxy.reset_log()
    rc, out, err, secs = run("get", uri(key), dst, "--region", "us-east-1", env=env)
    check_get_ok(f"get --region us-east-1 with {what}", rc, err, dst, body)
    check(attempts(proxy, "GET", key) == 1 and warnings(err) == [],
          f"the right region: 1 attempt, no warning ({attempts(proxy, 'GET', key)}, "
          f"{warnings(err)})")

# a server that keeps naming another region: one region retry only, then the error
old = make_existing(d, "kept-region.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "wrong_region", "region": "eu-central-1", "times": 1},
                  {"fault": "wrong_region", "region": "ap-south-1", "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--region", "eu-west-1", env=env)
check_get_failed("get where every region is wrong", rc, 1, out, err, old)
check(attempts(proxy, "GET", key) == 2,
      f"every region wrong: one region retry only, 2 attempts (got {attempts(proxy, 'GET', key)})")
check("AuthorizationHeaderMalformed" in err,
      f"every region wrong: stderr names AuthorizationHeaderMalformed: {tail(err)!r}")
proxy.clear_faults()

proxy.stop()
for k in [key] + pkeys + [PREFIX + f"{r}-put.bin" for r in ("wrong_region", "redirect_region")] \
        + [PREFIX + f"skew-pages/k{i}" for i in range(5)]:
    s3v4("rm", uri(k))
finish()
