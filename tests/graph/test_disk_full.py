"""A full disk (a real small tmpfs): outputs leave no partial file and say "disk full"; loads say it too."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pairnet.graph.core.atomic import OutputError, write_bytes
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from pairnet.graph.store import StoreError
from pairnet.loaders.generate import generate


def small_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        message = "cannot mount a small tmpfs here (needs root)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI runs as root: a skip there would hide the disk-full tests
        pytest.skip(message)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    yield from small_disk(tmp_path / f"small-{uuid.uuid4().hex[:6]}", "1m")


def test_output_on_a_full_disk_leaves_the_old_file_and_no_part(disk: Path) -> None:
    target = disk / "gaps.csv"
    write_bytes(target, b"old,content\n")
    with pytest.raises(OutputError, match="the disk is full; nothing was written"):
        write_bytes(target, b"x" * (2 << 20))
    assert target.read_bytes() == b"old,content\n"
    assert sorted(p.name for p in disk.iterdir()) == ["gaps.csv"]


def test_cli_output_on_a_full_disk_is_one_message(disk: Path) -> None:
    code = ("from pairnet.graph.core.result import Result\nfrom pairnet.graph.core.writers import write_result\n"
            "import sys\nfrom pairnet.graph.core.errors import PairnetError\n"
            "try:\n    write_result(Result({'rows': ['x' * 1000] * 3000}), fmt='json', out=sys.argv[1])\n"
            "except PairnetError as e:\n    print('Error:', e, file=sys.stderr); sys.exit(2)\n")
    run = subprocess.run([sys.executable, "-c", code, str(disk / "out.json")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "the disk is full" in run.stderr and "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert list(disk.iterdir()) == []


def test_load_on_a_full_disk_says_so_and_keeps_the_store(tmp_path: Path, tiny_network: PairingNetwork) -> None:
    for where in small_disk(tmp_path / "db-disk", "24m"):
        path = where / "pairnet.db"
        with EmbeddedStore(path) as store:
            store.write(tiny_network)
        big = generate("ziyang", scale=0.6, seed=1).network
        with EmbeddedStore(path) as store, pytest.raises(StoreError) as failure:
            store.write(big)
        assert "disk is full" in str(failure.value) and "nothing was changed" in str(failure.value)
        with EmbeddedStore(path) as store:
            assert store.read().differences(tiny_network) == []
