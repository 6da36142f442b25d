"""The Jinja2 environments the HTML and Markdown reports are rendered with, escaping on by default.

HTML autoescapes every value. Markdown has no autoescape of its own, so every value
printed in a Markdown template passes through `markdown_text` (Jinja2's `finalize`):
a template can only add markup by writing it literally.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..explain import describe_values
from .escape import markdown_text
from ..rag_scale import RAGS
from .summary import Counts

__all__ = ["html_environment", "markdown_environment", "long_date", "bar"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(value: dt.date | str | None) -> str:
    """A date as a British reader writes it: 31 March 2026."""
    if value is None:
        return "not recorded"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def bar(counts: Counts, width: int = 240) -> list[dict]:
    """Segments of a stacked bar (red, amber, green) for an inline SVG chart; whole pixels, summing to width."""
    if counts.total == 0:
        return []
    segments, x = [], 0
    for index, (rag, n) in enumerate(counts.items()):
        if n == 0:
            continue
        remaining = sum(m for _rag, m in counts.items()[index + 1:])
        size = width - x if remaining == 0 else round(width * n / counts.total)
        segments.append({"rag": rag, "x": x, "width": size, "count": n})
        x += size
    return segments


def _common(environment: Environment) -> Environment:
    environment.globals.update(bar=bar, rags=RAGS)
    environment.filters.update(long_date=long_date, upper_rag=lambda rag: (rag or "none").upper(),
                               basis=lambda values: describe_values(values),
                               capfirst=lambda text: text[:1].upper() + text[1:])
    return environment


@cache
def html_environment() -> Environment:
    return _common(Environment(loader=PackageLoader("checker.report", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True))


@cache
def markdown_environment() -> Environment:
    return _common(Environment(loader=PackageLoader("checker.report", "templates"), autoescape=False,
                               finalize=markdown_text, undefined=StrictUndefined, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True))
