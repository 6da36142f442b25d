"""Nothing is lost: the words of a source are exactly the words placed in the plan, skipped as layout or left over.

`checker.importers.conservation` compares the words (after normalising whitespace and case) of the
source with the importer's account of it. These tests run it over the published-text, HTML and
review-summary importers: on generated sources (hypothesis), on the Bolton seed and on every real
file in tests/fixtures/real/.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.importers.conservation import unaccounted
from checker.importers.published_text import read_html, read_text
from checker.importers.review_summary import looks_like_summary, read_summary

from ..common import REPO

REAL = REPO / "tests" / "fixtures" / "real"
SEEDS = REPO / "tests" / "fixtures" / "seeds"


def body(path: Path) -> str:
    """A real fixture's text as a person gives it to the tool: its source note (up to '---') removed."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return "\n".join(lines[lines.index("---") + 1:]) if "---" in lines else text


def page_text(html: str) -> str:
    """What a web page says, by lxml's own reading: the oracle for the HTML importer."""
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    return " ".join(root.itertext(tag=lxml.etree.Element))      # no comments


def read(name: str, text: str):
    raw = text.encode("utf-8")
    if name.endswith(".html"):
        return read_html(raw, name)
    return read_summary(raw, name) if looks_like_summary(text) else read_text(raw, name)


def assert_conserved(name: str, text: str, source_words: str | None = None) -> None:
    result = read(name, text)
    lost, invented, bad_paths = unaccounted(source_words if source_words is not None else text, result, name)
    assert (lost, invented, bad_paths) == (Counter(), Counter(), ())


REAL_FILES = sorted(str(path.relative_to(REAL)) for path in REAL.glob("*/*") if path.suffix in (".txt", ".html"))


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_file_is_conserved(name):
    text = body(REAL / name)
    assert_conserved(Path(name).name, text, page_text(text) if name.endswith(".html") else None)


@pytest.mark.parametrize("name", ["bolton-adult-a-action-plan.txt", "bolton-review-summary.txt"])
def test_the_seeds_are_conserved(name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    if name.endswith("plan.txt"):             # its cells hold HTML (<p>, <u>): compare with what they say
        shown = "\n".join(page_text(f"<div>{line}</div>") if "<" in line else line for line in text.split("\n"))
        assert_conserved(name, text, shown)
    else:
        assert_conserved(name, text)


# Generated sources: lines drawn from what real plans hold, in any order, with tabs between cells.
PIECES = [
    "Domestic Homicide Review – Adult A", "Domestic Homicide Review Action Plan - Sarah",
    "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A", "Multi- Agency Action Plan",
    "20th July 2015", "Plan agreed 03/10/2016", "CSP: Bolton", "CSP: Wigan", "DHR: Adult B",
    "Northshire Community Safety Partnership.",
    "The plan was signed off by the Community Safety Partnership on 1st April 2014.",
    "Progress will be monitored by the Safer Board.", "Recommendation 1", "Recommendation 2 That X is done.",
    "Key Actions\tEvidence\tKey Outcomes\tRAG", "Key Actions\tEvidence\tKey Outcomes",
    "Recommendation Scope of recommendation (i.e. local or regional) Action to take Lead Agency Target Date",
    "Recommendation\tScope of recommendation\tAction to take\tLead Agency\tTarget Date\tDate of completion and outcome",
    "Action 1 Review the policy", "Action 2 Train staff", "1. Ensure both authorities agree",
    "2. All partners publish a policy", "• Bassetlaw District Council", "a) The partnership should act.",
    "b) Practitioners are trained.", "Local", "Regional", "Ongoing", "Amber", "Green-ish", "By 31/01/2017",
    "31/03/2017", "TBC", "Apr-21", "Nottinghamshire Police", "Evidence Letter to the Home Office",
    "Key Outcomes Fewer repeat incidents", "Completed 28/03/2017", "12/01/2017: training delivered",
    "Refresher training on DASH.", "That the partnership reviews its policy.", "Note that:",
    "Ref\tAction\tLead agency\tTarget date", "R2.A1\tDo the thing\tPolice\t31/01/2017", "2.1", "R2.A1",
    "Rec No\tRecommendation\tAction\tRAG", "3\tThat Y.\tDo Z\tRed", "Question one?\tQuestion two?",
]
WORDS = st.text(alphabet="abcdefgh ABCxyz0123456789.,:-()", min_size=1, max_size=20)
CELL = st.one_of(st.sampled_from(PIECES), WORDS)
LINE = st.one_of(st.sampled_from(PIECES), st.lists(CELL, min_size=1, max_size=6).map("\t".join), st.just(""))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=25))
def test_published_text_is_conserved(lines):
    assert_conserved("plan.txt", "\n".join(lines))


