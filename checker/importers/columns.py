"""Column headings: which part of the plan a table column holds, and the mapping file for trackers' own headings.

Headings are matched case and spacing insensitively ("Lead Agency", "lead  agency:")
against the common names partnerships use; the Home Office template's long
headings ("Scope of recommendation i.e. local or regional") by how they begin.
A tracker with headings of its own gets a small YAML mapping file:

    columns:
      "Owning organisation": lead_agency
      "Notes for the board": ignore
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import PlanError, Problem
from ..load import YamlProblem, read_yaml

__all__ = ["Target", "TARGETS", "RECOMMENDATION_TARGETS", "COLUMN_NAMES", "ColumnMap", "load_column_map",
           "heading_key", "target_for", "heading_row", "heading_line", "guidance_row"]

Target = Literal[
    "recommendation", "recommendation_number", "recommendation_text", "addressed_to", "scope",
    "action", "action_number", "reference", "lead_agency", "planned_evidence", "key_outcomes",
    "target_date", "completion_date", "completion", "status", "self_rag", "evidence_provided",
    "progress", "milestones", "response", "ignore",
]
TARGETS: tuple[str, ...] = typing.get_args(Target)
"""What a column can hold. Most are the plan's own field names; the rest:
recommendation (its number and/or text), reference ('R2.A1' or '2.1'), action (the action's text),
completion ('Date of completion and outcome': its date, status word and outcome), progress (dated progress
notes), milestones (one a line, each with its date), response (the agency's response to the recommendation:
accepted, accepted in part or not accepted, its date and reason), ignore (deliberately not imported)."""

RECOMMENDATION_TARGETS = frozenset({"recommendation", "recommendation_number", "recommendation_text",
                                    "reference", "addressed_to", "scope", "response"})

_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(["recommendation", "recommendations", "rec", "dhr recommendation"], "recommendation"),
    **dict.fromkeys(["recommendation number", "recommendation no", "rec no", "rec number", "recommendation ref",
                     "recommendation reference"], "recommendation_number"),
    **dict.fromkeys(["recommendation text", "recommendation wording"], "recommendation_text"),
    **dict.fromkeys(["addressed to", "recommendation addressed to"], "addressed_to"),
    **dict.fromkeys(["scope", "scope of recommendation"], "scope"),
    **dict.fromkeys(["action", "actions", "key action", "key actions", "action to take", "actions to take",
                     "action to be taken", "action required", "action description", "description"], "action"),
    **dict.fromkeys(["action number", "action no"], "action_number"),
    **dict.fromkeys(["ref", "reference", "action ref", "action reference", "ref no"], "reference"),
    **dict.fromkeys(["lead agency", "lead", "lead organisation", "lead agencies", "owner", "action owner",
                     "responsible", "responsible agency"], "lead_agency"),
    **dict.fromkeys(["evidence", "planned evidence", "evidence required", "evidence of completion",
                     "evidence to be provided"], "planned_evidence"),
    **dict.fromkeys(["key outcomes", "key outcome", "outcomes", "outcome", "expected outcome",
                     "expected outcomes", "desired outcome"], "key_outcomes"),
    **dict.fromkeys(["target date", "target", "deadline", "due", "due date", "date due", "timescale",
                     "timescales"], "target_date"),
    **dict.fromkeys(["completion date", "date completed", "completed on", "date of completion"],
                    "completion_date"),
    **dict.fromkeys(["status", "current status", "progress status"], "status"),
    **dict.fromkeys(["rag", "rag rating", "rag status", "brag", "brag rating", "rating", "progress indicator",
                     "self assessed rag"], "self_rag"),
    **dict.fromkeys(["evidence provided", "evidence supplied", "evidence received"], "evidence_provided"),
    **dict.fromkeys(["progress", "progress update", "progress updates", "update", "updates", "latest update"],
                    "progress"),
    **dict.fromkeys(["key milestones", "milestones"], "milestones"),
    **dict.fromkeys(["agency response", "response", "agency s response", "response to recommendation",
                     "response to the recommendation", "accepted", "recommendation accepted", "accepted or not",
                     "decision"], "response"),
}
# The Home Office template's headings are long and vary a little; they are known by how they begin.
_PREFIXES = [("scope of recommendation", "scope"), ("key milestones", "milestones"),
             ("date of completion and", "completion"), ("action to take", "action"),
             ("progress indicator", "self_rag"), ("lead agency", "lead_agency"), ("target date", "target_date"),
             ("agency response", "response"), ("response to the recommendation", "response")]


def heading_key(heading: object) -> str:
    """A heading as compared: lower case, '&' as 'and', punctuation and repeated spaces removed."""
    text = str(heading).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


class ColumnMap(BaseModel):
    """A tracker's own column headings, mapped to what each column holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, Target] = Field(default_factory=dict,
                                       description="heading as written in the tracker -> what the column holds")
    sheet: str | None = Field(None, description="the worksheet holding the actions (default: the first with "
                                                "recognisable headings)")
    header_row: int | None = Field(None, ge=1, description="the row of column headings (default: found by "
                                                          "its headings)")

    def lookup(self) -> dict[str, str]:
        return {heading_key(heading): target for heading, target in self.columns.items()}


