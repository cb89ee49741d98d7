"""The floor plan's layer contract (pyproject ``[tool.importlinter]``): kept by the tree, broken by an upward import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv*", ".git", "tests", "benchmarks", "*.egg-info", "__pycache__", "pairnet-demo",
                              "*.db", "docs", "build", ".ci")


def _lint(tmp_path: Path, inject: tuple[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the package, optionally with one line appended to one module."""
    pkg = tmp_path / "pairnet"
    shutil.copytree(ROOT, pkg, ignore=SKIP)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if inject:
        module, line = inject
        with open(pkg / module, "a", encoding="utf-8") as f:
            f.write(f"\n{line}\n")
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}  # the copy, not the installed tree
    return subprocess.run([str(lint), "--config", "pyproject.toml", "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_tree_keeps_the_layer_contract(tmp_path: Path) -> None:
    run = _lint(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize("module, line", [
    ("graph/core/schema.py", "from pairnet.graph import network  # the bottom layer reaching up"),
    ("queries/gaps.py", "from pairnet.loaders import read  # queries and loaders sideways"),
    ("graph/network.py", "from pairnet import commands  # graph reaching the commands layer"),
])
def test_an_upward_import_breaks_the_contract(tmp_path: Path, module: str, line: str) -> None:
    run = _lint(tmp_path, (module, line))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "BROKEN" in run.stdout
