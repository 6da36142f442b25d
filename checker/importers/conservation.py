"""Proof that an import lost nothing: the words of a source are the words placed, skipped and left over.

An importer keeps an account of every piece of the source (see `result.py`). This module checks
the account against the source itself: after normalising whitespace and case, the words (runs of
letters and digits) of the source, counted, must equal those of the text placed in the plan plus
the text listed as layout or as not placed. Punctuation is not compared: bullets, table rules
and the pipes of a table are how text is laid out, not text. Each piece placed must also be in
the plan where the account says it is.

Tests run it over every importer (`tests/importers/test_conservation.py`); other importers get it
by building their plans through `PlanBuilder`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .result import ImportResult

__all__ = ["words", "Account", "account", "unaccounted"]

_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    """The words of `text`, counted, in lower case."""
    return Counter(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Account:
    """What the import did with the words of one source file."""

    placed: Counter[str]
    skipped: Counter[str]
    left_over: Counter[str]
    missing_paths: tuple[tuple, ...]      # places the account names that the plan does not have

    @property
    def total(self) -> Counter[str]:
        return self.placed + self.skipped + self.left_over


def account(result: ImportResult, file: str) -> Account:
    """The account the import gives for `file` (an import may read an action plan and its summary)."""
    placed: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    left_over: Counter[str] = Counter()
    missing = []
    for piece in result.placed:
        if piece.location.file == file:
            placed += words(piece.text)
            if not _has(result.document.data, piece.path):
                missing.append(piece.path)
    for skip in result.skipped:
        if skip.location.file == file:
            skipped += words(skip.text)
    for leftover in result.leftovers:
        if leftover.location.file == file:
            left_over += words(leftover.text)
    return Account(placed, skipped, left_over, tuple(missing))


def unaccounted(source_text: str, result: ImportResult, file: str) -> tuple[Counter[str], Counter[str], tuple]:
    """(words of the source the import lost, words it gave that the source does not have, bad paths)."""
    given = account(result, file)
    expected = words(source_text)
    return expected - given.total, given.total - expected, given.missing_paths


def _has(data: object, path: tuple) -> bool:
    node: Any = data   # a plan's nested dicts and lists, walked by key and index
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    return True
