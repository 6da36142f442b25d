"""How published action plans are laid out, whatever the file: read rows of cells into a plan.

Text copied out of a PDF, a web page and a Word document all come down to the
same rows: an opening title and preamble, page headers repeated between pages,
"Recommendation N" headings with the recommendation's text, rows of column
headings (Key Actions / Evidence / Key Outcomes / RAG), and rows of cells, one
action per row. Some rows carry their own headings instead ("Evidence Letter to
the Home Office ..."), some continue an action from the page before, and in the
Home Office template the recommendation sits in a column of its own. Copied
out of a web page, that template comes as one line of headings ("Recommendation
Scope of recommendation ... Action to take Lead Agency ...") and then each cell's
paragraphs on lines of their own; those lines are read in order: the
recommendation's text (parts "a)", "b)"), its scope, then its actions, one per
numbered or bulleted line. The format readers (`published_text`, `docx`) turn a
file into `Row`s; this module reads the rows.

Nothing is skipped for looking like layout alone: a line that repeats ("Local",
"Ongoing", a date, an agency) is content. Only the title pattern of a page header,
rows of column headings and title lines are layout, and each is listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .actions_split import list_item
from .cells import SourceCell
from .columns import (COLUMN_NAMES, RECOMMENDATION_TARGETS, guidance_row, heading_key, heading_line, heading_row,
                      target_for)
from .preamble import read_preamble, subject_from_title
from .result import Location, PlanBuilder
from .table import ActionTable
from .values import clean, read_scope, split_label

__all__ = ["Cell", "Row", "read_rows"]


@dataclass(frozen=True)
class Cell:
    """A cell of a row: its paragraphs (cleaned, none empty), where it is, and its background colour.

    `merged`: the cell is merged down from the row above (the same cell again, not new content).
    `markers`: per paragraph, the mark of a list item that the text does not write ('1' of an HTML
    `<ol>`, '•' of a `<ul>`), or None; empty when no paragraph is a list item.
    """

    paragraphs: tuple[str, ...]
    where: Location
    fill: str | None = None
    merged: bool = False
    markers: tuple[str | None, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)

    @property
    def source_where(self) -> Location:
        """Where the cell's text is accounted: a cell merged down is the same text again, marked `copy` so that
        it is given to each row it spans but recorded once, and so that it is known as the same cell."""
        return replace(self.where, copy=True) if self.merged else self.where


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
_PART = re.compile(r"^\(?[a-z][.)]\s+\S")        # "a) Bassetlaw ... should", a lettered part of a recommendation
_FLATTENED = ("in a copy with one cell per line it is not known which column this line was in (lead agency, "
              "milestones, target date or outcome); copy it in by hand")


def read_rows(builder: PlanBuilder, rows: list[Row]) -> None:
    """Read a published plan's rows into `builder`."""
    _Reader(builder, rows).read()


