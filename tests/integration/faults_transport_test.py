"""Retries on broken transfers, through the fault proxy: connection resets in a GET body
and a PUT response, bodies cut under their Content-Length, stalls and late responses
against --stall-timeout, --timeout, a refused connection while the server "restarts", and
an HTTP/1.0 server that closes early without a length (an integrity failure).

Every case checks the attempts the proxy saw, the exit status, a byte-identical result
after a success, and after a failure an untouched destination, no temp file, no secret."""
import os
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults_common import *  # noqa: E402,F401,F403

proxy = start_proxy()
env = penv(proxy)

MiB = 1024 * 1024
big = os.urandom(2 * MiB + 123)
key = PREFIX + "big.bin"
put_direct(key, big)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---------------------------------------------------------------- 5. connection reset
d = dest_dir("d5")
dst = os.path.join(d, "big.bin")
proxy.set_faults([{"fault": "reset_after", "bytes": MiB, "method": "GET",
                   "path_contains": key}])
rc, out, err, secs = run("get", uri(key), dst, env=env)
check_get_ok("get with a reset after 1 MiB of the body", rc, err, dst, big)
check(attempts(proxy, "GET", key) == 2,
      f"reset in the body: retried, exactly 2 GET attempts (got {attempts(proxy, 'GET', key)})")

# a reset inside the response head, over an existing file
old = make_existing(d, "existing.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "reset_after", "bytes": 40, "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), old[0], env=env)
check_get_ok("get with a reset inside the response head", rc, err, old[0], big)
check(attempts(proxy, "GET", key) == 2,
      f"reset in the head: exactly 2 GET attempts (got {attempts(proxy, 'GET', key)})")

