"""The review summary: the published recommendations and who each is addressed to.

The Home Office DHR library's page for a review gives the partnership, the year
of death and a table of the review's recommendations. Two layouts occur: the page
as markdown, with a pipe table,

    CSP: Bolton
    | # | Recommendation | Addressed to |
    |---|---|---|
    | 1 | That the narrow single agency focus ... | Bolton Community Safety Partnership |
    | 2 | That Health and other agencies ... | Southampton City CCG | other agencies |

and the page copied from a browser, where the facts share a line and the table's
cells run together with no separator:

    CSP: Gloucestershire Published: October 2025 Year of death: 2021 Extracted: 16 recs
    # Recommendation Addressed to
    4.1.12 The Police ... an interpreter. Police | Office for the Police and Crime Commissioner

Identifiers are kept as written (`5.1`, `2a`, `R10`); every addressee is kept (a
cell of its own each, or ` | ` between names). In the browser copy, the addressee
is the name after the text's last full stop; where there is none, the text and
the addressee run together and cannot be told apart without guessing, so the
whole line is kept as the text, the addressee is left empty and the report says
so. A review that numbers afresh for each agency (1, 1, 1, 2) is marked
`numbering: per_agency`. The page's own count ("Extracted: 16 recs") is checked
against the rows read: the stored copies are often cut short.

Imported with an action plan (`--summary`), the table becomes the plan's
`review.published_recommendations`, kept in the summary's own words, so the
coverage rule can compare it with the recommendations the plan carries.
"""

from __future__ import annotations

import copy
import csv
import re

from ..identifiers import IDENTIFIER_PATTERN
from ..load import Document
from .columns import heading_key
from .preamble import subject_from_title
from .result import ImportResult, Leftover, Location, PlanBuilder
from .source import decode_text
from .values import clean

__all__ = ["looks_like_summary", "read_summary", "merge_summary", "FORM"]

FORM = "review summary"

_TABLE_COLUMNS = {"#": "number", "no": "number", "number": "number", "recommendation": "text",
                  "recommendations": "text", "addressed to": "addressed_to"}
_SEPARATOR = re.compile(r"^:?-{3,}:?$")
_REVIEW_TITLE = re.compile(r"^\S.{0,80}\breview$", re.IGNORECASE)
_EXTRACTED = re.compile(r"^extracted:\s*(\d+)\s*recs?$", re.IGNORECASE)
_PULLED = re.compile(r"^(\d+) recommendations? pulled from the report$", re.IGNORECASE)
_FLAT_HEADINGS = re.compile(r"^#\s*Recommendations?\s+Addressed to$", re.IGNORECASE)
# The library page's furniture: breadcrumbs, links, section headings, the "About this page" box.
_FURNITURE = re.compile(r"^(?:about this page\b.*|source\s*·.*|.*↗|summary|extracted recommendations|"
                        r"recommendations extracted from the published report\b.*)$", re.IGNORECASE)
FURNITURE = "lines of the library page's furniture (links, headings, notes about the page)"
_LABEL = re.compile(r"\b(CSP|Community Safety Partnership|Published|Year of death|Extracted|Source):\s*", re.IGNORECASE)
_ROW_START = re.compile(r"^(?P<number>[A-Za-z]{0,3}\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)\s+(?P<rest>\S.*)$")
_SENTENCE_END = re.compile(r"[”\"’)]*[.!?][”\"’)]*\s+")
_CONNECTORS = {"and", "of", "for", "the", "in", "on", "upon", "&", "with", "to"}


def looks_like_summary(text: str) -> bool:
    """A text file is a review summary when it has a table with Recommendation and Addressed to columns."""
    for line in text.split("\n"):
        if _FLAT_HEADINGS.match(clean(line)):
            return True
        cells = _cells(line)
        if cells and {"text", "addressed_to"} <= {_TABLE_COLUMNS.get(heading_key(c) or c.strip()) for c in cells}:
            return True
    return False


