"""Interoperability with aws-cli, both ways: what s3v4 writes aws-cli reads (bytes, headers,
metadata), and what aws-cli writes s3v4 reads and lists. aws-cli is used on success paths only
(aws-cli 1.x crashes on RGW's 403 bodies with an empty <Message>)."""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

if shutil.which("aws") is None:
    print("aws-cli is not installed: interop cannot be tested")
    check(False, "aws-cli is installed (needed for the interop test)")
    finish()


def head(key):
    rc, out, err = aws("s3api", "head-object", "--bucket", BUCKET, "--key", key)
    check(rc == 0, f"aws s3api head-object {key!r}: rc={rc} err={err.strip()[-300:]}")
    try:
        return json.loads(out) if rc == 0 else {}
    except ValueError:
        check(False, f"head-object prints JSON: {out[:200]!r}")
        return {}


# ---------------------------------------------------------------- s3v4 -> aws-cli
for n, (key, body) in enumerate([
        (PREFIX + "from-s3v4/plain.txt", b"written by s3v4\n" * 100),
        (PREFIX + "from-s3v4/odd key +&=%;@ é.bin", os.urandom(70_000)),
        (PREFIX + "from-s3v4/empty", b""),
]):
    src = write_file(f"src/s3v4-{n}", body)
    rc, out, err = s3v4("put", src, uri(key), "--content-type", "text/x-test", "--meta", "color=blue",
                        "--cache-control", "max-age=60",
                        "--content-disposition", 'attachment; filename="f.txt"')
    check(rc == 0, f"s3v4 put {key!r}: rc={rc} err={err.strip()[:300]}")
    m = re.search(r'ETag ("[^"]*")', out.decode())
    h = head(key)
    check(h.get("ContentType") == "text/x-test", f"{key!r}: aws sees ContentType text/x-test "
                                                 f"(got {h.get('ContentType')!r})")
    check(h.get("Metadata") == {"color": "blue"}, f"{key!r}: aws sees Metadata {{'color': 'blue'}} "
                                                  f"(got {h.get('Metadata')!r})")
    check(h.get("ContentLength") == len(body), f"{key!r}: aws sees ContentLength {len(body)} "
                                               f"(got {h.get('ContentLength')!r})")
    check(h.get("CacheControl") == "max-age=60", f"{key!r}: CacheControl (got {h.get('CacheControl')!r})")
    check(h.get("ContentDisposition") == 'attachment; filename="f.txt"',
          f"{key!r}: ContentDisposition (got {h.get('ContentDisposition')!r})")
    check(m is not None and h.get("ETag") == m.group(1),
          f"{key!r}: the ETag s3v4 printed equals aws's ({m and m.group(1)} vs {h.get('ETag')})")
    rc, out, err = aws("s3", "cp", uri(key), "-")
    check(rc == 0 and sha256(out) == sha256(body),
          f"aws s3 cp {key!r} - gives the same bytes (rc={rc}, {len(out)} of {len(body)})")

# stdin upload with a guessed content type, read by aws
key = PREFIX + "from-s3v4/page.html"
rc, out, err = s3v4("put", "-", uri(key), stdin=b"<html></html>\n")
check(rc == 0, f"s3v4 put - {key}: rc={rc}")
h = head(key)
check(h.get("ContentType") == "text/html" or str(h.get("ContentType", "")).startswith("text/html"),
      f"content type guessed from the key for stdin: {h.get('ContentType')!r}")
check(h.get("Metadata", {}) == {}, f"no metadata unless asked: {h.get('Metadata')!r}")

# aws s3 ls and s3v4 ls print the same lines
for flags in ((), ("--recursive",)):
    rc1, out1, err1 = aws("s3", "ls", uri(PREFIX + "from-s3v4/"), *flags)
    rc2, out2, err2 = s3v4("ls", uri(PREFIX + "from-s3v4/"), *flags)
    check(rc1 == 0 and rc2 == 0 and out1 == out2,
          f"aws s3 ls {flags} and s3v4 ls {flags} print the same lines:\n{out1.decode()}---\n"
          f"{out2.decode()}")

# ---------------------------------------------------------------- aws-cli -> s3v4
for n, (key, body) in enumerate([
        (PREFIX + "from-aws/data.bin", os.urandom(200_000)),
        (PREFIX + "from-aws/sub dir/a+b&c=d é.txt", b"aws wrote this\n"),
        (PREFIX + "from-aws/empty", b""),
]):
    src = write_file(f"src/aws-{n}", body)
    rc, out, err = aws("s3", "cp", src, uri(key), "--content-type", "application/x-aws",
                       "--metadata", "origin=aws,shade=dark")
    check(rc == 0, f"aws s3 cp to {key!r}: rc={rc} err={err.strip()[-300:]}")
    h = head(key)
    check(h.get("Metadata") == {"origin": "aws", "shade": "dark"},
          f"aws-written metadata is as set (setup): {h.get('Metadata')!r}")
    dst = os.path.join(WORK, f"aws-dst-{n}")
    rc, out, err = s3v4("get", uri(key), dst)
    check(rc == 0, f"s3v4 get of aws-written {key!r}: rc={rc} err={err.strip()[:300]}")
    check(os.path.exists(dst) and sha256(read_file(dst)) == sha256(body),
          f"s3v4 get of aws-written {key!r} is byte-identical")
    rc, out, err = s3v4("get", uri(key), "-")
    check(rc == 0 and out == body, f"s3v4 get - of aws-written {key!r} is byte-identical")

rc, out, err = s3v4("ls", uri(PREFIX + "from-aws/"), "--recursive")
lines = out.decode().splitlines()
check(rc == 0, f"s3v4 ls --recursive of aws-written objects: rc={rc}")
for key, size in ((PREFIX + "from-aws/data.bin", 200_000),
                  (PREFIX + "from-aws/sub dir/a+b&c=d é.txt", 15),
                  (PREFIX + "from-aws/empty", 0)):
    check(sum(1 for l in lines if re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +%d %s$" % (size, re.escape(key)), l)) == 1,
          f"s3v4 ls shows aws-written {key!r} with size {size} once: {lines}")
rc, out, err = s3v4("ls", uri(PREFIX + "from-aws/"))
text = out.decode()
check(rc == 0 and "PRE sub dir/" in text and re.search(r" 200000 data\.bin$", text, re.M),
      f"s3v4 ls (non-recursive) of aws-written objects: {text!r}")
rc1, out1, err1 = aws("s3", "ls", uri(PREFIX + "from-aws/"), "--recursive")
rc2, out2, err2 = s3v4("ls", uri(PREFIX + "from-aws/"), "--recursive")
check(rc1 == 0 and out1 == out2, f"aws s3 ls and s3v4 ls agree on aws-written objects:\n"
                                 f"{out1.decode()}---\n{out2.decode()}")

# s3v4 rm of an aws-written object; aws sees it gone
key = PREFIX + "from-aws/data.bin"
rc, out, err = s3v4("rm", uri(key))
check(rc == 0, f"s3v4 rm of an aws-written object: rc={rc}")
rc, out, err = aws("s3", "ls", uri(key))
check(out.strip() == b"", f"aws s3 ls no longer shows the removed object: {out!r}")

# ---------------------------------------------------------------- clean up
rc, out, err = aws("s3", "rm", uri(PREFIX), "--recursive")
check(rc == 0, f"aws s3 rm --recursive clean-up: rc={rc} err={err.strip()[-200:]}")
rc, out, err = s3v4("ls", uri(PREFIX), "--recursive")
check(rc == 0 and out == b"", f"nothing left under the prefix: {out[:200]!r}")
finish()
