"""Shared helpers of the fault-injection tests (faults_*_test.py).

Not a test itself (the ctest glob takes *_test.py only). Each faults_*_test.py imports
this module after harness.py: it puts a FaultProxy (tests/faults/fault_proxy.py) in front
of the RGW fixture, runs s3v4 with a stopwatch, and makes the checks every case makes:
the exit status, the attempts the proxy saw, a byte-identical result (SHA-256) after a
success, and after a failure: the old destination untouched, no temp file, no secret.
"""
import errno
import os
import re
import subprocess
import sys
import time

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
sys.path.insert(0, os.path.join(_HERE, "..", "faults"))
from harness import *  # noqa: E402,F401,F403
from fault_proxy import FaultProxy  # noqa: E402,F401


def tail(text, n=400):
    """The end of a command's stderr, on one line, for failure messages."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text.strip()[-n:].replace("\n", " | ")


def start_proxy(**kw):
    """A fault proxy in front of the RGW fixture (127.0.0.1, a free port)."""
    return FaultProxy(upstream=ENDPOINT, **kw).start()


def penv(proxy, **extra):
    """The environment of an s3v4 run that goes through the proxy."""
    return base_env(AWS_ENDPOINT_URL=proxy.url, **extra)


def run(*args, env=None, timeout=120, wrapper=()):
    """Runs s3v4 (optionally under a wrapper such as faketime) and times it.
    Returns (exit status, stdout bytes, stderr text, seconds)."""
    cmd = list(wrapper) + [S3V4] + [str(a) for a in args]
    for tries in range(20):
        t0 = time.monotonic()
        try:
            p = subprocess.run(cmd, env=env or base_env(), capture_output=True, timeout=timeout)
        except OSError as e:
            # The binary may be relinked while the suite runs: "Text file busy" is transient.
            if e.errno == errno.ETXTBSY and tries < 19:
                time.sleep(0.25)
                continue
            raise
        return (p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"),
                time.monotonic() - t0)


def popen(*args, env=None):
    """Starts s3v4 in the background (stdout and stderr captured)."""
    return subprocess.Popen([S3V4] + [str(a) for a in args], env=env or base_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def put_direct(key, data):
    """Uploads straight to RGW (no proxy), for the objects the cases download."""
    src = write_file("direct-src/" + key.replace("/", "_"), data)
    rc, out, err = s3v4("put", src, uri(key))
    check(rc == 0, f"setup: put {key} straight to RGW (rc={rc}, err={tail(err)})")


def get_direct(key):
    """Reads an object straight from RGW (no proxy); None when that fails."""
    rc, out, err = s3v4("get", uri(key), "-")
    return out if rc == 0 else None


def dest_dir(name):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    return d


def temps(d):
    """The download temp files (.NAME.s3v4-XXXXXX) left in a folder."""
    return sorted(n for n in os.listdir(d) if ".s3v4-" in n)


def attempts(proxy, method, key):
    """Requests of this method for this key that reached the proxy."""
    return proxy.count(method=method, path_contains=key)


def records_for(proxy, method, key):
    return [r for r in proxy.records if r["method"] == method and key in r["path"]]


def signed_region(rec):
    """The region of the SigV4 credential scope in a proxy record, or None."""
    for k, v in rec["headers"]:
        if k.lower() == "authorization":
            m = re.search(r"Credential=[^/\s]+/\d{8}/([^/]+)/s3/aws4_request", v)
            return m.group(1) if m else None
    return None


def header(rec, name):
    for k, v in rec["headers"]:
        if k.lower() == name.lower():
            return v
    return None


def warnings(err):
    return [ln for ln in err.splitlines() if ln.startswith("s3v4: warning:")]


def retry_lines(err):
    """'* attempt N/M failed (WHY); retrying in X s' lines of a --debug run, as
    (N, M, WHY, X) tuples; X is '' when the line does not end with '; retrying in X s'
    (see check_retry_lines_whole)."""
    out = []
    for m in re.finditer(r"^\* attempt (\d+)/(\d+) failed \((.*)$", err, re.M):
        rest = re.match(r"^(.*)\); retrying in ([0-9.]+) s$", m.group(3))
        out.append((m.group(1), m.group(2)) + ((rest.group(1), rest.group(2)) if rest
                                               else (m.group(3), "")))
    return out


def check_retry_lines_whole(what, err):
    """Every '* attempt N/M failed (...)' line ends with '; retrying in X s'."""
    lines = retry_lines(err)
    cut = [f"{a}/{m} failed ({why}" for a, m, why, secs in lines if not secs]
    check(lines and not cut,
          f"{what}: each --debug retry line ends with '; retrying in X s' "
          f"({len(lines)} lines; cut short: {cut[:1]})")


def check_no_secret(what, out, err):
    text = (out.decode("utf-8", "replace") if isinstance(out, bytes) else out) + err
    check(SECRET_KEY not in text, f"{what}: the secret key appears nowhere in stdout/stderr")


def make_existing(d, name, content=b"precious old content\n"):
    """An existing destination file; returns (path, content, stat) to compare later."""
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(content)
    return path, content, os.stat(path)


def check_get_ok(what, rc, err, path, body):
    """A download that must have succeeded: exit 0, identical bytes, no temp file."""
    check(rc == 0, f"{what}: exit 0 (rc={rc}, err={tail(err)})")
    got = read_file(path) if os.path.exists(path) else None
    check(got is not None and sha256(got) == sha256(body),
          f"{what}: the file is byte-identical to the object (SHA-256; "
          f"{None if got is None else len(got)} of {len(body)} bytes)")
    check(temps(os.path.dirname(path)) == [],
          f"{what}: no temp file left: {temps(os.path.dirname(path))}")


def check_get_failed(what, rc, want_rc, out, err, existing):
    """A download that must have failed: the exit status, the old destination untouched
    (same bytes, inode and mtime), no temp file, no secret in the output."""
    path, content, st = existing
    check(rc == want_rc, f"{what}: exit {want_rc} (rc={rc}, err={tail(err)})")
    now = os.stat(path) if os.path.exists(path) else None
    check(now is not None and read_file(path) == content and now.st_ino == st.st_ino
          and now.st_mtime_ns == st.st_mtime_ns,
          f"{what}: the existing destination is untouched")
    check(temps(os.path.dirname(path)) == [],
          f"{what}: no temp file left: {temps(os.path.dirname(path))}")
    check_no_secret(what, out, err)


def check_put_ok(what, rc, err, key, body):
    """An upload that must have succeeded: exit 0, and the object read back straight
    from RGW (not through the proxy) is byte-identical."""
    check(rc == 0, f"{what}: exit 0 (rc={rc}, err={tail(err)})")
    got = get_direct(key)
    check(got is not None and sha256(got) == sha256(body),
          f"{what}: the object read back from RGW is byte-identical (SHA-256; "
          f"{None if got is None else len(got)} of {len(body)} bytes)")
