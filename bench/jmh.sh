#!/usr/bin/env bash
# Normalizer throughput per core with JMH (issue 7): bench/jmh.sh [BENCHMARK] [JMH options, e.g. -f 1 -wi 2]
# BENCHMARK is a JMH name pattern, default NormalizerBenchmark.
# Compiles the loader's classes (incremental; stale ones may not match the benchmarks), then the
# separate benchmark project in bench/jmh (not part of the main ./mvnw verify), and runs it
# single-threaded. Scores are records (or ids) per second per core.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -Dspotless.check.skip=true compile
./mvnw -B -q -f bench/jmh/pom.xml package
benchmark=NormalizerBenchmark
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  benchmark=$1
  shift
fi
java -jar bench/jmh/target/benchmarks.jar "$benchmark" "$@"
