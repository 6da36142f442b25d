"""Streamed reports are the reports: the same bytes as the run held whole, however the parts are buffered."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json

import pytest

from checker import spool
from checker.check import RunResult, check_paths, iter_check
from checker.provenance import RunSettings
from checker.report import json_report, text
from checker.report.streaming import plan_piece, write_streamed

from .common import REPO, SHIPPED_RULES

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture
def paths(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("review: {subject: X, community_safety_partnership: Y}\nrecomendations: []\n", encoding="utf-8")
    return [REPO / "plans" / "bolton-adult-a.yaml", bad, tmp_path / "missing.yaml", REPO / "plans"]


def whole(paths) -> RunResult:
    result = check_paths(paths, SHIPPED_RULES, AS_OF)
    result.settings = RunSettings(tuple(map(str, paths)))
    return result


def streamed(paths, formats=("text", "json")) -> dict[str, str]:
    """What `dhr-check check PATHS` writes: the head knows the paths given, never the plans."""
    head = RunResult(AS_OF, SHIPPED_RULES, settings=RunSettings(tuple(map(str, paths))))
    sinks = {name: io.BytesIO() for name in formats}
    keep = functools.partial(plan_piece, formats, head)
    write_streamed(head, iter_check(paths, SHIPPED_RULES, AS_OF, keep=keep), list(sinks.items()))
    return {name: sink.getvalue().decode("utf-8") for name, sink in sinks.items()}


def test_streamed_json_is_the_whole_run_as_json(paths):
    result = whole(paths)
    assert result.errors and result.plans                    # a mixed run: good plans and bad files
    assert streamed(paths)["json"] == json.dumps(json_report.as_data(result), indent=2, ensure_ascii=False) + "\n"


def test_streamed_text_is_the_whole_run_as_text(paths):
    assert streamed(paths)["text"] == text.render(whole(paths))


def test_parts_spilled_to_disk_change_nothing(paths, monkeypatch):
    in_memory = streamed(paths)
    monkeypatch.setattr(spool, "IN_MEMORY_BYTES", 64)
    monkeypatch.setattr(spool, "COPY_BYTES", 5)
    monkeypatch.setattr(spool, "SORTED_RUN", 2)
    assert streamed(paths) == in_memory


def test_an_empty_run_is_still_a_complete_report(tmp_path):
    reports = streamed([tmp_path / "nothing-here.yaml"])
    data = json.loads(reports["json"])
    assert data["plans"] == [] and data["findings"] == [] and len(data["errors"]) == 1
    assert reports["text"].startswith(f"dhr-check: as of 2026-03-31, {len(SHIPPED_RULES)} rules, 0 plans checked, "
                                      "1 file could not")
