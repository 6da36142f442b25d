"""Rows whose cells start with their column's name ("Action 3 Review ...", "Lead Agency Northvale Police"), as
published plans flattened from the Home Office template often are: the name is layout, the rest is the value.

Each case is read from a web page, a Word document and the published text, which share `layout._Reader`;
the words they say must all be placed or listed as not placed (`conservation.unaccounted`), none dropped
as layout and none made up.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from checker.importers.columns import COLUMN_NAMES, RECOMMENDATION_TARGETS
from checker.importers.conservation import unaccounted
from checker.importers.docx import read_docx
from checker.importers.published_text import read_html, read_text

from .builders import word_plan

RECOMMENDATION = "Recommendation 1 That Northvale Police improves risk assessment."
FORMS = ["html", "docx", "text"]
LAYOUT = "cells starting with their column's name"


def read_row(form: str, cells: list[str], tmp_path):
    """Read a plan of the recommendation and one table row (a cell's paragraphs separated by '\\n') as `form`,
    and return the result, the file's name, and the words the source says."""
    said = "\n".join([RECOMMENDATION, *cells])
    if form == "html":
        row = "".join("<td>" + "".join(f"<p>{p}</p>" for p in cell.split("\n")) + "</td>" for cell in cells)
        page = f"<html><body><p>{RECOMMENDATION}</p><table><tr>{row}</tr></table></body></html>"
        return read_html(page.encode(), "plan.html"), "plan.html", said
    if form == "docx":
        path = word_plan(tmp_path / "plan.docx", RECOMMENDATION, [cells])
        return read_docx(path.read_bytes(), "plan.docx"), "plan.docx", said
    line = "\t".join("".join(f"<p>{p}</p>" for p in cell.split("\n")) for cell in cells)
    return read_text(f"{RECOMMENDATION}\n{line}\n".encode(), "plan.txt"), "plan.txt", said


def assert_conserved(result, name: str, said: str) -> None:
    assert unaccounted(said, result, name) == (Counter(), Counter(), ())


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("cell, actions", [
    ("Action 3 Review the policy", [(3, "Review the policy")]),
    ("Action 3: Review the policy", [(3, "Review the policy")]),
    ("Action 3\nReview the policy", [(3, "Review the policy")]),
    ("Action 2 Review the policy\nAction 4 Train staff", [(2, "Review the policy"), (4, "Train staff")]),
])
def test_an_action_cell_labelled_action_n_keeps_the_number_the_source_writes(form, cell, actions, tmp_path):
    """'Action 3 Review the policy' is action 3, 'Review the policy'; not 'Action' as the column's name
    and '3 Review the policy' numbered by order."""
    result, name, said = read_row(form, [cell, "Evidence Board minutes"], tmp_path)
    read = result.document.data["recommendations"][0]["actions"]
    assert [(action["number"], action["description"]) for action in read] == actions
    assert not any("numbered in the order" in note for note in result.notes)
    assert [x.text for x in result.skipped if x.kind == LAYOUT] == ["Evidence"]
    assert_conserved(result, name, said)


@pytest.mark.parametrize("form", FORMS)
def test_a_row_of_the_home_office_templates_cells_each_labelled_places_every_value(form, tmp_path):
    """Each cell starting with its column's name gives its value to the action; only the names are layout."""
    result, name, said = read_row(form, [
        "Action 1 Refresher training on DASH.", "Lead Agency Northvale Police", "Key milestones Training plan agreed",
        "Target Date 31/03/2027", "Date of completion and outcome Completed 28/03/2027",
        "Progress indicator Amber"], tmp_path)
    [action] = result.document.data["recommendations"][0]["actions"]
    assert action == {"number": 1, "description": "Refresher training on DASH.", "lead_agency": "Northvale Police",
                      "milestones": [{"description": "Training plan agreed"}], "target_date": dt.date(2027, 3, 31),
                      "completion_date": dt.date(2027, 3, 28), "self_rag": "amber"}
    assert [x.text for x in result.skipped if x.kind == LAYOUT] == [
        "Lead Agency", "Key milestones", "Target Date", "Date of completion and outcome", "Progress indicator"]
    assert result.leftovers == []
    assert_conserved(result, name, said)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("label, value, field, expected", [
    ("Lead Agency", "Northvale Police", "lead_agency", "Northvale Police"),
    ("Lead", "Northvale Police", "lead_agency", "Northvale Police"),
    ("Evidence", "Board minutes", "planned_evidence", ["Board minutes"]),
    ("Key Outcomes", "Fewer repeat incidents", "key_outcomes", ["Fewer repeat incidents"]),
    ("Outcome", "Fewer repeat incidents", "key_outcomes", ["Fewer repeat incidents"]),
    ("Target date", "31/03/2027", "target_date", dt.date(2027, 3, 31)),
    ("Status", "Ongoing", "status", "ongoing"),
    ("RAG", "Green", "self_rag", "green"),
    ("Key milestones", "Policy agreed - 31/01/2027", "milestones",
     [{"description": "Policy agreed", "target_date": dt.date(2027, 1, 31)}]),
    ("Evidence provided", "Audit report", "evidence_provided", [{"description": "Audit report"}]),
    ("Completion date", "28/02/2027", "completion_date", dt.date(2027, 2, 28)),
])
def test_a_labelled_cell_gives_its_value_and_only_its_label_is_layout(form, label, value, field, expected,
                                                                      tmp_path):
    result, name, said = read_row(form, ["Action 1 Review the policy", f"{label} {value}"], tmp_path)
    [action] = result.document.data["recommendations"][0]["actions"]
    assert action.get(field) == expected
    assert [x.text for x in result.skipped if x.kind == LAYOUT] == [label]
    assert_conserved(result, name, said)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("label, value, field, expected", [
    ("Scope of recommendation", "Local", "scope", "local"),
    ("Agency response", "Accepted", "response", {"decision": "accepted"}),
    ("Response to the recommendation", "Accepted in part", "response", {"decision": "accepted_in_part"}),
])
def test_a_labelled_cell_of_the_recommendation_gives_its_value_and_only_its_label_is_layout(
        form, label, value, field, expected, tmp_path):
    result, name, said = read_row(form, ["Action 1 Review the policy", f"{label} {value}"], tmp_path)
    assert result.document.data["recommendations"][0].get(field) == expected
    assert [x.text for x in result.skipped if x.kind == LAYOUT] == [label]
    assert_conserved(result, name, said)


CELL_NAMES = sorted(name for name, target in COLUMN_NAMES.items()
                    if target not in RECOMMENDATION_TARGETS | {"action", "action_number", "ignore"})


@pytest.mark.parametrize("label", CELL_NAMES)
def test_every_column_name_labelling_a_cell_is_the_only_layout_in_it(label):
    """Whatever the column's name, the words after it are the cell's value: placed, or listed as not placed
    with a reason, never taken as part of the name and listed as layout."""
    value = "Northvale Police 31/03/2027"
    page = (f"<html><body><p>{RECOMMENDATION}</p><table><tr><td>Action 1 Review the policy</td>"
            f"<td>{label} {value}</td></tr></table></body></html>")
    result = read_html(page.encode(), "plan.html")
    assert [x.text for x in result.skipped if x.kind == LAYOUT] == [label]
    assert result.document.data["recommendations"][0]["actions"][0]["description"] == "Review the policy"
    assert_conserved(result, "plan.html", f"{RECOMMENDATION} Action 1 Review the policy {label} {value}")
