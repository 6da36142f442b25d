"""JUnit XML as CI dashboards read it: valid against Jenkins' schema, and counts that agree with the elements."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from .common import REPO
from .reporting import AS_OF, run

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "junit-10.xsd")))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("junit")
    (folder / "broken.yaml").write_text("review: [\n")
    path = folder / "report.xml"
    code, _out, err = run("check", str(REPO / "plans"), str(folder / "broken.yaml"), "--as-of", AS_OF,
                          "--output", str(path), "--output", str(folder / "report.json"))
    assert code == 2, err
    return path.read_bytes(), json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_the_report_is_valid_against_the_jenkins_junit_schema(report):
    document = etree.fromstring(report[0])
    assert SCHEMA.validate(document), SCHEMA.error_log


def test_every_finding_is_a_test_case_with_one_failure_or_a_skip(report):
    suites = ET.fromstring(report[0])
    findings = report[1]["findings"]
    failures = suites.findall(".//failure")
    assert len(failures) == sum(1 for f in findings if not f["waived"])
    assert len(suites.findall(".//skipped")) == sum(1 for f in findings if f["waived"])
    assert all(len(case.findall("failure")) <= 1 for case in suites.iter("testcase"))


def test_counts_agree_with_the_elements_they_count(report):
    suites = ET.fromstring(report[0])
    for suite in suites.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))
        assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped"))
    assert int(suites.get("failures")) == len(suites.findall(".//failure")) > 0
    assert int(suites.get("errors")) == len(suites.findall(".//error")) == 1
