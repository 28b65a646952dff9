#!/usr/bin/env bash
# Search benchmark: `audit-agent search --user X --since 24h` over a folder archive of gzip
# segments (about 2 GiB by default), beside `zcat … | grep -c` over the same files, in turns
# (search, grep, search, grep, …) in one invocation; both use the machine's cores as they like
# (DuckDB its threads, zcat and grep a process each). The archive is the repository's real events
# replayed with new auditIDs and times over the last 20 hours, every 1000th by user bench-needle,
# gzip level 1 (the agent's default), 64 MiB segments under the default layout.
# Usage: bench/run-search.sh [gzip-bytes] [rounds]   (after mvn -B -DskipTests package)
#   ARCHIVE=DIR bench/run-search.sh   reuses (or first writes) the archive in DIR and keeps it
set -euo pipefail
cd "$(dirname "$0")/.."
bytes="${1:-2147483648}"
rounds="${2:-3}"
jar=agent/target/audit-agent.jar
[ -f agent/target/audit-search.jar ] || { echo "run mvn -B -DskipTests package first" >&2; exit 2; }
work="${ARCHIVE:-$(mktemp -d)}"
cleanup() { if [ -z "${ARCHIVE:-}" ]; then rm -rf "$work"; fi; }
trap cleanup EXIT

if [ ! -s "$work/generated.txt" ]; then
  rm -rf "$work/archive"
  java -Xmx1g -cp bench/target/audit-bench.jar dev.kubeaudit.bench.SearchArchive --real testdata/real-audit \
    --out "$work/archive" --gzip-bytes "$bytes" > "$work/generated.txt"
fi
cat "$work/generated.txt"
needles=$(sed -E 's/.*NEEDLES=([0-9]+).*/\1/' "$work/generated.txt")
gzip_bytes=$(sed -E 's/.*GZIP_BYTES=([0-9]+).*/\1/' "$work/generated.txt")
plain_bytes=$(sed -E 's/.*PLAIN_BYTES=([0-9]+).*/\1/' "$work/generated.txt")
mapfile -t files < <(find "$work/archive" -name '*.log.gz' | sort)
echo "files: ${#files[@]}, gzip $((gzip_bytes / 1048576)) MiB, plain $((plain_bytes / 1048576)) MiB, cores $(nproc)"

rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
report() { # NAME SECONDS COUNT
  echo "RESULT $1 seconds=$2 count=$3 gzip_MiB/s=$(rate "$gzip_bytes" "$2") plain_MiB/s=$(rate "$plain_bytes" "$2")"
}
for round in $(seq 1 "$rounds"); do
  start=$(date +%s.%N)
  java -jar "$jar" search "file:$work/archive" --user bench-needle --since 24h > "$work/search.out" 2> "$work/search.err"
  end=$(date +%s.%N)
  count=$(grep -Eo '^[0-9]+ events?' "$work/search.err" | grep -Eo '^[0-9]+')
  report "search(round=$round)" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')" "$count"

  start=$(date +%s.%N)
  count=$(zcat "${files[@]}" | grep -c '"username":"bench-needle"')
  end=$(date +%s.%N)
  report "zcat-grep(round=$round)" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')" "$count"
done
echo "expected count: $needles"
