#!/usr/bin/env python3
"""`s3v4 verify` on good, expired, not-yet-valid, tampered, wrong-method, other-key and
over-long presigned URLs. Usage: verify_test.py S3V4_BINARY"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

S3V4 = sys.argv[1]
HOME = tempfile.mkdtemp(prefix="s3v4-verify-")
ENV = {"PATH": os.environ.get("PATH", ""), "HOME": HOME,
       "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
       "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


def run(*args, env=ENV):
    p = subprocess.run([S3V4] + list(args), env=env, capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def verify_json(url, *args, env=ENV):
    rc, out, err = run("verify", url, "--json", *args, env=env)
    try:
        j = json.loads(out)
    except ValueError:
        j = {"valid": None, "findings": []}
    return rc, j, [f["code"] for f in j["findings"]], err


T = "20261129T120000Z"
rc, url, _ = run("presign", "s3://photos-b/originals/a b+c.jpg", "--time", T, "--expires", "600")
url = url.strip()
check(rc == 0 and url.startswith("https://photos-b."), f"presign: {url}")

rc, j, codes, _ = verify_json(url, "--now", "20261129T120500Z")
check(rc == 0 and j["valid"] is True and j["seconds_left"] == 300, f"good URL: rc={rc} {j}")
rc, out, _ = run("verify", url, "--now", "20261129T120500Z")
check(rc == 0 and out.startswith("\u2714 valid") and "300 s" in out, f"good URL text: {out}")

rc, j, codes, _ = verify_json(url, "--now", "20261129T131000Z")
check(rc == 1 and codes == ["expired"], f"expired: rc={rc} {codes}")
rc, out, _ = run("verify", url, "--now", "20261129T131000Z")
check("expired 3600 s ago" in out, f"expired says how long ago: {out}")

rc, j, codes, _ = verify_json(url, "--now", "20261129T100000Z")
check(rc == 1 and "not-yet-valid" in codes, f"not yet valid: {codes}")

tampered = url.replace("originals/", "thumbs/")
rc, j, codes, _ = verify_json(tampered, "--now", "20261129T120500Z")
check(rc == 1 and codes == ["signature"] and "thumbs" in j["canonical_request"],
      f"tampered path: {codes}")
sig = url[-64:]
bad_sig = url[:-64] + ("0" if sig[0] != "0" else "1") + sig[1:]
rc, j, codes, _ = verify_json(bad_sig, "--now", "20261129T120500Z")
check(rc == 1 and codes == ["signature"], f"tampered signature: {codes}")

rc, j, codes, _ = verify_json(url, "--now", "20261129T120500Z", "--method", "PUT")
check(rc == 1 and codes == ["method"], f"other method: {codes}")
rc, out, _ = run("verify", url, "--now", "20261129T120500Z", "--method", "PUT")
check("presigned for GET, not PUT" in out, f"method text: {out}")

over = url.replace("X-Amz-Expires=600", "X-Amz-Expires=604801")
rc, j, codes, _ = verify_json(over, "--now", "20261129T120500Z")
check(rc == 1 and "expiry-too-long" in codes, f"over-long: {codes}")

other = dict(ENV, AWS_ACCESS_KEY_ID="AKIAI44QH8DHBEXAMPLE",
             AWS_SECRET_ACCESS_KEY="je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")
rc, j, codes, _ = verify_json(url, "--now", "20261129T120500Z", env=other)
check(rc == 1 and codes == ["signed-by-other-key"], f"other key: {codes}")
rc, j, codes, _ = verify_json(url, "--now", "20261129T120500Z",
                              env=dict(ENV, AWS_SECRET_ACCESS_KEY="x" * 40))
check(rc == 1 and codes == ["signature"], f"other secret: {codes}")

# A browser upload URL signs Content-Type: verify names it and checks the value.
rc, put, _ = run("presign", "s3://photos-b/up.jpg", "--method", "PUT", "--content-type",
                 "image/jpeg", "--time", T)
put = put.strip()
rc, j, codes, _ = verify_json(put, "--now", T, "--method", "PUT")
check(rc == 1 and j["must_send_headers"] == ["content-type"] and codes == ["header-missing:content-type"],
      f"PUT without the header: {j.get('must_send_headers')} {codes}")
rc, j, codes, _ = verify_json(put, "--now", T, "--method", "PUT", "--header", "Content-Type: image/jpeg")
check(rc == 0 and j["valid"], f"PUT with the signed Content-Type: {codes}")
rc, j, codes, _ = verify_json(put, "--now", T, "--method", "PUT", "--header", "Content-Type: image/png")
check(rc == 1 and codes == ["signature"], f"PUT with another Content-Type: {codes}")

# With a session token, the token is part of what is signed.
tok_env = dict(ENV, AWS_SESSION_TOKEN="FwoGZXIvYXdzEXAMPLE/token+value=")
rc, tu, _ = run("presign", "s3://photos-b/k", "--time", T, env=tok_env)
rc, j, codes, _ = verify_json(tu.strip(), "--now", T, env=tok_env)
check(rc == 0 and j["valid"], f"session token URL: {codes}")

for bad in ("not a url", "https://photos-b.s3.amazonaws.com/k", "https://h/k?X-Amz-Date=x"):
    rc, out, err = run("verify", bad)
    check(rc == 2 and err.count("\n") == 1, f"bad input {bad!r}: rc={rc} {err!r}")

finish("verify")
