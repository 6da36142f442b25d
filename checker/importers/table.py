"""Rows of key actions, one action per row, whichever form they come in.

The published plan sets the recommendation with a "Recommendation N" heading
above a table of actions; the Home Office template and trackers give it in a
column of each row, often only on the first row of a recommendation or in a
cell merged down over its actions. Either way a row adds an action, or
continues the one before it: a row with no action text of its own, an action
cell merged down from the row above, or a row carried over a page break.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .actions_split import split_actions
from .cells import SourceCell, place_action_cell, place_recommendation_cell
from .columns import RECOMMENDATION_TARGETS
from .result import Location, PlanBuilder
from .values import read_number, read_reference, split_label

__all__ = ["ActionTable"]


class ActionTable:
    """Adds recommendations and actions to a plan, row by row, keeping track of where each came from."""

    def __init__(self, builder: PlanBuilder):
        self.builder = builder
        self.current: int | None = None                     # index of the recommendation rows belong to
        self.by_number: dict[int, int] = {}
        self.last_action: dict[int, int] = {}                # recommendation index -> index of its last action
        self.action_by_number: dict[tuple[int, int], int] = {}   # (recommendation, number) -> first action's index
        self.highest_action: dict[int, int] = {}             # recommendation index -> its highest action number
        self.action_cell: dict[tuple[int, int], Location] = {}
        self.placed: dict[tuple[int, int], set[Location]] = {}
        self.numbered_by_order: list[str] = []
        self.split_from: dict[tuple[int, int], list[int]] = {}   # first action of a split cell -> the others

    def start_recommendation(self, number: int, text: str, where: Location) -> int:
        """A recommendation announced by a heading ("Recommendation 3 That ..."): the rows after it belong to it."""
        index = self._new_recommendation(number, where)
        if text:
            self.builder.put(("recommendations", index, "text"), text, where)
        self.current = index
        return index

    def add_recommendation_text(self, text: str, where: Location) -> None:
        """More of the current recommendation's text (a heading row on its own, the text on the rows after)."""
        path = ("recommendations", self.current, "text")
        earlier = self.builder.get(path)
        self.builder.put(path, f"{earlier} {text}" if earlier else text,
                         None if earlier else where)

    def has_actions(self) -> bool:
        return self.current is not None and self.current in self.last_action

    def add_row(self, cells: list[SourceCell], row: Location, continues: bool = False) -> None:
        """Add one table row. `continues`: the row follows a page break, so unlabelled text carries on."""
        cells = [cell for cell in cells if not cell.is_empty and self._readable_number(cell)]
        if not cells:
            return
        recommendation = self._recommendation_for([c for c in cells if c.target in RECOMMENDATION_TARGETS], row)
        if recommendation is None:
            self._leave_all(cells, "this row comes before any recommendation, so it is not known which "
                                   "recommendation it belongs to")
            return
        for cell in cells:
            if cell.target in ("scope", "addressed_to", "response"):
                place_recommendation_cell(self.builder, ("recommendations", recommendation), cell)
        action_cells = [c for c in cells if c.target not in RECOMMENDATION_TARGETS or c.target == "reference"]
        content = [c for c in action_cells if c.target not in ("action_number", "reference")]
        if not content:
            return
        action = self._action_for(recommendation, action_cells, continues, row)
        if action is None:
            self._leave_all(content, "this row has no action text and there is no action before it to add it to")
            return
        key = (recommendation, action)
        path = ("recommendations", recommendation, "actions", action)
        for cell in content:
            if cell.target == "action" or cell.where in self.placed[key]:
                continue
            self.placed[key].add(cell.where)
            place_action_cell(self.builder, path, cell)
        for other in self.split_from.pop(key, []):         # the row's lead agency and target date are each one's
            for field in _ROW_WIDE:
                if (value := self.builder.get(path + (field,))) is not None:
                    self.builder.put(("recommendations", recommendation, "actions", other, field), value, None)

    def finish(self) -> None:
        """Say which numbers were given by order, so a person can check them against the source."""
        if self.numbered_by_order:
            self.builder.notes.append("numbered in the order they appear, as the source gives no number: "
                                      + ", ".join(self.numbered_by_order))

    def _readable_number(self, cell: SourceCell) -> bool:
        """A number or reference column holds something that reads as one; if not, it is reported."""
        if cell.target == "reference":
            readable = read_reference(cell.lines[0]) is not None
            example = "'R2.A1' or '2.1'"
        elif cell.target in ("recommendation_number", "action_number"):
            readable = read_number(cell.lines[0]) is not None
            example = "a whole number, e.g. 2"
        else:
            return True
        if not readable:
            self.builder.leave(cell.where, " ".join(cell.lines), f"the column {cell.column_name()} should hold "
                                                                 f"{example}; this row's number was not used")
        return readable

    def _new_recommendation(self, number: int, where: Location) -> int:
        index = self.builder.append(("recommendations",), {"number": number}, where)
        self.builder.put(("recommendations", index, "number"), number, where)
        self.by_number.setdefault(number, index)
        return index

    def _leave_all(self, cells, why: str) -> None:
        """Report every line of these cells as not placed, for the same reason."""
        for cell in cells:
            for line in cell.lines:
                self.builder.leave(cell.where, line, why)

    def _recommendation_for(self, cells: list[SourceCell], row: Location) -> int | None:
        number, text, where = None, "", row
        for cell in cells:
            if cell.target == "reference":
                number, where = read_reference(cell.lines[0])[0], cell.where
            elif cell.target == "recommendation_number":
                number, where = read_number(cell.lines[0]), cell.where
            elif cell.target in ("recommendation", "recommendation_text"):
                found, rest = _numbered(cell) if cell.target == "recommendation" else (None, "\n".join(cell.lines))
                number = number if found is None else found
                text, where = rest, cell.where
        if number is None and not text:
            return self.current
        if number is None:
            number = self._number_by_text(text)
        index = self.by_number.get(number)
        if index is None:
            index = self._new_recommendation(number, where)
        self.current = index
        if text:
            path = ("recommendations", index, "text")
            earlier = self.builder.get(path)
            if earlier is None:
                self.builder.put(path, text, where)
            elif earlier != text:
                self.builder.leave(where, text, f"recommendation {number} already has different text (from line "
                                                f"{self.builder.positions[path][0]}); this text was not used")
        return index

    def _number_by_text(self, text: str) -> int:
        recommendations = self.builder.data["recommendations"]
        for number, index in self.by_number.items():
            if recommendations[index].get("text") == text:
                return number
        number = max(self.by_number, default=0) + 1
        self.numbered_by_order.append(f"recommendation {number}")
        return number

    def _action_for(self, recommendation: int, cells: list[SourceCell], continues: bool,
                    row: Location) -> int | None:
        text_cell = next((c for c in cells if c.target == "action"), None)
        last = self.last_action.get(recommendation)
        number = None
        for cell in cells:
            if cell.target == "action_number":
                number = read_number(cell.lines[0])
            elif cell.target == "reference":
                number = read_reference(cell.lines[0])[1]
        if text_cell is None:
            if number is not None:
                return self._numbered_action(recommendation, number, None)
            if last is not None:
                self.builder.notes.append(f"{row.describe()} has no action text; its cells were added to action "
                                          f"{self._ref(recommendation, last)}, the action before it")
            return last
        if last is not None and self.action_cell.get((recommendation, last)) == text_cell.where:
            return last                                      # the action cell is merged down from the row above
        parts = split_actions(text_cell.lines)
        if len(parts) > 1 and number is None:
            return self._split_cell(recommendation, text_cell, parts)
        number = number if number is not None else parts[0].number
        description = parts[0].description if len(parts) == 1 else "\n".join(text_cell.lines)
        if number is None and continues and last is not None:
            path = ("recommendations", recommendation, "actions", last, "description")
            self.builder.put(path, f"{self.builder.get(path)} {description}", None)
            self.builder.notes.append(f"{text_cell.where.describe()} carries on action "
                                      f"{self._ref(recommendation, last)} from before the page break")
            return last
        return self._numbered_action(recommendation, number, text_cell, description)

    def _split_cell(self, recommendation: int, cell: SourceCell, parts) -> int:
        """Several actions in one cell: one action each; returns the first, which the row's other cells join."""
        numbers = [part.number for part in parts if part.number is not None]
        taken = {a["number"] for a in self.builder.get(("recommendations", recommendation, "actions"), [])}
        if len(set(numbers)) < len(numbers) or taken & set(numbers):   # numbers used twice: number by order
            parts = [replace(part, number=None) for part in parts]
        indexes = [self._numbered_action(recommendation, part.number, cell, part.description) for part in parts]
        refs = [self._ref(recommendation, index) for index in indexes]
        self.builder.notes.append(f"{cell.where.describe()} holds {len(parts)} actions ({', '.join(refs)}), split "
                                  "at its numbers, 'Action N' labels or paragraphs; the row's lead agency and target "
                                  f"date are given to each, its other cells to {refs[0]}. Join them by hand if they "
                                  "are one action")
        self.split_from[(recommendation, indexes[0])] = indexes[1:]
        return indexes[0]

    def _numbered_action(self, recommendation: int, number: int | None, cell: SourceCell | None,
                         description: str = "") -> int:
        if cell is None and (recommendation, number) in self.action_by_number:   # a row naming its action by number
            return self.action_by_number[(recommendation, number)]
        if number is None:
            number = self.highest_action.get(recommendation, 0) + 1
            self.numbered_by_order.append(f"action R{self.builder.data['recommendations'][recommendation]['number']}"
                                          f".A{number}")
        where = cell.where if cell else None
        index = self.builder.append(("recommendations", recommendation, "actions"), {"number": number}, where)
        path = ("recommendations", recommendation, "actions", index)
        self.builder.put(path + ("number",), number, where)
        if description:
            self.builder.put(path + ("description",), description, where)
        self.last_action[recommendation] = index
        self.action_by_number.setdefault((recommendation, number), index)
        self.highest_action[recommendation] = max(self.highest_action.get(recommendation, 0), number)
        self.placed[(recommendation, index)] = set()
        if cell is not None:
            self.action_cell[(recommendation, index)] = cell.where
        return index

    def _ref(self, recommendation: int, action: int) -> str:
        data = self.builder.data["recommendations"][recommendation]
        return f"R{data['number']}.A{data['actions'][action]['number']}"


_ROW_WIDE = ("lead_agency", "target_date")
"""Cells of a row that hold for each action split from its action cell."""


def _numbered(cell: SourceCell) -> tuple[int | None, str]:
    """A recommendation cell: 'Recommendation 3 That ...', '3. That ...', '3', or just the text."""
    first, rest = cell.lines[0], list(cell.lines[1:])
    labelled = split_label(first, "Recommendation")
    if labelled is None:
        match = re.fullmatch(r"(?:R|Rec\.?)?\s*(\d{1,3})(?:[.):]\s+(.*)|\.?)", first, re.IGNORECASE)
        labelled = (int(match.group(1)), match.group(2) or "") if match else None
    if labelled is None:
        return None, "\n".join(cell.lines)
    return labelled[0], "\n".join(part for part in [labelled[1], *rest] if part)
