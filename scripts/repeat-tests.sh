#!/usr/bin/env bash
# Runs the test binaries that touch the file system N times in a row (default 20), then pytest
# M times (default 5), and counts failures: the check that tests do not race on shared files.
#   bash scripts/repeat-tests.sh [N] [M]     (pytest needs the venv made by scripts/test.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"; m="${2:-5}"
export TOURNEE_REQUIRE_DATA="${TOURNEE_REQUIRE_DATA:-1}"
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
# "crate folder<TAB>test binary" for every test target of the three crates (cargo runs each
# binary from its crate's folder; the data tests find ../shared from there).
mapfile -t bins < <(cargo test -p tournee -p tournee-roads -p tournee-tests --no-run \
    --message-format=json 2>/dev/null | python3 -c '
import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])')
failures=0
for i in $(seq "$n"); do
    for entry in "${bins[@]}"; do
        dir="${entry%%$'\t'*}"; bin="${entry#*$'\t'}"
        if ! (cd "$dir" && "$bin" -q >"$log" 2>&1); then
            failures=$((failures + 1)); echo "run $i: $(basename "$bin") FAILED"; tail -20 "$log"
        fi
    done
    echo "rust run $i/$n: ${#bins[@]} binaries, failures so far $failures"
done
py="${TOURNEE_VENV:-target/test-venv}/bin/python"
if [ -x "$py" ]; then
    for i in $(seq "$m"); do
        "$py" -m pytest python/tests -q -p no:cacheprovider >"$log" 2>&1 \
            || { failures=$((failures + 1)); echo "pytest run $i FAILED"; tail -20 "$log"; }
        echo "pytest run $i/$m: $(tail -1 "$log")"
    done
else
    echo "no venv at $py: run bash scripts/test.sh first for the pytest runs"
fi
echo "failures: $failures"
[ "$failures" -eq 0 ]
