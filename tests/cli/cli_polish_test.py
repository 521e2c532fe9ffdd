#!/usr/bin/env python3
"""Help, version, flag suggestions, --json of sign, and the bash completion script.
Usage: cli_polish_test.py S3V4_BINARY SOURCE_DIR"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

S3V4, SRC = sys.argv[1], sys.argv[2]
ENV = {"PATH": os.environ.get("PATH", ""), "HOME": tempfile.mkdtemp(prefix="s3v4-polish-"),
       "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
       "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


def run(*args):
    p = subprocess.run([S3V4] + list(args), env=ENV, capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


commands = ["presign", "sign", "put", "get", "rm", "ls", "doctor", "explain", "verify"]
rc, out, _ = run("help")
check(rc == 0 and all(c in out for c in commands), "s3v4 help lists every command")
for c in commands:
    rc, out, err = run(c, "--help")
    check(rc == 0 and out.startswith("Usage: s3v4 " + c) and "Example" in out,
          f"{c} --help: usage and examples (rc={rc})")
    rc2, out2, _ = run("help", c)
    check(out2 == out, f"s3v4 help {c} == s3v4 {c} --help")
version = re.search(r"project\(s3v4 VERSION ([0-9.]+)", open(os.path.join(SRC, "CMakeLists.txt")).read()).group(1)
rc, out, _ = run("--version")
check(rc == 0 and out == f"s3v4 {version}\n", f"--version from project(): {out!r}")
for args, hint in ((["presign", "s3://b-1/k", "--expire", "5"], "--expires"),
                   (["ls", "s3://b-1", "--recursve"], "--recursive"),
                   (["get", "s3://b-1/k", "f", "--rnage", "x"], "--range"),
                   (["presig"], "'presign'"), (["lsit"], None)):
    rc, out, err = run(*args)
    check(rc == 2 and err.count("\n") == 1 and (hint is None or f"did you mean {hint}" in err),
          f"{args}: suggests {hint}: {err!r}")
rc, out, _ = run("sign", "--method", "GET", "--url", "https://examplebucket.s3.amazonaws.com/test.txt",
                 "--header", "Range: bytes=0-9", "--time", "20130524T000000Z", "--json")
j = json.loads(out)
check(j["signature"] == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
      "sign --json: the S3 docs' GET example signature")
check(j["headers"]["X-Amz-Date"] == "20130524T000000Z" and "Authorization" in j["headers"],
      "sign --json: headers to add")
check(j["canonical_request"].startswith("GET\n/test.txt\n"), "sign --json: canonical request")

# --debug on the offline commands: where the credentials came from, the canonical request
# and string to sign (the S3 docs' presign example), never the secret.
rc, out, err = run("presign", "s3://examplebucket/test.txt", "--endpoint", "https://s3.amazonaws.com",
                   "--time", "20130524T000000Z", "--expires", "86400", "--debug")
check(rc == 0 and "* credentials: access key id AKIAIOSFODNN7EXAMPLE from environment" in err,
      f"presign --debug: credential source: {err[:200]!r}")
check("3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04" in err
      and "* canonical request:\nGET\n/test.txt\n" in err, "presign --debug: canonical request, string to sign")
check("wJalrXUtnFEMI" not in err + out, "presign --debug: no secret")
rc, out, err = run("sign", "--method", "GET", "--url", "https://h/x", "--debug")
check(rc == 0 and "* string to sign:\nAWS4-HMAC-SHA256" in err and "wJalrXUtnFEMI" not in err + out,
      "sign --debug")

# bash completion: commands, flags of a command, values of --method.
comp = os.path.join(SRC, "cli", "s3v4.bash-completion")
def complete(words):
    script = (f"source {comp}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
              f"COMP_CWORD={len(words) - 1}; _s3v4; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    p = subprocess.run(["bash", "-c", script], capture_output=True, timeout=30)
    return p.stdout.decode().split()
check("presign" in complete(["s3v4", "pre"]), "completion: commands")
check("--expires" in complete(["s3v4", "presign", "--exp"]), "completion: presign flags")
check(set(complete(["s3v4", "presign", "--method", ""])) >= {"GET", "PUT"}, "completion: methods")
check("--recursive" in complete(["s3v4", "ls", "--rec"]), "completion: ls flags")

finish("cli polish")
