#!/usr/bin/env bash
# Side-by-side figures: s3v4 against the tools people use instead, in one run on this
# machine. Prints a table with ratios; asserts nothing (figures, not tests).
#   tests/bench/compare.sh            the full comparison (~5 min; starts its own RGW)
#   tests/bench/compare.sh --check    only checks that every tool is there and starts
# Needs: a build (BUILD_DIR, default build), aws-cli/botocore, curl, hyperfine, GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD_DIR=${BUILD_DIR:-build}
S3V4=$ROOT/$BUILD_DIR/cli/s3v4
CHECK=0
[[ "${1:-}" == "--check" ]] && CHECK=1

need() { command -v "$1" >/dev/null || { echo "compare.sh: missing $1 ($2)" >&2; exit 1; }; }
need python3 "Debian python3"
need curl "Debian curl"
need hyperfine "Debian hyperfine"
need aws "aws-cli"
[[ -x /usr/bin/time ]] || { echo "compare.sh: missing /usr/bin/time (Debian time)" >&2; exit 1; }
[[ -x "$S3V4" ]] || { echo "compare.sh: build s3v4 first ($S3V4)" >&2; exit 1; }
python3 -c 'import botocore.auth' || { echo "compare.sh: botocore missing" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1
WORK=$(mktemp -d /tmp/s3v4-compare.XXXXXX)
STATE=""
cleanup() {
  [[ -n "$STATE" ]] && "$ROOT/tests/rgw/rgw-stop.sh" "$STATE"
  rm -rf "$WORK"
}
trap cleanup EXIT

NKEYS=200000
[[ $CHECK == 1 ]] && NKEYS=1000
python3 - "$NKEYS" > "$WORK/keys.txt" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"thumbs/2026/11/{i % 30:02d}/IMG_{i:06d}-800x600.jpg")
PY

rows=()
row() { rows+=("$(printf '%-44s %14s %14s %10s' "$1" "$2" "$3" "$4")"); }
ratio() { python3 -c "print(f'{float($2)/float($1):.1f}x')"; }

# (a) presigning many keys, end to end in one process each.
t0=$(date +%s.%N)
"$S3V4" presign --stdin s3://product-photos-ai < "$WORK/keys.txt" > "$WORK/s3v4.urls"
t1=$(date +%s.%N)
s3v4_us=$(python3 -c "print(f'{($t1-$t0)*1e6/$NKEYS:.2f}')")
boto_us=$(python3 - "$WORK/keys.txt" <<'PY'
import sys, time
from urllib.parse import quote
import botocore.auth, botocore.awsrequest, botocore.credentials
keys = open(sys.argv[1]).read().split()
creds = botocore.credentials.Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
auth = botocore.auth.S3SigV4QueryAuth(creds, "s3", "us-east-1", expires=3600)
urls = []
t0 = time.perf_counter()
for k in keys:
    req = botocore.awsrequest.AWSRequest(method="GET", url="https://product-photos-ai.s3.us-east-1.amazonaws.com/" + quote(k))
    auth.add_auth(req)
    urls.append(req.url)
print(f"{(time.perf_counter() - t0) * 1e6 / len(keys):.2f}")
PY
)
[[ $(wc -l < "$WORK/s3v4.urls") == "$NKEYS" ]] || { echo "presign --stdin lost lines" >&2; exit 1; }
row "(a) presign $NKEYS keys, us/URL" "$s3v4_us" "$boto_us" "$(ratio "$s3v4_us" "$boto_us")"

# (b) cold start of one presign.
runs=30; [[ $CHECK == 1 ]] && runs=3
hyperfine -N --warmup 3 --runs $runs --export-json "$WORK/s3v4.json" "$S3V4 presign s3://b-1/k" >/dev/null 2>&1
hyperfine --warmup 1 --runs $(( runs < 10 ? runs : 10 )) --export-json "$WORK/aws.json" "aws s3 presign s3://b-1/k" >/dev/null 2>&1
med() { python3 -c "import json,statistics;print(f'{statistics.median(json.load(open(\"$1\"))[\"results\"][0][\"times\"])*1000:.1f}')"; }
row "(b) cold start, presign, ms (median)" "$(med "$WORK/s3v4.json")" "$(med "$WORK/aws.json")" "$(ratio "$(med "$WORK/s3v4.json")" "$(med "$WORK/aws.json")")"

