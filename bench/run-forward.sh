#!/usr/bin/env bash
# What forwarding costs, in one invocation: the agent as shipped (the JAVA_OPTS of config/jvm.env,
# every key at its default but ports and folders) under the same closed-loop load in five
# configurations, each on a fresh agent:
#   none        no forward: section
#   webhook     one webhook destination, a sink on 127.0.0.1 (dev.kubeaudit.bench.WebhookSink)
#   webhook x2  two webhook destinations, two sinks
#   kafka       one Kafka destination: a KRaft broker in a child JVM on 127.0.0.1 (the forward
#               module's test fixture, run from its test class path)
#   all three   both webhooks and Kafka
# Load: 4 connections posting unique 400-event batches of 1 KiB events as fast as answered. Each
# agent first takes 200,000 events from a separate load JVM and is left until every destination
# has caught up; the measured run then warms its own JVM (100,000 events) and measures SECONDS.
# Per configuration: acknowledged events/s; events/s each destination acknowledged over the same
# window (the agent's audit_agent_forward_sent_events_total); whether each destination caught up
# afterwards (its backlog 0 within CATCHUP seconds) and received every event (the sink's count or the
# topic's end offset against audit_agent_events_received_total; events skipped past maxBacklog are
# counted in audit_agent_forward_dropped_events_total); the agent's CPU time over the window
# (utime + stime of /proc/PID/stat, in cores) and its peak RssAnon (sampled every 0.2 s).
# Usage: bench/run-forward.sh [seconds]   (default 20; after mvn -B -DskipTests package; about 6 minutes)
#   CATCHUP=30   the most seconds to wait for the destinations after each run (default 30)
# The broker's class path is asked of Maven once (offline) and kept in bench/target/broker.classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
catchup="${CATCHUP:-30}"
jar=bench/target/audit-bench.jar
for f in "$jar" agent/target/audit-agent.jar forward/target/test-classes/dev/kubeaudit/forward/kafka/KafkaBrokerMain.class; do
  [ -e "$f" ] || { echo "run-forward.sh: $f not found (mvn -B -DskipTests package)" >&2; exit 2; }
done
command -v curl > /dev/null || { echo "run-forward.sh: curl not found" >&2; exit 2; }
work="$(mktemp -d)"
results="$work/results"
agent="" sinks="" broker=""
touch "$results"
cleanup() {
  for p in $agent $sinks $broker; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
note() { printf '%s\n' "$*" | tee -a "$results"; }
get() { grep "^RESULT label=$1 " "$results" | tr " " "\n" | sed -n "s/^$2=//p" | tail -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# metric NAME [DESTINATION]: a metric's value summed over its labels (or those of one destination)
metric() {
  curl -fs http://127.0.0.1:19102/metrics | awk -v m="$1" -v d="${2:-}" '
      index($1, m) == 1 && substr($1, length(m) + 1, 1) ~ /^[{]?$/ && (d == "" || index($1, "destination=\"" d "\"") > 0) { s += $2 }
      END { printf "%.0f\n", s }'
}

sink_port() { case "$1" in sink1) echo 18091 ;; sink2) echo 18092 ;; esac; }
# delivered DESTINATION: what the destination itself holds
delivered() {
  if [ "$1" = bus ]; then
    java -Xmx128m -cp "$jar" dev.kubeaudit.bench.TopicEndOffset 127.0.0.1:19092 k8s-audit 2> /dev/null | tail -1
  else
    curl -fs "http://127.0.0.1:$(sink_port "$1")/"
  fi
}

start_broker() {
  local cp=bench/target/broker.classpath dir="$work/broker"
  if [ ! -s "$cp" ]; then
    nice -n 19 mvn -B -o -q -pl forward dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$cp" > "$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 2; }
  fi
  mkdir -p "$dir"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:19093
listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
advertised.listeners=PLAINTEXT://127.0.0.1:19092
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
  # the fixture's own main (formats the folder, runs broker and controller in one JVM) with its JVM options
  java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "forward/target/test-classes:agent/target/test-classes:$(cat "$cp")" \
    dev.kubeaudit.forward.kafka.KafkaBrokerMain "$dir/server.properties" "$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" \
    > "$dir/broker.log" 2>&1 &
  broker=$!
  for _ in $(seq 1 12); do   # each try waits up to 10 s for the broker
    [ "$(delivered bus 2> /dev/null)" = 0 ] && return
    kill -0 "$broker" 2> /dev/null || break
  done
  echo "run-forward.sh: the Kafka broker did not start; see its log:" >&2; tail -20 "$dir/broker.log" >&2; exit 1
}
stop_broker() { kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; broker=""; }

