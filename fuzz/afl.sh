#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader with AFL++ (stable toolchain, `cargo afl`).
#
#   bash fuzz/afl.sh [SECONDS [TARGET...]]
#   bash fuzz/afl.sh --build-only
#
# Installs cargo-afl and builds AFL++ when missing, builds the `fuzz-*` targets in
# target/afl, then fuzzes each TARGET (default: all seven) for SECONDS (default 30: the CI
# smoke run), two at a time on two cores, from the seeds in fuzz/corpus/<target>/, into
# target/afl/out/<target>/. Prints per target the executions, edges covered, crashes and
# hangs, and fails when any target saved a crash or a hang (replay one with
# `cargo run -p tournee-fuzz --bin replay -- TARGET FILE`).
# --build-only stops after the build (CI builds while its tests run).
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
if [ "${1:-}" = --build-only ]; then build_only=1; shift; fi
secs=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pbf prepared day_json day_csv hhcrsp solomon matrix)

if ! cargo afl --version >/dev/null 2>&1; then
  echo "== installing cargo-afl"
  cargo install --locked --quiet cargo-afl --version 0.18.2
fi
if ! compgen -G "${XDG_DATA_HOME:-$HOME/.local/share}/afl.rs/rustc-*/afl.rs-*/afl/bin/afl-fuzz" >/dev/null; then
  echo "== building AFL++ (cargo afl config --build)"
  cargo afl config --build
fi
echo "== building the fuzz targets"
# No debug info and no LTO: the targets build and link faster (a crash is replayed with the
# replay binary, which has the debug info).
CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  cargo afl build --quiet --release -p tournee-fuzz --features afl --target-dir target/afl
[ $build_only = 0 ] || exit 0

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
mkdir -p target/afl/out
run() {
  local t=$1 out=target/afl/out/$1
  rm -rf "$out"
  cargo afl fuzz -i "fuzz/corpus/$t" -o "$out" -V "$secs" -t 5000 \
    "target/afl/release/fuzz-${t//_/-}" >"$out.log" 2>&1 || {
    echo "afl-fuzz failed for $t:"; tail -20 "$out.log"; return 1; }
}
failed=0
for ((k = 0; k < ${#targets[@]}; k += 2)); do
  pids=()
  for t in "${targets[@]:k:2}"; do run "$t" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
done
printf '%-10s %8s %12s %10s %8s %6s %6s\n' target seconds execs execs/s edges crash hang
for t in "${targets[@]}"; do
  s=target/afl/out/$t/default/fuzzer_stats
  [ -f "$s" ] || { echo "$t: no statistics"; failed=1; continue; }
  get() { awk -F' *: *' -v k="$1" '$1 == k {print $2}' "$s"; }
  printf '%-10s %8s %12s %10s %8s %6s %6s\n' "$t" "$(get run_time)" "$(get execs_done)" \
    "$(get execs_per_sec)" "$(get edges_found)/$(get total_edges)" "$(get saved_crashes)" "$(get saved_hangs)"
  if [ "$(get saved_crashes)" != 0 ] || [ "$(get saved_hangs)" != 0 ]; then
    echo "$t: crashes or hangs saved in target/afl/out/$t/default/{crashes,hangs}"
    failed=1
  fi
done
exit $failed