# a reset every time: exit 4, the old file stays
old = make_existing(d, "existing2.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "reset_after", "bytes": MiB, "method": "GET", "path_contains": key,
                   "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 3, env=env)
check_get_failed("get with a reset every time, --max-attempts 3", rc, 4, out, err, old)
check(attempts(proxy, "GET", key) == 3,
      f"reset every time, --max-attempts 3: 3 attempts (got {attempts(proxy, 'GET', key)})")

# to stdout: bytes already on the pipe cannot be taken back, so no retry after a reset in
# the body; a SlowDown before any byte is retried.
proxy.reset_log()
proxy.set_faults([{"fault": "reset_after", "bytes": MiB, "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), "-", env=env)
check(rc == 4, f"get - with a reset in the body: exit 4 (rc={rc}, err={tail(err)})")
check(attempts(proxy, "GET", key) == 1,
      f"get - with a reset in the body: not retried once bytes reached stdout "
      f"(got {attempts(proxy, 'GET', key)} attempts)")
check(len(out) < len(big) and big.startswith(out),
      f"get - with a reset: stdout holds only a prefix of the object ({len(out)} bytes)")
check_no_secret("get - with a reset", out, err)
proxy.reset_log()
proxy.set_faults([{"fault": "slowdown", "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), "-", env=env)
check(rc == 0 and sha256(out) == sha256(big),
      f"get - after a SlowDown: retried, stdout identical (rc={rc}, {len(out)} bytes)")
check(attempts(proxy, "GET", key) == 2,
      f"get - after a SlowDown: 2 attempts (got {attempts(proxy, 'GET', key)})")

# a reset while the PUT response comes back (the upload itself reached RGW)
pkey = PREFIX + "put-reset.bin"
pbody = os.urandom(300 * 1024 + 11)
src = write_file("src/put-reset.bin", pbody)
for nbytes in (0, 20):
    proxy.reset_log()
    proxy.set_faults([{"fault": "reset_after", "bytes": nbytes, "method": "PUT",
                       "path_contains": pkey}])
    rc, out, err, secs = run("put", src, uri(pkey), env=env)
    check_put_ok(f"put with a reset after {nbytes} bytes of the response", rc, err, pkey, pbody)
    check(attempts(proxy, "PUT", pkey) == 2,
          f"put with a reset after {nbytes} response bytes: 2 PUT attempts "
          f"(got {attempts(proxy, 'PUT', pkey)})")

# ---------------------------------------------------------------- 6. body cut short
d = dest_dir("d6")
dst = os.path.join(d, "big.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "truncate", "bytes": MiB, "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), dst, env=env)
check_get_ok("get with the body cut under its Content-Length once", rc, err, dst, big)
check(attempts(proxy, "GET", key) == 2,
      f"truncated once: retried, 2 attempts (got {attempts(proxy, 'GET', key)})")

old = make_existing(d, "existing.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "truncate", "bytes": MiB, "method": "GET", "path_contains": key,
                   "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 3, env=env)
check_get_failed("get with the body always truncated, --max-attempts 3", rc, 4, out, err, old)
check(attempts(proxy, "GET", key) == 3,
      f"always truncated, --max-attempts 3: 3 attempts (got {attempts(proxy, 'GET', key)})")
newdst = os.path.join(d, "never-created.bin")
proxy.reset_log()
rc, out, err, secs = run("get", uri(key), newdst, "--max-attempts", 2, env=env)
check(rc == 4 and not os.path.exists(newdst) and temps(d) == [],
      f"always truncated into a new file: exit 4, no file, no temp (rc={rc}, {temps(d)})")

# ---------------------------------------------------------------- 8. stalls and late answers
STALL = 15      # how long the proxy stays silent; --stall-timeout is 2
# "Abandoned after about 2 s": the stall timeout, curl's once-a-second check, the backoff
# (at most 0.1 s) and the retry itself, with room for a slow (sanitizer) build.
STALL_BOUND = 6
d = dest_dir("d8")
dst = os.path.join(d, "big.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "stall", "seconds": STALL, "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), dst, "--stall-timeout", 2, env=env)
check_get_ok("get with a stall once, --stall-timeout 2", rc, err, dst, big)
check(attempts(proxy, "GET", key) == 2,
      f"stall once: the attempt is abandoned and retried: 2 attempts "
      f"(got {attempts(proxy, 'GET', key)})")
check(1.5 <= secs < STALL_BOUND,
      f"stall once: took {secs:.2f} s (want 2 s stall timeout + retry < {STALL_BOUND} s, "
      f"far less than the {STALL} s stall)")

proxy.reset_log()
proxy.set_faults([{"fault": "delay", "seconds": STALL, "method": "GET", "path_contains": key}])
rc, out, err, secs = run("get", uri(key), dst, "--stall-timeout", 2, env=env)
check_get_ok("get with a late response once, --stall-timeout 2", rc, err, dst, big)
check(attempts(proxy, "GET", key) == 2,
      f"late response once: abandoned and retried: 2 attempts (got {attempts(proxy, 'GET', key)})")
check(1.5 <= secs < STALL_BOUND,
      f"late response once: took {secs:.2f} s (want < {STALL_BOUND} s; the delay is {STALL} s)")

proxy.reset_log()
proxy.set_faults([{"fault": "stall", "seconds": STALL, "method": "PUT", "path_contains": pkey}])
rc, out, err, secs = run("put", src, uri(pkey), "--stall-timeout", 2, env=env)
check_put_ok("put with no answer once, --stall-timeout 2", rc, err, pkey, pbody)
check(attempts(proxy, "PUT", pkey) == 2,
      f"put with no answer once: 2 PUT attempts (got {attempts(proxy, 'PUT', pkey)})")
recs = records_for(proxy, "PUT", pkey)
gap = recs[1]["time"] - recs[0]["time"] if len(recs) == 2 else -1
check(1.5 <= gap < STALL_BOUND - 1,
      f"put with no answer once (the body was sent at once, then nothing moved): the attempt "
      f"is abandoned about 2 s after it began, not later (the retry came after {gap:.2f} s)")
check(1.5 <= secs < STALL_BOUND,
      f"put with no answer once: took {secs:.2f} s (want < {STALL_BOUND} s)")

# A download that stops in the middle of the body. The proxy has no rule for this, so a
# one-purpose server stands in for S3: its first answer sends half the body and then goes
# silent (until the test ends); the next answers send the whole body.
mid_body = os.urandom(512 * 1024)
mid_conns = []
mid_stop = threading.Event()


def mid_answer(c, stall):
    try:
        buf = b""
        while b"\r\n\r\n" not in buf:
            got = c.recv(65536)
            if not got:
                return
            buf += got
        head = ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(mid_body)}\r\n"
                f'ETag: "{hashlib.md5(mid_body).hexdigest()}"\r\nConnection: close\r\n\r\n')
        if stall:
            c.sendall(head.encode() + mid_body[:len(mid_body) // 2])
            mid_stop.wait(STALL)
        else:
            c.sendall(head.encode() + mid_body)
    except OSError:
        pass
    finally:
        c.close()


def mid_loop(lsock):
    while True:
        try:
            c, _ = lsock.accept()
        except OSError:
            return      # the listening socket was shut down
        mid_conns.append(time.time())
        threading.Thread(target=mid_answer, args=(c, len(mid_conns) == 1), daemon=True).start()


mid_listen = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
mid_listen.bind(("127.0.0.1", 0))
mid_listen.listen(8)
threading.Thread(target=mid_loop, args=(mid_listen,), daemon=True).start()
dst = os.path.join(d, "mid.bin")
mid_url = f"http://127.0.0.1:{mid_listen.getsockname()[1]}"
rc, out, err, secs = run("get", uri(PREFIX + "mid.bin"), dst, "--stall-timeout", 2,
                         env=base_env(AWS_ENDPOINT_URL=mid_url))
check_get_ok("get stalling in the middle of the body once, --stall-timeout 2", rc, err, dst,
             mid_body)
check(len(mid_conns) == 2, f"stall mid-body: 2 attempts (got {len(mid_conns)})")
gap = mid_conns[1] - mid_conns[0] if len(mid_conns) == 2 else -1
check(1.5 <= gap < STALL_BOUND - 1,
      f"stall mid-body: the attempt is abandoned about 2 s after the last byte moved, not "
      f"later (the retry came after {gap:.2f} s)")
check(1.5 <= secs < STALL_BOUND,
      f"stall mid-body: took {secs:.2f} s (want < {STALL_BOUND} s; the stall is {STALL} s)")
mid_stop.set()
try:
    mid_listen.shutdown(socket.SHUT_RDWR)
except OSError:
    pass
mid_listen.close()

# ---------------------------------------------------------------- 13. --timeout
old = make_existing(d, "existing.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "delay", "seconds": 3, "method": "GET", "path_contains": key,
                   "times": -1}])
rc, out, err, secs = run("get", uri(key), old[0], "--timeout", 1, "--max-attempts", 2, env=env)
check_get_failed("get with --timeout 1 and a 3 s delay every time, --max-attempts 2",
                 rc, 4, out, err, old)
check(attempts(proxy, "GET", key) == 2,
      f"--timeout 1, delay always: 2 attempts (got {attempts(proxy, 'GET', key)})")
check(1.8 <= secs < 4.5,
      f"--timeout 1, 2 attempts: exit after about 2 x 1 s + backoff (took {secs:.2f} s)")

# ---------------------------------------------------------------- 12. HTTP/1.0, closed early
small = os.urandom(100 * 1024 + 5)
skey = PREFIX + "small.bin"
put_direct(skey, small)
d = dest_dir("d12")
old = make_existing(d, "small.bin")
proxy.reset_log()
proxy.set_faults([{"fault": "close_early_http10", "method": "GET", "path_contains": skey,
                   "times": -1}])
rc, out, err, secs = run("get", uri(skey), old[0], env=env)
check_get_failed("get from an HTTP/1.0 server closing early without a length", rc, 6, out,
                 err, old)
check("MD5" in err and "ETag" in err,
      f"closed early: stderr says the MD5 differs from the ETag: {tail(err)!r}")
check(attempts(proxy, "GET", skey) == 1,
      f"closed early: 1 attempt (the transfer itself succeeded; "
      f"got {attempts(proxy, 'GET', skey)})")
newdst = os.path.join(d, "never-created.bin")
rc, out, err, secs = run("get", uri(skey), newdst, env=env)
check(rc == 6 and not os.path.exists(newdst) and temps(d) == [],
      f"closed early into a new file: exit 6, no file, no temp (rc={rc}, {temps(d)})")
rc, out, err, secs = run("get", uri(skey), "-", env=env)
check(rc == 6, f"closed early to stdout: exit 6 (rc={rc}, err={tail(err)})")
check_no_secret("closed early to stdout", out, err)

# ---------------------------------------------------------------- 11. refused, then up
d = dest_dir("d11")
dst = os.path.join(d, "big.bin")
port = free_port()
late = FaultProxy(upstream=ENDPOINT, port=port)
timer = threading.Timer(0.3, late.start)
t0 = time.monotonic()
p = popen("get", uri(key), dst, "--max-attempts", 10, "--debug",
          env=base_env(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}"))
timer.start()
try:
    pout, perr = p.communicate(timeout=120)
except subprocess.TimeoutExpired:
    p.kill()
    pout, perr = p.communicate()
secs = time.monotonic() - t0
timer.join()
perr = perr.decode("utf-8", "replace")
check_get_ok("get while the server comes up after 0.3 s, --max-attempts 10", p.returncode,
             perr, dst, big)
lines = retry_lines(perr)
check(len(lines) >= 1 and lines[0][0] == "1" and lines[0][1] == "10",
      f"refused, then up: --debug shows '* attempt 1/10 failed ...; retrying': {lines[:3]}")
check_retry_lines_whole("refused, then up", perr)
check(all("refused" in why.lower() or "connect" in why.lower() for _, _, why, _ in lines),
      f"refused, then up: the failed attempts were refused connections: "
      f"{[w for _, _, w, _ in lines]}")
check(late.count(method="GET", path_contains=key) == 1,
      f"refused, then up: the server saw exactly the one successful attempt "
      f"(got {late.count(method='GET', path_contains=key)}); {len(lines) + 1} attempts in all")
check(secs < 30, f"refused, then up: done in {secs:.2f} s")
late.stop()

port = free_port()
old = make_existing(d, "existing.bin")
rc, out, err, secs = run("get", uri(key), old[0], "--max-attempts", 2,
                         env=base_env(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}"))
check_get_failed("get from a closed port, --max-attempts 2", rc, 4, out, err, old)
check(secs < 5, f"closed port, --max-attempts 2: exit 4 quickly (took {secs:.2f} s)")
check("refused" in err.lower() or "connect" in err.lower(),
      f"closed port: stderr says the connection failed: {tail(err)!r}")
rc, out, err, secs = run("put", src, uri(pkey), "--max-attempts", 2, "--debug",
                         env=base_env(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}"))
check(rc == 4 and len(retry_lines(err)) == 1,
      f"put to a closed port, --max-attempts 2: exit 4 after 2 attempts "
      f"(rc={rc}, {retry_lines(err)})")
check_retry_lines_whole("put to a closed port", err)
check_no_secret("put to a closed port --debug", out, err)

proxy.stop()
for k in (key, pkey, skey):
    s3v4("rm", uri(k))
finish()
