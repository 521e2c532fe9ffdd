#!/usr/bin/env bash
# Start a throw-away one-node Ceph cluster (mon + memstore osd + radosgw) on
# 127.0.0.1 for the s3v4 integration tests.
#
# Usage: rgw-start.sh STATE_DIR
#
# On success (exit 0) STATE_DIR/env holds shell-sourceable KEY=VALUE lines
# (S3V4_TEST_ENDPOINT, S3V4_TEST_BUCKET, keys, ...). STATE_DIR/pids lists the
# PIDs of the daemons that were started (one per line); stop them with
# rgw-stop.sh STATE_DIR. If STATE_DIR/env exists and all daemons in
# STATE_DIR/pids are still running, the script exits 0 without doing anything.
#
# Tunables (environment):
#   S3V4_RGW_TIMEOUT        overall start-up deadline in seconds (default 120)
#   S3V4_RGW_MEMSTORE_BYTES memstore capacity in bytes (default 4 GiB; the
#                           object data lives in RAM, allocated on demand)
set -u -o pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 STATE_DIR" >&2
    exit 2
fi

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$1" || exit 1
STATE=$(cd "$1" && pwd -P) || exit 1

TIMEOUT=${S3V4_RGW_TIMEOUT:-120}
MEMSTORE_BYTES=${S3V4_RGW_MEMSTORE_BYTES:-4294967296}
DEADLINE=$((SECONDS + TIMEOUT))

BUCKET=s3v4-test
REGION=us-east-1
ACCESS_KEY=AKIAIOSFODNN7EXAMPLE
SECRET_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
LIMITED_ACCESS_KEY=AKIDEXAMPLE
LIMITED_SECRET_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
RGW_NAME=client.rgw.s3v4

CONF=$STATE/ceph.conf
PIDS=$STATE/pids
LOGDIR=$STATE/log

log() { echo "rgw-start: $*" >&2; }

# Is PID a live daemon that was started with our ceph.conf?
pid_is_ours() {
    local pid=$1
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$CONF"
}

all_pids_alive() {
    [ -s "$PIDS" ] || return 1
    local pid
    while read -r pid; do
        [ -z "$pid" ] && continue
        pid_is_ours "$pid" || return 1
    done <"$PIDS"
    return 0
}

# ---------------------------------------------------------------- idempotence
if [ -s "$STATE/env" ] && all_pids_alive; then
    log "already running (state in $STATE)"
    exit 0
fi

# Left-overs of an earlier, broken run: stop them and start from scratch.
if [ -e "$PIDS" ] || [ -e "$CONF" ]; then
    log "stale state in $STATE, cleaning up first"
    S3V4_RGW_KEEP_STATE=1 "$SCRIPT_DIR/rgw-stop.sh" "$STATE" >/dev/null 2>&1
fi
if [ -s "$STATE/rundir" ]; then
    old_run=$(cat "$STATE/rundir")
    case "$old_run" in /tmp/s3v4-rgw.*) rm -rf -- "$old_run" ;; esac
fi
rm -rf -- "$STATE/env" "$STATE/pids" "$STATE/ceph.conf" "$STATE/log" \
    "$STATE/run" "$STATE/rundir" "$STATE/mon" "$STATE/osd" "$STATE/rgw" \
    "$STATE/crash" "$STATE/monmap" "$STATE/keyring" "$STATE/aws" \
    "$STATE/ports"
mkdir -p "$LOGDIR" "$STATE/mon" "$STATE/osd" "$STATE/rgw" "$STATE/crash" \
    "$STATE/aws" || exit 1
PID_mon='' PID_osd='' PID_rgw=''
: >"$PIDS"

