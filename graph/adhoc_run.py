"""An ad-hoc query on the embedded store run in a child process: a query that crashes the engine or runs too long
costs that process, never the command (it is stopped after ``PAIRNET_QUERY_TIMEOUT`` seconds, with a message).

The child opens the very file the command pinned (its descriptor is passed down), so it reads the same version;
it plans the query with ``adhoc.ladybug_prepare`` (refusing what does not only read) and sends the rows back as
an Arrow stream, or the refusal or failure as two lines of text.

Before it sees the query, the child gives up opening files (``_lock_down``): LadybugDB's binder reads a file named
by ``LOAD FROM`` while it PREPARES the query, before any plan exists to refuse, and its errors quote what it read
(``LOAD WITH HEADERS (a STRING, b STRING) FROM 'pairnet.db.key' ...`` printed the vault's key, ``RETURN 1 AS a
UNION ALL LOAD FROM '/etc/passwd' ...`` a line of the file). So the child opens the database first and then
lowers its limit of open files to those already open, and where the kernel has Landlock, forbids every file and
TCP access too: whatever a query names, no file is opened. The second planner of the Bolt test server
(``adhoc.shadow_check``) runs in such a child as well (``check_shadow``), never in the command's own process.
"""

from __future__ import annotations

import errno
import os
import pickle
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any

from pairnet.graph.core.errors import StoreError
from pairnet.graph.core.messages import Text

TIMEOUT = 300.0  # seconds an ad-hoc query may run (env PAIRNET_QUERY_TIMEOUT)
RESULT_MB = 512  # megabytes its result may take (env PAIRNET_RESULT_MAX_MB): a county's whole graph is ~20 MB
_OK, _REFUSED, _FAILED = b"A", b"R", b"F"


def run_pinned(fd: int, cypher: str, params: Mapping[str, Any], where: str) -> Any:
    """The Arrow table of ``cypher`` run in a child on the pinned file ``fd``; ``adhoc.QueryRefused`` or
    ``StoreError`` (failed, crashed, or stopped at the time or size limit) otherwise."""
    import pyarrow as pa

    from pairnet.graph import adhoc

    limit = result_limit()
    try:
        kind, body, code = _ask(str(fd), cypher, params, limit, (fd,))
    except _TooBig:
        raise StoreError(Text("adhoc.too_big", mb=limit >> 20)) from None
    if kind == _OK and code == 0:
        return pa.ipc.open_stream(body).read_all()
    if kind == _REFUSED:
        raise adhoc.QueryRefused(_said(body))
    if kind == _FAILED:
        raise StoreError(Text("adhoc.failed", where=where, why=_said(body)))
    raise StoreError(Text("adhoc.crashed", where=where, why=_ended(code)))


def check_shadow(cypher: str, params: Mapping[str, Any]) -> None:
    """Plan ``cypher`` in a locked-down child on an empty in-memory LadybugDB of pairnet's schema (the second planner
    of the Bolt test server); ``adhoc.QueryRefused`` unless it plans as a read."""
    from pairnet.graph import adhoc

    try:
        kind, body, code = _ask(SHADOW, cypher, params, 1 << 20)
    except _TooBig:  # a plan's answer is one byte or two lines of text
        raise adhoc.QueryRefused(Text("adhoc.shadow", reason="answer too long")) from None
    if kind == _OK and code == 0:
        return
    if kind == _REFUSED:
        raise adhoc.QueryRefused(_said(body))
    raise adhoc.QueryRefused(Text("adhoc.shadow", reason=_said(body) if kind == _FAILED else _ended(code)))


