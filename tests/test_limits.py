"""Hostile files: any file under 1 MB is checked or refused within 2 s and 500 MB, with a message, never a crash.

Each file is checked by `dhr-check` in a process of its own, limited to 500 MB of address space
and stopped after 2 seconds, as a partnership's nightly job would run it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import pytest

from checker.load import MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, read_yaml
from checker.validate import MAX_PLAN_VALUES, MAX_PROBLEMS

from .common import write

LIMIT_SECONDS = 2.0
LIMIT_BYTES = 500 * 1024 * 1024
REVIEW = "review: {subject: Adult Z, community_safety_partnership: Testshire}\n"


def _worst_valid_plan() -> str:
    """As many findings as the value bound allows: thousands of actions with nothing but a description."""
    lines = [REVIEW.rstrip("\n"), "recommendations:"]
    values, number = 3, 0
    while values + 1_004 < MAX_PLAN_VALUES:
        number += 1
        lines.append(f"  - number: {number}\n    text: t\n    actions:")
        lines += [f"      - {{number: {a}, description: d, status: in_progress}}" for a in range(1, 251)]
        values += 4 + 250 * 4
    return "\n".join(lines) + "\n"


HOSTILE = {
    "deep-flow": ("review: " + "[" * 200_000 + "]" * 200_000 + "\n", f"more than {MAX_DEPTH} levels deep"),
    "deep-block": ("".join("  " * depth + "a:\n" for depth in range(400)), f"more than {MAX_DEPTH} levels deep"),
    "deep-compact": ("review:\n" + "- " * 300_000 + "x\n", f"more than {MAX_DEPTH} levels deep"),
    "alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
        + "review: *j\n", f"more than {MAX_PLAN_VALUES:,} values"),
    "self-alias": ("review: &a [*a]\n", "levels deep"),
    "flat-list": ("review: [" + ",".join(["1"] * 490_000) + "]\n", f"more than {MAX_PLAN_VALUES:,} values"),
    "flat-map": ("review: {" + ",".join(f"k{i}: 1" for i in range(90_000)) + "}\n",
                 f"more than {MAX_PLAN_VALUES:,} values"),
    "unknown-keys": ("review:\n" + "".join(f"  k{i}: v\n" for i in range(9_000)) + "  subject: x\n",
                     "more problems from here on, not listed"),
    "one-long-line": ("review: {subject: " + "x" * 900_000 + ", community_safety_partnership: y}\n", None),
    "control-characters": (REVIEW + "recommendations:\n  - {number: 1, text: \"\\0\\x1b[31m\\u202e\"}\n", None),
    "worst-valid-plan": (_worst_valid_plan(), None),
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def dhr_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "check", *args, "--as-of", "2026-03-31"],
                          capture_output=True, text=True, timeout=LIMIT_SECONDS, preexec_fn=_limited,
                          env={**os.environ, "PYTHONHASHSEED": "0"})


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_checked_or_refused_within_bounds(tmp_path, name):
    content, expected = HOSTILE[name]
    path = write(tmp_path, content, f"{name}.yaml")
    assert path.stat().st_size < 1024 * 1024
    done = dhr_check(str(path))                # raises TimeoutExpired past 2 s
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1, 2)
    if expected is not None:
        assert done.returncode == 2 and expected in done.stdout


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


def test_a_file_that_grows_while_it_is_read_is_still_bounded(tmp_path):
    """The size is taken from the open file, and no more than the limit is ever read (here, from a pipe)."""
    fifo = tmp_path / "stream.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"f = open({str(fifo)!r}, 'wb')\n"
                               "try:\n    [f.write(b'#' * 65536) for _ in range(400)]\nexcept BrokenPipeError: pass"])
    try:
        with pytest.raises(YamlProblem, match="files over"):
            read_yaml(fifo)
    finally:
        writer.kill()
        writer.wait()
