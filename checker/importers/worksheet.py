"""One worksheet of an Excel tracker read within bounds: the cells it holds, however large it claims to be.

openpyxl's ordinary mode makes an object for every cell of every merged range (17 billion for
a range over the whole sheet), and walking a sheet's rectangle up to its last cell makes 327
million for one stray cell at XFD19999. So the sheet is read in three bounded steps:

1. A survey of the sheet's XML (lxml, fast) refuses a sheet with more rows, cells, merged ranges
   or XML elements than a tracker can have, before anything is built from it, and notes the
   formulas Excel has not worked out.
2. openpyxl's sheet parser streams the rows, giving only the cells that are in the file, as
   openpyxl's own read-only worksheets do (it is openpyxl's `WorkSheetParser`, hence the pin
   below 3.2 in pyproject.toml).
3. Rows are built from those cells: columns right of `MAX_COLUMNS` are not read (what they hold
   is reported, not dropped), and merged ranges are clipped to the rows and columns read.

A cell merged down over several rows belongs to each of them, as in Word; the text of a cell
hidden under a merged range (Excel shows only the range's first cell) is reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace

from lxml import etree
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.formula.translate import Translator
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.xml.constants import SHEET_MAIN_NS

from ..errors import PlanError, Problem
from .layout import Cell, Row
from .result import Location, PlanBuilder
from .values import lines_of

__all__ = ["read_sheet", "CellBudget", "MAX_ROWS", "MAX_COLUMNS", "MAX_CELLS", "MAX_MERGED_RANGES",
           "MAX_XML_ELEMENTS", "cell_lines"]

MAX_ROWS = 20_000
"""A tracker for one review has tens of rows; a sheet with cells below this row is refused."""
MAX_COLUMNS = 200
"""A tracker has a column per field; cells right of this column are reported as not read."""
MAX_CELLS = 50_000
"""Cells written in the whole workbook (empty formatted ones included); a workbook with more is refused.
A review's tracker has hundreds; this bound keeps the worst workbook to a few seconds."""
MAX_MERGED_RANGES = 10_000
"""Merged ranges on one sheet; a tracker has tens."""
MAX_XML_ELEMENTS = 2_000_000
"""XML elements in one sheet (a cell is two or three): bounds the counting pass itself."""

_ROW, _CELL, _MERGE, _FORMULA, _VALUE = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("row", "c", "mergeCell", "f", "v"))


@dataclass
class CellBudget:
    """Cells left to read in this workbook, shared by its sheets."""

    left: int = MAX_CELLS


@dataclass(frozen=True)
class _Merge:
    ref: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def read_sheet(sheet, name: str, budget: CellBudget, builder: PlanBuilder) -> list[Row]:
    """The sheet as rows of cells, one per row from row 1 to the last row holding a cell.

    `sheet` is from a workbook opened read-only with `data_only` (the values Excel worked out).
    Raises `PlanError` when the sheet is beyond the bounds above or cannot be read.
    """
    try:
        unworked = _survey(sheet, name, budget)
        cells, merges = _stream(sheet, name)
    except PlanError:
        raise
    except Exception as error:  # any failure inside openpyxl or the XML parser means a bad file, not a bug here
        raise PlanError([Problem(name, 1, 1, f"sheet '{sheet.title}' of this Excel file cannot be read ({error}). "
                                             "Open it in Excel, save it again as an Excel Workbook (.xlsx) and "
                                             "import that.")]) from None
    return _rows(cells, unworked, merges, sheet.title, name, builder)


