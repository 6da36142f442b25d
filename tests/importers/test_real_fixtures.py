"""What must come through from each real file in tests/fixtures/real/ (see its README: each is cut short).

The Bassetlaw "Sarah" page (text copied from the web page, and its HTML reconstruction) gives
recommendation 1, parts a and b, with its 3 numbered actions, the third cut short where the copy
ends. Every summary row whose cells are separated comes through exactly: identifier as written,
text, every addressee. Rows of the browser copies whose text and addressee run together are kept
whole, with no addressee, and said so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.errors import PlanError
from checker.importers import import_plan
from checker.validate import validate_document

from ..common import REPO
from ..test_real_identifiers import FLATTENED, visible_rows
from .test_conservation import body

REAL = REPO / "tests" / "fixtures" / "real"
SUMMARIES = sorted(path.name for path in (REAL / "summaries").glob("*.txt"))

PART_A = ("a) Bassetlaw, Newark and Sherwood Community Safety Partnership should assure itself that domestic abuse "
          "victims are protected through agencies demonstrating an effective domestic abuse policy.")
PART_B = ("b) This should include that practitioners who come into contact with potential domestic abuse survivors "
          "are trained and use the DASH risk assessment tool.")
ACTIONS = [
    "Ensure both local authorities are aware of the joint Safeguarding policy",
    "All partners ensure they have an internal DA Policy with a clear definition, referral pathways and consider a "
    "set of common minimum standards",
    "Include a set agenda item at the JSG/Partnership Delivery Group as a reminder for all individual organisations "
    "around their responsibility regarding th",                                  # where the stored copy ends
]


def given(tmp_path: Path, folder: str, name: str) -> Path:
    """The real file as a person would save it: without the fixture's source note."""
    path = tmp_path / name
    path.write_text(body(REAL / folder / name), encoding="utf-8")
    return path


@pytest.mark.parametrize("folder, name", [("plans", "bassetlaw-sarah-action-plan.txt"),
                                          ("reconstructed", "bassetlaw-sarah-reconstructed.html")])
def test_bassetlaw_gives_recommendation_1_parts_a_and_b_with_its_3_numbered_actions(tmp_path, folder, name):
    result = import_plan(given(tmp_path, folder, name))
    data = result.document.data
    assert data["review"] == {"subject": "Sarah", "community_safety_partnership": "Bassetlaw Newark and Sherwood",
                              "monitored_by": "Community Safety Partnership"}
    [recommendation] = data["recommendations"]
    assert recommendation["number"] == 1 and recommendation["text"] == f"{PART_A}\n{PART_B}"
    assert [(a["number"], a["description"]) for a in recommendation["actions"]] == list(enumerate(ACTIONS, 1))
    assert set(recommendation) == {"number", "text", "actions"}                 # nothing invented
    assert any("recommendation 1" in note for note in result.notes)             # numbered by order, and said so
    splits = [note for note in result.notes if "R1.A" in note]
    assert splits and all("list" in note for note in splits)                   # each split is reported
    [headings] = [x for x in result.skipped if x.kind == "rows of column headings"]
    assert "Action to take" in headings.text and "Date of completion and outcome" in headings.text
    assert "Bassetlaw District Council" in [x.text.lstrip("• ") for x in result.leftovers]
    validate_document(result.document)


def _rows(result) -> list[tuple[str, list[str], str]]:
    rows = []
    for published in result.document.data["review"]["published_recommendations"]:
        addressed = published.get("addressed_to", [])
        rows.append((str(published["number"]), [addressed] if isinstance(addressed, str) else addressed,
                     published["text"]))
    return rows


def _pipe_texts(path: Path) -> list[str]:
    texts = []
    for line in body(path).split("\n"):
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if line.startswith("| ") and len(cells) >= 2 and re.fullmatch(r"[A-Za-z]?\d[\w.]*", cells[0]):
            texts.append(cells[1].rstrip(" |"))
    return texts


