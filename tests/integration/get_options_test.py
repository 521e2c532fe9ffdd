"""get options (--range, conditional requests), put --if-none-match '*', and what a failed
download leaves on disk."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

body = os.urandom(1000)
key = PREFIX + "obj.bin"
src = write_file("src/obj.bin", body)
rc, out, err = s3v4("put", src, uri(key))
check(rc == 0, f"put: rc={rc} err={err.strip()[:300]}")
m = re.search(rb'ETag ("?[0-9a-f]{32}"?)', out)
check(m is not None, f"put prints the ETag: {out!r}")
etag = m.group(1).decode() if m else '"0"'
bare_etag = etag.strip('"')
check(bare_etag == hashlib.md5(body).hexdigest(), f"ETag {etag} is the MD5 of the body")

dest_dir = os.path.join(WORK, "dest")
os.makedirs(dest_dir)


def temp_files():
    return [n for n in os.listdir(dest_dir) if ".s3v4-" in n]


# ---------------------------------------------------------------- --range
dst = os.path.join(dest_dir, "range")
rc, out, err = s3v4("get", uri(key), dst, "--range", "bytes=0-9")
check(rc == 0 and os.path.exists(dst) and read_file(dst) == body[:10],
      f"--range bytes=0-9 to a file gives the first 10 bytes (rc={rc}, err={err.strip()[:200]})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "bytes=0-9")
check(rc == 0 and out == body[:10], f"--range bytes=0-9 to stdout: first 10 bytes (rc={rc}, {len(out)})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "bytes=990-")
check(rc == 0 and out == body[990:], f"--range bytes=990- gives the last 10 bytes (rc={rc}, {len(out)})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "bytes=-7")
check(rc == 0 and out == body[-7:], f"--range bytes=-7 gives the last 7 bytes (rc={rc}, {len(out)})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "bytes=500-5000")
check(rc == 0 and out == body[500:], f"--range past the end is clipped (rc={rc}, {len(out)})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "bytes=2000-2010")
check(rc == 1 and "InvalidRange" in err and out == b"",
      f"--range outside the object: exit 1, InvalidRange (rc={rc}, err={err.strip()[:200]})")
rc, out, err = s3v4("get", uri(key), "-", "--range", "0-9")
check(rc == 2, f"--range without bytes=: exit 2 (got {rc})")

# ---------------------------------------------------------------- --if-none-match
dst = write_file("dest/inm", b"old local content\n")
before = os.stat(dst)
for tag in (etag, bare_etag):
    rc, out, err = s3v4("get", uri(key), dst, "--if-none-match", tag)
    check(rc == 0, f"--if-none-match {tag} (the current ETag): exit 0 (rc={rc}, err={err.strip()[:200]})")
    check("not modified" in err.lower(), f"--if-none-match {tag}: stderr says 'not modified': {err.strip()[:200]!r}")
    check(read_file(dst) == b"old local content\n", f"--if-none-match {tag}: the destination is untouched")
check(os.stat(dst).st_mtime_ns == before.st_mtime_ns and os.stat(dst).st_ino == before.st_ino,
      "not modified: the destination file was not replaced (same inode and mtime)")
check(temp_files() == [], f"not modified: no temp files left: {temp_files()}")

rc, out, err = s3v4("get", uri(key), "-", "--if-none-match", etag)
check(rc == 0 and out == b"" and "not modified" in err.lower(),
      f"--if-none-match to stdout: exit 0, nothing written (rc={rc}, {len(out)} bytes)")

rc, out, err = s3v4("get", uri(key), dst, "--if-none-match", '"0123456789abcdef0123456789abcdef"')
check(rc == 0 and read_file(dst) == body,
      f"--if-none-match with another ETag downloads the object (rc={rc}, err={err.strip()[:200]})")

# ---------------------------------------------------------------- --if-match
dst = write_file("dest/im", b"keep me\n")
rc, out, err = s3v4("get", uri(key), dst, "--if-match", '"wrong"')
check(rc == 1, f"--if-match \"wrong\": exit 1 (got {rc})")
check("PreconditionFailed" in err, f"--if-match \"wrong\": PreconditionFailed in stderr: {err.strip()[:300]!r}")
check(read_file(dst) == b"keep me\n", "--if-match failure leaves the destination intact")
check(temp_files() == [], f"--if-match failure leaves no temp files: {temp_files()}")
rc, out, err = s3v4("get", uri(key), dst, "--if-match", etag)
check(rc == 0 and read_file(dst) == body, f"--if-match with the right ETag downloads (rc={rc})")

# ---------------------------------------------------------------- --if-modified-since
dst = write_file("dest/ims", b"untouched\n")
rc, out, err = s3v4("get", uri(key), dst, "--if-modified-since", "Tue, 01 Jan 2036 00:00:00 GMT")
check(rc == 0 and "not modified" in err.lower(),
      f"--if-modified-since a future date: exit 0, not modified (rc={rc}, err={err.strip()[:200]})")
check(read_file(dst) == b"untouched\n", "--if-modified-since 304: destination untouched")
rc, out, err = s3v4("get", uri(key), dst, "--if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")
check(rc == 0 and read_file(dst) == body,
      f"--if-modified-since a past date downloads (rc={rc}, err={err.strip()[:200]})")

# ---------------------------------------------------------------- put --if-none-match '*'
other = write_file("src/other", b"must not replace the object\n")
rc, out, err = s3v4("put", other, uri(key), "--if-none-match", "*")
check(rc == 1, f"put --if-none-match '*' onto an existing key: exit 1 (got {rc})")
check("PreconditionFailed" in err and "412" in err,
      f"put --if-none-match '*': 412 PreconditionFailed in stderr: {err.strip()[:300]!r}")
rc, out, err = s3v4("get", uri(key), "-")
check(rc == 0 and out == body, "after the refused put the object is unchanged")
new_key = PREFIX + "created-once"
rc, out, err = s3v4("put", other, uri(new_key), "--if-none-match", "*")
check(rc == 0, f"put --if-none-match '*' onto a new key succeeds (rc={rc}, err={err.strip()[:300]})")
rc, out, err = s3v4("put", other, uri(new_key), "--if-none-match", "etag")
check(rc == 2, f"put --if-none-match with something else than '*': exit 2 (got {rc})")

# ---------------------------------------------------------------- rm, then get
rc, out, err = s3v4("rm", uri(key))
check(rc == 0, f"rm: rc={rc} err={err.strip()[:300]}")
rc, out, err = s3v4("get", uri(key), "-")
check(rc == 1 and "NoSuchKey" in err and out == b"",
      f"get after rm: exit 1, NoSuchKey, nothing on stdout (rc={rc}, err={err.strip()[:300]})")
dst = write_file("dest/existing.txt", b"precious old content\n")
rc, out, err = s3v4("get", uri(key), dst)
check(rc == 1 and "NoSuchKey" in err, f"get of a missing key into a file: exit 1, NoSuchKey (rc={rc})")
check(read_file(dst) == b"precious old content\n", "a failed get leaves the old file content intact")
check(temp_files() == [], f"a failed get leaves no .NAME.s3v4-* temp files: {temp_files()}")
check(sorted(os.listdir(dest_dir)) == ["existing.txt", "im", "ims", "inm", "range"],
      f"the folder holds only the files the test made: {sorted(os.listdir(dest_dir))}")
newdst = os.path.join(dest_dir, "never-created")
rc, out, err = s3v4("get", uri(key), newdst)
check(rc == 1 and not os.path.exists(newdst), "a failed get creates no destination file")
check(temp_files() == [], f"still no temp files: {temp_files()}")
rc, out, err = s3v4("rm", uri(key))
check(rc == 0, f"rm of a key that no longer exists: exit 0 as S3 does (rc={rc}, err={err.strip()[:200]})")

# ---------------------------------------------------------------- bad destinations
rc, out, err = s3v4("get", uri(new_key), os.path.join(WORK, "no-such-folder", "f"))
check(rc == 5, f"get into a missing folder: exit 5 (got {rc}, {err.strip()[:200]})")
check(not os.path.exists(os.path.join(WORK, "no-such-folder")), "the missing folder is not created")
rc, out, err = s3v4("get", uri(new_key), dest_dir)
check(rc == 2, f"get to a directory path: exit 2 (got {rc}, {err.strip()[:200]})")
rc, out, err = s3v4("get", uri(new_key), dest_dir + "/")
check(rc == 2, f"get to a directory path with trailing '/': exit 2 (got {rc})")
check(temp_files() == [], f"bad destinations leave no temp files: {temp_files()}")

# ---------------------------------------------------------------- clean up
rc, out, err = s3v4("rm", uri(new_key))
check(rc == 0, f"rm {new_key}: rc={rc}")
finish()
