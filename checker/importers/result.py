"""What an importer hands back: a plan `Document`, and an account of every piece of the source.

Importers never drop text silently. Each non-empty piece of the source is one of:

- placed: it lands in the plan, with its source line and column kept in `Document.positions` so
  findings point at the source; `PlanBuilder.put`/`append` record the text as written (a `Placed`),
  or the caller names the source text a value was read from (`source=`, or `took`);
- skipped as layout: a page header, a row of column headings, a title line (`PlanBuilder.skip`, a
  `Skipped`), listed line by line with where it was, never only counted;
- not placed: a `Leftover` with its reason, which the import command prints and `--strict` turns
  into an error.

`conservation.unaccounted` proves it: the words of the source are exactly the words placed,
skipped and left over. Every importer builds its plan through a `PlanBuilder`, so each gets the
same account; a cell merged down over several rows is the same source text again, so its
`Location` is marked `copy` and it is recorded once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..load import Document

__all__ = ["Location", "Leftover", "Skipped", "Placed", "Source", "ImportResult", "PlanBuilder", "AS_WRITTEN"]

AS_WRITTEN = object()
"""`source` default of `PlanBuilder.put`: a text value is the source text as written; other values record nothing."""


@dataclass(frozen=True, order=True)
class Location:
    """Where something is in a source file: a 1-based line (or row) and column, and how a person finds it."""

    file: str
    line: int
    column: int
    where: str = field(default="", compare=False)   # e.g. "line 9", "sheet 'Actions', cell D5"
    copy: bool = field(default=False, compare=False)  # a merged cell seen again below its first row

    def describe(self) -> str:
        return self.where or f"line {self.line}"

    def reference(self) -> str:
        """How a message names the place: 'plan.txt:9:1: line 9'; a PDF's by page, 'plan.pdf:page 2, table 1, ...'."""
        if self.where.startswith("page "):
            return f"{self.file}:{self.where}"
        return f"{self.file}:{self.line}:{self.column}: {self.describe()}"


@dataclass(frozen=True, order=True)
class Leftover:
    """Text from the source that is not in the plan, and why."""

    location: Location
    text: str
    reason: str

    def __str__(self) -> str:
        return f'{self.location.reference()}: "{self.text}": {self.reason}'


@dataclass(frozen=True, order=True)
class Skipped:
    """Text from the source recognised as layout (a page header, a row of headings) and not imported."""

    location: Location
    text: str
    kind: str          # e.g. "page headers", "rows of column headings"

    def __str__(self) -> str:
        return f'{self.location.reference()}: "{self.text}": {self.kind}'


@dataclass(frozen=True)
class Placed:
    """Source text, as written, that is in the plan at `path` (perhaps read into a date, a number or a word)."""

    location: Location
    text: str
    path: tuple


@dataclass(frozen=True)
class Source:
    """A file an import read, for the provenance comment of the plan it writes."""

    file: str
    form: str          # e.g. "published action plan", "review summary", "tracker"
    sha256: str


@dataclass
class ImportResult:
    """A plan read from a source file: the document, what was left over, what was decided and skipped."""

    document: Document
    sources: list[Source]
    leftovers: list[Leftover] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)          # decisions worth a second look
    layout: Counter = field(default_factory=Counter)         # how many of each kind of layout were skipped
    skipped: list[Skipped] = field(default_factory=list)     # the layout skipped, line by line
    placed: list[Placed] = field(default_factory=list)       # the source text that is in the plan

    def mapped(self) -> list[str]:
        """What the plan now holds, one line per part, for the import report."""
        data = self.document.data
        review = data.get("review", {})
        lines = ["review:"]
        for key, value in review.items():
            if key != "published_recommendations":
                shown = value.isoformat() if hasattr(value, "isoformat") else value
                lines.append(f"  {key}: {shown} ({self.came_from(('review', key))})")
        if review.get("published_recommendations"):
            lines.append(f"published recommendations: {len(review['published_recommendations'])}")
        recommendations = data.get("recommendations", [])
        lines.append(f"recommendations: {len(recommendations)}" + _filled(recommendations, ("number", "actions")))
        actions = [a for r in recommendations for a in r.get("actions", [])]
        lines.append(f"actions: {len(actions)}" + _filled(actions, ("number",)))
        return lines


    def came_from(self, path: tuple) -> str:
        """Where the source gave the value at `path`: 'plan.txt, line 7', or how it was arrived at."""
        piece = next((piece for piece in self.placed if piece.path[:len(path)] == path), None)
        if piece is not None:
            return f"{Path(piece.location.file).name}, {piece.location.describe()}"
        if path in self.document.positions:
            return f"{Path(self.document.file).name}, line {self.document.positions[path][0]}"
        if path == ("review", "numbering"):
            return "the recommendation numbers repeat"
        return "given on the command line" if path[0] == "review" else "worked out by the importer"


