"""Turning one table cell into plan fields, the same way whichever file the table came from.

A cell knows what its column holds (`target`, from `columns.py`). Readers place
what they can read with certainty and leave the rest over with a reason: a
target date of "TBC" keeps the action without a target date and is reported;
a milestone, which the plan has no field for, is reported rather than forced
into a field that means something else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from .result import AS_WRITTEN, Location, PlanBuilder
from .values import (leading_date, rag_from_colour, read_date, read_rag, read_scope, read_status, split_decision,
                     trailing_date)

__all__ = ["SourceCell", "place_action_cell", "place_recommendation_cell"]


@dataclass(frozen=True)
class SourceCell:
    """One cell of a source table, with what its column holds."""

    target: str | None            # from columns.py; None when the column's heading is not known
    heading: str                  # the column heading as written ("" when there is none)
    lines: tuple[str, ...]        # the cell's text: one entry per paragraph or line, cleaned, none empty
    where: Location
    fill: str | None = None       # background colour RRGGBB, for a RAG shown as a colour
    markers: tuple[str | None, ...] = ()   # per line: the list mark of an HTML or Word list item ('1', '•')

    @property
    def is_empty(self) -> bool:
        """No text, and no shading that could be a RAG rating (white or grey shading is not one)."""
        if self.lines:
            return False
        if not self.fill or self.target not in ("self_rag", "status"):
            return True
        return rag_from_colour(self.fill) is None and not self.fill.startswith("theme")

    def column_name(self) -> str:
        return f"'{self.heading}'" if self.heading else "without a heading"


Reader = Callable[[PlanBuilder, tuple, SourceCell], None]


def place_action_cell(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    """Place a cell's content in the action at path `action`, or leave it over with a reason."""
    if cell.is_empty:
        return
    if cell.target == "ignore":
        builder.skip(cell.where, " ".join(cell.lines), "cells in columns the mapping file ignores")
        return
    reader = _ACTION_READERS.get(cell.target or "")
    if reader is None:
        _leave_all(builder, cell, f"the column {cell.column_name()} has no place in the plan")
        return
    reader(builder, action, cell)


def place_recommendation_cell(builder: PlanBuilder, recommendation: tuple, cell: SourceCell) -> None:
    """Place the recommendation-wide cells: scope and who it is addressed to."""
    if cell.is_empty:
        return
    if cell.target == "scope":
        scope = read_scope(" ".join(cell.lines))
        if scope is None:
            _leave_all(builder, cell, "the scope is not one of local, regional or national, so it was left out")
        else:
            _set_once(builder, recommendation + ("scope",), scope, cell, " ".join(cell.lines))
    elif cell.target == "addressed_to":
        _set_once(builder, recommendation + ("addressed_to",), ", ".join(cell.lines), cell)
    elif cell.target == "response":
        _response(builder, recommendation, cell)


def _response(builder: PlanBuilder, recommendation: tuple, cell: SourceCell) -> None:
    """The agency's response: 'Accepted', 'Accepted in part - 12/03/2019', then any reason on the lines after."""
    decision, date, said = split_decision(cell.lines[0])      # said: words after the decision, not its date
    if decision is None:
        _leave_all(builder, cell, "the response should start with accepted, accepted in part or not accepted; "
                                  "this was not read as a response")
        return
    response = {"decision": decision} | ({"date": date} if date else {})
    dated_first, date_line = date is not None, None         # the first line ('Accepted - 12/10/2016') is its source
    rest = [line for line in cell.lines[1:] if line]
    if rest and date is None and not said and (only := read_date(rest[0])) is not None:
        response["date"], date_line, rest = only, rest[0], rest[1:]
    first = cell.lines[0]
    if said:                                               # 'Accepted with conditions': the words start the reason
        rest = [said, *rest]
        first = first[:len(first) - len(said)] if first.endswith(said) else first.replace(said, "", 1)
    if rest:
        response["reason"] = "\n".join(rest)
    if builder.get(recommendation + ("response",)) is not None:
        _leave_all(builder, cell, "the recommendation already has a response (from another row); this one was "
                                  "not used")
        return
    sources = {"decision": first, "date": None if dated_first else date_line, "reason": AS_WRITTEN}
    builder.put(recommendation + ("response",), response, cell.where, None)
    for key, value in response.items():
        builder.put(recommendation + ("response", key), value, cell.where, sources[key])


