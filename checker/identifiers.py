"""Recommendation and action identifiers as the review writes them: `5`, `5.1`, `10.2a`, `3.140(a)`, `R3`.

An identifier is text. Plans written with plain integers (`number: 2`) keep working: the number is
read as the text the file gives. Reports keep the document's order; where they sort, they sort
naturally (`2` before `10`, `10.2a` before `10.3a`), with `natural_key`.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["Identifier", "natural_key", "action_ref", "recommendation_ref", "IDENTIFIER_PATTERN"]

IDENTIFIER_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.()/_-]{0,30})$")
"""Letters, digits and the punctuation reviews number with ( . ( ) / _ - ), no spaces, at most 31."""

_RUNS = re.compile(r"(\d+)")


def _identifier(value: object) -> object:
    """A whole number or a short text without spaces; anything else is refused with what to write."""
    if isinstance(value, bool):
        raise ValueError("write the number or reference the document gives, e.g. 5, 5.1 or 10.2a, "
                         "not true or false")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("write the number or reference the document gives, e.g. 5, 5.1 or 10.2a")
        return str(value)
    if isinstance(value, float):   # only from code: a YAML file's numbers are read as written
        raise ValueError("put the reference in quotes (e.g. '5.10') so that it is kept exactly as written")
    if isinstance(value, str):
        text = value.strip()
        if IDENTIFIER_PATTERN.match(text):
            return text
        raise ValueError(f"'{text}' is not a reference; write the number or reference the document gives, "
                         "e.g. 5, 5.1, 10.2a or R3 (letters, digits and . ( ) / - only, no spaces)")
    raise ValueError("write the number or reference the document gives, e.g. 5, 5.1 or 10.2a")


Identifier = Annotated[str, BeforeValidator(_identifier),
                       WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0},
                                                 {"type": "string", "pattern": IDENTIFIER_PATTERN.pattern}]})]


def natural_key(identifier: str | None) -> tuple:
    """Sort key: digit runs compare as numbers, the rest as text ('2' < '10', '10.2a' < '10.3a')."""
    if identifier is None:
        return ()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in _RUNS.split(identifier) if part)


def _prefixed(letter: str, identifier: str) -> str:
    """'R' + '5.1' is 'R5.1'; an identifier that already starts with a letter ('R3') is left as it is."""
    return identifier if identifier[:1].isalpha() else letter + identifier


def recommendation_ref(recommendation: str) -> str:
    """How reports name a recommendation in a reference: 'R2', 'R5.1', 'R3'."""
    return _prefixed("R", recommendation)


def action_ref(recommendation: str, action: str) -> str:
    """How reports name an action: 'R2.A2', 'R5.1.A3', 'R3.A1'."""
    return f"{recommendation_ref(recommendation)}.{_prefixed('A', action)}"
