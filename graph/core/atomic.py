"""Whole files or none: every output is written to a temporary file beside its target, synced, then renamed."""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

from pairnet.graph.core.errors import PairnetError

TMP_MARK = ".pairnet-part-"  # temporary outputs: ``NAME.pairnet-part-PID-XXXX`` beside ``NAME``


class OutputError(PairnetError):
    """An output file could not be written (disk full, no rights, missing folder); no partial file is left."""


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
    tmp = target.with_name(f"{target.name}{TMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as e:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise OutputError(f"cannot write {target}: {reason(e)}; nothing was written there") from e
    try:
        fd = os.open(target.parent if str(target.parent) else ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:  # the file is complete and in place; only its folder entry may not be on disk yet
        raise OutputError(f"{target} is written and complete, but syncing its folder failed: {reason(e)}") from e
    return target


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """``write_bytes`` of ``text`` encoded (newlines kept exactly as given)."""
    return write_bytes(target, text.encode(encoding))


def reason(e: OSError) -> str:
    """An OS error in words, disk full named as such."""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return e.strerror or str(e)