def read_summary(raw: bytes, name: str) -> ImportResult:
    """Read a review summary into a plan's review: partnership, year of death, source, published recommendations."""
    text, note = decode_text(raw, name)
    reader = _Summary(name)
    if note:
        reader.builder.notes.append(note)
    for number, line in enumerate(text.split("\n"), start=1):
        reader.line(line.rstrip("\r"), Location(name, number, 1, f"line {number}"))
    return reader.finish(raw)


class _Summary:
    def __init__(self, name: str):
        self.builder = PlanBuilder(name, FORM)
        self.columns: list[str | None] | None = None
        self.flattened = False                           # after '# Recommendation Addressed to'
        self.extracted: tuple[int, Location, str] | None = None
        self.source: dict[str, str] = {}
        self.source_lines: list[tuple[Location, str]] = []
        self.run_together: list[str] = []
        self.split_at_full_stop: list[str] = []
        self.cut_short: list[str] = []

    def line(self, line: str, where: Location) -> None:
        builder = self.builder
        cells = _cells(line)
        if cells is not None:
            self.columns = self._table_row(cells, line, where)
            return
        line = clean(line)
        if not line:
            return
        if _FLAT_HEADINGS.match(line):
            self.flattened = True
            builder.skip(where, line, "rows of column headings")
            return
        if self.flattened and (match := _ROW_START.match(line)) and IDENTIFIER_PATTERN.match(match.group("number")):
            self._flattened_row(match.group("number"), match.group("rest"), where)
            return
        for part in _parts(line):
            self._fact(part, where)

    def _fact(self, line: str, where: Location) -> None:
        builder = self.builder
        label, colon, value = (part.strip() for part in line.partition(":"))
        key = heading_key(label) if colon else ""
        if key in ("csp", "community safety partnership") and value:
            builder.set_review("community_safety_partnership", value, where, line)
        elif key == "year of death" and re.fullmatch(r"\d{4}", value):
            builder.set_review("year_of_death", int(value), where, line)
        elif key == "published" and value and "published" not in self.source:
            self.source["published"] = value
            self.source_lines.append((where, line))
        elif key == "source" and value and "library" not in self.source:
            self.source["library"] = value
            self.source_lines.append((where, line))
        elif (match := _EXTRACTED.match(line)) is not None:
            self.extracted = self.extracted or (int(match.group(1)), where, line)
            builder.skip(where, line, "the page's count of recommendations (checked against the rows read)")
        elif _PULLED.match(line):
            builder.skip(where, line, "the page's count of recommendations (checked against the rows read)")
        elif (subject := subject_from_title(line)) is not None:
            builder.set_review("subject", subject, where, line)
        elif _FURNITURE.match(line):
            builder.skip(where, line, FURNITURE)
        elif _REVIEW_TITLE.match(line) and "title" not in self.source:
            self.source["title"] = line
            self.source_lines.append((where, line))
        else:
            builder.leave(where, line, "text of the review summary that has no field in the plan")

    def _table_row(self, cells: list[str], line: str, where: Location) -> list[str | None] | None:
        """Read one line of the recommendations table; returns the table's columns (found on its heading row)."""
        builder, columns = self.builder, self.columns
        if columns is None:
            found = [_TABLE_COLUMNS.get(heading_key(cell) or cell) for cell in cells]
            if "text" in found:
                builder.skip(where, " | ".join(cells), "rows of column headings")
                return found
        if all(_SEPARATOR.match(cell) or not cell for cell in cells):
            builder.skip(where, line.strip(), "table rule lines")
            return columns
        filled = [clean(cell) for cell in cells if clean(cell)]
        values: dict[str, str] = {}
        addressees: list[str] = []
        for index, cell in enumerate(cells):
            column = (columns or [])[index] if index < len(columns or []) else None
            if column is None and columns and "addressed_to" in columns and index > columns.index("addressed_to"):
                column = "addressed_to"                    # a second addressee, as a cell of its own
            if column == "addressed_to":
                addressees += [name for name in (clean(n) for n in cell.split("|")) if name]
            elif column and clean(cell):
                values[column] = clean(cell)
        number = values.get("number")
        if number is None or not IDENTIFIER_PATTERN.match(number) or "text" not in values:
            if len(filled) == 1 and _FURNITURE.match(filled[0]):
                builder.skip(where, filled[0], FURNITURE)
            else:
                for text in filled:
                    builder.leave(where, text, "a row of the recommendations table without a number and text")
            return columns
        if not line.rstrip().endswith("|"):
            self.cut_short.append(f"{where.describe()} ({number})")
        self._record(number, values["text"], addressees, where)
        return columns

    def _flattened_row(self, number: str, rest: str, where: Location) -> None:
        """'4.1.12 The Police ... an interpreter. Police | Office for ...': text, then the addressees."""
        split = _split_addressees(rest)
        if split is None:
            self.run_together.append(f"{where.describe()} ({number})")
            self._record(number, rest, [], where)
            return
        text, addressees = split
        self.split_at_full_stop.append(number)
        self._record(number, text, addressees, where, rest[len(text):])

    def _record(self, number: str, text: str, addressees: list[str], where: Location,
                addressee_text: str | None = None) -> None:
        builder = self.builder
        identifier: int | str = int(number) if number.isdigit() and str(int(number)) == number else number
        record: dict = {"number": identifier, "text": text}
        named = addressees[0] if len(addressees) == 1 else addressees     # one name as text, several as a list
        if addressees:
            record["addressed_to"] = named
        index = builder.append(("review", "published_recommendations"), record, where, None)
        path = ("review", "published_recommendations", index)
        builder.put(path + ("number",), identifier, where, number)
        builder.put(path + ("text",), text, where)
        if addressees:
            builder.put(path + ("addressed_to",), named, where, addressee_text or " ".join(addressees))

    def finish(self, raw: bytes) -> ImportResult:
        builder = self.builder
        published = builder.data["review"].get("published_recommendations", [])
        if self.extracted is not None and self.extracted[0] != len(published):
            count, where, _ = self.extracted
            builder.notes.append(f"{where.describe()}: the page says {count} recommendations were extracted but "
                                 f"{len(published)} rows were read; the copy may be cut short, so check the table "
                                 "against the published review")
        if self.cut_short:
            builder.notes.append("the last cell of " + ", ".join(self.cut_short) + " has no closing '|': the row "
                                 "may be cut short")
        if self.split_at_full_stop:
            builder.notes.append("this copy of the page has no cell separators: the addressee of recommendations "
                                 + ", ".join(self.split_at_full_stop) + " was read as the name after the text's "
                                 "last full stop")
        if self.run_together:
            builder.notes.append("in " + ", ".join(self.run_together) + " the text and who it is addressed to run "
                                 "together with no separator, so the whole line was kept as the text and the "
                                 "addressee was left empty: add it by hand")
        numbers = [str(p["number"]) for p in published]
        if len(set(numbers)) < len(numbers):
            repeated = sorted({n for n in numbers if numbers.count(n) > 1})
            builder.put(("review", "numbering"), "per_agency", None, None)
            builder.notes.append(f"recommendation numbers repeat ({', '.join(repeated)}): the review numbers afresh "
                                 "for each agency, so the plan says numbering: per_agency")
        if self.source:
            text = ": ".join(part for part in (self.source.get("library"), self.source.get("title")) if part)
            if "published" in self.source:
                published_on = self.source["published"]
                text = f"{text}, published {published_on}" if text else f"published {published_on}"
            builder.put(("review", "source"), text, None, None)
            for where, line in self.source_lines:
                builder.took(where, line, ("review", "source"))
        return builder.result(raw)


