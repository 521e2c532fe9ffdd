#!/usr/bin/env python3
"""The automatic diff after SignatureDoesNotMatch, against a stand-in server (a unit test of
the S3 layer's error path: RGW, like MinIO, never returns its canonical request).

The stand-in plays AWS behind a proxy that drops the port from Host: it rebuilds the
canonical request from what it received, with Host rewritten, and answers 403 with the
canonical request and string to sign in the body, as AWS does. s3v4 must print ours
against theirs and name the cause. Usage: auto_diff_test.py S3V4_BINARY"""
import hashlib
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import check, finish  # noqa: E402

S3V4 = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        auth = self.headers["Authorization"]
        signed = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
        path, _, query = self.path.partition("?")
        pairs = sorted(query.split("&")) if query else []
        lines = []
        for name in signed:
            value = self.headers[name] or ""
            if name == "host":
                value = value.split(":")[0]  # the proxy dropped the port
            lines.append(f"{name}:{value}")
        cr = "\n".join([self.command, path, "&".join(pairs)] + lines +
                       ["", ";".join(signed), self.headers["x-amz-content-sha256"]])
        scope = auth.split("Credential=")[1].split(",")[0].split("/", 1)[1]
        sts = "\n".join(["AWS4-HMAC-SHA256", self.headers["x-amz-date"], scope,
                         hashlib.sha256(cr.encode()).hexdigest()])
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
                "<Message>The request signature we calculated does not match the signature you provided.</Message>"
                f"<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>{escape(sts)}</StringToSign>"
                f"<SignatureProvided>{auth[-64:]}</SignatureProvided><CanonicalRequest>{escape(cr)}</CanonicalRequest>"
                "<RequestId>FAKE1</RequestId><HostId>fake</HostId></Error>").encode()
        self.send_response(403)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
work = tempfile.mkdtemp(prefix="s3v4-autodiff-")
env = {"PATH": os.environ.get("PATH", ""), "HOME": work,
       "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
       "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
       "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
dest = os.path.join(work, "out.txt")
with open(dest, "w") as f:
    f.write("keep me\n")
p = subprocess.run([S3V4, "get", "s3://photos-b/a.txt", dest], env=env, capture_output=True,
                   timeout=30)
err = p.stderr.decode()
check(p.returncode == 1, f"exit status 1, got {p.returncode}")
check("SignatureDoesNotMatch" in err, "names the S3 code")
check("canonical request, ours (-) against the server's (+)" in err, f"prints the diff: {err}")
check(f"- host:127.0.0.1:{port}" in err and "+ host:127.0.0.1\n" in err, "diff shows both Host lines")
check("cause: host-port" in err, f"names the cause: {err}")
check("wJalrXUtnFEMI" not in err, "no secret in the output")
check(open(dest).read() == "keep me\n", "the failed download left the old file intact")
check([n for n in os.listdir(work) if ".s3v4-" in n] == [], "no temp file left")
server.shutdown()
finish("auto diff")
