"""Published action plans as text (copied out of a PDF or web page) or as an HTML page.

Text copied from the Home Office DHR library keeps a table row on one line with
its cells separated by tabs, and some cells still wrapped in HTML (`<p>`,
`<u>Action 1</u>`). Copied from a council's web page, the same template comes as
one line of headings and then each cell on lines of its own (see `layout`). An
HTML page has real tables, read with lxml.html: `colspan` and `rowspan` are
honoured so each cell stays under its column heading, and the items of an `<ol>`
or `<ul>` keep their marks so that a cell listing several actions gives one action
each. All become the same `Row`s for `layout.read_rows`.

Locations in HTML: the line of the element in the file; a table cell's column is
its column in the table, as for Word.
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.etree
import lxml.html

from ..errors import PlanError, Problem
from .layout import Cell, Row, read_rows
from .result import ImportResult, Location, PlanBuilder
from .source import decode_text
from .values import clean

__all__ = ["read_text", "read_html", "FORM"]

FORM = "published action plan"

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article", "header", "footer",
           "blockquote", "dt", "dd", "caption", "ul", "ol", "pre", "hr", "main", "nav", "aside", "figure",
           "figcaption", "address", "body", "html", "tr", "td", "th", "table", "thead", "tbody", "tfoot", "dl",
           "title", "head"}
_SKIPPED = {"script", "style", "template", "noscript", "svg", "meta", "link"}


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
            paragraphs, markers = _fragment(part)
            cells.append(Cell(paragraphs, Location(name, number, offset + 1, f"line {number}"), markers=markers))
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
    parser = _parser()
    root = _parse(text, parser)
    _refuse_what_was_not_read(name, parser)
    rows: list[Row] = []
    if root is not None:
        for element in root.xpath("./head/title"):
            title = clean(element.text_content())
            if title:
                builder.skip(_at(name, element), title, "the web page's title, in its <head> (not shown on the page)")
        body = root.find("body")
        _Rows(name, rows).walk(body if body is not None else root)
    read_rows(builder, rows)
    return builder.result(raw)


def _parse(text: str, parser=None):
    """The page's element tree, or None for a page with no elements at all."""
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser or _parser())
    except (lxml.etree.ParserError, ValueError):
        return None


def _parser():
    """A parser of its own for each page (its error log says whether the whole page was read)."""
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def _refuse_what_was_not_read(name: str, parser) -> None:
    """libxml2 stops reading a page nested more than 255 elements deep: refuse it rather than lose the rest."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise PlanError([Problem(name, error.line or 1, max(error.column, 1),
                                     "the page nests its elements too deeply to be read (more than 255 "
                                     "levels), so it was not imported. Save the action plan's table on its own "
                                     "as a web page, or copy its text into a .txt file, and import that.")])


def _at(name: str, element, column: int = 1) -> Location:
    line = element.sourceline or 1
    return Location(name, line, column, f"line {line}")


_HTML_IN_TEXT = re.compile(r"</?(?:p|u|br|b|i|strong|em|span|div|li|ul|ol|a|font|sup|sub|h[1-6])\b[^<>]*>"
                           r"|&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


def _fragment(text: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """The paragraphs of one tab-separated cell, which may hold HTML such as '<p><u>Action 1</u> ...</p>'.

    Only a cell with HTML tags or entities is read as HTML: 'if a<b then' is text, as written.
    """
    if not _HTML_IN_TEXT.search(text):
        cleaned = clean(text)
        return ((cleaned,) if cleaned else ()), ()
    parser = _parser()
    root = _parse(f"<html><body><div>{text}</div></body></html>", parser)
    if root is None or any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        cleaned = clean(text)
        return ((cleaned,) if cleaned else ()), ()
    paragraphs = _Paragraphs("")
    paragraphs.walk(root.find("body"))
    return paragraphs.texts(), paragraphs.marks()


class _Paragraphs:
    """The paragraphs of an element: each block (p, li, br, div ...) ends one; list items keep their mark."""

    def __init__(self, name: str):
        self.name = name
        self.done: list[tuple[str, Location, str | None]] = []
        self.buffer: list[str] = []
        self.at: Location | None = None
        self.mark: str | None = None

    def texts(self) -> tuple[str, ...]:
        return tuple(text for text, _, _ in self.done)

    def marks(self) -> tuple[str | None, ...]:
        marks = tuple(mark for _, _, mark in self.done)
        return marks if any(mark is not None for mark in marks) else ()

    def walk(self, element, mark: str | None = None) -> None:
        if element is None:
            return
        self._element(element, mark)
        self.flush()

    def _element(self, element, mark: str | None) -> None:
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            return
        block = element.tag in _BLOCKS
        if block:
            self.flush()
            if element.tag == "li":
                self.mark = mark
        self._text(element.text, element)
        numbers = _numbering(element)
        for index, child in enumerate(c for c in element if isinstance(c.tag, str)):
            self.enter(child, numbers[index] if numbers else None)
        if block:
            self.flush()

    def enter(self, child, mark: str | None) -> None:
        """A child element and the text after it (its tail, which belongs to the parent)."""
        self._element(child, mark)
        self._text(child.tail, child.getparent())

    def _text(self, text: str | None, element) -> None:
        if not text:
            return
        if not self.buffer and text.strip():
            self.at = _at(self.name, element)
        if self.buffer or text.strip():
            self.buffer.append(text)

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        if text and self.at is not None:
            self.done.append((text, self.at, self.mark))
        self.buffer, self.at, self.mark = [], None, None


def _numbering(element) -> list[str | None] | None:
    """The marks of a list's items: '1', '2' ... for <ol> (from its start), '•' for <ul>; None for other elements."""
    if element.tag not in ("ol", "ul"):
        return None
    children = [c for c in element if isinstance(c.tag, str)]
    if element.tag == "ul":
        return ["•" if c.tag == "li" else None for c in children]
    start = element.get("start", "1").strip()
    number = int(start) if start.isdigit() else 1
    marks: list[str | None] = []
    for child in children:
        if child.tag == "li":
            value = child.get("value", "").strip()
            number = int(value) if value.isdigit() else number
            marks.append(str(number))
            number += 1
        else:
            marks.append(None)
    return marks