def target_for(heading: object, own: dict[str, str] | None = None) -> str | None:
    """What a column with this heading holds, or None when the heading is not known."""
    key = heading_key(heading)
    if not key:
        return None
    if own and key in own:
        return own[key]
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    return next((target for prefix, target in _PREFIXES if key.startswith(prefix)), None)


def heading_row(texts: list[str], own: dict[str, str] | None = None) -> list[str | None] | None:
    """The target of each column when these cells are a row of column headings, else None.

    A heading row has at least two short cells, a column for the action's text, and
    more known headings than unknown ones.
    """
    filled = [text for text in texts if text.strip()]
    if len(filled) < 2 or any(len(text) > 120 for text in filled):
        return None
    targets = [target_for(text, own) if text.strip() else None for text in texts]
    known = sum(1 for target in targets if target)
    if "action" not in targets or known * 2 <= len(filled):
        return None
    return targets


# The Home Office template's headings, longest first, as they run together when a web page is copied as text.
_TEMPLATE_HEADINGS = [
    ("Key milestones achieved in enacting recommendation", "milestones"), ("Key milestones", "milestones"),
    ("Date of completion and outcome", "completion"), ("Scope of recommendation", "scope"),
    ("Progress indicator", "self_rag"), ("Action to take", "action"), ("Lead agency", "lead_agency"),
    ("Target date", "target_date"), ("Recommendation", "recommendation"),
]
_TEMPLATE_HEADING = re.compile(
    r"\s*(?P<heading>" + "|".join(r"\s+".join(map(re.escape, h.split())) for h, _ in _TEMPLATE_HEADINGS)
    + r")(?:\s*\([^()]{0,60}\))?", re.IGNORECASE)


COLUMN_NAMES: dict[str, str] = {**_SYNONYMS,
                                **{heading_key(heading): target for heading, target in _TEMPLATE_HEADINGS}}
"""Every column name known in full (as `heading_key` gives it) -> what the column holds. A cell that starts
with its column's name ('Lead Agency Northvale Police') is labelled by one of these exactly, not by the
words a long template heading begins with (`target_for` accepts 'lead agency ...' as a heading)."""


def heading_line(text: str) -> list[tuple[str, str]] | None:
    """(target, heading) per column when one line of text is the template's headings run together, else None.

    'Recommendation Scope of recommendation (i.e. local or regional) Action to take Lead Agency ...'
    is how a web page's heading row reads once copied as text. The whole line must be headings,
    at least three, among them the recommendation and the action to take.
    """
    found, position, text = [], 0, text.strip()
    while position < len(text):
        match = _TEMPLATE_HEADING.match(text, position)
        if match is None or match.end() == position:
            return None
        heading = match.group(0).strip()
        found.append((target_for(match.group("heading")) or "", heading))
        position = match.end()
    targets = {target for target, _ in found}
    return found if len(found) >= 3 and {"recommendation", "action"} <= targets else None


def load_column_map(path: Path | str) -> ColumnMap:
    """Read and validate a column mapping file. Raises `PlanError` naming the file, line and key."""
    name = str(path)
    try:
        document = read_yaml(path)
    except YamlProblem as error:
        raise PlanError([error.problem]) from None
    try:
        return ColumnMap.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            line, column = document.position(loc)
            key = str(loc[-1]) if loc else ""
            if detail["type"] == "extra_forbidden":
                text = (f"unknown setting '{key}' in the column mapping file; "
                        "the settings are columns, sheet and header_row.")
            elif detail["type"] == "literal_error" and len(loc) >= 2 and loc[0] == "columns":
                text = (f"column '{key}' is mapped to {detail.get('input')!r}, which is not something a column "
                        f"can hold; use one of: {', '.join(TARGETS)}.")
            else:
                text = f"'{'.'.join(str(part) for part in loc)}': {detail['msg'].rstrip('.')}."
            problems.append(Problem(name, line, column, text))
        raise PlanError(problems) from None


_GUIDANCE = ("what is the over arching recommendation", "local regional or national level",
             "how exactly is the relevant agency going to make this recommendation happen",
             "which agency is responsible for monitoring progress", "have there been key steps",
             "when should this recommendation be completed by", "when is the recommendation actually completed")


def guidance_row(texts: list[str]) -> bool:
    """Whether these cells are the Home Office template's guidance row, the questions under its headings
    ("What is the over-arching recommendation?", "Local, regional, or national level?"), not a recommendation.

    At least two filled cells, and most of them either start as the template's questions do or are questions.
    """
    filled = [text for text in texts if text.strip()]
    if len(filled) < 2:
        return False
    asking = sum(1 for text in filled if heading_key(text).startswith(_GUIDANCE) or text.rstrip().endswith("?"))
    return asking * 3 >= len(filled) * 2
