"""Every visible row of the real review summaries can be written as a plan: identifier and every addressee kept.

The summaries are copies of the Home Office DHR library pages in `tests/fixtures/real/summaries/` (see
its README: each is cut short where the stored copy ended). Rows of pipe tables are read cell by cell
here; rows of the flattened browser copies, which have no cell separators, are transcribed by hand
below. Each plan is written with its identifiers unquoted, as a person would type them, so that `5.10`
and `8.1` must come through as the text written, not as numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.errors import PlanError
from checker.load import parse_yaml
from checker.validate import validate_document

SUMMARIES = Path(__file__).parent / "fixtures" / "real" / "summaries"

FLATTENED = {   # identifier and addressees of each visible row, as the page shows them
    "gloucestershire-68f9f701.txt": [
        ("4.1.12", ["Police", "Office for the Police and Crime Commissioner"]),
        ("4.1.15", ["Gloucestershire Children Social Care"]),
        ("4.1.16", ["Gloucestershire Health and Care NHS Foundation Trust"]),
        ("4.1.17", [])],                                      # cut short before its addressee
    "hackney-644a671a.txt": [
        ("1", ["Metropolitan Police Service"]), ("2a", ["Metropolitan Police Service"]),
        ("2b", ["Metropolitan Police Service"]), ("2c", [])],
    "kent-6391f1a0.txt": [("1", ["Kent and Medway CCG"]), ("2", ["KCC Adult Social Care and Health"]), ("3", [])],
    "liverpool-67d2e7fd.txt": [
        ("17.1.1", ["Liverpool Community Safety Partnership"]), ("17.1.2", ["Liverpool Community Safety Partnership"]),
        ("17.1.3", [])],
}
_ROW = re.compile(r"^\| (?!#|---|Recommendations extracted)(.+)$")


def _body(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[lines.index("---") + 1:]


def visible_rows(path: Path) -> list[tuple[str, list[str]]]:
    """(identifier, addressees) of each row the page shows."""
    if path.name in FLATTENED:
        return FLATTENED[path.name]
    rows = []
    for line in _body(path):
        match = _ROW.match(line)
        if match:
            cells = [cell.strip() for cell in match.group(1).rstrip("|").split(" | ")]
            addressees = [name.strip() for cell in cells[2:] for name in cell.split("|") if name.strip()]
            rows.append((cells[0], addressees))
    return rows


def _plan_yaml(rows: list[tuple[str, list[str]]], per_agency: bool) -> str:
    lines = ["review:", "  subject: Adult X", "  community_safety_partnership: Testshire"]
    if per_agency:
        lines.append("  numbering: per_agency")
    lines.append("  published_recommendations:")
    for identifier, addressees in rows:
        lines += [f"    - number: {identifier}", "      text: As published."]
        if addressees:
            lines.append("      addressed_to:")
            lines += [f'        - "{name}"' for name in addressees]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(path.name for path in SUMMARIES.glob("*.txt")))
def test_every_visible_summary_row_is_a_valid_plan_row(name):
    rows = visible_rows(SUMMARIES / name)
    assert len(rows) >= 2, rows
    identifiers = [identifier for identifier, _ in rows]
    per_agency = len(set(identifiers)) < len(identifiers)       # Liverpool numbers afresh for each agency
    plan = validate_document(parse_yaml(_plan_yaml(rows, per_agency).encode(), name))
    assert [(p.number, p.addressed_to) for p in plan.review.published_recommendations] == rows


def test_the_summaries_show_the_numbering_the_issue_names():
    """The fixtures hold what the model must take: dotted, lettered, prefixed and per-agency numbers."""
    seen = {identifier for path in SUMMARIES.glob("*.txt") for identifier, _ in visible_rows(path)}
    assert {"5.1", "8.1", "17.1.1", "4.1.12", "2a", "R10"} <= seen
    liverpool = [identifier for identifier, _ in visible_rows(SUMMARIES / "liverpool-64be8fe3.txt")]
    assert liverpool[:3] == ["1", "1", "1"]


def test_a_repeated_number_without_per_agency_numbering_names_both_lines():
    rows = visible_rows(SUMMARIES / "liverpool-64be8fe3.txt")
    with pytest.raises(PlanError) as refused:
        validate_document(parse_yaml(_plan_yaml(rows, per_agency=False).encode(), "liverpool.yaml"))
    first = refused.value.problems[0]
    assert first.line == 9 and "published recommendation 1 is also given on line 5" in first.message
    assert "numbering: per_agency" in first.message
