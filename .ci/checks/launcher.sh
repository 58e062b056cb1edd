#!/usr/bin/env bash
# The launcher builds once after a change and then not again (#19): with the app built, touching a
# normalize source makes the next `./feedpipe --version` build (one progress line per module) and
# the one after it start at once. Maven's own output is not shown; a failed build ends with one
# line saying what to do.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "launcher: FAIL: $*" >&2; exit 1; }

./feedpipe --version >/dev/null 2>&1 || fail "./feedpipe --version failed"   # built and stamped
touch normalize/src/main/java/io/feedpipe/normalize/Normalizer.java
first="$(./feedpipe --version 2>&1)" || fail "./feedpipe --version failed after the touch: $first"
second="$(./feedpipe --version 2>&1)" || fail "./feedpipe --version failed: $second"
echo "$first" | grep -q "feedpipe: building" || fail "a touched normalize source did not rebuild: $first"
echo "$first" | grep -q "\] feedpipe normalize" || fail "no progress line for the normalize module: $first"
echo "$second" | grep -q "building" && fail "built again although nothing changed: $second"
[[ "$second" == "feedpipe "* ]] || fail "unexpected output: $second"
echo "launcher: a touched normalize source rebuilt once, then not again"
echo "launcher: 1 passed, 0 failed"
