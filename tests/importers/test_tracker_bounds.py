"""Excel trackers that claim to be huge: small files with a merged range over the whole sheet, a merged
row 16,000 columns wide, one cell at XFD19999, or more cells than a tracker holds.

Each is imported by `dhr-check` in a process of its own under 500 MB of address space, with a 30 s
hang guard (see tests/bounded.py), and must be read (what cannot be read reported) or refused.
"""

from __future__ import annotations

import openpyxl
import pytest
import yaml
from openpyxl.worksheet.cell_range import CellRange

from checker.errors import PlanError
from checker.importers import import_plan
from checker.importers.worksheet import MAX_CELLS

from ..bounded import bounded_dhr_check

TRACKER = [["CSP: Northvale"], ["DHR: Adult Q"], ["Recommendation", "Action", "Lead agency", "Target date"],
           ["1. That the police improve.", "Refresher training.", "Northvale Police", "31/12/2026"]]


def tracker(path, merged: str | None = None, **cells):
    """The small tracker, with a merged range recorded as it is in the file and extra cells by coordinate.

    openpyxl's own `merge_cells` would make an object for every cell of the range, so the range is added
    to the sheet's list as Excel writes it.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actions"
    for row in TRACKER:
        sheet.append(row)
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    if merged:
        sheet.merged_cells.add(CellRange(merged))
    book.save(path)
    return path


def imported(tmp_path, source):
    out = tmp_path / "plan.yaml"
    done = bounded_dhr_check("import", str(source), "-o", str(out))
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    return done, out


@pytest.mark.parametrize("merged", ["A6:XFD1048576", "A6:WPZ6", "A1:XFD1048576"])
def test_a_huge_merged_range_is_clipped_to_the_cells_read(tmp_path, merged):
    source = tracker(tmp_path / "tracker.xlsx", merged, E2000="checked")     # a note far down the sheet
    assert source.stat().st_size < 10_000
    done, out = imported(tmp_path, source)
    if merged.startswith("A1:"):                       # the whole sheet is one cell: no headings are left to read
        assert done.returncode == 2 and f"{source}:1:1: no row of column headings" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert plan["recommendations"][0]["actions"][0]["description"] == "Refresher training."


def test_one_cell_at_xfd19999_is_reported_not_walked_to(tmp_path):
    source = tracker(tmp_path / "tracker.xlsx", XFD19999="stray note")
    done, out = imported(tmp_path, source)
    assert done.returncode == 0, done.stderr
    assert f'{source}:19999:16384: sheet \'Actions\', cell XFD19999: "stray note": in column XFD, right of ' \
           "column GR" in done.stdout + done.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["recommendations"][0]["actions"][0]["lead_agency"] \
        == "Northvale Police"


def test_text_hidden_under_a_merged_range_is_reported(tmp_path):
    result = import_plan(tracker(tmp_path / "tracker.xlsx", "C4:D4"))       # D4's date is under C4's merge
    assert [(x.location.describe(), x.text) for x in result.leftovers] == [("sheet 'Actions', cell D4",
                                                                          "31/12/2026")]
    assert "hidden under the merged range C4:D4" in result.leftovers[0].reason
    assert result.document.data["recommendations"][0]["actions"][0]["lead_agency"] == "Northvale Police"


def test_overlapping_merged_ranges_are_refused(tmp_path):
    path = tmp_path / "tracker.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in TRACKER:
        sheet.append(row)
    sheet["A3000"] = "end"
    for first in range(59, 0, -1):                   # 59 ranges over nearly the same 3,000 rows by 200 columns
        sheet.merged_cells.add(CellRange(min_col=first, min_row=5, max_col=200, max_row=3000))
    book.save(path)
    with pytest.raises(PlanError, match="merged ranges on sheet 'Sheet' overlap"):
        import_plan(path)


def test_a_workbook_with_more_cells_than_a_tracker_holds_is_refused(tmp_path):
    path = tmp_path / "tracker.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in TRACKER:
        sheet.append(row)
    for _ in range(MAX_CELLS // 10):
        sheet.append(["x"] * 10)
    book.save(path)
    done, _out = imported(tmp_path, path)
    assert done.returncode == 2
    assert f"{path}:1:1: the workbook holds more than {MAX_CELLS:,} cells" in done.stderr
