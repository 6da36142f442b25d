"""`fewer_words_than`: a text too short to say what it should, such as a key action written as
"Training." or "Raise awareness", which cannot say who does what by when.

durable-rules cannot count words, so the engine counts them in Python and sends the result as a flag
(`Compilation.flag`), as it does for `matches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..field_words import field_name
from .base import Compilation, ConditionParser, Expression, Fact, OnField, YamlPath

__all__ = ["MAX_WORDS", "FewerWordsThan", "word_count"]

MAX_WORDS = 1000
"""The most words a rule may ask for; texts reach the engine cut to 2,000 characters."""


def word_count(text: str) -> int:
    """Words in `text`: runs of characters between spaces, tabs and line breaks."""
    return len(text.split())


@dataclass(frozen=True)
class FewerWordsThan(OnField):
    """`fewer_words_than: {field: f, words: N}`: the text has fewer than N words (a missing text does not
    hold: `missing` says that)."""

    key = "fewer_words_than"
    words: int

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> FewerWordsThan:
        parser.keys(arg, path, {"field", "words"})
        name = parser.field(arg["field"], path + ("field",), ("text",))
        words = parser.resolve(arg["words"], path + ("words",))
        if not isinstance(words, int) or isinstance(words, bool) or not 1 <= words <= MAX_WORDS:
            raise parser.fail(path + ("words",), f"words must be a whole number from 1 to {MAX_WORDS} or a "
                                                 f"parameter name, not {words!r}.")
        return cls(name, words)

    def compile(self, out: Compilation) -> Expression:
        return {out.flag(self, self.field, self._too_few): True}

    def _too_few(self, text: Any) -> bool:
        return isinstance(text, str) and word_count(text) < self.words

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and word_count(fact[self.field]) < self.words

    def sentence(self, kind: str) -> str:
        return f"{field_name(self.field)} has fewer than {self.words} words"
