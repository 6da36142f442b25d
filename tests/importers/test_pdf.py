"""PDF action plans, built with reportlab: the Bolton seed in its published layout, the Home Office template
breaking across pages, locations by page / table / row / column, and hostile PDFs refused within bounds."""

from __future__ import annotations

import datetime as dt
import os
import re
import resource
import subprocess
import sys
import zlib

import pdfplumber
import pytest

from checker.errors import PlanError
from checker.importers import import_plan
from checker.validate import validate_document

from .pdf_builders import bolton_pdf, home_office_pages, home_office_pdf, spanned_pdf
from .test_published_text import ACTION_PLAN

HEADER = "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A"
OPENING = ["Domestic Homicide Review – Adult A", "Multi- Agency Action Plan", "20th July 2015",
           "This Multi-Agency Action plan seeks to address the recommendations made by the Review Panel as set out "
           "in the Overview Report. All actions are agreed at a senior level by the agencies involved and were signed "
           "off by the Community Safety Partnership on 1st April 2014. Progress of the Action Plan will be monitored "
           "by Be Safe Community Safety Partnership"]


def _seed() -> dict:
    return import_plan(ACTION_PLAN, partnership="Bolton").document.data


def _actions(data: dict) -> list[tuple]:
    return [(r["number"], r["text"], a["number"], a["description"], a.get("planned_evidence"), a.get("key_outcomes"))
            for r in data["recommendations"] for a in r.get("actions", [])]


def test_the_bolton_plan_as_a_pdf_gives_what_its_text_gives(tmp_path):
    seed = _seed()
    path = bolton_pdf(tmp_path / "plan.pdf", seed["recommendations"], HEADER, OPENING)
    result = import_plan(path, partnership="Bolton")
    data = result.document.data
    assert len(_actions(data)) == 12
    assert _actions(data) == _actions(seed)                    # every action, its evidence and outcomes, exactly
    assert data["review"] == seed["review"]
    validate_document(result.document)


def test_repeated_headers_and_heading_rows_are_listed_with_their_page(tmp_path):
    path = bolton_pdf(tmp_path / "plan.pdf", _seed()["recommendations"], HEADER, OPENING)
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    result = import_plan(path, partnership="Bolton")
    kinds = {}
    for skipped in result.skipped:
        kinds.setdefault(skipped.kind, []).append(skipped)
    assert [s.location.describe() for s in kinds["page headers"]] == [f"page {n}, line 1" for n in range(1, pages + 1)]
    assert [s.text for s in kinds["page numbers"]] == [f"Page {n}" for n in range(1, pages + 1)]
    headings = kinds["rows of column headings"]
    assert len(headings) == 9 and {s.text for s in headings} == {"Key Actions | Evidence | Key Outcomes | RAG"}
    assert all(re.fullmatch(r"page \d, table \d, row 1", s.location.describe()) for s in headings)
    assert str(headings[0]).startswith(f"{path}:page 1, table 1, row 1: ")


HOME_OFFICE_ROWS = [
    ["1. That Northvale Police improves its risk assessment of domestic abuse victims.", "Local",
     "1. Refresher training on DASH for all response officers\n2. Dip sample DASH forms each quarter\n"
     "3. Report the findings to the partnership",
     "Northvale Police", "Training package agreed - 31/01/2017\nTraining delivered - 31/03/2017\nFirst dip sample\n"
     "30/04/2017", "30/06/2017", "Completed 28/06/2017\nAll response officers trained"],
    ["2. That the partnership keeps the refuge directory current.", "Regional",
     "Action 1 Name an owner for the directory.\nAction 2 Refresh the directory every quarter.", "Northvale CSP",
     "", "31/03/2017", "Ongoing"],
    ["3. That GPs ask about domestic abuse when patients present with injuries.", "Local",
     "Write to every GP practice with the guidance.", "Northvale CCG", "Letter agreed - 28/02/2017",
     "31/03/2017", ""],
] + [[f"{n}. That agencies in Northvale share information about risk {n} with the MARAC promptly.", "Local",
      f"Audit referrals to the MARAC for risk {n}.\nBrief staff on the findings of the audit.", "Northvale CSP",
      "Audit complete - 31/05/2017", "31/07/2017", ""] for n in range(4, 9)]


def _home_office(tmp_path):
    return home_office_pdf(tmp_path / "plan.pdf", HOME_OFFICE_ROWS,
                           ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale",
                            "Plan date: 03/10/2016"])


