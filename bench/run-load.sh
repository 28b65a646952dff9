#!/usr/bin/env bash
# End-to-end load benchmark: starts the agent jar on loopback with journal.sync=$1 (none|always),
# sends generated ~1 KB events in 400-event batches over 4 connections, waits until audit.log holds
# them all, and prints throughput, acknowledgement latency and the agent's peak RSS.
# Usage: bench/run-load.sh [none|always] [events]   (after mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
sync="${1:-none}"
events="${2:-1000000}"
work="$(mktemp -d)"
trap 'kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/agent.yaml" <<YAML
listen: {address: 127.0.0.1, port: 17777}
journal: {dir: $work/journal, sync: $sync, minFreeBytes: 1Gi}
log: {path: $work/log/audit.log, maxSize: 100, maxBackup: 0, maxAge: 0}
metrics: {address: 127.0.0.1, port: 19102}
YAML
java -Xmx1g -jar agent/target/audit-agent.jar --config "$work/agent.yaml" 2> "$work/agent.err" &
agent=$!
for _ in $(seq 1 100); do
  curl -fs -o /dev/null http://127.0.0.1:19102/readyz && break
  sleep 0.1
done
echo "journal.sync=$sync events=$events"
java -Xmx2g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.LoadGenerator \
  --url http://127.0.0.1:17777/ --events "$events" --batch 400 --connections 4 --event-bytes 1024 \
  --log "$work/log/audit.log"
awk '/VmHWM/ {printf "agent peak RSS: %.0f MiB", $2/1024} /RssAnon/ {printf " (now: anonymous %.0f MiB", $2/1024} /RssFile/ {printf ", file-backed %.0f MiB)\n", $2/1024}' "/proc/$agent/status"
lines=$(cat "$work"/log/audit*.log | wc -l)
echo "lines in audit.log and backups: $lines"
