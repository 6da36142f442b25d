"""What an evaluator returns: shared by the durable-rules engine and the reference evaluator."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Match"]


@dataclass(frozen=True, order=True)
class Match:
    """A rule level whose condition holds for a fact; `detail` carries computed values (tolerance shares)."""

    fact_id: str
    rule_id: str
    rag: str
    detail: tuple[tuple[str, int], ...] = ()