def test_the_home_office_template_across_pages(tmp_path):
    result = import_plan(_home_office(tmp_path))
    data = result.document.data
    assert data["review"] == {"subject": "Adult Q", "community_safety_partnership": "Northvale",
                              "plan_date": dt.date(2016, 10, 3)}
    recommendations = data["recommendations"]
    assert [r["number"] for r in recommendations] == list(range(1, 9))          # no phantom from the guidance row
    assert [len(r["actions"]) for r in recommendations] == [3, 2, 1, 2, 2, 2, 2, 2]
    first = recommendations[0]
    assert first["scope"] == "local"
    assert first["actions"][0] == {
        "number": 1, "description": "Refresher training on DASH for all response officers",
        "lead_agency": "Northvale Police", "target_date": dt.date(2017, 6, 30),
        "milestones": [{"description": "Training package agreed", "target_date": dt.date(2017, 1, 31)},
                       {"description": "Training delivered", "target_date": dt.date(2017, 3, 31)},
                       {"description": "First dip sample", "target_date": dt.date(2017, 4, 30)}],
        "completion_date": dt.date(2017, 6, 28), "outcome": "All response officers trained"}
    assert first["actions"][2] == {"number": 3, "description": "Report the findings to the partnership",
                                   "lead_agency": "Northvale Police", "target_date": dt.date(2017, 6, 30)}
    assert [a["description"] for a in recommendations[1]["actions"]] == [
        "Name an owner for the directory.", "Refresh the directory every quarter."]
    assert recommendations[1]["actions"][0]["status"] == "ongoing"
    assert result.leftovers == []
    assert sum("holds" in note and "actions" in note for note in result.notes) == 7     # each split is reported
    validate_document(result.document)


def test_the_guidance_row_and_the_heading_row_repeated_on_each_page_are_listed(tmp_path):
    path = _home_office(tmp_path)
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    assert pages >= 2
    result = import_plan(path)
    headings = [s.location.describe() for s in result.skipped if s.kind == "rows of column headings"]
    assert headings == [f"page {n}, table 1, row 1" for n in range(1, pages + 1)]
    guidance = [(s.location.describe(), s.text) for s in result.skipped if "guidance" in s.kind]
    assert guidance[0] == ("page 1, table 1, row 2, column 1", "What is the over-arching recommendation?")
    assert guidance[1] == ("page 1, table 1, row 2, column 2", "Local, regional, or national level?")
    assert len(guidance) == 7


