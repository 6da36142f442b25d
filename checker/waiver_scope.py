"""Waivers that name a plan the run did not check: told, so a mistyped plan id is not passed over.

One `waivers.yaml` serves a partnership's whole folder of plans, and checking one plan of it is
normal, so a waiver for a plan outside the run is not bad input (no exit 2). Nor can it make a
plan look better than it is: it waives nothing. But a board that approved a waiver under a
mistyped plan id would otherwise never learn why its finding still counts, so each such waiver
is told on stderr as `waivers.yaml:line:column: note: ...`, with the closest plan id of the run
when one resembles it. (Waivers of a plan in the run that match none of its findings are the
finding DHR-WAIVER-002.)
"""

from __future__ import annotations

import difflib
from typing import Iterable

from .errors import Problem
from .waivers import LoadedWaiver

__all__ = ["waivers_outside", "MAX_NAMED"]

MAX_NAMED = 10
"""Plan ids a note names before 'and N more': a partnership's waivers may cover hundreds of plans."""


def waivers_outside(waivers: Iterable[LoadedWaiver], plan_ids: set[str]) -> list[Problem]:
    """Notes on the waivers whose plan id is not one of `plan_ids` (the plans checked).

    A waiver whose plan id closely resembles a checked plan's (most likely a typing slip) gets a
    note of its own at its line, with the id meant; the rest, usually waivers for the partnership's
    other plans, one note at the first of them, naming each plan id and its lines.
    """
    outside = [loaded for loaded in waivers if loaded.waiver.plan not in plan_ids]
    notes: list[Problem] = []
    elsewhere: dict[str, list[LoadedWaiver]] = {}   # plan id -> its waivers, in file order
    for loaded in outside:
        close = difflib.get_close_matches(loaded.waiver.plan, sorted(plan_ids), n=1, cutoff=0.8)
        if close:
            notes.append(Problem(loaded.file, loaded.line, loaded.column,
                                 f"note: waiver {loaded.index + 1} ({loaded.waiver.rule}) names plan "
                                 f"'{loaded.waiver.plan}', which is not in this run, so it waives nothing. "
                                 f"Did you mean '{close[0]}'?"))
        else:
            elsewhere.setdefault(loaded.waiver.plan, []).append(loaded)
    if elsewhere:
        first = min((w for group in elsewhere.values() for w in group), key=lambda w: w.index)
        named = [f"'{plan}' ({_lines(group)})" for plan, group in elsewhere.items()]
        shown = ", ".join(named[:MAX_NAMED]) + (f" and {len(named) - MAX_NAMED} more" if len(named) > MAX_NAMED else "")
        count = sum(len(group) for group in elsewhere.values())
        notes.append(Problem(first.file, first.line, first.column,
                             f"note: {count} waiver{'s name plans' if count != 1 else ' names a plan'} not in this "
                             f"run, so {'they waive' if count != 1 else 'it waives'} nothing here: {shown}. A plan "
                             "id is partnership/subject, as reports show it."))
    return sorted(notes)


def _lines(group: list[LoadedWaiver]) -> str:
    lines = [str(w.line) for w in group]
    return f"line{'s' if len(lines) > 1 else ''} {', '.join(lines)}"
