#!/usr/bin/env bash
# What forwarding costs, in one invocation: the agent as shipped (the JAVA_OPTS of config/jvm.env,
# every key at its default but ports, folders and maxBacklog) in five configurations, each on a
# fresh agent:
#   none        no forward: section
#   webhook     one webhook destination, a sink on 127.0.0.1 (dev.kubeaudit.bench.WebhookSink)
#   webhook x2  two webhook destinations, two sinks
#   kafka       one Kafka destination: a KRaft broker in a child JVM on 127.0.0.1 (the forward
#               module's test fixture, run from its test class path)
#   all three   both webhooks and Kafka
# Each agent first takes 200,000 events and is left until every destination has caught up. Then:
#   end to end  EVENTS unique events (400-event batches of 1 KiB events, 4 connections, closed loop,
#               after a 100,000-event warm-up of the load JVM): acknowledged events/s while the load
#               runs, and end-to-end events/s: EVENTS over the time from the first request until
#               audit.log and every destination hold all of them (sink counts, topic end offset);
#               the agent's CPU over that time (utime + stime of /proc/PID/stat) per million events.
#               maxBacklog is 8Gi, so no destination is skipped: they receive everything.
#   steady      RATE events/s open loop for SECONDS: acknowledgement p99, the agent's CPU in cores,
#               and each destination's largest backlog (sampled every 0.5 s).
# Per destination: events it held at the end against all the agent acknowledged (warm-ups
# included), and events dropped (audit_agent_forward_dropped_events_total, 0 when nothing skipped).
# Usage: bench/run-forward.sh   (after mvn -B -DskipTests package; about 8 minutes on 2 cores)
#   EVENTS=2000000 RATE=12000 SECONDS_STEADY=20 CATCHUP=120   the defaults
# The broker's class path is asked of Maven once (offline) and kept in bench/target/broker.classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${EVENTS:-2000000}"
rate="${RATE:-12000}"
steady="${SECONDS_STEADY:-20}"
catchup="${CATCHUP:-120}"
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
      printf -- '- name: bus\n  kafka: {bootstrapServers: "127.0.0.1:19092", topic: k8s-audit}\n  maxBacklog: 8Gi\n' >> "$dir/agent.yaml"
    else
      sed "s#http://127.0.0.1:7777#http://127.0.0.1:$(sink_port "$d")#" config/webhook-kubeconfig.yaml > "$dir/$d.kubeconfig"
      printf -- '- name: %s\n  webhook: {kubeconfig: %s}\n  maxBacklog: 8Gi\n' "$d" "$dir/$d.kubeconfig" >> "$dir/agent.yaml"
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
  local d out="$work/$label.out" t0 t1 c0 c1 e2e gen peak="$work/$label.peak"
  declare -A held0
  # a sink or the topic may hold what an earlier configuration sent it
  for d in "$@"; do held0[$d]=$(delivered "$d"); done
  start_agent "$label" "$@"
  load --url http://127.0.0.1:17777/ --events 200000 --label "$label-agent-warmup" > /dev/null
  [ "$(caught_up)" != no ] || { echo "run-forward.sh: $label did not catch up after its warm-up" >&2; exit 1; }

  # end to end: EVENTS events as fast as acknowledged, until everything is everywhere
  load --url http://127.0.0.1:17777/ --warmup 100000 --events "$events" --label "$label" > "$out" &
  gen=$!
  for _ in $(seq 1 600); do grep -q '^WARMED' "$out" && break; sleep 0.05; done
  c0=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
  wait "$gen"
  local e2e_s; e2e_s=$(caught_up)
  t1=$(date +%s.%N); c1=$(cpu_ticks "$agent")
  if [ "$e2e_s" = no ]; then e2e=0; else e2e=$(calc "%.0f" "$events / ($t1 - $t0)"); fi
  local line; line="$(grep '^RESULT' "$out") through_eps=$e2e cpu_s_per_m=$(calc "%.2f" "($c1 - $c0) / $(getconf CLK_TCK) / ($events / 1000000)")"

  # steady: RATE events/s, open loop
  load --url http://127.0.0.1:17777/ --rate "$rate" --duration "$steady" --label "$label-steady" > "$out.steady" &
  gen=$!
  c0=$(cpu_ticks "$agent"); t0=$(date +%s.%N)
  : > "$peak"
  while kill -0 "$gen" 2> /dev/null; do
    for d in "$@"; do echo "$d $(metric audit_agent_forward_backlog_events "$d")" >> "$peak"; done
    sleep 0.5
  done
  wait "$gen" || true
  c1=$(cpu_ticks "$agent"); t1=$(date +%s.%N)
  line="$line steady_eps=$(grep '^RESULT' "$out.steady" | tr ' ' '\n' | sed -n 's/^acked_eps=//p')"
  line="$line steady_p99_ms=$(grep '^RESULT' "$out.steady" | tr ' ' '\n' | sed -n 's/^p99_ms=//p')"
  line="$line steady_not200=$(grep '^RESULT' "$out.steady" | tr ' ' '\n' | sed -n 's/^not200=//p')"
  line="$line steady_cores=$(calc "%.3f" "($c1 - $c0) / $(getconf CLK_TCK) / ($t1 - $t0)")"
  caught_up > /dev/null
  line="$line received=$(metric audit_agent_events_received_total)"
  for d in "$@"; do
    line="$line ${d}_peak=$(awk -v d="$d" '$1 == d && $2 > m { m = $2 } END { print m + 0 }' "$peak")"
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
  printf '%s: %s of %s' "$2" "$got" "$(get "$1" received)"
  [ "$(get "$1" "$2_dropped")" = 0 ] || printf ', %s dropped' "$(get "$1" "$2_dropped")"
  awk "BEGIN { exit !($got >= $(get "$1" received)) }" && printf ' (all)' || printf ' (**not all**)'
}
peaks() { # LABEL DESTINATION...
  local label=$1 out="" d; shift
  for d in "$@"; do out="${out:+$out, }$(get "$label" "${d}_peak")"; done
  echo "${out:--}"
}
echo
echo "One fresh agent per row; ${events} events closed loop (4 connections, 400 events of 1 KiB per request), then ${rate} events/s for ${steady} s."
echo
echo "| configuration | acknowledged events/s (p99) | end-to-end events/s | agent CPU per million events | at ${rate}/s: agent CPU, p99, largest destination backlog | held at the end | peak RssAnon |"
echo "|---|---|---|---|---|---|---|"
for row in "none:" "webhook:sink1" "webhook-x2:sink1 sink2" "kafka:bus" "all-three:sink1 sink2 bus"; do
  label=${row%%:*} dests=${row#*:}
  cells=""
  for d in $dests; do cells="${cells:+$cells<br>}$(dest "$label" "$d")"; done
  e2e=$(get "$label" through_eps)
  # shellcheck disable=SC2086
  printf '| %s | %s (p99 %s ms) | %s | %s s | %s cores, p99 %s ms, %s events | %s | %s MiB |\n' "$label" \
    "$(calc "%.0f" "$(get "$label" acked_eps)")" "$(get "$label" p99_ms)" \
    "$([ "$e2e" = 0 ] && echo "**not caught up** within ${catchup} s" || echo "$e2e")" \
    "$(get "$label" cpu_s_per_m)" "$(get "$label" steady_cores)" "$(get "$label" steady_p99_ms)" \
    "$(peaks "$label" $dests)" "${cells:--}" "$(get "$label" rss_mib)"
done
echo "not 200 (429/5xx/errors), all runs: $(grep -h '^RESULT' "$results" | tr ' ' '\n' | sed -n 's/^\(steady_\)\?not200=//p' | awk '{ s += $1 } END { print s + 0 }')"
grep '^load average' "$results"
