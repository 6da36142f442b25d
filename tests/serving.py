"""The real `dhr-check serve`, started as a separate process on a free port: for the browser tests, the
screenshot of the result page and the load benchmark, which must all see the server a partnership runs.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 60   # seconds: a hang guard for a cold start on a busy machine, not a timing
STOP_TIMEOUT = 30
START_LINE = re.compile(r"^dhr-check serve: (http://\S+/)$")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    lines: list[str] = field(default_factory=list)   # everything it wrote to stderr so far

    def log(self) -> str:
        return "\n".join(self.lines)


def _accepts(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


@contextlib.contextmanager
def served(*options: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`dhr-check serve --port <free port> OPTIONS` until the block ends; ready once it has printed its start
    line (the contract's `dhr-check serve: http://HOST:PORT/`) or its port accepts connections."""
    port = free_port()
    command = [sys.executable, "-m", "checker", "serve", "--port", str(port), *options]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, cwd=cwd, env={**os.environ, **(env or {})}, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}/", process)
    started = threading.Event()

    def read_stderr() -> None:
        for line in process.stderr:
            server.lines.append(line.rstrip("\n"))
            if START_LINE.match(line.strip()):
                started.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (started.is_set() or _accepts(port)):
            if process.poll() is not None:
                reader.join(5)
                raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{server.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(command)} did not start in {START_TIMEOUT} s:\n{server.log()[-3000:]}")
            started.wait(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()   # SIGTERM, as a service manager stops it
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        with contextlib.suppress(ProcessLookupError):   # any worker it left behind (its own session)
            os.killpg(process.pid, signal.SIGKILL)
        reader.join(5)
