#!/usr/bin/env bash
# Stop the daemons started by rgw-start.sh STATE_DIR and remove STATE_DIR.
#
# Usage: rgw-stop.sh STATE_DIR
#
# Only PIDs listed in STATE_DIR/pids are signalled, and only if the process
# still runs with STATE_DIR/ceph.conf on its command line (guards against PID
# reuse). Each gets SIGTERM, then SIGKILL after ~10 s. Always exits 0.
# (S3V4_RGW_KEEP_STATE=1 keeps STATE_DIR; used internally by rgw-start.sh.)
set -u

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 STATE_DIR" >&2
    exit 0
fi
[ -d "$1" ] || exit 0
STATE=$(cd "$1" && pwd -P) || exit 0
CONF=$STATE/ceph.conf

pid_is_ours() {
    local pid=$1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF "$CONF"
}

# stop_pids PID...: SIGTERM, wait up to 10 s, then SIGKILL.
stop_pids() {
    local pids=() pid i
    for pid in "$@"; do
        pid_is_ours "$pid" && pids+=("$pid")
    done
    [ ${#pids[@]} -eq 0 ] && return 0
    kill -TERM "${pids[@]}" 2>/dev/null
    for ((i = 0; i < 100; i++)); do
        local left=()
        for pid in "${pids[@]}"; do
            pid_is_ours "$pid" && left+=("$pid")
        done
        [ ${#left[@]} -eq 0 ] && return 0
        pids=("${left[@]}")
        sleep 0.1
    done
    echo "rgw-stop: SIGKILL ${pids[*]}" >&2
    kill -KILL "${pids[@]}" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        local left=()
        for pid in "${pids[@]}"; do
            pid_is_ours "$pid" && left+=("$pid")
        done
        [ ${#left[@]} -eq 0 ] && return 0
        pids=("${left[@]}")
        sleep 0.1
    done
    return 0
}

if [ -s "$STATE/pids" ]; then
    mapfile -t ALL < <(grep -E '^[0-9]+$' "$STATE/pids")
    # pids are recorded in start order (mon, osd, radosgw): stop in reverse
    # so radosgw and the osd can still talk to the mon while shutting down.
    for ((n = ${#ALL[@]} - 1; n >= 0; n--)); do
        stop_pids "${ALL[n]}"
    done
fi

if [ -s "$STATE/rundir" ]; then
    run=$(cat "$STATE/rundir")
    case "$run" in /tmp/s3v4-rgw.*) rm -rf -- "$run" ;; esac
fi

if [ "${S3V4_RGW_KEEP_STATE:-0}" != 1 ]; then
    rm -rf -- "$STATE"
fi
exit 0
