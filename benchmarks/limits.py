"""Time and memory for each hostile file of `tests/hostile.py`, against the README's bound for files under 1 MB.

    python benchmarks/limits.py              # 5 runs of each file; prints a Markdown table
    python benchmarks/limits.py --repeat 1   # a quick look

The tests prove what dhr-check does with these files (exit code, message, no traceback, memory under a
500 MB limit); how long it takes depends on the machine and on what else it is doing, so it is measured
here, one process per run, timed from outside: wall time (median and worst), CPU time and peak
resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile import HOSTILE  # noqa: E402  (the same files the tests use)

BOUND_SECONDS = 2.0
BOUND_MB = 500


def measure(path: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, exit code) of one `dhr-check check` of `path`, from the child's own rusage."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "checker", "check", str(path), "--as-of", "2026-03-31"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def _size(count: int) -> str:
    return f"{count:,} B" if count < 10_240 else f"{count / 1024:,.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"\n| file | size | exit | wall median | wall worst | CPU median | peak RSS | within {BOUND_SECONDS:g} s |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, (content, _) in sorted(HOSTILE.items()):
            path = Path(folder) / f"{name}.yaml"
            path.write_text(content, encoding="utf-8")
            runs = [measure(path) for _ in range(options.repeat)]
            walls, cpus = [run[0] for run in runs], [run[1] for run in runs]
            peak = max(run[2] for run in runs)
            within = "yes" if max(walls) <= BOUND_SECONDS and peak <= BOUND_MB else "no"
            print(f"| {name} | {_size(path.stat().st_size)} | {runs[-1][3]} | {statistics.median(walls):.2f} s "
                  f"| {max(walls):.2f} s | {statistics.median(cpus):.2f} s | {peak:.0f} MB | {within} |")


if __name__ == "__main__":
    main()
