"""Every human format says where each finding is (file and line) and what it was based on (the values and as-of date)."""

from __future__ import annotations

import contextlib
import json
import re

import pytest

from .common import REPO
from .reporting import AS_OF, run


@pytest.fixture(scope="module")
def reports():
    with contextlib.chdir(REPO):
        return {form: run("check", "plans", "--as-of", AS_OF, "--format", form)[1]
                for form in ("text", "markdown", "html", "json")}


def test_the_text_report_names_file_and_line_and_the_values_of_every_finding(reports):
    findings = json.loads(reports["json"])["findings"]
    text = " ".join(reports["text"].split())          # wrapped lines joined
    for finding in findings:
        assert f"{finding['rule']} ({finding['file']}:{finding['line']}): " in text, finding["id"]
    assert text.count("Based on: ") == len(findings)
    assert ("Based on: completion date not recorded, status in progress, target date 2025-12-31; as of 2026-03-31."
            in text)


def test_a_waiver_finding_is_located_in_the_waivers_file(reports):
    text = " ".join(reports["text"].split())
    assert re.search(r"DHR-WAIVER-00[12] \(plans/waivers\.yaml:\d+\): ", text)
    assert not re.search(r"DHR-WAIVER-00[12] \(plans/illustrative", text)


def test_markdown_and_html_give_the_basis_and_place_of_every_finding(reports):
    findings = json.loads(reports["json"])["findings"]
    assert reports["markdown"].count("*Based on:*") == len(findings)
    assert reports["html"].count("<dt>Based on</dt>") == len(findings)
    for finding in findings:
        assert f"({finding['file']}, line {finding['line']})" in reports["markdown"]
        assert f"<code>{finding['file']}</code>, line {finding['line']}" in reports["html"]
    assert "self-assessed RAG green, suggested RAG red" in reports["markdown"]


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_the_protective_marking_opens_and_closes_the_text_and_markdown_reports(form):
    with contextlib.chdir(REPO):
        out = run("check", "plans/bolton-adult-a.yaml", "--as-of", AS_OF, "--format", form,
                  "--marking", "OFFICIAL-SENSITIVE")[1]
    lines = [line for line in out.splitlines() if line.strip()]
    marking = "OFFICIAL-SENSITIVE" if form == "text" else "**OFFICIAL-SENSITIVE**"
    assert lines[0] == marking and lines[-1] == marking
    with contextlib.chdir(REPO):
        plain = run("check", "plans/bolton-adult-a.yaml", "--as-of", AS_OF, "--format", form)[1]
    assert "OFFICIAL-SENSITIVE" not in plain