def _parts(line: str) -> list[str]:
    """A line of the browser copy may hold several facts: 'CSP: Kent Published: December 2022 ...'."""
    pieces = [piece.strip() for piece in re.split(r"(?<=↗)\s+", line)]
    parts = []
    for piece in pieces:
        starts = [match.start() for match in _LABEL.finditer(piece)]
        if len(starts) < 2 or starts[0] != 0:
            parts.append(piece)
            continue
        parts += [piece[a:b].strip() for a, b in zip(starts, starts[1:] + [len(piece)])]
    return [part for part in parts if part]


def _split_addressees(rest: str) -> tuple[str, list[str]] | None:
    """The text up to its last full stop, and the names after it; None when no name follows a full stop."""
    ends = list(_SENTENCE_END.finditer(rest))
    if not ends:
        return None
    last = ends[-1]
    names = [clean(name) for name in rest[last.end():].split("|")]
    if not all(names) or not all(_is_name(name) for name in names):
        return None
    return rest[:last.end()].rstrip(), names


def _is_name(text: str) -> bool:
    """An organisation's name: short, each word capitalised (or 'and', 'of', ...), no closing full stop."""
    words = text.split()
    if not words or len(words) > 12 or text[-1] in ".!?:;," or words[0] in _CONNECTORS:
        return False
    return all(word in _CONNECTORS or word[0].isupper() or word[0].isdigit() for word in words)


