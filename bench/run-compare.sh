#!/usr/bin/env bash
# The agent beside plain HTTP servers under the same load, in one invocation, with the ratios:
#   closed loop  4 connections posting unique 400-event batches of 1 KiB events as fast as answered,
#                by our load generator and by wrk (bench/compare/batches.lua), to nginx reading each
#                body whole (bench/compare/nginx.conf) and to the agent, in turns;
#   open loop    12,000 events/s (a busy control plane) to nginx, to the parse-only endpoint and
#                to the agent, with the agent's CPU time over the run;
#   sync         the closed loop against a fresh agent with journal.sync: none, then one with always.
# The agent runs as shipped: the JAVA_OPTS of config/jvm.env and every default but ports and
# folders (so rotated segments are sealed and shipped to a local folder), RssAnon sampled every
# 0.2 s. Every load-generator run warms up in its own JVM before it measures; the agent is left
# to finish writing, sealing and shipping before each reference run.
# Usage: bench/run-compare.sh [seconds]   (default 20 s per closed-loop run; after
#   mvn -B -DskipTests package; needs nginx and wrk: apt-get install -y nginx-light wrk)
#   ROUNDS=3 bench/run-compare.sh   more alternating closed-loop rounds (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
rounds="${ROUNDS:-2}"
jar=bench/target/audit-bench.jar
for tool in nginx wrk curl; do
  command -v "$tool" > /dev/null || { echo "run-compare.sh: $tool not found (apt-get install -y nginx-light wrk curl)" >&2; exit 2; }
