"""Published action plans as text and HTML: the Bolton seed exactly as transcribed by hand, and each layout quirk."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest

from checker.errors import PlanError
from checker.importers import import_plan
from checker.importers.published_text import read_html, read_text
from checker.load import read_yaml
from checker.validate import validate_document

from ..common import REPO, write

SEEDS = REPO / "tests" / "fixtures" / "seeds"
ACTION_PLAN = SEEDS / "bolton-adult-a-action-plan.txt"
SUMMARY = SEEDS / "bolton-review-summary.txt"
HAND_WRITTEN = REPO / "plans" / "bolton-adult-a.yaml"


def _plan_parts(data: dict) -> dict:
    """What the seed comparison covers: recommendations, actions, evidence, outcomes, published wording."""
    return {
        "recommendations": [
            {"number": r["number"], "text": r["text"], "addressed_to": r.get("addressed_to"),
             "actions": [{key: a.get(key) for key in ("number", "description", "planned_evidence", "key_outcomes")}
                         for a in r.get("actions", [])]}
            for r in data["recommendations"]],
        "published_recommendations": data["review"]["published_recommendations"],
    }


def test_seed_with_its_summary_gives_exactly_the_hand_written_plan():
    imported = import_plan(ACTION_PLAN, summary=SUMMARY).document.data
    hand_written = read_yaml(HAND_WRITTEN).data
    assert _plan_parts(imported) == _plan_parts(hand_written)
    assert imported["recommendations"] == hand_written["recommendations"]      # nothing else was added either
    review = {k: v for k, v in imported["review"].items() if k != "published_recommendations"}
    assert review == {"subject": "Adult A", "community_safety_partnership": "Bolton", "year_of_death": 2012,
                      "plan_date": dt.date(2015, 7, 20), "signed_off_by": "Community Safety Partnership",
                      "signed_off_on": dt.date(2014, 4, 1), "monitored_by": "Be Safe Community Safety Partnership",
                      "source": "Home Office DHR Library: Bolton review, published April 2023"}


def test_seed_leaves_over_only_the_preamble_sentences_with_no_field():
    result = import_plan(ACTION_PLAN, summary=SUMMARY)
    assert [(Path(x.location.file).name, x.location.line, x.text[:40]) for x in result.leftovers] == [
        ("bolton-adult-a-action-plan.txt", 9, "This Multi-Agency Action plan seeks to a"),
        ("bolton-adult-a-action-plan.txt", 9, "During the review extensive consultation"),
        ("bolton-adult-a-action-plan.txt", 9, "Recommendation 7 in particular recognise"),
        ("bolton-review-summary.txt", 8, "Statutory domestic homicide review under"),
        ("bolton-review-summary.txt", 12, "The report identifies systemic failures "),
    ]
    assert result.layout["page headers"] == 5 and result.layout["rows of column headings"] == 8
    assert result.layout["cells starting with their column's name"] == 8     # recommendations 4 and 5


def test_seed_positions_are_source_lines():
    document = import_plan(ACTION_PLAN, summary=SUMMARY).document
    assert document.position(("review",)) == (3, 1)                                 # the title
    assert document.position(("review", "signed_off_on")) == (9, 1)
    assert document.position(("recommendations", 1, "actions", 1)) == (29, 1)     # after the page break
    assert document.position(("recommendations", 3, "actions", 0, "planned_evidence", 0)) == (38, 376)
    assert document.position(("recommendations", 8, "actions", 1)) == (73, 1)


def test_seed_alone_needs_the_partnership():
    with pytest.raises(PlanError) as error:
        import_plan(ACTION_PLAN)
    [problem] = error.value.problems
    assert problem.line == 1 and "does not name its Community Safety Partnership" in problem.message
    assert "--partnership" in problem.message and "--summary" in problem.message
    plan = import_plan(ACTION_PLAN, partnership="Bolton").document.data
    assert plan["review"]["community_safety_partnership"] == "Bolton"
    assert "published_recommendations" not in plan["review"] and "addressed_to" not in plan["recommendations"][0]


def _as_html(text: str) -> str:
    """The seed as a web page: each line a paragraph, each run of tab-separated lines a table."""
    out, in_table = ["<html><head><title>Action plan</title></head><body>"], False
    for line in text.split("\n"):
        if "\t" in line:
            if not in_table:
                out.append("<table>")
            cells = "".join(f"<td>{cell if '<p>' in cell else html.escape(cell)}</td>" for cell in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
        else:
            if in_table:
                out.append("</table>")
            if line.strip():
                out.append(f"<p>{html.escape(line)}</p>")
        in_table = "\t" in line
    return "\n".join(out + ["</table>" if in_table else "", "</body></html>"])


def test_html_form_of_the_seed_gives_the_same_plan():
    raw = ACTION_PLAN.read_bytes()
    from_text = read_text(raw, "plan.txt")
    from_html = read_html(_as_html(raw.decode()).encode(), "plan.html")
    assert from_html.document.data == from_text.document.data
    assert [x.text for x in from_html.leftovers] == [x.text for x in from_text.leftovers]


PLAN_TXT = """\
Domestic Homicide Review – Mr C
CSP: Westvale
Action Plan
1st June 2020
The plan will be monitored by the Westvale Safer Communities Board.
Recommendation 1
That Westvale Council reviews its housing
allocations policy.
Key Actions\tEvidence\tKey Outcomes\tRAG
<p><u>Action 1</u> Review the allocations policy</p>\t<p>Revised policy.</p><p>Board minutes.</p>\t<p>Victims are housed safely.</p>\tAmber
Domestic Homicide Review Multi-Agency Action Plan in respect of Mr C
and publish it on the website.\t<p>Web page.</p>\t\t
<p>Action 2 Train the allocations team</p>\t\t\tGreen-ish
\tAttendance records.\t\t
A note that belongs to no table.
Recommendation 2 That Westvale Police shares incident logs with housing.
Key Actions\tEvidence\tKey Outcomes
Agree an information sharing protocol.\tSigned protocol.\tLogs are shared within 24 hours.
Domestic Homicide Review Multi-Agency Action Plan in respect of Mr C
"""


def test_layout_quirks_of_the_published_form(tmp_path):
    result = import_plan(write(tmp_path, PLAN_TXT, "plan.txt"))
    data = result.document.data
    assert data["review"] == {"subject": "Mr C", "community_safety_partnership": "Westvale",
                              "plan_date": dt.date(2020, 6, 1),
                              "monitored_by": "Westvale Safer Communities Board"}
    first, second = data["recommendations"]
    assert first["text"] == "That Westvale Council reviews its housing allocations policy."
    assert first["actions"] == [
        {"number": 1, "description": "Review the allocations policy and publish it on the website.",
         "planned_evidence": ["Revised policy.", "Board minutes.", "Web page."],
         "key_outcomes": ["Victims are housed safely."], "self_rag": "amber"},
        {"number": 2, "description": "Train the allocations team", "planned_evidence": ["Attendance records."]},
    ]
    assert second == {"number": 2, "text": "That Westvale Police shares incident logs with housing.",
                      "actions": [{"number": 1, "description": "Agree an information sharing protocol.",
                                   "planned_evidence": ["Signed protocol."],
                                   "key_outcomes": ["Logs are shared within 24 hours."]}]}
    assert [(x.location.line, x.text) for x in result.leftovers] == [(13, "Green-ish"),
                                                                    (15, "A note that belongs to no table.")]
    assert "line 12 carries on action R1.A1 from before the page break" in result.notes
    assert "line 14 has no action text; its cells were added to action R1.A2, the action before it" in result.notes
    validate_document(result.document)


HOME_OFFICE_HTML = """\
<h1>Domestic Homicide Review &ndash; Adult Q</h1>
<p>Community Safety Partnership: Northvale</p>
<table>
<thead><tr><th>Recommendation</th><th>Scope of recommendation i.e. local or regional</th><th>Action to take</th>
<th>Lead Agency</th><th>Target Date</th><th>Date of completion and outcome</th></tr></thead>
<tbody>
<tr><td rowspan="2">1. That Northvale Police improves risk assessment.</td><td rowspan="2">Local</td>
    <td>Refresher training on DASH.</td><td>Northvale Police</td><td>31/03/2017</td>
    <td>28/03/2017<br>All response officers trained</td></tr>
