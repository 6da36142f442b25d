"""PDF action plans, read with pdfplumber: ruled tables cell by cell, the text around them line by line.

Nearly every plan is published as a PDF exported from Word: "Recommendation N" headings over
ruled tables of key actions, or the Home Office template as one long table whose heading row
Word repeats on every page. pdfplumber finds the tables from their ruling lines and gives each
cell's words with their positions; text outside the tables (title, preamble, headings, page
headers) is read line by line. Both become `Row`s for `layout.read_rows`, like a Word document.

A PDF has no paragraphs, only lines. A line ends its paragraph when more space or a change of
type size lies between it and the next than between the lines of a paragraph, or the next starts
with a list mark or "Action N". Where a table's paragraphs are set apart by space, that is all;
where they are not, a line carries on when the next starts in lower case, and otherwise ends
when the next line's first word would have fitted on it (so it was not wrapped) or it ends a
sentence.

Locations: `describe()` gives "page 2, table 1, row 3, column 2" for a cell and "page 2, line 5"
(lines of text outside the tables, counted from the top of the page) for the rest. The line and
column numbers of findings count rows from the top of the document, as for Word: line N is the
Nth line of text or table row, column the table column.

Cost is bounded before and while reading: at most `MAX_PAGES` pages, `MAX_PAGE_CONTENT_BYTES` of
drawing instructions a page (checked before the page is read), `MAX_CHARACTERS` characters,
`MAX_STREAM_BYTES` for any one unpacked stream (a small file can unpack to gigabytes), and
`MAX_SECONDS` per file, so a hostile PDF is refused, never left to hang.
"""

from __future__ import annotations

import io
import logging
import re
import signal
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from ..errors import PlanError, Problem
from .columns import heading_row
from .layout import Cell, Row, read_rows
from .result import ImportResult, Location, PlanBuilder
from .values import lines_of

__all__ = ["read_pdf", "FORM", "MAX_PAGES", "MAX_CHARACTERS", "MAX_SECONDS", "MAX_STREAM_BYTES",
           "MAX_PAGE_CONTENT_BYTES"]

FORM = "PDF action plan"
MAX_PAGES = 150
"""An action plan runs to tens of pages; a longer PDF is an overview report or worse, and is refused."""
MAX_CHARACTERS = 200_000
"""Characters in the whole PDF (a 40-page plan has about 100,000; pdfminer reads some 20,000 a second)."""
MAX_STREAM_BYTES = 32 * 1024 * 1024
"""Bytes any one compressed part of the PDF may unpack to."""
MAX_PAGE_CONTENT_BYTES = 1024 * 1024
"""Bytes of drawing instructions on one page (a full page of text takes some 30,000); measured before the page
is read, because reading costs time in proportion."""
MAX_SECONDS = 20.0
"""Time one PDF may take to read; a plan takes a second or two."""

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_NEW_ITEM = re.compile(r"^(?:\(?\d{1,3}[a-z]?[.):]?(?:\s|$)|(?:recommendation|rec|action)\s*\d)", re.IGNORECASE)
_STARTS_ITEM = re.compile(r"^(?:[•·▪‣◦●○■□\-–*]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|Action\s+\d{1,3}\b)", re.IGNORECASE)


class _TooSlow(BaseException):
    """Raised from the alarm inside pdfminer; a BaseException so no `except Exception` there swallows it."""


class _TooBig(BaseException):
    """An unpacked stream beyond `MAX_STREAM_BYTES`."""


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float        # width of the line's first word, to tell a wrapped line from a paragraph's end


