"""Text files as Chinese Windows writes them: UTF-8 with or without a BOM, or GBK (GB18030)."""

from __future__ import annotations

import os
from pathlib import Path

from pairnet.graph.core.errors import PairnetError
from pairnet.graph.core.messages import Text


def decode(raw: bytes) -> str | None:
    """``raw`` as text: UTF-8 (a BOM dropped), else GB18030 (which covers GBK), else None.

    >>> decode("城关镇".encode("gbk")), decode(b"\\xef\\xbb\\xbfa = 1")
    ('城关镇', 'a = 1')
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def read_text(path: str | os.PathLike[str], what: str) -> str:
    """The text of the file at ``path`` (see ``decode``); a file that cannot be read or decoded raises
    ``PairnetError`` with one line naming ``what`` (a message key such as ``policy.file``) and the path."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise PairnetError(Text("file.unreadable", what=Text(what), path=str(path), why=os_reason(e))) from e
    text = decode(raw)
    if text is None:
        raise PairnetError(Text("text.encoding", what=Text(what), path=str(path)))
    return text


def os_reason(e: OSError) -> Text | str:
    """Why an OS call failed, in the catalogue's words when it knows the error."""
    import errno

    name = errno.errorcode.get(e.errno or -1, "")
    from pairnet.graph.core.messages import MESSAGES

    return Text(f"os.{name}") if f"os.{name}" in MESSAGES else (e.strerror or str(e))