def _ask(arg: str, cypher: str, params: Mapping[str, Any], limit: int,
         fds: tuple[int, ...] = ()) -> tuple[bytes, bytes, int]:
    """Run the child (``arg``: a pinned descriptor, or ``SHADOW``) on the query: its answer's kind, body and exit
    code; ``StoreError`` past the time limit, ``_TooBig`` past ``limit`` bytes (the child killed either way)."""
    timeout = query_timeout()
    child = subprocess.Popen([sys.executable, "-m", "pairnet.graph.adhoc_run", arg], pass_fds=fds,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        out = _answer(child, pickle.dumps((cypher, dict(params))), time.monotonic() + timeout, limit)
    except _TooLong:
        raise StoreError(Text("adhoc.timeout", seconds=f"{timeout:g}")) from None
    return out[:1], out[1:], child.returncode


def _said(body: bytes) -> Text:
    """The child's message, in both languages (two lines)."""
    en, zh = body.decode("utf-8", "replace").split("\n", 1)
    return Text(en, zh)


def _ended(code: int) -> str:
    return f"signal {-code}" if code < 0 else f"exit {code}"


def _reply(out: Any, kind: bytes, text: Text) -> int:
    """The child's answer of ``kind`` with ``text`` in both languages."""
    out.write(kind + f"{text.render('en')}\n{text.render('zh')}".encode())
    return 0


SHADOW = "shadow"  # the child's argument for the second planner (no store's file)


def _lock_down() -> None:
    """From here on this process opens no file, socket or pipe: the limit of open descriptors is lowered to the
    lowest free one (so every new one fails with EMFILE, on any POSIX system), and where the kernel has Landlock
    (Linux 5.13 and later), every file-system and TCP access is also forbidden to it and its threads."""
    import resource

    probe = os.open(os.devnull, os.O_RDONLY)  # the lowest free descriptor: every one below it is in use
    os.close(probe)
    resource.setrlimit(resource.RLIMIT_NOFILE, (probe, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    _landlock()


def _landlock() -> None:
    """Forbid every file-system (and, from ABI 4, TCP) access with a Landlock ruleset that allows nothing; a kernel
    without Landlock leaves the descriptor limit as the guard."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        abi = syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # landlock_create_ruleset: ABI version
        if abi < 1:
            return
        fs = (1 << 13) - 1 | (1 << 13 if abi >= 2 else 0) | (1 << 14 if abi >= 3 else 0) | (1 << 15 if abi >= 5 else 0)
        attr = (ctypes.c_uint64 * 2)(fs, 0b11 if abi >= 4 else 0)
        size = 16 if abi >= 4 else 8
        ruleset = syscall(444, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
        if ruleset < 0:
            return
        if libc.prctl(38, 1, 0, 0, 0) == 0:  # PR_SET_NO_NEW_PRIVS, which landlock_restrict_self requires
            syscall(446, ctypes.c_int(ruleset), ctypes.c_uint32(0))  # landlock_restrict_self
        os.close(ruleset)
    except (OSError, AttributeError):
        return


def _about_files(message: str) -> bool:
    """Whether an engine error is about a file the query named (which the locked-down child could not open, or
    looked for: "No file found that matches the pattern ...", "Cannot infer the format of the given file"); a
    parser's error, which quotes the query, is not."""
    import re

    line = message.strip().splitlines()[0] if message.strip() else ""
    if line.startswith("Parser exception"):
        return False
    return (any(os.strerror(n) in line for n in (errno.EMFILE, errno.EACCES, errno.EPERM))
            or re.search(r"\bfiles?\b", line, re.IGNORECASE) is not None)


class _TooLong(Exception):
    pass


class _TooBig(Exception):
    pass


def _answer(child: subprocess.Popen, request: bytes, deadline: float, limit: int) -> bytes:
    """The child's whole answer, read as it comes; the child is killed past ``deadline`` or ``limit`` bytes."""
    try:
        child.stdin.write(request)  # type: ignore[union-attr]
        child.stdin.close()  # type: ignore[union-attr]
        out = bytearray()
        with selectors.DefaultSelector() as sel:
            sel.register(child.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _TooLong
                if not sel.select(min(left, 1.0)):
                    continue
                chunk = os.read(child.stdout.fileno(), 1 << 20)  # type: ignore[union-attr]
                if not chunk:
                    break
                out += chunk
                if len(out) > limit:
                    raise _TooBig
        child.wait(max(0.1, deadline - time.monotonic()))
        return bytes(out)
    except (_TooLong, _TooBig, subprocess.TimeoutExpired) as e:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise e if not isinstance(e, subprocess.TimeoutExpired) else _TooLong from None
    finally:
        child.stdout.close()  # type: ignore[union-attr]


def result_limit() -> int:
    """Bytes an ad-hoc result may take on its way back: ``PAIRNET_RESULT_MAX_MB`` megabytes, else 512."""
    try:
        mb = float(os.environ.get("PAIRNET_RESULT_MAX_MB", RESULT_MB))
    except ValueError:
        mb = RESULT_MB
    return int((mb if 0 < mb < 1e6 else RESULT_MB) * (1 << 20))


def query_timeout() -> float:
    """Seconds an ad-hoc query may run: ``PAIRNET_QUERY_TIMEOUT``, else 300."""
    try:
        value = float(os.environ.get("PAIRNET_QUERY_TIMEOUT", TIMEOUT))
    except ValueError:
        return TIMEOUT
    return value if 0 < value < 1e7 else TIMEOUT  # (nan, inf and the absurd: the default)


def _child(which: str) -> int:
    """The child's side: read (query, params) from stdin, answer on stdout. ``which``: the pinned descriptor of a
    store's file (run the query), or ``SHADOW`` (plan it on an empty in-memory database of pairnet's schema)."""
    import ladybug as lb
    import pyarrow as pa
    import pyarrow.ipc  # noqa: F401 - imported before the lock-down: no module file can be opened after it

    from pairnet.graph import adhoc, changelog
    from pairnet.graph.core import schema
    from pairnet.graph.core.errors import PairnetError
    from pairnet.graph.core.messages import render

    out = sys.stdout.buffer
    cypher, params = pickle.loads(sys.stdin.buffer.read())
    try:
        if which == SHADOW:
            db = lb.Database(":memory:")
            conn = lb.Connection(db)
            for stmt in [*schema.ladybug_ddl(), *changelog.ladybug_ddl()]:
                conn.execute(stmt)
        else:
            db = lb.Database(f"/proc/self/fd/{int(which)}", read_only=True)
            conn = lb.Connection(db)
        conn.execute("RETURN 1").get_all()  # every thread and buffer the engine needs, before the lock-down
        _lock_down()
        prepared = adhoc.ladybug_prepare(conn, cypher, params)
        if which == SHADOW:
            out.write(_OK)
            return 0
        result = conn.execute(prepared, params)
        if isinstance(result, list):
            raise adhoc.QueryRefused(Text("adhoc.several"))
        table = result.get_as_arrow()
    except adhoc.QueryRefused as e:
        return _reply(out, _REFUSED, Text(render(e, "en"), render(e, "zh")))
    except PairnetError as e:
        return _reply(out, _FAILED, Text(render(e, "en"), render(e, "zh")))
    except Exception as e:  # noqa: BLE001 - whatever is typed: a message, never a traceback
        if _about_files(str(e)):  # one message for every path, so none tells whether a file exists
            return _reply(out, _REFUSED, Text("adhoc.file"))
        line = adhoc.one_line(e)
        return _reply(out, _FAILED, Text(line, line))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    out.write(_OK + sink.getvalue().to_pybytes())
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
