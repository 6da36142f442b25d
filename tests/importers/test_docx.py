"""Word action plans: the Home Office template with merged cells, several dates in a cell and RAG fills,
and the published layout in Word."""

from __future__ import annotations

import datetime as dt

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from checker.errors import PlanError
from checker.importers import import_plan
from checker.validate import validate_document

from ..bounded import bounded_dhr_check
from ..reporting import run
from .builders import Fill, Merge, word_plan
from .test_published_text import ACTION_PLAN

HOME_OFFICE_HEADINGS = [
    "Recommendation", "Scope of recommendation i.e. local or regional", "Action to take", "Lead Agency",
    "Key milestones achieved in enacting recommendation", "Target Date", "Date of Completion and Outcome",
    "Progress indicator (RAG)"]


def home_office_plan(path):
    return word_plan(
        path,
        "Domestic Homicide Review – Adult Q",
        "Community Safety Partnership: Northvale",
        "Action Plan",
        "The plan was signed off by the Northvale Safer Communities Board on 12th March 2019.",
        [HOME_OFFICE_HEADINGS,
         ["1. That Northvale Police improves risk assessment.", "Local", "Action 1 Refresher training on DASH.",
          "Northvale Police", "Training plan agreed\nTraining delivered", "31/12/2016\n31/03/2017",
          "Completed 28/03/2017\nAll response officers trained", Fill("00B050")],
         [Merge.DOWN, Merge.DOWN, "Action 2 Dip sample DASH forms.", Merge.DOWN, "", "By 31/01/2017", "Ongoing",
          "Amber"],
         ["2. That the partnership keeps the refuge directory current.", "Regional", "Refresh the refuge directory.",
          "Northvale CSP", "", "Apr-21", "", Fill("FF0000")],
         ["3. That the MARAC referral process is reviewed.", "Local", "Review the MARAC referral process.",
          "MARAC Steering Group", "", "TBC", "", "Red"],
         ["Recommendation 4: That training reflects this case.", *[Merge.RIGHT] * 7],
         ["", "", "Add this case to the training.", "Northvale CSP", "", "", "", ""]],
        "Date of next review: to be agreed.")


def test_home_office_template(tmp_path):
    result = import_plan(home_office_plan(tmp_path / "plan.docx"))
    data = result.document.data
    assert data["review"] == {"subject": "Adult Q", "community_safety_partnership": "Northvale",
                              "signed_off_by": "Northvale Safer Communities Board",
                              "signed_off_on": dt.date(2019, 3, 12)}
    first, second, third, fourth = data["recommendations"]
    assert first == {
        "number": 1, "text": "That Northvale Police improves risk assessment.", "scope": "local", "actions": [
            {"number": 1, "description": "Refresher training on DASH.", "lead_agency": "Northvale Police",
             "target_date": dt.date(2017, 3, 31), "completion_date": dt.date(2017, 3, 28), "self_rag": "green",
             "milestones": [{"description": "Training plan agreed"}, {"description": "Training delivered"}],
             "outcome": "All response officers trained"},
            {"number": 2, "description": "Dip sample DASH forms.", "lead_agency": "Northvale Police",
             "target_date": dt.date(2017, 1, 31), "status": "ongoing", "self_rag": "amber"}]}
    assert second["scope"] == "regional" and second["actions"] == [
        {"number": 1, "description": "Refresh the refuge directory.", "lead_agency": "Northvale CSP",
         "self_rag": "red"}]                                                       # "Apr-21" is not guessed
    assert "target_date" not in third["actions"][0] and third["actions"][0]["self_rag"] == "red"
    assert fourth == {"number": 4, "text": "That training reflects this case.", "actions": [
        {"number": 1, "description": "Add this case to the training.", "lead_agency": "Northvale CSP"}]}
    assert [(x.location.describe(), x.text) for x in result.leftovers] == [
        ("table 1, row 2, column 6", "31/12/2016"),
        ("table 1, row 4, column 6", "Apr-21"),
        ("table 1, row 5, column 6", "TBC"),
        ("paragraph 5", "Date of next review: to be agreed."),
    ]
    assert "the action's target date is the latest one, 31/03/2017" in result.leftovers[0].reason
    assert result.layout["RAG ratings read from the cell colour"] == 2
    validate_document(result.document)


def test_word_positions_count_paragraphs_and_table_rows(tmp_path):
    document = import_plan(home_office_plan(tmp_path / "plan.docx")).document
    assert document.position(("review", "subject")) == (1, 1)
    assert document.position(("recommendations", 0)) == (6, 1)           # 4 paragraphs, the heading row, row 2
    assert document.position(("recommendations", 0, "actions", 1)) == (7, 3)
    assert document.position(("recommendations", 0, "actions", 1, "target_date")) == (7, 6)
    assert document.position(("recommendations", 0, "actions", 1, "lead_agency")) == (6, 4)   # merged from above


