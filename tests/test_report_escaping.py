"""Plan text is shown, never obeyed: markup, table pipes and spreadsheet formulas stay plain text in every format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import openpyxl
import pytest

from checker.report.tracker import COLUMNS

from .reporting import AS_OF, run, write_plan

SCRIPT = "<script>document.body.setAttribute('data-pwned','yes')</script>"
DESCRIPTION = (SCRIPT + "</textarea><img src=x onerror=alert(1)> | extra | cell "
               "**bold** _em_ [link](https://evil.example/) bell\a end")
LEAD = "+cmd|' /C calc'!A0"
ADDRESSEE = '=HYPERLINK("https://evil.example/","click")'
SUBJECT = "Adult <b>Z</b> | x"

HOSTILE_PLAN = f"""
review:
  subject: {json.dumps(SUBJECT)}
  community_safety_partnership: "Testshire"
recommendations:
  - number: 1
    text: "# Not a heading\\n- not a list"
    addressed_to: {json.dumps(ADDRESSEE)}
    actions:
      - number: 1
        description: {json.dumps(DESCRIPTION)}
        lead_agency: {json.dumps(LEAD)}
        self_rag: green
        target_date: 2026-04-10
        status: in_progress
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    plan = write_plan(folder, HOSTILE_PLAN)
    outputs = {name: folder / f"report.{name}" for name in ("html", "md", "sarif", "xml", "csv", "xlsx", "json")}
    code, _out, err = run("check", str(plan), "--as-of", AS_OF, *[f"--output={path}" for path in outputs.values()])
    assert code == 1, err
    return outputs


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_html_shows_markup_as_text(reports):
    page = reports["html"].read_text(encoding="utf-8")
    parsed = _Elements()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "textarea" not in parsed.tags
    assert "onerror" not in parsed.attributes
    assert "b" not in parsed.tags
    text = "".join(parsed.text)
    assert SCRIPT in text and "</textarea><img src=x onerror=alert(1)>" in text and SUBJECT in text


def test_markdown_keeps_tables_whole_and_markup_inert(reports):
    markdown = reports["md"].read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown and "\\[link\\](https://evil.example/)" in markdown
    assert "\\*\\*bold\\*\\*" in markdown and "\\_em\\_" in markdown
    for table in _tables(markdown):
        widths = {_cells(line) for line in table}
        assert len(widths) == 1, table           # a pipe in plan text never adds a column
    assert "\n# Not a heading" not in markdown and "\n- not a list" not in markdown


def test_sarif_and_json_hold_the_text_exactly(reports):
    raw = reports["sarif"].read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw       # escaped as \u003c even inside strings
    messages = [r["message"]["text"] for r in json.loads(raw)["runs"][0]["results"]]
    assert any("<script>document.body" in message for message in messages)
    action = json.loads(reports["json"].read_text(encoding="utf-8"))["plans"][0]["recommendations"][0]["actions"][0]
    assert action["description"] == DESCRIPTION and action["lead_agency"] == LEAD


def test_junit_is_well_formed_and_round_trips_the_text(reports):
    raw = reports["xml"].read_text(encoding="utf-8")
    assert "<script" not in raw
    tree = ET.fromstring(raw)
    failures = tree.findall(".//failure")
    assert failures and any("<script>document.body" in failure.get("message") for failure in failures)
    assert tree.find(".//property[@name='subject']").get("value") == SUBJECT


def test_csv_cells_that_could_be_formulas_start_with_an_apostrophe(reports):
    rows = list(csv.reader(io.StringIO(reports["csv"].read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    row = dict(zip(rows[0], rows[-1], strict=True))
    assert row["Lead agency"] == "'" + LEAD
    assert row["Recommendation addressed to"] == "'" + ADDRESSEE
    assert row["What the agency will do"] == DESCRIPTION.replace("\a", "\ufffd")


def test_xlsx_stores_formula_like_text_as_text(reports):
    sheet = openpyxl.load_workbook(reports["xlsx"])["Actions"]
    header = [cell.value for cell in sheet[1]]
    row = {name: cell for name, cell in zip(header, sheet[sheet.max_row], strict=True)}
    for name, expected in [("Lead agency", LEAD), ("Recommendation addressed to", ADDRESSEE)]:
        cell = row[name]
        assert cell.data_type == "s" and cell.value == expected and cell.quotePrefix
    assert row["What the agency will do"].value == DESCRIPTION.replace("\a", "\ufffd")


def _tables(markdown: str) -> list[list[str]]:
    tables, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def _cells(line: str) -> int:
    """Columns in a Markdown table row: pipes not escaped with a backslash."""
    count, escaped = 0, False
    for char in line:
        if char == "|" and not escaped:
            count += 1
        escaped = char == "\\" and not escaped
    return count
