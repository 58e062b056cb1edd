#!/usr/bin/env bash
# Checks the deployment files without a Docker engine:
#   - Prometheus config and alert rules (promtool check config / check rules / test rules),
#   - the compose file, with and without the grafana profile (Debian's docker-compose validates
#     a compose file without talking to an engine),
#   - every file the compose file mounts or builds from, and every file the Dockerfile copies, exists,
#   - the Grafana dashboard is JSON and uses the provisioned datasource,
#   - the container health probe parses,
#   - the Dockerfile with hadolint, when hadolint is installed.
# Needs: apt-get install -y --no-install-recommends prometheus docker-compose
# Usage: .ci/checks/deploy.sh   (from anywhere; exits non-zero if any check failed)
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
check() {
  local name="$1"
  shift
  local out
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    echo "ok   - $name"
  else
    failed=$((failed + 1))
    echo "FAIL - $name"
    printf '%s\n' "$out" | sed 's/^/       /'
  fi
}

# Debian's python3 has PyYAML (a dependency of docker-compose); a python3 earlier on PATH may not.
python=/usr/bin/python3
[ -x "$python" ] || python=python3

for tool in promtool docker-compose "$python"; do
  if ! command -v "$tool" >/dev/null; then
    echo "deploy checks need $tool: apt-get install -y --no-install-recommends prometheus docker-compose" >&2
    exit 2
  fi
done

compose=(docker-compose -f docker/compose.yaml)

check "promtool check config docker/prometheus/prometheus.yml" promtool check config docker/prometheus/prometheus.yml
check "promtool check rules docker/prometheus/alerts.yml" promtool check rules docker/prometheus/alerts.yml
check "promtool test rules docker/prometheus/alerts_test.yml" promtool test rules docker/prometheus/alerts_test.yml
check "docker-compose config (default services)" "${compose[@]}" config -q
check "docker-compose config (--profile grafana)" "${compose[@]}" --profile grafana config -q

# Every bind-mounted path, build context and Dockerfile in the resolved config (all profiles), and
# every local source the Dockerfile COPYs (relative to its build context).
files_exist() {
  "${compose[@]}" --profile grafana config | "$python" -c '
import os, re, sys, yaml
config = yaml.safe_load(sys.stdin)
missing, seen = [], 0
def need(path, why):
    global seen
    seen += 1
    if not os.path.exists(path):
        missing.append(f"{path} ({why})")
for name, service in config.get("services", {}).items():
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            if volume.get("type") == "bind":
                need(volume["source"], f"mounted by service {name}")
        else:
            source = volume.split(":")[0]
            if source.startswith(("/", ".", "~")):
                need(os.path.expanduser(source), f"mounted by service {name}")
    build = service.get("build")
    if build:
        context = build if isinstance(build, str) else build.get("context", ".")
        need(context, f"build context of service {name}")
        dockerfile = os.path.join(context, "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile"))
        need(dockerfile, f"Dockerfile of service {name}")
        if os.path.exists(dockerfile):
            lines = [l for l in open(dockerfile).read().splitlines() if not l.lstrip().startswith("#")]
            for instruction in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines():
                words = instruction.split()
                if not words or words[0].upper() not in ("COPY", "ADD"):
                    continue
                if any(w.startswith("--from") for w in words[1:]):
                    continue
                args = [w for w in words[1:] if not w.startswith("--")]
                for source in args[:-1]:
                    need(os.path.join(context, source), f"copied by {dockerfile}")
print(f"{seen} paths checked")
if missing:
    print("missing: " + ", ".join(missing))
    sys.exit(1)
'
}
check "every file compose mounts or builds from exists" files_exist

dashboard_ok() {
  "$python" - <<'PY'
import json, yaml
uid = yaml.safe_load(open("docker/grafana/provisioning/datasources/prometheus.yml"))["datasources"][0]["uid"]
dashboard = json.load(open("docker/grafana/dashboards/feedpipe.json"))
bad = []
def walk(node):
    if isinstance(node, dict):
        ds = node.get("datasource")
        if isinstance(ds, dict) and ds.get("uid") != uid:
            bad.append(ds)
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(dashboard)
if bad:
    raise SystemExit(f"panels use datasources other than the provisioned uid {uid!r}: {bad}")
print(f"{len(dashboard['panels'])} panels on datasource {uid!r}")
PY
}
check "Grafana dashboard is JSON on the provisioned datasource" dashboard_ok
check "container health probe parses (bash -n docker/healthcheck.sh)" bash -n docker/healthcheck.sh

if command -v hadolint >/dev/null; then
  check "hadolint docker/Dockerfile" hadolint docker/Dockerfile
else
  # Not in Debian bookworm (apt-cache policy hadolint: no candidate), and CI installs nothing
  # from outside the package registries; the Dockerfile is reviewed against the image docs instead.
  echo "skip - hadolint docker/Dockerfile: hadolint is not packaged for this system"
fi

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
