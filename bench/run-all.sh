#!/usr/bin/env bash
# Every performance figure in one invocation, each beside its reference, then one table.
# Usage: bench/run-all.sh [events] (after mvn -B -DskipTests package; about 10 minutes on 2 cores)
#   SUSTAINED=600 bench/run-all.sh   adds the sustained run: SUSTAINED seconds at 50,000 events/s
#   JMH=0 bench/run-all.sh           skips the JMH benchmarks (about 4 minutes)
# Everything runs on 127.0.0.1 in a temporary folder (about 5 GB at the peak; the sustained run's
# journal adds 3 GB a minute until its hourly file is consumed and rolled), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
sustained="${SUSTAINED:-0}"
jar=bench/target/audit-bench.jar
work="$(mktemp -d)"
results="$work/results"
agent=""
touch "$results"
cleanup() {
  if [ -n "$agent" ]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

note() { printf '%s\n' "$*" | tee -a "$work/results"; }
# run CLASS ARGS...: a bench tool; its report goes to stderr, its RESULT line to the results
run() { java -Xmx1g -cp "$jar" "dev.kubeaudit.bench.$@" > "$work/out"; cat "$work/out" >&2; grep '^RESULT' "$work/out" >> "$results"; }
load() { run LoadGenerator --batch 400 --connections 4 --event-bytes 1024 --warmup 200000 "$@"; }
get() { grep "^RESULT label=$1 " "$results" | tr " " "\n" | sed -n "s/^$2=//p" | tail -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# start_agent NAME SYNC MAXBACKUP: the agent jar with -Xmx192m and defaults otherwise (so rotated segments
# are shipped to a local folder as they appear: SHA-256 and a copy); samples RssAnon.
start_agent() {
  local dir="$work/$1"
  mkdir -p "$dir"
  cat > "$dir/agent.yaml" <<YAML
listen: {address: 127.0.0.1, port: 17777}
journal: {dir: $dir/journal, sync: $2, minFreeBytes: 1Gi}
log: {path: $dir/log/audit.log, maxSize: 100, maxBackup: $3, maxAge: 0}
metrics: {address: 127.0.0.1, port: 19102}
ship: {destination: "file:$dir/archive"}
YAML
  java -Xmx192m -jar agent/target/audit-agent.jar --config "$dir/agent.yaml" 2> "$dir/agent.err" &
  agent=$!
  for _ in $(seq 1 200); do curl -fs -o /dev/null http://127.0.0.1:19102/readyz && break; sleep 0.1; done
  ( while kill -0 "$agent" 2>/dev/null; do awk '/RssAnon/ { print $2 }' "/proc/$agent/status" 2>/dev/null; sleep 0.2; done \
    | sort -n | tail -1 > "$dir/rssanon" ) &
}
stop_agent() {
  kill "$agent"; wait "$agent" 2>/dev/null || true; agent=""; sleep 0.5
}
backlog() { curl -fs http://127.0.0.1:19102/metrics | awk '/^audit_agent_journal_backlog_events/ { print $2 }'; }

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# (a) the HTTP + parse ceiling
java -Xmx512m -cp "$jar" dev.kubeaudit.bench.ParseOnlyServer 17778 > /dev/null &
ref=$!
sleep 2
load --url http://127.0.0.1:17778/ --events "$events" --label parse-only
kill "$ref"; wait "$ref" 2>/dev/null || true
# (b) the disk ceiling, on the file system the agent writes to
run DiskCeiling "$work/ceiling" "$events" 1025

# every load run first sends 200,000 warm-up events from the same JVM, left out of its figures
# the agent, journal.sync none: short run, half rate, one-event requests, CPU at 12,000 events/s
start_agent none none 0
load --url http://127.0.0.1:17777/ --events "$events" --log "$work/none/log/audit.log" --label agent-none
half=$(calc "%.0f" "$(get agent-none e2e_eps) / 2")
load --url http://127.0.0.1:17777/ --events "$(calc "%.0f" "$half * 20")" --rate "$half" --label half-rate
load --url http://127.0.0.1:17777/ --events 20000 --batch 1 --connections 1 --warmup 5000 --label one-event
before=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
load --url http://127.0.0.1:17777/ --events 360000 --rate 12000 --label cpu-12k
cores=$(calc "%.3f" "($(cpu_ticks "$agent") - $before) / $(getconf CLK_TCK) / ($(date +%s.%N) - $t0)")
note "RESULT label=cpu cores=$cores"
stop_agent
note "RESULT label=rss anon_mib=$(calc "%.0f" "$(cat "$work/none/rssanon") / 1024")"
rm -rf "$work/none/journal" "$work/none/log"

# reference (a) again at the same open-loop rate and for one-event requests: what the HTTP path
# and the load generator alone cost in latency
java -Xmx512m -cp "$jar" dev.kubeaudit.bench.ParseOnlyServer 17778 > /dev/null &
ref=$!
sleep 2
load --url http://127.0.0.1:17778/ --events "$(calc "%.0f" "$half * 20")" --rate "$half" --label parse-only-half-rate
load --url http://127.0.0.1:17778/ --events 20000 --batch 1 --connections 1 --warmup 5000 --label parse-only-one-event
kill "$ref"; wait "$ref" 2>/dev/null || true

# the agent, journal.sync always (group commit)
start_agent always always 0
load --url http://127.0.0.1:17777/ --events "$events" --log "$work/always/log/audit.log" --label agent-always
stop_agent
rm -rf "$work/always"

if [ "$sustained" -gt 0 ]; then
  start_agent sustained none 3
  ( for _ in $(seq 1 $((sustained / 10 + 3))); do sleep 10; echo "$(date +%s) $(backlog)"; done > "$work/backlog" ) &
  sampler=$!
  # 50,000 events/s is 3 GB a minute: keep only the last two minutes of shipped copies on disk
  ( for _ in $(seq 1 $((sustained / 20 + 3))); do sleep 20; find "$work/sustained/archive" -type f -mmin +2 -delete 2>/dev/null || true; done ) &
  pruner=$!
  load --url http://127.0.0.1:17777/ --events $((sustained * 50000)) --rate 50000 --label sustained
  kill "$sampler" "$pruner" 2>/dev/null || true
  note "RESULT label=backlog max=$(awk '{ print $2 }' "$work/backlog" | sort -n | tail -1) last=$(tail -1 "$work/backlog" | cut -d' ' -f2)"
  stop_agent
  rm -rf "$work/sustained"
fi

# (c) the log writer beside Log4j 2
run LogWriterComparison "$work/logwriter" "$events" 1025 100

if [ "${JMH:-1}" != 0 ]; then
  # the forked benchmark JVMs need the JVM access Chronicle Queue needs (the parent pom's list)
  access=$(sed -n 's|.*<jvm.chronicleAccess>\(.*\)</jvm.chronicleAccess>.*|\1|p' pom.xml)
  flags="-Djava.io.tmpdir=$work -Dchronicle.analytics.disable=true"
  for m in $access; do flags="$flags --add-opens=$m=ALL-UNNAMED --add-exports=$m=ALL-UNNAMED"; done
  java -jar "$jar" -prof gc -jvmArgsAppend "$flags" -rf csv -rff "$work/jmh.csv" \
    'EventListParserBenchmark|JournalAppendBenchmark|JournalToLogBenchmark|PolicyBenchmark|SegmentCompressionBenchmark' >&2
  # jmh.csv: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"[,"Param: codec"]
  awk -F, 'NR > 1 { gsub(/["\r]/, ""); sub(/^N\/A$/, "", $8); name = $1; kind = "score"
      if (name ~ /:gc\.alloc\.rate\.norm$/) { sub(/:.*/, "", name); kind = "bop" } else if (name ~ /:/) next
      n = split(name, b, "."); printf "RESULT label=jmh-%s%s %s=%s\n", b[n], ($8 == "" ? "" : "-" $8), kind, $5 }' \
    "$work/jmh.csv" >> "$results"
fi
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The table: each target beside its measured value and reference.
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }
ok() { awk "BEGIN { print ($1) ? \"met\" : \"NOT met\" }"; }
ceiling=$(calc "%.0f" "$(get parse-only acked_eps) < $(get disk eps) ? $(get parse-only acked_eps) : $(get disk eps)")
e2e=$(get agent-none e2e_eps)
echo
echo "| target | measured | reference / ratio | verdict |"
echo "|---|---|---|---|"
row "short run end-to-end >= 0.7 x min(a, b) and >= 100,000 events/s" "$e2e events/s (acked $(get agent-none acked_eps), p99 $(get agent-none p99_ms) ms, lag p99 $(get agent-none lag_p99_ms) ms)" \
  "(a) parse-only $(get parse-only acked_eps), (b) disk $(get disk eps) events/s; ratio $(calc "%.2f" "$e2e / $ceiling")" \
  "$(ok "$e2e >= 0.7 * $ceiling && $e2e >= 100000")"
row "journal.sync always >= 0.5 x none" "$(get agent-always e2e_eps) events/s end-to-end" "ratio $(calc "%.2f" "$(get agent-always e2e_eps) / $e2e")" \
  "$(ok "$(get agent-always e2e_eps) >= 0.5 * $e2e")"
row "half rate: p99 ack of a 400-event batch <= 10 ms" "p99 $(get half-rate p99_ms) ms (p50 $(get half-rate p50_ms), p99.9 $(get half-rate p999_ms)) at $half events/s" \
  "(a) at that rate: p99 $(get parse-only-half-rate p99_ms) ms (p50 $(get parse-only-half-rate p50_ms))" \
  "$(ok "$(get half-rate p99_ms) <= 10")"
row "1-event POST p99 <= 2 ms" "p99 $(get one-event p99_ms) ms (p50 $(get one-event p50_ms), p99.9 $(get one-event p999_ms))" \
  "(a): p99 $(get parse-only-one-event p99_ms) ms (p50 $(get parse-only-one-event p50_ms))" "$(ok "$(get one-event p99_ms) <= 2")"
row "log writer >= 2 x Log4j 2 RollingRandomAccessFile" "$(get logwriter ours_lps) lines/s" "Log4j 2 $(get logwriter log4j_lps) lines/s; ratio $(get logwriter ratio)" \
  "$(ok "$(get logwriter ratio) >= 2")"
row "RssAnon <= 384 MB at full load, -Xmx192m" "peak $(get rss anon_mib) MiB (sampled every 0.2 s)" "-" "$(ok "$(get rss anon_mib) * 1.048576 <= 384")"
row "CPU at 12,000 events/s <= 0.25 core" "$(get cpu cores) core (p99 $(get cpu-12k p99_ms) ms)" "-" "$(ok "$(get cpu cores) <= 0.25")"
if [ "${JMH:-1}" != 0 ]; then
  produced=$(calc "%.1f" "$e2e * 1025 / 1e6")
  for codec in gzip-1 gzip-6 zstd-1 zstd-3; do
    mbs=$(calc "%.1f" "$(get "jmh-compress16MiBSegment-$codec" score) * 16.777216")
    row "compression ($codec) >= 1.5 x production" "$mbs MB/s on one core" "written at $produced MB/s; ratio $(calc "%.2f" "$mbs / $produced")" \
      "$(ok "$mbs >= 1.5 * $produced")"
  done
  row "no allocation per event: split (JMH -prof gc)" "$(get jmh-parse400EventBatch bop) B per 400-event batch" \
    "$(calc "%.0f" "$(get jmh-parse400EventBatch bop) / 400") B/event" "$(ok "$(get jmh-parse400EventBatch bop) / 400 < 64")"
  row "no allocation per event: append (JMH -prof gc)" "$(get jmh-append400EventBatch bop) B per 400-event batch" \
    "$(calc "%.0f" "$(get jmh-append400EventBatch bop) / 400") B/event" "$(ok "$(get jmh-append400EventBatch bop) / 400 < 64")"
  row "JMH throughput, one thread" "split $(calc "%.0f" "$(get jmh-parse400EventBatch score) * 400"), append $(calc "%.0f" "$(get jmh-append400EventBatch score) * 400"), read+write $(calc "%.0f" "$(get jmh-readAndWrite400Events score) * 400"), policy $(get jmh-evaluateOneEvent score) events/s" "-" "-"
fi
if [ "$sustained" -gt 0 ]; then
  row "sustained ${sustained} s at 50,000 events/s: no backlog growth, no 429, p99 <= 10 ms" \
    "$(get sustained acked_eps) events/s, p99 $(get sustained p99_ms) ms, not 200: $(get sustained not200), backlog max $(get backlog max) last $(get backlog last) events" "-" \
    "$(ok "$(get sustained p99_ms) <= 10 && $(get sustained not200) == 0 && $(get backlog last) <= 50000")"
fi
grep '^load average' "$results"
