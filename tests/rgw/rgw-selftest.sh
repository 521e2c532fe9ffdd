#!/usr/bin/env bash
# Sanity checks of a running fixture with aws-cli and curl (not used by the
# C++ tests; for checking the fixture itself).
#
# Usage: rgw-selftest.sh STATE_DIR     (after rgw-start.sh STATE_DIR)
# shellcheck disable=SC2015  # 'ok' never fails
set -u -o pipefail

STATE=${1:?usage: $0 STATE_DIR}
# shellcheck disable=SC1091
. "$STATE/env" || exit 1

WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT
FAILS=0
ok() { echo "ok   - $*"; }
bad() { echo "FAIL - $*"; FAILS=$((FAILS + 1)); }

export AWS_CONFIG_FILE=$STATE/aws/config
export AWS_SHARED_CREDENTIALS_FILE=$STATE/aws/credentials
export AWS_DEFAULT_REGION=$S3V4_TEST_REGION
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN

# as_user ACCESS SECRET aws-args...
as_user() {
    local ak=$1 sk=$2
    shift 2
    AWS_ACCESS_KEY_ID=$ak AWS_SECRET_ACCESS_KEY=$sk \
        aws --endpoint-url "$S3V4_TEST_ENDPOINT" "$@"
}
main() { as_user "$S3V4_TEST_ACCESS_KEY" "$S3V4_TEST_SECRET_KEY" "$@"; }

B=$S3V4_TEST_BUCKET
head -c $((20 * 1024 * 1024)) /dev/urandom >"$WORK/obj20m"

# 1. PUT / LIST / GET a 20 MiB object (single PUT via s3api).
if main s3api put-object --bucket "$B" --key dir/obj20m --body "$WORK/obj20m" >/dev/null; then
    ok "put-object 20 MiB"
else bad "put-object 20 MiB"; fi
if main s3api list-objects-v2 --bucket "$B" --query 'Contents[].Key' --output text |
    grep -qw 'dir/obj20m'; then ok "list-objects-v2"; else bad "list-objects-v2"; fi
main s3api get-object --bucket "$B" --key dir/obj20m "$WORK/back" >/dev/null &&
    cmp -s "$WORK/obj20m" "$WORK/back" && ok "get-object round trip" || bad "get-object round trip"

# 2. multipart via high-level "aws s3 cp" (default threshold 8 MiB).
main s3 cp --quiet "$WORK/obj20m" "s3://$B/mp/obj20m" &&
    main s3 cp --quiet "s3://$B/mp/obj20m" "$WORK/back2" &&
    cmp -s "$WORK/obj20m" "$WORK/back2" && ok "multipart cp round trip" || bad "multipart cp round trip"

# Negative checks use curl's SigV4 signer: RGW sends an empty <Message/> in
# error bodies, which crashes aws-cli's error-message customization
# ("argument of type 'NoneType' is not iterable").
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
# s3curl ACCESS SECRET PATH -> prints "HTTP_CODE ERROR_CODE"
s3curl() {
    local code
    code=$(curl -s -o "$WORK/resp" -w '%{http_code}' \
        --aws-sigv4 "aws:amz:$S3V4_TEST_REGION:s3" --user "$1:$2" \
        -H "x-amz-content-sha256: $EMPTY_SHA" "$S3V4_TEST_ENDPOINT$3")
    echo "$code $(grep -o '<Code>[^<]*' "$WORK/resp" | cut -c7-)"
}

# 3. wrong secret -> 403 SignatureDoesNotMatch.
r=$(s3curl "$S3V4_TEST_ACCESS_KEY" "x$S3V4_TEST_SECRET_KEY" "/$B?list-type=2")
[ "$r" = "403 SignatureDoesNotMatch" ] && ok "wrong secret refused ($r)" || bad "wrong secret: $r"
r=$(s3curl "$S3V4_TEST_ACCESS_KEY" "$S3V4_TEST_SECRET_KEY" "/$B?list-type=2")
[ "$r" = "200 " ] && ok "curl SigV4 with right secret ($r)" || bad "curl right secret: $r"

# 4. unknown access key -> 403 InvalidAccessKeyId.
r=$(s3curl AKIANOTAREALKEY00000 "$S3V4_TEST_SECRET_KEY" "/")
[ "$r" = "403 InvalidAccessKeyId" ] && ok "unknown key refused ($r)" || bad "unknown key: $r"

# 5. limited user exists but cannot read the bucket.
r=$(s3curl "$S3V4_TEST_LIMITED_ACCESS_KEY" "$S3V4_TEST_LIMITED_SECRET_KEY" "/")
[ "$r" = "200 " ] && ok "limited user authenticates ($r)" || bad "limited user list-buckets: $r"
r=$(s3curl "$S3V4_TEST_LIMITED_ACCESS_KEY" "$S3V4_TEST_LIMITED_SECRET_KEY" "/$B/dir/obj20m")
[ "$r" = "403 AccessDenied" ] && ok "limited user denied ($r)" || bad "limited user get: $r"

# 6. presigned URLs.
url=$(main s3 presign "s3://$B/dir/obj20m" --expires-in 300)
code=$(curl -s -o "$WORK/pre" -w '%{http_code}' "$url")
[ "$code" = 200 ] && cmp -s "$WORK/obj20m" "$WORK/pre" && ok "presigned GET" || bad "presigned GET: $code"
# tamper with the signature (flip its last hex digit)
last=${url: -1}
if [ "$last" = 0 ]; then t=1; else t=0; fi
code=$(curl -s -o "$WORK/pre.err" -w '%{http_code}' "${url%?}$t")
[ "$code" = 403 ] && grep -q SignatureDoesNotMatch "$WORK/pre.err" &&
    ok "tampered presigned refused" || bad "tampered presigned: $code $(cat "$WORK/pre.err")"
# tamper with the key
code=$(curl -s -o "$WORK/pre.err" -w '%{http_code}' "${url/obj20m?/obj20n?}")
[ "$code" = 403 ] && ok "presigned for another key refused" || bad "presigned other key: $code"
url=$(main s3 presign "s3://$B/dir/obj20m" --expires-in 1)
sleep 2
code=$(curl -s -o "$WORK/pre.err" -w '%{http_code}' "$url")
[ "$code" = 403 ] && ok "expired presigned refused ($(grep -o '<Code>[^<]*' "$WORK/pre.err" | cut -c7-))" ||
    bad "expired presigned: $code $(cat "$WORK/pre.err")"

# 7. virtual-hosted style with curl's SigV4 signer (BUCKET.localhost).
port=${S3V4_TEST_ENDPOINT##*:}
code=$(curl -s -o "$WORK/vh" -w '%{http_code}' \
    --resolve "$B.localhost:$port:127.0.0.1" \
    --aws-sigv4 "aws:amz:$S3V4_TEST_REGION:s3" \
    --user "$S3V4_TEST_ACCESS_KEY:$S3V4_TEST_SECRET_KEY" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
    "http://$B.localhost:$port/dir/obj20m")
[ "$code" = 200 ] && cmp -s "$WORK/obj20m" "$WORK/vh" && ok "virtual-hosted GET" || bad "virtual-hosted GET: $code"

# clean up the objects
main s3 rm --quiet --recursive "s3://$B/" >/dev/null || bad "cleanup"

echo "$FAILS failure(s)"
[ $FAILS -eq 0 ]
