"""Hostile plan files, each under 1 MB: shared by `test_limits.py` (behaviour) and `benchmarks/limits.py` (time).

Each entry is (content, what the refusal must say, or None for a file that is checked normally).
The expected words are dhr-check's own sentences, never a library's, so they hold on any version of
libyaml or PyYAML.
"""

from __future__ import annotations

from checker.load import MAX_DEPTH
from checker.validate import MAX_PLAN_VALUES

REVIEW = "review: {subject: Adult Z, community_safety_partnership: Testshire}\n"


def worst_valid_plan() -> str:
    """As many findings as the value bound allows: thousands of actions with nothing but a description."""
    lines = [REVIEW.rstrip("\n"), "recommendations:"]
    values, number = 3, 0
    while values + 1_004 < MAX_PLAN_VALUES:
        number += 1
        lines.append(f"  - number: {number}\n    text: t\n    actions:")
        lines += [f"      - {{number: {a}, description: d, status: in_progress}}" for a in range(1, 251)]
        values += 4 + 250 * 4
    return "\n".join(lines) + "\n"


TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
TOO_MANY = f"more than {MAX_PLAN_VALUES:,} values"

HOSTILE: dict[str, tuple[str, str | None]] = {
    "deep-flow": ("review: " + "[" * 200_000 + "]" * 200_000 + "\n", TOO_DEEP),
    "deep-flow-mappings": ("review: " + "{a: " * 100_000 + "}" * 100_000 + "\n", TOO_DEEP),
    "deep-block": ("".join("  " * depth + "a:\n" for depth in range(400)), TOO_DEEP),
    "deep-compact": ("review:\n" + "- " * 300_000 + "x\n", TOO_DEEP),
    "alias-bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
        + "review: *j\n", TOO_MANY),
    "self-alias": ("review: &a [*a]\n", TOO_DEEP),
    "flat-list": ("review: [" + ",".join(["1"] * 490_000) + "]\n", TOO_MANY),
    "flat-map": ("review: {" + ",".join(f"k{i}: 1" for i in range(90_000)) + "}\n", TOO_MANY),
    "unknown-keys": ("review:\n" + "".join(f"  k{i}: v\n" for i in range(9_000)) + "  subject: x\n",
                     "more problems from here on, not listed"),
    "one-long-line": ("review: {subject: " + "x" * 900_000 + ", community_safety_partnership: y}\n", None),
    "control-characters": (REVIEW + "recommendations:\n  - {number: 1, text: \"\\0\\x1b[31m\\u202e\"}\n", None),
    "worst-valid-plan": (worst_valid_plan(), None),
}
