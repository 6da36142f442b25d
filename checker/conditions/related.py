"""`no_related`: no record of another kind in the plan is joined to this one (a recommendation with no
action, a published recommendation missing from the plan).

It is the one operator that joins two facts, so it compiles to a part of the rule of its own (`negation`,
durable-rules' `$not`) rather than to a test on the subject, and may only stand at the top of a rule.
durable-rules does not withdraw such a match when the related facts arrive after the subject, so the
engine asserts the negated kinds first and refuses rules whose kinds negate each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problem, RuleError
from ..facts import KINDS
from ..field_words import bare_name
from .base import Compilation, ConditionParser, Expression, Fact, Leaf, YamlPath

__all__ = ["NoRelated"]


@dataclass(frozen=True)
class NoRelated(Leaf):
    """`no_related: {kind: k, where: {their_field: our_field}}`: no fact of kind k has their_field equal to
    our our_field (at the top of `when` or directly in its `all` only)."""

    key = "no_related"
    top_only = True
    kind: str
    where: tuple[tuple[str, str], ...]   # (their field, our field) pairs

    @classmethod
    def parse(cls, arg: Any, path: YamlPath, parser: ConditionParser) -> NoRelated:
        parser.keys(arg, path, {"kind", "where"})
        kind = arg["kind"]
        if kind not in KINDS:
            raise parser.fail(path + ("kind",), f"unknown kind '{kind}'. Kinds: {', '.join(KINDS)}.")
        where = arg["where"]
        if not isinstance(where, dict) or not where:
            raise parser.fail(path + ("where",), "write where as {their_field: our_field}.")
        pairs = tuple(sorted((parser.field(theirs, path + ("where",), kind=kind), parser.field(ours, path + ("where",)))
                             for theirs, ours in where.items()))
        return cls(kind, pairs)

    def compile(self, out: Compilation) -> Expression:
        raise RuleError([Problem("(engine)", 1, 1, f"'{type(self).__name__}' may only stand at the top of a rule.")])

    def negation(self) -> Expression:
        """The related facts that must not exist, joined to the rule's subject (alias `a`)."""
        return {"$and": [{"kind": self.kind}] + [{theirs: {"a": ours}} for theirs, ours in self.where]}

    def holds(self, fact: Fact, facts: list[Fact], as_of_day: int) -> bool:
        return not any(other["kind"] == self.kind and all(
            ours in fact and theirs in other and other[theirs] == fact[ours] for theirs, ours in self.where)
            for other in facts)

    def fields(self) -> set[str]:
        return {ours for _theirs, ours in self.where}

    def their_fields(self) -> set[str]:
        """The fields of the related kind the join looks at."""
        return {theirs for theirs, _ours in self.where}

    def sentence(self, kind: str) -> str:
        kind_name = self.kind.replace("_", " ")
        if all(theirs == ours for theirs, ours in self.where):
            same = " and ".join(bare_name(theirs) for theirs, _ours in self.where)
            return f"no {kind_name} in the plan has the same {same} as this one"
        joins = " and ".join(f"{bare_name(theirs)} equal to this one's {bare_name(ours)}"
                             for theirs, ours in self.where)
        return f"no {kind_name} in the plan has a {joins}"
