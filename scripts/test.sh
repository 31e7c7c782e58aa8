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

echo "== Python package (maturin) + pytest"
VENV="${TOURNEE_VENV:-target/test-venv}"
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q "maturin>=1.5,<2" pytest numpy pandas pandas-stubs mypy
(cd python && VIRTUAL_ENV="$(cd .. && cd "$VENV" && pwd)" PATH="$(cd .. && cd "$VENV" && pwd)/bin:$PATH" \
    maturin develop --release --quiet)
"$VENV/bin/python" -m pytest python/tests -q -rs
