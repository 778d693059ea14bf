#!/usr/bin/env bash
# The fleet benchmark:  bench/fleet.sh [TENANTS] [REPLICAS] [FIXED_DELAY] [DURATION]
#                       (defaults: 50 2 PT60S 600 — seconds of the measured run)
#
# Many small tenants on several replicas of the service, as an operator runs them: one simulator
# with TENANTS generated tenants (20 flows, 400 states, 3,000 audit events, 40 users each; live
# changes on), REPLICAS services sharing one database, every tenant on a fixed-delay schedule, all
# started together and left alone for DURATION seconds. Then, from the load packages, the
# replicas' scrapes and /proc:
#   - first success: seconds from start to each tenant's first loaded package (max, median)
#   - largest gap between two successes of a tenant after its first (and up to the end)
#   - slots loaded twice: consecutive scheduled loads of a tenant started less than 0.8 x the delay
#     apart (replicas both loading one slot)
#   - skips (flowloader_schedule_skipped_total, all replicas), loads, failed loads
#   - CPU seconds per replica and for PostgreSQL (postmaster's reaped children plus live backends)
#   - catalog rows per load: pg_class and pg_attribute insertions in the bench database / loads
#   - scrape size of one replica's /actuator/prometheus
#   - per minute: loads finished, PostgreSQL CPU and pg_class insertions per load (flat in a soak?)
# Environment: PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres, trust auth), FLEET_MAX_LOADS
# (max-concurrent-loads per replica; default: the service's default), FLEET_RPS (the per-key rate
# limit, default the service's), FLEET_JAVA_OPTS, BENCH_KEEP_WORK=1 keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS=${1:-50}
REPLICAS=${2:-2}
DELAY=${3:-PT60S}
DURATION=${4:-600}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=flowloader_fleet_$$
WORK=$(mktemp -d /tmp/flowloader-fleet.XXXXXX)
TOKEN=fleet-token-$$
PIDS=()
SIM_PID=

log() { printf '%s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
pg_cpu() {
  # The postmaster's reaped children (cutime + cstime) plus every live child's own time.
  local pm
  pm=$(head -n 1 "$(psql -X -Atqd postgres -c 'show data_directory')/postmaster.pid")
  awk -v hz="$(getconf CLK_TCK)" -v pm="$pm" '
    FILENAME == "/proc/" pm "/stat" { total += $16 + $17; next }
    $4 == pm { total += $14 + $15 }
    END { printf "%.2f", total / hz }' /proc/[0-9]*/stat 2>/dev/null || true # processes come and go
}

cleanup() {
  for pid in "${PIDS[@]}" $SIM_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}" $SIM_PID; do wait "$pid" 2>/dev/null || true; done
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then log "work files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

JAR=$(ls target/boomi-flow-loader-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$JAR" ]; then
  log "building the jar"; ./mvnw -B -q package -DskipTests
  JAR=$(ls target/boomi-flow-loader-*.jar | grep -v -- '-plain' | head -n 1)
fi
psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

# --- configuration: the simulator's tenants and the loader's, generated --------------------------
python3 - "$TENANTS" "$WORK" "$DELAY" <<'PY'
import sys, uuid
n, work, delay = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sim = ["simulator:", "  mutation:", "    enabled: true", "  tenants:"]
loader = ["flowloader:", "  tenants:"]
for i in range(1, n + 1):
    name = f"t{i:04d}"
    tid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"fleet/{name}"))
    key = f"fleet-key-{i:022d}"
    sim += [f"    {name}:", f"      id: {tid}", f"      api-key: {key}", "      flows: 20",
            "      states: 400", "      audit-events: 3000", "      users: 40"]
    loader += [f"    - name: {name}", f"      tenant-id: {tid}", f"      api-key: {key}",
               "      base-url: ${FLEET_SIM_URL}", f"      dataset: {name}_data",
               f"      schedule: {{ fixed-delay: {delay} }}"]
open(f"{work}/simulator.yaml", "w").write("\n".join(sim) + "\n")
open(f"{work}/loader.yaml", "w").write("\n".join(loader) + "\n")
PY

