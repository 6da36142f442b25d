"""A run told to stop (Ctrl-C, SIGTERM) ends like any other failure, and worker processes never outlive it.

On SIGINT or SIGTERM the main process raises `Stopped`, so every `finally` runs: temporary
report files are removed and the worker processes are shut down; the CLI then exits with
128 + the signal's number (130, 143), never 1, which means red findings. A second signal
while cleaning up ends the process at once. Python drops an exception raised where it cannot
be propagated (in an at-fork hook as a worker starts, say), so the run also calls
`raise_if_stopped` before each plan's outcome and before replacing any report.

SIGKILL cannot be caught. For it, each worker asks the kernel to kill it as soon as its
parent dies (Linux `prctl(PR_SET_PDEATHSIG)`), and a report being written has no name on
disk until it is complete (see `output`), so nothing is left behind either way.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

__all__ = ["Stopped", "stop_on_signals", "raise_if_stopped", "die_with_parent"]

_PR_SET_PDEATHSIG = 1
_received: int | None = None


class Stopped(BaseException):
    """Raised in the main process on SIGINT or SIGTERM; like `KeyboardInterrupt`, no `except Exception` stops it."""

    def __init__(self, signum: int):
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """In the main process: turn SIGINT and SIGTERM into `Stopped`."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    sys.unraisablehook = _unraisable


def _unraisable(unraisable) -> None:
    """A dropped `Stopped` is raised again by `raise_if_stopped`: no 'Exception ignored' traceback for it."""
    if not isinstance(unraisable.exc_value, Stopped):
        sys.__unraisablehook__(unraisable)


def _stop(signum: int, _frame: FrameType | None) -> None:
    global _received
    if _received is not None:          # told twice: stop cleaning up
        os._exit(128 + signum)
    _received = signum
    raise Stopped(signum)


def raise_if_stopped() -> None:
    """Raise `Stopped` if a signal has come: its first raise may have been dropped."""
    if _received is not None:
        raise Stopped(_received)


def die_with_parent(parent: int) -> None:
    """In a worker process: be killed when `parent` dies, however it dies; leave signals to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C reaches the whole group: the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)    # not the parent's handler, inherited through fork
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:                        # the parent died before the request was made
        os._exit(1)
