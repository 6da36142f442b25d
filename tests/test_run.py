"""A run writes its reports whole or not at all, streamed or not, and tallies what the exit code needs."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from checker import run as run_module
from checker.check import RunResult, iter_check
from checker.discovery import NOT_PLANS
from checker.errors import DhrCheckError
from checker.provenance import RunSettings
from checker.run import ReportRequest, run_check

from .common import REPO, SHIPPED_RULES

AS_OF = dt.date(2026, 3, 31)
PLANS = [str(REPO / "plans")]


def head(agency: str | None = None) -> RunResult:
    return RunResult(AS_OF, SHIPPED_RULES, settings=RunSettings(tuple(PLANS), agency=agency))


def test_a_run_that_fails_half_way_leaves_last_quarters_report_as_it_was(tmp_path, monkeypatch):
    report = tmp_path / "report.json"
    report.write_text("last quarter", encoding="utf-8")

    def one_plan_then_fail(*args, **kwargs):
        outcomes = iter_check(*args, **kwargs)
        yield next(outcomes)
        raise DhrCheckError("the disk went away")

    monkeypatch.setattr(run_module, "iter_check", one_plan_then_fail)
    with pytest.raises(DhrCheckError):
        run_check(head(), PLANS, [], 1, ReportRequest(((report, "json"),), None), lambda path, name: None)
    assert report.read_text(encoding="utf-8") == "last quarter"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]        # no temporary file left behind


def test_streamed_and_whole_runs_write_and_tally_alike(tmp_path):
    """Markdown needs the whole run; text and JSON stream: neither the text nor the exit code may differ."""
    tallies, texts = [], []
    for formats in [("text", "json"), ("markdown", "json")]:
        written = []
        files = tuple((tmp_path / f"report.{name}", name) for name in formats)
        terminal = io.BytesIO()
        tallies.append(run_check(head(), PLANS, [], 1, ReportRequest(files, "text"),
                                 lambda path, name: written.append(path), terminal))
        assert written == [path for path, _name in files]
        texts.append(terminal.getvalue())
    streamed, whole = tallies
    assert streamed == whole and texts[0] == texts[1]
    plans = [p for p in (REPO / "plans").glob("*.yaml") if p.name not in NOT_PLANS]
    assert streamed.plans_checked == len(plans) and streamed.fails("red") and not streamed.errors


def test_an_agency_nobody_in_the_run_leads_is_a_clear_error():
    with pytest.raises(DhrCheckError, match="nothing in these plans is led, managed or maintained by 'Nobody'"):
        run_check(head("Nobody"), PLANS, [], 1, ReportRequest(), lambda path, name: None)
