"""The RAG scale, once: how severe each rating is, and how a self-assessed rating compares with a suggested one."""

from __future__ import annotations

__all__ = ["RAG_ORDER", "RAG_RANK", "RAGS", "worst"]

RAGS = ("red", "amber", "green", "blue")
"""Every rating, worst first: the order reports list them in."""

RAG_ORDER = {"blue": -1, "green": 0, "amber": 1, "red": 2}
"""Severity of a RAG. Rules never suggest blue; the blue_for_complete policy gives it to clean, complete work."""

RAG_RANK = {"blue": 1, "green": 1, "amber": 2, "red": 3}
"""For comparing a self-assessed RAG with a suggested one. Blue (complete, evidenced, signed off) ranks
with green: the checker never suggests blue, so a blue self-rating on clean work is no gap."""


def worst(rags) -> str:
    """The worst of some RAG ratings; green when there are none."""
    return max(rags, key=RAG_ORDER.__getitem__, default="green")
