"""Errors from the server and the network: exit codes, S3 error codes in stderr, and secrets
never printed (not even with --debug)."""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

key = PREFIX + "obj.txt"
src = write_file("src/obj.txt", b"errors test object\n")
rc, out, err = s3v4("put", src, uri(key))
check(rc == 0, f"setup put: rc={rc} err={err.strip()[:300]}")


def secret_forms(secret):
    return {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote(secret)}


def no_secret(secret, out, err, what):
    text = out.decode("utf-8", "replace") + err
    leaked = [s for s in secret_forms(secret) if s in text]
    check(not leaked, f"{what}: the secret does not appear in stdout/stderr")


# ---------------------------------------------------------------- wrong secret
wrong_secret = "Wr0ngSecretKeyValue/ForTheTest+0123456789"
env = base_env(AWS_SECRET_ACCESS_KEY=wrong_secret)
for args in (("ls", uri(PREFIX)), ("get", uri(key), "-"), ("put", src, uri(PREFIX + "x"))):
    rc, out, err = s3v4(*args, env=env)
    check(rc == 1, f"{args[0]} with a wrong secret: exit 1 (got {rc})")
    check("SignatureDoesNotMatch" in err, f"{args[0]} with a wrong secret: SignatureDoesNotMatch "
                                          f"in stderr: {err.strip()[:300]!r}")
    check(out == b"" or args[0] != "get", f"{args[0]} with a wrong secret writes no data")
    no_secret(wrong_secret, out, err, f"{args[0]} with a wrong secret")
rc, out, err = s3v4("ls", uri(PREFIX), "--debug", env=env)
check(rc == 1 and "SignatureDoesNotMatch" in err, f"--debug with a wrong secret: exit 1 (got {rc})")
check("canonical request" in err.lower(), "--debug with a wrong secret shows the canonical request")
no_secret(wrong_secret, out, err, "--debug with a wrong secret")

# ---------------------------------------------------------------- unknown access key
env = base_env(AWS_ACCESS_KEY_ID="AKIAUNKNOWNKEY000000")
rc, out, err = s3v4("ls", uri(PREFIX), env=env)
check(rc == 1 and "InvalidAccessKeyId" in err,
      f"unknown access key: exit 1, InvalidAccessKeyId (rc={rc}, err={err.strip()[:300]!r})")
no_secret(SECRET_KEY, out, err, "unknown access key")
rc, out, err = s3v4("get", uri(key), "-", env=env)
check(rc == 1 and "InvalidAccessKeyId" in err and out == b"",
      f"get with an unknown access key: exit 1, InvalidAccessKeyId (rc={rc})")

# ---------------------------------------------------------------- unknown bucket
nb = "s3v4-no-such-bucket-" + PREFIX[-9:-1]
rc, out, err = s3v4("ls", f"s3://{nb}/")
check(rc == 1 and "NoSuchBucket" in err, f"ls of an unknown bucket: exit 1, NoSuchBucket "
                                         f"(rc={rc}, err={err.strip()[:300]!r})")
rc, out, err = s3v4("get", f"s3://{nb}/k", "-")
check(rc == 1 and "NoSuchBucket" in err, f"get from an unknown bucket: exit 1, NoSuchBucket "
                                         f"(rc={rc}, err={err.strip()[:300]!r})")
rc, out, err = s3v4("put", src, f"s3://{nb}/k")
check(rc == 1 and "NoSuchBucket" in err, f"put to an unknown bucket: exit 1, NoSuchBucket "
                                         f"(rc={rc}, err={err.strip()[:300]!r})")
rc, out, err = s3v4("ls", "s3://Bad_Bucket/")
check(rc == 2, f"ls of an invalid bucket name: exit 2 (got {rc})")

# ---------------------------------------------------------------- limited user
env = base_env(AWS_ACCESS_KEY_ID=LIMITED_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=LIMITED_SECRET_KEY)
rc, out, err = s3v4("ls", uri(PREFIX), env=env)
check(rc == 1, f"limited user lists the bucket: exit 1 (got {rc})")
check("AccessDenied" in err and "s3:ListBucket" in err,
      f"limited user ls: AccessDenied and s3:ListBucket in stderr: {err.strip()[:300]!r}")
check(out == b"", f"limited user ls prints nothing on stdout: {out[:100]!r}")
no_secret(LIMITED_SECRET_KEY, out, err, "limited user ls")
rc, out, err = s3v4("get", uri(key), "-", env=env)
check(rc == 1 and "AccessDenied" in err and "s3:GetObject" in err,
      f"limited user get: exit 1, AccessDenied, s3:GetObject (rc={rc}, {err.strip()[:300]!r})")
rc, out, err = s3v4("put", src, uri(PREFIX + "limited"), env=env)
check(rc == 1 and "AccessDenied" in err and "s3:PutObject" in err,
      f"limited user put: exit 1, AccessDenied, s3:PutObject (rc={rc}, {err.strip()[:300]!r})")
