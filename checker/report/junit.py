"""The run as JUnit XML, so CI dashboards show each plan as a suite and each finding as a failed test.

One test case per finding, holding exactly one failure (its type is the suggested RAG), or
one skipped element when a board waiver covers it; a rule with no finding on the plan is one
passing test case. Consumers read only the first failure of a test case, so one per case is
the only way every finding is seen, and the suite's counts then agree with its elements.
A file that could not be checked is a suite with one error. Plan text goes in through
ElementTree, which escapes it, after characters XML cannot hold at all are replaced. The
output validates against Jenkins' junit-10.xsd (tests/schemas/).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..results import PlanResult, RunResult
from ..errors import Problem
from ..findings import Finding
from ..provenance import Provenance, provenance
from ..rules import Rule
from .escape import xml_text

__all__ = ["render"]


def render(result: RunResult) -> str:
    about = provenance(result)
    suites = ET.Element("testsuites", name=f"dhr-check as of {result.as_of.isoformat()}")
    for plan in result.plans:
        suites.append(_plan_suite(plan, result.rules, about))
    for file in dict.fromkeys(problem.file for problem in result.errors):
        suites.append(_unreadable_suite(file, [p for p in result.errors if p.file == file], about))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in suites:
        for key in totals:
            totals[key] += int(suite.attrib[key])   # every suite is written with its counts
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _plan_suite(plan: PlanResult, rules: list[Rule], about: Provenance) -> ET.Element:
    suite = ET.Element("testsuite", name=_text(plan.plan_id), file=_text(plan.file))
    _properties(suite, about, [("plan_file", plan.file), ("plan_sha256", plan.sha256),
                               ("suggested_rag", plan.rating.rag), ("subject", plan.subject),
                               ("community_safety_partnership", plan.partnership)])
    for rule in rules:
        findings = [f for f in plan.findings if f.rule == rule.id]
        if not findings:
            ET.SubElement(suite, "testcase", classname=_text(plan.plan_id), name=_text(f"{rule.id}: {rule.title}"))
        for finding in findings:
            case = ET.SubElement(suite, "testcase", classname=_text(plan.plan_id),
                                 name=_text(f"{rule.id}: {finding.subject}"))
            if finding.waiver is None:
                failure = ET.SubElement(case, "failure", message=_text(finding.message), type=finding.rag)
                failure.text = _text(_details(finding, rule))
            else:
                w = finding.waiver
                ET.SubElement(case, "skipped", message=_text(f"waived until {w.expires_on} by {w.approved_by}: "
                                                             f"{w.reason}"))
    _count(suite)
    return suite


def _unreadable_suite(file: str, problems: list[Problem], about: Provenance) -> ET.Element:
    suite = ET.Element("testsuite", name=_text(file), file=_text(file))
    _properties(suite, about, [])
    case = ET.SubElement(suite, "testcase", classname=_text(file), name="The plan file can be read and is valid")
    error = ET.SubElement(case, "error", message=_text(problems[0].message), type="not checked")
    error.text = _text("\n".join(str(problem) for problem in problems))
    _count(suite)
    return suite


def _properties(suite: ET.Element, about: Provenance, own: list[tuple[str, str]]) -> None:
    properties = ET.SubElement(suite, "properties")
    run = [("as_of", about.as_of), ("tool", f"{about.tool} {about.version}"), ("command", about.command),
           ("rule_set_sha256", about.rule_set_sha256)]
    run += [("agency", about.agency)] if about.agency else []
    run += [("generated_at", about.generated_at)] if about.generated_at else []
    run += [(f"rule_sha256:{rule['id']}", rule["sha256"]) for rule in about.rules]
    for name, value in run + own:
        ET.SubElement(properties, "property", name=name, value=_text(value))


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
    suite.set("errors", str(sum(1 for case in cases if case.find("error") is not None)))
    suite.set("skipped", str(sum(1 for case in cases if case.find("skipped") is not None)))


def _details(finding: Finding, rule: Rule) -> str:
    return "\n".join([f"{finding.rag.upper()}: {finding.subject}", finding.message,
                      f"Where: {finding.file}, line {finding.line}", f"Why: {rule.rationale}",
                      f"Source: {rule.source}", f"Finding id: {finding.identity}"])


def _text(value: str) -> str:
    return xml_text(str(value))