def test_published_layout_in_word_reads_like_the_text(tmp_path):
    lines = ACTION_PLAN.read_text(encoding="utf-8").split("\n")
    blocks, table = [], None
    for line in lines:                   # paragraphs, and tables for the tab-separated rows (tags dropped)
        if "\t" in line:
            cells = [cell.replace("<p>", "").replace("</p>", "\n").replace("<u>", "").replace("</u>", "").strip()
                     for cell in line.split("\t")]
            if table is None:
                table = []
                blocks.append(table)
            table.append(cells + [""] * (4 - len(cells)))
        elif line.strip():
            table = None
            blocks.append(line)
    from_word = import_plan(word_plan(tmp_path / "plan.docx", *blocks), partnership="Bolton").document.data
    from_text = import_plan(ACTION_PLAN, partnership="Bolton").document.data
    assert from_word == from_text


def test_a_file_that_is_not_a_word_document(tmp_path):
    (tmp_path / "plan.docx").write_bytes(b"not a zip")
    with pytest.raises(PlanError, match=r"this is not a Word file that can be read .* save it again as \.docx"):
        import_plan(tmp_path / "plan.docx")
    import zipfile
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(PlanError, match="this Word document cannot be read"):
        import_plan(tmp_path / "other.docx")


def test_old_formats_say_how_to_save_them(tmp_path):
    (tmp_path / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(PlanError, match=r"an old Word format; open it in Word and save it as a Word Document"):
        import_plan(tmp_path / "plan.doc")


def _edit_table(path, edit):
    """Open a built .docx, change its first table's XML with `edit(rows)`, save it again."""
    import docx
    document = docx.Document(path)
    edit(document.tables[0]._tbl.tr_lst)
    document.save(path)
    return path


def _set(tc, tag: str, value: str | None = None) -> None:
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    tc.get_or_add_tcPr().append(element)


SMALL_PLAN = ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale",
              [["Recommendation", "Action to take", "Lead Agency"],
               ["1. That the police improve.", "Refresher training.", "Northvale Police"],
               ["", "Dip sample forms.", "Northvale Police"]]]


def test_vertical_merges_with_no_cell_above_are_read_not_a_crash(tmp_path):
    """Every row's first cell marked 'continue', the top one included: Word shows one cell, the top one."""
    def every_first_cell_continues(rows):
        for tr in rows:
            _set(tr.tc_lst[0], "w:vMerge")
    path = _edit_table(word_plan(tmp_path / "plan.docx", *SMALL_PLAN), every_first_cell_continues)
    result = import_plan(path)
    assert any("table 1, row 1, column 1 is marked as merged with the cell above, but there is no cell above"
               in note for note in result.notes)
    assert [(x.location.describe(), x.text) for x in result.leftovers] == [
        ("table 1, row 2, column 1", "1. That the police improve.")]          # its own text, hidden by the merge
    actions = result.document.data["recommendations"][0]["actions"]
    assert [a["description"] for a in actions] == ["Refresher training.", "Dip sample forms."]
    code, _out, err = run("check", str(path), "--as-of", "2026-03-31")
    assert code in (0, 1) and "Traceback" not in err


def test_a_merge_continuing_a_column_the_row_above_does_not_start_is_a_cell_of_its_own(tmp_path):
    def misaligned(rows):
        first, second = rows[1].tc_lst[0], rows[1].tc_lst[1]
        _set(first, "w:gridSpan", "2")                    # row 2: columns 1-2 one cell, so none starts at column 2
        rows[1].remove(second)
        _set(rows[2].tc_lst[1], "w:vMerge")
    result = import_plan(_edit_table(word_plan(tmp_path / "plan.docx", *SMALL_PLAN), misaligned),
                         subject="Adult Q")
    assert any(note.startswith("table 1, row 3, column 2 is marked as merged") for note in result.notes)
    assert "Dip sample forms." in {x.text for x in result.leftovers} | {
        a.get("description") for r in result.document.data.get("recommendations", []) for a in r["actions"]}


def test_a_table_row_wider_than_word_allows_is_refused_with_its_place(tmp_path):
    """One cell claiming 100 million columns: python-docx would list it 100 million times."""
    path = _edit_table(word_plan(tmp_path / "plan.docx", *SMALL_PLAN),
                       lambda rows: _set(rows[2].tc_lst[0], "w:gridSpan", "100000000"))
    for command in ("import", "check"):
        done = bounded_dhr_check(command, str(path), "-o" if command == "import" else "--as-of",
                                 str(tmp_path / "plan.yaml") if command == "import" else "2026-03-31")
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert f"{path}:5:1: table 1, row 3 spans more than 63 columns" in done.stdout + done.stderr
    assert not (tmp_path / "plan.yaml").exists()
