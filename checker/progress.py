"""Progress of a long run on standard error, for a person watching a terminal; silent for logs and pipes.

A bar (click's) appears once more than `SHOW_AFTER` plans are under way, only when standard error is a
terminal and `--quiet` is not given: a quarterly run over hundreds of plans says how far it has got,
and a CI log or a redirected run gets nothing but the final summary line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

__all__ = ["SHOW_AFTER", "wanted", "with_progress"]

SHOW_AFTER = 48
"""A few dozen plans check in a second or two: no bar for those."""


def wanted(quiet: bool) -> bool:
    """Whether a person is watching: standard error is a terminal and --quiet was not given."""
    return not quiet and sys.stderr.isatty()


def with_progress(outcomes: Iterator[Any], total: int, show: bool) -> Iterator[Any]:
    """`outcomes` unchanged, with a bar on standard error while they come, when `show` and the run is long
    (`total` outcomes: one per plan file discovered)."""
    if not show or total <= SHOW_AFTER:
        yield from outcomes
        return
    with click.progressbar(length=total, label="Checking plans", file=sys.stderr, show_pos=True) as bar:
        for outcome in outcomes:
            bar.update(1)
            yield outcome