<tr><td>Dip sample DASH forms.</td><td>Northvale Police</td><td>Ongoing</td><td>Ongoing</td></tr>
<tr><td colspan="6">2. That the partnership keeps the refuge directory current.</td></tr>
<tr><td></td><td></td><td>Refresh the directory.</td><td>Northvale CSP</td><td></td><td></td></tr>
</tbody></table>
"""


def test_home_office_template_as_a_web_page_with_rowspan_and_colspan(tmp_path):
    result = import_plan(write(tmp_path, HOME_OFFICE_HTML, "plan.html"))
    first, second = result.document.data["recommendations"]
    assert first == {"number": 1, "text": "That Northvale Police improves risk assessment.", "scope": "local",
                     "actions": [
                         {"number": 1, "description": "Refresher training on DASH.", "lead_agency": "Northvale Police",
                          "target_date": dt.date(2017, 3, 31), "completion_date": dt.date(2017, 3, 28),
                          "outcome": "All response officers trained"},
                         {"number": 2, "description": "Dip sample DASH forms.", "lead_agency": "Northvale Police",
                          "status": "ongoing"}]}
    assert second == {"number": 2, "text": "That the partnership keeps the refuge directory current.",
                      "actions": [{"number": 1, "description": "Refresh the directory.", "lead_agency": "Northvale CSP"}]}
    assert [(x.location.line, x.text) for x in result.leftovers] == [(10, "Ongoing")]    # the target date
    assert "not a date that can be read without guessing" in result.leftovers[0].reason


def test_text_that_is_not_utf8_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_TXT.replace("–", "-").encode("utf-8").replace(b"Mr C", b"M\xe9lanie"))
    result = import_plan(path)
    assert result.document.data["review"]["subject"] == "Mélanie"
    assert any("Windows-1252" in note for note in result.notes)