class _Rows:
    """A page as rows: each paragraph outside a table is a row of one cell; each table row a row of cells."""

    def __init__(self, name: str, rows: list[Row]):
        self.name = name
        self.rows = rows

    def walk(self, element) -> None:
        paragraphs = _Paragraphs(self.name)
        self._visit(element, paragraphs)
        self._paragraph_rows(paragraphs)

    def _visit(self, element, paragraphs: _Paragraphs, mark: str | None = None) -> None:
        """Paragraphs outside tables as rows of one cell; a table (not inside another) as its rows."""
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            return
        if element.tag == "table":
            paragraphs.flush()
            self._paragraph_rows(paragraphs)
            self._table(element)
            return
        if element.tag in _BLOCKS:
            paragraphs.flush()
            if element.tag == "li":
                paragraphs.mark = mark
        paragraphs._text(element.text, element)
        numbers = _numbering(element)
        for index, child in enumerate(c for c in element if isinstance(c.tag, str)):
            self._visit(child, paragraphs, numbers[index] if numbers else None)
            paragraphs._text(child.tail, element)
        if element.tag in _BLOCKS:
            paragraphs.flush()

    def _paragraph_rows(self, paragraphs: _Paragraphs) -> None:
        for text, where, mark in paragraphs.done:
            self.rows.append(Row((Cell((text,), where, markers=(mark,) if mark else ()),), where))
        paragraphs.done = []

    def _table(self, table) -> None:
        """The table's rows, with each cell under its column: a cell spanning rows or columns fills them."""
        carried: dict[int, tuple[Cell, int]] = {}              # column -> (cell spanning down, rows still to span)
        for other in table.xpath("./*[not(self::tr or self::thead or self::tbody or self::tfoot)]"):
            self.walk(other)                                  # a caption: rows of one cell, before the table's
        for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            row_at = _at(self.name, row)
            cells: list[Cell] = []
            carried_on: dict[int, tuple[Cell, int]] = {}
            own = iter(c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th"))
            while True:
                column = len(cells)
                if column in carried:
                    cell, remaining = carried[column]
                    cells.append(cell)
                    if remaining > 1:
                        carried_on[column] = (cell, remaining - 1)
                    continue
                element = next(own, None)
                if element is None:
                    break
                paragraphs = _Paragraphs(self.name)
                paragraphs.walk(element)
                where = replace(_at(self.name, element, column + 1), where=f"line {element.sourceline or 1}")
                cell = Cell(paragraphs.texts(), where, markers=paragraphs.marks())
                colspan, rowspan = _span(element, "colspan"), _span(element, "rowspan")
                if rowspan > 1:
                    for spanned in range(colspan):
                        carried_on[column + spanned] = (replace(cell, merged=True) if spanned == 0
                                                        else Cell((), where), rowspan - 1)
                cells.append(cell)
                cells.extend(Cell((), where) for _ in range(colspan - 1))
            for column in sorted(c for c in carried if c >= len(cells)):   # spans below the last cell of this row
                cells.extend(Cell((), row_at) for _ in range(column - len(cells)))
                cells.append(carried[column][0])
                if carried[column][1] > 1:
                    carried_on[column] = (carried[column][0], carried[column][1] - 1)
            carried = carried_on
            self.rows.append(Row(tuple(cells), row_at))


def _span(element, name: str) -> int:
    value = (element.get(name) or "1").strip()
    return max(1, min(int(value), 100)) if value.isdigit() else 1