done
work="$(mktemp -d)"
results="$work/results"
agent="" nginx="" parse=""
touch "$results"
cleanup() {
  for p in $agent $nginx $parse; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
note() { printf '%s\n' "$*" | tee -a "$results"; }
get() { grep "^RESULT label=$1 " "$results" | tr " " "\n" | sed -n "s/^$2=//p" | tail -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# median of a label's key over its rounds
median() { grep "^RESULT label=$1 " "$results" | tr " " "\n" | sed -n "s/^$2=//p" | sort -n \
  | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() {
  local label=$1; shift
  java -Xmx512m -cp "$jar" dev.kubeaudit.bench.LoadGenerator --batch 400 --connections 4 --event-bytes 1024 \
    --label "$label" "$@" | grep '^RESULT' | tee -a "$results"
}
# wrk LABEL URL: the same shape from wrk's two threads; its RESULT line gives microseconds
wrk_load() {
  wrk -t2 -c4 -d5s --timeout 30s -s bench/compare/batches.lua "$2" > /dev/null
  wrk -t2 -c4 -d"${seconds}s" --timeout 30s -s bench/compare/batches.lua "$2" | grep '^RESULT' \
    | awk -v l="$1" '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "RESULT label=%s acked_eps=%s p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f not200=%s\n", l, v["eps"],
          v["p50_us"] / 1000, v["p99_us"] / 1000, v["p999_us"] / 1000, v["errors"] }' | tee -a "$results"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# a metric's value summed over its labels
metric() { curl -fs http://127.0.0.1:19102/metrics | awk -v m="$1" 'index($1, m) == 1 && substr($1, length(m) + 1, 1) ~ /^[{]?$/ { s += $2 } END { print s + 0 }'; }

start_agent() { # NAME SYNC
  local dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/agent.yaml" <<YAML
listen: {address: 127.0.0.1, port: 17777}
journal: {dir: $dir/journal, sync: $2}
log: {path: $dir/log/audit.log}
metrics: {address: 127.0.0.1, port: 19102}
ship: {destination: "file:$dir/archive"}
YAML
  ( set +u; set -a; source config/jvm.env; set +a; set -u
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar agent/target/audit-agent.jar --config "$dir/agent.yaml" 2> "$dir/agent.err" ) &
  agent=$!
  for _ in $(seq 1 300); do curl -fs -o /dev/null http://127.0.0.1:19102/readyz && break; sleep 0.1; done
  ( while kill -0 "$agent" 2>/dev/null; do awk '/RssAnon/ { print $2 }' "/proc/$agent/status" 2>/dev/null; sleep 0.2; done \
    | sort -n | tail -1 > "$dir/rssanon" ) &
}
stop_agent() { kill "$agent"; wait "$agent" 2>/dev/null || true; agent=""; sleep 0.5; }
# waits until the agent has written every event and its CPU use has settled (writing, sealing and
# shipping done), at most two minutes; prints how long it took
settle() {
  local t0 before
  t0=$(date +%s.%N)
  for _ in $(seq 1 120); do
    before=$(cpu_ticks "$agent")
    sleep 1
    if [ "$(metric audit_agent_journal_backlog_events)" = 0 ] \
        && [ $(( $(cpu_ticks "$agent") - before )) -le $(( $(getconf CLK_TCK) / 20 )) ]; then
      break
    fi
  done
  calc "%.0f" "$(date +%s.%N) - $t0"
}

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$work/nginx/empty" "$work/nginx/body"
sed "s#DIR#$work/nginx#g; s#PORT#18080#g" bench/compare/nginx.conf > "$work/nginx/nginx.conf"
nginx -c "$work/nginx/nginx.conf" & nginx=$!
java -Xmx512m -cp "$jar" dev.kubeaudit.bench.ParseOnlyServer 17778 > /dev/null & parse=$!
start_agent none none
sleep 2
nginx_url=http://127.0.0.1:18080/ agent_url=http://127.0.0.1:17777/

for r in $(seq 1 "$rounds"); do
  load nginx-closed --url "$nginx_url" --warmup 200000 --duration "$seconds"
  load agent-closed --url "$agent_url" --warmup 200000 --duration "$seconds"
  note "RESULT label=agent-settle seconds=$(settle)"
  wrk_load nginx-wrk "$nginx_url"
  wrk_load agent-wrk "$agent_url"
  note "RESULT label=agent-settle seconds=$(settle)"
done

load nginx-12k --url "$nginx_url" --warmup 200000 --rate 12000 --duration ${OPEN_SECONDS:-30}
load parse-12k --url http://127.0.0.1:17778/ --warmup 200000 --rate 12000 --duration ${OPEN_SECONDS:-30}
# the agent's warm-up at that rate first, so that compilation is not counted as its CPU
load agent-12k-warmup --url "$agent_url" --rate 12000 --duration ${OPEN_SECONDS:-30} > /dev/null
settle > /dev/null
before=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
load agent-12k --url "$agent_url" --rate 12000 --duration ${OPEN_SECONDS:-30}
note "RESULT label=cpu cores=$(calc "%.3f" "($(cpu_ticks "$agent") - $before) / $(getconf CLK_TCK) / ($(date +%s.%N) - $t0)")"
stop_agent
note "RESULT label=rss anon_mib=$(calc "%.0f" "$(cat "$work/none/rssanon") / 1024")"
rm -rf "$work/none"

# both on a fresh agent, the same warm-up: group commit (one fdatasync per group of batches) against none
start_agent fresh-none none
load agent-none --url "$agent_url" --warmup 200000 --duration "$seconds"
stop_agent
rm -rf "$work/fresh-none"
start_agent always always
load agent-always --url "$agent_url" --warmup 200000 --duration "$seconds"
syncs=$(metric audit_agent_journal_sync_duration_seconds_count)
note "RESULT label=fsync count=$syncs mean_ms=$(calc "%.2f" "$(metric audit_agent_journal_sync_duration_seconds_sum) * 1000 / $syncs") batches_per_fsync=$(calc "%.2f" "$(metric audit_agent_events_received_total) / 400 / $syncs")"
stop_agent
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
ok() { awk "BEGIN { print ($1) ? \"met\" : \"NOT met\" }"; }
ratio() { calc "%.2f" "$1 / $2"; }
echo
echo "Medians of $rounds alternating rounds of ${seconds} s; 400 events of 1 KiB per request, 4 connections."
echo
echo "| target | agent | reference (same run) | verdict |"
echo "|---|---|---|---|"
for client in wrk closed; do
  a=$(median "agent-$client" acked_eps) n=$(median "nginx-$client" acked_eps)
  ap=$(median "agent-$client" p99_ms) np=$(median "nginx-$client" p99_ms)
  name=$([ "$client" = wrk ] && echo "wrk -t2 -c4" || echo "LoadGenerator")
  row "closed loop ($name): events/s >= 0.6 x nginx" "$(calc "%.0f" "$a") events/s" "nginx $(calc "%.0f" "$n"); ratio $(ratio "$a" "$n")" "$(ok "$a >= 0.6 * $n")"
  row "closed loop ($name): p99 <= 5 x nginx" "p99 $ap ms (p50 $(median "agent-$client" p50_ms))" "nginx p99 $np ms (p50 $(median "nginx-$client" p50_ms)); ratio $(ratio "$ap" "$np")" "$(ok "$ap <= 5 * $np")"
done
row "12,000 events/s open loop: p99 <= 2 x nginx" "p99 $(get agent-12k p99_ms) ms (p50 $(get agent-12k p50_ms), p99.9 $(get agent-12k p999_ms))" \
  "nginx p99 $(get nginx-12k p99_ms) ms; ratio $(ratio "$(get agent-12k p99_ms)" "$(get nginx-12k p99_ms)"); parse-only p99 $(get parse-12k p99_ms) ms (p50 $(get parse-12k p50_ms))" \
  "$(ok "$(get agent-12k p99_ms) <= 2 * $(get nginx-12k p99_ms)")"
row "12,000 events/s: CPU <= 0.1 core" "$(get cpu cores) core" "-" "$(ok "$(get cpu cores) <= 0.1")"
row "RssAnon at full load <= 190 MiB" "peak $(get rss anon_mib) MiB" "-" "$(ok "$(get rss anon_mib) <= 190")"
row "journal.sync always >= 0.7 x none (fresh agents)" "$(calc "%.0f" "$(get agent-always acked_eps)") events/s (p99 $(get agent-always p99_ms) ms); $(get fsync count) fdatasyncs, mean $(get fsync mean_ms) ms, $(get fsync batches_per_fsync) batches each" \
  "none $(calc "%.0f" "$(get agent-none acked_eps)") (p99 $(get agent-none p99_ms) ms); ratio $(ratio "$(get agent-always acked_eps)" "$(get agent-none acked_eps)")" \
  "$(ok "$(get agent-always acked_eps) >= 0.7 * $(get agent-none acked_eps)")"
row "not 200 (429/5xx/errors), all runs" "$(grep -h '^RESULT label=agent' "$results" | tr ' ' '\n' | sed -n 's/^not200=//p' | awk '{ s += $1 } END { print s + 0 }')" "-" "-"
grep '^load average' "$results"
