"""Packaging: the package under test is the abi3 wheel installed with pip (not the source
tree), its metadata names numpy as the only runtime dependency and the extras, and
``pip install ./python`` from the checkout builds and works in a fresh venv."""

import importlib.metadata
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import tournee
from tournee import _tournee

REPO = Path(__file__).resolve().parents[2]


def installed_as_a_wheel() -> bool:
    return "site-packages" in Path(tournee.__file__).resolve().parts


def test_the_package_is_the_installed_abi3_wheel():
    if not installed_as_a_wheel():
        assert "TOURNEE_WHEEL" not in os.environ, "scripts/test.sh installed a wheel, yet the source is imported"
        pytest.skip(f"tournee is imported from {tournee.__file__} (maturin develop), not a wheel")
    assert Path(_tournee.__file__).name == "_tournee.abi3.so"
    meta = importlib.metadata.metadata("tournee")
    assert meta["Requires-Python"] == ">=3.9"
    requires = meta.get_all("Requires-Dist") or []
    runtime = [r for r in requires if "extra ==" not in r]
    assert runtime == ["numpy"]
    extras = set(meta.get_all("Provides-Extra") or [])
    assert {"pandas", "folium", "matplotlib", "dask", "all"} <= extras
    wheel = os.environ.get("TOURNEE_WHEEL")
    if wheel:
        assert "-cp39-abi3-" in Path(wheel).name
        with zipfile.ZipFile(wheel) as z:
            names = z.namelist()
        assert "tournee/_tournee.abi3.so" in names and "tournee/py.typed" in names
        assert "tournee/_tournee.pyi" in names
        assert not [n for n in names if n.endswith(".so") and "abi3" not in n]


@pytest.mark.skipif(
    os.environ.get("TOURNEE_WHEEL") is None and os.environ.get("TOURNEE_PIP_SOURCE") is None,
    reason="run by scripts/test.sh (TOURNEE_WHEEL set), or set TOURNEE_PIP_SOURCE=1",
)
def test_pip_install_of_the_source_folder_works_in_a_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    r = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(REPO / "python")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    smoke = (
        "import tournee, pathlib;"
        "p = tournee.plan(tournee.default_day(), iterations=200, threads=1);"
        "print(pathlib.Path(tournee._tournee.__file__).name, p.totals['served'], p.feasible)"
    )
    r = subprocess.run([str(python), "-c", smoke], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    name, served, feasible = r.stdout.split()
    assert name == "_tournee.abi3.so" and int(served) > 0 and feasible == "True"
    # numpy came as the dependency; pandas is an extra, not pulled in
    r = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('pandas') is None)"],
        capture_output=True, text=True,
    )
    assert r.stdout.strip() == "True"
