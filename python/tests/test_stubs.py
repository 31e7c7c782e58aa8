"""The type stubs (``tournee/_tournee.pyi``) match the extension: mypy's stubtest, when mypy is
installed (``scripts/test.sh`` installs it)."""

import subprocess
import sys

import pytest


def test_stubs_match_the_extension(tmp_path):
    pytest.importorskip("mypy.stubtest", reason="mypy is not installed")
    # Run in a scratch folder: mypy writes its cache into the working directory.
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "tournee._tournee"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