def _text(field: str, joiner: str = "\n") -> Reader:
    def read(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
        _set_once(builder, action + (field,), joiner.join(cell.lines), cell)
    return read


def _items(field: str) -> Reader:
    def read(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
        for line in cell.lines:
            builder.append(action + (field,), line, cell.where)
    return read


def _evidence_provided(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    for line in cell.lines:
        index = builder.append(action + ("evidence_provided",), {"description": line}, cell.where)
        builder.put(action + ("evidence_provided", index, "description"), line, cell.where)


def _dates(cell: SourceCell) -> tuple[list[tuple[str, dt.date]], list[str]]:
    readable, unreadable = [], []
    for line in cell.lines:
        date = read_date(line)
        if date is None:
            unreadable.append(line)
        else:
            readable.append((line, date))
    return readable, unreadable


def _not_a_date(builder: PlanBuilder, cell: SourceCell, text: str, what: str) -> None:
    builder.leave(cell.where, text, f"'{text}' is not a date that can be read without guessing (it needs a day, "
                                    f"month and year, e.g. 31/01/2017), so the action's {what} was left out")


def _target_date(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    readable, unreadable = _dates(cell)
    for text in unreadable:
        _not_a_date(builder, cell, text, "target date")
    if unreadable:
        for text, _ in readable:
            builder.leave(cell.where, text, "this date shares its cell with one that cannot be read, so it is not "
                                            "known which is the action's target date; none was used")
        return
    if not readable:
        return
    latest = max(date for _, date in readable)
    _set_once(builder, action + ("target_date",), latest, cell, next(text for text, date in readable if date == latest))
    for text, date in _without_first(readable, latest):
        if date == latest:
            builder.took(cell.where, text, action + ("target_date",))      # the same date again
        else:
            builder.leave(cell.where, text, f"an earlier date in the same cell (a milestone's?); the action's "
                                            f"target date is the latest one, {latest:%d/%m/%Y}")


def _completion_date(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    readable, unreadable = _dates(cell)
    for text in unreadable:
        _not_a_date(builder, cell, text, "completion date")
    if len(readable) == 1 and not unreadable:
        _set_once(builder, action + ("completion_date",), readable[0][1], cell, readable[0][0])
    else:
        for text, _ in readable:
            builder.leave(cell.where, text, "the cell holds more than one date, so it is not known which is the "
                                            "completion date; none was used")


def _completion(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    """'Date of completion and outcome': a date, perhaps a status word, perhaps what was achieved."""
    dates: list[tuple[str, dt.date]] = []
    notes: list[str] = []
    for line in cell.lines:
        if (date := read_date(line)) is not None:
            dates.append((line, date))
        elif (dated := leading_date(line)) is not None:
            dates.append((line[:len(line) - len(dated[1])], dated[0]))
            notes.append(dated[1])
        elif (status := read_status(line)) is not None:
            _set_once(builder, action + ("status",), status, cell, line)
        else:
            notes.append(line)
    distinct = {date for _, date in dates}
    if len(distinct) > 1:
        for text, _ in dates:
            builder.leave(cell.where, text, "the cell holds more than one date, so it is not known which is the "
                                            "completion date; none was used")
    completed = distinct.pop() if len(distinct) == 1 else None
    if completed is not None:
        _set_once(builder, action + ("completion_date",), completed, cell, " ".join(text for text, _ in dates))
    if notes:
        _set_once(builder, action + ("outcome",), "\n".join(notes), cell)


def _rating(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    """A RAG or status column: 'Amber', 'Complete', or a RAG shown only as the cell's colour."""
    if not cell.lines:
        rag = rag_from_colour(cell.fill)
        if rag is None:
            builder.leave(cell.where, f"(cell coloured with {cell.fill})",
                          f"a colour from the workbook's theme, which cannot be read as red, amber, green or blue; "
                          f"write the RAG in the column {cell.column_name()} as a word")
            return
        _set_once(builder, action + ("self_rag",), rag, cell, None)
        builder.layout["RAG ratings read from the cell colour"] += 1
        return
    text = " ".join(cell.lines)
    if (rag := read_rag(text)) is not None:
        _set_once(builder, action + ("self_rag",), rag, cell, text)
    elif (status := read_status(text)) is not None:
        _set_once(builder, action + ("status",), status, cell, text)
    else:
        builder.leave(cell.where, text, f"the column {cell.column_name()} should hold a RAG rating (red, amber, "
                                        "green, blue) or a status (not started, in progress, ongoing, complete, "
                                        "not applicable); this is neither")


def _progress(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    """Progress notes, each starting with its date; undated lines continue the note before them."""
    updates: list[dict] = []
    sources: list[list[str]] = []
    for line in cell.lines:
        dated = leading_date(line)
        if dated is not None:
            updates.append({"date": dated[0], "note": dated[1]})
            sources.append([line])
        elif updates:
            updates[-1]["note"] += "\n" + line
            sources[-1].append(line)
        else:
            builder.leave(cell.where, line, "a progress note without a date at its start (e.g. '31/01/2017: "
                                            "policy agreed'); the plan keeps progress notes with their date")
    for update, lines in zip(updates, sources):
        index = builder.append(action + ("progress_updates",), update, cell.where, " ".join(lines))
        for key in update:
            builder.put(action + ("progress_updates", index, key), update[key], cell.where, None)


def _milestones(builder: PlanBuilder, action: tuple, cell: SourceCell) -> None:
    """Key milestones, one a line, each perhaps with its date: 'Training package agreed - 31/01/2017'.

    A line that is only a date is the date of the milestone before it, when that has none.
    """
    milestones: list[dict] = []
    sources: list[list[str]] = []                       # per milestone, its lines as written
    for line in cell.lines:
        date = read_date(line)
        if date is not None and milestones and "target_date" not in milestones[-1]:
            milestones[-1]["target_date"] = date
            sources[-1].append(line)
            continue
        if date is not None:
            builder.leave(cell.where, line, "a date with no milestone before it to give it to; add the milestone "
                                            "by hand")
            continue
        description, date = trailing_date(line)
        milestones.append({"description": description} | ({"target_date": date} if date else {}))
        sources.append([line])
    for milestone, lines in zip(milestones, sources):
        index = builder.append(action + ("milestones",), milestone, cell.where, " ".join(lines))
        for key, value in milestone.items():
            builder.put(action + ("milestones", index, key), value, cell.where, None)


_ACTION_READERS: dict[str, Reader] = {
    "lead_agency": _text("lead_agency", ", "),
    "planned_evidence": _items("planned_evidence"),
    "key_outcomes": _items("key_outcomes"),
    "evidence_provided": _evidence_provided,
    "target_date": _target_date,
    "completion_date": _completion_date,
    "completion": _completion,
    "status": _rating,
    "self_rag": _rating,
    "progress": _progress,
    "milestones": _milestones,
}


def _set_once(builder: PlanBuilder, path: tuple, value: Any, cell: SourceCell, source: Any = AS_WRITTEN) -> None:
    """Set a field once; the same value again is placed, a different one left over. `source`: as `PlanBuilder.put`."""
    current = builder.get(path)
    if current is None:
        builder.put(path, value, cell.where, source)
    elif current == value:
        text = value if source is AS_WRITTEN and isinstance(value, str) else source
        builder.took(cell.where, text if isinstance(text, str) else "", path)
    else:
        shown = source if isinstance(source, str) else (
            value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value))
        builder.leave(cell.where, shown, f"{path[-1].replace('_', ' ')} is already '{current}' (from another "
                                         "cell); this different value was not used")


def _without_first(dates: list[tuple[str, dt.date]], date: dt.date) -> list[tuple[str, dt.date]]:
    """The dates less the first one on `date` (which was used)."""
    index = next(i for i, (_, d) in enumerate(dates) if d == date)
    return dates[:index] + dates[index + 1:]


def _leave_all(builder: PlanBuilder, cell: SourceCell, reason: str) -> None:
    for line in cell.lines:
        builder.leave(cell.where, line, reason)
