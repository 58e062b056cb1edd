#!/usr/bin/env bash
# End to end with the real Prometheus: given a feedpipe already serving metrics on 127.0.0.1:PORT,
# run Debian's `prometheus` with the project's own docker/prometheus/prometheus.yml and alerts.yml
# (the feedpipe target rewritten to 127.0.0.1:PORT, 1 s scrape and evaluation intervals, its own
# free port on 127.0.0.1, a temporary storage directory) and assert through its HTTP API that:
#   1. the feedpipe target is up and feedpipe_ series were scraped,
#   2. the published-stories counter feedpipe_published_records_total{topic="stories"} is above 0,
#   3. every alert rule loaded and every query of the Grafana dashboard parses.
# Prometheus is always killed on exit, whatever happened.
#
# Usage: .ci/checks/prometheus-e2e.sh PORT        (or 127.0.0.1:PORT)
# Env:   E2E_TIMEOUT_SECONDS (default 120): how long to wait for the scrape and for stories.
# Needs: apt-get install -y --no-install-recommends prometheus   (and python3, which Debian has)
set -euo pipefail
cd "$(dirname "$0")/../.."

target="${1:?usage: $0 PORT (feedpipe serving metrics on 127.0.0.1:PORT)}"
target="${target#127.0.0.1:}"
if ! [[ "$target" =~ ^[0-9]+$ ]]; then
  echo "prometheus-e2e: PORT must be a number or 127.0.0.1:PORT, was '$1'" >&2
  exit 2
fi
feedpipe="127.0.0.1:$target"
timeout_s="${E2E_TIMEOUT_SECONDS:-120}"
python=/usr/bin/python3
[ -x "$python" ] || python=python3
command -v prometheus >/dev/null || { echo "prometheus-e2e: needs prometheus: apt-get install -y --no-install-recommends prometheus" >&2; exit 2; }

work="$(mktemp -d)"
prom_pid=""
cleanup() {
  if [ -n "$prom_pid" ] && kill -0 "$prom_pid" 2>/dev/null; then
    kill "$prom_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$prom_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$prom_pid" 2>/dev/null || true
    wait "$prom_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "prometheus-e2e: FAIL: $*" >&2
  if [ -n "${prom:-}" ]; then
    echo "--- feedpipe target as Prometheus sees it:" >&2
    api_get "/api/v1/targets?state=active" | "$python" -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
if not targets:
    print("  no active targets yet (Prometheus applies discovered targets every 5 s)")
for t in targets:
    print("  job %s %s: health=%s lastError=%r" % (t["labels"].get("job"), t["scrapeUrl"], t["health"], t["lastError"]))
' >&2 || true
  fi
  echo "--- last lines of the prometheus log:" >&2
  tail -n 5 "$work/prometheus.log" >&2 || true
  exit 1
}

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# GET from Prometheus' API; prints the body, fails on a transport error or a non-2xx answer.
api_get() {
  "$python" - "http://$prom$1" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
    sys.stdout.write(r.read().decode())
PY
}

# Prints the scalar result of an instant PromQL query (sum of all series, or "none" when empty).
query() {
  "$python" - "http://$prom/api/v1/query" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": sys.argv[2]})
with urllib.request.urlopen(url, timeout=5) as r:
    result = json.load(r)["data"]["result"]
print(sum(float(s["value"][1]) for s in result) if result else "none")
PY
}

# 1. The project's config, rewritten for this machine.
cp docker/prometheus/alerts.yml "$work/"
port="$(free_port)"
prom="127.0.0.1:$port"
"$python" - docker/prometheus/prometheus.yml "$work/prometheus.yml" "$feedpipe" "$prom" <<'PY'
import sys, yaml
source, dest, feedpipe, prom = sys.argv[1:]
config = yaml.safe_load(open(source))
config.setdefault("global", {}).update({"scrape_interval": "1s", "evaluation_interval": "1s"})
jobs = {job["job_name"]: job for job in config["scrape_configs"]}
if "feedpipe" not in jobs:
    sys.exit(f"{source} has no scrape job named feedpipe")
