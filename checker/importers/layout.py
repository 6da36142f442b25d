"""How published action plans are laid out, whatever the file: read rows of cells into a plan.

Text copied out of a PDF, a web page and a Word document all come down to the
same rows: an opening title and preamble, page headers repeated between pages,
"Recommendation N" headings with the recommendation's text, rows of column
headings (Key Actions / Evidence / Key Outcomes / RAG), and rows of cells, one
action per row. Some rows carry their own headings instead ("Evidence Letter to
the Home Office ..."), some continue an action from the page before, and in the
Home Office template the recommendation sits in a column of its own. The
format readers (`published_text`, `docx`) turn a file into `Row`s; this module
reads the rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .cells import SourceCell
from .columns import RECOMMENDATION_TARGETS, guidance_row, heading_key, heading_row, target_for
from .preamble import read_preamble, subject_from_title
from .result import Location, PlanBuilder
from .table import ActionTable
from .values import clean, split_label

__all__ = ["Cell", "Row", "read_rows"]


@dataclass(frozen=True)
class Cell:
    """A cell of a row: its paragraphs (cleaned, none empty), where it is, and its background colour.

    `merged`: the cell is merged down from the row above (the same cell again, not new content).
    """

    paragraphs: tuple[str, ...]
    where: Location
    fill: str | None = None
    merged: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@dataclass(frozen=True)
class Row:
    """A line of text (one cell) or a table row (a cell per column, empty ones included)."""

    cells: tuple[Cell, ...]
    where: Location

    @property
    def filled(self) -> list[Cell]:
        """The cells with new content: not empty, and not merged down from the row above."""
        return [cell for cell in self.cells if cell.paragraphs and not cell.merged]


_PAGE_HEADER = re.compile(r"^Domestic Homicide Review\b.*\bAction Plan\b", re.IGNORECASE)


def read_rows(builder: PlanBuilder, rows: list[Row]) -> None:
    """Read a published plan's rows into `builder`."""
    _Reader(builder, rows).read()


