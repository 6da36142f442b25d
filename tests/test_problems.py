"""One wording for each kind of mistake, whatever the file: plans, rule files, settings and waivers.

Each case makes one mistake in an otherwise valid file of one kind and checks the sentence's shape,
the same for every kind of file that can hold that mistake (the settings have no required key,
and only plans and waivers hold dates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.config import load_settings
from checker.errors import PlanError, RuleError
from checker.rules import load_rule
from checker.validate import load_plan
from checker.waivers import load_waivers

PLAN = """\
review:
  subject: Adult Z
  community_safety_partnership: Testshire
  plan_date: 2026-01-01
  numbering: plan
"""

RULE = """\
id: X-TEST-001
title: An action names its lead agency
applies_to: action
when:
  missing: lead_agency
suggested_rag: amber
message: "{ref} has no lead agency."
rationale: Someone must answer for each action.
source: Test.
"""

SETTINGS = """\
extends: default
rag_policy: worst_of
waivers: waivers.yaml
"""

WAIVERS = """\
waivers:
  - rule: DHR-LEAD-001
    plan: testshire/adult-z
    reason: agreed by the board
    approved_by: Testshire CSP Board
    approved_on: 2026-01-15
    expires_on: 2026-06-30
"""

FILES: dict[str, tuple[str, str, Callable[[Path], object]]] = {"plan": ("plan.yaml", PLAN, load_plan), "rule": ("X-TEST-001.yaml", RULE, load_rule),
         "settings": ("dhr-check.yaml", SETTINGS, load_settings), "waivers": ("waivers.yaml", WAIVERS, load_waivers)}

SHAPES = {
    "unknown key": r"unknown field 'colour'( in '[^']+')?\. Fields allowed here: [a-z_]+(, [a-z_]+)*\.",
    "missing key": r"'[a-z_]+' is required( in '[^']+')?( \([^)]+\))?; add it\.",
    "wrong type": r"'[^']+' must be [^,]+.*, not (a list|the number \d+)\.",
    "bad value": r"'[^']+': 'purple' is not allowed; use one of .+\.",
    "bad date": r"'[^']+': .*YYYY-MM-DD.*\.",
    "empty text": r"'[^']+' is empty; write the text, or remove the entry\.",
}

MISTAKES = [
    ("unknown key", "plan", ("  numbering: plan\n", "  numbering: plan\ncolour: blue\n")),
    ("unknown key", "rule", ("source: Test.\n", "source: Test.\ncolour: blue\n")),
    ("unknown key", "settings", ("rag_policy: worst_of\n", "rag_policy: worst_of\ncolour: blue\n")),
    ("unknown key", "waivers", ("    reason:", "    colour: blue\n    reason:")),
    ("missing key", "plan", ("  subject: Adult Z\n", "")),
    ("missing key", "rule", ("title: An action names its lead agency\n", "")),
    ("missing key", "waivers", ("    approved_by: Testshire CSP Board\n", "")),
    ("wrong type", "plan", ("  numbering: plan\n", "  numbering: plan\nrecommendations: 5\n")),
    ("wrong type", "rule", ("title: An action names its lead agency", "title: [a, b]")),
    ("wrong type", "settings", ("waivers: waivers.yaml", "waivers: [a, b]")),
    ("wrong type", "waivers", ("reason: agreed by the board", "reason: [a, b]")),
    ("bad value", "plan", ("numbering: plan", "numbering: purple")),
    ("bad value", "rule", ("suggested_rag: amber", "suggested_rag: purple")),
    ("bad value", "settings", ("rag_policy: worst_of", "rag_policy: purple")),
    ("bad date", "plan", ("plan_date: 2026-01-01", "plan_date: 1 January 2026")),
    ("bad date", "waivers", ("approved_on: 2026-01-15", "approved_on: 15 January 2026")),
    ("empty text", "plan", ("subject: Adult Z", "subject: ''")),
    ("empty text", "rule", ("title: An action names its lead agency", "title: ''")),
    ("empty text", "waivers", ("reason: agreed by the board", "reason: ''")),
]


def problems(tmp_path, file_kind: str, change: tuple[str, str] | None) -> list[str]:
    name, text, load = FILES[file_kind]
    if change is not None:
        assert change[0] in text
        text = text.replace(change[0], change[1])
    (tmp_path / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")       # the one the settings name
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        load(path)
    except (PlanError, RuleError) as error:
        return [problem.message for problem in error.problems]
    return []


@pytest.mark.parametrize("file_kind", sorted(FILES))
def test_each_file_is_valid_before_its_mistake(tmp_path, file_kind):
    assert problems(tmp_path, file_kind, None) == []


@pytest.mark.parametrize("mistake, file_kind, change", MISTAKES, ids=[f"{m}-{f}" for m, f, _c in MISTAKES])
def test_one_wording_for_each_kind_of_mistake(tmp_path, mistake, file_kind, change):
    [message] = problems(tmp_path, file_kind, change)
    assert re.fullmatch(SHAPES[mistake], message), message


@pytest.mark.parametrize("file_kind", sorted(FILES))
@pytest.mark.parametrize("key", ["int", "list[str]"])
def test_an_unknown_key_is_named_even_when_it_looks_like_a_type(tmp_path, file_kind, key):
    """pydantic names the member of a union it tried ('int', 'list[str]') in an error's place: a key of the
    file's own that looks like one is still the key."""
    last = FILES[file_kind][1].splitlines()[-1] + "\n"
    indent = "    " if file_kind == "waivers" else ""
    [message] = problems(tmp_path, file_kind, (last, f"{last}{indent}'{key}': 1\n"))
    assert message.startswith(f"unknown field '{key}'"), message