@pytest.mark.parametrize("name", [n for n in SUMMARIES if n not in FLATTENED])
def test_every_row_of_a_pipe_table_comes_through_exactly_with_all_its_addressees(tmp_path, name):
    result = import_plan(given(tmp_path, "summaries", name), subject="Adult X")
    rows = _rows(result)
    assert [(number, addressees) for number, addressees, _ in rows] == visible_rows(REAL / "summaries" / name)
    assert [text for _, _, text in rows] == _pipe_texts(REAL / "summaries" / name)
    validate_document(result.document)


@pytest.mark.parametrize("name", sorted(FLATTENED))
def test_the_browser_copy_is_read_as_a_summary_and_never_guesses_an_addressee(tmp_path, name):
    result = import_plan(given(tmp_path, "summaries", name), subject="Adult X")
    rows = _rows(result)
    assert [number for number, _, _ in rows] == [number for number, _ in FLATTENED[name]]
    run_together = " ".join(note for note in result.notes if "run together" in note)
    for (number, addressees, text), (_, expected) in zip(rows, FLATTENED[name]):
        if addressees:
            assert addressees == expected                                         # split at a full stop
            assert not text.endswith(expected[-1])
        else:                                                                     # kept whole, and said so
            assert f"({number})" in run_together
            assert not expected or text.endswith(expected[-1])
    validate_document(result.document)


def test_the_browser_copies_separate_most_rows_at_a_full_stop(tmp_path):
    split = {name: [n for n, addressees, _ in _rows(import_plan(given(tmp_path, "summaries", name), subject="X"))
                    if addressees] for name in FLATTENED}
    assert split == {"gloucestershire-68f9f701.txt": ["4.1.12", "4.1.15", "4.1.16"], "hackney-644a671a.txt": [],
                     "kent-6391f1a0.txt": ["1", "2"], "liverpool-67d2e7fd.txt": ["17.1.1", "17.1.2"]}


def test_per_agency_numbering_is_recognised(tmp_path):
    result = import_plan(given(tmp_path, "summaries", "liverpool-64be8fe3.txt"), subject="Adult X")
    assert result.document.data["review"]["numbering"] == "per_agency"
    assert any("numbers repeat (1)" in note for note in result.notes)
    plan = validate_document(result.document)
    assert [plan.key(p) for p in plan.review.published_recommendations][:3] == [
        "1 (Merseyside Police)", "1 (South Liverpool Homes)", "1 (GP Practice)"]


@pytest.mark.parametrize("name", SUMMARIES)
def test_the_pages_count_is_checked_against_the_rows_read(tmp_path, name):
    result = import_plan(given(tmp_path, "summaries", name), subject="Adult X")
    count = int(re.search(r"Extracted: (\d+) recs", body(REAL / "summaries" / name)).group(1))
    read = len(result.document.data["review"]["published_recommendations"])
    notes = [note for note in result.notes if "were extracted" in note]
    assert notes == ([] if count == read else [note for note in notes if f"{count} recommendations" in note
                                               and f"but {read} rows were read" in note])
    assert len(notes) == (count != read)


@pytest.mark.parametrize("folder, name", [("summaries", n) for n in SUMMARIES] + [
    ("plans", "bassetlaw-sarah-action-plan.txt"), ("reconstructed", "bassetlaw-sarah-reconstructed.html")])
def test_no_real_file_gives_a_plan_without_what_the_document_names(tmp_path, folder, name):
    """A summary alone needs its subject; the hint for it never offers a name from elsewhere."""
    path = given(tmp_path, folder, name)
    try:
        result = import_plan(path)
    except PlanError as error:
        text = body(REAL / folder / name)
        for problem in error.problems:
            for suggested in re.findall(r'--(?:partnership|subject) "([^"]+)"', problem.message):
                assert suggested == "NAME" or suggested in text
        return
    assert result.document.data["recommendations"] and all(r.get("actions")
                                                           for r in result.document.data["recommendations"])