start_agent() { # NAME DESTINATION...
  local name=$1 dir="$work/$1"; shift
  mkdir -p "$dir"
  cat > "$dir/agent.yaml" <<YAML
listen: {address: 127.0.0.1, port: 17777}
journal: {dir: $dir/journal}
log: {path: $dir/log/audit.log}
metrics: {address: 127.0.0.1, port: 19102}
ship: {destination: "file:$dir/archive"}
YAML
  [ $# = 0 ] || echo "forward:" >> "$dir/agent.yaml"
  for d in "$@"; do
    if [ "$d" = bus ]; then
      printf -- '- name: bus\n  kafka: {bootstrapServers: "127.0.0.1:19092", topic: k8s-audit}\n' >> "$dir/agent.yaml"
    else
      sed "s#http://127.0.0.1:7777#http://127.0.0.1:$(sink_port "$d")#" config/webhook-kubeconfig.yaml > "$dir/$d.kubeconfig"
      printf -- '- name: %s\n  webhook: {kubeconfig: %s}\n' "$d" "$dir/$d.kubeconfig" >> "$dir/agent.yaml"
    fi
  done
  ( set +u; set -a; source config/jvm.env; set +a; set -u
    # shellcheck disable=SC2086
    exec java $JAVA_OPTS -jar agent/target/audit-agent.jar --config "$dir/agent.yaml" 2> "$dir/agent.err" ) &
  agent=$!
  for _ in $(seq 1 300); do curl -fs -o /dev/null http://127.0.0.1:19102/readyz && break; sleep 0.1; done
  curl -fs -o /dev/null http://127.0.0.1:19102/readyz || { echo "run-forward.sh: agent $name not ready:" >&2; tail -20 "$dir/agent.err" >&2; exit 1; }
  ( while kill -0 "$agent" 2>/dev/null; do awk '/RssAnon/ { print $2 }' "/proc/$agent/status" 2>/dev/null; sleep 0.2; done \
    | sort -n | tail -1 > "$dir/rssanon" ) &
}
stop_agent() { kill "$agent"; wait "$agent" 2>/dev/null || true; agent=""; sleep 0.5; }
# waits until the journal's writer and every destination have caught up, at most CATCHUP seconds;
# prints how long it took, or "no" when they did not
caught_up() {
  local t0; t0=$(date +%s.%N)
  while awk "BEGIN { exit !($(date +%s.%N) - $t0 < $catchup) }"; do
    if [ "$(metric audit_agent_journal_backlog_events)" = 0 ] && [ "$(metric audit_agent_forward_backlog_events)" = 0 ]; then
      calc "%.1f" "$(date +%s.%N) - $t0"; return
    fi
    sleep 0.2
  done
  echo no
}
load() { java -Xmx512m -cp "$jar" dev.kubeaudit.bench.LoadGenerator --batch 400 --connections 4 --event-bytes 1024 "$@"; }

# measure LABEL DESTINATION...: one configuration on a fresh agent
measure() {
  local label=$1; shift
  local d out="$work/$label.out" before t0 ticks secs
  declare -A sent0 held0
  # a sink or the topic may hold what an earlier configuration sent it
  for d in "$@"; do held0[$d]=$(delivered "$d"); done
  start_agent "$label" "$@"
  load --url http://127.0.0.1:17777/ --events 200000 --label "$label-agent-warmup" > /dev/null
  caught_up > /dev/null
  load --url http://127.0.0.1:17777/ --warmup 100000 --duration "$seconds" --label "$label" > "$out" &
  local gen=$!
  for _ in $(seq 1 600); do grep -q '^WARMED' "$out" && break; sleep 0.05; done
  before=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
  for d in "$@"; do sent0[$d]=$(metric audit_agent_forward_sent_events_total "$d"); done
  wait "$gen"
  ticks=$(( $(cpu_ticks "$agent") - before )); secs=$(calc "%.3f" "$(date +%s.%N) - $t0")
  local line; line="$(grep '^RESULT' "$out") cores=$(calc "%.3f" "$ticks / $(getconf CLK_TCK) / $secs")"
  for d in "$@"; do
    line="$line ${d}_eps=$(calc "%.0f" "($(metric audit_agent_forward_sent_events_total "$d") - ${sent0[$d]}) / $secs")"
  done
  line="$line catchup_s=$(caught_up) received=$(metric audit_agent_events_received_total)"
  for d in "$@"; do
    line="$line ${d}_delivered=$(( $(delivered "$d") - ${held0[$d]} )) ${d}_dropped=$(metric audit_agent_forward_dropped_events_total "$d")"
  done
  stop_agent
  note "$line rss_mib=$(calc "%.0f" "$(cat "$work/$label/rssanon") / 1024")"
  rm -rf "${work:?}/$label"
}

note "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx256m -cp "$jar" dev.kubeaudit.bench.WebhookSink 18091 > /dev/null & sinks=$!
java -Xmx256m -cp "$jar" dev.kubeaudit.bench.WebhookSink 18092 > /dev/null & sinks="$sinks $!"
for p in 18091 18092; do for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done; done

measure none
measure webhook sink1
measure webhook-x2 sink1 sink2
start_broker
measure kafka bus
measure all-three sink1 sink2 bus
stop_broker
note "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# received: every event the agent acknowledged (warm-ups included); a destination has them all
# when it holds at least that many (Kafka may hold a re-sent entry twice)
dest() { # LABEL DESTINATION
  local got; got=$(get "$1" "$2_delivered")
  printf '%s: %s/s; %s of %s' "$2" "$(get "$1" "$2_eps")" "$got" "$(get "$1" received)"
  [ "$(get "$1" "$2_dropped")" = 0 ] || printf ', %s skipped past maxBacklog' "$(get "$1" "$2_dropped")"
  awk "BEGIN { exit !($got >= $(get "$1" received)) }" && printf ' (all)' || printf ' (**not all**)'
}
echo
echo "One fresh agent per row; ${seconds} s closed loop, 4 connections, 400 events of 1 KiB per request."
echo
echo "| configuration | acknowledged events/s (p99) | delivered per destination, same window; held at the end | caught up after the run | agent CPU | peak RssAnon |"
echo "|---|---|---|---|---|---|"
for row in "none:" "webhook:sink1" "webhook-x2:sink1 sink2" "kafka:bus" "all-three:sink1 sink2 bus"; do
  label=${row%%:*} dests=${row#*:}
  cells=""
  for d in $dests; do cells="${cells:+$cells<br>}$(dest "$label" "$d")"; done
  c=$(get "$label" catchup_s)
  printf '| %s | %s (p99 %s ms) | %s | %s | %s cores | %s MiB |\n' "$label" "$(calc "%.0f" "$(get "$label" acked_eps)")" \
    "$(get "$label" p99_ms)" "${cells:--}" "$([ "$c" = no ] && echo "**no** (within ${catchup} s)" || echo "yes, ${c} s")" \
    "$(get "$label" cores)" "$(get "$label" rss_mib)"
done
echo "not 200 (429/5xx/errors), all runs: $(grep -h '^RESULT' "$results" | tr ' ' '\n' | sed -n 's/^not200=//p' | awk '{ s += $1 } END { print s + 0 }')"
grep '^load average' "$results"
