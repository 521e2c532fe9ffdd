"""Round trip of awkward object keys and bodies: put, get (SHA-256 compared), ls --recursive.

Keys: every printable ASCII special character, space, a trailing slash, '//', './' and
'../' segments, UTF-8 in NFC and NFD (two distinct keys), a key of exactly 1024 bytes.
Bodies: 0 bytes, 20 MiB of random bytes, stdin upload, download to stdout.
"""
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

LS_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +(\d+) (.*)$")


def ls_recursive(prefix):
    """Returns (rc, [(size, key), ...], stderr) of `ls --recursive`."""
    rc, out, err = s3v4("ls", uri(prefix), "--recursive")
    rows = []
    for line in out.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        m = LS_LINE.match(line)
        rows.append((int(m.group(2)), m.group(3)) if m else (-1, line))
    return rc, rows, err


# ---------------------------------------------------------------- the torture set
specials = " +=&%~*'()!$,;:@?#[]{}<>|\\^`\"-_."
keys = {}  # key -> body
for i, c in enumerate(specials):
    keys[f"{PREFIX}char-{i:02d}-{c}-end"] = f"body of char {c!r}\n".encode()
all_printable = "".join(chr(c) for c in range(0x20, 0x7F))
keys[PREFIX + "all-" + all_printable] = b"all printable ASCII\n"
keys[PREFIX + "dir/"] = b""  # a "folder marker": the key really ends in '/'
keys[PREFIX + "a/./b"] = b"dot segment\n"
keys[PREFIX + "a/../b"] = b"dot-dot segment\n"
keys[PREFIX + "a//b"] = b"double slash\n"
keys[PREFIX + "./lead-dot"] = b"leading dot segment\n"
keys[PREFIX + "trailing-space "] = b"trailing space\n"
keys[PREFIX + "100% pure"] = b"percent then space\n"
keys[PREFIX + "pre-encoded %2F %20 %25"] = b"looks encoded but is literal\n"
nfc = unicodedata.normalize("NFC", "café")
nfd = unicodedata.normalize("NFD", "café")
assert nfc != nfd
keys[PREFIX + "utf8-" + nfc] = b"NFC form\n"
keys[PREFIX + "utf8-" + nfd] = b"NFD form (e + combining acute)\n"
keys[PREFIX + "utf8-日本語/ключ/🙂"] = b"three scripts and an emoji\n"
stem = PREFIX + "long-"
long_key = stem + "L" * (1024 - len(stem.encode()) - 4) + "-end"
assert len(long_key.encode()) == 1024
keys[long_key] = b"key of exactly 1024 bytes\n"
keys[PREFIX + "empty-body"] = b""
keys[PREFIX + "big-20MiB"] = os.urandom(20 << 20)

check(len(set(keys)) == len(keys), "the torture set has distinct keys")

# ---------------------------------------------------------------- put + get each
for n, (key, body) in enumerate(keys.items()):
    src = write_file(f"src/{n}", body)
    rc, out, err = s3v4("put", src, uri(key))
    check(rc == 0, f"put {key!r}: rc={rc} err={err.strip()[:300]}")
    dst = os.path.join(WORK, f"dst-{n}")
    rc, out, err = s3v4("get", uri(key), dst)
    check(rc == 0, f"get {key!r}: rc={rc} err={err.strip()[:300]}")
    got = read_file(dst) if os.path.exists(dst) else None
    check(got is not None and sha256(got) == sha256(body),
          f"get {key!r}: SHA-256 of the bytes matches ({len(body)} bytes put, "
          f"{None if got is None else len(got)} got)")

# The 1025-byte key is refused locally, before any request (usage error).
rc, out, err = s3v4("put", write_file("src/too-long", b"x"), uri(long_key + "X"))
check(rc == 2, f"put with a 1025-byte key: exit 2 (got {rc}, {err.strip()[:200]})")

# ---------------------------------------------------------------- ls shows exact keys
rc, rows, err = ls_recursive(PREFIX)
check(rc == 0, f"ls --recursive: rc={rc} err={err.strip()[:300]}")
listed = [k for _, k in rows]
sizes = {k: s for s, k in rows}
for key, body in keys.items():
    check(listed.count(key) == 1, f"ls --recursive shows {key!r} exactly once")
    check(sizes.get(key) == len(body), f"ls --recursive: size of {key!r} is {len(body)} "
                                       f"(got {sizes.get(key)})")
extra = sorted(set(listed) - set(keys))
check(not extra, f"ls --recursive shows no key that was not put: {extra!r}")
check(listed == sorted(listed, key=lambda k: k.encode()),
      "ls --recursive lists in UTF-8 byte order")
check((PREFIX + "utf8-" + nfc) in listed and (PREFIX + "utf8-" + nfd) in listed,
      "NFC and NFD forms of 'café' are two distinct keys")

# ---------------------------------------------------------------- stdin and stdout
stdin_key = PREFIX + "from stdin+pipe"
stdin_body = os.urandom(300_000) + b"\n\x00tail"
rc, out, err = s3v4("put", "-", uri(stdin_key), stdin=stdin_body)
check(rc == 0, f"put - (stdin): rc={rc} err={err.strip()[:300]}")
rc, out, err = s3v4("get", uri(stdin_key), "-")
check(rc == 0, f"get - (stdout) of the stdin upload: rc={rc} err={err.strip()[:300]}")
check(sha256(out) == sha256(stdin_body),
      f"stdin upload -> stdout download is byte-identical ({len(out)} of {len(stdin_body)} bytes)")

rc, out, err = s3v4("put", "-", uri(PREFIX + "stdin-empty"), stdin=b"")
check(rc == 0, f"put - with empty stdin: rc={rc} err={err.strip()[:300]}")
rc, out, err = s3v4("get", uri(PREFIX + "stdin-empty"), "-")
check(rc == 0 and out == b"", f"get - of the empty stdin upload: rc={rc}, {len(out)} bytes")

rc, out, err = s3v4("get", uri(PREFIX + "big-20MiB"), "-")
check(rc == 0 and sha256(out) == sha256(keys[PREFIX + "big-20MiB"]),
      f"get - of the 20 MiB object to stdout is byte-identical (rc={rc}, {len(out)} bytes)")
check(not err.strip(), f"get - writes nothing to stderr on success: {err.strip()[:200]!r}")

# ---------------------------------------------------------------- clean up
all_keys = list(keys) + [stdin_key, PREFIX + "stdin-empty"]
for key in all_keys:
    rc, out, err = s3v4("rm", uri(key))
    check(rc == 0, f"rm {key!r}: rc={rc} err={err.strip()[:300]}")
rc, rows, err = ls_recursive(PREFIX)
check(rc == 0 and rows == [], f"after rm, ls --recursive shows nothing: {rows[:5]!r}")

# the 20 MiB local copies are not worth keeping in the work folder
for f in os.listdir(WORK) + [os.path.join("src", n) for n in os.listdir(os.path.join(WORK, "src"))]:
    path = os.path.join(WORK, f)
    if os.path.isfile(path) and os.path.getsize(path) >= (1 << 20):
        os.unlink(path)

finish()
