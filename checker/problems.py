"""pydantic's validation errors as `Problem`s: one wording for each kind of mistake, whatever the file.

Plans, rule files, the partnership settings and the waivers file are all YAML validated by a
pydantic model; a person who mistypes a key in any of them reads the same sentence, at the line
and column of the mistake, with the keys allowed there. pydantic's own words ("loc" tuples, model
names, "Input should be...") never reach the user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .errors import Problem
from .load import Document

__all__ = [
    "TYPE_WORDS",
    "describe",
    "fields_at",
    "model_of",
    "show_value",
    "validation_problem",
    "validation_problems",
    "where_shown",
]

TYPE_WORDS = {
    "string_type": "text (put it in quotes if it looks like a number, date or yes/no)",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')", "model_type": "a mapping of names to values",
    "dict_type": "a mapping of names to values",
    "date_type": "a date written YYYY-MM-DD", "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
}
"""What a value of the wrong type should have been, by pydantic error type."""

Special = Callable[[tuple, ErrorDetails], "str | None"]


def validation_problems(document: Document, errors: Iterable[ErrorDetails], model: type[BaseModel], whole: str,
                        union_words: Callable[[tuple], str] | None = None,
                        required_because: Mapping[str, str] | None = None,
                        special: Special | None = None) -> list[Problem]:
    """Every error of a `ValidationError.errors()` as a problem, sorted, each said once (pydantic reports
    each member of a union it tried). See `validation_problem` for the arguments."""
    found = {validation_problem(document, error, model, whole, union_words, required_because, special)
             for error in errors}
    return sorted(found)


def validation_problem(document: Document, error: ErrorDetails, model: type[BaseModel], whole: str,
                       union_words: Callable[[tuple], str] | None = None,
                       required_because: Mapping[str, str] | None = None,
                       special: Special | None = None) -> Problem:
    """One pydantic error in `document` (validated by `model`) as a problem in one of these shapes:

        unknown field 'X' in 'where'. Did you mean 'Y'? Fields allowed here: a, b.
        'X' is required in 'where'; add it.
        'where' must be a whole number, not the date 2026-01-01.
        'where': 'X' is not allowed; use one of 'a', 'b'.
        'where' is empty; write the text, or remove the entry.
        'where': <the model's own reason>.

    `whole` names the file's top level ("the plan"); `union_words(loc)` says what a field that takes one of
    several kinds of value should be; `required_because` says why a key is required (by key);
    `special(loc, error)` may give the text for a field whose mistakes need words of their own.
    """
    loc = _key_path(error)
    kind = error["type"]
    text = special(loc, error) if special is not None and kind not in ("extra_forbidden", "missing") else None
    if text is None:
        text = _text(loc, error, model, whole, union_words, required_because)
    return Problem(document.file, *document.position(where_shown(error)), text)


def _text(loc: tuple, error: ErrorDetails, model: type[BaseModel], whole: str,
          union_words: Callable[[tuple], str] | None, required_because: Mapping[str, str] | None) -> str:
    kind, value, where = error["type"], error.get("input"), describe(loc, whole)
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        return f"unknown field '{loc[-1]}'{_in(loc[:-1], whole)}.{hint} Fields allowed here: {', '.join(allowed)}."
    if kind == "missing":
        because = (required_because or {}).get(str(loc[-1]))
        return f"'{loc[-1]}' is required{_in(loc[:-1], whole)}{f' ({because})' if because else ''}; add it."
    if loc != tuple(error["loc"]):
        return f"{where} must be {union_words(loc) if union_words else 'another kind of value'}, " \
               f"not {show_value(value)}."
    if kind in ("enum", "literal_error"):
        return f"{where}: {value!r} is not allowed; use one of {error.get('ctx', {}).get('expected', '')}."
    if kind == "value_error":
        return f"{where}: {error.get('ctx', {}).get('error', error['msg'])}."
    if kind in TYPE_WORDS:
        return f"{where} must be {TYPE_WORDS[kind]}, not {show_value(value)}."
    if kind == "string_too_short":
        return f"{where} is empty; write the text, or remove the entry."
    return f"{where}: {error['msg'].rstrip('.')} (got {show_value(value)})."


def where_shown(error: ErrorDetails) -> tuple:
    """Where a problem is shown: at the field, or for a missing field at the mapping that lacks it."""
    loc = _key_path(error)
    return loc[:-1] if error["type"] == "missing" else loc


def show_value(value: object) -> str:
    """A value from a file as its writer would recognise it: 'the date 2016-01-01', 'true', not Python's repr."""
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(loc: tuple, whole: str) -> str:
    """'recommendations[2].actions[1].target_date' as a person would say it; `whole` for the top level."""
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "'" + "".join(parts) + "'" if parts else whole


def _in(loc: tuple, whole: str) -> str:
    return f" in {describe(loc, whole)}" if loc else ""


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at a place in a file validated by `model`, following the model classes down
    `loc`; a mapping of names to models (`rules: {id: ...}`) is followed through its values."""
    current: type[BaseModel] | None = model
    keyed = False                                  # the last field maps names of the file's own to models
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = current.model_fields.get(part)
        current = model_of(field.annotation) if field else None
        keyed = field is not None and _is_mapping(field.annotation)
    return list(current.model_fields) if current else []


def _is_mapping(annotation: object) -> bool:
    return typing.get_origin(annotation) is dict or any(_is_mapping(arg) for arg in typing.get_args(annotation))


def model_of(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside a field's annotation (`list[Action]`, `Rama | None`, ...), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_of(arg)
        if found is not None:
            return found
    return None


def _union_member(part: Any) -> bool:
    """pydantic names the member of a union it tried ('list[str]', 'int', "literal['off']"): not a key in the
    file."""
    return isinstance(part, str) and _UNION_MEMBER.fullmatch(part) is not None


_UNION_MEMBER = re.compile(r"int|str|bool|float|(list|dict|tuple|set|literal|function-\w+)\[.*\]", re.DOTALL)


def _key_path(error: ErrorDetails) -> tuple:
    """The error's place as keys and list positions in the file, without pydantic's union member names; the
    last part of an unknown or missing key is the key itself, whatever it looks like."""
    loc = tuple(error["loc"])
    if error["type"] in ("extra_forbidden", "missing") and loc:
        return tuple(part for part in loc[:-1] if not _union_member(part)) + loc[-1:]
    return tuple(part for part in loc if not _union_member(part))
