#!/usr/bin/env bash
# Shipping benchmark: 20 x 100 MiB segments (2 GiB) shipped by the shipper to s3proxy on 127.0.0.1
# (SigV4, objects on disk), then the same files uploaded by `aws s3 cp --recursive` (Debian's awscli)
# to the same server; prints MB/s of both and the ratio. Needs about 6 GiB free under $TMPDIR.
# Usage: bench/run-ship.sh [segments] [MiB] [concurrency]   (after mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ -x /usr/bin/aws ]; then export AWS_CLI="${AWS_CLI:-/usr/bin/aws}"; fi
"${AWS_CLI:-aws}" --version || echo "no aws CLI (apt-get install awscli): the comparison is skipped"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/audit-bench.jar \
  dev.kubeaudit.bench.ShipBenchmark "$work" "${1:-20}" "${2:-100}" "${3:-2}"
