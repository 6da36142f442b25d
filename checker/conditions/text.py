"""`matches`: a text field against a glob pattern (`*` any text, `?` any one character), whole-text.

durable-rules' own `$mt` is not used: it matches `?` only against ASCII (so 'Caf? Police' missed 'Café
Police'), misses ASCII matches too ('*a??' against 'aaa'), fails to compile '*a*a*b' (error 504) and is
silently false on text of 64 KiB or more. The engine instead tests each pattern in Python (`glob_regex`,
fnmatch's translation, linear in the text whatever the stars) and sends the result as a true flag the rule
tests. The reference evaluator uses an independent two-pointer walk (`glob_matches`), so the differential
tests compare two implementations.
"""

from __future__ import annotations

import fnmatch
import re
import string
from dataclasses import dataclass
from typing import Any

from ..field_words import field_name
from .base import Compilation, Condition, Expression, Fact, OnField, YamlPath
from .combinators import Any_
from .base import MAX_ONE_OF, ConditionParser

__all__ = ["PATTERN_CHARS", "Matches", "glob_matches", "glob_regex"]

PATTERN_CHARS = re.compile(r"^[A-Za-z0-9 _\-/:,'&*?.]*$")
"""What a pattern may be written with: no regex or other syntax that could mean more than it says."""


@dataclass(frozen=True)
class Matches(OnField):
    """`matches: {field: f, pattern: "text*", ignore_case: true}`: the text matches the pattern (`*` any
    text, `?` one character); `pattern` may be a list (usually a parameter of phrases): any of them."""

    key = "matches"
    pattern: str                  # * any text, ? one character; whole-text match
    ignore_case: bool = False

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> Condition:
        if not isinstance(arg, dict) or not {"field", "pattern"} <= set(arg) <= {"field", "pattern", "ignore_case"}:
            raise parser.fail(path, "write matches as {field: f, pattern: 'text*'} (ignore_case: true optional).")
        name = parser.field(arg["field"], path + ("field",), ("text",))
        patterns = parser.resolve(arg["pattern"], path)
        ignore_case = arg.get("ignore_case", False)
        if not isinstance(ignore_case, bool):
            raise parser.fail(path + ("ignore_case",), "ignore_case is true or false.")
        if isinstance(patterns, list):          # a list (usually a parameter): any of the patterns
            if not patterns or len(patterns) > MAX_ONE_OF:
                raise parser.fail(path + ("pattern",), f"give 1 to {MAX_ONE_OF} patterns.")
            matches = tuple(cls(name, _pattern(p, path, parser), ignore_case) for p in patterns)
            return matches[0] if len(matches) == 1 else Any_(matches)
        return cls(name, _pattern(patterns, path, parser), ignore_case)

    def compile(self, out: Compilation) -> Expression:
        regex = glob_regex(self)
        return {out.flag(self, self.field, lambda text: isinstance(text, str) and regex.match(text) is not None): True}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return self.field in fact and glob_matches(self.pattern, fact[self.field], self.ignore_case)

    def sentence(self, kind: str) -> str:
        case = ", ignoring case" if self.ignore_case else ""
        return f"{field_name(self.field)} matches the pattern '{self.pattern}'{case}"


def _pattern(pattern: Any, path: YamlPath, parser: ConditionParser) -> str:
    if not isinstance(pattern, str) or not pattern or len(pattern) > 200 or not PATTERN_CHARS.match(pattern):
        raise parser.fail(path + ("pattern",), "a pattern is 1-200 characters of letters, digits, spaces and "
                                               "_ - / : , ' & . with * for any text and ? for one character.")
    return pattern


def glob_regex(condition: Matches) -> re.Pattern[str]:
    """A `matches` pattern as a compiled regex for the whole text: `*` any text, `?` any one character
    (any code point). fnmatch's translation matches in linear time however many stars; ignore_case
    folds A-Z only, as the reference evaluator does."""
    flags = re.ASCII | (re.IGNORECASE if condition.ignore_case else 0)
    return re.compile(fnmatch.translate(condition.pattern), flags)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def glob_matches(pattern: str, text: str, ignore_case: bool) -> bool:
    """Whether the whole `text` matches `pattern` (`*` any text, `?` any one character), ignoring the case
    of A-Z only if asked. The classic two-pointer walk: at most len(pattern) x len(text) steps, whatever the
    number of stars (a backtracking regex takes exponential time on '*a*a*...b'). Written independently of
    the engine's fnmatch translation, so that the differential tests compare two implementations."""
    if ignore_case:
        pattern, text = pattern.translate(_ASCII_LOWER), text.translate(_ASCII_LOWER)
    p = t = 0
    star, resume = -1, 0                  # the last star seen, and where in the text it took over
    while t < len(text):
        if p < len(pattern) and pattern[p] != "*" and pattern[p] in ("?", text[t]):
            p, t = p + 1, t + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, resume, p = p, t, p + 1
        elif star >= 0:
            resume += 1
            p, t = star + 1, resume
        else:
            return False
    return pattern[p:].strip("*") == ""
