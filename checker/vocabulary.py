"""What rules can look at: each kind of record, its fields, their types, read once from the plan model.

The fields of a kind are derived from its pydantic class, so a field added to the model is at once
a field rules can use (with the type its annotation gives) and nothing else needs to change:
- text, a date, a whole number, true/false, or one of a fixed set of words: the value itself;
- a list: how many items it holds (`count`), except lists of names (`addressed_to`), joined as text;
- a nested record (a release's `pre_release_rama`, a recommendation's `response`): its fields, each
  under the nested record's short name (`rama_held_on`, `response_decision`).
Fields that are worked out rather than written (the date of the last progress update, whether a
published recommendation's wording matches the plan's) are declared in `DERIVED`, with why.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .model import Action, Milestone, PublishedRecommendation, Recommendation, RefugeDirectory, Release, Review

__all__ = ["FieldSpec", "VOCABULARY", "FIELDS", "KINDS", "RATING_FIELDS", "MODEL_OF", "read_fields",
           "NESTED_PREFIX", "JOINED"]

TYPES = ("text", "number", "date", "bool", "count")

NESTED_PREFIX = {"pre_release_rama": "rama", "response": "response"}
"""A nested record's fields are named after it: `pre_release_rama.held_on` is `rama_held_on`."""

JOINED = {"addressed_to"}
"""Lists of names that rules read as one text (`Home Office, College of Policing`), not as a count."""

MODEL_OF: dict[str, type[BaseModel]] = {
    "plan": Review, "published_recommendation": PublishedRecommendation, "recommendation": Recommendation,
    "action": Action, "milestone": Milestone, "release": Release, "refuge_directory": RefugeDirectory,
}
"""The model class each kind of record is read from. A plan's fields are its review's, plus counts."""

_SKIP = {"plan": {"published_recommendations", "source", "numbering"}}
"""Model fields that are not facts: lists that are records of their own, and provenance."""


@dataclass(frozen=True)
class FieldSpec:
    """One field a rule can name: its kind, its type, and where it comes from (for `rules show`)."""

    kind: str
    name: str
    type: str
    description: str