def _words(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'-]*", text)]


def test_every_word_of_the_pdf_is_placed_listed_or_left_over(tmp_path):
    """Conservation, by words: the PDF's words are the words of the plan, the layout listed and the leftovers.

    Only the labels the readers consume ('Action' of 'Action 2', 'Completed' before a date) are not kept, and
    a row's lead agency, given to each action split from its action cell, counts once.
    """
    path = _home_office(tmp_path)
    with pdfplumber.open(path) as pdf:
        source = sorted(word for page in pdf.pages for word in _words(page.extract_text()))
    result = import_plan(path)
    kept: list[str] = []
    data = result.document.data
    for recommendation in data["recommendations"]:
        agencies = {action.pop("lead_agency") for action in recommendation["actions"]}
        kept += [word for agency in agencies for word in _words(agency)]
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            kept += _words(value)
    kept += [word for s in result.skipped for word in _words(s.text.replace(" | ", " "))]
    kept += [word for leftover in result.leftovers for word in _words(leftover.text)]
    consumed = {"action": 2, "completed": 1,                                   # labels of actions and dates
                "domestic": 1, "homicide": 1, "review": 1,                     # the title, read as the subject
                "community": 1, "safety": 1, "partnership": 1, "plan": 1, "date": 1}   # 'Plan date:' and the like
    for word, count in consumed.items():
        kept += [word] * count
    assert sorted(kept) == source


def test_check_and_validate_take_a_pdf(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from checker.cli import main
    _home_office(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", "plan.pdf"])
    assert (validated.exit_code, validated.stdout) == (0, "plan.pdf: valid\n")
    checked = runner.invoke(main, ["check", "plan.pdf", "--as-of", "2017-05-15", "--format", "json"])
    assert checked.exit_code in (0, 1) and '"file": "plan.pdf"' in checked.stdout
    imported = runner.invoke(main, ["import", "plan.pdf", "-o", "plan.yaml"])
    assert imported.exit_code == 0
    assert "plan.pdf:page 1, table 1, row 2, column 1: \"What is the over-arching recommendation?\"" in imported.stdout


def test_a_row_broken_across_pages_is_joined(tmp_path):
    path = home_office_pages(tmp_path / "plan.pdf", [
        [["1. That training reflects this case.", "Local", "Train all staff.", "Northvale CSP", "", "31/03/2017", ""],
         ["2. That the partnership assures itself that victims are", "Local", "Audit the referrals made",
          "Northvale CSP", "Audit agreed - 31/01/2017", "30/04/2017", ""]],
        [["protected by agencies with a domestic abuse policy.", "", "to the MARAC in the last year.\n"
          "Report the findings to the board.", "", "", "", ""],
         ["3. That GPs ask about domestic abuse.", "National", "Write to every GP practice.", "Northvale CCG", "",
          "31/03/2017", ""]]],
        ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale"])
    result = import_plan(path)
    recommendations = result.document.data["recommendations"]
    assert [r["number"] for r in recommendations] == [1, 2, 3]
    assert recommendations[1]["text"] == ("That the partnership assures itself that victims are protected by agencies "
                                          "with a domestic abuse policy.")
    assert [a["description"] for a in recommendations[1]["actions"]] == [
        "Audit the referrals made to the MARAC in the last year.", "Report the findings to the board."]
    assert any("page 2, table 1, row 2 carries on page 1, table 1, row 3" in note for note in result.notes)
    assert result.leftovers == []


def test_cells_merged_down_belong_to_each_row_and_across_count_once(tmp_path):
    path = spanned_pdf(tmp_path / "plan.pdf", [
        ["1. That Northvale Police improves risk assessment.", "Local", "Refresher training on DASH.",
         "Northvale Police", "", "31/03/2017", ""],
        ["", "", "Dip sample DASH forms.", "", "", "30/04/2017", ""],
        ["2. That training reflects this case.", "", "", "", "", "", ""],
        ["", "", "Train staff.", "Northvale CSP", "", "31/03/2017", ""],
        ["3. That GPs ask about domestic abuse.", "National", "Write to GPs.", "Northvale CCG", "", "31/03/2017", ""]],
        [((0, 1), (0, 2)), ((1, 1), (1, 2)), ((3, 1), (3, 2)), ((0, 3), (6, 3))],
        ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale"])
    result = import_plan(path)
    first, second, third = result.document.data["recommendations"]
    assert [(a["description"], a["lead_agency"], a["target_date"]) for a in first["actions"]] == [
        ("Refresher training on DASH.", "Northvale Police", dt.date(2017, 3, 31)),
        ("Dip sample DASH forms.", "Northvale Police", dt.date(2017, 4, 30))]
    assert first["scope"] == "local"
    assert second["text"] == "That training reflects this case." and "scope" not in second   # across: once
    assert [a["description"] for a in second["actions"]] == ["Train staff."]
    assert third["actions"][0]["lead_agency"] == "Northvale CCG"
    assert result.leftovers == []


def test_locations_of_leftovers_name_the_page(tmp_path):
    path = home_office_pdf(tmp_path / "plan.pdf", [["1. That training reflects this case.", "Local", "Train staff.",
                                                    "Northvale CSP", "", "TBC", ""]],
                           ["Domestic Homicide Review – Adult Q", "Community Safety Partnership: Northvale"])
    result = import_plan(path)
    assert [str(leftover).split(": ")[0] for leftover in result.leftovers] == [f"{path}:page 1, table 1, row 3, column 6"]
    # rows counted from the top of the document, as for Word: title, partnership, headings, guidance, the row
    assert result.document.position(("recommendations", 0, "actions", 0)) == (5, 3)
    assert result.document.position(("recommendations", 0, "actions", 0, "lead_agency")) == (5, 4)


def test_a_file_that_is_not_a_pdf(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(PlanError, match=r"plan\.pdf:1:1: this is not a PDF file"):
        import_plan(tmp_path / "plan.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF")
    with pytest.raises(PlanError, match=r"broken\.pdf:1:1: .*export it again as PDF"):
        import_plan(tmp_path / "broken.pdf")


def test_a_pdf_of_too_many_characters_is_refused(tmp_path, monkeypatch):
    from checker.importers import pdf
    path = bolton_pdf(tmp_path / "plan.pdf", _seed()["recommendations"], HEADER, OPENING)
    monkeypatch.setattr(pdf, "MAX_CHARACTERS", 1000)         # the Bolton plan has some 12,000
    with pytest.raises(PlanError, match=r"plan\.pdf:1:1: the PDF holds more than 1,000 characters"):
        import_plan(path, partnership="Bolton")


def test_a_pdf_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    from checker.importers import pdf
    path = bolton_pdf(tmp_path / "plan.pdf", _seed()["recommendations"], HEADER, OPENING)
    monkeypatch.setattr(pdf, "MAX_SECONDS", 0.05)
    with pytest.raises(PlanError, match=r"plan\.pdf:1:1: reading the PDF took more than 0\.05 seconds"):
        import_plan(path, partnership="Bolton")


# Hostile PDFs: each must be refused with a message, never hang or exhaust memory.
HANG_GUARD_SECONDS = 30
LIMIT_BYTES = 1024 * 1024 * 1024


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _bomb(megabytes: int) -> bytes:
    """Spaces, compressed: a few hundred kilobytes that unpack to `megabytes` MB."""
    packer, chunk = zlib.compressobj(9), b" " * (1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def _one_page(stream: bytes, compressed: bool = False) -> bytes:
    """One page whose content stream is `stream` (already compressed when `compressed`)."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if compressed else b"")
                 + stream + b"\nendstream",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def _many_pages(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
                 *pages])


HOSTILE = {
    "unpacks-past-the-bound": (lambda: _one_page(_bomb(256), True), "unpacks to more than"),
    "thousands-of-pages": (lambda: _many_pages(5000), "pages are refused"),
    "a-page-of-megabytes": (lambda: _one_page(b"BT /F1 1 Tf " + b"(xxxxxxxxxx) Tj " * 80_000 + b"ET"),
                            "KB of drawing instructions"),
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pdf_is_refused_within_bounds(tmp_path, name):
    build, expected = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build())
    done = subprocess.run([sys.executable, "-m", "checker", "import", str(path), "-o", str(tmp_path / "plan.yaml")],
                          capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limited,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 2
    assert f"{path}:1:1: " in done.stderr and expected in done.stderr, done.stderr[-2000:]
    assert not (tmp_path / "plan.yaml").exists()
