"""Word and Excel fixtures built from code, so each test shows the source it reads.

`word_plan` builds a .docx from paragraphs and tables; a table cell may be text
(lines separated by "\\n" become paragraphs), `Merge.DOWN` / `Merge.RIGHT` to
merge it with the cell above / to its left, or `Fill(colour, text)` for a
shaded cell. `workbook` builds an .xlsx from sheets of rows in the same way.
`lying_archive` copies either with one part longer than its zip headers say.
"""

from __future__ import annotations

import struct
import zipfile
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


def lying_archive(source: Path, target: Path, part: str, extra_bytes: int) -> Path:
    """A copy of a .docx or .xlsx whose `part` goes on for `extra_bytes` of spaces its headers do not count.

    The part is deflated as it is written, so the file stays small however many bytes it inflates to;
    then its declared size, in the local header and in the central directory, is put back to the size
    of the real part. Its CRC is left as written, for the whole part.
    """
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in original.infolist():
            body = original.read(info)
            if info.filename != part:
                copy.writestr(info.filename, body)
                continue
            declared = len(body)
            lying = zipfile.ZipInfo(part)
            lying.compress_type = zipfile.ZIP_DEFLATED
            with copy.open(lying, "w", force_zip64=False) as stream:
                stream.write(body)
                block = b" " * (1 << 20)
                for _ in range(extra_bytes >> 20):
                    stream.write(block)
                stream.write(b" " * (extra_bytes % (1 << 20)))
    return patch_zip_headers(target, part, size=declared)


def patch_zip_headers(path: Path, part: str, size: int | None = None, crc: int | None = None) -> Path:
    """Write another uncompressed size or CRC for `part` into its local header and central directory entry."""
    raw = bytearray(path.read_bytes())
    #                 signature, name length at, name at, CRC at, uncompressed size at
    for signature, name_length_at, name_at, crc_at, size_at in ((b"PK\x03\x04", 26, 30, 14, 22),
                                                                (b"PK\x01\x02", 28, 46, 16, 24)):
        at = raw.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", raw, at + name_length_at)[0]
            if raw[at + name_at:at + name_at + length] == part.encode():
                if size is not None:
                    struct.pack_into("<I", raw, at + size_at, size)
                if crc is not None:
                    struct.pack_into("<I", raw, at + crc_at, crc)
            at = raw.find(signature, at + 4)
    path.write_bytes(bytes(raw))
    return path


__all__ = ["Merge", "Fill", "word_plan", "workbook", "lying_archive", "patch_zip_headers"]
