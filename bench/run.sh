#!/usr/bin/env bash
# The benchmark of issue 7, one command:  bench/run.sh [N ...]   (default: 100000 1000000)
#
# For each N: the loader in one-shot mode against the simulator's /__sim/bench/records into a fresh
# dataset and a fresh tenant (3 runs, median wall, peak RSS via /usr/bin/time -v); the same rows
# exported to CSV and loaded with psql \copy into tables with identical DDL (3 runs, median); an
# incremental no-op re-run with the server-side `from` filter and with a client-side filter (3 runs
# each, as the tenant that loaded the dataset), in one-shot mode (a cold JVM each) and in service
# mode (a warm JVM: the loader started once as a service, manual loads through POST /loads, the
# first one a warm-up; timed by the package's own startedAt/finishedAt), and full loads of fresh
# tenants in that warm service (RUNS + 1, the first a warm-up). Before timing, every page
# of each N is fetched once, so the simulator serves the timed runs pre-rendered pages (warm_pages).
#
# The loader runs the way the image ships it, read from the Dockerfile: the jar extracted by
# `jarmode=tools extract` (app.jar + lib/), the Dockerfile's CDS training run once before timing
# (creates app.jsa), the image's JAVA_TOOL_OPTIONS and ENTRYPOINT, and -XX:MaxRAM set to the
# container memory limit the JVM would see in the pod (BENCH_MEMORY_LIMIT, default 1g: the Helm
# chart's default limit).
# Environment: BENCH_RUNS (3), BENCH_JAVA_OPTS (extra JVM options of the loader, after the shipped
# ones, so they override them; default none), BENCH_MEMORY_LIMIT (1g), PGHOST/PGPORT/PGUSER
# (127.0.0.1/5432/postgres, trust auth), BENCH_KEEP_DB=1 keeps the database, BENCH_KEEP_WORK=1 keeps
# the logs, timings and CSV files (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

RUNS=${BENCH_RUNS:-3}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(100000 1000000); fi
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=flowloader_bench_$$
TENANT_ID=0f4e5c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b
API_KEY=sim-acme-key-0000000000000000001
WORK=$(mktemp -d /tmp/flowloader-bench.XXXXXX)
SIM_PID= SVC_PID= TRAIN_DB=
API_TOKEN=bench-token-$$

stop_service() {
  if [ -n "${SVC_PID:-}" ]; then
    kill "$SVC_PID" 2>/dev/null || true; wait "$SVC_PID" 2>/dev/null || true
    SVC_PID=
  fi
}

