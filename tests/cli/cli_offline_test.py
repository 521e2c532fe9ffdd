#!/usr/bin/env python3
"""Offline CLI tests: `s3v4 sign` and `s3v4 presign` against the vectors, and bad input.

Usage: cli_offline_test.py S3V4_BINARY VECTORS_DIR GROUP
Each GROUP is one ctest test; the script exits non-zero on the first failed group check
and prints every failure.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

S3V4, VECTORS, GROUP = sys.argv[1], sys.argv[2], sys.argv[3]
DOC_KEYS = {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and not k.startswith("S3_")}
    env["HOME"] = tempfile.mkdtemp(prefix="s3v4-home-")  # no ~/.aws of the machine's
    env.update(extra or {})
    return env


def run(args, env, stdin=None):
    p = subprocess.run([S3V4] + args, env=env, input=stdin, capture_output=True, timeout=60)
    # No command may ever print a secret key (both example secrets are checked).
    for secret in (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"):
        check(secret not in p.stdout + p.stderr, f"secret printed by s3v4 {' '.join(args)[:120]}")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def suite_cases():
    for suite in ("sigv4-suite", "sigv4-suite-extra"):
        base = os.path.join(VECTORS, suite, "v4")
        for name in sorted(os.listdir(base)):
            yield os.path.join(base, name)


def parse_request(text):
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    method, rest = lines[0].split(" ", 1)
    target = rest[: rest.rfind(" HTTP/")]
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        if line[:1] in (" ", "\t"):
            headers[-1][1] += " " + line.strip()  # unfold obsolete line folding
        else:
            n, v = line.split(":", 1)
            headers.append([n, v])
    return method, target, headers, body


def group_sign_vectors():
    for case in suite_cases():
        ctx = json.load(open(os.path.join(case, "context.json")))
        method, target, headers, body = parse_request(open(os.path.join(case, "request.txt")).read())
        host = [v for n, v in headers if n.lower() == "host"][0]
        env = clean_env({"AWS_ACCESS_KEY_ID": ctx["credentials"]["access_key_id"],
                         "AWS_SECRET_ACCESS_KEY": ctx["credentials"]["secret_access_key"]})
        # A token that is attached after signing does not change the signature.
        if "token" in ctx["credentials"] and not ctx.get("omit_session_token", False):
            env["AWS_SESSION_TOKEN"] = ctx["credentials"]["token"]
        ts = ctx["timestamp"].replace("-", "").replace(":", "")
        args = ["sign", "--method", method, "--url", "https://" + host + target,
                "--service", ctx["service"], "--region", ctx["region"], "--time", ts,
                "--normalize-path", "yes" if ctx["normalize"] else "no",
                "--double-encode", "yes" if ctx.get("double_uri_encode", True) else "no",
                "--content-sha256-header", "yes" if ctx["sign_body"] else "no"]
        for n, v in headers:
            if n.lower() != "host":
                args += ["--header", n + ":" + v]
        tmp = None
        if ctx["sign_body"]:
            tmp = tempfile.NamedTemporaryFile(delete=False)
            tmp.write(body.encode())
            tmp.close()
            args += ["--body-file", tmp.name]
        name = os.path.basename(case)
        for what, fname in (("signature", "header-signature.txt"),
                            ("canonical-request", "header-canonical-request.txt"),
                            ("string-to-sign", "header-string-to-sign.txt")):
            rc, out, err = run(args + ["--print", what], env)
            expected = open(os.path.join(case, fname)).read()
            check(rc == 0 and out == expected + "\n",
                  f"{name}: --print {what}: rc={rc} got {out!r} want {expected!r} {err}")
        if tmp:
            os.unlink(tmp.name)


def group_s3_examples():
    for ex in ("get-object-range", "put-object", "get-bucket-lifecycle", "list-objects"):
        j = json.load(open(os.path.join(VECTORS, "s3-examples", ex + ".json")))
        host = [v for n, v in j["headers"] if n.lower() == "host"][0]
        url = "https://" + host + j["path"] + ("?" + j["raw_query"] if j["raw_query"] else "")
        args = ["sign", "--method", j["method"], "--url", url, "--time", j["amz_date"],
                "--region", j["region"], "--payload-hash", j["payload_hash"], "--print", "signature"]
        for n, v in j["headers"]:
            if n.lower() not in ("host", "x-amz-date", "x-amz-content-sha256"):
                args += ["--header", f"{n}: {v}"]
        rc, out, err = run(args, clean_env(DOC_KEYS))
        check(rc == 0 and out.strip() == j["expected"]["signature"], f"{ex}: rc={rc} {out} {err}")
    j = json.load(open(os.path.join(VECTORS, "s3-examples", "presigned-get-object.json")))
    rc, out, err = run(["presign", "s3://examplebucket/test.txt", "--endpoint",
                        "https://s3.amazonaws.com", "--time", "20130524T000000Z",
                        "--expires", "86400"], clean_env(DOC_KEYS))
    check(rc == 0 and out == j["expected"]["presigned_url"] + "\n", f"presign doc URL: {out} {err}")
    # S3_PRESIGNED_URL_EXPIRY is the default expiry; --expires wins over it.
    rc, out, _ = run(["presign", "s3://examplebucket/test.txt", "--endpoint",
                      "https://s3.amazonaws.com", "--time", "20130524T000000Z"],
                     clean_env(dict(DOC_KEYS, S3_PRESIGNED_URL_EXPIRY="86400")))
    check(out == j["expected"]["presigned_url"] + "\n", "S3_PRESIGNED_URL_EXPIRY not used")
    rc, out, _ = run(["presign", "s3://examplebucket/test.txt", "--expires", "60"],
                     clean_env(dict(DOC_KEYS, S3_PRESIGNED_URL_EXPIRY="86400")))
    check("X-Amz-Expires=60&" in out, "--expires must win over S3_PRESIGNED_URL_EXPIRY")
    # --env-file supplies keys and the expiry like a server/.env.
    with tempfile.NamedTemporaryFile("w", suffix=".env", delete=False) as f:
        f.write('# server/.env\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE"\n'
                "AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'\n"
                "S3_BUCKET=examplebucket\nS3_PRESIGNED_URL_EXPIRY=86400 # one day\n")
    rc, out, err = run(["presign", "--env-file", f.name, "--stdin", "--endpoint",
                        "https://s3.amazonaws.com", "--time", "20130524T000000Z"],
                       clean_env(), stdin=b"test.txt\n")
    check(rc == 0 and out == j["expected"]["presigned_url"] + "\n", f"--env-file: {out} {err}")
    os.unlink(f.name)


def group_presign_behaviour():
    env = clean_env(dict(DOC_KEYS, AWS_REGION="eu-west-1"))
    rc, out, _ = run(["presign", "s3://my-bucket/a b+c%d/é.txt"], env)
    check(rc == 0 and out.startswith("https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b%2Bc%25d/%C3%A9.txt?"),
          f"key encoding / region endpoint: {out}")
    check("%2Feu-west-1%2Fs3%2Faws4_request" in out, "scope region from AWS_REGION")
    rc, out, _ = run(["presign", "s3://my.bucket/k"], env)
    check(out.startswith("https://s3.eu-west-1.amazonaws.com/my.bucket/k?"), f"dots over https: {out}")
    rc, out, _ = run(["presign", "s3://my-bucket/k", "--endpoint", "http://127.0.0.1:9000"], env)
    check(out.startswith("http://127.0.0.1:9000/my-bucket/k?"), f"IP endpoint -> path style: {out}")
    rc, out, _ = run(["presign", "s3://my-bucket/k", "--endpoint", "http://localhost:9000/"], env)
    check(out.startswith("http://localhost:9000/my-bucket/k?"), f"localhost -> path style: {out}")
    rc, out, _ = run(["presign", "s3://my-bucket/k", "--path-style"], env)
    check(out.startswith("https://s3.eu-west-1.amazonaws.com/my-bucket/k?"), f"--path-style: {out}")
    rc, out, _ = run(["presign", "s3://my-bucket/k"], clean_env(dict(DOC_KEYS, AWS_ENDPOINT_URL="http://minio.local:9000")))
    check(out.startswith("http://my-bucket.minio.local:9000/k?"), f"AWS_ENDPOINT_URL: {out}")
    rc, out, _ = run(["presign", "s3://b-1/k", "--method", "put", "--content-type", "image/jpeg"], env)
    check(rc == 0 and "X-Amz-SignedHeaders=content-type%3Bhost&" in out, f"PUT content-type: {out}")
    rc, out, _ = run(["presign", "s3://b-1/k"], clean_env(dict(DOC_KEYS, AWS_SESSION_TOKEN="tok/en+")))
    check("X-Amz-Security-Token=tok%2Fen%2B&" in out, f"session token: {out}")
    # --stdin: one URL per line, in order; a bad line reported with its number, exit 1.
    keys = "".join(f"thumbs/{i}.jpg\n" for i in range(500)) + "s3://Bad_Bucket/x\n" + "s3://other-b/z\n"
    rc, out, err = run(["presign", "--stdin", "s3://b-1"], env, stdin=keys.encode())
    lines = out.splitlines()
    check(rc == 1 and len(lines) == 501, f"--stdin count rc={rc} n={len(lines)}")
    check(all(f"/thumbs/{i}.jpg?" in lines[i] for i in range(500)), "--stdin order")
    check("other-b" in lines[500], "--stdin s3:// line")
    check("line 501" in err and "Bad_Bucket" in err, f"--stdin bad line: {err}")
    rc, out, err = run(["presign", "--stdin"], env, stdin=b"k\n")
    check(rc == 1 and "S3_BUCKET" in err, f"bare key without bucket: {err}")
    rc, out, _ = run(["presign", "--stdin"], clean_env(dict(DOC_KEYS, S3_BUCKET="env-bucket")), stdin=b"k\n")
    check(rc == 0 and "env-bucket" in out, "S3_BUCKET default")


def group_bad_input():
    secret = DOC_KEYS["AWS_SECRET_ACCESS_KEY"]
    cases = [
        (["presign", "s3://b-1/k", "--expires", "0"], DOC_KEYS, 2, "out of range"),
        (["presign", "s3://b-1/k", "--expires", "604801"], DOC_KEYS, 2, "604800"),
        (["presign", "s3://b-1/k", "--expires", "abc"], DOC_KEYS, 2, "whole number"),
        (["presign", "s3://b-1/k"], dict(DOC_KEYS, S3_PRESIGNED_URL_EXPIRY="9999999"), 2, "S3_PRESIGNED_URL_EXPIRY"),
        (["presign", "s3://b-1/k", "--time", "2013-05-24"], DOC_KEYS, 2, "YYYYMMDDTHHMMSSZ"),
        (["presign", "s3://b-1/k", "--time", "20131324T000000Z"], DOC_KEYS, 2, "malformed --time"),
        (["presign", "s3://b-1/k"], {}, 3, "no credentials"),
        (["presign", "s3://b-1/k"], {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"}, 3, "no credentials"),
        (["presign", "s3://b-1/k"], dict(DOC_KEYS, AWS_SECRET_ACCESS_KEY=secret + "\n"), 3, "newline"),
        (["presign", "s3://b-1/k"], dict(DOC_KEYS, AWS_SECRET_ACCESS_KEY=" " + secret), 3, "whitespace"),
        (["presign", "s3://b-1/k", "--header", "X-A: 1\r\nX-B: 2"], DOC_KEYS, 2, "line break"),
        (["presign", "s3://b-1/k", "--header", "nocolon"], DOC_KEYS, 2, "Name: value"),
        (["presign", "b-1/k"], DOC_KEYS, 2, "s3://BUCKET/KEY"),
        (["presign", "s3://"], DOC_KEYS, 2, "no bucket"),
        (["presign", "s3://b-1/"], DOC_KEYS, 2, "key is empty"),
        (["presign", "s3://B-1/k"], DOC_KEYS, 2, "upper-case"),
        (["presign", "s3://b_1/k"], DOC_KEYS, 2, "'_'"),
        (["presign", "s3://ab/k"], DOC_KEYS, 2, "3-63"),
        (["presign", "s3://" + "a" * 64 + "/k"], DOC_KEYS, 2, "64 characters"),
        (["presign", "s3://192.168.1.1/k"], DOC_KEYS, 2, "IP address"),
        (["presign", "s3://b-1/" + "k" * 1025], DOC_KEYS, 2, "1024"),
        (["presign", "s3://b-1/k", "--endpoint", "minio.local:9000"], DOC_KEYS, 3, "no scheme"),
        (["presign", "s3://b-1/k", "--endpoint", "http://minio.local/bucket"], DOC_KEYS, 3, "path"),
        (["presign", "s3://b-1/k", "--method", "POST"], DOC_KEYS, 2, "GET, PUT"),
        (["presign", "s3://b-1/k", "--expirs", "5"], DOC_KEYS, 2, "did you mean --expires"),
        (["presign", "s3://b-1/k", "--profile", "nope"], DOC_KEYS, 3, "profile 'nope'"),
        (["presign", "s3://b-1/k", "--env-file", "/nonexistent/.env"], DOC_KEYS, 3, "--env-file"),
        (["presign", "s3://b-1/k", "--region", "US_EAST"], DOC_KEYS, 2, "invalid region"),
        (["sign", "--method", "GET"], DOC_KEYS, 2, "--url"),
        (["sign", "--method", "GET", "--url", "example.com/"], DOC_KEYS, 2, "no scheme"),
        (["sign", "--method", "GET", "--url", "https://h/", "--print", "everything"], DOC_KEYS, 2, "--print"),
        (["sign", "--method", "GET", "--url", "https://h/", "--payload-hash", "xyz"], DOC_KEYS, 2, "64"),
        (["sign", "--method", "GET", "--url", "https://h/", "--body-file", "/nonexistent"], DOC_KEYS, 5, "cannot read"),
        (["sign", "--method", "GET", "--url", "https://h/", "--double-encode", "maybe"], DOC_KEYS, 2, "yes or no"),
        (["frobnicate"], DOC_KEYS, 2, "unknown command"),
    ]
    for args, env_extra, want_rc, want_text in cases:
        rc, out, err = run(args, clean_env(env_extra))
        lines = [l for l in err.splitlines() if l.strip()]
        check(rc == want_rc and len(lines) == 1 and want_text in err and secret not in err + out
              and "Traceback" not in err,
              f"{args[:3]}...: rc={rc} (want {want_rc}) stderr={err!r} (want {want_text!r})")


GROUPS = {"sign-vectors": group_sign_vectors, "s3-examples": group_s3_examples,
          "presign-behaviour": group_presign_behaviour, "bad-input": group_bad_input}
GROUPS[GROUP]()
finish(GROUP)
