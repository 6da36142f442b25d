"""A `--jobs 2` run killed or stopped mid-way: workers die with it, no temporary file outlives it, own exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .common import REPO

HANG_GUARD = 30
PLANS = 400

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux")


@pytest.fixture(scope="module")
def many_plans(tmp_path_factory) -> Path:
    """Enough plans (each with its own subject, so its own plan id) that a run is still going when signalled."""
    folder = tmp_path_factory.mktemp("many")
    text = (REPO / "plans" / "illustrative-westvale-mr-c.yaml").read_text(encoding="utf-8")
    assert 'subject: "Mr C"' in text
    for number in range(PLANS):
        (folder / f"p{number:04d}.yaml").write_text(text.replace('subject: "Mr C"', f'subject: "Mr C{number}"'),
                                                    encoding="utf-8")
    return folder


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")       # a zombie has died; only its exit status is left to collect


def _signalled_run(tmp_path: Path, plans: Path, signum: int) -> tuple[int, str, list[int], list[str]]:
    """Start a --jobs 2 run writing out/r.json, send `signum` once both workers are up; return the exit code,
    standard error, the workers still alive after it ended, and what is left in out/."""
    out = tmp_path / "out"
    out.mkdir()
    stderr = tmp_path / "stderr"      # a file, not a pipe: orphaned workers holding a pipe would hang the test
    with open(stderr, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "checker", "check", str(plans), "--jobs", "2",
                                    "-o", str(out / "r.json"), "--as-of", "2026-03-31"],
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + HANG_GUARD
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
            workers = _children(process.pid)
        assert len(workers) == 2 and process.poll() is None, "the run ended before both workers started"
        os.kill(process.pid, signum)
        code = process.wait(HANG_GUARD)
        deadline = time.monotonic() + HANG_GUARD
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return code, stderr.read_text(encoding="utf-8"), [w for w in workers if _alive(w)], sorted(os.listdir(out))
    finally:
        for pid in [process.pid, *workers]:      # only the processes this test started, by their id
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(HANG_GUARD)


def test_sigkill_leaves_no_worker_and_no_temporary_file(tmp_path, many_plans):
    code, _err, alive, left = _signalled_run(tmp_path, many_plans, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert alive == []              # the workers were killed with their parent (PR_SET_PDEATHSIG)
    assert left == []               # the report being written had no name on disk (O_TMPFILE)


@pytest.mark.parametrize("signum, exit_code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_clean_up_and_exit_with_their_own_code(tmp_path, many_plans, signum, exit_code):
    code, err, alive, left = _signalled_run(tmp_path, many_plans, signum)
    assert code == exit_code, err
    assert alive == [] and left == []
    assert f"stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
