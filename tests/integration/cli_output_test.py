"""ls --json (one object per line), --quiet, and the progress line: shown on a terminal for
transfers over 8 MiB, never on pipes, never with --no-progress."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

for name in ("a.txt", "b.txt", "sub/c.txt"):
    rc, _, err = s3v4("put", write_file(name, b"hello " + name.encode()), uri(PREFIX + name))
    check(rc == 0, f"put {name}: {err[:200]}")
rc, out, err = s3v4("ls", uri(PREFIX), "--json")
lines = [json.loads(l) for l in out.decode().splitlines()]
check(rc == 0 and {"prefix": PREFIX + "sub/"} in lines, f"ls --json: prefix line: {lines}")
keys = {l["key"]: l for l in lines if "key" in l}
check(set(keys) == {PREFIX + "a.txt", PREFIX + "b.txt"}, f"ls --json: full keys: {list(keys)}")
check(keys.get(PREFIX + "a.txt", {}).get("size") == len(b"hello a.txt"), "ls --json: size")
rc, out, err = s3v4("ls", uri(PREFIX), "--json", "--recursive", "--summarize")
last = json.loads(out.decode().splitlines()[-1])
check(last == {"total_objects": 3, "total_size": sum(len(b"hello " + n.encode()) for n in ("a.txt", "b.txt", "sub/c.txt"))},
      f"ls --json --summarize: {last}")
rc, out, err = s3v4("put", write_file("q.txt", b"q"), uri(PREFIX + "q.txt"), "--quiet")
check(rc == 0 and out == b"" and err == "", f"--quiet prints nothing: {out!r} {err!r}")

big = write_file("big.bin", os.urandom(12 << 20))
def under_pty(*args):
    # script(1) gives the command a terminal; its transcript holds what stderr showed.
    cmd = " ".join(["'" + a.replace("'", "'\\''") + "'" for a in [S3V4, *args]])
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], env=base_env(), capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace")
rc, text = under_pty("put", big, uri(PREFIX + "big.bin"))
check(rc == 0 and "/ 12.0 MiB" in text and "/s  ETA" in text, f"progress line on a terminal: {text[-300:]!r}")
rc, text = under_pty("put", big, uri(PREFIX + "big.bin"), "--no-progress")
check(rc == 0 and "ETA" not in text, "--no-progress: no progress line")
rc, text = under_pty("put", write_file("small.bin", b"x" * 1000), uri(PREFIX + "small.bin"))
check(rc == 0 and "ETA" not in text, "no progress line for small transfers")
rc, out, err = s3v4("get", uri(PREFIX + "big.bin"), os.path.join(WORK, "big.out"))
check(rc == 0 and "ETA" not in err, "no progress line on a pipe")
for k in ("a.txt", "b.txt", "sub/c.txt", "q.txt", "big.bin", "small.bin"):
    s3v4("rm", uri(PREFIX + k))
finish()
