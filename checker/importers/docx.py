"""Word action plans (.docx), read with python-docx.

Two shapes are common: the Home Office template, a table with columns
Recommendation / Scope / Action to take / Lead agency / Key milestones / Target
date / Date of completion and outcome (sometimes a RAG or progress indicator
column), and the published layout of "Recommendation N" headings over tables of
key actions. Both become `Row`s for `layout.read_rows`: each paragraph outside a
table is a row of one cell, each table row a row of cells.

python-docx returns the same cell object for every grid column and row a merged
cell covers. A cell spanning columns is kept once, in its first column; a cell
merged down over rows is marked `merged`, so it counts once as content but still
tells the rows below which recommendation or action they belong to.

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
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import PlanError, Problem
from .layout import Cell, Row, read_rows
from .result import ImportResult, Location, PlanBuilder
from .source import check_archive
from .values import lines_of

__all__ = ["read_docx", "FORM"]

FORM = "Word action plan"


def read_docx(raw: bytes, name: str) -> ImportResult:
    """Read a Word action plan. Raises `PlanError` when the file cannot be opened as a Word document."""
    check_archive(raw, name, "Word", ".docx")
    try:
        document = open_document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise PlanError([Problem(name, 1, 1, f"this Word document cannot be read ({error}). Open it in Word, "
                                             "save it again as a Word Document (.docx) and import that.")]) from None
    builder = PlanBuilder(name, FORM)
    read_rows(builder, _rows(document, name))
    return builder.result(raw)


def _rows(document, name: str) -> list[Row]:
    rows: list[Row] = []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            paragraphs += 1
            where = Location(name, len(rows) + 1, 1, f"paragraph {paragraphs}")
            rows.append(Row((Cell(_lines(block.text), where),), where))
        elif isinstance(block, Table):
            tables += 1
            rows.extend(_table_rows(block, tables, len(rows), name))
    return rows


def _table_rows(table: Table, number: int, before: int, name: str) -> list[Row]:
    rows = []
    first_seen: dict[object, Cell] = {}               # each merged cell is one element, however many it covers
    for row_number, row in enumerate(table.rows, start=1):
        line = before + row_number
        cells: list[Cell] = []
        previous = None
        for column, cell in enumerate(row.cells, start=1):
            element = cell._tc
            where = Location(name, line, column, f"table {number}, row {row_number}, column {column}")
            if element is previous:                       # spans this column too: keep it once, in its first column
                cells.append(Cell((), where))
                continue
            previous = element
            if element in first_seen:                     # merged down from a row above
                cells.append(replace(first_seen[element], merged=True))
                continue
            first_seen[element] = Cell(_cell_lines(cell), where, _fill(element))
            cells.append(first_seen[element])
        rows.append(Row(tuple(cells), Location(name, line, 1, f"table {number}, row {row_number}")))
    return rows


def _cell_lines(cell) -> tuple[str, ...]:
    """Every paragraph of the cell (those of tables inside it too), one entry per line."""
    lines: list[str] = []
    for paragraph in cell._tc.iter(qn("w:p")):
        lines.extend(_lines(Paragraph(paragraph, cell).text))
    return tuple(lines)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(lines_of(text))


def _fill(element) -> str | None:
    """The cell's background colour as RRGGBB, when it has one."""
    properties = element.tcPr
    shading = properties.find(qn("w:shd")) if properties is not None else None
    colour = shading.get(qn("w:fill")) if shading is not None else None
    return colour if colour and colour.lower() != "auto" else None