if [[ $CHECK == 1 ]]; then
  printf '%-44s %14s %14s %10s\n' "" "s3v4" "other" "ratio"
  printf '%s\n' "${rows[@]}"
  echo "compare.sh --check: all tools present and working"
  exit 0
fi

# (c) 1 GiB PUT and GET through RGW: wall, user+sys CPU, peak RSS.
STATE=$(mktemp -d /tmp/s3v4-bench-rgw.XXXXXX)
S3V4_RGW_MEMSTORE_BYTES=$((6 << 30)) "$ROOT/tests/rgw/rgw-start.sh" "$STATE" >/dev/null
. "$STATE/env"
export AWS_ENDPOINT_URL=$S3V4_TEST_ENDPOINT
AWSCFG=$WORK/aws-config
printf '[default]\nregion = us-east-1\ns3 =\n  signature_version = s3v4\n  addressing_style = path\n' > "$AWSCFG"
BIG=$WORK/big.bin
head -c $((1 << 30)) /dev/urandom > "$BIG"
measure() {  # label, command...  -> "wall cpu rss"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt" || { cat "$WORK/err.txt" >&2; return 1; }
  python3 -c "w,u,s,m=open('$WORK/time.txt').read().split()[-4:];print(f'{float(w):.2f} {float(u)+float(s):.2f} {int(m)/1024:.1f}')"
}
t0=$(date +%s.%N); SHA=$(sha256sum "$BIG" | cut -d' ' -f1); t1=$(date +%s.%N)
sha_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")
URL=$S3V4_TEST_ENDPOINT/$S3V4_TEST_BUCKET
read -r s_w s_c s_m < <(measure "$S3V4" put "$BIG" "s3://$S3V4_TEST_BUCKET/big-s3v4")
read -r c_w c_c c_m < <(measure curl -sS -f -T "$BIG" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: $SHA" "$URL/big-curl")
read -r a_w a_c a_m < <(AWS_CONFIG_FILE=$AWSCFG measure aws --endpoint-url "$S3V4_TEST_ENDPOINT" s3 cp "$BIG" "s3://$S3V4_TEST_BUCKET/big-aws")
row "(c) PUT 1 GiB wall s: s3v4 | curl" "$s_w" "$c_w" "$(ratio "$s_w" "$c_w")"
row "    PUT 1 GiB wall s: s3v4 | aws s3 cp" "$s_w" "$a_w" "$(ratio "$s_w" "$a_w")"
row "    PUT CPU s: s3v4 | curl (+sha256sum $sha_s s)" "$s_c" "$c_c" "$(ratio "$s_c" "$c_c")"
row "    PUT CPU s: s3v4 | aws s3 cp" "$s_c" "$a_c" "$(ratio "$s_c" "$a_c")"
row "    PUT peak RSS MiB: s3v4 | curl" "$s_m" "$c_m" "$(ratio "$s_m" "$c_m")"
row "    PUT peak RSS MiB: s3v4 | aws s3 cp" "$s_m" "$a_m" "$(ratio "$s_m" "$a_m")"
rm -f "$BIG"
read -r s_w s_c s_m < <(measure "$S3V4" get "s3://$S3V4_TEST_BUCKET/big-s3v4" "$WORK/get-s3v4")
rm -f "$WORK/get-s3v4"
read -r c_w c_c c_m < <(measure curl -sS -f -o "$WORK/get-curl" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$URL/big-s3v4")
rm -f "$WORK/get-curl"
read -r a_w a_c a_m < <(AWS_CONFIG_FILE=$AWSCFG measure aws --endpoint-url "$S3V4_TEST_ENDPOINT" s3 cp "s3://$S3V4_TEST_BUCKET/big-s3v4" "$WORK/get-aws")
rm -f "$WORK/get-aws"
row "    GET 1 GiB wall s: s3v4 | curl" "$s_w" "$c_w" "$(ratio "$s_w" "$c_w")"
row "    GET 1 GiB wall s: s3v4 | aws s3 cp" "$s_w" "$a_w" "$(ratio "$s_w" "$a_w")"
row "    GET CPU s: s3v4 (checks MD5) | curl" "$s_c" "$c_c" "$(ratio "$s_c" "$c_c")"
row "    GET CPU s: s3v4 | aws s3 cp" "$s_c" "$a_c" "$(ratio "$s_c" "$a_c")"
row "    GET peak RSS MiB: s3v4 | curl" "$s_m" "$c_m" "$(ratio "$s_m" "$c_m")"
row "    GET peak RSS MiB: s3v4 | aws s3 cp" "$s_m" "$a_m" "$(ratio "$s_m" "$a_m")"
for k in big-s3v4 big-curl big-aws; do "$S3V4" rm "s3://$S3V4_TEST_BUCKET/$k" >/dev/null; done

# (d) listing 10,000 keys (made with boto3 in parallel; s3v4 reuses one connection).
python3 - "$S3V4_TEST_ENDPOINT" "$S3V4_TEST_BUCKET" <<'PY'
import sys, boto3, concurrent.futures
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                  config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                                max_pool_connections=16))
def put(i):
    s3.put_object(Bucket=sys.argv[2], Key=f"many/{i:05d}.txt", Body=b"x")
