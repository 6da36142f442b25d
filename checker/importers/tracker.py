"""Trackers kept by the partnership: Excel workbooks (.xlsx, read with openpyxl) and CSV files.

One row per action under a row of column headings. The heading row is found by
its names (see `columns.py`), wherever it is in the first rows of the first
sheet that has one; anything above it ("CSP: Bolton", "DHR: Adult A") is read
like a published plan's opening lines. A RAG may be written as a word or shown
only as the cell's fill colour. A cell merged down over several rows belongs to
each of them, as in Word.

Locations are the spreadsheet's own: line = row, column = column number, and
the readable form names the sheet and cell ("sheet 'Actions', cell D5").
"""

from __future__ import annotations

import csv
import io

import openpyxl

from ..errors import PlanError, Problem
from .cells import SourceCell
from .columns import ColumnMap, guidance_row, heading_row
from .layout import Cell, Row
from .preamble import read_preamble
from .result import ImportResult, Location, PlanBuilder
from .archive import check_archive
from .source import decode_text
from .table import ActionTable
from .worksheet import MAX_ROWS, CellBudget, cell_lines, read_sheet

__all__ = ["read_xlsx", "read_csv", "FORM", "MAX_ROWS", "HEADER_SEARCH_ROWS"]

FORM = "tracker"
HEADER_SEARCH_ROWS = 50
"""How far down a sheet the row of column headings is looked for."""

Grid = list[Row]


def read_xlsx(raw: bytes, name: str, column_map: ColumnMap | None = None, sheet: str | None = None) -> ImportResult:
    """Read the actions of an Excel tracker. Raises `PlanError` when no row of column headings is found."""
    check_archive(raw, name, "Excel", ".xlsx")
    try:                                   # read-only: sheets are streamed within bounds by `worksheet`
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # any failure inside openpyxl to open the file means a bad file, not a bug here
        raise PlanError([Problem(name, 1, 1, f"this Excel file cannot be read ({error}). Open it in Excel, save "
                                             "it again as an Excel Workbook (.xlsx) and import that.")]) from None
    try:
        return _read_workbook(values, raw, name, column_map or ColumnMap(), sheet)
    finally:
        values.close()


def _read_workbook(values, raw: bytes, name: str, column_map: ColumnMap,
                   sheet: str | None) -> ImportResult:
    wanted = sheet or column_map.sheet
    if wanted is not None and wanted not in values.sheetnames:
        raise PlanError([Problem(name, 1, 1, f"there is no sheet '{wanted}'; the sheets are "
                                             f"{', '.join(repr(s) for s in values.sheetnames)}.")])
    builder = PlanBuilder(name, FORM)
    budget = CellBudget()
    grids = {}
    for worksheet in values.worksheets:
        if wanted is None or worksheet.title == wanted:
            grids[worksheet.title] = read_sheet(worksheet, name, budget, builder)
    chosen = next((title for title, grid in grids.items()
                   if _header_index(grid, column_map) is not None), None) if wanted is None else wanted
    if chosen is None or _header_index(grids[chosen], column_map) is None:
        raise _no_headings(name, chosen)
    _read_grid(builder, grids[chosen], column_map)
    for title, grid in grids.items():
        if title != chosen:
            _leave_sheet(builder, grid, title, chosen)
    for worksheet in values.worksheets:
        if worksheet.title not in grids:
            _leave_sheet(builder, read_sheet(worksheet, name, budget, builder),
                         worksheet.title, chosen)
    return builder.result(raw)


def read_csv(raw: bytes, name: str, column_map: ColumnMap | None = None) -> ImportResult:
    """Read the actions of a tracker saved as CSV (comma, semicolon or tab separated)."""
    text, note = decode_text(raw, name)
    builder = PlanBuilder(name, FORM)
    if note:
        builder.notes.append(note)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:       # e.g. 'CSP:;Northshire' lines above the headings have fewer cells than the table
        dialect = csv.excel
    column_map = column_map or ColumnMap()
    grid = _csv_grid(text, name, dialect)
    for delimiter in (",", ";", "\t"):             # the sniffer can be wrong: take the one that finds headings
        if _header_index(grid, column_map) is not None:
            break
        grid = _csv_grid(text, name, _with_delimiter(delimiter))
    if _header_index(grid, column_map) is None:
        raise _no_headings(name, None)
    _read_grid(builder, grid, column_map)
    return builder.result(raw)