def _survey(sheet, name: str, budget: CellBudget) -> dict[tuple[int, int], str]:
    """Refuse the sheet before reading it when it holds more than a tracker can; note formulas with no value.

    lxml reads the XML here (fast, no entities resolved, no network, no huge trees), keeping no
    finished row in memory. Returns (row, column) -> formula for each formula cell Excel has not
    worked out, so the one read of the sheet for values (below) is enough.
    """
    rows = cells = merges = elements = depth = 0
    unworked: dict[tuple[int, int], str] = {}
    shared: dict[str, tuple[str, str]] = {}            # shared formula id -> (formula, cell it is written in)
    with sheet._get_source() as source:                 # the sheet's XML in the archive, as openpyxl opens it
        for event, element in etree.iterparse(source, events=("start", "end"), resolve_entities=False,
                                              no_network=True, load_dtd=False, huge_tree=False):
            if event == "start":
                depth += 1
                continue
            depth -= 1
            elements += 1
            if element.tag == _CELL:
                cells += 1
                if cells > budget.left:
                    raise _refused(name, f"the workbook holds more than {MAX_CELLS:,} cells")
                _note_formula(element, shared, unworked)
            elif element.tag == _ROW:
                rows += 1
                if rows > MAX_ROWS:
                    raise _too_many_rows(name)
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            elif element.tag == _MERGE:
                merges += 1
                if merges > MAX_MERGED_RANGES:
                    raise _refused(name, f"sheet '{sheet.title}' has more than {MAX_MERGED_RANGES:,} merged "
                                         "ranges")
            if elements > MAX_XML_ELEMENTS:
                raise _refused(name, f"sheet '{sheet.title}' has more than {MAX_XML_ELEMENTS:,} XML elements")
            if depth == 1:                             # a part of the sheet (sheetData, mergeCells, ...) is done
                element.clear()
    budget.left -= cells
    return unworked


def _note_formula(cell, shared: dict[str, tuple[str, str]], unworked: dict[tuple[int, int], str]) -> None:
    """A formula cell with no value: its formula, as openpyxl would give it (shared formulas translated)."""
    formula = cell.find(_FORMULA)
    if formula is None:
        return
    coordinate = cell.get("r")
    text = "=" + (formula.text or "")
    if formula.get("t") == "shared":
        key = formula.get("si")
        if formula.text:
            shared.setdefault(key, (text, coordinate))
        elif key in shared and coordinate:
            text = Translator(*shared[key]).translate_formula(coordinate)
    if cell.findtext(_VALUE) or not coordinate:
        return
    unworked[coordinate_to_tuple(coordinate)] = text


def _parser(sheet) -> WorkSheetParser:
    workbook = sheet.parent
    return WorkSheetParser(sheet._get_source(), sheet._shared_strings, data_only=workbook.data_only,
                           epoch=workbook.epoch, date_formats=workbook._date_formats,
                           timedelta_formats=workbook._timedelta_formats)


def _stream(sheet, name: str) -> tuple[dict[int, dict[int, ReadOnlyCell]], list[_Merge]]:
    """Row number -> column -> cell, for the cells in the file only, and the sheet's merged ranges."""
    workbook = sheet.parent
    source = sheet._get_source()
    parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                             date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
    cells: dict[int, dict[int, ReadOnlyCell]] = {}
    try:
        for _number, row in parser.parse():
            for cell in row:
                if cell["row"] > MAX_ROWS:
                    raise _too_many_rows(name)
                cells.setdefault(cell["row"], {})[cell["column"]] = ReadOnlyCell(sheet, **cell)
    finally:
        source.close()
    merges = []
    for merged in (parser.merged_cells.mergeCell if parser.merged_cells else []):
        bounds = CellRange(merged.ref)
        merges.append(_Merge(merged.ref, bounds.min_row, bounds.min_col, bounds.max_row, bounds.max_col))
    return cells, merges