with concurrent.futures.ThreadPoolExecutor(16) as ex:
    list(ex.map(put, range(10000)))
PY
read -r s_w s_c s_m < <(measure "$S3V4" ls --recursive "s3://$S3V4_TEST_BUCKET/many/" --debug)
conns=$(grep -c "Connected to" "$WORK/err.txt" || true)
[[ $("$S3V4" ls --recursive "s3://$S3V4_TEST_BUCKET/many/" | wc -l) == 10000 ]] || { echo "ls lost keys" >&2; exit 1; }
read -r a_w a_c a_m < <(AWS_CONFIG_FILE=$AWSCFG measure aws --endpoint-url "$S3V4_TEST_ENDPOINT" s3 ls --recursive "s3://$S3V4_TEST_BUCKET/many/")
row "(d) ls --recursive 10,000 keys, wall s" "$s_w" "$a_w" "$(ratio "$s_w" "$a_w")"
row "    connections opened by s3v4 for 10 pages" "$conns" "" ""

# Footprint.
strip -o "$WORK/s3v4.stripped" "$S3V4"
cmake -S "$ROOT" -B "$WORK/shared" -DS3V4_SIGV4_ONLY=ON -DBUILD_SHARED_LIBS=ON -DS3V4_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$WORK/shared" -j2 >/dev/null
LIB=$(find "$WORK/shared" -name 'libs3v4_sigv4.so*' -type f | head -1)
strip -o "$WORK/libsigv4.stripped" "$LIB"
row "footprint: stripped s3v4 binary, KiB" "$(( $(stat -c %s "$WORK/s3v4.stripped") / 1024 ))" "" ""
row "footprint: stripped libs3v4_sigv4.so, KiB" "$(( $(stat -c %s "$WORK/libsigv4.stripped") / 1024 ))" "" ""

printf '%-44s %14s %14s %10s\n' "" "s3v4" "other" "other/s3v4"
printf '%s\n' "${rows[@]}"
echo
echo "ldd closure of s3v4 ($(ldd "$S3V4" | wc -l) libraries):"; ldd "$S3V4" | awk '{print "  " $1}'
echo "ldd closure of libs3v4_sigv4.so:"; ldd "$LIB" | awk '{print "  " $1}'