def _csv_grid(text: str, name: str, dialect) -> Grid:
    grid: Grid = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if number > MAX_ROWS:
                raise _too_many(name)
            cells = tuple(Cell(cell_lines(value), Location(name, number, column, f"row {number}, column {column}"))
                          for column, value in enumerate(record, start=1))
            grid.append(Row(cells, Location(name, number, 1, f"row {number}")))
    except csv.Error as error:
        raise PlanError([Problem(name, len(grid) + 1, 1, f"this CSV file cannot be read ({error}). Open it in "
                                                         "Excel and save it again as CSV.")]) from None
    return grid


def _with_delimiter(delimiter: str) -> type[csv.Dialect]:
    return type("Delimited", (csv.excel,), {"delimiter": delimiter})


def _header_index(grid: Grid, column_map: ColumnMap) -> int | None:
    own = column_map.lookup()
    if column_map.header_row is not None:
        index = column_map.header_row - 1
        if index < len(grid) and heading_row([c.text for c in grid[index].cells], own) is not None:
            return index
        return None
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        if heading_row([cell.text for cell in row.cells], own) is not None:
            return index
    return None


def _read_grid(builder: PlanBuilder, grid: Grid, column_map: ColumnMap) -> None:
    header = _header_index(grid, column_map)
    assert header is not None, "callers check for the heading row first"
    _read_preamble(builder, grid[:header])
    headings = [cell.text for cell in grid[header].cells]
    targets = heading_row(headings, column_map.lookup()) or []
    builder.skip(grid[header].where, " | ".join(text for text in headings if text), "rows of column headings")
    table = ActionTable(builder)
    for row in grid[header + 1:]:
        if not row.filled:
            continue
        if guidance_row([cell.text for cell in row.cells]):
            for cell in row.filled:
                builder.skip(cell.where, cell.text, "the template's guidance under its column headings")
            continue
        cells = [SourceCell(targets[index] if index < len(targets) else None,
                            headings[index] if index < len(headings) else "", cell.paragraphs,
                            cell.source_where, cell.fill)
                 for index, cell in enumerate(row.cells)]
        table.add_row(cells, row.where)
    table.finish()


def _read_preamble(builder: PlanBuilder, rows: Grid) -> None:
    """Cells above the headings: 'CSP: Bolton' in one cell, or 'CSP:' with 'Bolton' in the next."""
    paragraphs: list[tuple[Location, str]] = []
    for row in rows:
        filled = row.filled
        index = 0
        while index < len(filled):
            cell = filled[index]
            if cell.text.endswith(":") and index + 1 < len(filled):
                paragraphs.append((cell.where, f"{cell.text} {filled[index + 1].text}"))
                index += 2
                continue
            paragraphs.extend((cell.where, paragraph) for paragraph in cell.paragraphs)
            index += 1
    read_preamble(builder, paragraphs)


def _leave_sheet(builder: PlanBuilder, grid: Grid, title: str, chosen: str | None) -> None:
    for row in grid:
        for cell in row.filled:
            builder.leave(cell.where, cell.text, f"on sheet '{title}', which was not imported (the actions were "
                                                 f"read from sheet '{chosen}'; choose another with --sheet)")


def _no_headings(name: str, sheet: str | None) -> PlanError:
    where = f"sheet '{sheet}'" if sheet else "the file"
    return PlanError([Problem(name, 1, 1, f"no row of column headings was found in the first {HEADER_SEARCH_ROWS} "
                                          f"rows of {where}. The tracker needs a heading row with a column for the "
                                          "action's text (e.g. 'Action' or 'Key action') and others such as "
                                          "'Recommendation', 'Lead agency', 'Target date', 'RAG'. If your "
                                          "headings are different, map them in a column mapping file and "
                                          "import with --columns MAPPING.yaml (see the README).")])


def _too_many(name: str) -> PlanError:
    return PlanError([Problem(name, MAX_ROWS + 1, 1, f"the tracker has more than {MAX_ROWS:,} rows. Import one "
                                                     "review's actions at a time.")])
