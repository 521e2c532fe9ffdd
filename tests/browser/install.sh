#!/usr/bin/env bash
# Installs what tests/browser/cors_upload_test.sh needs on Debian 12, as root:
# Debian's chromium (/usr/bin/chromium), aws-cli if no `aws` is on PATH, and the
# npm packages pinned in package-lock.json (npm ci; no browser download).
# Idempotent: prints nothing and touches nothing when all is in place.
# Node.js >= 20 with npm must already be there (Debian 12's nodejs is 18).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v aws >/dev/null || missing+=(awscli)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install.sh: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install.sh: Node.js >= 20 and npm are needed (playwright-core requires node >= 20)" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "install.sh: node $(node --version) is too old: playwright-core needs >= 20" >&2
  exit 1
fi

if ! node "$here/check-node-modules.cjs" "$here"; then
  echo "install.sh: npm ci in $here"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
