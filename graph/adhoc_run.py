"""An ad-hoc query on the embedded store run in a child process: a query that crashes the engine or runs too long
costs that process, never the command (it is stopped after ``PAIRNET_QUERY_TIMEOUT`` seconds, with a message).

The child opens the very file the command pinned (its descriptor is passed down), so it reads the same version;
it plans the query with ``adhoc.ladybug_prepare`` (refusing what does not only read) and sends the rows back as
an Arrow stream, or the refusal or failure as two lines of text.
"""

from __future__ import annotations

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
    ``StoreError`` (failed, crashed, or stopped at the time limit) otherwise."""
    import pyarrow as pa

    from pairnet.graph import adhoc

    timeout, limit = query_timeout(), result_limit()
    child = subprocess.Popen([sys.executable, "-m", "pairnet.graph.adhoc_run", str(fd)], pass_fds=(fd,),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        out = _answer(child, pickle.dumps((cypher, dict(params))), time.monotonic() + timeout, limit)
    except _TooLong:
        raise StoreError(Text("adhoc.timeout", seconds=f"{timeout:g}")) from None
    except _TooBig:
        raise StoreError(Text("adhoc.too_big", mb=limit >> 20)) from None
    kind, body = out[:1], out[1:]
    if kind == _OK and child.returncode == 0:
        return pa.ipc.open_stream(body).read_all()
    if kind in (_REFUSED, _FAILED):
        en, zh = body.decode("utf-8", "replace").split("\n", 1)
        if kind == _REFUSED:
            raise adhoc.QueryRefused(Text(en, zh))
        raise StoreError(Text("adhoc.failed", where=where, why=Text(en, zh)))
    why = f"signal {-child.returncode}" if child.returncode < 0 else f"exit {child.returncode}"
    raise StoreError(Text("adhoc.crashed", where=where, why=why))


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


def _child(fd: int) -> int:
    """The child's side: read (query, params) from stdin, answer on stdout."""
    import ladybug as lb
    import pyarrow as pa

    from pairnet.graph import adhoc
    from pairnet.graph.core.errors import PairnetError
    from pairnet.graph.core.messages import render

    out = sys.stdout.buffer
    cypher, params = pickle.loads(sys.stdin.buffer.read())
    try:
        db = lb.Database(f"/proc/self/fd/{fd}", read_only=True)
        conn = lb.Connection(db)
        prepared = adhoc.ladybug_prepare(conn, cypher, params)
        result = conn.execute(prepared, params)
        if isinstance(result, list):
            raise adhoc.QueryRefused(Text("adhoc.several"))
        table = result.get_as_arrow()
    except adhoc.QueryRefused as e:
        out.write(_REFUSED + f"{render(e, 'en')}\n{render(e, 'zh')}".encode())
        return 0
    except PairnetError as e:
        out.write(_FAILED + f"{render(e, 'en')}\n{render(e, 'zh')}".encode())
        return 0
    except Exception as e:  # noqa: BLE001 - whatever is typed: a message, never a traceback
        line = adhoc.one_line(e)
        out.write(_FAILED + f"{line}\n{line}".encode())
        return 0
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    out.write(_OK + sink.getvalue().to_pybytes())
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1])))