class _Reader:
    def __init__(self, builder: PlanBuilder, rows: list[Row]):
        self.builder = builder
        self.rows = rows
        self.table = ActionTable(builder)
        self.columns: list[tuple[str | None, str]] = []      # (target, heading) per column, from the last headings
        self.preamble: list[tuple[Location, str]] | None = []  # None once the preamble has been read
        self.header_subject: tuple[str, Location] | None = None
        self.headed = False                                  # the current recommendation has had a heading row
        self.after_page_break = False
        self.repeated = Counter(_key(row) for row in rows if len(row.filled) == 1)

    def read(self) -> None:
        for row in self.rows:
            if row.filled:
                self._row(row)
        self._end_preamble()
        if self.header_subject is not None and "subject" not in self.builder.data["review"]:
            self.builder.set_review("subject", *self.header_subject)
        self.table.finish()

    def _row(self, row: Row) -> None:
        first = row.filled[0]
        lone = len(row.filled) == 1 and first is row.cells[0]   # a line, a paragraph or a full-width cell
        if lone and self._page_header(row):
            return
        continues, self.after_page_break = self.after_page_break, False
        if (targets := heading_row([cell.text for cell in row.cells])) is not None:
            self._end_preamble()
            self.columns = [(target, cell.text) for target, cell in zip(targets, row.cells)]
            self.headed = True
            self.builder.skip(row.where, " | ".join(cell.text for cell in row.filled), "rows of column headings")
            return
        if self.columns and guidance_row([cell.text for cell in row.cells]):
            for cell in row.filled:
                self.builder.skip(cell.where, cell.text, "the template's guidance under its column headings")
            return
        recommendation = split_label(first.paragraphs[0], "Recommendation") if lone else None
        if recommendation is not None and not self._table_mode():
            self._end_preamble()
            number, rest = recommendation
            text = " ".join(part for part in (rest, *first.paragraphs[1:]) if part)
            self.table.start_recommendation(number, text, first.where)
            self.headed = False
            return
        if lone and self.preamble is not None:
            self.preamble.extend((first.where, paragraph) for paragraph in first.paragraphs)
            return
        self._end_preamble()
        labelled_action = split_label(first.paragraphs[0], "Action") is not None
        if (lone and not labelled_action and self.table.current is not None and not self.headed
                and not self.table.has_actions() and not self._table_mode()):
            self.table.add_recommendation_text(first.text, first.where)
            return
        cells = None
        if len(row.cells) > 1 or labelled_action:
            cells = self._self_labelled(row) or self._by_column(row)
        if cells is None:
            for cell in row.filled:
                self.builder.leave(cell.where, cell.text, "text outside the tables of actions that is not a "
                                                          "recommendation, or a table row with no column "
                                                          "headings; it is not known what it holds")
            return
        self.table.add_row(cells, row.where, continues)

    def _page_header(self, row: Row) -> bool:
        text = row.filled[0].text
        if split_label(text, "Recommendation") or split_label(text, "Action"):
            return False
        if self.repeated[_key(row)] < 2 and not _PAGE_HEADER.match(text):
            return False
        subject = subject_from_title(text)
        if subject is not None and self.header_subject is None:
            self.header_subject = (subject, row.filled[0].where)
        self.builder.skip(row.filled[0].where, text, "page headers")
        self.after_page_break = True
        return True

    def _table_mode(self) -> bool:
        """The recommendation is in a column of its own (Home Office template), not in headings."""
        return any(target in RECOMMENDATION_TARGETS - {"scope", "addressed_to", "response"} for target, _ in self.columns)

    def _self_labelled(self, row: Row) -> list[SourceCell] | None:
        """A row whose cells start with their column's name ("Key Actions ...", "Evidence ...", "RAG").

        Where the plan has had headings, each cell must start with the heading of its own column;
        before any, with a known heading. Only rows before the recommendation's own headings count.
        """
        if self.headed:
            return None
        cells = []
        for index, cell in enumerate(row.cells):
            if not cell.paragraphs:
                continue
            expected = self.columns[index][1] if index < len(self.columns) else None
            found = _heading_prefix(cell.paragraphs[0], expected if self.columns else None)
            if found is None:
                return None
            target, heading, rest = found
            paragraphs = tuple(part for part in (rest, *cell.paragraphs[1:]) if part)
            cells.append(SourceCell(target, heading, paragraphs, cell.where, cell.fill))
        if not any(cell.target == "action" for cell in cells):
            return None
        self.builder.layout["cells starting with their column's name"] += len(cells)
        return cells

    def _by_column(self, row: Row) -> list[SourceCell] | None:
        if not self.columns:
            first = row.filled[0]
            if len(row.filled) == 1 and split_label(first.paragraphs[0], "Action") is not None:
                return [SourceCell("action", "", first.paragraphs, first.where)]
            return None
        cells = []
        for index, cell in enumerate(row.cells):
            if not cell.paragraphs and not cell.fill:
                continue
            target, heading = self.columns[index] if index < len(self.columns) else (None, "")
            cells.append(SourceCell(target, heading, cell.paragraphs, cell.where, cell.fill))
        return cells

    def _end_preamble(self) -> None:
        if self.preamble is None:
            return
        read_preamble(self.builder, self.preamble)
        self.preamble = None


def _key(row: Row) -> str:
    return heading_key(row.filled[0].text) if row.filled else ""


def _heading_prefix(text: str, expected: str | None) -> tuple[str, str, str] | None:
    """'Evidence Letter to Home Office' -> ('planned_evidence', 'Evidence', 'Letter to Home Office').

    With `expected`, only that heading is accepted as the prefix.
    """
    words = text.split(" ")
    for count in range(min(5, len(words)), 0, -1):
        heading = " ".join(words[:count])
        if expected is not None and heading_key(heading) != heading_key(expected):
            continue
        target = target_for(heading)
        if target is not None:
            return target, heading, clean(" ".join(words[count:]))
    return None