SIM_PORT=$(free_port)
java -Xmx2g -jar "$JAR" --spring.profiles.active=simulator --server.port="$SIM_PORT" \
  --spring.config.additional-location="file:$WORK/simulator.yaml" >"$WORK/simulator.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$SIM_PORT/__sim/status" && break
  kill -0 "$SIM_PID" 2>/dev/null || { tail -n 40 "$WORK/simulator.log" >&2; exit 1; }
  sleep 0.5
done

# --- the replicas ---------------------------------------------------------------------------------
extra=()
if [ -n "${FLEET_MAX_LOADS:-}" ]; then extra+=("--flowloader.max-concurrent-loads=$FLEET_MAX_LOADS"); fi
if [ -n "${FLEET_RPS:-}" ]; then extra+=("--flowloader.http.requests-per-second=$FLEET_RPS"); fi
MGMT=()
pg0=$(pg_cpu)
ins0=$(psql -X -Atqd "$DB" -c "select coalesce(sum(n_tup_ins), 0) from pg_stat_sys_tables where relname in ('pg_class', 'pg_attribute')" || echo 0)
for r in $(seq 1 "$REPLICAS"); do
  http=$(free_port); mgmt=$(free_port)
  MGMT+=("$mgmt")
  # shellcheck disable=SC2086
  FLEET_SIM_URL="http://127.0.0.1:$SIM_PORT" FLOWLOADER_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
    FLOWLOADER_DB_USER="$PGUSER" FLOWLOADER_API_TOKENS="$TOKEN" \
    java ${FLEET_JAVA_OPTS:-} -jar "$JAR" --server.port="$http" --management.server.port="$mgmt" \
    --spring.config.additional-location="file:$WORK/loader.yaml" "${extra[@]}" \
    >"$WORK/replica-$r.log" 2>&1 &
  PIDS+=($!)
done
# The clock starts when every replica answers its readiness probe (start-up time is the host's).
for r in $(seq 1 "$REPLICAS"); do
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:${MGMT[$((r - 1))]}/actuator/health/readiness" && break
    kill -0 "${PIDS[$((r - 1))]}" 2>/dev/null || { tail -n 40 "$WORK/replica-$r.log" >&2; exit 1; }
    sleep 0.5
  done
done
START=$(date +%s.%N)
log "fleet: $TENANTS tenants x $REPLICAS replicas, fixed delay $DELAY, running ${DURATION}s (logs in $WORK)"
# Every minute: loads finished, PostgreSQL CPU and pg_class insertions in that minute, so that a
# soak shows whether PostgreSQL's work per load stays flat as catalog rows would pile up.
class_ins() { psql -X -Atqd "$DB" -c "select coalesce(sum(n_tup_ins), 0) from pg_stat_sys_tables where relname = 'pg_class'" 2>/dev/null || echo 0; }
finished() { psql -X -Atqd "$DB" -c "select count(*) from flowloader.load_package where finished_at is not null" 2>/dev/null || echo 0; }
: >"$WORK/minutes.tsv"
elapsed=0; m_cpu=$(pg_cpu); m_cls=$(class_ins); m_done=$(finished)
while [ "$elapsed" -lt "$DURATION" ]; do
  step=$(( DURATION - elapsed < 60 ? DURATION - elapsed : 60 ))
  sleep "$step"; elapsed=$(( elapsed + step ))
  n_cpu=$(pg_cpu); n_cls=$(class_ins); n_done=$(finished)
  printf '%s\t%s\t%s\t%s\n' "$elapsed" "$(( n_done - m_done ))" \
    "$(awk -v a="$m_cpu" -v b="$n_cpu" 'BEGIN { printf "%.2f", b - a }')" "$(( n_cls - m_cls ))" >>"$WORK/minutes.tsv"
  m_cpu=$n_cpu; m_cls=$n_cls; m_done=$n_done
done
END=$(date +%s.%N)

cpus=()
for pid in "${PIDS[@]}"; do
  kill -0 "$pid" 2>/dev/null || { log "a replica died:"; tail -n 40 "$WORK"/replica-*.log >&2; exit 1; }
  cpus+=("$(cpu_of "$pid")")
