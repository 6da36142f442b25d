"""Published plans as councils put them on the web: repeated lines kept, lists of actions split, the
document's own metadata, and an import that finds nothing refused."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import PlanError
from checker.importers import import_plan

from ..common import write

REPEATS = """\
Domestic Homicide Review Action Plan - Sarah
Plan agreed 03/10/2016
Northshire Community Safety Partnership.
Recommendation Scope of recommendation (i.e. local or regional) Action to take Lead Agency Target Date
That the partnership reviews its policy.
Local
1. Review the policy
Recommendation 2
That the partnership reviews its policy.
Local
• Publish the policy
• Publish the policy
"""


def test_a_line_that_repeats_is_content_not_a_page_header(tmp_path):
    result = import_plan(write(tmp_path, REPEATS, "plan.txt"))
    data = result.document.data
    assert data["review"] == {"subject": "Sarah", "plan_date": dt.date(2016, 10, 3),
                              "community_safety_partnership": "Northshire"}
    first, second = data["recommendations"]
    assert (first["text"], first["scope"], second["text"], second["scope"]) == (
        "That the partnership reviews its policy.", "local", "That the partnership reviews its policy.", "local")
    assert [a["description"] for a in first["actions"]] == ["Review the policy"]
    assert [(a["number"], a["description"]) for a in second["actions"]] == [(1, "Publish the policy"),
                                                                            (2, "Publish the policy")]
    assert not [x for x in result.skipped if x.kind == "page headers"]
    assert result.leftovers == []


def test_where_each_review_field_came_from_is_reported(tmp_path):
    mapped = import_plan(write(tmp_path, REPEATS, "plan.txt")).mapped()
    assert "  subject: Sarah (plan.txt, line 1)" in mapped
    assert "  plan_date: 2016-10-03 (plan.txt, line 2)" in mapped
    assert "  community_safety_partnership: Northshire (plan.txt, line 3)" in mapped


CELL_LISTS = """\
Domestic Homicide Review – Adult B
CSP: Westvale
Recommendation 1 That Westvale Council reviews its housing policy.
Key Actions\tEvidence\tKey Outcomes
<p>Action 1 Review the policy</p><p>Action 2 Train the team</p>\t<p>Revised policy.</p>\tSafer housing.
<p>Consult tenants:</p><p>1. by letter</p><p>2. at meetings</p>\tMinutes.\t
"""


def test_several_actions_in_one_cell_are_split_and_said_so(tmp_path):
    result = import_plan(write(tmp_path, CELL_LISTS, "plan.txt"))
    [recommendation] = result.document.data["recommendations"]
    assert [(a["number"], a["description"], a.get("planned_evidence")) for a in recommendation["actions"]] == [
        (1, "Review the policy", ["Revised policy."]), (2, "Train the team", None),
        (3, "Consult tenants:\nby letter", ["Minutes."]), (4, "at meetings", None)]   # an introduction joins the first
    assert ("line 5 holds 2 actions (R1.A1, R1.A2), one per list item, number, 'Action N' label or paragraph; the "
            "row's lead agency and target date are given to each, its other cells to R1.A1. Join them by hand if "
            "they are one action") in result.notes
    assert any(note.startswith("line 6 holds 2 actions (R1.A3, R1.A4)") for note in result.notes)   # 1 and 2 taken


ONE_LINE_HTML = ("<h1>Domestic Homicide Review - Adult C</h1><p>CSP: Eastvale</p><table><tr><th>Recommendation</th>"
                 "<th>Action to take</th><th>Lead Agency</th></tr><tr><td rowspan=2>1. That X.</td><td>Do A</td>"
                 "<td>Police</td></tr><tr><td>Do B</td><td>Police</td></tr><tr><td colspan=2>2. That Y.</td>"
                 "<td>Council</td></tr><tr><td></td><td><ul><li>Do C</li><li>Do D</li></ul></td><td></td></tr>"
                 "</table>")


def test_html_on_one_line_keeps_every_cell_and_honours_spans(tmp_path):
    result = import_plan(write(tmp_path, ONE_LINE_HTML, "plan.html"))
    first, second = result.document.data["recommendations"]
    assert [(a["description"], a.get("lead_agency")) for a in first["actions"]] == [("Do A", "Police"),
                                                                                    ("Do B", "Police")]
    assert second["text"] == "That Y." and [a["description"] for a in second["actions"]] == ["Do C", "Do D"]
    assert [(x.text, x.reason[:40]) for x in result.leftovers] == [
        ("Council", "this row has no action text and there is")]


@pytest.mark.parametrize("text", ["Just a note.\nAnother note.\n", "", "Domestic Homicide Review – Adult A\n"
                                  "CSP: Westvale\nRecommendation 1 That X is done.\n"])
def test_an_import_that_finds_no_plan_writes_nothing_and_exits_2(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, text, "plan.txt")
    imported = CliRunner().invoke(main, ["import", "plan.txt", "--subject", "A", "--partnership", "B",
                                         "-o", "out.yaml"])
    assert imported.exit_code == 2 and not (tmp_path / "out.yaml").exists()
    assert "no recommendation was found" in imported.stderr or "has no actions" in imported.stderr
    checked = CliRunner().invoke(main, ["check", "plan.txt", "--as-of", "2026-03-31"])
    assert checked.exit_code == 2 and "could not be checked" in checked.stdout.lower()


def test_a_refused_import_names_what_it_saw(tmp_path):
    with pytest.raises(PlanError) as refused:
        import_plan(write(tmp_path, "Just a note.\n", "plan.txt"), subject="A", partnership="B")
    [problem] = refused.value.problems
    assert "1 it could not place, such as line 1: 'Just a note.'" in problem.message


def test_the_partnership_hint_offers_only_a_name_the_document_gives(tmp_path):
    with pytest.raises(PlanError) as refused:
        import_plan(write(tmp_path, "Domestic Homicide Review – Adult A\nThis plan will be monitored by the "
                                    "Eastvale Board.\nRecommendation 1 That X.\nAction 1 Do it.\n", "plan.txt"))
    [problem] = refused.value.problems
    assert '--partnership "NAME"' in problem.message and '--partnership "Eastvale Board"' in problem.message
    assert "Bolton" not in problem.message


def test_a_semicolon_csv_with_csp_and_dhr_lines(tmp_path):
    text = ("CSP:;Northshire\nDHR:;Adult K\nRec No;Recommendation;Action;Owner;Deadline;RAG\n"
            "1;That Northshire Police trains officers.;Refresher training;Northshire Police;31/01/2027;Amber\n")
    data = import_plan(write(tmp_path, text, "tracker.csv")).document.data
    assert data["review"] == {"community_safety_partnership": "Northshire", "subject": "Adult K"}
    assert data["recommendations"][0]["actions"][0]["lead_agency"] == "Northshire Police"


GUIDANCE_HTML = """\
<h1>Domestic Homicide Review - Adult D</h1><p>CSP: Southvale</p>
<table>
<tr><th>Recommendation</th><th>Scope of recommendation</th><th>Action to take</th><th>Lead Agency</th></tr>
<tr><td>What is the over-arching recommendation?</td><td>Local, regional, or national level?</td>
<td>How exactly is the relevant agency going to make this recommendation happen?</td><td>Which agency?</td></tr>
<tr><td>1. That Southvale Police trains officers.</td><td>Local</td><td>Refresher training.</td><td>Police</td></tr>
</table>
"""


def test_the_templates_guidance_row_is_listed_as_layout_not_read_as_a_recommendation(tmp_path):
    result = import_plan(write(tmp_path, GUIDANCE_HTML, "plan.html"))
    [recommendation] = result.document.data["recommendations"]
    assert recommendation["text"] == "That Southvale Police trains officers."
    guidance = [(x.location.line, x.text) for x in result.skipped if "guidance" in x.kind]
    assert guidance == [(4, "What is the over-arching recommendation?"), (4, "Local, regional, or national level?"),
                        (5, "How exactly is the relevant agency going to make this recommendation happen?"),
                        (5, "Which agency?")]
    assert result.leftovers == []


def test_a_summary_numbered_per_agency_gives_no_addressee_it_cannot_tell(tmp_path):
    summary = write(tmp_path, "CSP: Liverpool\n| # | Recommendation | Addressed to |\n|---|---|---|\n"
                              "| 1 | That the police act. | Merseyside Police |\n| 1 | That SLH acts. | SLH |\n",
                    "summary.txt")
    plan = write(tmp_path, "Domestic Homicide Review – Adult L\nRecommendation 1 That the police act.\n"
                           "Action 1 Train officers.\n", "plan.txt")
    result = import_plan(plan, summary=summary)
    assert "addressed_to" not in result.document.data["recommendations"][0]
    assert result.document.data["review"]["numbering"] == "per_agency"
    assert any("more than once (numbered per agency)" in note for note in result.notes)


def test_a_page_nested_too_deeply_for_the_html_reader_is_refused_not_read_as_empty(tmp_path):
    page = "<div>" * 300 + "Recommendation 1 That X.<p>Action 1 Do it.</p>" + "</div>" * 300
    with pytest.raises(PlanError) as refused:
        import_plan(write(tmp_path, page, "plan.html"), subject="A", partnership="B")
    assert "nests its elements too deeply" in refused.value.problems[0].message


def test_a_cell_with_angle_brackets_that_are_not_html_is_kept_as_written(tmp_path):
    text = ("Domestic Homicide Review – Adult E\nCSP: Westvale\nRecommendation 1 That X.\n"
            "Key Actions\tEvidence\tKey Outcomes\nAction 1 Audit if a<b then report\tRecords <than> minutes\t"
            "<p>Fewer &amp; safer</p>\n")
    [action] = import_plan(write(tmp_path, text, "plan.txt")).document.data["recommendations"][0]["actions"]
    assert (action["description"], action["planned_evidence"], action["key_outcomes"]) == (
        "Audit if a<b then report", ["Records <than> minutes"], ["Fewer & safer"])


def test_a_trackers_title_cell_names_its_partnership(tmp_path):
    text = ("Northshire CSP - DHR action tracker\nDHR:,Adult K\nRec No,Recommendation,Action,Owner\n"
            "1,That Northshire Police trains officers.,Refresher training,Northshire Police\n")
    result = import_plan(write(tmp_path, text, "tracker.csv"))
    assert result.document.data["review"] == {"community_safety_partnership": "Northshire", "subject": "Adult K"}
    assert "  community_safety_partnership: Northshire (tracker.csv, row 1, column 1)" in result.mapped()