def _rows(cells: dict[int, dict[int, ReadOnlyCell]], unworked: dict[tuple[int, int], str], merges: list[_Merge],
          title: str, name: str, builder: PlanBuilder) -> list[Row]:
    last_row = max(cells, default=0)

    def where(row: int, column: int) -> Location:
        return Location(name, row, column, f"sheet '{title}', cell {get_column_letter(column)}{row}")

    merges = _clipped(merges, last_row, title, name)
    by_first_row: dict[int, list[_Merge]] = {}
    for merge in merges:
        by_first_row.setdefault(merge.min_row, []).append(merge)
    active: list[_Merge] = []
    top_cells: dict[_Merge, Cell | None] = {}          # one copy per range, shared by its rows
    rows: list[Row] = []
    for number in range(1, last_row + 1):
        active = sorted([m for m in active if m.max_row >= number] + by_first_row.get(number, []),
                        key=lambda m: m.min_col)
        starts = [m.min_col for m in active]
        row_cells: dict[int, Cell] = {}
        for column, cell in sorted(cells.get(number, {}).items()):
            here = where(number, column)
            content = Cell(cell_lines(cell.value), here, cell_fill(cell))
            if cell.value is None and (number, column) in unworked:
                builder.leave(here, unworked[(number, column)], "a formula Excel has not worked out yet; open the file "
                                                                "in Excel, save it, and import again")
            if column > MAX_COLUMNS:
                for line in content.paragraphs:
                    builder.leave(here, line, f"in column {get_column_letter(column)}, right of column "
                                              f"{get_column_letter(MAX_COLUMNS)}, the last column a tracker is "
                                              "read to; it was not read")
                continue
            index = bisect.bisect_right(starts, column) - 1
            covering = active[index] if index >= 0 and active[index].max_col >= column else None
            if covering is not None and (covering.min_row, covering.min_col) != (number, column):
                for line in content.paragraphs:
                    builder.leave(here, line, f"hidden under the merged range {covering.ref}, which shows only the "
                                              "text of its first cell; it was not read")
                continue
            if covering is not None:                    # the first cell of a merged range, copied to the rows below
                top_cells[covering] = replace(content, merged=True) if content.paragraphs or content.fill else None
            if content.paragraphs or content.fill:
                row_cells[column] = content
        for merge in active:                            # a cell merged down belongs to every row it covers
            below = top_cells.get(merge)
            if merge.min_row < number and below is not None:
                row_cells[merge.min_col] = below
        row_where = Location(name, number, 1, f"sheet '{title}', row {number}")
        blank = Cell((), row_where)
        width = max(row_cells, default=0)
        rows.append(Row(tuple(row_cells.get(column, blank) for column in range(1, width + 1)), row_where))
    return rows


def _clipped(merges: list[_Merge], last_row: int, title: str, name: str) -> list[_Merge]:
    """Merged ranges cut to the rows and columns read; ranges that overlap (Excel never writes them) refused."""
    clipped = [replace(m, max_row=min(m.max_row, last_row), max_col=min(m.max_col, MAX_COLUMNS))
               for m in merges if m.min_row <= last_row and m.min_col <= MAX_COLUMNS]
    covered = sum((m.max_row - m.min_row + 1) * (m.max_col - m.min_col + 1) for m in clipped)
    if covered > last_row * MAX_COLUMNS:
        raise _refused(name, f"merged ranges on sheet '{title}' overlap, which Excel does not allow; the file "
                             "was not written by Excel")
    return clipped


def cell_lines(value: object) -> tuple[str, ...]:
    """A cell's value as lines of text; dates as 31/12/2016 (a time of day is not part of a plan's dates)."""
    if value is None:
        return ()
    if isinstance(value, (dt.datetime, dt.date)):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    return tuple(lines_of(text))


def cell_fill(cell) -> str | None:
    """A solid fill's colour as RRGGBB; theme colours, which need the workbook's theme, by name only."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None:
        return None
    colour = fill.fgColor
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:]
    if colour.type == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[colour.indexed][-6:]
    if colour.type == "theme":
        return f"theme colour {colour.theme}"
    return None


def _refused(name: str, why: str) -> PlanError:
    return PlanError([Problem(name, 1, 1, f"{why}, more than a tracker for one review can hold, so it was not "
                                          "read. Import one review's actions at a time, from a sheet that holds "
                                          "only them.")])


def _too_many_rows(name: str) -> PlanError:
    return PlanError([Problem(name, MAX_ROWS + 1, 1, f"the tracker has more than {MAX_ROWS:,} rows. Import one "
                                                     "review's actions at a time.")])