SUMMARY_PIECES = [
    "CSP: Kent", "Year of death: 2018", "Published: December 2022", "Extracted: 4 recs", "Kent review",
    "CSP: Kent Published: December 2022 Year of death: 2018 Extracted: 4 recs", "Summary",
    "View full report (PDF) ↗ Source: Home Office DHR Library", "Source: Home Office DHR Library",
    "| # | Recommendation | Addressed to |", "|---|---|---|", "| 5.1 | That the GP acts. | GP practice |",
    "| 2 | That agencies act. | Southampton CCG | other agencies |", "| 1 | Cut short wit",
    "| Recommendations extracted from the published report. Source: Home Office DHR Librar",
    "# Recommendation Addressed to", "4.1.12 The Police should act. Police | Office for the PCC",
    "2a Any threat must be reviewed by an inspector Metropolitan Police Service", "17.1.3 Current work to",
    "16 recommendations pulled from the report", "Statutory domestic homicide review under section 9.",
]
SUMMARY_LINE = st.one_of(st.sampled_from(SUMMARY_PIECES), WORDS, st.just(""))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SUMMARY_LINE, max_size=20))
def test_review_summary_is_conserved(lines):
    text = "\n".join(["| # | Recommendation | Addressed to |", *lines])     # always read as a summary
    assert_conserved("summary.txt", text)


HTML_CELL = st.one_of(
    st.sampled_from(PIECES).map(lambda text: text.replace("\t", " ")), WORDS,
    st.lists(st.sampled_from(["Ensure both agree", "Publish a policy", "Ongoing", "31/03/2017"]), min_size=1,
             max_size=3).map(lambda items: "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"),
    st.lists(WORDS, min_size=1, max_size=3).map(lambda ps: "".join(f"<p>{p}</p>" for p in ps)))
HTML_ROW = st.tuples(st.lists(HTML_CELL, min_size=1, max_size=7),
                     st.sampled_from(["", ' rowspan="2"', ' colspan="2"']))
HEADINGS = ("<tr><th>Recommendation</th><th>Scope of recommendation</th><th>Action to take</th>"
            "<th>Lead Agency</th><th>Target Date</th><th>Date of completion and outcome</th></tr>")


def _html(paragraphs, rows, headed) -> str:
    cells = "".join(f"<tr>{''.join(f'<td{span if i == 0 else chr(32)}>{c}</td>' for i, c in enumerate(row))}</tr>"
                    for row, span in rows)
    return ("<html><head><title>Action plan</title></head><body>"
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + f"<table>{HEADINGS if headed else ''}{cells}</table></body></html>")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES).map(lambda t: t.replace("\t", " ")), max_size=6),
       st.lists(HTML_ROW, max_size=6), st.booleans())
@example([], [(["Domestic Homicide Review – Adult A"], ""), (["Action 1 Review the policy"], ' rowspan="2"'),
              (["Progress will be monitored by the Safer Board."], "")], False)   # a spanned self-labelled cell
def test_html_is_conserved(paragraphs, rows, headed):
    html = _html(paragraphs, rows, headed)
    assert_conserved("plan.html", html, page_text(html))


SPANNED_HTML = """<html><body><p>Recommendation 1 That Northvale Police improves risk assessment.</p><table>
<tr><td rowspan="2">Key Actions Refresher training on DASH.</td><td>Evidence Training plan</td></tr>
<tr><td>Key Outcomes All response officers trained</td></tr>
<tr><td>Key Actions Dip sample DASH forms.</td><td rowspan="2">Evidence Letter to the Home Office</td></tr>
<tr><td>Key Actions Audit the referral forms.</td></tr>
</table></body></html>"""


