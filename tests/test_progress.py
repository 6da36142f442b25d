"""A progress bar for a person watching a long run, on standard error; nothing for logs, pipes or --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from checker.progress import SHOW_AFTER

PLAN = "review: {{subject: Adult {n}, community_safety_partnership: Testshire}}\n"


@pytest.fixture(scope="module")
def many_plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    for n in range(SHOW_AFTER + 12):
        (folder / f"plan-{n:03d}.yaml").write_text(PLAN.format(n=n), encoding="utf-8")
    return folder


def _stderr_on_a_terminal(*args: str) -> str:
    main, secondary = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "checker", "check", *args, "--as-of", "2026-03-31",
                               "--format", "json", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=secondary,
                              timeout=120)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert done.returncode == 1
        return b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(main)


def test_a_long_run_shows_progress_on_a_terminal(many_plans):
    shown = _stderr_on_a_terminal(str(many_plans))
    assert f"{SHOW_AFTER + 12}/{SHOW_AFTER + 12}" in shown and "Summary: " in shown


def test_quiet_leaves_only_the_summary(many_plans):
    shown = _stderr_on_a_terminal(str(many_plans), "--quiet")
    assert "/" + str(SHOW_AFTER + 12) not in shown and "Summary: " in shown


def test_no_progress_when_standard_error_is_not_a_terminal(many_plans):
    done = subprocess.run([sys.executable, "-m", "checker", "check", str(many_plans), "--as-of", "2026-03-31",
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.stderr.splitlines()[-1].startswith("dhr-check: Summary: ") and len(done.stderr.splitlines()) == 1


def test_a_short_run_shows_none(tmp_path):
    (tmp_path / "plan.yaml").write_text(PLAN.format(n=1), encoding="utf-8")
    assert "/1" not in _stderr_on_a_terminal(str(tmp_path / "plan.yaml"))
