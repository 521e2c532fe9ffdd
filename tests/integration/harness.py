"""Shared helpers for the integration tests against the RGW fixture (tests/rgw/).

Each test script is one ctest test: `python3 SCRIPT S3V4_BINARY RGW_STATE_DIR`.
It makes checks with check(), and ends with finish(), which prints
'N passed, M failed' and exits non-zero on any failure or when no check ran.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import uuid

S3V4 = sys.argv[1]
STATE_DIR = sys.argv[2]

_env = {}
with open(os.path.join(STATE_DIR, "env")) as f:
    for line in f:
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            _env[k] = v

ENDPOINT = _env["S3V4_TEST_ENDPOINT"]
BUCKET = _env["S3V4_TEST_BUCKET"]
ACCESS_KEY = _env["S3V4_TEST_ACCESS_KEY"]
SECRET_KEY = _env["S3V4_TEST_SECRET_KEY"]
LIMITED_ACCESS_KEY = _env["S3V4_TEST_LIMITED_ACCESS_KEY"]
LIMITED_SECRET_KEY = _env["S3V4_TEST_LIMITED_SECRET_KEY"]
PORT = ENDPOINT.rsplit(":", 1)[1]

# A fresh prefix per script run, so scripts can share the bucket and run in parallel.
PREFIX = f"t-{os.path.basename(sys.argv[0]).split('.')[0]}-{uuid.uuid4().hex[:8]}/"
WORK = tempfile.mkdtemp(prefix="s3v4-it-")

_failures = []
_checks = 0


def base_env(**extra):
    """The environment of a child: only what the test sets, plus PATH and a clean HOME."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": WORK, "LANG": "C.UTF-8",
           "TZ": "UTC",
           "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
           "AWS_ENDPOINT_URL": ENDPOINT, "AWS_REGION": "us-east-1"}
    env.update({k: v for k, v in extra.items() if v is not None})
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
    return env


def s3v4(*args, env=None, stdin=None, timeout=120):
    """Runs the s3v4 binary; returns (exit status, stdout bytes, stderr text)."""
    p = subprocess.run([S3V4] + [str(a) for a in args], env=env or base_env(), input=stdin,
                       capture_output=True, timeout=timeout)
    # Every output of every command is searched for the secret keys, whatever the test.
    for secret in (SECRET_KEY, LIMITED_SECRET_KEY):
        if secret.encode() in p.stdout or secret.encode() in p.stderr:
            check(False, f"a secret key appeared in the output of s3v4 {' '.join(map(str, args))[:200]}")
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def aws(*args, env=None, timeout=120):
    """Runs aws-cli against the fixture (SigV4 forced)."""
    cfg = os.path.join(WORK, "aws-config")
    if not os.path.exists(cfg):
        with open(cfg, "w") as f:
            f.write("[default]\nregion = us-east-1\ns3 =\n  signature_version = s3v4\n"
                    "  addressing_style = path\n")
    e = env or base_env()
    e = dict(e, AWS_CONFIG_FILE=cfg)
    p = subprocess.run(["aws", "--endpoint-url", ENDPOINT] + [str(a) for a in args], env=e,
                       capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def uri(key):
    return f"s3://{BUCKET}/{key}"


def write_file(name, data):
    path = os.path.join(WORK, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def check(cond, what):
    global _checks
    _checks += 1
    if not cond:
        _failures.append(what)
        print("FAIL:", what, flush=True)


def finish():
    import shutil
    shutil.rmtree(WORK, ignore_errors=True)
    name = os.path.basename(sys.argv[0])
    print(f"{name}: {_checks - len(_failures)} passed, {len(_failures)} failed")
    sys.exit(1 if _failures or _checks == 0 else 0)