jobs["feedpipe"]["static_configs"] = [{"targets": [feedpipe]}]
if "prometheus" in jobs:
    jobs["prometheus"]["static_configs"] = [{"targets": [prom]}]
yaml.safe_dump(config, open(dest, "w"), sort_keys=False)
PY
echo "prometheus-e2e: scraping feedpipe at $feedpipe$(sed -n 's/^ *metrics_path: *//p' docker/prometheus/prometheus.yml | head -1) with prometheus on $prom"

# 2. Prometheus, in the background, logging to a file.
prometheus \
  --config.file="$work/prometheus.yml" \
  --storage.tsdb.path="$work/data" \
  --web.listen-address="$prom" \
  >"$work/prometheus.log" 2>&1 &
prom_pid=$!

# 3. Poll (bounded) until Prometheus is ready, then until it scraped feedpipe_ series and stories.
deadline=$((SECONDS + timeout_s))
until api_get /-/ready >/dev/null 2>&1; do
  kill -0 "$prom_pid" 2>/dev/null || fail "prometheus exited at start"
  [ "$SECONDS" -lt "$deadline" ] || fail "prometheus not ready on $prom after ${timeout_s}s"
  sleep 0.5
done

series="none"
until [ "$series" != "none" ] && [ "${series%.*}" -gt 0 ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "no feedpipe_ series scraped from $feedpipe within ${timeout_s}s"
  sleep 0.5
  series="$(query 'count({__name__=~"feedpipe_.+", job="feedpipe"})' || echo none)"
done
up="$(query 'up{job="feedpipe"}')"
[ "$up" = "1.0" ] || fail "the feedpipe target is not up (up=$up)"
echo "prometheus-e2e: ok - $series feedpipe_ series scraped, target up"

stories="none"
until [ "$stories" != "none" ] && "$python" -c "import sys; sys.exit(0 if float('$stories') > 0 else 1)"; do
  [ "$SECONDS" -lt "$deadline" ] || fail "feedpipe_published_records_total{topic=\"stories\"} did not rise above 0 within ${timeout_s}s (last value: $stories)"
  sleep 0.5
  stories="$(query 'feedpipe_published_records_total{job="feedpipe", topic="stories"}' || echo none)"
done
echo "prometheus-e2e: ok - feedpipe_published_records_total{topic=\"stories\"} = $stories"

# 4. The alert rules loaded in the real Prometheus, and every dashboard query parses there.
rules="$(api_get /api/v1/rules | "$python" -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
bad = [r["name"] for g in groups for r in g["rules"] if r.get("health") == "err"]
if bad:
    sys.exit("rules evaluating with errors: " + ", ".join(bad))
print(sum(len(g["rules"]) for g in groups))
')" || fail "alert rules: $rules"
[ "${rules:-0}" -gt 0 ] || fail "no alert rules loaded from alerts.yml"
echo "prometheus-e2e: ok - $rules alert rules loaded"

"$python" - "http://$prom/api/v1/query" docker/grafana/dashboards/feedpipe.json <<'PY' || fail "a dashboard query does not parse"
import json, sys, urllib.error, urllib.parse, urllib.request
url, path = sys.argv[1:]
exprs = []
def walk(node):
    if isinstance(node, dict):
        if isinstance(node.get("expr"), str):
            exprs.append(node["expr"])
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(json.load(open(path)))
for expr in exprs:
    q = expr.replace("$__rate_interval", "1m")
    try:
        urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": q}), timeout=5).read()
    except urllib.error.HTTPError as e:
        sys.exit(f"{expr}: {e.read().decode()}")
print(f"prometheus-e2e: ok - {len(exprs)} dashboard queries parse")
PY

echo "prometheus-e2e: 4 passed, 0 failed"
