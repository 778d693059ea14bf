#!/usr/bin/env python3
"""Manual loads of one tenant through a running loader service's HTTP API (used by bench/run.sh).

  service_loads.py BASE_URL TOKEN TENANT COUNT [ROOT_TABLE=ROWS]

Starts COUNT loads one after another with POST /loads, polls GET /loads/{id} until the package is
final (every 20 ms for the first 0.5 s, then every 100 ms: each poll costs the service a request's
CPU, which a full load on two cores would otherwise share with 50 polls a second), and fails (exit 1, the package on stderr) unless it ended `loaded` with 0 rows
(no-op re-runs) or, given ROOT_TABLE=ROWS (full loads), with ROWS rows in ROOT_TABLE.
Prints one line per load: "<API seconds> <round-trip seconds> <load id>", where the API seconds are
finishedAt - startedAt of the package (the service's own timestamps) and the round trip is from
sending the (accepted) POST to seeing the final status (includes up to one poll interval).
A package is final before the load has released the tenant's lock, so the next POST may get 409
"already loading" for a moment: it is retried every 10 ms (for up to 60 s).
"""
import json
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

POLL_S = 0.02
SLOW_POLL_S = 0.1
FAST_POLL_FOR_S = 0.5
TIMEOUT_S = 600


def call(method, url, token, body=None, allow=()):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        if e.code in allow:
            return e.code, None
        sys.exit(f"{method} {url}: HTTP {e.code}: {e.read().decode(errors='replace')}")


def instant(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def main():
    base, token, tenant, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    expect_table, expect_rows = (sys.argv[5].split("=") + [None])[:2] if len(sys.argv) > 5 else (None, None)
    for _ in range(count):
        deadline = time.monotonic() + 60
        while True:
            t0 = time.monotonic()
            status, pkg = call("POST", base + "/loads", token, {"tenant": tenant}, allow=(409,))
            if status != 409 or t0 > deadline:
                break
            time.sleep(0.01)
        if status != 202:
            sys.exit(f"POST /loads for {tenant}: HTTP {status}, expected 202: {pkg}")
        load_id = pkg["loadId"]
        while pkg.get("status") not in ("loaded", "failed", "aborted"):
            if time.monotonic() - t0 > TIMEOUT_S:
                sys.exit(f"load {load_id} of {tenant} not final after {TIMEOUT_S} s: {pkg}")
            time.sleep(POLL_S if time.monotonic() - t0 < FAST_POLL_FOR_S else SLOW_POLL_S)
            _, pkg = call("GET", base + "/loads/" + load_id, token)
        round_trip = time.monotonic() - t0
        if expect_table is None:
            ok, wanted = pkg.get("rows") == 0, "0 rows"
        else:
            loaded = {t["table"]: t["rows"] for t in pkg.get("tables") or []}
            ok, wanted = loaded.get(expect_table) == int(expect_rows), f"{expect_rows} rows in {expect_table}"
        if pkg["status"] != "loaded" or not ok:
            sys.exit(f"load {load_id} of {tenant}: expected status loaded with {wanted}, got "
                     + json.dumps(pkg))
        if pkg.get("startedAt") and pkg.get("finishedAt"):
            api_s = (instant(pkg["finishedAt"]) - instant(pkg["startedAt"])).total_seconds()
        else:
            api_s = pkg["durationSeconds"]
        print(f"{api_s:.3f} {round_trip:.3f} {load_id}", flush=True)


if __name__ == "__main__":
    main()
