"""The PDF board report read back with pypdf: A4 pages, numbered, dated and marked; a two-page summary.

Also the print settings the HTML report carries (the PDF is that page laid out by WeasyPrint), the
--marking and --summary-only options, and the clear stop when the PDF engine is not installed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from checker.check import RunResult
from checker.cli import main
from checker.errors import DhrCheckError
from checker.provenance import RunSettings, provenance
from checker.report import pdf

from .common import REPO
from .reporting import AS_OF, run, without_source_date_epoch

try:
    pdf.require_engine()
    ENGINE_MISSING = None
except DhrCheckError as error:      # WeasyPrint is in the test extra; Pango comes from the system
    ENGINE_MISSING = f"{error} (.ci/run installs Pango when it is missing)"

MARKING = "OFFICIAL-SENSITIVE"
# The layout is under test, not the shipped rules: the bundled plans checked with the small fixture rule set.
SMALL = ("--rules", "tests/fixtures/rules-small", "--config", "tests/fixtures/settings-plain.yaml")
A4 = (595.3, 841.9)        # points


@pytest.fixture(scope="module", autouse=True)
def engine():
    if ENGINE_MISSING:
        pytest.fail(ENGINE_MISSING, pytrace=False)


def write_report(folder, name, *extra):
    path = folder / name
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--output", str(path), *extra,
                             env=without_source_date_epoch())
    assert code == 1, err                      # the bundled plans have red findings
    assert out == ""
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return {"full": PdfReader(write_report(folder, "report.pdf", "--marking", MARKING)),
            "summary": write_report(folder, "summary.pdf", "--marking", MARKING, "--summary-only"),
            "folder": folder}


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_full_report_pages_are_a4_numbered_dated_and_marked(reports):
    reader = reports["full"]
    texts = page_texts(reader)
    assert len(texts) > 2
    for number, (page, text) in enumerate(zip(reader.pages, texts), start=1):
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
        assert f"Page {number} of {len(texts)}" in text
        assert text.count(MARKING) >= 2                       # top and foot of every page
        assert "As of 31 March 2026" in text


def test_summary_fits_on_two_pages_without_per_finding_detail(reports):
    reader = PdfReader(reports["summary"])
    texts = page_texts(reader)
    text = " ".join(texts)
    assert len(texts) <= 2
    assert "As of 31 March 2026" in texts[0] and MARKING in texts[0]
    for heading in ("At a glance", "Self-assessed RAG better than the evidence supports", "Suggested RAG by plan",
                    "Suggested RAG by recommendation", "Due in the next 30 days"):
        assert heading in text
    assert "Expectation not met" not in text               # no finding block
    assert "What the agency will do" not in text           # no plan's action table
    full = " ".join(page_texts(reports["full"]))
    assert "Expectation not met" in full and "What the agency will do" in full


def test_same_inputs_give_the_same_pdf_bytes(reports):
    again = write_report(reports["folder"], "again.pdf", "--marking", MARKING, "--summary-only")
    assert again.read_bytes() == reports["summary"].read_bytes()


def test_pdf_engine_fetches_nothing(tmp_path, monkeypatch):
    """An image the page asks for, a real file on disk, is refused: the PDF holds only what the report says."""
    from PIL import Image

    picture = tmp_path / "picture.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    page = (f'<html><body><p>Only this text.</p><img src="{picture.as_uri()}">'
            '<img src="http://127.0.0.1:9/x.png"></body></html>')
    monkeypatch.setattr(pdf.html, "render", lambda result: page)
    result = RunResult(dt.date(2026, 3, 31), [])
    out = tmp_path / "page.pdf"
    out.write_bytes(pdf.render(result))
    reader = PdfReader(out)
    assert "Only this text." in reader.pages[0].extract_text()
    assert list(reader.pages[0].images) == []


def test_missing_engine_stops_before_the_run_naming_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)          # import weasyprint raises ImportError
    with contextlib.chdir(REPO):
        code, _out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--output",
                              str(tmp_path / "report.pdf"))
    assert code == 2
    assert pdf.INSTALL in err
    assert not (tmp_path / "report.pdf").exists()
    assert "Traceback" not in err


def test_pdf_goes_to_a_pipe_as_bytes():
    with contextlib.chdir(REPO):
        result = CliRunner().invoke(main, ["check", "plans/", *SMALL, "--as-of", AS_OF, "--format", "pdf",
                                           "--summary-only"])
    assert result.exit_code == 1, result.stderr      # click's runner is not a terminal, so the PDF is written
    assert result.stdout_bytes.startswith(b"%PDF-")


def test_marking_is_recorded_in_the_provenance_and_the_command():
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--format", "json",
                             "--marking", "  OFFICIAL  ",
                             env=without_source_date_epoch())
    assert code == 1, err
    about = json.loads(out)["provenance"]
    assert about["marking"] == "OFFICIAL"
    assert "--marking OFFICIAL" in about["command"]


@pytest.mark.parametrize("marking", ["OFFICIAL\nSENSITIVE", "OFFICIAL\x1b[2J", "\u202eOFFICIAL", "   ", "X" * 101])
def test_a_marking_that_cannot_be_printed_as_one_line_is_refused(marking):
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--marking", marking)
    assert code == 2
    assert out == ""
    assert "--marking must be" in err and "OFFICIAL-SENSITIVE" in err       # says what to give instead


def test_summary_only_needs_an_html_or_pdf_report():
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--summary-only")
    assert code == 2
    assert "--summary-only shapes the HTML and PDF reports" in err and out == ""


def html_report(*extra):
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans/", *SMALL, "--as-of", AS_OF, "--format", "html", *extra,
                             env=without_source_date_epoch())
    assert code == 1, err
    return out


def test_print_css_asks_for_a4_numbered_pages_and_keeps_headings_with_rows():
    page = html_report("--marking", MARKING)
    assert "size: A4" in page
    assert 'counter(page) " of " counter(pages)' in page
    assert re.search(r"h2, h3[^{]*\{ break-after: avoid; \}", page)
    assert "tr.recommendation { break-after: avoid; }" in page
    assert re.search(r"\.finding, tr[^{]*\{ break-inside: avoid; \}", page)
    assert page.count('<tr class="recommendation"') > 0


def test_marking_cannot_break_out_of_the_page_style():
    """The marking goes into CSS strings in a <style> element: quotes, backslashes and tags stay text."""
    marking = 'A"B\\C</style><script>alert(1)</script>'
    page = html_report("--marking", marking)
    style = page[page.index("<style>"):page.index("</style>")]
    assert "<script" not in page.lower()
    assert "<" not in style.replace("<style>", "")
    assert "@top-center { content: \"A\\000022B\\00005cC\\00003c\\00002fstyle" in style
    assert 'id="marking">A&#34;B\\C&lt;/style&gt;&lt;script&gt;' in page


def test_summary_only_html_has_no_plan_detail_and_no_broken_link():
    page = html_report("--summary-only")
    assert 'class="plan"' not in page and 'class="finding' not in page
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert all(link in ids for link in links)
    assert "--summary-only" in page                         # in the command that repeats the run


def test_the_engine_settings_are_recorded_for_a_pdf_run_too():
    settings = RunSettings(marking=MARKING, summary_only=True)
    result = RunResult(dt.date(2026, 3, 31), [], settings=settings)
    about = provenance(result)
    assert about.marking == MARKING and about.summary_only
    assert about.command.endswith("--marking OFFICIAL-SENSITIVE --summary-only")
