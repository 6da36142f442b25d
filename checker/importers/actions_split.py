"""Several actions written in one cell: told apart, so each becomes an action of its own.

The Home Office template has one "Action to take" cell per row, and councils often write all of a
recommendation's actions in it: one paragraph each, a numbered or bulleted list ("1. Ensure ...",
"2) All partners ...", "• Audit ..."), an HTML or Word list whose marks are not in the text, or
"Action 1 ... Action 2 ..." labels. Read as one action, the plan would hide that the second and
third have no owner, date or evidence of their own. Every importer that reads a cell of actions
(Word, Excel, CSV, PDF, published text and HTML) goes through `split_actions`, and the table
reports each split under "worth a second look": a cell that is one action in two paragraphs is
then easy to spot and join by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .values import split_label

__all__ = ["ActionPart", "list_item", "split_actions"]

_NUMBERED_ITEM = re.compile(r"^\(?(\d{1,2})[.)]\s+(?=\S)")
_BULLET_ITEM = re.compile(r"^[•·▪‣◦●○■□\-–*]\s+(?=\S)")


@dataclass(frozen=True)
class ActionPart:
    """One action of a cell: its number when the cell gives one ("Action 2", "2."), and its paragraphs.

    `mark`: the words of the source that gave the number or the list mark ("Action 2 ", "2. ", "• "),
    as written, so the import can account for them; "" when the mark is not in the text.
    """

    number: int | None
    lines: tuple[str, ...]
    mark: str = field(default="", compare=False)

    @property
    def description(self) -> str:
        return "\n".join(self.lines)


def list_item(text: str, marker: str | None = None) -> tuple[int | None, str, str] | None:
    """A paragraph that is an item of a list: (its number if it has one, its mark as written, the rest).

    '2. All partners ...', '(2) All partners', '• Ensure ...' and 'Action 3 Include ...' are items;
    so is any paragraph with `marker`, the mark an HTML or Word list gives it ('2', '•') without
    writing it in the text.
    """
    if marker is not None:
        return (int(marker) if marker.isdigit() else None), "", text
    if (labelled := split_label(text, "Action")) is not None and labelled[1]:
        return labelled[0], text[:len(text) - len(labelled[1])], labelled[1]
    if (match := _NUMBERED_ITEM.match(text)) is not None:
        return int(match.group(1)), match.group(0), text[match.end():]
    if (match := _BULLET_ITEM.match(text)) is not None:
        return None, match.group(0), text[match.end():]
    return None


def split_actions(lines: tuple[str, ...] | list[str],
                  markers: tuple[str | None, ...] | list[str | None] = ()) -> list[ActionPart]:
    """The actions in a cell's paragraphs: one per list item ("1.", "•", "Action N", or a mark of an
    HTML or Word list in `markers`, one per line) when the cell has any (unnumbered paragraphs after an
    item belong to it; any before the first introduce it and go with it), else one per paragraph.

    A cell of one paragraph is one action. Numbers are returned without their mark.
    """
    pairs = [(line, marker) for line, marker in
             zip(lines, markers if len(markers) == len(lines) else (None,) * len(lines)) if line.strip()]
    items = [list_item(line, marker) for line, marker in pairs]
    if len(pairs) <= 1:
        if items and items[0] is not None:
            number, mark, rest = items[0]
            return [ActionPart(number, (rest,), mark)]
        return [ActionPart(None, tuple(line for line, _ in pairs))]
    if not any(items):
        return [ActionPart(None, (line,)) for line, _ in pairs]
    parts: list[ActionPart] = []
    preface: tuple[str, ...] = ()                  # lines before the first item introduce it
    for (line, _), item in zip(pairs, items):
        if item is not None:
            number, mark, rest = item
            parts.append(ActionPart(number, preface + (rest,), mark))
            preface = ()
        elif parts:
            last = parts[-1]
            parts[-1] = ActionPart(last.number, last.lines + (line,), last.mark)
        else:
            preface += (line,)
    return parts
