"""The Bolt test server: ArcadeDB (from the arcadedb-embedded wheel) with its Bolt plugin, run in a subprocess.

``BoltServer`` starts it on free loopback ports, creates and drops databases over the HTTP API, and can be
stopped (killed) and started again on the same ports and data, to test a connection dropped midway.
Run as a script it is the server process itself: it starts the server and stays up until killed or until
its standard input closes (so it never outlives the test session that started it).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT = 90.0  # seconds: the JVM and the server take a few seconds to come up


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class BoltServer:
    """An ArcadeDB server in a child process, reachable at ``uri`` as ``user``/``password``."""

    user = "root"

    def __init__(self, root: Path, password: str = "pairnet-test-pw", heap: str = "1g") -> None:
        self.root = Path(root)
        self.password = password
        self.heap = heap  # JVM max heap: several test sessions may run side by side
        self.http_port = free_port()
        self.bolt_port = free_port()
        self.uri = f"bolt://localhost:{self.bolt_port}"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = self.root / "server.log"

    def start(self) -> None:
        """Start the server process and wait until both the HTTP API and Bolt accept connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        log = open(self._log, "ab")
        self._proc = subprocess.Popen(
            [sys.executable, __file__, "--root", str(self.root / "databases"), "--password", self.password,
             "--http-port", str(self.http_port), "--bolt-port", str(self.bolt_port), "--heap", self.heap],
            stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            cwd=self.root)  # ArcadeDB writes its log/ folder into the working directory
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"Bolt test server exited with {self._proc.returncode}: {self.log_tail()}")
            if _accepts(self.http_port) and _accepts(self.bolt_port):
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Bolt test server did not start within {START_TIMEOUT}s: {self.log_tail()}")

    def stop(self, kill: bool = True) -> None:
        """Stop the server process: SIGKILL by default (a crash, as a dropped connection sees it)."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc = None
        deadline = time.monotonic() + 10
        while (_accepts(self.bolt_port) or _accepts(self.http_port)) and time.monotonic() < deadline:
            time.sleep(0.1)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def command(self, command: str) -> dict:
        """Run a server command (``create database X``, ``drop database X``) over the HTTP API."""
        req = urllib.request.Request(
            f"http://localhost:{self.http_port}/api/v1/server", data=json.dumps({"command": command}).encode(),
            headers={"Content-Type": "application/json",
                     "Authorization": "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()},
            method="POST")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{command!r} failed: {e.code} {e.read()[:500]!r}") from e

    def create_database(self, name: str) -> str:
        self.command(f"create database {name}")
        return name

    def drop_database(self, name: str) -> None:
        self.command(f"drop database {name}")

    def log_tail(self, n: int = 2000) -> str:
        try:
            return self._log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def _serve(args: argparse.Namespace) -> None:
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(root_path=args.root, root_password=args.password, config={
        "http_port": args.http_port, "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": args.bolt_port}, jvm_kwargs={"heap_size": args.heap})
    server.start()
    print(f"bolt test server up: http {args.http_port}, bolt {args.bolt_port}", flush=True)
    try:
        sys.stdin.read()  # returns when the parent closes our stdin or dies
    finally:
        server.stop()
        os._exit(0)  # the JVM's non-daemon threads would keep the process alive


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--http-port", type=int, required=True)
    p.add_argument("--bolt-port", type=int, required=True)
    p.add_argument("--heap", default="1g")
    _serve(p.parse_args())
