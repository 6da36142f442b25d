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

    def start_recommendation(self, number: int, text: str, where: Location, label: str = "") -> int:
        """A recommendation announced by a heading ("Recommendation 3 That ..."): the rows after it belong to it.

        `label`: the heading's words that give the number ("Recommendation 3"), accounted as its number.
        """
        index = self._new_recommendation(number, where)
        self.builder.took(where, label, ("recommendations", index, "number"))
        if text:
            self.builder.put(("recommendations", index, "text"), text, where)
        self.current = index
        return index

    def add_recommendation_text(self, text: str, where: Location) -> None:
        """More of the current recommendation's text (a heading row on its own, the text on the rows after)."""
        path = ("recommendations", self.current, "text")
        self.add_text(path, text, where)

    def start_by_order(self, text: str, where: Location) -> int:
        """A recommendation with no number of its own: numbered in the order it comes, and said so."""
        number = max(self.by_number, default=0) + 1
        self.numbered_by_order.append(f"recommendation {number}")
        return self.start_recommendation(number, text, where)

    def add_text(self, path: tuple, text: str, where: Location, joiner: str = " ") -> None:
        """Add text to a text field, starting it if it is empty."""
        earlier = self.builder.get(path)
        if earlier:
            self.builder.put(path, f"{earlier}{joiner}{text}", None)
            self.builder.took(where, text, path)
        else:
            self.builder.put(path, text, where)

    def add_action(self, recommendation: int, item: tuple[int | None, str, str], where: Location) -> int:
        """An action given as an item of a list ('1. Ensure ...'); numbered by its mark, or in order."""
        number, mark, text = item
        cell = SourceCell("action", "", (text,), where)
        index = self._numbered_action(recommendation, self._free(recommendation, number), cell, text)
        self.builder.took(where, mark, ("recommendations", recommendation, "actions", index, "number"))
        return index

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
        numbers = [c for c in action_cells if c.target in ("action_number", "reference")]
        if not content:
            for cell in numbers:                             # a reference still names the recommendation
                if cell.target == "reference":
                    self._took_number(cell, ("recommendations", recommendation, "number"))
                else:
                    self._leave_all([cell], "an action number with nothing else on its row")
            return
        action = self._action_for(recommendation, action_cells, continues, row)
        if action is None:
            self._leave_all(content + numbers, "this row has no action text and there is no action before it to "
                                               "add it to")
            return
        key = (recommendation, action)
        path = ("recommendations", recommendation, "actions", action)
        for cell in numbers:
            self._took_number(cell, path + ("number",))
        text_cell = next((c for c in content if c.target == "action"), None)
        for cell in content:
            if cell.target == "action" and cell is not text_cell:
                for line in cell.lines:
                    self.builder.leave(cell.where, line, f"a second column of action text ({cell.column_name()}); "
                                                         "only the first on the row was read as the action")
                continue
            if cell.target == "action" or (cell.where.copy and cell.where in self.placed[key]):
                continue                                     # a merged cell already placed in this action
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
        number, where = None, row
        number_cells, texts = [], []                          # texts: (cell, its text, the words giving a number)
        for cell in cells:
            if cell.target == "reference":
                number, where = _reference(cell)[0], cell.where
            elif cell.target == "recommendation_number":
                number, where = read_number(cell.lines[0]), cell.where
                number_cells.append(cell)
            elif cell.target in ("recommendation", "recommendation_text"):
                found, rest = _numbered(cell) if cell.target == "recommendation" else (None, "\n".join(cell.lines))
                number = number if found is None else found
                texts.append((cell, rest, _label_of(cell, rest) if found is not None else ""))
        text, text_where = next(((rest, cell.where) for cell, rest, _ in texts if rest), ("", where))
        where = text_where if texts and text else (texts[-1][0].where if texts else where)
        if number is None and not text:
            return self.current
        if number is None:
            number = self._number_by_text(text)
        index = self.by_number.get(number)
        if index is None:
            index = self._new_recommendation(number, where)
        self.current = index
        for cell in number_cells:
            self._took_number(cell, ("recommendations", index, "number"))
        path = ("recommendations", index, "text")
        for cell, rest, label in texts:
            self.builder.took(cell.where, label, ("recommendations", index, "number"))
            if not rest:
                continue
            earlier = self.builder.get(path)
            if earlier is None:
                self.builder.put(path, rest, cell.where)
            elif earlier == rest:
                self.builder.took(cell.where, rest, path)         # the same text again, on a later row
            else:
                self.builder.leave(cell.where, rest, f"recommendation {number} already has different text (from "
                                                     f"line {self.builder.positions[path][0]}); this text was not "
                                                     "used")
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
                number = _reference(cell)[1]
        if text_cell is None:
            if number is not None:
                return self._numbered_action(recommendation, number, None)
            if last is not None:
                self.builder.notes.append(f"{row.describe()} has no action text; its cells were added to action "
                                          f"{self._ref(recommendation, last)}, the action before it")
            return last
        if (last is not None and text_cell.where.copy
                and self.action_cell.get((recommendation, last)) == text_cell.where):
            return last                                      # the action cell is merged down from the row above
        parts = split_actions(text_cell.lines, text_cell.markers)
        first_is_item = parts[0].number is not None or bool(parts[0].mark)
        if number is None and continues and last is not None and not first_is_item:
            description = "\n".join(text_cell.lines)
            path = ("recommendations", recommendation, "actions", last, "description")
            self.builder.put(path, f"{self.builder.get(path)} {description}", None)
            self.builder.took(text_cell.where, description, path)
            self.builder.notes.append(f"{text_cell.where.describe()} carries on action "
                                      f"{self._ref(recommendation, last)} from before the page break")
            return last
        if len(parts) > 1 and number is None:
            return self._split_cell(recommendation, text_cell, parts)
        label = parts[0].mark if len(parts) == 1 else ""
        number = number if number is not None else parts[0].number
        description = parts[0].description if len(parts) == 1 else "\n".join(text_cell.lines)
        index = self._numbered_action(recommendation, number, text_cell, description)
        self.builder.took(text_cell.where, label, ("recommendations", recommendation, "actions", index, "number"))
        return index

    def _free(self, recommendation: int, number: int | None) -> int | None:
        """`number`, unless the recommendation already has an action with it (then None: numbered by order)."""
        actions = self.builder.get(("recommendations", recommendation, "actions"), [])
        return None if any(action["number"] == number for action in actions) else number

    def _took_number(self, cell: SourceCell, path: tuple) -> None:
        """A number or reference cell is in the plan as the number it gives; any further lines are not."""
        self.builder.took(cell.where, cell.lines[0], path)
        for line in cell.lines[1:]:
            self.builder.leave(cell.where, line, f"the column {cell.column_name()} holds one number or "
                                                 "reference; only its first line was read")

    def _split_cell(self, recommendation: int, cell: SourceCell, parts) -> int:
        """Several actions in one cell: one action each; returns the first, which the row's other cells join."""
        numbers = [part.number for part in parts if part.number is not None]
        taken = {a["number"] for a in self.builder.get(("recommendations", recommendation, "actions"), [])}
        if len(set(numbers)) < len(numbers) or taken & set(numbers):   # numbers used twice: number by order
            parts = [replace(part, number=None) for part in parts]
        indexes = []
        for part in parts:
            index = self._numbered_action(recommendation, part.number, cell, part.description)
            self.builder.took(cell.where, part.mark, ("recommendations", recommendation, "actions", index, "number"))
            indexes.append(index)
        refs = [self._ref(recommendation, index) for index in indexes]
        self.builder.notes.append(f"{cell.where.describe()} holds {len(parts)} actions ({', '.join(refs)}), one per "
                                  "list item, number, 'Action N' label or paragraph; the row's lead agency and target "
                                  f"date are given to each, its other cells to {refs[0]}. Join them by hand if they "
                                  "are one action")
        self.split_from[(recommendation, indexes[0])] = indexes[1:]
        return indexes[0]

    def _numbered_action(self, recommendation: int, number: int | None, cell: SourceCell | None,
                         description: str = "") -> int:
        if cell is None and number is not None and (recommendation, number) in self.action_by_number:
            # a row naming its action by number
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

    def ref(self, recommendation: int, action: int) -> str:
        """How the report names an action: 'R1.A2'."""
        return self._ref(recommendation, action)

    def _ref(self, recommendation: int, action: int) -> str:
        data = self.builder.data["recommendations"][recommendation]
        return f"R{data['number']}.A{data['actions'][action]['number']}"


_ROW_WIDE = ("lead_agency", "target_date")
"""Cells of a row that hold for each action split from its action cell."""


def _reference(cell: SourceCell) -> tuple[int, int]:
    """The (recommendation, action) numbers of a reference cell; `add_row` keeps only those that read as one."""
    reference = read_reference(cell.lines[0])
    assert reference is not None, "add_row drops the reference cells that do not read as a reference"
    return reference


def _label_of(cell: SourceCell, rest: str) -> str:
    """The words of a recommendation cell that gave its number: all but `rest`."""
    whole = "\n".join(cell.lines)
    return whole[:len(whole) - len(rest)] if rest and whole.endswith(rest) else (whole if not rest else cell.lines[0])


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
