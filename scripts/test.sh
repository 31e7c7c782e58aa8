#!/usr/bin/env bash
# tournee's test command (README quick start, second command; CI runs it through .ci/run).
# Formatting, lints, API docs, every Rust test, then the Python package built into a fresh venv + pytest.
# Tests that need ../shared/data skip with a visible message when it is absent, and fail
# instead when TOURNEE_REQUIRE_DATA=1.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo doc (broken links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace --quiet
echo "== cargo test"
cargo test --workspace

echo "== Python wheel (maturin, abi3) installed with plain pip into a fresh venv, then pytest"
# maturin lives in a build venv of its own; the test venv gets only the wheel (with its extras)
# and the test tools, as a user's would. The example notebook runs in the test suite.
BUILD_VENV=target/build-venv
VENV="${TOURNEE_VENV:-target/test-venv}"
rm -rf "$BUILD_VENV" "$VENV" target/wheels
python3 -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/python" -m pip install -q --upgrade pip
"$BUILD_VENV/bin/python" -m pip install -q "maturin>=1.7,<2"
"$BUILD_VENV/bin/maturin" build --release --quiet -m python/Cargo.toml -o target/wheels
WHEEL="$(ls target/wheels/tournee-*-cp39-abi3-*.whl)"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q "${WHEEL}[all,test]"
TOURNEE_WHEEL="$PWD/$WHEEL" "$VENV/bin/python" -m pytest python/tests -q -rs