def _spanned_word_plan(path: Path) -> Path:
    """SPANNED_HTML as a Word document: the same cells merged down (vMerge) instead of rowspan."""
    from .builders import Merge, word_plan

    return word_plan(path, "Recommendation 1 That Northvale Police improves risk assessment.", [
        ["Key Actions Refresher training on DASH.", "Evidence Training plan"],
        [Merge.DOWN, "Key Outcomes All response officers trained"],
        ["Key Actions Dip sample DASH forms.", "Evidence Letter to the Home Office"],
        ["Key Actions Audit the referral forms.", Merge.DOWN]])


@pytest.mark.parametrize("form", ["html", "docx"])
def test_a_cell_spanning_rows_of_cells_named_by_their_column_is_read_once_and_shown_in_each(tmp_path, form):
    """A cell starting with its column's name ("Key Actions ...", "Evidence ...") spanning two rows: an action
    spanning two rows is one action, not a second copy of it; evidence spanning two actions is each one's; and
    the cell's words are accounted once, as for any other merged cell."""
    from checker.importers.docx import read_docx

    if form == "html":
        name, result, text = "plan.html", read_html(SPANNED_HTML.encode(), "plan.html"), page_text(SPANNED_HTML)
    else:
        path = _spanned_word_plan(tmp_path / "plan.docx")
        name, result = "plan.docx", read_docx(path.read_bytes(), "plan.docx")
        text = page_text(SPANNED_HTML)                   # the same words; Word shows a merged cell's text once
    assert [(a["description"], a.get("planned_evidence"), a.get("key_outcomes"))
            for a in result.document.data["recommendations"][0]["actions"]] == [
        ("Refresher training on DASH.", ["Training plan"], ["All response officers trained"]),
        ("Dip sample DASH forms.", ["Letter to the Home Office"], None),
        ("Audit the referral forms.", ["Letter to the Home Office"], None)]
    assert unaccounted(text, result, name) == (Counter(), Counter(), ())


def test_the_word_and_csv_importers_keep_the_same_account(tmp_path):
    """The mechanism is shared: a Word plan (merged cells, several dates in a cell) and a CSV tracker."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from checker.importers.docx import read_docx
    from checker.importers.tracker import read_csv

    from .test_docx import home_office_plan

    path = home_office_plan(tmp_path / "plan.docx")
    document = docx.Document(str(path))
    paragraphs = [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]   # each once
    assert unaccounted("\n".join(paragraphs), read_docx(path.read_bytes(), "plan.docx"), "plan.docx") == (
        Counter(), Counter(), ())
    text = ("CSP:;Southmoor\nDHR:;Adult R\nRef;Recommendation;Key action;Responsible;Due;RAG;Board notes\n"
            "R1.A2;That Southmoor Police trains staff;Train staff;Police;31/01/2017;A;x\n"
            "R1.A1;;Audit forms;Police;Apr-21;Amber;y\n3;;;;;;\n")
    assert unaccounted(text, read_csv(text.encode(), "tracker.csv"), "tracker.csv") == (Counter(), Counter(), ())


@pytest.mark.parametrize("form", ["docx", "xlsx"])
def test_the_home_office_template_is_conserved(tmp_path, form):
    """Guidance row, several actions in one cell, milestones with dates, the response ('Accepted - 12/10/2016'
    read as accepted and a date) and 'Date of completion and outcome': every word of the template is accounted."""
    from checker.importers import import_plan

    from .builders import word_plan, workbook
    from .test_home_office_template import GUIDANCE, HEADINGS, OPENING, ROWS

    if form == "docx":
        path = word_plan(tmp_path / "plan.docx", *OPENING, [HEADINGS, GUIDANCE, *ROWS])
        text = "\n".join(OPENING + ["\t".join(row) for row in (HEADINGS, GUIDANCE, *ROWS)])
    else:
        opening = [["CSP:", "Northvale"], ["DHR:", "Adult Q"]]
        path = workbook(tmp_path / "plan.xlsx", {"Actions": [*opening, HEADINGS, GUIDANCE, *ROWS]})
        text = "\n".join("\t".join(row) for row in (*opening, HEADINGS, GUIDANCE, *ROWS))
    result = import_plan(path)
    assert unaccounted(text, result, str(path)) == (Counter(), Counter(), ())
