"""The as-of date: bounded so that every report can be written for it (issue 16, item 6)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import PlanError
from checker.ruletests import collect_cases

from .common import REPO, write

BOLTON = str(REPO / "plans" / "bolton-adult-a.yaml")
FORMATS = ("txt", "html", "md", "json", "sarif", "xml", "csv", "xlsx")


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("args", [
    ("--as-of", "9999-12-31"),
    ("--as-of", "9999-12-31", "--format", "html"),
    ("--as-of", "9999-12-01", "--due-within", "3660"),
    ("--as-of", "2108-01-01", "-o", "{tmp}/r.xlsx"),
    ("--as-of", "20260201"),
    ("--as-of", "2026-W05-1"),
])
def test_an_as_of_date_no_report_can_hold_is_a_usage_error(tmp_path, args):
    code, err = _run("check", BOLTON, *(arg.format(tmp=tmp_path) for arg in args))
    assert code == 2
    assert "YYYY-MM-DD" in err or "1900-01-01 to 2099-12-31" in err
    assert "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("last, beyond", [("1900-01-01", "1899-12-31"), ("2099-12-31", "2100-01-01")])
def test_the_last_accepted_as_of_date_writes_every_format_and_the_next_is_refused(tmp_path, last, beyond):
    outputs = [arg for fmt in FORMATS for arg in ("-o", str(tmp_path / f"r.{fmt}"))]
    code, err = _run("check", BOLTON, "--as-of", last, "--due-within", "3660", *outputs)
    assert code in (0, 1), err
    assert all((tmp_path / f"r.{fmt}").stat().st_size > 0 for fmt in FORMATS)
    code, err = _run("check", BOLTON, "--as-of", beyond, "-o", str(tmp_path / "beyond.json"))
    assert code == 2 and "1900-01-01 to 2099-12-31" in err
    assert not (tmp_path / "beyond.json").exists()


def test_a_rule_test_case_as_of_date_must_be_yyyy_mm_dd(tmp_path):
    write(tmp_path, "# as-of: 20260201\nreview: {subject: A, community_safety_partnership: T}\n",
          "DHR-LEAD-001.test.yaml")
    with pytest.raises(PlanError) as raised:
        collect_cases(tmp_path)
    assert [(p.line, p.column) for p in raised.value.problems] == [(1, 1)]
