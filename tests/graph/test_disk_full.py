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


def _needs_root(message: str) -> None:
    """Skip here; fail under CI, which runs as root: a skip there would hide the disk-full and device tests."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def small_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        _needs_root("cannot mount a small tmpfs here (needs root)")
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


PAIRNET = str(Path(sys.executable).with_name("pairnet"))


def _fill(disk: Path, leave: int) -> None:
    """Fill the small disk but ``leave`` bytes."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


@pytest.fixture(scope="module")
def county_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("county") / "pairnet.db"
    with EmbeddedStore(path) as store:
        store.write(generate("ziyang", scale=0.02, seed=1).network)
    return path


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([PAIRNET, *map(str, args)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PAIRNET_LANG": "en"})


def test_a_folder_output_on_a_full_disk_is_all_or_nothing(disk: Path, county_db: Path) -> None:
    """The export wrote towns.csv, then failed on villages.csv: a new folder was left half written, and an old
    export over which it ran became half new and half old (a workbook that may still load)."""
    old = disk / "old"
    assert _run("export", "--db", county_db, "--out", old).returncode == 0
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    households = old / "households.csv"
    households.write_bytes(households.read_bytes().replace(b"\n", b"\r\n", 1))  # so a new export would differ
    before["households.csv"] = households.read_bytes()
    _fill(disk, 40_000)
    for target in (disk / "new", old):
        r = _run("export", "--db", county_db, "--out", target)
        assert r.returncode == 2 and "the disk is full" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
    assert not (disk / "new").exists()
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before  # no part files, nothing changed
    (disk / "filler").unlink()
    _fill(disk, 4_000)
    r = _run("template", "--out", disk / "t.xlsx")
    assert r.returncode == 2 and "the disk is full" in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "old"]


def test_a_new_store_on_a_nearly_full_disk_is_refused_not_aborted(disk: Path) -> None:
    """LadybugDB creating a store on a full disk printed the message, then aborted the process from a destructor
    (exit 134, a C++ "terminate called" on stderr)."""
    _fill(disk, 16_000)
    from pairnet.loaders.generate import write_generated

    wb = write_generated(generate("ziyang", scale=0.01, seed=1), disk.parent / "gen")
    r = _run("load", wb, "--db", disk / "new.db")
    assert r.returncode == 2 and "the disk is full" in r.stderr and "terminate" not in r.stderr, r.stderr
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]  # no store, no lock file, no temporaries


def test_an_output_onto_a_device_or_pipe_writes_into_it(tmp_path: Path) -> None:
    """``--out /dev/null`` renamed a plain file over the device (as root, the system's /dev/null became a file);
    a named pipe was replaced and its reader got nothing."""
    import stat
    import threading

    from pairnet.graph.core.atomic import together

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    with together():
        write_bytes(pipe, b"a,b\n")
    reader.join(timeout=10)
    assert got == [b"a,b\n"] and stat.S_ISFIFO(os.stat(pipe).st_mode)
    null = tmp_path / "null.xlsx"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null
    except PermissionError:
        _needs_root("mknod needs root")
    run = subprocess.run([PAIRNET, "template", "--out", str(null)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["null.xlsx", "pipe"]