def merge_summary(plan: ImportResult, summary: ImportResult) -> ImportResult:
    """The action plan with the summary's review facts and published recommendations added.

    Where both give a review field, the action plan's value stays and the summary's is left
    over. Each recommendation without an addressee takes the one the summary gives it.
    """
    data = copy.deepcopy(plan.document.data)
    review = data.setdefault("review", {})
    ours = summary.document
    leftovers = list(plan.leftovers) + list(summary.leftovers)
    placed = list(summary.placed)
    for key, value in ours.data["review"].items():
        if key not in review:
            review[key] = value
        elif review[key] != value:
            placed = [piece for piece in placed if piece.path[:2] != ("review", key)]    # listed instead
            line, column = ours.position(("review", key))
            shown = f"{len(value)} published recommendations" if isinstance(value, list) else str(value)
            leftovers.append(Leftover(Location(ours.file, line, column, f"line {line}"), shown,
                                      f"the action plan already gives {key.replace('_', ' ')}; the plan keeps "
                                      "the action plan's"))
    addressed: dict[str, list] = {}
    for published in review.get("published_recommendations", []):
        addressed.setdefault(str(published["number"]), []).append(published.get("addressed_to"))
    filled, ambiguous = [], []
    for recommendation in data.get("recommendations", []):
        given = addressed.get(str(recommendation.get("number")), [])
        if "addressed_to" not in recommendation and len(given) == 1 and given[0]:
            recommendation["addressed_to"] = copy.deepcopy(given[0])
            filled.append(str(recommendation["number"]))
        elif "addressed_to" not in recommendation and len(given) > 1:
            ambiguous.append(str(recommendation["number"]))
    notes = plan.notes + summary.notes
    if filled:
        notes.append(f"who recommendations {', '.join(filled)} are addressed to comes from the review summary")
    if ambiguous:
        notes.append(f"the review summary gives recommendations {', '.join(ambiguous)} more than once (numbered per "
                     "agency), so who each is addressed to was not taken from it: add it by hand")
    document = Document(plan.document.file, data, dict(plan.document.positions), plan.document.sha256)
    return ImportResult(document, plan.sources + summary.sources, leftovers, notes, plan.layout + summary.layout,
                        plan.skipped + summary.skipped, plan.placed + placed)


def _cells(line: str) -> list[str] | None:
    """The cells of a '| a | b |' table line, or None when the line is not one."""
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    cells = next(csv.reader([stripped], delimiter="|", escapechar="\\", quoting=csv.QUOTE_NONE))
    if cells and not cells[0].strip():
        cells = cells[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|") and cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]
