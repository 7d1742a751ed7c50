#!/usr/bin/env bash
# Where the machine's CPU goes during a benchmark run, step by step.
#
#   migration-benchmark/tools/cpu-profile.sh <profile> [-Dbenchmark.…=… …]
#
# Runs the service benchmark for <profile>, one round (the jars must be built: ./mvnw -B -pl migration-benchmark -am
# install -DskipTests), samples every CPU with `perf record` (package linux-perf, run as root) from the start
# of the measured run to the end of the doveadm run, and prints, for each step of the measured pass(es)
# (first start to last end over the worker's log) and for the doveadm run, the CPU-seconds each process
# used: Dovecot's imap processes, the worker's threads, its JIT compiler and GC, the api, PostgreSQL,
# Kafka, and what was idle. On a machine where everything shares the cores, these CPU-seconds are a
# steadier measure of a change than the wall time, which moves by ±10 % from run to run.
set -euo pipefail
profile=${1:?usage: cpu-profile.sh <profile> [-D…]}
shift
command -v perf > /dev/null || { echo "perf is needed (apt-get install linux-perf)" >&2; exit 1; }
cd "$(dirname "$0")/../.."
out=$(mktemp -d /tmp/cpu-profile-XXXX)
started=$(date +%s)
./mvnw -B -ntp -o -Pbenchmark -pl migration-benchmark verify -Dbenchmark.profile="$profile" -Dbenchmark.rounds=1 "$@" > "$out/benchmark.log" 2>&1 &
benchmark=$!
# sampling starts with the warm-ups (perf takes a moment to start); the report keeps what follows the
# measured run's start, which the benchmark prints
until grep -q "^machine:" "$out/benchmark.log"; do
  kill -0 $benchmark 2> /dev/null || { echo "the benchmark ended early: $out/benchmark.log" >&2; exit 1; }
  sleep 0.2
done
perf record -q -k CLOCK_REALTIME -F 499 -a -o "$out/perf.data" > /dev/null 2>&1 &
recorder=$!
until grep -q "measured run: starting" "$out/benchmark.log"; do
  kill -0 $benchmark 2> /dev/null || break
  sleep 0.2
done
# which thread is whose (the worker's short-lived copy threads are recognised by name)
ps -eLo tid,comm,args > "$out/threads.txt"
until grep -q "ratio to doveadm" "$out/benchmark.log"; do
  kill -0 $benchmark 2> /dev/null || break
  sleep 1
done
kill -INT $recorder
wait $recorder || true
wait $benchmark || echo "the benchmark failed: $out/benchmark.log" >&2
perf script -i "$out/perf.data" -F tid,comm,time 2> /dev/null > "$out/samples.txt"
worker_log=$(find /tmp -maxdepth 1 -name 'migration-worker-[0-9]*.log' -newermt "@$started" -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)
measured=$(sed -n 's/^measured run: starting at \([0-9]*\) ms$/\1/p' "$out/benchmark.log")
python3 "$(dirname "$0")/cpu_by_step.py" "$out/threads.txt" "$out/samples.txt" "$worker_log" 499 "$measured"

sed -n '/^==================== benchmark/,/^=====================/p' "$out/benchmark.log"
echo "(raw data in $out)"