def _type_of(annotation: Any) -> str | None:
    """The fact type of a model annotation, or None for a nested record."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _type_of(inner[0])
    if origin is list:
        return "count"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return None
        if issubclass(annotation, bool):
            return "bool"
        if issubclass(annotation, Enum) or issubclass(annotation, str):
            return "text"
        if issubclass(annotation, int):
            return "number"
        if issubclass(annotation, dt.date):
            return "date"
    raise TypeError(f"no fact type for {annotation!r}")


def _nested_model(annotation: Any) -> type[BaseModel]:
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    raise TypeError(f"no nested model in {annotation!r}")


def _model_fields(kind: str, model: type[BaseModel], prefix: str = "") -> list[FieldSpec]:
    specs = []
    for name, info in model.model_fields.items():
        if name in _SKIP.get(kind, ()):
            continue
        kind_of_value = _type_of(info.annotation)
        if kind_of_value is None:
            nested = _nested_model(info.annotation)
            specs += _model_fields(kind, nested, NESTED_PREFIX[name] + "_")
            continue
        if name in JOINED:
            kind_of_value = "text"
        specs.append(FieldSpec(kind, prefix + name, kind_of_value,
                               (info.description or "").strip() or _default_description(name, kind_of_value)))
    return specs


def _default_description(name: str, kind_of_value: str) -> str:
    words = name.replace("_", " ")
    return f"how many {words} are recorded" if kind_of_value == "count" else words


DERIVED: dict[str, list[FieldSpec]] = {
    "plan": [
        FieldSpec("plan", "recommendations", "count", "how many recommendations the plan records"),
        FieldSpec("plan", "published_recommendations", "count", "how many published recommendations are recorded"),
        FieldSpec("plan", "releases", "count", "how many releases the plan monitors"),
    ],
    "published_recommendation": [
        FieldSpec("published_recommendation", "key", "text", "the recommendation's identifier in this plan"),
        FieldSpec("published_recommendation", "plan_text", "text",
                  "the plan's wording of the recommendation with the same identifier"),
        FieldSpec("published_recommendation", "wording_matches", "bool",
                  "whether the plan words it as published (ignoring spacing, quotes and dashes)"),
        FieldSpec("published_recommendation", "first_difference", "text",
                  "the first words where the plan's wording departs from the published wording"),
    ],
    "recommendation": [
        FieldSpec("recommendation", "key", "text", "the recommendation's identifier in this plan"),
    ],
    "action": [
        FieldSpec("action", "recommendation", "text", "the identifier of the action's recommendation"),
        FieldSpec("action", "self_rag_rank", "number", "the self-assessed RAG as a rank: green 1, amber 2, red 3"),
        FieldSpec("action", "last_progress_update", "date", "the date of the latest progress update"),
        FieldSpec("action", "plan_signed_off_on", "date", "the plan's sign-off: progress is due from then on"),
        FieldSpec("action", "suggested_rag", "text", "the RAG the checker suggests (rules with phase after_rating)"),
        FieldSpec("action", "suggested_rag_rank", "number", "the suggested RAG as a rank: green 1, amber 2, red 3"),
    ],
    "milestone": [
        FieldSpec("milestone", "recommendation", "text", "the identifier of the milestone's recommendation"),
        FieldSpec("milestone", "action", "text", "the identifier of the milestone's action"),
        FieldSpec("milestone", "achieved", "bool", "whether the milestone is recorded as achieved"),
    ],
    "release": [
        FieldSpec("release", "rama_days_before_release", "number",
                  "days from the pre-release RAMA to the release (negative: held after release)"),
        FieldSpec("release", "rama_days_after_release", "number",
                  "days from the release to a RAMA held after it"),
    ],
    "refuge_directory": [],
    # An entry of the partnership's waivers file that names this plan (see checker/waivers.py).
    "waiver": [FieldSpec("waiver", name, kind_of_value, description) for name, kind_of_value, description in (
        ("rule", "text", "the rule the waiver names"), ("about", "text", "what the waiver is about"),
        ("recommendation", "text", "the recommendation it names"), ("action", "text", "the action it names"),
        ("record", "text", "the record it names"), ("reason", "text", "why the board accepted the finding"),
        ("approved_by", "text", "who approved it"), ("approved_on", "date", "when it was approved"),
        ("expires_on", "date", "when it expires"), ("matched_findings", "count", "how many findings it waives"))],
}

VOCABULARY: dict[str, list[FieldSpec]] = {
    kind: ([] if kind not in MODEL_OF else _model_fields(kind, MODEL_OF[kind])) + DERIVED[kind]
    for kind in DERIVED
}
FIELDS: dict[str, dict[str, str]] = {kind: {spec.name: spec.type for spec in specs}
                                     for kind, specs in VOCABULARY.items()}
KINDS = tuple(FIELDS)

RATING_FIELDS = {"suggested_rag", "suggested_rag_rank"}
"""Fields that exist only once the suggested RAG is known (rules with phase: after_rating)."""


def read_fields(kind: str, record: BaseModel) -> dict[str, Any]:
    """The model-derived fields of one record, as values (lists as counts, nested records flattened)."""
    return _read(kind, record, type(record), "")


def _read(kind: str, record: BaseModel | None, model: type[BaseModel], prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in _SKIP.get(kind, ()):
            continue
        value = getattr(record, name) if record is not None else None
        if _type_of(info.annotation) is None:
            values.update(_read(kind, value, _nested_model(info.annotation), NESTED_PREFIX[name] + "_"))
        elif name in JOINED:
            values[prefix + name] = ", ".join(value) if value else None
        elif isinstance(value, list):
            values[prefix + name] = len(value) if record is not None else None
        else:
            values[prefix + name] = value
    return values
