"""The XLSX tracker read back with openpyxl: one row per action, coloured RAG cells, the same bytes every run.

The bundled plans checked with the small fixture rule set: the workbook is under test, not the shipped rules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import openpyxl
import pytest

from checker.report.tracker import COLUMNS, PLAN_WIDE

from .common import REPO, SMALL
from .reporting import AS_OF, run, without_source_date_epoch


def write_tracker(folder, *extra, env=None):
    path = folder / "tracker.xlsx"
    with contextlib.chdir(REPO):
        code, _out, err = run("check", "plans", *SMALL, "--as-of", AS_OF, "--output", str(path), *extra,
                              env=env if env is not None else without_source_date_epoch())
    assert code == 1, err
    return path


@pytest.fixture(scope="module")
def workbook_and_result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xlsx")
    with contextlib.chdir(REPO):
        result = json.loads(run("check", "plans", *SMALL, "--as-of", AS_OF, "--format", "json")[1])
    return openpyxl.load_workbook(write_tracker(folder)), result


def test_sheets_and_header(workbook_and_result):
    workbook, _result = workbook_and_result
    assert workbook.sheetnames == ["Actions", "Findings", "About this run"]
    assert tuple(cell.value for cell in workbook["Actions"][1]) == COLUMNS


def test_one_row_per_action_with_its_ratings(workbook_and_result):
    workbook, result = workbook_and_result
    sheet = workbook["Actions"]
    column = {name: index for index, name in enumerate(COLUMNS)}
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=2)]
    action_rows = [row for row in rows if row[column["Action"]] is not None]
    expected = [(plan["subject"], rec["number"], action["number"], action["rag"], action["self_rag"])
                for plan in result["plans"] for rec in plan["recommendations"] for action in rec["actions"]]
    assert [(row[column["Plan"]], row[column["Recommendation"]], row[column["Action"]],
             row[column["Suggested RAG"]], row[column["Self-assessed RAG"]]) for row in action_rows] == expected
    # every finding appears in the tracker, including those about a plan as a whole
    assert sum(row[column["Findings"]] for row in rows) == len(result["findings"])
    assert any(row[column["What the agency will do"]] == PLAN_WIDE for row in rows)


def test_rag_cells_are_coloured_and_dates_are_dates(workbook_and_result):
    workbook, _result = workbook_and_result
    sheet = workbook["Actions"]
    suggested = COLUMNS.index("Suggested RAG") + 1
    target = COLUMNS.index("Target date") + 1
    fills = {}
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, suggested)
        fills.setdefault(cell.value, set()).add((cell.fill.fgColor.rgb[-6:], cell.font.color.rgb[-6:]))
    assert fills["red"] == {("B3261E", "FFFFFF")}
    assert fills["amber"] == {("F0B400", "1B1B1B")}
    assert fills["green"] == {("1E7B34", "FFFFFF")}
    dates = [sheet.cell(row, target).value for row in range(2, sheet.max_row + 1)]
    assert dt.datetime(2026, 4, 10) in dates and all(d is None or isinstance(d, dt.datetime) for d in dates)


def test_findings_and_provenance_sheets(workbook_and_result):
    workbook, result = workbook_and_result
    findings = workbook["Findings"]
    assert [row[0].value for row in findings.iter_rows(min_row=2)] == [f["id"] for f in result["findings"]]
    about = {row[0].value: row[1].value for row in workbook["About this run"].iter_rows()}
    assert about["As of"] == AS_OF
    assert about["Rule set SHA-256"] == result["provenance"]["rule_set_sha256"]
    for plan in result["plans"]:
        assert about[plan["file"]] == plan["sha256"]


def test_same_inputs_give_the_same_bytes(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = write_tracker(tmp_path / "a")
    assert first.read_bytes() == write_tracker(tmp_path / "b").read_bytes()
    assert openpyxl.load_workbook(first).properties.created == dt.datetime(2026, 3, 31)


def test_source_date_epoch_fixes_the_workbook_dates(tmp_path):
    path = write_tracker(tmp_path, env={"SOURCE_DATE_EPOCH": "1775001600"})      # 2026-04-01T00:00:00Z
    first = path.read_bytes()
    properties = openpyxl.load_workbook(path).properties
    assert properties.created == properties.modified == dt.datetime(2026, 4, 1)
    assert write_tracker(tmp_path, env={"SOURCE_DATE_EPOCH": "1775001600"}).read_bytes() == first
