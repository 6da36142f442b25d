"""Hostile files: any file under 1 MB is checked or refused with a message, within bounded memory, never a crash.

Each file is checked by `dhr-check` in a process of its own, limited to 500 MB of address space, as a
partnership's nightly job would run it. What is asserted, for every file in `tests/hostile.py`:
- the process ends (a 30 s guard catches a real hang; how long it takes is measured in
  `benchmarks/limits.py`, not here, since a shared machine's speed is no property of the tool);
- no traceback and no exception name on stderr, and exit 0, 1 or 2 (never a crash or a signal);
- memory stays under 500 MB: past it the process would fail with MemoryError, a traceback or a signal;
- a refused file exits 2 and is named as `file:line:column:` followed by dhr-check's own sentence.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys

import pytest

from checker.load import MAX_FILE_BYTES, YamlProblem, read_yaml
from checker.validate import MAX_PROBLEMS

from .common import write
from .hostile import HOSTILE

HANG_GUARD_SECONDS = 30
LIMIT_BYTES = 500 * 1024 * 1024


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def dhr_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "check", *args, "--as-of", "2026-03-31"],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limited,
                          env={**os.environ, "PYTHONHASHSEED": "0"})


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_checked_or_refused_within_bounds(tmp_path, name):
    content, expected = HOSTILE[name]
    path = write(tmp_path, content, f"{name}.yaml")
    assert path.stat().st_size < 1024 * 1024
    done = dhr_check(str(path))
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2)
    if expected is not None:
        assert done.returncode == 2
        located = re.search(rf"^  {re.escape(str(path))}:\d+:\d+: (.*)$", done.stdout, re.MULTILINE)
        assert located, done.stdout[-2000:]
        assert expected in done.stdout


def test_at_most_the_first_problems_are_listed(tmp_path):
    path = write(tmp_path, *reversed(("unknown-keys.yaml", HOSTILE["unknown-keys"][0])))
    listed = [line for line in dhr_check(str(path)).stdout.splitlines() if line.startswith(f"  {path}:")]
    assert len(listed) == MAX_PROBLEMS + 1     # and one line saying how many more


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_a_40_mb_file_is_refused_with_a_clear_message(tmp_path, suffix):
    path = tmp_path / f"national-export{suffix}"
    with open(path, "wb") as stream:           # sparse: 40 MB on paper, nothing on disk
        stream.truncate(40 * 1024 * 1024)
    done = dhr_check(str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (f"{path}:1:1: the file is 41,943,040 bytes; files over {MAX_FILE_BYTES:,} bytes are refused."
            in done.stdout)


def test_a_file_that_grows_after_it_was_measured_is_still_read_no_further_than_the_bound(tmp_path, monkeypatch):
    """The size is taken from the open file and no more than the limit is ever read, here from a file that
    'grew' after it was measured (a FIFO, which once showed this, is now refused before it is read)."""
    from checker import load

    big = tmp_path / "grown.yaml"
    big.write_bytes(b"#" * (load.MAX_FILE_BYTES + 65536))
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))
    read = []
    parse = load.parse_yaml
    monkeypatch.setattr(load, "parse_yaml", lambda raw, *args, **kwargs: read.append(len(raw)) or parse(raw, *args,
                                                                                                        **kwargs))
    with pytest.raises(YamlProblem, match="files over"):
        read_yaml(big)
    assert read == [load.MAX_FILE_BYTES + 1]
