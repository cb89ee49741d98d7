"""Whole files or none: every output is written to a temporary file beside its target, synced, then renamed."""

from __future__ import annotations

import contextvars
import errno
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text

TMP_MARK = ".pairnet-part-"  # temporary outputs: ``NAME.pairnet-part-PID-XXXX`` beside ``NAME``


class OutputError(PairnetError):
    """An output file could not be written (disk full, no rights, missing folder); no partial file is left."""

    written = False  # True: the new content is complete and in place (the error came after the rename)


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` whole or not at all: a temporary file beside it, fsync, rename over it.

    On any failure the temporary file is removed, the old ``target`` (if any) is untouched, and an
    ``OutputError`` names the file and the reason ("the disk is full" for ENOSPC / EDQUOT). Unbuffered
    ``os.write`` calls, so a failed write raises here and never later from a garbage-collected file object.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_bytes(p, b"hello").read_bytes()
    b'hello'
    """
    target = Path(target)
    if _special(target):  # /dev/null, /dev/stdout, a named pipe: written into, never renamed over
        return _write_into(target, data)
    tmp = target.with_name(f"{target.name}{TMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    batch = _batch.get()
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if batch is not None:  # renamed with the other files of the block, at its end
            batch.staged.append((tmp, target))
            return target
        os.replace(tmp, target)
    except OSError as e:
        _remove(tmp)
        raise OutputError(Text("output.failed_none", target=str(target), why=reason(e))) from e
    _sync_folders([target])
    return target


def _special(target: Path) -> bool:
    """Whether ``target`` is a device, pipe or socket: renaming a file over it would replace it (as root,
    ``--out /dev/null`` turned the system's /dev/null into a plain file)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def _write_into(target: Path, data: bytes) -> Path:
    try:
        if stat.S_ISBLK(os.stat(target).st_mode):  # a disk: never written over
            raise OSError(errno.EINVAL, "it is a block device, not a file")
        fd = os.open(target, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as e:
        raise OutputError(Text("output.failed", target=str(target), why=reason(e))) from e
    return target


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _sync_folders(targets: list[Path]) -> None:
    for folder in dict.fromkeys(t.parent for t in targets):
        try:
            fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as e:  # the files are complete and in place; only a folder entry may not be on disk yet
            error = OutputError(Text("output.sync_failed", folder=str(folder), why=reason(e)))
            error.written = True
            raise error from e


class _Batch:
    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target), in the order written
        self.made: list[Path] = []  # folders made by make_dirs inside the block, in the order made


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("pairnet_atomic_batch", default=None)


@contextmanager
def together() -> Iterator[None]:
    """The files written inside the block (``write_bytes``, ``write_text``) land together or not at all.

    Each is written whole to its temporary beside its target as the block runs; the renames happen when it
    ends. A failure anywhere (a full disk on the fifth file of an export, a bad town on the third map) removes
    every temporary and the folders ``make_dirs`` made, and leaves what was there before, so a folder is
    never half old and half new. Blocks nest: an inner block joins the outer one.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> try:
    ...     with together():
    ...         _ = write_bytes(d / "a.csv", b"a"); raise OSError("the second file failed")
    ... except OSError:
    ...     pass
    >>> sorted(p.name for p in d.iterdir())
    []
    """
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    except BaseException:
        _undo(batch, batch.staged)
        raise
    finally:
        _batch.reset(token)
    for i, (tmp, target) in enumerate(batch.staged):
        try:
            os.replace(tmp, target)
        except OSError as e:
            _undo(batch, batch.staged[i:], keep_folders=i > 0)
            error = OutputError(Text("output.failed_some", target=str(target), why=reason(e), n=i,
                                     total=len(batch.staged)) if i else
                                Text("output.failed_none", target=str(target), why=reason(e)))
            error.written = i > 0
            raise error from e
    _sync_folders([t for _, t in batch.staged])


def _undo(batch: _Batch, staged: list[tuple[Path, Path]], keep_folders: bool = False) -> None:
    for tmp, _ in staged:
        _remove(tmp)
    if not keep_folders:
        for folder in reversed(batch.made):
            try:
                folder.rmdir()  # only when empty: a folder someone else filled meanwhile stays
            except OSError:
                pass


def make_dirs(path: str | os.PathLike[str]) -> Path:
    """``mkdir -p path``; inside ``together()``, the folders it made are removed again if the block fails."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    path.mkdir(parents=True, exist_ok=True)
    batch = _batch.get()
    if batch is not None:
        batch.made.extend(reversed(missing))
    return path


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """``write_bytes`` of ``text`` encoded (newlines kept exactly as given)."""
    return write_bytes(target, text.encode(encoding))


def reason(e: OSError) -> Text | str:
    """An OS error in words, disk full named as such (in the user's language)."""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return Text("disk.full")
    return e.strerror or str(e)
