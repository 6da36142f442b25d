"""Word action plans (.docx), read with python-docx.

Two shapes are common: the Home Office template, a table with columns
Recommendation / Scope / Action to take / Lead agency / Key milestones / Target
date / Date of completion and outcome (sometimes a RAG or progress indicator
column), and the published layout of "Recommendation N" headings over tables of
key actions. Both become `Row`s for `layout.read_rows`: each paragraph outside a
table is a row of one cell, each table row a row of cells.

Table rows are read from the XML grid here rather than through python-docx's
`row.cells`, which follows each vertical merge up the table row by row (slow on
long merges) and raises on a merge with nothing above it. A cell spanning
columns is kept once, in its first column; a cell merged down over rows is
marked `merged`, so it counts once as content but still tells the rows below
which recommendation or action they belong to. A cell marked as merged with
the cell above when there is none is read as a cell of its own, with a note.

Locations: Word has no line numbers, so "line" N is the Nth paragraph or table
row from the top of the document and "column" the table column; the readable
form says "table 1, row 3, column 6".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from docx import Document as open_document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import PlanError, Problem
from .layout import Cell, Row, read_rows
from .result import ImportResult, Location, PlanBuilder
from .archive import check_archive
from .values import lines_of

__all__ = ["read_docx", "FORM", "MAX_TABLE_COLUMNS", "MAX_BLOCKS"]

FORM = "Word action plan"
MAX_TABLE_COLUMNS = 63
"""Word allows 63 columns in a table; a row spanning more is refused (a 10 MB file could claim millions)."""
MAX_BLOCKS = 20_000
"""Paragraphs and table rows: an action plan has hundreds; a document with more is refused."""


def read_docx(raw: bytes, name: str) -> ImportResult:
    """Read a Word action plan. Raises `PlanError` when the file cannot be opened as a Word document."""
    check_archive(raw, name, "Word", ".docx")
    try:
        document = open_document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise PlanError([Problem(name, 1, 1, f"this Word document cannot be read ({error}). Open it in Word, "
                                             "save it again as a Word Document (.docx) and import that.")]) from None
    builder = PlanBuilder(name, FORM)
    read_rows(builder, _rows(document, name, builder))
    return builder.result(raw)


def _rows(document, name: str, builder: PlanBuilder) -> list[Row]:
    rows: list[Row] = []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if len(rows) >= MAX_BLOCKS:
            raise _too_long(name)
        if isinstance(block, Paragraph):
            paragraphs += 1
            where = Location(name, len(rows) + 1, 1, f"paragraph {paragraphs}")
            rows.append(Row((Cell(_lines(block.text), where),), where))
        elif isinstance(block, Table):
            tables += 1
            rows.extend(_table_rows(block, tables, len(rows), name, builder))
    return rows


def _table_rows(table: Table, number: int, before: int, name: str, builder: PlanBuilder) -> list[Row]:
    rows = []
    above: dict[int, Cell] = {}                       # grid column -> the cell that starts there in the row above
    for row_number, tr in enumerate(table._tbl.tr_lst, start=1):
        line = before + row_number
        if line > MAX_BLOCKS:
            raise _too_long(name)
        try:
            cells, above = _grid_row(tr, table, above, name, line, f"table {number}, row {row_number}", builder)
        except (ValueError, InvalidXmlError) as error:          # a gridSpan, gridBefore or vMerge Word would not write
            raise PlanError([Problem(name, line, 1, f"table {number}, row {row_number} cannot be read ({error}). "
                                                    "Open the document in Word, save it again as a Word "
                                                    "Document (.docx) and import that.")]) from None
        rows.append(Row(tuple(cells), Location(name, line, 1, f"table {number}, row {row_number}")))
    return rows


def _grid_row(tr, table: Table, above: dict[int, Cell], name: str, line: int, row_name: str,
              builder: PlanBuilder) -> tuple[list[Cell], dict[int, Cell]]:
    """One table row as a cell per grid column, and the cells it starts, for the row below."""
    def where(column: int) -> Location:
        return Location(name, line, column, f"{row_name}, column {column}")

    def too_wide() -> PlanError:
        return PlanError([Problem(name, line, 1, f"{row_name} spans more than {MAX_TABLE_COLUMNS} columns, more "
                                                 "than Word allows in a table. Open the document in Word, save it "
                                                 "again as a Word Document (.docx) and import that.")])

    offset = max(tr.grid_before, 0)
    if offset > MAX_TABLE_COLUMNS:
        raise too_wide()
    cells = [Cell((), where(column)) for column in range(1, offset + 1)]
    starts: dict[int, Cell] = {}
    for tc in tr.tc_lst:
        span = max(tc.grid_span, 1)
        if offset + span > MAX_TABLE_COLUMNS:
            raise too_wide()
        top = above.get(offset) if tc.vMerge == "continue" else None
        if top is not None:                               # merged down from the row above
            cell = replace(top, merged=True)
            starts[offset] = top
            for text in _cell_lines(tc, table):           # Word shows the merged cell's own text, not this
                builder.leave(where(offset + 1), text, "this cell is merged with the cell above it, whose text "
                                                       "is used; this text was not")
        else:
            if tc.vMerge == "continue":
                builder.notes.append(f"{where(offset + 1).describe()} is marked as merged with the cell above, "
                                     "but there is no cell above it; it was read as a cell of its own")
            cell = Cell(_cell_lines(tc, table), where(offset + 1), _fill(tc))
            starts[offset] = cell
        cells.append(cell)
        cells.extend(Cell((), where(column)) for column in range(offset + 2, offset + span + 1))
        offset += span                                    # spans these columns too: kept once, in its first column
    return cells, starts


def _too_long(name: str) -> PlanError:
    return PlanError([Problem(name, MAX_BLOCKS + 1, 1, f"the document has more than {MAX_BLOCKS:,} paragraphs "
                                                      "and table rows, more than an action plan; import the "
                                                      "action plan on its own.")])


def _cell_lines(tc, table: Table) -> tuple[str, ...]:
    """Every paragraph of the cell (those of tables inside it too), one entry per line."""
    lines: list[str] = []
    for paragraph in tc.iter(qn("w:p")):
        lines.extend(_lines(Paragraph(paragraph, table).text))
    return tuple(lines)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(lines_of(text))


def _fill(element) -> str | None:
    """The cell's background colour as RRGGBB, when it has one."""
    properties = element.tcPr
    shading = properties.find(qn("w:shd")) if properties is not None else None
    colour = shading.get(qn("w:fill")) if shading is not None else None
    return colour if colour and colour.lower() != "auto" else None
