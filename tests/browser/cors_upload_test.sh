#!/usr/bin/env bash
# Browser test of s3v4 presigned URLs: a page on http://localhost:5173 uploads a
# JPEG with a presigned PUT into a CORS-enabled bucket on a local Ceph RGW,
# driven by Debian's headless Chromium through playwright-core.
#
# Usage: tests/browser/cors_upload_test.sh S3V4_BINARY RGW_STATE_DIR
#   S3V4_BINARY    e.g. build/cli/s3v4
#   RGW_STATE_DIR  a directory started with tests/rgw/rgw-start.sh (has env)
# Needs: /usr/bin/chromium, node >= 20 + npm, aws (tests/browser/install.sh
# installs them). Prints "N passed, M failed"; exit 0 only if all passed.
# Options in the environment: see the top of cors_upload_test.mjs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ $# -ne 2 ]; then
  echo "usage: $0 S3V4_BINARY RGW_STATE_DIR" >&2
  exit 2
fi
s3v4=$1
state=$2

# A missing prerequisite is a failed test, not a skipped one.
setup_failure() {
  echo "FAIL setup: $*"
  echo "0 passed, 1 failed"
  exit 1
}

[ -x "$s3v4" ] || setup_failure "no executable s3v4 at $s3v4 (build it first)"
[ -f "$state/env" ] || setup_failure "no $state/env: start RGW with tests/rgw/rgw-start.sh $state"
chromium=${S3V4_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || setup_failure "no browser at $chromium: run tests/browser/install.sh (apt-get install chromium)"
command -v node >/dev/null || setup_failure "node not found: run tests/browser/install.sh"
command -v aws >/dev/null || setup_failure "aws (aws-cli) not found: run tests/browser/install.sh"

# node_modules (playwright-core, pinned in package-lock.json): install if missing
# or not the pinned version. playwright-core downloads no browser; the test
# passes it executablePath.
if ! node "$here/check-node-modules.cjs" "$here"; then
  echo "# npm ci in $here"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
    || setup_failure "npm ci failed in $here"
fi

# The test stops itself after S3V4_BROWSER_TIMEOUT_S (default 75 s), cleaning up;
# this outer limit only catches a hung cleanup.
rc=0
timeout --kill-after=10 120 node "$here/cors_upload_test.mjs" "$s3v4" "$state" || rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "FAIL the test did not finish within 120 s"
  echo "0 passed, 1 failed"
fi
exit "$rc"
