"""Published action plans as text (copied out of a PDF or web page) or as an HTML page.

Text copied from the Home Office DHR library keeps a table row on one line with
its cells separated by tabs, and some cells still wrapped in HTML (`<p>`,
`<u>Action 1</u>`). An HTML page has real tables. Both become the same `Row`s
for `layout.read_rows`; HTML is read with the standard library's parser, with
`colspan` and `rowspan` kept so each cell stays under its column heading.
"""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser

from .layout import Cell, Row, read_rows
from .result import ImportResult, Location, PlanBuilder
from .source import decode_text
from .values import clean

__all__ = ["read_text", "read_html", "FORM"]

FORM = "published action plan"

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "header", "footer",
           "blockquote", "dt", "dd", "caption", "ul", "ol", "pre", "hr", "main", "nav", "aside", "figure",
           "figcaption", "address", "body", "html"}
_SKIPPED = {"script", "style", "head", "template", "noscript", "svg"}


def read_text(raw: bytes, name: str) -> ImportResult:
    """Read a published plan saved as text: one line per paragraph or table row, cells separated by tabs."""
    text, note = decode_text(raw, name)
    builder = PlanBuilder(name, FORM)
    if note:
        builder.notes.append(note)
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        where = Location(name, number, 1, f"line {number}")
        cells, offset = [], 0
        for part in line.split("\t"):
            cells.append(Cell(_fragment(part), Location(name, number, offset + 1, f"line {number}")))
            offset += len(part) + 1
        rows.append(Row(tuple(cells), where))
    read_rows(builder, rows)
    return builder.result(raw)


def read_html(raw: bytes, name: str) -> ImportResult:
    """Read a published plan saved as a web page (.html)."""
    text, note = decode_text(raw, name)
    builder = PlanBuilder(name, FORM)
    if note:
        builder.notes.append(note)
    parser = _HtmlRows(name)
    parser.feed(text)
    parser.close()
    read_rows(builder, parser.finish())
    return builder.result(raw)


def _fragment(text: str) -> tuple[str, ...]:
    """The paragraphs of one tab-separated cell, which may hold HTML such as '<p><u>Action 1</u> ...</p>'."""
    if "<" not in text and "&" not in text:
        cleaned = clean(text)
        return (cleaned,) if cleaned else ()
    parser = _HtmlRows("")
    parser.feed(text)
    parser.close()
    return tuple(paragraph for row in parser.finish() for cell in row.cells for paragraph in cell.paragraphs)


class _HtmlRows(HTMLParser):
    """HTML to rows: each paragraph outside a table is a row of one cell; each table row is a row of cells."""

    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.rows: list[Row] = []
        self.skipping = 0
        self.tables = 0                                      # depth of table nesting; inner tables are flattened
        self.buffer: list[str] = []
        self.buffer_at: Location | None = None
        self.row: list[tuple[Cell, int, int]] | None = None  # cells of the open table row, with colspan, rowspan
        self.row_at: Location | None = None
        self.cell: list[str] | None = None                   # paragraphs of the open cell
        self.cell_at: Location | None = None
        self.cell_spans = (1, 1)
        self.carried: dict[int, tuple[Cell, int]] = {}       # column -> (cell spanning down, rows still to span)

    def finish(self) -> list[Row]:
        self._end_paragraph()
        self._end_row()
        return self.rows

    def _here(self) -> Location:
        line, offset = self.getpos()
        return Location(self.name, line, offset + 1, f"line {line}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "table":
            self._end_paragraph()
            self.tables += 1
        elif self.tables == 1 and tag == "tr":
            self._end_row()
            self.row, self.row_at = [], self._here()
        elif self.tables == 1 and tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row, self.row_at = [], self._here()
            self.cell, self.cell_at = [], self._here()
            self.cell_spans = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag in _BLOCKS or tag in ("tr", "td", "th"):
            self._end_paragraph()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag == "table" and self.tables:
            if self.tables == 1:
                self._end_row()
                self.carried = {}
            else:
                self._end_paragraph()
            self.tables -= 1
        elif self.tables == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.tables == 1 and tag == "tr":
            self._end_row()
        elif tag in _BLOCKS or tag in ("tr", "td", "th"):
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.buffer and data.strip():
            self.buffer_at = self._here()
        if self.buffer or data.strip():
            self.buffer.append(data)

    def _end_paragraph(self) -> None:
        text = clean("".join(self.buffer))
        where = self.buffer_at
        self.buffer, self.buffer_at = [], None
        if not text or where is None:
            return
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.rows.append(Row((Cell((text,), where),), where))

    def _end_cell(self) -> None:
        self._end_paragraph()
        if self.cell is None or self.row is None or self.cell_at is None:
            return
        self.row.append((Cell(tuple(self.cell), self.cell_at), *self.cell_spans))
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is None or self.row_at is None:
            return
        cells: list[Cell] = []
        own = iter(self.row)
        carried_on = {}
        while True:
            column = len(cells)
            if column in self.carried:
                cell, remaining = self.carried[column]
                cells.append(cell)
                if remaining > 1:
                    carried_on[column] = (cell, remaining - 1)
                continue
            entry = next(own, None)
            if entry is None:
                break
            cell, colspan, rowspan = entry
            if rowspan > 1:
                carried_on[column] = (replace(cell, merged=True), rowspan - 1)
            cells.append(cell)
            cells.extend(Cell((), cell.where) for _ in range(colspan - 1))
        if any(column >= len(cells) for column in self.carried):   # spans below the last cell of this row
            for column in sorted(c for c in self.carried if c >= len(cells)):
                cells.extend(Cell((), self.row_at) for _ in range(column - len(cells)))
                cells.append(self.carried[column][0])
                if self.carried[column][1] > 1:
                    carried_on[column] = (self.carried[column][0], self.carried[column][1] - 1)
        self.carried = carried_on
        self.rows.append(Row(tuple(cells), self.row_at))
        self.row = None


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    return max(1, min(int(value), 100)) if value.strip().isdigit() else 1
