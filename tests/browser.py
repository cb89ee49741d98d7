"""Headless Chromium over the DevTools pipe: open a local page, record console errors and requests, screenshot."""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pairnet.graph.core.errors import PairnetError

# Without the background-networking flags Chromium phones home, which a closed network refuses (console noise);
# the resolver rule makes sure nothing can leave even if a page tried.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
)
BINARIES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """Path of a Chromium binary (env ``PAIRNET_CHROMIUM`` first), or None."""
    env = os.environ.get("PAIRNET_CHROMIUM")
    if env:
        return env
    return next((p for p in map(shutil.which, BINARIES) if p), None)


@dataclass
class PageLoad:
    """What happened while a page loaded: requests, console errors and what the page reported."""

    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ready: Any = None


class Browser:
    """One headless Chromium process with one tab, driven by DevTools commands over ``--remote-debugging-pipe``."""

    def __init__(self, *, width: int = 1400, height: int = 900, binary: str | None = None) -> None:
        binary = binary or find_chromium()
        if not binary:
            raise PairnetError("Chromium not found: install the Debian packages chromium and chromium-driver")
        self._profile = tempfile.mkdtemp(prefix="pairnet-chromium-")
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def child_fds() -> None:
            # Chromium reads commands on fd 3 and writes replies on fd 4; dup first, the ends may sit there.
            r, w = os.dup(cmd_r), os.dup(res_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        args = [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}", "about:blank"]
        self._proc = subprocess.Popen(args, preexec_fn=child_fds, close_fds=False,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(res_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self._events: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.width, self.height = width, height
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def _read(self) -> None:
        buf = b""
        with os.fdopen(self._res_r, "rb", buffering=0) as f:
            while chunk := f.read(1 << 16):
                buf += chunk
                *messages, buf = buf.split(b"\0")
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self._replies[msg["id"]].put(msg)
                    else:
                        self._events.put(msg)

    def send(self, method: str, params: dict | None = None, *, session: str | None = None,
             timeout: float = 60.0) -> dict:
        """Send one DevTools command and wait for its reply."""
        with self._lock:
            self._next_id += 1
            mid = self._next_id
            self._replies[mid] = queue.Queue()
            msg = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        try:
            reply = self._replies[mid].get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no reply to {method} within {timeout}s") from None
        finally:
            self._replies.pop(mid, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def call(self, method: str, params: dict | None = None, timeout: float = 60.0) -> dict:
        """Send a command to the tab."""
        return self.send(method, params, session=self._session, timeout=timeout)

    def evaluate(self, expression: str, timeout: float = 60.0) -> Any:
        """Evaluate JavaScript in the tab (promises awaited) and return its JSON value."""
        res = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                             "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in res:
            raise RuntimeError(f"page error: {_describe(res['exceptionDetails'])}")
        return res["result"].get("value")

    def open(self, path: str | Path, *, ready: str | None = "window.pairnetReady", timeout: float = 120.0) -> PageLoad:
        """Load a local file and wait for the load event, then for the ``ready`` promise if the page has one."""
        self._drain()
        url = Path(path).resolve().as_uri()
        load = PageLoad(url)
        self.call("Page.navigate", {"url": url})
        self._wait_for("Page.loadEventFired", load, timeout)
        if ready:
            load.ready = self.evaluate(f"Promise.resolve({ready}).then(v => v === undefined ? null : v)", timeout)
        time.sleep(0.05)  # let late console messages arrive
        self._collect(load, block=False)
        return load

    def screenshot(self, path: str | Path | None = None) -> bytes:
        """A PNG of the viewport (written to ``path`` when given)."""
        png = base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(png)
        return png

    def pdf(self) -> bytes:
        """The open page printed to PDF by Chromium itself (A4, CSS page size and breaks honoured)."""
        res = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, timeout=120)
        return base64.b64decode(res["data"])

    def media(self, kind: str = "") -> None:
        """Emulate a CSS media type (``print``), or the screen again with ``""``."""
        self.call("Emulation.setEmulatedMedia", {"media": kind})

    def mouse_move(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def _wait_for(self, method: str, load: PageLoad, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._collect(load, block=True, until=method):
                return
        raise TimeoutError(f"{method} not seen within {timeout}s")

    def _collect(self, load: PageLoad, *, block: bool, until: str | None = None) -> bool:
        while True:
            try:
                ev = self._events.get(timeout=0.5) if block else self._events.get_nowait()
            except queue.Empty:
                return False
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Network.requestWillBeSent":
                load.requests.append(p["request"]["url"])
            elif m == "Runtime.exceptionThrown":
                load.errors.append(_describe(p["exceptionDetails"]))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                load.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p["args"]))
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                load.errors.append(f"{p['entry'].get('text')} {p['entry'].get('url', '')}".strip())
            elif m == "Page.javascriptDialogOpening":
                load.errors.append(f"dialog opened: {p.get('message')}")
                self.call("Page.handleJavaScriptDialog", {"accept": True})
            if until and m == until:
                return True

    def _drain(self) -> None:
        while not self._events.empty():
            self._events.get_nowait()

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - the process is killed below anyway
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._cmd_w)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _describe(details: dict) -> str:
    exc = details.get("exception") or {}
    return exc.get("description") or details.get("text", "error")
