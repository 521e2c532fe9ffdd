"""ls: pagination, delimiter / CommonPrefixes, --start-after, --summarize, keys that need
encoding-type=url, and an empty listing."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import *  # noqa: E402,F401,F403

OBJ_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +(\d+) (.*)$")
PRE_LINE = re.compile(r"^ +PRE (.*)$")


def ls(prefix, *flags):
    """Runs ls; returns (rc, objects [(size, name)], prefixes [name], other lines, stderr)."""
    rc, out, err = s3v4("ls", uri(prefix), *flags)
    objs, pres, other = [], [], []
    for line in out.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        m = OBJ_LINE.match(line)
        p = PRE_LINE.match(line)
        if m:
            objs.append((int(m.group(2)), m.group(3)))
        elif p:
            pres.append(p.group(1))
        else:
            other.append(line)
    return rc, objs, pres, other, err


created = []


def put(key, body):
    path = write_file("src/" + str(len(created)), body)
    rc, out, err = s3v4("put", path, uri(key))
    check(rc == 0, f"put {key!r}: rc={rc} err={err.strip()[:300]}")
    created.append(key)


# ---------------------------------------------------------------- pagination
page = PREFIX + "page/"
page_keys = [f"{page}k{i:02d}" for i in range(25)]
for i, k in enumerate(page_keys):
    put(k, b"x" * i)

rc, objs, pres, other, err = ls(page, "--recursive", "--max-keys", "10", "--debug")
names = [n for _, n in objs]
check(rc == 0, f"ls --recursive --max-keys 10: rc={rc} err={err[-300:]}")
check(names == page_keys, f"25 keys over pages of 10: all, once each, in order (got {len(names)}: "
                          f"{names[:3]}...)")
check([s for s, _ in objs] == list(range(25)), "sizes listed match the bodies")
requests = err.count("* ListObjectsV2 ")
check(requests == 3, f"25 keys with --max-keys 10 take 3 ListObjectsV2 requests (got {requests})")
check("continuation-token=" in err, "later pages send a continuation-token")
check(not pres and not other, f"--recursive prints no PRE lines or junk: {pres[:3]} {other[:3]}")

rc, objs, pres, other, err = ls(page, "--recursive", "--max-keys", "1")
check(rc == 0 and [n for _, n in objs] == page_keys,
      f"--max-keys 1: 25 pages give the same 25 keys (rc={rc}, {len(objs)} keys)")

# Without --recursive names are relative to the listed folder.
rc, objs, pres, other, err = ls(page, "--max-keys", "7")
check(rc == 0 and [n for _, n in objs] == [k[len(page):] for k in page_keys],
      f"non-recursive paginated ls shows relative names k00..k24 (got {[n for _, n in objs][:3]})")

# ---------------------------------------------------------------- --start-after
rc, objs, pres, other, err = ls(page, "--recursive", "--start-after", page + "k09")
check(rc == 0 and [n for _, n in objs] == page_keys[10:],
      f"--start-after k09 lists k10..k24 (got {[n for _, n in objs][:3]}..., {len(objs)})")
rc, objs, pres, other, err = ls(page, "--recursive", "--start-after", page + "k09", "--max-keys", "4")
check(rc == 0 and [n for _, n in objs] == page_keys[10:],
      f"--start-after k09 with --max-keys 4 still lists k10..k24 once each ({len(objs)})")
rc, objs, pres, other, err = ls(page, "--recursive", "--start-after", page + "k24")
check(rc == 0 and objs == [], f"--start-after the last key lists nothing (rc={rc}, {objs[:2]})")

# ---------------------------------------------------------------- --summarize
rc, out, err = s3v4("ls", uri(page), "--recursive", "--summarize", "--max-keys", "10")
text = out.decode()
check(rc == 0, f"ls --summarize: rc={rc} err={err.strip()[:300]}")
m_obj = re.search(r"Total Objects: (\d+)", text)
m_size = re.search(r"Total Size: (\d+)", text)
check(m_obj is not None and int(m_obj.group(1)) == 25,
      f"--summarize: Total Objects: 25 (got {m_obj and m_obj.group(1)})")
check(m_size is not None and int(m_size.group(1)) == sum(range(25)),
      f"--summarize: Total Size: {sum(range(25))} over all pages (got {m_size and m_size.group(1)})")

# ---------------------------------------------------------------- delimiter / PRE
tree = PREFIX + "tree/"
tree_files = {"top1": b"1", "top2": b"22", "sub/a": b"a", "sub/b": b"bb", "sub/deeper/c": b"c",
              "other/x": b"x", "zeta dir/y": b"y"}
for rel, body in tree_files.items():
    put(tree + rel, body)

rc, objs, pres, other, err = ls(tree)
check(rc == 0, f"ls tree/: rc={rc} err={err.strip()[:300]}")
check(sorted(pres) == ["other/", "sub/", "zeta dir/"],
      f"ls tree/ shows PRE other/, PRE sub/, PRE zeta dir/ (got {pres})")
check([n for _, n in objs] == ["top1", "top2"],
      f"ls tree/ shows top1 and top2 by relative name (got {[n for _, n in objs]})")
check([s for s, _ in objs] == [1, 2], "ls tree/ sizes 1 and 2")
check(not other, f"ls tree/ prints no other lines: {other}")

rc, objs, pres, other, err = ls(tree, "--max-keys", "1")
check(rc == 0 and sorted(pres) == ["other/", "sub/", "zeta dir/"] and
      [n for _, n in objs] == ["top1", "top2"],
      f"ls tree/ --max-keys 1: prefixes and objects each once across pages ({pres}, {objs})")

rc, objs, pres, other, err = ls(tree + "sub/")
check(rc == 0 and pres == ["deeper/"] and [n for _, n in objs] == ["a", "b"],
      f"ls tree/sub/ shows PRE deeper/, a, b (got {pres}, {[n for _, n in objs]})")

rc, objs, pres, other, err = ls(tree + "to")
check(rc == 0 and [n for _, n in objs] == ["top1", "top2"] and not pres,
      f"ls tree/to (partial name) shows top1, top2 (got {pres}, {[n for _, n in objs]})")

rc, objs, pres, other, err = ls(tree + "sub")
check(rc == 0 and pres == ["sub/"] and not objs,
      f"ls tree/sub (no slash) shows PRE sub/ (got {pres}, {objs})")

rc, objs, pres, other, err = ls(tree, "--recursive")
check(rc == 0 and [n for _, n in objs] == sorted(tree + r for r in tree_files) and not pres,
      f"ls tree/ --recursive shows all full keys, no PRE ({[n for _, n in objs]})")

# ---------------------------------------------------------------- keys needing encoding
enc = PREFIX + "enc/"
enc_rel = ["a b", "a+b", "100%", "50%25", "x&y", "q?r=s", "<tag>\"'", "über-ü", "日本/語",
           "sp ace dir/inner file", "plus+dir/f+1", "amp&dir/f&1", "tab-free~*"]
for rel in enc_rel:
    put(enc + rel, rel.encode())
rc, objs, pres, other, err = ls(enc, "--recursive")
check(rc == 0 and [n for _, n in objs] == sorted((enc + r for r in enc_rel), key=str.encode),
      f"keys with space, +, %, &, ?, <, quotes, UTF-8 list exactly (encoding-type=url decoded): "
      f"{[n[len(enc):] for _, n in objs]}")
rc, objs, pres, other, err = ls(enc, "--recursive", "--max-keys", "2")
check(rc == 0 and sorted(n for _, n in objs) == sorted(enc + r for r in enc_rel),
      f"encoded keys survive pagination (continuation tokens): {len(objs)} keys")
rc, objs, pres, other, err = ls(enc)
check(rc == 0 and sorted(pres) == sorted(["amp&dir/", "plus+dir/", "sp ace dir/", "日本/"]),
      f"CommonPrefixes with space, +, & and UTF-8 are decoded: {pres}")
check(sorted(n for _, n in objs) == sorted(r for r in enc_rel if "/" not in r),
      f"non-recursive names of encoded keys: {[n for _, n in objs]}")
rc, objs, pres, other, err = ls(enc + "sp ace dir/")
check(rc == 0 and [n for _, n in objs] == ["inner file"],
      f"ls of a prefix containing a space: {objs}")
rc, objs, pres, other, err = ls(enc + "amp&dir/")
check(rc == 0 and [n for _, n in objs] == ["f&1"], f"ls of a prefix containing '&': {objs}")
rc, objs, pres, other, err = ls(enc + "plus+dir/")
check(rc == 0 and [n for _, n in objs] == ["f+1"], f"ls of a prefix containing '+': {objs}")
rc, objs, pres, other, err = ls(enc, "--recursive", "--start-after", enc + "a b")
want = [k for k in sorted((enc + r for r in enc_rel), key=str.encode) if k.encode() > (enc + "a b").encode()]
check(rc == 0 and [n for _, n in objs] == want,
      f"--start-after a key with a space: {[n[len(enc):] for _, n in objs]}")

# ---------------------------------------------------------------- empty listing
for flags in [(), ("--recursive",), ("--max-keys", "5")]:
    rc, out, err = s3v4("ls", uri(PREFIX + "nothing-here/"), *flags)
    check(rc == 0 and out == b"", f"ls of an empty prefix {flags}: exit 0, no output "
                                  f"(rc={rc}, out={out[:100]!r}, err={err.strip()[:200]})")
rc, out, err = s3v4("ls", uri(PREFIX + "nothing-here/"), "--summarize")
check(rc == 0 and b"Total Objects: 0" in out, f"ls --summarize of an empty prefix: {out!r}")

# ---------------------------------------------------------------- usage errors
for bad in ["0", "1001", "abc", "-1"]:
    rc, out, err = s3v4("ls", uri(page), "--max-keys", bad)
    check(rc == 2, f"--max-keys {bad}: exit 2 (got {rc})")

# ---------------------------------------------------------------- clean up
for key in created:
    rc, out, err = s3v4("rm", uri(key))
    check(rc == 0, f"rm {key!r}: rc={rc}")
rc, out, err = s3v4("ls", uri(PREFIX), "--recursive")
check(rc == 0 and out == b"", f"after clean-up the prefix lists nothing: {out[:200]!r}")

finish()