done
pg1=$(pg_cpu)
scrape_bytes=$( (curl -sf "http://127.0.0.1:${MGMT[0]}/actuator/prometheus" || true) | wc -c)
skipped=0
for m in "${MGMT[@]}"; do
  s=$( (curl -sf "http://127.0.0.1:$m/actuator/prometheus" || true) | awk '/^flowloader_schedule_skipped_total/ { s += $2 } END { print s + 0 }')
  skipped=$(awk -v a="$skipped" -v b="$s" 'BEGIN { print a + b }')
done
sleep 2 # statistics reach pg_stat_* within a second
ins1=$(psql -X -Atqd "$DB" -c "select coalesce(sum(n_tup_ins), 0) from pg_stat_sys_tables where relname in ('pg_class', 'pg_attribute')")
classins=$(psql -X -Atqd "$DB" -c "select n_tup_ins from pg_stat_sys_tables where relname = 'pg_class'")

psql -X -Atq -F $'\t' -d "$DB" -c "
  select tenant, trigger, status, extract(epoch from started_at), extract(epoch from coalesce(finished_at, now()))
  from flowloader.load_package order by tenant, started_at" >"$WORK/packages.tsv"

python3 - "$WORK/packages.tsv" "$START" "$END" "$DELAY" "$TENANTS" <<PY
import sys, statistics, re
from collections import defaultdict
path, start, end, delay, tenants = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
m = re.fullmatch(r"PT(?:(\d+)M)?(?:(\d+)S)?", delay)
seconds = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
by = defaultdict(list)
for line in open(path):
    t, trig, status, s, f = line.rstrip("\n").split("\t")
    by[t].append((trig, status, float(s), float(f)))
loads = sum(len(v) for v in by.values())
failed = sum(1 for v in by.values() for x in v if x[1] == "failed")
first, gaps, twice = [], [], 0
for t, v in by.items():
    ok = [f for _, st, _, f in v if st == "loaded"]
    if ok:
        first.append(ok[0] - start)
        marks = ok + [end]
        gaps.append(max(b - a for a, b in zip(marks, marks[1:])) if len(marks) > 1 else 0)
    starts = [s for trig, _, s, _ in v if trig == "schedule"]
    twice += sum(1 for a, b in zip(starts, starts[1:]) if b - a < 0.8 * seconds)
never = tenants - len(first)
print(f"loads: {loads} (failed {failed}); tenants never loaded: {never}")
if first:
    print(f"first success after start: median {statistics.median(first):.0f} s, max {max(first):.0f} s, "
          f"over 150 s: {sum(1 for x in first if x > 150)}")
    print(f"largest gap between successes: median {statistics.median(gaps):.0f} s, max {max(gaps):.0f} s, "
          f"tenants with a gap over 90 s: {sum(1 for g in gaps if g > 90)}")
print(f"slots loaded twice: {twice}")
open(path + ".loads", "w").write(str(loads))
PY
loads=$(cat "$WORK/packages.tsv.loads")
echo "schedule skips (all replicas): $skipped"
echo "CPU seconds per replica: ${cpus[*]}; PostgreSQL: $(awk -v a="$pg0" -v b="$pg1" 'BEGIN { printf "%.1f", b - a }')"
awk -v a="$pg0" -v b="$pg1" -v n="$loads" 'BEGIN { if (n > 0) printf "PostgreSQL CPU per load: %.3f s\n", (b - a) / n }'
awk -v a="$ins0" -v b="$ins1" -v c="$classins" -v n="$loads" 'BEGIN { if (n > 0) printf "catalog rows per load: pg_class %.1f, pg_class+pg_attribute %.1f\n", c / n, (b - a) / n }'
echo "scrape size (one replica): $scrape_bytes bytes"
if [ "$(psql -X -Atqd postgres -c 'show autovacuum' 2>/dev/null)" = off ]; then
  echo "note: this server runs with autovacuum = off: dead rows pile up and PostgreSQL's CPU per load creeps in a long run"
fi
echo "per minute (the first minutes hold every tenant's first load, which creates its tables):"
awk -F '\t' 'BEGIN { printf "  %6s %6s %14s %16s\n", "second", "loads", "PG CPU/load", "pg_class/load" }
  { printf "  %6d %6d %14s %16s\n", $1, $2, ($2 > 0 ? sprintf("%.3f s", $3 / $2) : "-"), ($2 > 0 ? sprintf("%.1f", $4 / $2) : "-") }' "$WORK/minutes.tsv"
