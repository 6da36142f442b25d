"""A run writes its reports whole or not at all, streamed or not, and tallies what the exit code needs."""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest

from checker import run as run_module
from checker.check import iter_check
from checker.discovery import NOT_PLANS
from checker.errors import DhrCheckError
from checker.provenance import RunSettings
from checker.run import ReportRequest, RunRequest, run_check

from .common import REPO, SHIPPED_RULES

AS_OF = dt.date(2026, 3, 31)
PLANS = [str(REPO / "plans")]


def request(agency: str | None = None) -> RunRequest:
    return RunRequest(tuple(PLANS), AS_OF, SHIPPED_RULES, RunSettings(tuple(PLANS), agency=agency))


def test_a_run_that_fails_half_way_leaves_last_quarters_report_as_it_was(tmp_path, monkeypatch):
    report = tmp_path / "report.json"
    report.write_text("last quarter", encoding="utf-8")

    def one_plan_then_fail(*args, **kwargs):
        outcomes = iter_check(*args, **kwargs)
        yield next(outcomes)
        raise DhrCheckError("the disk went away")

    monkeypatch.setattr(run_module, "iter_check", one_plan_then_fail)
    with pytest.raises(DhrCheckError):
        run_check(request(), ReportRequest(((report, "json"),), None), 1, lambda path, name: None)
    assert report.read_text(encoding="utf-8") == "last quarter"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]        # no temporary file left behind


def test_streamed_and_whole_runs_write_and_tally_alike(tmp_path):
    """Markdown needs the whole run; text and JSON stream: neither the text nor the exit code may differ."""
    tallies, texts = [], []
    for formats in [("text", "json"), ("markdown", "json")]:
        written = []
        files = tuple((tmp_path / f"report.{name}", name) for name in formats)
        terminal = io.BytesIO()
        tallies.append(run_check(request(), ReportRequest(files, "text"), 1,
                                 lambda path, name, written=written: written.append(path), terminal))
        assert written == [path for path, _name in files]
        texts.append(terminal.getvalue())
    streamed, whole = tallies
    assert streamed == whole and texts[0] == texts[1]
    plans = [p for p in (REPO / "plans").glob("*.yaml") if p.name not in NOT_PLANS]
    assert streamed.plans_checked == len(plans) and streamed.fails("red") and not streamed.errors


def test_an_agency_nobody_in_the_run_leads_is_a_clear_error():
    with pytest.raises(DhrCheckError, match="nothing in these plans is led, managed or maintained by 'Nobody'"):
        run_check(request("Nobody"), ReportRequest(), 1, lambda path, name: None)


def test_plans_are_discovered_once_per_run_however_many_outputs(tmp_path, monkeypatch):
    """Walking a national folder of plans is not free: the outputs are protected, the progress bar counted and
    the plans checked from one discovery."""
    from checker import discovery

    from .reporting import run

    calls, discover = [], discovery.discover_plans

    def counted(paths):
        calls.append(paths)
        return discover(paths)

    for module in [m for name, m in sys.modules.items() if name.startswith("checker")]:
        if getattr(module, "discover_plans", None) is discover:
            monkeypatch.setattr(module, "discover_plans", counted)
    code, _out, err = run("check", *PLANS, "--as-of", AS_OF.isoformat(), "-o", str(tmp_path / "report.json"),
                          "-o", str(tmp_path / "report.md"))
    assert code == 1, err
    assert len(calls) == 1