def read_pdf(raw: bytes, name: str) -> ImportResult:
    """Read a PDF action plan. Raises `PlanError` when it cannot be read or is beyond the bounds."""
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise _refused(name, "this is not a PDF file (it does not start with %PDF). Open the plan and save or "
                             "export it again as PDF.")
    import pdfplumber   # here, not at the top: a plain `check` of YAML plans should not pay for its import

    builder = PlanBuilder(name, FORM)
    try:
        with _bounded(), pdfplumber.open(io.BytesIO(raw)) as pdf:
            pages = len(pdf.pages)
            if pages > MAX_PAGES:
                raise _refused(name, f"the PDF has {pages:,} pages; an action plan has tens, and files of more "
                                     f"than {MAX_PAGES} pages are refused. Save the action plan's pages as a PDF "
                                     "of their own and import that.")
            rows: list[Row] = []
            characters = 0
            seen: dict[str, Any] = {}                    # what earlier pages showed (see _page_rows)
            for page in pdf.pages:
                if _content_bytes(page) > MAX_PAGE_CONTENT_BYTES:
                    raise _refused(name, f"page {page.page_number} of the PDF holds more than "
                                         f"{MAX_PAGE_CONTENT_BYTES // 1024:,} KB of drawing instructions, far more "
                                         "than a page of an action plan; it was not read. Open the PDF and export "
                                         "it again as PDF (print to PDF), then import that.")
                characters += len(page.chars)
                if characters > MAX_CHARACTERS:
                    raise _refused(name, f"the PDF holds more than {MAX_CHARACTERS:,} characters, far more than an "
                                         "action plan; it was not read. Import the action plan's pages on their "
                                         "own.")
                _page_rows(page, name, rows, builder, seen)
                page.close()
    except _TooSlow:
        raise _refused(name, f"reading the PDF took more than {MAX_SECONDS:g} seconds, far longer than an action "
                             "plan takes, so it was stopped. Open it and export it again as PDF (print to PDF), "
                             "then import that.") from None
    except (_TooBig, MemoryError):
        raise _refused(name, "part of the PDF unpacks to more than "
                             f"{MAX_STREAM_BYTES // (1024 * 1024)} MB, far more than an action plan holds, so it was "
                             "not read. Open it and export it again as PDF (print to PDF), then import that.") from None
    except PlanError:
        raise
    except Exception as error:  # any failure inside pdfminer means a bad file, not a bug here
        if _password_protected(error):
            raise _refused(name, "the PDF is password-protected. Save a copy without the password and import "
                                 "that.") from None
        raise _refused(name, f"this PDF cannot be read ({type(error).__name__}: {error}). Open it and export it "
                             "again as PDF (print to PDF), then import that.") from None
    if not any(row.filled for row in rows):
        raise _refused(name, "the PDF has no text to read (a scanned image?). Import the plan as Word or text, or "
                             "run it through text recognition first.")
    read_rows(builder, rows)
    return builder.result(raw)


def _content_bytes(page) -> int:
    from pdfminer.pdftypes import resolve1
    return sum(len(resolve1(stream).get_data()) for stream in page.page_obj.contents)


def _password_protected(error: BaseException | None) -> bool:
    """pdfplumber wraps pdfminer's errors; a password or encryption error may be one level down."""
    while error is not None:
        if "Password" in type(error).__name__ or "Encryption" in type(error).__name__:
            return True
        error = error.__cause__ or error.__context__ or (error.args[0] if error.args
                                                           and isinstance(error.args[0], BaseException) else None)
    return False


def _refused(name: str, message: str) -> PlanError:
    return PlanError([Problem(name, 1, 1, message)])


def _page_rows(page, name: str, rows: list[Row], builder: PlanBuilder, seen: dict) -> None:
    """Add the page's text lines and table rows to `rows`, top to bottom.

    `seen`: what earlier pages showed of the layout (paragraph spacing; a table running off the page before).
    """
    tables = page.find_tables()
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    paragraphs = _paragraphs(_lines(outside), page.width)
    blocks = [(paragraph[0].top, "text", paragraph, number) for number, paragraph in enumerate(paragraphs, start=1)]
    blocks += [(table.bbox[1], "table", table, number) for number, table in enumerate(tables, start=1)]
    carried, seen["carry"] = seen.get("carry"), None
    for _, kind, item, number in sorted(blocks, key=lambda block: (block[0], block[1])):
        if kind == "text":
            where = Location(name, len(rows) + 1, 1, f"page {page.page_number}, line {_line_number(item, paragraphs)}")
            text = " ".join(part.text for part in item)
            if _in_margin(item[0], page):
                if _PAGE_NUMBER.match(text):
                    builder.skip(where, text, "page numbers")
                    continue
            else:
                carried = seen["carry"] = None           # text between the tables: no row runs on across it
            rows.append(Row((Cell(tuple(lines_of(text)), where),), where))
        else:
            table_rows = _table_rows(page, item, number, name, len(rows), seen)
            if carried is not None and carried[0] == _columns(item):
                table_rows = _carry_on(rows, carried[1], table_rows, builder)
            carried = None
            rows.extend(table_rows)
            seen["carry"] = (_columns(item), len(rows) - 1) if table_rows else None


def _columns(table) -> tuple[int, ...]:
    """The left edges of a table's columns, to tell the same table carried on to the next page."""
    return tuple(sorted({round(cell[0] / 3) for row in table.rows for cell in row.cells if cell is not None}))