cleanup() {
  stop_service
  if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  if [ -n "${TRAIN_DB:-}" ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS $TRAIN_DB" >/dev/null 2>&1 || true; fi
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; fi
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# --- prerequisites --------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time"; (apt-get install -y -q time || sudo apt-get install -y -q time) >/dev/null
fi
JAR=$(ls target/boomi-flow-loader-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$JAR" ]; then
  log "building the jar"; ./mvnw -B -q package -DskipTests
  JAR=$(ls target/boomi-flow-loader-*.jar | grep -v -- '-plain' | head -n 1)
fi

# --- the loader as the image runs it (Dockerfile) -------------------------------------------------
dockerfile_line() { sed -n "$1" Dockerfile | head -n 1; }
TOOL_OPTIONS=$(dockerfile_line 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p')
# The training run's java command, on its own line of a RUN (without the line's " \\" or "&& ...").
CDS_TRAINING=$(dockerfile_line 's/^\(RUN\)\{0,1\} *\(java -XX:ArchiveClassesAtExit=[^&\\]*[^&\\ ]\).*$/\2/p')
mapfile -t ENTRYPOINT < <(dockerfile_line 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' | tr ',' '\n' | sed 's/^ *"//; s/" *$//')
if [ -z "$TOOL_OPTIONS" ] || [ -z "$CDS_TRAINING" ] || [ "${ENTRYPOINT[0]:-}" != java ]; then
  log "cannot read JAVA_TOOL_OPTIONS, the CDS training run or the ENTRYPOINT from the Dockerfile"; exit 1
fi
MEMORY_LIMIT=${BENCH_MEMORY_LIMIT:-1g}
APP="$WORK/app"
cp "$JAR" "$WORK/app.jar"
(cd "$WORK" && java -Djarmode=tools -jar app.jar extract --destination "$APP" >/dev/null)
# The training run loads the demo profile's tenants from its in-process simulator. In the image it
# uses an embedded PostgreSQL (as a non-root user); here it gets a scratch database of its own, so
# the timed runs find the bench database as fresh as before, and a free port for the simulator.
TRAIN_DB=${DB}_cds
psql -X -q -d postgres -c "CREATE DATABASE $TRAIN_DB" >/dev/null
log "creating the CDS archive once, before timing (the Dockerfile's training run): $CDS_TRAINING"
# shellcheck disable=SC2086
if ! (cd "$APP" && JAVA_TOOL_OPTIONS="$TOOL_OPTIONS" FLOWLOADER_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$TRAIN_DB" \
  FLOWLOADER_DB_USER="$PGUSER" $CDS_TRAINING --flowloader.demo.simulator-port="$(free_port)" \
  >"$WORK/cds-training.log" 2>&1); then
  tail -n 40 "$WORK/cds-training.log" >&2; exit 1
fi
psql -q -d postgres -c "DROP DATABASE IF EXISTS $TRAIN_DB" >/dev/null 2>&1 || true
psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

# --- simulator ------------------------------------------------------------------------------------
# The simulator keeps every bench page it renders (up to simulator.bench-cache-size, default 1 GiB)
# and serves repeats from those bytes; warm_pages below fills that cache before timing. -Xmx4g:
# the pages of 100k + 1M are ~690 MB, and with a 4 GiB heap G1's regions are 2 MB, so a 622 KB page
# is an ordinary object rather than a humongous one occupying a whole region. C1 only: serving
# cached bytes needs no peak performance, and C2 compiling the simulator's request path kept
# taking as much CPU as the requests themselves for the first ~2,000 of them (about a whole bench).
SIM_PORT=$(free_port)
java -Xmx4g -XX:TieredStopAtLevel=1 -jar "$JAR" --spring.profiles.active=simulator --server.port="$SIM_PORT" >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$SIM_PORT/__sim/bench/records?n=1" && break
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/simulator.log" >&2; exit 1; }
  sleep 0.5
done
sim_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SIM_PID/stat"; }
# CPU seconds (user + system) of the service so far: on a shared machine steadier than wall time.
svc_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$SVC_PID/stat"; }

# warm_pages N: fetches every page of a full load of N records once (one keep-alive connection),
# so that every timed run reads pre-rendered pages. Why: in production the API runs elsewhere; on
# this 2-core machine the simulator rendering 62 MB of JSON per 100k pass would take CPU from the
# loader and PostgreSQL. The no-op requests with the server-side `from` filter are not warmed: they
# return almost nothing (and are cached after their first run).
warm_pages() {
  local t0 t1
  t0=$(now)
  python3 - "$SIM_PORT" "$1" <<'PY'
import http.client, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
for page in range(1, max(1, -(-n // 1000)) + 1):
    conn.request("GET", f"/__sim/bench/records?n={n}&page={page}")
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"warming the simulator: page {page} of n={n}: HTTP {response.status}")
PY
  t1=$(now)
  log "N=$1: simulator warmed, every page fetched once in $(elapsed "$t0" "$t1")s (not counted)"
}

# --- one loader run -------------------------------------------------------------------------------
# loader_args SOURCE_YAML DATASET [DATASET ...] -> sets LOADER_ARGS: database, source and one
# tenant per dataset, the same for one-shot runs and the service. Each tenant is named after its
# dataset: incremental state is kept per tenant, so a fresh dataset needs a fresh tenant to be
# loaded in full, and a no-op re-run must be the tenant that loaded it.
loader_args() {
  local source=$1 i=0 d
  shift
  LOADER_ARGS=(
    --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
    --spring.datasource.username="$PGUSER"
    --flowloader.source-definition="file:$source"
    --flowloader.http.requests-per-second=1000
  )
  for d in "$@"; do
    LOADER_ARGS+=(
      --flowloader.tenants[$i].name="$d"
      --flowloader.tenants[$i].tenant-id="$TENANT_ID"
      --flowloader.tenants[$i].api-key="$API_KEY"
      --flowloader.tenants[$i].base-url="http://127.0.0.1:$SIM_PORT"
      --flowloader.tenants[$i].dataset="$d"
      --flowloader.tenants[$i].resources[0]=bench_records
    )
    i=$((i + 1))
  done
}

# run_loader SOURCE_YAML DATASET LABEL -> sets WALL, RSS_MB, CPU_S, STARTUP, LOAD_S, ROWS_OUT, ROOT_OUT
run_loader() {
  local source=$1 dataset=$2 label=$3 out="$WORK/$3.out" t0 t1 rc=0
  local tenant=$dataset
  loader_args "$source" "$dataset"
  t0=$(now)
  # shellcheck disable=SC2086
  (cd "$APP" && JAVA_TOOL_OPTIONS="$TOOL_OPTIONS" exec /usr/bin/time -v -o "$WORK/$label.time" \
    java -XX:MaxRAM="$MEMORY_LIMIT" ${BENCH_JAVA_OPTS:-} "${ENTRYPOINT[@]:1}" \
    --flowloader.run-once=true --spring.main.web-application-type=none \
    "${LOADER_ARGS[@]}" >"$out" 2>&1) || rc=$?
  if [ "$rc" != 0 ]; then
    log "loader run $label failed (exit $rc):"; tail -n 40 "$out" >&2; exit 1
  fi
  t1=$(now)
  WALL=$(elapsed "$t0" "$t1")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/$label.time")
  CPU_S=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$WORK/$label.time")
  # Spring's "Started ... in X seconds" is JVM + context start-up; the load's own time is printed
  # by the one-shot summary ("in X s").
  STARTUP=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$out" | head -n 1)
  LOAD_S=$(sed -n "s/^tenant $tenant: load .* in \\([0-9.]*\\) s, \\([0-9]*\\) rows$/\\1/p" "$out" | head -n 1)
  ROWS_OUT=$(sed -n "s/^tenant $tenant: load .* in \\([0-9.]*\\) s, \\([0-9]*\\) rows$/\\2/p" "$out" | head -n 1)
  ROOT_OUT=$(awk '$1 == "bench_records" && $3 == "rows" { print $2 }' "$out" | head -n 1)
  if [ -z "$LOAD_S" ] || [ -z "$ROWS_OUT" ]; then
    log "loader run $label: no summary line 'tenant $tenant: load ... in X s, N rows':"; tail -n 40 "$out" >&2; exit 1
  fi
}

# expect_rows LABEL N: a full load must have loaded all N root rows (not 0 from stale cursor state).
expect_rows() {
  if [ "${ROOT_OUT:-0}" != "$2" ]; then
    log "loader run $1 loaded ${ROOT_OUT:-0} rows into bench_records ($ROWS_OUT in all), expected $2"; exit 1
  fi
}

# --- the loader as an always-on service ------------------------------------------------------------
# start_service SOURCE_YAML DATASET LABEL: the same launch as run_loader (extracted jar, CDS archive,
# JAVA_TOOL_OPTIONS, MaxRAM, same tenant/dataset/source/base-url/key), but as the service: run-once
# off, web on a free port, management on another, an API token, and no schedule (the tenant is
# manual-only, so nothing fires during the bench). The source definition is global to a process,
# and the two no-op variants differ only in it, so each variant gets its own service.
# Sets SVC_PID, SVC_URL, SVC_START (seconds until ready).
start_service() {
  local source=$1 dataset=$2 label=$3 port mport t0 t1
  loader_args "$source" "$dataset" "${@:4}"
  port=$(free_port) mport=$(free_port)
  t0=$(now)
  # shellcheck disable=SC2086
  (cd "$APP" && JAVA_TOOL_OPTIONS="$TOOL_OPTIONS" exec \
    java -XX:MaxRAM="$MEMORY_LIMIT" ${BENCH_JAVA_OPTS:-} "${ENTRYPOINT[@]:1}" \
    --flowloader.run-once=false \
    --server.port="$port" --server.address=127.0.0.1 \
    --management.server.port="$mport" --management.server.address=127.0.0.1 \
    --flowloader.api.tokens="$API_TOKEN" \
    "${LOADER_ARGS[@]}" >"$WORK/$label.log" 2>&1) &
  SVC_PID=$!
  SVC_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$mport/actuator/health/readiness" && break
    if ! kill -0 "$SVC_PID" 2>/dev/null; then
      log "service $label exited during start-up:"; tail -n 40 "$WORK/$label.log" >&2; SVC_PID=; exit 1
    fi
    sleep 0.5
  done
  if ! curl -sf -o /dev/null "http://127.0.0.1:$mport/actuator/health/readiness"; then
    log "service $label not ready after 300 s:"; tail -n 40 "$WORK/$label.log" >&2; exit 1
  fi
  t1=$(now)
  SVC_START=$(elapsed "$t0" "$t1")
}

# service_noops SOURCE_YAML DATASET LABEL [N FULL_DATASET ...]: RUNS + 1 manual no-op loads of the
# tenant that loaded DATASET, one after another (the first a warm-up, not counted); each must end
# `loaded` with 0 rows. Sets SVC_API (median of the package's finishedAt - startedAt) and SVC_RT
# (median round trip from the POST to seeing the final status, polled every 20 ms for 0.5 s, then every 100 ms), in seconds.
# Given N and fresh datasets, the same service then loads each of them in full once, one after
# another, as its own tenant (each must end `loaded` with N rows in bench_records; the first is a
# warm-up of the normalizing path, not counted) and sets SVC_FULL (median) and SVC_FULL_RSS (the
# service's peak RSS in MB).
service_noops() {
  local source=$1 dataset=$2 label=$3 n=${4:-} api=() rt=() full=() cpu=() a t id i=0 d c0 c1
  start_service "$source" "$dataset" "$label" "${@:5}"
  log "$label: service ready in ${SVC_START}s (not counted); $((RUNS + 1)) manual loads, the first a warm-up"
  if ! python3 bench/service_loads.py "$SVC_URL" "$API_TOKEN" "$dataset" "$((RUNS + 1))" >"$WORK/$label.loads"; then
    log "$label: manual loads failed; service log:"; tail -n 40 "$WORK/$label.log" >&2; exit 1
  fi
  while read -r a t id; do
    if [ "$i" = 0 ]; then
      log "$label warm-up: ${a}s (round trip ${t}s, load $id)"
    else
      log "$label run $i: ${a}s (round trip ${t}s, load $id, 0 rows)"
      api+=("$a") rt+=("$t")
    fi
    i=$((i + 1))
  done <"$WORK/$label.loads"
  if [ "${#api[@]}" != "$RUNS" ]; then log "$label: expected $RUNS counted loads, got ${#api[@]}"; exit 1; fi
  SVC_RSS_MB=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SVC_PID/status" 2>/dev/null || echo -)
  SVC_FULL=- SVC_FULL_RSS=- SVC_FULL_CPU=-
  if [ -n "$n" ]; then
    i=0
    for d in "${@:5}"; do
      c0=$(svc_cpu)
      if ! python3 bench/service_loads.py "$SVC_URL" "$API_TOKEN" "$d" 1 "bench_records=$n" >"$WORK/$label-$d.loads"; then
        log "$label: full load of $d failed; service log:"; tail -n 40 "$WORK/$label.log" >&2; exit 1
      fi
      c1=$(svc_cpu)
      read -r a t id <"$WORK/$label-$d.loads"
      if [ "$i" = 0 ]; then
        log "$label full load warm-up ($d): ${a}s (round trip ${t}s, load $id)"
      else
        cpu+=("$(elapsed "$c0" "$c1")")
        log "N=$n full load in the warm service, run $i ($d): ${a}s (round trip ${t}s, load $id), service CPU ${cpu[-1]}s"
        full+=("$a")
      fi
      i=$((i + 1))
    done
    SVC_FULL=$(median "${full[@]}") SVC_FULL_CPU=$(median "${cpu[@]}")
    SVC_FULL_RSS=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SVC_PID/status" 2>/dev/null || echo -)
  fi
  stop_service
  SVC_API=$(median "${api[@]}") SVC_RT=$(median "${rt[@]}")
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }

RESULTS=()
for N in "${SIZES[@]}"; do
  sed "s/^\( *n:\) 100000$/\1 $N/" bench/bench-source.yaml >"$WORK/server-$N.yaml"
  sed "s/^\( *n:\) 100000$/\1 $N/" bench/bench-source-client.yaml >"$WORK/client-$N.yaml"
  warm_pages "$N"
  SIM_CPU0=$(sim_cpu)

  # Full loads into fresh datasets.
  walls=() rss=() starts=() loads=()
  for r in $(seq 1 "$RUNS"); do
    run_loader "$WORK/server-$N.yaml" "bench_${N}_$r" "load-$N-$r"
    expect_rows "load-$N-$r" "$N"
    log "N=$N loader run $r: wall ${WALL}s (start-up ${STARTUP}s, load ${LOAD_S}s), CPU ${CPU_S}s, peak RSS ${RSS_MB} MB, $ROWS_OUT rows"
    walls+=("$WALL") rss+=("$RSS_MB") starts+=("$STARTUP") loads+=("$LOAD_S")
  done
  L_WALL=$(median "${walls[@]}") L_RSS=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
  L_START=$(median "${starts[@]}") L_LOAD=$(median "${loads[@]}")
  ROOT_ROWS=$(psql_db -tA -c "SELECT count(*) FROM bench_${N}_1.bench_records")
  CHILD_ROWS=$(psql_db -tA -c "SELECT count(*) FROM bench_${N}_1.bench_records__tags")

  # The same rows with psql \copy into tables with identical DDL.
  psql_db -c "\\copy bench_${N}_1.bench_records TO '$WORK/root.csv' CSV"
  psql_db -c "\\copy bench_${N}_1.bench_records__tags TO '$WORK/tags.csv' CSV"
  cwalls=()
  for r in $(seq 1 "$RUNS"); do
    s=copy_${N}_$r
    psql_db -c "CREATE SCHEMA $s" \
      -c "CREATE TABLE $s.bench_records (LIKE bench_${N}_1.bench_records INCLUDING ALL)" \
      -c "CREATE TABLE $s.bench_records__tags (LIKE bench_${N}_1.bench_records__tags INCLUDING ALL)"
    t0=$(now)
    psql_db -c "\\copy $s.bench_records FROM '$WORK/root.csv' CSV" \
      -c "\\copy $s.bench_records__tags FROM '$WORK/tags.csv' CSV"
    t1=$(now)
    cwalls+=("$(elapsed "$t0" "$t1")")
    log "N=$N psql \\copy run $r: wall ${cwalls[-1]}s"
  done
  C_WALL=$(median "${cwalls[@]}")

  # Incremental no-op re-runs: the dataset loaded above (server filter), and a dataset first
  # loaded with the client-filter definition.
  swalls=() sloads=()
  for r in $(seq 1 "$RUNS"); do
    run_loader "$WORK/server-$N.yaml" "bench_${N}_1" "inc-server-$N-$r"
    log "N=$N no-op (server filter) run $r: wall ${WALL}s (load ${LOAD_S}s, $ROWS_OUT rows)"
    swalls+=("$WALL") sloads+=("$LOAD_S")
  done
  run_loader "$WORK/client-$N.yaml" "bench_${N}_client" "inc-client-$N-0"
  expect_rows "inc-client-$N-0" "$N"
  cwalls2=() cloads=()
  for r in $(seq 1 "$RUNS"); do
    run_loader "$WORK/client-$N.yaml" "bench_${N}_client" "inc-client-$N-$r"
    log "N=$N no-op (client filter) run $r: wall ${WALL}s (load ${LOAD_S}s, $ROWS_OUT rows)"
    cwalls2+=("$WALL") cloads+=("$LOAD_S")
  done

  # The same no-op re-runs in a warm JVM: the loader as a service, loads through POST /loads.
  fresh=()
  for r in $(seq 0 "$RUNS"); do fresh+=("bench_${N}_svc$r"); done
  service_noops "$WORK/server-$N.yaml" "bench_${N}_1" "svc-server-$N" "$N" "${fresh[@]}"
  S_SVC_API=$SVC_API S_SVC_RT=$SVC_RT S_FULL=$SVC_FULL
  log "N=$N full load, warm service: median ${SVC_FULL}s, service CPU ${SVC_FULL_CPU}s (\\copy ${C_WALL}s), service peak RSS ${SVC_FULL_RSS} MB"
  log "N=$N no-op (server filter), warm service: median ${SVC_API}s (round trip ${SVC_RT}s), service peak RSS ${SVC_RSS_MB} MB"
  service_noops "$WORK/client-$N.yaml" "bench_${N}_client" "svc-client-$N"
  C_SVC_API=$SVC_API C_SVC_RT=$SVC_RT
  log "N=$N no-op (client filter), warm service: median ${SVC_API}s (round trip ${SVC_RT}s), service peak RSS ${SVC_RSS_MB} MB"
  log "N=$N: simulator CPU from the warm-up to here (all runs of N): $(awk -v a="$SIM_CPU0" -v b="$(sim_cpu)" 'BEGIN { printf "%.2f", b - a }')s"

  RESULTS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s |' \
    "$N" "$CHILD_ROWS" "$L_WALL" "$L_START" "$L_LOAD" "$(rate "$ROOT_ROWS" "$L_WALL")" "$C_WALL" \
    "$(rate "$ROOT_ROWS" "$C_WALL")" "$(awk -v a="$L_WALL" -v b="$C_WALL" 'BEGIN { printf "%.2f", a / b }')" \
    "$S_FULL" "$(awk -v a="$S_FULL" -v b="$C_WALL" 'BEGIN { if (a + 0 > 0) printf "%.2f", a / b; else print "-" }')" \
    "$L_RSS" "$(median "${swalls[@]}")" "$(median "${sloads[@]}")" \
    "$(median "${cwalls2[@]}")" "$(median "${cloads[@]}")" \
    "$S_SVC_API" "$S_SVC_RT" "$C_SVC_API" "$C_SVC_RT")")
  psql_db -c "DROP SCHEMA IF EXISTS bench_${N}_2, bench_${N}_3, copy_${N}_1, copy_${N}_2, copy_${N}_3 CASCADE" >/dev/null 2>&1 || true
  for d in "${fresh[@]}"; do psql_db -c "DROP SCHEMA IF EXISTS $d CASCADE" >/dev/null 2>&1 || true; done
done

echo
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git rev-parse --short HEAD)  cores: $(nproc)" \
  " memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB  load average: $(cut -d' ' -f1-3 /proc/loadavg)" \
  " java: $(java -version 2>&1 | head -n 1)  postgres: $(psql -X -tA -d postgres -c 'SHOW server_version')"
echo "warm service: one service per filter variant, $((RUNS + 1)) manual loads via POST /loads, the first a warm-up;" \
  " full loads: the server-filter service loads $((RUNS + 1)) fresh tenants/datasets after its no-ops, the first a warm-up;" \
  " load = the package's finishedAt - startedAt, round trip = POST to final status seen (polls every 20 ms, after 0.5 s every 100 ms)"
echo "runs per figure: $RUNS (median; RSS: maximum)  loader: extracted jar + CDS archive, JAVA_TOOL_OPTIONS=$TOOL_OPTIONS," \
  " -XX:MaxRAM=$MEMORY_LIMIT, extra options: ${BENCH_JAVA_OPTS:-(none)}"
echo
echo "| N root rows | child rows | loader wall s | of it start-up s | load s | loader root rows/s | \\copy wall s | \\copy root rows/s | loader / \\copy | full load, warm service s | warm service / \\copy | loader peak RSS MB | no-op server filter wall / load s | no-op client filter wall / load s | no-op server filter, warm service: load / round trip s | no-op client filter, warm service: load / round trip s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${RESULTS[@]}"
