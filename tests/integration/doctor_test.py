"""s3v4 doctor against RGW: all checks pass with full rights; a user whose bucket policy
allows only ListBucket and GetObject is told which actions are missing and gets the
least-privilege policy; a wrong secret, a secret with a trailing newline (caught before any
request) and a missing bucket are each reported."""
import json
import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

# A bucket of its own: the policy below must not change what other scripts see.
bucket = "s3v4-doctor-" + uuid.uuid4().hex[:8]
rc, out, err = aws("s3api", "create-bucket", "--bucket", bucket)
check(rc == 0, f"create bucket {bucket}: {err[:300]}")

# 1. Full rights: every check passes and nothing is left behind.
rc, out, err = s3v4("doctor", f"s3://{bucket}/app/")
text = out.decode()
check(rc == 0, f"doctor with full rights exits 0: rc={rc} {text} {err}")
for name in ("credentials", "endpoint", "reachable", "clock", f"bucket {bucket}", "s3:ListBucket",
             "s3:PutObject", "s3:GetObject", "presigned GET", "s3:DeleteObject"):
    check(f"\u2714 {name}" in text, f"full rights: '{name}' passes: {text}")
check("\u2718" not in text, f"full rights: no failure mark: {text}")
rc, out, err = s3v4("ls", "--recursive", f"s3://{bucket}/app/")
check(rc == 0 and out == b"", f"doctor left nothing behind: {out!r}")
rc, out, err = s3v4("doctor", f"s3://{bucket}", "--json")
try:
    j = json.loads(out)
except ValueError:
    j = {"ok": None, "checks": []}
check(rc == 0 and j["ok"] is True and len(j["checks"]) >= 10, f"--json: {out[:300]!r}")

# 2. S3_BUCKET is the default bucket.
rc, out, err = s3v4("doctor", env=base_env(S3_BUCKET=bucket))
check(rc == 0, f"doctor with S3_BUCKET: rc={rc} {err[:200]}")

# 3. A user allowed only ListBucket and GetObject by the bucket policy.
policy = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam:::user/s3v4-limited"]},
     "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{bucket}"]},
    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam:::user/s3v4-limited"]},
     "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{bucket}/*"]}]}
rc, out, err = aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", json.dumps(policy))
check(rc == 0, f"put-bucket-policy: {err[:300]}")
limited = base_env(AWS_ACCESS_KEY_ID=LIMITED_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=LIMITED_SECRET_KEY)
rc, out, err = s3v4("doctor", f"s3://{bucket}", env=limited)
text = out.decode()
check(rc == 1, f"limited user: exit 1, got {rc}: {text} {err}")
check("\u2714 s3:ListBucket" in text, f"limited user: ListBucket allowed: {text}")
check("\u2718 s3:PutObject" in text and "AccessDenied" in text, f"limited: PutObject denied: {text}")
check("\u2718 s3:DeleteObject" in text, f"limited: DeleteObject denied: {text}")
check("denied: s3:PutObject, s3:DeleteObject" in text, f"limited: names the missing actions: {text}")
check(f'"Resource": "arn:aws:s3:::{bucket}/*"' in text and '"s3:PutObject"' in text,
      f"limited: prints the policy with the bucket filled in: {text}")

# 4. A wrong secret.
rc, out, err = s3v4("doctor", f"s3://{bucket}", env=base_env(AWS_SECRET_ACCESS_KEY="x" * 40))
text = out.decode()
check(rc == 1 and "\u2718 signature" in text and "SignatureDoesNotMatch" in text,
      f"wrong secret: rc={rc} {text}")
check("x" * 40 not in text + err, "wrong secret: the secret is not printed")

# 5. A secret with a trailing newline: caught before any request is sent.
rc, out, err = s3v4("doctor", f"s3://{bucket}", "--debug",
                    env=base_env(AWS_SECRET_ACCESS_KEY=SECRET_KEY + "\n"))
text = out.decode()
check(rc == 3 and "\u2718 credentials" in text and "newline" in text, f"newline: rc={rc} {text}")
check("> GET" not in err and "> PUT" not in err, f"newline: no request was sent: {err[:300]}")

# 6. A bucket that does not exist.
rc, out, err = s3v4("doctor", "s3://s3v4-no-such-bucket-" + uuid.uuid4().hex[:6])
text = out.decode()
check(rc == 1 and "NoSuchBucket" in text, f"missing bucket: rc={rc} {text}")

aws("s3api", "delete-bucket-policy", "--bucket", bucket)
aws("s3api", "delete-bucket", "--bucket", bucket)
finish()
