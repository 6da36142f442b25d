"""The review summary: the published recommendations and who each is addressed to.

The Home Office DHR library's page for a review gives the partnership, the year
of death and a table of the review's recommendations:

    CSP: Bolton
    | # | Recommendation | Addressed to |
    |---|---|---|
    | 1 | That the narrow single agency focus ... | Bolton Community Safety Partnership |

Imported with an action plan (`--summary`), the table becomes the plan's
`review.published_recommendations`, kept in the summary's own words, so the
coverage rule can compare it with the recommendations the plan carries.
"""

from __future__ import annotations

import copy
import csv
import re

from ..load import Document
from .columns import heading_key
from .preamble import subject_from_title
from .result import ImportResult, Leftover, Location, PlanBuilder
from .source import decode_text
from .values import clean, read_number

__all__ = ["looks_like_summary", "read_summary", "merge_summary", "FORM"]

FORM = "review summary"

_TABLE_COLUMNS = {"#": "number", "no": "number", "number": "number", "recommendation": "text",
                  "recommendations": "text", "addressed to": "addressed_to"}
_SEPARATOR = re.compile(r"^:?-{3,}:?$")
_REVIEW_TITLE = re.compile(r"^\S.{0,80}\breview$", re.IGNORECASE)
_EXTRACTED = re.compile(r"^extracted:\s*(\d+)\s*rec", re.IGNORECASE)
# The library page's furniture: breadcrumbs, links, section headings, the "About this page" box.
_FURNITURE = re.compile(r"^(?:about this page\b.*|source\s*·.*|.*↗|summary|extracted recommendations)$",
                        re.IGNORECASE)


def looks_like_summary(text: str) -> bool:
    """A text file is a review summary when it has a table with Recommendation and Addressed to columns."""
    for line in text.split("\n"):
        cells = _cells(line)
        if cells and {"text", "addressed_to"} <= {_TABLE_COLUMNS.get(heading_key(c) or c.strip()) for c in cells}:
            return True
    return False


def read_summary(raw: bytes, name: str) -> ImportResult:
    """Read a review summary into a plan's review: partnership, year of death, source, published recommendations."""
    text, note = decode_text(raw, name)
    builder = PlanBuilder(name, FORM)
    if note:
        builder.notes.append(note)
    columns: list[str | None] | None = None
    extracted: tuple[int, Location] | None = None
    source: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        where = Location(name, number, 1, f"line {number}")
        cells = _cells(line)
        if cells is not None:
            columns = _table_row(builder, cells, columns, where)
            continue
        line = clean(line)
        if not line:
            continue
        label, colon, value = (part.strip() for part in line.partition(":"))
        key = heading_key(label) if colon else ""
        if key in ("csp", "community safety partnership"):
            builder.set_review("community_safety_partnership", value, where)
        elif key == "year of death" and re.fullmatch(r"\d{4}", value):
            builder.set_review("year_of_death", int(value), where)
        elif key == "published" and value:
            source["published"] = value
        elif key == "source" and value:
            source["library"] = value
        elif (match := _EXTRACTED.match(line)) is not None:
            extracted = (int(match.group(1)), where)
        elif (subject := subject_from_title(line)) is not None:
            builder.set_review("subject", subject, where)
        elif _FURNITURE.match(line):
            builder.layout["lines of the library page's furniture (links, headings, notes about the page)"] += 1
        elif _REVIEW_TITLE.match(line) and "title" not in source:
            source["title"] = line
        else:
            builder.leave(where, line, "text of the review summary that has no field in the plan")
    published = builder.data["review"].get("published_recommendations", [])
    if extracted is not None and extracted[0] != len(published):
        builder.leave(extracted[1], f"Extracted: {extracted[0]} recs", f"the summary says {extracted[0]} "
                                    f"recommendations were extracted but its table lists {len(published)}; check "
                                    "the table is complete")
    if source:
        text = ": ".join(part for part in (source.get("library"), source.get("title")) if part)
        if "published" in source:
            text = f"{text}, published {source['published']}" if text else f"published {source['published']}"
        builder.put(("review", "source"), text, None)
    return builder.result(raw)


def merge_summary(plan: ImportResult, summary: ImportResult) -> ImportResult:
    """The action plan with the summary's review facts and published recommendations added.

    Where both give a review field, the action plan's value stays and the summary's is left
    over. Each recommendation without an addressee takes the one the summary gives it.
    """
    data = copy.deepcopy(plan.document.data)
    review = data.setdefault("review", {})
    ours = summary.document
    leftovers = list(plan.leftovers) + list(summary.leftovers)
    for key, value in ours.data["review"].items():
        if key not in review:
            review[key] = value
        elif review[key] != value:
            line, column = ours.position(("review", key))
            shown = f"{len(value)} published recommendations" if isinstance(value, list) else str(value)
            leftovers.append(Leftover(Location(ours.file, line, column, f"line {line}"), shown,
                                      f"the action plan already gives {key.replace('_', ' ')}; the plan keeps "
                                      "the action plan's"))
    addressed = {p["number"]: p["addressed_to"] for p in review.get("published_recommendations", [])
                 if "addressed_to" in p}
    filled = []
    for recommendation in data.get("recommendations", []):
        if "addressed_to" not in recommendation and recommendation.get("number") in addressed:
            recommendation["addressed_to"] = addressed[recommendation["number"]]
            filled.append(str(recommendation["number"]))
    notes = plan.notes + summary.notes
    if filled:
        notes.append(f"who recommendations {', '.join(filled)} are addressed to comes from the review summary")
    document = Document(plan.document.file, data, dict(plan.document.positions), plan.document.sha256)
    return ImportResult(document, plan.sources + summary.sources, leftovers, notes, plan.layout + summary.layout)


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


def _table_row(builder: PlanBuilder, cells: list[str], columns: list[str | None] | None,
               where: Location) -> list[str | None] | None:
    """Read one line of the recommendations table; returns the table's columns (found on its heading row)."""
    if columns is None:
        found = [_TABLE_COLUMNS.get(heading_key(cell) or cell) for cell in cells]
        if "text" in found:
            builder.layout["rows of column headings"] += 1
            return found
    if all(_SEPARATOR.match(cell) or not cell for cell in cells):
        builder.layout["table rule lines"] += 1
        return columns
    values = {column: clean(cell) for column, cell in zip(columns or [], cells) if column and clean(cell)}
    number = read_number(values["number"]) if "number" in values else None
    if number is None or "text" not in values:
        filled = [clean(cell) for cell in cells if clean(cell)]
        if len(filled) == 1 and ("↗" in filled[0] or _FURNITURE.match(filled[0])):
            builder.layout["lines of the library page's furniture (links, headings, notes about the page)"] += 1
        else:
            for text in filled:
                builder.leave(where, text, "a row of the recommendations table without a number and text")
        return columns
    record = {"number": number, "text": values["text"]}
    if "addressed_to" in values:
        record["addressed_to"] = values["addressed_to"]
    index = builder.append(("review", "published_recommendations"), record, where)
    for key, value in record.items():
        builder.put(("review", "published_recommendations", index, key), value, where)
    return columns
