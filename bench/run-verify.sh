#!/usr/bin/env bash
# Integrity benchmarks, each beside its reference from the same invocation:
#  (1) the agent end to end with integrity on and off (manifests, hash chain and checkpoints cost
#      one more read of every segment, in the background), runs in turns A B A B;
#  (1b) the agent's CPU at 12,000 events/s, open-loop, with integrity on and off, in turns;
#  (2) `audit-agent verify` and `verify --deep` over the shipped segments (about 2 GiB by default)
#      against `sha256sum` over the same files, each on one core (taskset -c 0), runs in turns.
# Usage: bench/run-verify.sh [events] [rounds]   (after mvn -B -DskipTests package; about 10 minutes)
#   events: per agent run (default 2,000,000 events of ~1.1 KB: ~2.2 GiB of segments)
#   COMPRESS=true bench/run-verify.sh   ships gzip segments instead of plain ones
#   KEEP=1 bench/run-verify.sh           keeps the temporary folder (agents' data and archives)
#   ONLY=cpu bench/run-verify.sh         runs only (1b)
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-2000000}"
rounds="${2:-3}"
compress="${COMPRESS:-false}"
jar=agent/target/audit-agent.jar
work="$(mktemp -d)"
agent=""
cleanup() {
  if [ -n "$agent" ]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  if [ -n "${KEEP:-}" ]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
metric() { curl -fs http://127.0.0.1:19102/metrics | awk -v m="$1" '$1 ~ "^"m"({|$)" { print $2; exit }'; }

# start_agent NAME INTEGRITY: the agent jar as shipped, integrity.enabled INTEGRITY, shipping to a folder
start_agent() {
  local dir="$work/$1"
  rm -rf "$dir"; mkdir -p "$dir"
  cat > "$dir/agent.yaml" <<YAML
listen: {address: 127.0.0.1, port: 17777}
journal: {dir: $dir/journal, minFreeBytes: 1Gi}
log: {path: $dir/log/audit.log, maxSize: 100, maxBackup: 0, maxAge: 0, compress: $compress, rotateInterval: 20s}
metrics: {address: 127.0.0.1, port: 19102}
ship: {destination: "file:$dir/archive"}
integrity: {enabled: $2}
YAML
  java -Xmx192m -jar "$jar" --config "$dir/agent.yaml" 2> "$dir/agent.err" &
  agent=$!
  for _ in $(seq 1 200); do curl -fs -o /dev/null http://127.0.0.1:19102/readyz && break; sleep 0.1; done
}
stop_agent() { kill "$agent"; wait "$agent" 2>/dev/null || true; agent=""; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run_agent NAME INTEGRITY: one agent run; prints the load generator's RESULT line, then waits
# until every segment is shipped (and sealed) and prints how long that took after the last ack.
run_agent() {
  local dir="$work/$1"
  start_agent "$1" "$2"
  java -Xmx2g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator --url http://127.0.0.1:17777/ \
    --events "$events" --batch 400 --connections 4 --event-bytes 1024 --warmup 100000 --label "integrity=$2" \
    --log "$dir/log/audit.log" | grep '^RESULT'
  local start now
  start=$(date +%s.%N)
  # every event written; the last segment rotates within rotateInterval, then is sealed and shipped
  for _ in $(seq 1 1200); do
    [ "$(metric audit_agent_segments_pending)" = "0.0" ] && [ ! -s "$dir/log/audit.log" ] && break
    sleep 0.5
  done
  now=$(date +%s.%N)
  echo "RESULT label=integrity=$2 archive_complete_after_s=$(awk "BEGIN { printf \"%.1f\", $now - $start }")"
  stop_agent
}

# cpu_at_12k NAME INTEGRITY: the agent's utime + stime over 60 s at 12,000 events/s, after 400,000 warm-up
# events at full speed (four segments rotated, sealed and shipped: the JIT has compiled that path too)
cpu_at_12k() {
  start_agent "$1" "$2"
  java -Xmx2g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator --url http://127.0.0.1:17777/ \
    --events 400000 --batch 400 --connections 4 --event-bytes 1024 --label warmup > /dev/null
  sleep 25   # the last warm-up segment rotates (rotateInterval) and is sealed and shipped
  local before t0 cores
  before=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
  java -Xmx2g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator --url http://127.0.0.1:17777/ \
    --events 720000 --rate 12000 --batch 400 --connections 4 --event-bytes 1024 --label "cpu-12k integrity=$2" \
    | grep '^RESULT'
  cores=$(awk "BEGIN { printf \"%.3f\", ($(cpu_ticks "$agent") - $before) / $(getconf CLK_TCK) / ($(date +%s.%N) - $t0) }")
  echo "RESULT label=cpu-12k integrity=$2 agent_cores=$cores"
  stop_agent
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), compress=$compress, events per run=$events"
for r in $(seq 1 "$rounds"); do
  cpu_at_12k cpu-off false
  cpu_at_12k cpu-on true
done
[ "${ONLY:-}" = cpu ] && exit 0
for r in $(seq 1 "$rounds"); do
  run_agent off false
  run_agent on true
done

archive="$work/on/archive"
key="$work/on/journal/integrity/signing.key.pub"
find "$archive" -name 'audit-*.log*' ! -name '*.manifest' | sort > "$work/segments"
echo "archive: $(wc -l < "$work/segments") segments, $(xargs du -cb < "$work/segments" | tail -1 | cut -f1) bytes"
# time_one LABEL COMMAND...: wall seconds of one run on core 0
time_one() {
  local t0 t1
  shift
  t0=$(date +%s.%N)
  taskset -c 0 "$@" > "$work/out" 2>&1 || { tail -5 "$work/out" >&2; }
  t1=$(date +%s.%N)
  awk "BEGIN { printf \"%.2f\", $t1 - $t0 }"
}
bytes=$(xargs du -cb < "$work/segments" | tail -1 | cut -f1)
for r in $(seq 1 "$rounds"); do
  s=$(time_one sha256sum xargs -a "$work/segments" sha256sum)
  v=$(time_one verify java -jar "$jar" verify "file:$archive" --public-key "$key" --parallel 1 --max-staleness 1d)
  d=$(time_one deep java -jar "$jar" verify "file:$archive" --public-key "$key" --parallel 1 --max-staleness 1d --deep)
  echo "RESULT round=$r sha256sum_s=$s verify_s=$v deep_s=$d" \
       "sha256sum_MBps=$(awk "BEGIN { printf \"%.0f\", $bytes / $s / 1e6 }")" \
       "verify_MBps=$(awk "BEGIN { printf \"%.0f\", $bytes / $v / 1e6 }")" \
       "deep_MBps=$(awk "BEGIN { printf \"%.0f\", $bytes / $d / 1e6 }")" \
       "verify_ratio=$(awk "BEGIN { printf \"%.2f\", $s / $v }")" "deep_ratio=$(awk "BEGIN { printf \"%.2f\", $s / $d }")"
done

# (3) verify over S3: the same archive copied into s3proxy on 127.0.0.1, 16 concurrent GETs
java -Xmx1g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.VerifyS3Benchmark "$archive" "$key" "$work/s3" \
  2> "$work/s3.err" | grep '^RESULT' || tail -20 "$work/s3.err"