def _carry_on(rows: list[Row], last: int, table_rows: list[Row], builder: PlanBuilder) -> list[Row]:
    """A table row broken by the page: Word carries a row on to the next page when it does not fit.

    The first row under the repeated headings carries on the last row before the break when, in the same
    columns, a cell of it starts in lower case (a sentence carried on) and its first cell starts no new
    numbered item. Its cells then join that row's; a note says so. Returns the new table's rows less that one.
    """
    first = 1 if table_rows and heading_row([cell.text for cell in table_rows[0].cells]) is not None else 0
    if first >= len(table_rows):
        return table_rows
    candidate, before = table_rows[first], rows[last]
    texts = [cell.paragraphs[0] for cell in candidate.cells if cell.paragraphs and not cell.merged]
    lead = candidate.cells[0].paragraphs[0] if candidate.cells and candidate.cells[0].paragraphs else ""
    if (not texts or len(candidate.cells) != len(before.cells) or not any(text[:1].islower() for text in texts)
            or _NEW_ITEM.match(lead)):
        return table_rows
    joined = tuple(_joined(above, below) for above, below in zip(before.cells, candidate.cells))
    rows[last] = Row(joined, before.where)
    builder.notes.append(f"{candidate.where.describe()} carries on {before.where.describe()} across the page break "
                         "(it starts in lower case); its cells were joined to that row's")
    return table_rows[:first] + table_rows[first + 1:]


def _joined(above: Cell, below: Cell) -> Cell:
    if not below.paragraphs or below.merged:
        return above
    if not above.paragraphs:
        return replace(above, paragraphs=below.paragraphs)
    if below.paragraphs[0][:1].islower():
        return replace(above, paragraphs=above.paragraphs[:-1] + (f"{above.paragraphs[-1]} {below.paragraphs[0]}",)
                       + below.paragraphs[1:])
    return replace(above, paragraphs=above.paragraphs + below.paragraphs)


def _line_number(paragraph: list[_Line], paragraphs: list[list[_Line]]) -> int:
    """The number of the paragraph's first line among the page's lines of text outside the tables."""
    count = 0
    for other in paragraphs:
        if other is paragraph:
            return count + 1
        count += len(other)
    return count + 1


def _in_margin(line: _Line, page) -> bool:
    return line.bottom > page.height * 0.9 or line.top < page.height * 0.1


def _table_rows(page, table, number: int, name: str, before: int, seen: dict) -> list[Row]:
    lines = {bbox: _lines(page.crop(bbox)) for row in table.rows for bbox in row.cells if bbox is not None}
    spacing = _spacing(list(lines.values()))
    if spacing[2]:
        seen["spacing"] = spacing               # the document sets paragraphs apart: so it does in every table
    elif "spacing" in seen:
        spacing = seen["spacing"]
    rows: list[Row] = []
    spans: dict[int, tuple[tuple, Cell]] = {}       # column -> (bbox, cell) of the last cell seen in it
    for row_number, row in enumerate(table.rows, start=1):
        line = before + row_number
        cells: list[Cell] = []
        for column, bbox in enumerate(row.cells, start=1):
            where = Location(name, line, column,
                             f"page {page.page_number}, table {number}, row {row_number}, column {column}")
            if bbox is None:                         # covered by a cell spanning from the left or from above
                above = spans.get(column)
                if above is not None and above[0][3] > (row.bbox[1] + 1) and above[0][0] <= _column_x(row, column):
                    cells.append(replace(above[1], merged=True))
                else:
                    cells.append(Cell((), where))
                continue
            cell = Cell(_cell_paragraphs(lines[bbox], bbox, spacing), where)
            spans[column] = (bbox, cell)
            cells.append(cell)
        rows.append(Row(tuple(cells), Location(name, line, 1, f"page {page.page_number}, table {number}, "
                                                              f"row {row_number}")))
    return rows


def _column_x(row, column: int) -> float:
    """The left edge of a grid column in this row, from the nearest cell to its left that has one."""
    for index in range(column - 1, -1, -1):
        if row.cells[index] is not None:
            return row.cells[index][2] if index < column - 1 else row.cells[index][0]
    return row.bbox[0]


def _cell_paragraphs(lines: list[_Line], bbox, spacing: tuple[float, float, bool]) -> tuple[str, ...]:
    if not lines:
        return ()
    padding = max(0.0, min(line.x0 for line in lines) - bbox[0])
    right = bbox[2] - padding
    return tuple(text for paragraph in _paragraphs(lines, None, right, spacing)
                 for text in lines_of(" ".join(line.text for line in paragraph)))


