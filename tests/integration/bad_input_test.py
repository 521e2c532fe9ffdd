"""Bad input and broken servers: each gives one clear line naming the problem and the exit
status for its kind; never a crash, never a partial file."""
import http.server
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403


class Broken(http.server.BaseHTTPRequestHandler):
    """Answers 200 with the body the path asks for: a malformed or empty listing."""
    protocol_version = "HTTP/1.1"
    bodies = {"malformed": b"<ListBucketResult><Contents><Key>a</Key>",
              "empty": b"", "notxml": b"just text"}

    def do_GET(self):
        body = self.bodies.get(self.path.split("/")[1].split("?")[0], b"")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Broken)
threading.Thread(target=server.serve_forever, daemon=True).start()
fake = f"http://127.0.0.1:{server.server_address[1]}"


def expect(args, rc_want, text, env=None, what=None):
    rc, out, err = s3v4(*args, env=env)
    lines = [l for l in err.splitlines() if l.strip()]
    check(rc == rc_want and len(lines) == 1 and text in err and "Traceback" not in err
          and SECRET_KEY not in err + out.decode("utf-8", "replace"),
          f"{what or args}: rc={rc} (want {rc_want}) stderr={err!r} (want {text!r})")


expect(["ls", "s3://malformed", "--endpoint", fake], 1, "malformed XML", what="malformed XML listing")
expect(["ls", "s3://empty", "--endpoint", fake], 1, "empty body", what="empty 200 listing")
expect(["ls", "s3://notxml", "--endpoint", fake], 1, "not a valid ListBucketResult", what="text listing")
expect(["ls", uri(""), "--endpoint", ENDPOINT.replace("http://", "https://"), "--max-attempts", "1"],
       4, "http vs https", what="TLS to a plain-HTTP port")
expect(["get", uri(PREFIX + "x"), "/proc/s3v4-cannot-write-here"], 5, "cannot create a file in '/proc'",
       what="output folder not writable")
expect(["get", uri(PREFIX + "x"), os.path.join(WORK, "no", "such", "dir", "f")], 5, "does not exist",
       what="output folder missing")
expect(["get", uri(PREFIX + "x"), WORK], 2, "is a directory", what="output path is a directory")
expect(["put", os.path.join(WORK, "missing.bin"), uri(PREFIX + "m")], 5, "cannot read", what="missing input")
expect(["put", WORK, uri(PREFIX + "m")], 2, "is a directory", what="input is a directory")
f = write_file("in.txt", b"x")
expect(["put", f, uri(PREFIX + "m"), "--meta", "a=b\r\nX-Evil: 1"], 2, "line break", what="metadata CRLF")
expect(["put", f, uri(PREFIX + "m"), "--content-type", "a\nb"], 2, "CR, LF or NUL", what="content-type LF")
expect(["put", f, uri(PREFIX + "m"), "--sse", "rot13"], 2, "AES256 or aws:kms", what="unknown --sse")
expect(["put", f, uri(PREFIX + "m"), "--if-none-match", "etag"], 2, "only '*'", what="--if-none-match value")
import subprocess  # noqa: E402
p = subprocess.run([S3V4.encode(), b"put", f.encode(), b"s3://" + BUCKET.encode() + b"/caf\xff.txt"],
                   env=base_env(), capture_output=True, timeout=60)
check(p.returncode == 2 and b"not valid UTF-8" in p.stderr, f"key not UTF-8: {p.returncode} {p.stderr!r}")
rc, out, err = s3v4("put", f, "s3://" + BUCKET + "/" + "k" * 1025)
check(rc == 2 and "1024" in err, f"key over 1024 bytes: {rc} {err!r}")
expect(["get", uri(PREFIX + "x"), "out", "--range", "10-20"], 2, "bytes=", what="--range without bytes=")
expect(["ls", uri(""), "--max-keys", "0"], 2, "1 to 1000", what="--max-keys 0")
expect(["ls", uri(""), "--max-attempts", "0"], 2, "--max-attempts", what="--max-attempts 0")
expect(["ls", uri(""), "--stall-timeout", "soon"], 2, "whole number", what="--stall-timeout text")
bad_ini = write_file("bad/credentials", b"[default\naws_access_key_id = X\n")
expect(["ls", uri("")], 3, "credentials:1",
       env=base_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, AWS_SHARED_CREDENTIALS_FILE=bad_ini),
       what="malformed credentials file")
bad_cfg = write_file("bad/config", b"region = x\n")
expect(["ls", uri("")], 3, "before any [section]", env=base_env(AWS_CONFIG_FILE=bad_cfg),
       what="malformed config file")
bad_env = write_file("bad/.env", b"AWS_REGION=us-east-1\nnot a line\n")
expect(["ls", uri(""), "--env-file", bad_env], 3, ".env:2", what="malformed dotenv")
expect(["ls", uri(""), "--profile", "nope"], 3, "profile 'nope'", what="unknown profile")
expect(["ls", uri("")], 3, "no credentials", env=base_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None),
       what="missing credentials")
expect(["ls", uri("")], 3, "whitespace", env=base_env(AWS_SECRET_ACCESS_KEY=SECRET_KEY + " "),
       what="secret with a trailing space")
expect(["ls", uri(""), "--endpoint", "127.0.0.1:9000"], 3, "no scheme", what="endpoint without scheme")
expect(["ls", uri(""), "--endpoint", ENDPOINT + "/s3v4-test"], 3, "path", what="endpoint with a path")
server.shutdown()
finish()
