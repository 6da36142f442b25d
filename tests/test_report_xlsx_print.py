"""The XLSX tracker's print setup read back with openpyxl: A4 landscape, fitted to the page width, the
heading row repeated on every page, and rows tall enough for their wrapped text."""

from __future__ import annotations

import contextlib
import math

import openpyxl
import pytest

from checker.report.xlsx import WIDTHS

from .common import REPO
from .reporting import AS_OF, run, without_source_date_epoch

LINE = 12.0
"""Points: the least a line of the default 11-point font needs."""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx-print") / "tracker.xlsx"
    with contextlib.chdir(REPO):
        code, _out, err = run("check", "plans", "--as-of", AS_OF, "--output", str(path),
                              env=without_source_date_epoch())
    assert code == 1, err
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("name", ["Actions", "Findings", "About this run"])
def test_each_sheet_prints_landscape_on_a4_fitted_to_the_page_width(workbook, name):
    sheet = workbook[name]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0          # as many pages long as the rows need


@pytest.mark.parametrize("name", ["Actions", "Findings"])
def test_the_heading_row_repeats_on_every_printed_page(workbook, name):
    assert workbook[name].print_title_rows == "$1:$1"


@pytest.mark.parametrize("name", ["Actions", "Findings"])
def test_rows_are_tall_enough_for_their_wrapped_text(workbook, name):
    """Each row at least as tall as its longest cell needs: a line of a column `width` wide holds at most
    `width` characters of text, so fewer lines than that cannot show it, and the text would be cut off or
    run under the next row."""
    sheet = workbook[name]
    headings = [cell.value for cell in sheet[1]]
    tall = 0
    for row in sheet.iter_rows():
        needed = 1
        for heading, cell in zip(headings, row):
            if isinstance(cell.value, str):
                width = WIDTHS.get(heading, 18)
                needed = max(needed, sum(max(math.ceil(len(part) / width), 1) for part in cell.value.split("\n")))
        height = sheet.row_dimensions[row[0].row].height
        if needed > 1:
            tall += 1
            assert height is not None and height >= needed * LINE, (row[0].row, needed, height)
            assert all(cell.alignment.wrap_text for cell in row if cell.value is not None)
    assert tall > 0