class _Reader:
    def __init__(self, builder: PlanBuilder, rows: list[Row]):
        self.builder = builder
        self.rows = rows
        self.table = ActionTable(builder)
        self.columns: Sequence[tuple[str | None, str]] = []      # (target, heading) per column, from the last headings
        self.preamble: list[tuple[Location, str]] | None = []  # None once the preamble has been read
        self.header_subject: tuple[str, Location, str] | None = None   # (subject, where, the header's text)
        self.headed = False                                  # the current recommendation has had a heading row
        self.after_page_break = False
        self.flattened = False                               # after a heading line: one cell per line
        self.just_headed = False                             # the row before was a row of column headings

    def read(self) -> None:
        for row in self.rows:
            if row.filled:
                self._row(row)
        self._end_preamble()
        if self.header_subject is not None:
            subject, where, text = self.header_subject
            if "subject" not in self.builder.data["review"]:
                self.builder.set_review("subject", subject, where, text)
            else:
                self.builder.skip(where, text, "page headers")
        self.table.finish()

    def _row(self, row: Row) -> None:
        first = row.filled[0]
        lone = len(row.filled) == 1 and first is row.cells[0]   # a line, a paragraph or a full-width cell
        if lone and self._page_header(row):
            return
        continues, self.after_page_break = self.after_page_break, False
        after_headings, self.just_headed = self.just_headed, False
        if (after_headings or self.columns) and guidance_row([cell.text for cell in row.cells]):
            for cell in row.filled:
                self.builder.skip(cell.where, cell.text, "the template's guidance under its column headings")
            self.just_headed = True                          # the guidance may take more than one row
            return
        if (targets := heading_row([cell.text for cell in row.cells])) is not None:
            self._end_preamble()
            self.columns = [(target, cell.text) for target, cell in zip(targets, row.cells)]
            self.headed, self.flattened, self.just_headed = True, False, True
            self.builder.skip(row.where, " | ".join(cell.text for cell in row.filled), "rows of column headings")
            return
        if lone and len(first.paragraphs) == 1 and (headings := heading_line(first.text)) is not None:
            self._end_preamble()
            self.columns = headings
            self.headed, self.flattened = True, True
            self.builder.skip(row.where, first.text, "rows of column headings")
            self.builder.notes.append(f"{row.where.describe()} is the template's row of column headings on one "
                                      "line: the lines after it were read as one cell per line")
            return
        recommendation = split_label(first.paragraphs[0], "Recommendation") if lone else None
        if recommendation is not None and (not self._table_mode() or self.flattened):
            self._end_preamble()
            number, rest = recommendation
            text = " ".join(part for part in (rest, *first.paragraphs[1:]) if part)
            label = first.paragraphs[0][:len(first.paragraphs[0]) - len(rest)]
            self.table.start_recommendation(number, text, first.where, label)
            self.headed = self.flattened
            return
        if lone and self.flattened:
            for paragraph in first.paragraphs:
                self._flattened(paragraph, first.where)
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
        """A line of the page header's title pattern ('Domestic Homicide Review ... Action Plan ...').

        The first that names the subject is kept, for the subject if nothing else gives it; the
        rest are listed as page headers. A line is never taken for a header because it repeats.
        """
        text = row.filled[0].text
        if split_label(text, "Recommendation") or split_label(text, "Action") or not _PAGE_HEADER.match(text):
            return False
        subject = subject_from_title(text)
        if subject is not None and self.header_subject is None:
            self.header_subject = (subject, row.filled[0].where, text)
        else:
            self.builder.skip(row.filled[0].where, text, "page headers")
        self.after_page_break = True
        return True

    def _flattened(self, text: str, where: Location) -> None:
        """One line of a copy with one cell per line: recommendation text, scope, or an action."""
        table = self.table
        current = table.current
        item = list_item(text)
        if current is not None and item is not None:
            index = table.add_action(current, item, where)
            self.builder.notes.append(f"{where.describe()}: read as action {table.ref(current, index)}, one of a "
                                      "list in the 'Action to take' column")
            return
        if current is not None and not table.has_actions():
            scope = read_scope(text)
            if scope is not None and "scope" not in self.builder.data["recommendations"][current]:
                self.builder.put(("recommendations", current, "scope"), scope, where, text)
                return
            if scope is None:
                table.add_text(("recommendations", current, "text"), text, where, "\n")
                return
        if current is None or _PART.match(text):
            table.start_by_order(text, where)
            if current is not None:
                self.builder.notes.append(f"{where.describe()} starts a new recommendation after the actions of "
                                          "the one before")
            return
        self.builder.leave(where, text, _FLATTENED)

    def _table_mode(self) -> bool:
        """The recommendation is in a column of its own (Home Office template), not in headings."""
        return any(target in RECOMMENDATION_TARGETS - {"scope", "addressed_to", "response"}
                   for target, _ in self.columns)

    def _self_labelled(self, row: Row) -> list[SourceCell] | None:
        """A row whose cells start with their column's name ("Key Actions ...", "Evidence ...", "RAG").

        Where the plan has had headings, each cell must start with the heading of its own column;
        before any, with a known heading. Only rows before the recommendation's own headings count.
        """
        if self.headed:
            return None
        cells, labels = [], []
        for index, cell in enumerate(row.cells):
            if not cell.paragraphs:
                continue
            expected = self.columns[index][1] if index < len(self.columns) else None
            found = _heading_prefix(cell.paragraphs[0], expected if self.columns else None)
            if found is None:
                return None
            target, heading, rest = found
            if target == "action" and split_label(cell.paragraphs[0], "Action") is not None:
                paragraphs, label = _numbered_action(cell.paragraphs), ""   # 'Action 3' is its number
            else:
                paragraphs, label = tuple(part for part in (rest, *cell.paragraphs[1:]) if part), heading
            cells.append(SourceCell(target, heading, paragraphs, cell.source_where, cell.fill,
                                    _markers(cell, paragraphs)))
            labels.append(label)
        if not any(source.target == "action" for source in cells):
            return None
        for source, label in zip(cells, labels):
            if label:
                self.builder.skip(source.where, label, "cells starting with their column's name")
        return cells

    def _by_column(self, row: Row) -> list[SourceCell] | None:
        if not self.columns:
            first = row.filled[0]
            if len(row.filled) == 1 and split_label(first.paragraphs[0], "Action") is not None:
                return [SourceCell("action", "", first.paragraphs, first.where, markers=first.markers)]
            return None
        cells = []
        for index, cell in enumerate(row.cells):
            if not cell.paragraphs and not cell.fill:
                continue
            target, heading = self.columns[index] if index < len(self.columns) else (None, "")
            cells.append(SourceCell(target, heading, cell.paragraphs, cell.source_where, cell.fill, cell.markers))
        return cells

    def _end_preamble(self) -> None:
        if self.preamble is None:
            return
        read_preamble(self.builder, self.preamble)
        self.preamble = None


def _markers(cell: Cell, paragraphs: tuple[str, ...]) -> tuple[str | None, ...]:
    """The cell's list marks for `paragraphs` (its own, perhaps less the first's heading)."""
    return cell.markers if len(cell.markers) == len(paragraphs) else ()


def _numbered_action(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """An action cell labelled 'Action 3 ...', kept as written so that the table reads 'Action 3' as the
    action's number (as it does in any action cell); a label on a paragraph of its own ('Action 3', then the
    text) is joined to the text it numbers."""
    label = split_label(paragraphs[0], "Action")
    if label is not None and not label[1] and len(paragraphs) > 1:
        return (f"{paragraphs[0]} {paragraphs[1]}", *paragraphs[2:])
    return paragraphs


def _heading_prefix(text: str, expected: str | None) -> tuple[str, str, str] | None:
    """'Evidence Letter to Home Office' -> ('planned_evidence', 'Evidence', 'Letter to Home Office').

    With `expected`, only that heading is accepted as the prefix; without, only a column name in full
    (`COLUMN_NAMES`): 'Lead Agency Northvale Police' is 'Lead Agency' and its value, though `target_for`
    would take the whole text for a long template heading starting 'Lead Agency'.
    """
    words = text.split(" ")
    for count in range(min(_LONGEST_NAME, len(words)), 0, -1):
        heading = " ".join(words[:count])
        if expected is not None:
            target = target_for(heading) if heading_key(heading) == heading_key(expected) else None
        else:
            target = COLUMN_NAMES.get(heading_key(heading))
        if target is not None:
            return target, heading, clean(" ".join(words[count:]))
    return None


_LONGEST_NAME = max(5, *(len(name.split()) for name in COLUMN_NAMES))
