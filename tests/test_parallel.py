"""`--jobs`: worker processes give byte-identical reports, bad files' errors in their place, and never hang."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from checker import parallel
from checker.check import PlanResult, iter_check
from checker.discovery import NOT_PLANS
from checker.errors import DhrCheckError

from .common import REPO, SHIPPED_RULES
from .reporting import run

AS_OF = "2026-03-31"


@pytest.fixture(autouse=True)
def _workers_even_for_a_few_plans(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)   # otherwise runs this small stay in one process
    monkeypatch.setattr(parallel, "CHUNK", 1)           # and every plan travels on its own
    monkeypatch.chdir(REPO)


@pytest.fixture
def bad_plan(tmp_path):
    path = tmp_path / "aa-bad.yaml"
    path.write_text("review:\n  subject: Adult Q\n  subject: twice\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_two_jobs_write_exactly_what_one_job_writes(fmt, bad_plan):
    paths = ["plans/illustrative-westvale-mr-c.yaml", bad_plan, "plans", "no-such-plan.yaml"]
    one = run("check", *paths, "--as-of", AS_OF, "--format", fmt, "--jobs", "1")
    two = run("check", *paths, "--as-of", AS_OF, "--format", fmt, "--jobs", "2")
    assert one == two
    assert one[0] == 2                                   # bad input, and every good plan still reported


def test_outcomes_come_back_in_input_order(bad_plan):
    paths = ["plans/bolton-adult-a.yaml", bad_plan, "no-such-plan.yaml", "plans"]
    in_process = [_label(o) for o in iter_check(paths, SHIPPED_RULES, dt.date(2026, 3, 31), jobs=1)]
    in_workers = [_label(o) for o in iter_check(paths, SHIPPED_RULES, dt.date(2026, 3, 31), jobs=2)]
    assert in_workers == in_process
    folder = sorted(f"plans/{p.name}" for p in (REPO / "plans").glob("*.yaml")
                    if p.name not in NOT_PLANS and p.name != "bolton-adult-a.yaml")      # the Bolton plan once
    assert in_process == ["plans/bolton-adult-a.yaml", bad_plan, "no-such-plan.yaml", *folder]


def _label(outcome) -> str:
    return outcome.file if isinstance(outcome, PlanResult) else outcome[0].file


def _die(result):
    os._exit(3)


def test_a_worker_that_dies_stops_the_run_with_a_message_not_a_hang():
    with pytest.raises(DhrCheckError, match="worker process stopped unexpectedly"):
        list(iter_check(["plans"], SHIPPED_RULES, dt.date(2026, 3, 31), jobs=2, keep=_die))


def test_the_default_is_one_job_per_core():
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))
