"""Run `dhr-check` in a process of its own with a memory limit and a hang guard, for hostile inputs.

The limit is on address space (RLIMIT_AS), so a runaway reader fails fast with MemoryError instead of
taking the machine's memory; the 30 s timeout only catches a hang, it does not time anything.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

__all__ = ["bounded_dhr_check", "MEMORY_LIMIT_BYTES", "HANG_GUARD_SECONDS"]

MEMORY_LIMIT_BYTES = 500 * 1024 * 1024
HANG_GUARD_SECONDS = 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def bounded_dhr_check(*args: str) -> subprocess.CompletedProcess:
    """`python -m checker ARGS` under 500 MB of address space; raises TimeoutExpired past 30 s."""
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
