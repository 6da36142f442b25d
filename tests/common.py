"""Helpers for expectation-table tests: check a plan written inline and compare (line, rule) pairs."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from checker.check import Checker
from checker.rules import load_rules

REPO = Path(__file__).resolve().parent.parent
SHIPPED_RULES = load_rules()
SMALL_RULES_DIR = REPO / "tests" / "fixtures" / "rules-small"
"""Rules for tests of behaviour other than the shipped rules' own, so a new shipped rule cannot change them."""
SMALL_RULES = load_rules(SMALL_RULES_DIR)
SMALL = ("--rules", "tests/fixtures/rules-small", "--config", "tests/fixtures/settings-plain.yaml")
"""`check` options for those rules, from the repository root (plain settings: no shipped rule named)."""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, as_of: dt.date = dt.date(2026, 3, 31), rules=None) -> list[tuple]:
    """(line, rule, rag) for every finding on the plan `text`, sorted."""
    path = write(tmp_path, text)
    with Checker(rules or SHIPPED_RULES, as_of) as checker:
        result = checker.check_file(path)
    return sorted((f.line, f.rule, f.rag) for f in result.findings)


MINIMAL_REVIEW = """
review:
  subject: Adult Z
  community_safety_partnership: Testshire
"""