def _filled(records: list[dict], skip: tuple[str, ...]) -> str:
    counts = Counter(key for record in records for key in record if key not in skip)
    return f" ({', '.join(f'{key} {n}' for key, n in counts.items())})" if counts else ""


class PlanBuilder:
    """Plan data in the model's shape, built up as a source is read, with the source position of each part."""

    def __init__(self, file: str, form: str):
        self.file = file
        self.form = form
        self.data: dict[str, Any] = {"review": {}, "recommendations": []}
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.leftovers: list[Leftover] = []
        self.notes: list[str] = []
        self.layout: Counter = Counter()
        self.skipped: list[Skipped] = []
        self.placed: list[Placed] = []

    def put(self, path: tuple, value: Any, where: Location | None, source: Any = AS_WRITTEN) -> None:
        """Set the value at `path` (its parents must exist), remembering where it came from.

        `source`: the source text the value was read from (by default a text value itself);
        None when the caller accounts for the source text some other way.
        """
        *parents, key = path
        self._at(tuple(parents))[key] = value
        self._remember(path, where)
        self._record(path, value, where, source)

    def append(self, path: tuple, value: Any, where: Location | None, source: Any = AS_WRITTEN) -> int:
        """Append to the list at `path`, creating it; returns the new item's index."""
        *parents, key = path
        items = self._at(tuple(parents)).setdefault(key, [])
        items.append(value)
        self._remember(path + (len(items) - 1,), where)
        self._record(path + (len(items) - 1,), value, where, source)
        return len(items) - 1

    def took(self, where: Location | None, text: str, path: tuple) -> None:
        """Record that source text is in the plan at `path` (a label read as a number, text added to a field)."""
        if where is not None and text and not where.copy:
            self.placed.append(Placed(where, text, path))

    def skip(self, where: Location, text: str, kind: str) -> None:
        """Record text recognised as layout and not imported; it is listed, line by line, in the report."""
        if where.copy or not text.strip():
            return
        self.skipped.append(Skipped(where, text, kind))
        self.layout[kind] += 1

    def get(self, path: tuple, default: Any = None) -> Any:
        try:
            return self._at(path)
        except (KeyError, IndexError):
            return default

    def set_review(self, key: str, value: Any, where: Location, source: Any = AS_WRITTEN) -> bool:
        """Set a review field once. A second, different value is left over; returns whether it was placed."""
        review = self.data["review"]
        if key not in review:
            self.put(("review", key), value, where, source)
            return True
        if review[key] == value:
            self._record(("review", key), value, where, source)      # the same again: placed, and accounted for
        else:
            line = self.positions.get(("review", key), (0, 0))[0]
            shown = source if isinstance(source, str) else str(value)
            self.leave(where, shown, f"the plan already has {key.replace('_', ' ')} "
                                     f"'{review[key]}' (from line {line}); this different value was not used")
            return False
        return True

    def leave(self, where: Location, text: str, reason: str) -> None:
        """Record text that is not placed in the plan."""
        if where.copy:
            return
        self.leftovers.append(Leftover(where, text, reason))

    def result(self, raw: bytes) -> ImportResult:
        digest = hashlib.sha256(raw).hexdigest()
        document = Document(self.file, self.data, dict(self.positions), digest)
        return ImportResult(document, [Source(self.file, self.form, digest)], self.leftovers, self.notes,
                            self.layout, sorted(self.skipped), self.placed)

    def _record(self, path: tuple, value: Any, where: Location | None, source: Any) -> None:
        text = value if source is AS_WRITTEN and isinstance(value, str) else source
        if isinstance(text, str):
            self.took(where, text, path)

    def _at(self, path: tuple) -> Any:
        node: Any = self.data
        for key in path:
            node = node[key]
        return node

    def _remember(self, path: tuple, where: Location | None) -> None:
        if where is None:
            return
        self.positions[path] = (where.line, where.column)
        for end in range(len(path) - 1, 0, -1):          # a parent not yet placed starts where its first part does
            self.positions.setdefault(path[:end], (where.line, where.column))
