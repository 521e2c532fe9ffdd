"""Presigned URLs used by plain curl: GET, PUT with a signed Content-Type, tampering, expiry,
and keys with spaces and '+'."""
import datetime
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403


def curl(url, *extra, out_name="curl-out"):
    """Runs curl on the URL as printed; returns (HTTP status text, body bytes, stderr)."""
    out = os.path.join(WORK, out_name)
    if os.path.exists(out):
        os.unlink(out)
    p = subprocess.run(["curl", "-sS", "--path-as-is", "--max-time", "30", "-o", out,
                        "-w", "%{http_code}", *extra, url],
                       capture_output=True, env=base_env(), timeout=60)
    body = read_file(out) if os.path.exists(out) else b""
    return p.stdout.decode().strip(), body, p.stderr.decode("utf-8", "replace")


def presign(key, *flags, env=None):
    rc, out, err = s3v4("presign", uri(key), *flags, env=env)
    url = out.decode().strip()
    check(rc == 0 and url.startswith(ENDPOINT + "/") and "\n" not in url,
          f"presign {key!r} {flags}: one URL (rc={rc}, err={err.strip()[:200]}, {url[:120]})")
    return url


def tamper(url):
    m = re.search(r"X-Amz-Signature=([0-9a-f]{64})", url)
    if not m:
        return url + "x"
    sig = m.group(1)
    flipped = ("1" if sig[10] == "0" else "0")
    return url[:m.start(1)] + sig[:10] + flipped + sig[11:] + url[m.end(1):]


# ---------------------------------------------------------------- GET
key = PREFIX + "photo.bin"
body = os.urandom(50_000)
rc, out, err = s3v4("put", write_file("src/photo.bin", body), uri(key))
check(rc == 0, f"setup put: rc={rc} err={err.strip()[:300]}")

url = presign(key)
check("X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=3600" in url and
      "X-Amz-SignedHeaders=host" in url and re.search(r"X-Amz-Signature=[0-9a-f]{64}", url),
      f"the GET URL has the SigV4 query parameters (default expiry 3600): {url}")
check(SECRET_KEY not in url, "the URL does not contain the secret")
code, got, cerr = curl(url)
check(code == "200" and got == body, f"curl GET of a presigned URL: 200 and the bytes (got {code}, "
                                     f"{len(got)} bytes, {cerr.strip()[:200]})")
code, got, cerr = curl(presign(key, "--expires", "60"))
check(code == "200" and got == body, f"presign --expires 60: 200 (got {code})")
code, got, cerr = curl(presign(key, "--method", "HEAD"), "-I")
check(code == "200", f"presigned HEAD with curl -I: 200 (got {code})")

# ---------------------------------------------------------------- tampering, expiry
code, got, cerr = curl(tamper(url))
check(code == "403", f"a URL with one signature hex digit changed: 403 (got {code})")
check(b"SignatureDoesNotMatch" in got, f"tampered URL: SignatureDoesNotMatch body: {got[:200]!r}")
code, got, cerr = curl(url.replace(PREFIX, PREFIX[:-1] + "x/", 1))
check(code == "403", f"the URL of another key with the same signature: 403 (got {code})")
code, got, cerr = curl(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"))
check(code == "403", f"a URL with a longer X-Amz-Expires than signed: 403 (got {code})")

past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y%m%dT%H%M%SZ")
old = presign(key, "--time", past, "--expires", "60")
check(f"X-Amz-Date={past}" in old, f"--time is the URL's X-Amz-Date: {old}")
code, got, cerr = curl(old)
check(code == "403", f"a URL signed 2 hours ago that expired after 60 s: 403 (got {code}, {got[:200]!r})")
recent = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)).strftime("%Y%m%dT%H%M%SZ")
code, got, cerr = curl(presign(key, "--time", recent, "--expires", "3600"))
check(code == "200" and got == body, f"a URL signed 10 minutes ago, valid 1 hour: 200 (got {code})")

rc, out, err = s3v4("presign", uri(key), "--expires", "604801")
check(rc == 2, f"--expires beyond 7 days: exit 2 (got {rc})")
rc, out, err = s3v4("presign", uri(key), "--time", "2024-01-01")
check(rc == 2, f"malformed --time: exit 2 (got {rc})")