def _lines(region) -> list[_Line]:
    lines = []
    for found in region.extract_text_lines(return_chars=True, strip=True):
        text = found["text"].strip()
        if not text:
            continue
        chars = found["chars"]
        size = max((char.get("size", 0) for char in chars), default=0)
        glyphs = [char for char in chars if not char["text"].isspace()]
        first_end = glyphs[min(len(text.split()[0]), len(glyphs)) - 1]["x1"] if glyphs else found["x1"]
        lines.append(_Line(text, found["x0"], found["x1"], found["top"], found["bottom"], round(size, 1),
                           first_end - found["x0"]))
    return lines


def _spacing(regions: list[list[_Line]]) -> tuple[float, float, bool]:
    """Across a table's cells (or a page's text): the gap between a paragraph's lines, the extra space that
    sets paragraphs apart, and whether they are set apart that way at all (lines of one type size only)."""
    pairs = [(line.top - previous.bottom, line.size) for lines in regions
             for previous, line in zip(lines, lines[1:]) if line.size == previous.size]
    base = min((gap for gap, _ in pairs if gap > -1.0), default=0.0)
    spacing = max(1.5, 0.25 * min((size for _, size in pairs), default=0.0))
    return base, spacing, any(gap > base + spacing for gap, _ in pairs)


def _paragraphs(lines: list[_Line], page_width: float | None, right: float | None = None,
                spacing: tuple[float, float, bool] | None = None) -> list[list[_Line]]:
    """Join wrapped lines into paragraphs (see the module docstring for how a wrap is told from an end)."""
    if not lines:
        return []
    if right is None:
        left = min(line.x0 for line in lines)
        right = max(max(line.x1 for line in lines), (page_width or 0) - left)
    base, extra, spaced = spacing or _spacing([lines])
    gaps = [line.top - previous.bottom for previous, line in zip(lines, lines[1:])]
    paragraphs: list[list[_Line]] = [[lines[0]]]
    for line, gap in zip(lines[1:], gaps):
        previous = paragraphs[-1][-1]
        if line.size != previous.size or gap > base + extra or _STARTS_ITEM.match(line.text):
            ends = True                              # a heading, a gap, a list item: a new paragraph
        elif spaced or line.text[:1].islower():
            ends = False                             # no gap where paragraphs have one; a sentence carried on
        else:
            fits = previous.x1 + previous.size * 0.3 + line.first_word <= right + 1.0
            ends = fits or previous.text[-1:] in ".!?;:"
        if ends:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


@contextmanager
def _bounded():
    """While reading: unpacked streams bounded, a time limit, and pdfminer's own warnings kept quiet."""
    from pdfminer import pdftypes
    saved_zlib, saved_level = pdftypes.zlib, logging.getLogger("pdfminer").level
    pdftypes.zlib = _BoundedZlib   # type: ignore[assignment]  # a stand-in with the zlib functions pdfminer calls
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        previous = signal.signal(signal.SIGALRM, _too_slow)
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    started = time.monotonic()
    try:
        yield
        if time.monotonic() - started > MAX_SECONDS:
            raise _TooSlow()
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        pdftypes.zlib = saved_zlib
        logging.getLogger("pdfminer").setLevel(saved_level)


def _too_slow(signum, frame) -> None:
    raise _TooSlow()


class _BoundedZlib:
    """`zlib` as pdfminer uses it, but refusing to unpack a stream beyond `MAX_STREAM_BYTES`."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM_BYTES)
        rest = b"" if inflater.unconsumed_tail else inflater.flush()
        if inflater.unconsumed_tail or len(out) + len(rest) > MAX_STREAM_BYTES:
            raise _TooBig()
        return out + rest

    @staticmethod
    def decompressobj(*args, **kwargs):
        return _BoundedInflater(zlib.decompressobj(*args, **kwargs))


class _BoundedInflater:
    def __init__(self, inflater):
        self.inflater = inflater
        self.total = 0

    def decompress(self, data: bytes, *args) -> bytes:
        out = self.inflater.decompress(data, MAX_STREAM_BYTES)
        self.total += len(out)
        if self.inflater.unconsumed_tail or self.total > MAX_STREAM_BYTES:
            raise _TooBig()
        return out

    def __getattr__(self, name):
        return getattr(self.inflater, name)