rc, out, err = s3v4("rm", uri(key), env=env)
check(rc == 1 and "AccessDenied" in err,
      f"limited user rm: exit 1, AccessDenied (rc={rc}, {err.strip()[:300]!r})")
rc, out, err = s3v4("get", uri(key), "-")
check(rc == 0 and out == b"errors test object\n", "the object survived the limited user's rm")

# ---------------------------------------------------------------- --sse AES256 over http
sse_key = PREFIX + "sse.txt"
rc, out, err = s3v4("put", src, uri(sse_key), "--sse", "AES256", "--debug")
sent = [l for l in err.splitlines() if l.startswith("> ")]
check(any(l.lower().startswith("> x-amz-server-side-encryption: aes256") for l in sent),
      "put --sse AES256 sends x-amz-server-side-encryption: AES256")
auth = [l for l in sent if l.lower().startswith("> authorization:")]
check(auth and "x-amz-server-side-encryption" in auth[0],
      "the SSE header is among the SignedHeaders")
if rc == 0:
    rc2, out2, err2 = s3v4("get", uri(sse_key), "-")
    check(rc2 == 0 and out2 == b"errors test object\n",
          f"RGW accepted --sse AES256: the object reads back (rc={rc2}, {err2.strip()[:200]})")
else:
    check(rc == 1, f"RGW refused --sse AES256: exit 1 (got {rc})")
    last = [l for l in err.splitlines() if l.startswith("s3v4: error:")]
    check(last and any(c in last[-1] for c in ("InvalidRequest", "NotImplemented", "InvalidArgument",
                                               "AccessDenied", "(4", "(5")),
          f"refused --sse: stderr names the S3 error: {last[-1:]!r}")
no_secret(SECRET_KEY, b"", err, "put --sse --debug")
rc, out, err = s3v4("put", src, uri(sse_key), "--sse", "DES")
check(rc == 2, f"--sse with an unknown algorithm: exit 2 (got {rc})")

# ---------------------------------------------------------------- network
for cmd in (("ls", uri(PREFIX)), ("get", uri(key), "-"), ("put", src, uri(PREFIX + "net"))):
    rc, out, err = s3v4(*cmd, "--endpoint", "http://127.0.0.1:1", timeout=60)
    check(rc == 4, f"{cmd[0]} to a closed port: exit 4 (got {rc}, {err.strip()[:200]})")
env = base_env(AWS_ENDPOINT_URL="http://127.0.0.1:1")
rc, out, err = s3v4("ls", uri(PREFIX), env=env, timeout=60)
check(rc == 4, f"closed port from AWS_ENDPOINT_URL: exit 4 (got {rc})")

# ---------------------------------------------------------------- missing credentials
env = base_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
rc, out, err = s3v4("ls", uri(PREFIX), env=env)
check(rc == 3, f"no credentials: exit 3 (got {rc}, {err.strip()[:200]})")

# ---------------------------------------------------------------- local file errors
rc, out, err = s3v4("put", os.path.join(WORK, "no-such-file"), uri(PREFIX + "nofile"))
check(rc == 5, f"put of a missing local file: exit 5 (got {rc}, {err.strip()[:200]})")
rc, out, err = s3v4("put", WORK, uri(PREFIX + "dir"))
check(rc == 2, f"put of a directory: exit 2 (got {rc}, {err.strip()[:200]})")

# ---------------------------------------------------------------- --debug hygiene
for args in (("ls", uri(PREFIX)), ("get", uri(key), "-"), ("put", src, uri(PREFIX + "dbg")),
             ("rm", uri(PREFIX + "dbg"))):
    rc, out, err = s3v4(*args, "--debug")
    check(rc == 0, f"{args[0]} --debug: exit 0 (got {rc})")
    no_secret(SECRET_KEY, out, err, f"{args[0]} --debug")
    check("canonical request" in err.lower(), f"{args[0]} --debug shows the canonical request")
    check(any(l.startswith("> Authorization: AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
              for l in err.splitlines()),
          f"{args[0]} --debug shows the Authorization header line")
    if args[0] == "get":
        check(out == b"errors test object\n", "get - --debug: stdout holds only the object bytes")

token = "SessionTokenThatMustNotLeak-" + PREFIX[-9:-1]
rc, out, err = s3v4("ls", uri(PREFIX), "--debug", env=base_env(AWS_SESSION_TOKEN=token))
check(token not in err and token not in out.decode("utf-8", "replace"),
      f"--debug never prints the session token (rc={rc})")
no_secret(SECRET_KEY, out, err, "ls --debug with a session token")

# ---------------------------------------------------------------- clean up
for k in (key, sse_key):
    s3v4("rm", uri(k))
rc, out, err = s3v4("ls", uri(PREFIX), "--recursive")
check(rc == 0 and out == b"", f"clean-up: nothing left under the prefix: {out[:200]!r}")
finish()
