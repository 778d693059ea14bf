#!/usr/bin/env bash
# Normalizer throughput per core with JMH (issue 7): bench/jmh.sh [JMH options, e.g. -f 1 -wi 2]
# Builds the loader's classes if missing, then the separate benchmark project in bench/jmh (not part
# of the main ./mvnw verify), and runs it single-threaded. Scores are records per second per core.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d target/classes/io/flowloader/normalize ]; then ./mvnw -B -q compile; fi
./mvnw -B -q -f bench/jmh/pom.xml package
java -jar bench/jmh/target/benchmarks.jar NormalizerBenchmark "$@"
