"""The Home Office template as councils fill it in, in Word and Excel: its guidance row under the headings,
several actions in one "Action to take" cell, milestones with their dates, the agency's response and the
"Date of completion and outcome"."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.importers import import_plan
from checker.importers.actions_split import ActionPart, split_actions
from checker.validate import validate_document

from .builders import Merge, word_plan, workbook
from .pdf_builders import GUIDANCE_ROW, HOME_OFFICE_HEADINGS

HEADINGS = HOME_OFFICE_HEADINGS + ["Agency response"]
GUIDANCE = GUIDANCE_ROW + ["Accepted, accepted in part or not accepted?"]
ROWS = [
    ["1. That Northvale Police improves its risk assessment.", "Local",
     "1. Refresher training on DASH\n2. Dip sample DASH forms\n3. Report the findings to the partnership",
     "Northvale Police", "Training package agreed - 31/01/2017\nTraining delivered 31/03/2017", "30/06/2017",
     "Completed 28/06/2017\nAll response officers trained", "Accepted - 12/10/2016"],
    ["2. That the partnership keeps the refuge directory current.", "Regional",
     "Action 1 Name an owner for the directory.\nAction 2 Refresh it every quarter.", "Northvale CSP",
     "Owner named\n28/02/2017", "31/03/2017", "Ongoing", "Accepted in part\nThe quarterly refresh is not funded"],
    ["3. That GPs ask about domestic abuse.", "National", "Write to every GP practice.\nAudit a sample of notes.",
     "Northvale CCG", "", "31/03/2017", "", "Not accepted\nGP contracts are set nationally"],
]
OPENING = ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale"]


def _check(result) -> None:
    first, second, third = result.document.data["recommendations"]
    assert [a["description"] for a in first["actions"]] == [
        "Refresher training on DASH", "Dip sample DASH forms", "Report the findings to the partnership"]
    assert [a["number"] for a in first["actions"]] == [1, 2, 3]
    assert first["actions"][0]["milestones"] == [
        {"description": "Training package agreed", "target_date": dt.date(2017, 1, 31)},
        {"description": "Training delivered", "target_date": dt.date(2017, 3, 31)}]
    assert first["actions"][0]["completion_date"] == dt.date(2017, 6, 28)
    assert first["actions"][0]["outcome"] == "All response officers trained"
    assert all(a["lead_agency"] == "Northvale Police" and a["target_date"] == dt.date(2017, 6, 30)
               for a in first["actions"])
    assert first["response"] == {"decision": "accepted", "date": dt.date(2016, 10, 12)}
    assert [a["description"] for a in second["actions"]] == ["Name an owner for the directory.",
                                                             "Refresh it every quarter."]
    assert second["actions"][0]["milestones"] == [{"description": "Owner named", "target_date": dt.date(2017, 2, 28)}]
    assert second["actions"][0]["status"] == "ongoing"
    assert second["response"] == {"decision": "accepted_in_part", "reason": "The quarterly refresh is not funded"}
    assert [a["description"] for a in third["actions"]] == ["Write to every GP practice.", "Audit a sample of notes."]
    assert third["response"] == {"decision": "not_accepted", "reason": "GP contracts are set nationally"}
    assert result.leftovers == []
    guidance = [skipped for skipped in result.skipped if "guidance" in skipped.kind]
    assert [skipped.text for skipped in guidance] == GUIDANCE
    splits = [note for note in result.notes if "actions (" in note]
    assert len(splits) == 3 and "holds 3 actions (R1.A1, R1.A2, R1.A3)" in splits[0]
    validate_document(result.document)


def test_word_template_with_its_guidance_row(tmp_path):
    result = import_plan(word_plan(tmp_path / "plan.docx", *OPENING, [HEADINGS, GUIDANCE, *ROWS]))
    _check(result)
    guidance = [skipped.location.describe() for skipped in result.skipped if "guidance" in skipped.kind]
    assert guidance[:2] == ["table 1, row 2, column 1", "table 1, row 2, column 2"]


def test_excel_template_with_its_guidance_row(tmp_path):
    result = import_plan(workbook(tmp_path / "plan.xlsx", {"Actions": [
        ["CSP:", "Northvale"], ["DHR:", "Adult Q"], HEADINGS, GUIDANCE, *ROWS]}))
    _check(result)
    guidance = [skipped.location.describe() for skipped in result.skipped if "guidance" in skipped.kind]
    assert guidance[:2] == ["sheet 'Actions', cell A4", "sheet 'Actions', cell B4"]


def test_numbers_used_twice_in_a_recommendation_are_given_by_order(tmp_path):
    rows = [HEADINGS, ["1. That training reflects this case.", "Local", "1. Train staff.\n2. Audit the training.",
                       "Northvale CSP", "", "31/03/2017", "", ""],
            [Merge.DOWN, Merge.DOWN, "1. Brief managers.\n2. Review in a year.", "Northvale CSP", "", "", "", ""]]
    result = import_plan(word_plan(tmp_path / "plan.docx", *OPENING, rows))
    actions = result.document.data["recommendations"][0]["actions"]
    assert [(a["number"], a["description"]) for a in actions] == [
        (1, "Train staff."), (2, "Audit the training."), (3, "Brief managers."), (4, "Review in a year.")]
    assert any("R1.A3, R1.A4" in note for note in result.notes)
    validate_document(result.document)


def test_an_action_cell_merged_down_is_split_once(tmp_path):
    rows = [HEADINGS, ["1. That training reflects this case.", "Local", "Train staff.\nAudit the training.",
                       "Northvale CSP", "", "31/03/2017", "", ""],
            [Merge.DOWN, Merge.DOWN, Merge.DOWN, Merge.DOWN, "Audit done - 30/04/2017", "", "", ""]]
    result = import_plan(word_plan(tmp_path / "plan.docx", *OPENING, rows))
    actions = result.document.data["recommendations"][0]["actions"]
    assert [a["description"] for a in actions] == ["Train staff.", "Audit the training."]
    assert actions[1]["milestones"] == [{"description": "Audit done", "target_date": dt.date(2017, 4, 30)}]


@pytest.mark.parametrize("lines, parts", [
    (["One action."], [ActionPart(None, ("One action.",))]),
    (["Action 3 The only one."], [ActionPart(3, ("The only one.",))]),
    (["First.", "Second."], [ActionPart(None, ("First.",)), ActionPart(None, ("Second.",))]),
    (["1. Ensure policy", "covering both councils", "2) Audit"],
     [ActionPart(1, ("Ensure policy", "covering both councils")), ActionPart(2, ("Audit",))]),
    (["Action 1 Name an owner.", "Action 2 Refresh it."], [ActionPart(1, ("Name an owner.",)),
                                                            ActionPart(2, ("Refresh it.",))]),
    (["Introduction to the actions:", "1. Train", "2. Audit"],
     [ActionPart(1, ("Introduction to the actions:", "Train")), ActionPart(2, ("Audit",))]),
])
def test_split_actions(lines, parts):
    assert split_actions(lines) == parts


def test_words_after_the_response_decision_are_its_reason_not_dropped(tmp_path):
    rows = [HEADINGS, ["1. That training reflects this case.", "Local", "Train staff.", "Northvale CSP", "",
                       "31/03/2017", "", "Accepted with conditions\nFunding to be agreed"]]
    result = import_plan(word_plan(tmp_path / "plan.docx", *OPENING, rows))
    assert result.document.data["recommendations"][0]["response"] == {
        "decision": "accepted", "reason": "with conditions\nFunding to be agreed"}
    assert result.leftovers == []
    validate_document(result.document)