# wrong credentials produce a URL the server refuses
env = base_env(AWS_SECRET_ACCESS_KEY="not-the-secret")
code, got, cerr = curl(presign(key, env=env))
check(code == "403", f"a URL signed with a wrong secret: 403 (got {code})")
env = base_env(AWS_ACCESS_KEY_ID=LIMITED_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=LIMITED_SECRET_KEY)
code, got, cerr = curl(presign(key, env=env))
check(code == "403", f"a URL signed by the limited user: 403 (got {code})")

# ---------------------------------------------------------------- PUT with Content-Type
up_key = PREFIX + "upload.jpg"
up_body = b"\xff\xd8\xff\xe0" + os.urandom(30_000)
up_file = write_file("src/upload.jpg", up_body)
put_url = presign(up_key, "--method", "PUT", "--content-type", "image/jpeg")
check("content-type" in put_url.lower(), f"the PUT URL signs content-type: {put_url}")
code, got, cerr = curl(put_url, "-X", "PUT", "-H", "Content-Type: image/png",
                       "--data-binary", "@" + up_file)
check(code == "403", f"presigned PUT with another Content-Type (image/png): 403 (got {code})")
code, got, cerr = curl(put_url, "-X", "PUT", "--data-binary", "@" + up_file)
check(code == "403", f"presigned PUT with curl's default Content-Type: 403 (got {code})")
rc, out, err = s3v4("get", uri(up_key), "-")
check(rc == 1 and "NoSuchKey" in err, f"the refused PUTs created nothing (rc={rc})")
code, got, cerr = curl(put_url, "-X", "PUT", "-H", "Content-Type: image/jpeg",
                       "--data-binary", "@" + up_file)
check(code == "200", f"presigned PUT with Content-Type: image/jpeg: 200 (got {code}, {got[:200]!r})")
rc, out, err = s3v4("get", uri(up_key), "-")
check(rc == 0 and out == up_body, f"s3v4 get returns the bytes uploaded by curl (rc={rc}, {len(out)})")
rc, out, err = s3v4("get", uri(up_key), os.path.join(WORK, "upload-back.jpg"))
check(rc == 0 and read_file(os.path.join(WORK, "upload-back.jpg")) == up_body,
      "s3v4 get to a file of the curl upload (ETag check passes)")

# ---------------------------------------------------------------- keys with spaces and '+'
for n, odd in enumerate(["my photo+1.jpg", "a b/c+d e+.txt", "100% + 50%.txt", "x&y=z?q.txt",
                         "é ü+.bin"]):
    odd_key = PREFIX + odd
    odd_body = f"odd key {n}\n".encode() + os.urandom(100)
    purl = presign(odd_key, "--method", "PUT")
    check(" " not in purl, f"the URL of {odd!r} has no raw space: {purl}")
    f = write_file(f"src/odd-{n}", odd_body)
    code, got, cerr = curl(purl, "-X", "PUT", "-H", "Content-Type:", "--data-binary", "@" + f)
    check(code == "200", f"presigned PUT of {odd!r} via curl: 200 (got {code}, {got[:200]!r})")
    rc, out, err = s3v4("get", uri(odd_key), "-")
    check(rc == 0 and out == odd_body, f"s3v4 get of {odd!r} (uploaded by curl): same bytes (rc={rc})")
    code, got, cerr = curl(presign(odd_key))
    check(code == "200" and got == odd_body, f"presigned GET of {odd!r} via curl: 200 and bytes "
                                             f"(got {code})")
    rc, out, err = s3v4("ls", uri(odd_key), "--recursive")
    check(rc == 0 and out.decode().rstrip("\n").endswith(" " + odd_key),
          f"the key {odd!r} is stored exactly (not '+' turned into space): {out!r}")

# presigned DELETE removes the object
code, got, cerr = curl(presign(up_key, "--method", "DELETE"), "-X", "DELETE")
check(code == "204", f"presigned DELETE via curl: 204 (got {code})")
rc, out, err = s3v4("get", uri(up_key), "-")
check(rc == 1 and "NoSuchKey" in err, f"after the presigned DELETE the object is gone (rc={rc})")

# ---------------------------------------------------------------- clean up
rc, out, err = s3v4("ls", uri(PREFIX), "--recursive")
for line in out.decode().splitlines():
    m = re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ (.*)$", line)
    if m:
        s3v4("rm", uri(m.group(1)))
rc, out, err = s3v4("ls", uri(PREFIX), "--recursive")
check(rc == 0 and out == b"", f"nothing left under the prefix: {out[:200]!r}")
finish()
