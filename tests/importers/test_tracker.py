"""Excel and CSV trackers: headings found by name, synonyms, mapping files, RAG as words or fills, merged cells."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color

from checker.errors import PlanError
from checker.importers import ImportOptions, import_plan, load_column_map
from checker.validate import validate_document

from ..common import write
from .builders import Fill, workbook

HEADINGS = ["Rec No", "Recommendation", "Action", "Owner", "Deadline", "Status", "Evidence", "Progress update",
            "Notes"]


def southmoor(path):
    return workbook(path, {
        "Actions": [
            ["DHR:", "Adult R"],
            ["CSP: Southmoor"],
            [],
            HEADINGS,
            [1, "That Southmoor Police trains its staff.", "Train staff", "Southmoor Police", dt.date(2017, 1, 31),
             "Green", "Training records", "10/01/2017: 80% trained\nthe rest booked", "check with HR"],
            [None, None, "Audit DASH forms", "Southmoor Police", "TBC", Fill("FFC000")],
            [2, "That the partnership refreshes the refuge directory.", "Refresh the directory", "Southmoor CSP",
             "31/03/2017", "Complete", "Directory\nCirculation list"],
        ],
        "Lists": [["Red"], ["Amber"], [None]],
    }, merges={"Actions": ["A5:A6", "B5:B6"]})


def test_excel_tracker(tmp_path):
    result = import_plan(southmoor(tmp_path / "tracker.xlsx"))
    data = result.document.data
    assert data["review"] == {"subject": "Adult R", "community_safety_partnership": "Southmoor"}
    first, second = data["recommendations"]
    assert first == {"number": 1, "text": "That Southmoor Police trains its staff.", "actions": [
        {"number": 1, "description": "Train staff", "lead_agency": "Southmoor Police",
         "target_date": dt.date(2017, 1, 31), "self_rag": "green", "planned_evidence": ["Training records"],
         "progress_updates": [{"date": dt.date(2017, 1, 10), "note": "80% trained\nthe rest booked"}]},
        {"number": 2, "description": "Audit DASH forms", "lead_agency": "Southmoor Police", "self_rag": "amber"}]}
    assert second["actions"] == [
        {"number": 1, "description": "Refresh the directory", "lead_agency": "Southmoor CSP",
         "target_date": dt.date(2017, 3, 31), "status": "complete",
         "planned_evidence": ["Directory", "Circulation list"]}]
    assert [(x.location.describe(), x.text, x.reason[:40]) for x in result.leftovers] == [
        ("sheet 'Actions', cell I5", "check with HR", "the column 'Notes' has no place in the p"),
        ("sheet 'Actions', cell E6", "TBC", "'TBC' is not a date that can be read wit"),
        ("sheet 'Lists', cell A1", "Red", "on sheet 'Lists', which was not imported"),
        ("sheet 'Lists', cell A2", "Amber", "on sheet 'Lists', which was not imported"),
    ]
    assert result.document.position(("recommendations", 0, "actions", 1, "self_rag")) == (6, 6)
    assert result.layout["RAG ratings read from the cell colour"] == 1
    validate_document(result.document)


@pytest.mark.parametrize("headings", [
    ["Recommendation", "Key Action", "Lead Agency", "Target Date", "RAG"],
    ["  RECOMMENDATION ", "key   action:", "Responsible", "Due", "Progress indicator"],
    ["Rec", "Action to take", "Lead", "Deadline", "RAG status"],
])
def test_headings_are_found_by_name_whatever_their_case_and_spacing(tmp_path, headings):
    path = workbook(tmp_path / "t.xlsx", {"Sheet1": [
        ["Southmoor DHR tracker", None, None, None, None],
        headings,
        ["Recommendation 3: That X.", "Do Y", "Southmoor Police", "By 31/01/2017", "Red"]]})
    result = import_plan(path, subject="Adult R", partnership="Southmoor")
    assert result.document.data["recommendations"] == [{"number": 3, "text": "That X.", "actions": [
        {"number": 1, "description": "Do Y", "lead_agency": "Southmoor Police", "target_date": dt.date(2017, 1, 31),
         "self_rag": "red"}]}]
    assert [x.text for x in result.leftovers] == ["Southmoor DHR tracker"]


def test_a_tracker_with_its_own_headings_and_a_mapping_file(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"Cover": [["Quarterly return"]], "Q3": [
        ["Subject: Adult R"], ["CSP: Southmoor"],
        ["R", "What we will do", "Owning organisation", "When by", "Board notes"],
        [1, "Train staff", "Southmoor Police", "31/01/2017", "discussed in June"]]})
    mapping = write(tmp_path, """
        columns:
          "R": recommendation_number
          "What we will do": action
          "Owning organisation": lead_agency
          "When by": target_date
          "Board notes": ignore
        sheet: Q3
        header_row: 3
        """, "columns.yaml")
    with pytest.raises(PlanError, match="no row of column headings"):
        import_plan(path)
    result = import_plan(path, options=ImportOptions(load_column_map(mapping)))
    assert result.document.data["recommendations"] == [{"number": 1, "actions": [
        {"number": 1, "description": "Train staff", "lead_agency": "Southmoor Police",
         "target_date": dt.date(2017, 1, 31)}]}]
    assert result.layout["cells in columns the mapping file ignores"] == 1
    assert [x.location.describe() for x in result.leftovers] == ["sheet 'Cover', cell A1"]


def test_mapping_file_mistakes_name_the_file_line_and_key(tmp_path):
    mapping = write(tmp_path, """
        columns:
          "Owning organisation": lead_agncy
        sheets: Q3
        """, "columns.yaml")
    with pytest.raises(PlanError) as error:
        load_column_map(mapping)
    assert [str(p) for p in error.value.problems] == [
        f"{mapping}:2:3: column 'Owning organisation' is mapped to 'lead_agncy', which is not something a "
        "column can hold; use one of: recommendation, recommendation_number, recommendation_text, addressed_to, "
        "scope, action, action_number, reference, lead_agency, planned_evidence, key_outcomes, target_date, "
        "completion_date, completion, status, self_rag, evidence_provided, progress, milestones, response, ignore.",
        f"{mapping}:3:1: unknown setting 'sheets' in the column mapping file; the settings are columns, sheet "
        "and header_row."]


def test_no_heading_row_is_explained(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"Sheet1": [["Name", "Date"], ["x", "y"]]})
    with pytest.raises(PlanError) as error:
        import_plan(path)
    [problem] = error.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "no row of column headings was found in the first 50 rows of the file" in problem.message
    assert "--columns MAPPING.yaml" in problem.message


def test_an_unknown_sheet_lists_the_sheets(tmp_path):
    with pytest.raises(PlanError, match="there is no sheet 'Q4'; the sheets are 'Actions', 'Lists'"):
        import_plan(southmoor(tmp_path / "t.xlsx"), options=ImportOptions(sheet="Q4"))


def test_a_formula_excel_has_not_worked_out_is_reported(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"Sheet1": [
        ["Subject: Adult R"], ["CSP: Southmoor"],
        ["Recommendation", "Action", "Target date"],
        [1, "Train staff", "=DATE(2017,1,31)"]]})
    result = import_plan(path)
    assert [(x.location.describe(), x.text) for x in result.leftovers] == [("sheet 'Sheet1', cell C4",
                                                                          "=DATE(2017,1,31)")]
    assert "a formula Excel has not worked out yet" in result.leftovers[0].reason


def test_csv_tracker_with_semicolons_references_and_windows_text(tmp_path):
    text = ('Subject;Adult R\nCSP;Southmoor\n'
            'Ref;Recommendation;Key action;Responsible;Due;RAG\n'
            'R1.A2;That Southmoor Police trains staff – all shifts;"Train staff\nand supervisors";Police;31/01/2017;A\n'
            'R1.A1;;Audit forms;Police;Apr-21;\n')
    path = tmp_path / "tracker.csv"
    path.write_bytes(text.replace("Subject;", "Subject:;").replace("CSP;", "CSP:;").encode("cp1252"))
    result = import_plan(path)
    assert result.document.data["recommendations"] == [{
        "number": 1, "text": "That Southmoor Police trains staff – all shifts", "actions": [
            {"number": 2, "description": "Train staff\nand supervisors", "lead_agency": "Police",
             "target_date": dt.date(2017, 1, 31), "self_rag": "amber"},
            {"number": 1, "description": "Audit forms", "lead_agency": "Police"}]}]
    assert [(x.location.line, x.location.column, x.text) for x in result.leftovers] == [(5, 5, "Apr-21")]
    assert result.leftovers[0].location.describe() == "row 5, column 5"
    assert any("Windows-1252" in note for note in result.notes)
    validate_document(result.document)


def test_white_shading_is_no_rating_and_a_theme_colour_is_reported(tmp_path):
    path = workbook(tmp_path / "t.xlsx", {"Sheet1": [
        ["Subject: Adult R"], ["CSP: Southmoor"], ["Recommendation", "Action", "RAG"],
        ["1. That X.", "Train staff", Fill("FFFFFF")], [None, "Audit forms", None]]})
    book = openpyxl.load_workbook(path)
    book["Sheet1"]["C5"].fill = PatternFill("solid", fgColor=Color(theme=5))
    book.save(path)
    result = import_plan(path)
    assert [a.get("self_rag") for a in result.document.data["recommendations"][0]["actions"]] == [None, None]
    assert [(x.location.describe(), x.text) for x in result.leftovers] == [
        ("sheet 'Sheet1', cell C5", "(cell coloured with theme colour 5)")]


def test_a_reference_that_is_not_one_is_reported_and_the_row_still_read(tmp_path):
    path = write(tmp_path, "CSP: Southmoor\nDHR: Adult R\nRef,Recommendation,Action\n"
                           "R1.A1,That X.,Train staff\nTBD,,Audit forms\n", "tracker.csv")
    result = import_plan(path)
    assert [(a["number"], a["description"]) for a in result.document.data["recommendations"][0]["actions"]] == \
        [(1, "Train staff"), (2, "Audit forms")]
    assert [(x.location.describe(), x.text, x.reason) for x in result.leftovers] == [
        ("row 5, column 1", "TBD", "the column 'Ref' should hold 'R2.A1' or '2.1'; this row's number was not used")]
