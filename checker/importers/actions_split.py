"""Several actions written in one cell: told apart, so each becomes an action of its own.

The Home Office template has one "Action to take" cell per row, and councils often write all of a
recommendation's actions in it: one paragraph each, a numbered list ("1. Ensure ...", "2) All
partners ..."), or "Action 1 ... Action 2 ..." labels. Read as one action, the plan would hide
that the second and third have no owner, date or evidence of their own. Every importer that
reads a cell of actions (Word, Excel, PDF, published text and HTML) calls `split_actions`, and
reports each split under "worth a second look": a cell that is one action in two paragraphs is
then easy to spot and join by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ActionPart", "split_actions"]

_NUMBERED = re.compile(r"^(?:action\s+(?P<label>\d{1,3})\b[\s.:)\-–—]*|\(?(?P<number>\d{1,2})[.)]\s+)",
                       re.IGNORECASE)


@dataclass(frozen=True)
class ActionPart:
    """One action of a cell: its number when the cell gives one ("Action 2", "2."), and its paragraphs."""

    number: int | None
    lines: tuple[str, ...]

    @property
    def description(self) -> str:
        return "\n".join(self.lines)


def split_actions(lines: tuple[str, ...] | list[str]) -> list[ActionPart]:
    """The actions in a cell's paragraphs: one per numbered item or "Action N" label when the cell
    numbers them (unnumbered paragraphs after an item belong to it; any before the first introduce
    it), else one per paragraph.

    A cell of one paragraph is one action. Numbers are returned as written, without the mark.
    """
    lines = [line for line in lines if line.strip()]
    if len(lines) <= 1:
        return [ActionPart(_number(lines[0]) if lines else None, tuple(_text(line) for line in lines))]
    if not any(_NUMBERED.match(line) for line in lines):
        return [ActionPart(None, (line,)) for line in lines]
    parts: list[ActionPart] = []
    preface: tuple[str, ...] = ()                  # lines before the first numbered item introduce it
    for line in lines:
        number = _number(line)
        if number is not None:
            parts.append(ActionPart(number, preface + (_text(line),)))
            preface = ()
        elif parts:
            parts[-1] = ActionPart(parts[-1].number, parts[-1].lines + (line,))
        else:
            preface += (line,)
    return parts


def _number(line: str) -> int | None:
    match = _NUMBERED.match(line)
    if match is None:
        return None
    return int(match.group("label") or match.group("number"))


def _text(line: str) -> str:
    match = _NUMBERED.match(line)
    return line[match.end():].strip() if match and line[match.end():].strip() else line
