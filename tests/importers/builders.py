"""Word and Excel fixtures built from code, so each test shows the source it reads.

`word_plan` builds a .docx from paragraphs and tables; a table cell may be text
(lines separated by "\\n" become paragraphs), `Merge.DOWN` / `Merge.RIGHT` to
merge it with the cell above / to its left, or `Fill(colour, text)` for a
shaded cell. `workbook` builds an .xlsx from sheets of rows in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import PatternFill


class Merge(Enum):
    DOWN = "down"
    RIGHT = "right"


@dataclass(frozen=True)
class Fill:
    colour: str          # RRGGBB
    text: str = ""


def word_plan(path: Path, *blocks) -> Path:
    """A Word document: each block is a paragraph (str) or a table (list of rows, each a list of cells)."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                if value is Merge.DOWN:
                    table.cell(r - 1, c).merge(cell)
                elif value is Merge.RIGHT:
                    table.cell(r, c - 1).merge(cell)
                else:
                    _write_cell(cell, value)
    document.save(path)
    return path


def _write_cell(cell, value) -> None:
    text = value.text if isinstance(value, Fill) else value
    lines = str(text).split("\n") if text else []
    if lines:
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    if isinstance(value, Fill):
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), value.colour)
        cell._tc.get_or_add_tcPr().append(shading)


def workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] = ()) -> Path:
    """An Excel workbook: sheet name -> rows of values (str, number, date, None or Fill); merges as 'A5:A6'."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                if isinstance(value, Fill):
                    cell.fill = PatternFill("solid", fgColor=value.colour)
                    value = value.text or None
                cell.value = value
        for cell_range in dict(merges).get(title, []):
            sheet.merge_cells(cell_range)
    book.save(path)
    return path


__all__ = ["Merge", "Fill", "word_plan", "workbook"]