# Unix sockets (admin sockets) are limited to 107 bytes: use a short
# directory under /tmp when STATE is long.
if [ ${#STATE} -le 60 ]; then
    RUN=$STATE/run
    mkdir -p "$RUN" || exit 1
else
    RUN=$(mktemp -d /tmp/s3v4-rgw.XXXXXX) || exit 1
    echo "$RUN" >"$STATE/rundir"
fi

# ------------------------------------------------------------ failure path
LAST_LOG=""
STARTED_OK=0
# shellcheck disable=SC2317  # invoked via trap
on_exit() {
    local rc=$?
    [ "$STARTED_OK" = 1 ] && return
    [ "$rc" -eq 0 ] && rc=1
    log "FAILED"
    local f
    for f in $LAST_LOG; do
        if [ -s "$f" ]; then
            echo "----- tail of $f -----" >&2
            tail -n 40 "$f" >&2
        fi
    done
    log "stopping what was started (logs kept in $LOGDIR)"
    S3V4_RGW_KEEP_STATE=1 "$SCRIPT_DIR/rgw-stop.sh" "$STATE" >&2
    exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM HUP

die() {
    log "$*"
    exit 1
}

remaining() {
    local r=$((DEADLINE - SECONDS))
    [ $r -lt 1 ] && r=1
    echo $r
}

# Run a ceph CLI command with a bounded run time.
cephcmd() {
    local t
    t=$(remaining)
    [ "$t" -gt 15 ] && t=15
    CEPH_CONF=$CONF timeout -k 2 "$t" ceph -c "$CONF" --connect-timeout 10 "$@" \
        2>>"$LOGDIR/ceph-cli.err"
}

# Same, retried: with "auth ... = none" a client can send its first command
# before it has the monmap, and the mon then answers EPERM ("wrong fsid").
# Only used for idempotent commands.
cephcmd_retry() {
    local _
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        cephcmd "$@" && return 0
        [ $SECONDS -lt $DEADLINE ] || return 1
        sleep 0.3
    done
    return 1
}

# start_daemon LOGNAME cmd args...: start in background, own session, record PID.
start_daemon() {
    local name=$1
    shift
    CEPH_CONF=$CONF setsid "$@" </dev/null >>"$LOGDIR/$name.out" 2>&1 &
    eval "PID_$name=$!"
    # one line per daemon, in start order (rgw-stop.sh stops in reverse)
    local p
    for p in "$PID_mon" "$PID_osd" "$PID_rgw"; do
        [ -n "$p" ] && echo "$p"
    done >"$PIDS"
    return 0
}

alive() { kill -0 "$1" 2>/dev/null; }

# ------------------------------------------------------------------- ports
# Two free ports outside the ephemeral range (and outside the 6800-7300
# range the OSD uses), so they are unlikely to be grabbed between check and use.
read -r MON_PORT RGW_PORT < <(python3 - <<'EOF'
import random, socket
lo, hi = 20000, 32000
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        a, b = map(int, f.read().split())
    if a <= hi and b >= lo:
        hi = min(hi, a - 1)
        if hi - lo < 1000:
            lo, hi = 10000, 32000
except Exception:
    pass
socks, ports = [], []
for _ in range(500):
    p = random.randint(lo, hi)
    if p in ports:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        s.close()
        continue
    socks.append(s)
    ports.append(p)
    if len(ports) == 2:
        break
print(*ports)
EOF
)
if [ -z "${MON_PORT:-}" ] || [ -z "${RGW_PORT:-}" ]; then
    die "could not find free ports"
fi
echo "MON_PORT=$MON_PORT RGW_PORT=$RGW_PORT" >"$STATE/ports"

FSID=$(python3 -c 'import uuid; print(uuid.uuid4())')
OSD_UUID=$(python3 -c 'import uuid; print(uuid.uuid4())')

# ----------------------------------------------------------------- config
cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = v1:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = $STATE/keyring
run dir = $RUN
admin socket = \$run_dir/\$name.\$pid.asok
pid file =
log file = $LOGDIR/\$name.log
log to stderr = false
err to stderr = false
mon cluster log file = $LOGDIR/cluster.log
crash dir = $STATE/crash
debug ms = 0
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
mon warn on insecure global id reclaim allowed = false
# every pool create/set by radosgw is a paxos round; the default 1 s batching
# interval makes start-up and the first bucket creation slow.
paxos propose interval = 0.05
paxos min wait = 0.001

[mon]
mon data = $STATE/mon/\$id

[osd]
osd data = $STATE/osd/\$id
osd memory target = 536870912
# With "auth ... = none" the OSD sends its start-up crush commands before it
# knows the cluster fsid and the mon rejects them ("wrong fsid"); the OSD is
# placed into the crush map by this script instead.
osd class update on start = false
osd crush update on start = false

[$RGW_NAME]
rgw data = $STATE/rgw
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw dns name = localhost
# RGW's default, kept explicit: server-side encryption over plain http is refused
# (InvalidRequest), as the S3 tests expect.
rgw crypt require ssl = true
rgw enable usage log = false
rgw gc obj min wait = 60
rgw gc processor period = 60
EOF

# --------------------------------------------------------------------- mon
LAST_LOG="$LOGDIR/mon.a.log $LOGDIR/mon.out"
monmaptool --create --addv a "v1:127.0.0.1:$MON_PORT" --fsid "$FSID" \
    "$STATE/monmap" >"$LOGDIR/mkfs.out" 2>&1 || die "monmaptool failed"
ceph-authtool --create-keyring "$STATE/keyring" --gen-key -n mon. \
    --cap mon 'allow *' >>"$LOGDIR/mkfs.out" 2>&1 || die "ceph-authtool failed"
mkdir -p "$STATE/mon/a"
ceph-mon -c "$CONF" --mkfs -i a --monmap "$STATE/monmap" \
    --keyring "$STATE/keyring" >>"$LOGDIR/mkfs.out" 2>&1 || die "ceph-mon --mkfs failed"

start_daemon mon ceph-mon -c "$CONF" -i a -f
until cephcmd -s >/dev/null 2>&1; do
    alive "$PID_mon" || die "ceph-mon exited"
    [ $SECONDS -lt $DEADLINE ] || die "timeout waiting for ceph-mon"
    sleep 0.5
done

# --------------------------------------------------------------------- osd
LAST_LOG="$LOGDIR/osd.0.log $LOGDIR/osd.out $LOGDIR/ceph-cli.err"
OSD_ID=$(cephcmd_retry osd new "$OSD_UUID") || die "ceph osd new failed"
case "$OSD_ID" in '' | *[!0-9]*) die "bad osd id '$OSD_ID'" ;; esac
LAST_LOG="$LOGDIR/osd.$OSD_ID.log $LOGDIR/osd.out"
mkdir -p "$STATE/osd/$OSD_ID"
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" \
    >>"$LOGDIR/mkfs.out" 2>&1 || { LAST_LOG="$LOGDIR/mkfs.out $LAST_LOG"; die "ceph-osd --mkfs failed"; }

cephcmd_retry osd crush add "osd.$OSD_ID" 1.0 root=default >/dev/null ||
    die "ceph osd crush add failed"

start_daemon osd ceph-osd -c "$CONF" -i "$OSD_ID" -f
until cephcmd osd stat 2>/dev/null | grep -q '1 up'; do
    alive "$PID_osd" || die "ceph-osd exited"
    [ $SECONDS -lt $DEADLINE ] || die "timeout waiting for ceph-osd to come up"
    sleep 0.5
done

# ----------------------------------------------------------------- radosgw
LAST_LOG="$LOGDIR/$RGW_NAME.log $LOGDIR/rgw.out"
start_daemon rgw radosgw -c "$CONF" -n "$RGW_NAME" -f
ENDPOINT=http://127.0.0.1:$RGW_PORT
RGW_RESTARTS=0
until curl -s -o /dev/null --max-time 2 "$ENDPOINT/"; do
    if ! alive "$PID_rgw"; then
        # first-start races (pool creation) are rare; give it another go
        [ $RGW_RESTARTS -lt 2 ] || die "radosgw exited"
        RGW_RESTARTS=$((RGW_RESTARTS + 1))
        log "radosgw exited during start-up, restarting ($RGW_RESTARTS)"
        sleep 1
        start_daemon rgw radosgw -c "$CONF" -n "$RGW_NAME" -f
    fi
    [ $SECONDS -lt $DEADLINE ] || die "timeout waiting for radosgw on $ENDPOINT"
    sleep 0.5
done

# ------------------------------------------------------------------- users
LAST_LOG="$LOGDIR/radosgw-admin.out"
rgwadmin() {
    CEPH_CONF=$CONF timeout -k 2 "$(remaining)" radosgw-admin -c "$CONF" "$@" \
        >>"$LOGDIR/radosgw-admin.out" 2>&1
}
# ensure_user UID DISPLAY_NAME ACCESS_KEY SECRET_KEY (retried, idempotent)
ensure_user() {
    local _
    for _ in 1 2 3 4 5; do
        rgwadmin user info --uid="$1" && return 0
        rgwadmin user create --uid="$1" --display-name="$2" \
            --access-key="$3" --secret="$4" && return 0
        [ $SECONDS -lt $DEADLINE ] || return 1
        sleep 0.5
    done
    return 1
}
ensure_user s3v4-test "s3v4 test user" "$ACCESS_KEY" "$SECRET_KEY" ||
    die "radosgw-admin user create (s3v4-test) failed"
ensure_user s3v4-limited "s3v4 limited user" "$LIMITED_ACCESS_KEY" "$LIMITED_SECRET_KEY" ||
    die "radosgw-admin user create (s3v4-limited) failed"

# ------------------------------------------------------------------ bucket
cat >"$STATE/aws/config" <<EOF
[default]
region = $REGION
s3 =
  signature_version = s3v4
  addressing_style = path
EOF
: >"$STATE/aws/credentials"

LAST_LOG="$LOGDIR/create-bucket.out $LOGDIR/$RGW_NAME.log"
create_bucket() {
    if command -v aws >/dev/null 2>&1; then
        env -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_DEFAULT_PROFILE \
            AWS_CONFIG_FILE="$STATE/aws/config" \
            AWS_SHARED_CREDENTIALS_FILE="$STATE/aws/credentials" \
            AWS_ACCESS_KEY_ID="$ACCESS_KEY" AWS_SECRET_ACCESS_KEY="$SECRET_KEY" \
            AWS_DEFAULT_REGION="$REGION" \
            timeout -k 2 "$(remaining)" aws --endpoint-url "$ENDPOINT" \
            s3api create-bucket --bucket "$BUCKET" \
            >>"$LOGDIR/create-bucket.out" 2>&1 && return 0
    fi
    # Fallback: curl's built-in SigV4 signer.
    local code
    code=$(curl -s -o "$LOGDIR/create-bucket.body" -w '%{http_code}' \
        --max-time 20 -X PUT \
        --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
        -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
        "$ENDPOINT/$BUCKET") || true
    echo "curl create bucket: HTTP $code" >>"$LOGDIR/create-bucket.out"
    [ "$code" = 200 ]
}
create_bucket || die "could not create bucket $BUCKET"

# --------------------------------------------------------------------- env
cat >"$STATE/env.tmp" <<EOF
S3V4_TEST_ENDPOINT=$ENDPOINT
S3V4_TEST_BUCKET=$BUCKET
S3V4_TEST_REGION=$REGION
S3V4_TEST_ACCESS_KEY=$ACCESS_KEY
S3V4_TEST_SECRET_KEY=$SECRET_KEY
S3V4_TEST_LIMITED_ACCESS_KEY=$LIMITED_ACCESS_KEY
S3V4_TEST_LIMITED_SECRET_KEY=$LIMITED_SECRET_KEY
S3V4_TEST_VHOST_DOMAIN=localhost
S3V4_TEST_RGW_STATE_DIR=$STATE
EOF
mv "$STATE/env.tmp" "$STATE/env"

STARTED_OK=1
log "ready at $ENDPOINT after ${SECONDS}s (state in $STATE)"
exit 0
