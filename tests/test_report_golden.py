"""Every report format on the bundled plans, byte for byte, from one multi-format run.

Regenerate after an intended change with `DHR_REGENERATE_GOLDEN=1 python -m pytest tests/test_report_golden.py`
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import openpyxl
import pytest

from checker.report import FORMATS

from .common import REPO
from .reporting import AS_OF, LAST_QUARTER, golden_bytes, run, without_source_date_epoch

GOLDEN = REPO / "tests" / "golden"

EXTENSIONS = {f.name: f.extensions[0].removeprefix(".") for f in FORMATS.values() if f.name != "pdf"}
"""Each format's golden file ending; PDF (an optional extra, WeasyPrint) is compared in test_report_pdf.py."""
AGENCY = "Westvale Police"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """One quarterly run over plans/ writing every format at once, as a partnership officer would."""
    folder = tmp_path_factory.mktemp("reports")
    outputs = [f"--output={folder / f'report.{extension}'}" for extension in EXTENSIONS.values()]
    with contextlib.chdir(REPO):
        code, out, err = run("check", "plans", "--as-of", AS_OF, *outputs, env=without_source_date_epoch())
    assert code == 1, err                               # the bundled plans have red findings
    assert out == ""                                    # with --output and no --format, the terminal is quiet
    assert err.count("dhr-check: wrote ") == len(EXTENSIONS)
    return folder


@pytest.mark.parametrize("report_format", sorted(set(EXTENSIONS) - {"xlsx"}))
def test_each_format_is_exactly_the_golden_file(reports, report_format):
    extension = EXTENSIONS[report_format]
    actual = (reports / f"report.{extension}").read_bytes()
    assert actual == golden_bytes(f"plans-{AS_OF}.{extension}", actual)


def test_workbook_content_is_exactly_the_golden_dump(reports):
    """The XLSX as text (every cell's value, type and fill), so a change reads as a diff."""
    dump = xlsx_dump(reports / "report.xlsx").encode("utf-8")
    assert dump == golden_bytes(f"plans-{AS_OF}.xlsx.txt", dump)


def test_stdout_and_file_agree_when_format_is_given_too(reports, tmp_path):
    with contextlib.chdir(REPO):
        code, out, _err = run("check", "plans", "--as-of", AS_OF, "--format", "markdown",
                              "--output", str(tmp_path / "also.html"), env=without_source_date_epoch())
    assert code == 1
    assert out.encode("utf-8") == (reports / "report.md").read_bytes()
    assert (tmp_path / "also.html").read_bytes() == (reports / "report.html").read_bytes()


def test_agency_report_is_exactly_the_golden_file(tmp_path):
    with contextlib.chdir(REPO):
        code, out, _err = run("check", "plans", "--as-of", AS_OF, "--agency", AGENCY.upper(), "--format", "markdown",
                              env=without_source_date_epoch())
    assert code == 1
    actual = out.encode("utf-8")
    assert actual == golden_bytes(f"plans-{AS_OF}-westvale-police.md", actual)


@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("quarters")
    with contextlib.chdir(REPO):
        for as_of, name in [(LAST_QUARTER, "last-quarter.json"), (AS_OF, "this-quarter.json")]:
            code, _out, err = run("check", "plans", "--as-of", as_of, "--output", str(folder / name),
                                  env=without_source_date_epoch())
            assert code == 1, err
    return folder


@pytest.mark.parametrize("report_format, extension", [("text", "txt"), ("markdown", "md"), ("html", "html"),
                                                     ("json", "json")])
def test_diff_is_exactly_the_golden_file(two_quarters, report_format, extension):
    with contextlib.chdir(two_quarters):
        code, out, err = run("diff", "last-quarter.json", "this-quarter.json", "--format", report_format)
    assert code == 0, err
    actual = out.encode("utf-8")
    assert actual == golden_bytes(f"diff-{LAST_QUARTER}-{AS_OF}.{extension}", actual)


def xlsx_dump(path: Path) -> str:
    workbook = openpyxl.load_workbook(path)
    properties = workbook.properties
    lines = [f"created {properties.created.isoformat()} modified {properties.modified.isoformat()} "
             f"creator {properties.creator}"]
    for sheet in workbook.worksheets:
        lines += ["", f"== {sheet.title} (frozen at {sheet.freeze_panes}, filter {sheet.auto_filter.ref})"]
        for row in sheet.iter_rows():
            cells = []
            for cell in row:
                if cell.value is None:
                    cells.append("-")
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
                style = f"[{cell.data_type}{' fill ' + fill[-6:] if fill else ''}]"
                cells.append(f"{cell.value!r}{style}")
            lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("golden", ["plans-2026-03-31.md", "plans-2026-03-31-westvale-police.md"])
def test_rendered_markdown_has_one_list_item_per_finding(golden):
    """Read as a Markdown renderer reads it (markdown-it-py, CommonMark), not only byte for byte."""
    from markdown_it import MarkdownIt
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    finding_items = [tokens[i + 2].content for i, token in enumerate(tokens[:-2])
                     if token.type == "list_item_open" and tokens[i + 2].content.startswith("**")]
    findings_written = text.count("- **RED** ") + text.count("- **AMBER** ")      # glued or not
    assert len(finding_items) == findings_written > 0
    assert all(item.count("*Expectation not met:*") == 1 for item in finding_items)
