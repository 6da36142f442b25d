"""The pages, rendered by Jinja2 with autoescaping, sharing the HTML report's macros, filters and stylesheet.

The result page is drawn from the JSON report `dhr-check check --format json` writes for the
same file and settings, so what the page shows is what the command line reports, finding for finding.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from ..findings import split_message
from ..identifiers import action_ref, recommendation_ref
from ..rag_scale import RAGS
from ..report.templating import html_environment
from .checking import CheckSettings
from .jobs import Job, Outcome

__all__ = ["environment", "render", "result_page", "by_severity", "TITLES"]

TITLES = {400: "The form could not be used", 401: "Access token needed", 404: "No such page",
          405: "Not a way this page can be used", 413: "The file is too large", 422: "The file could not be checked",
          500: "Something went wrong", 503: "Not checked this time"}


@cache
def environment() -> Environment:
    """The web pages' templates, with the report's (`_macros.html.j2`, `_style.css`) and its filters."""
    report = html_environment()
    web = Environment(loader=ChoiceLoader([PackageLoader("checker.web", "templates"),
                                           PackageLoader("checker.report", "templates")]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    web.filters.update(report.filters)
    web.globals.update(report.globals)
    return web


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class FindingView:
    """One finding as the page shows it: the record from the JSON report, in three parts, with its rule."""

    number: int            # 1, 2, ... in the page's list, for links to it
    record: dict
    found: str
    advice: str
    rule: Any              # the rule in force, for its title, rationale and source
    target: str            # 'R2.A1', 'R3', or 'plan'


@dataclass(frozen=True)
class FindingGroup:
    """The findings at one RAG (or the waived ones), in plan order: the page lists the groups worst first,
    so what an agency lead must fix first is at the top."""

    key: str               # 'red', 'amber', ... or 'waived'
    findings: list[FindingView]


def by_severity(findings: list[FindingView]) -> list[FindingGroup]:
    """Findings that count, by RAG in the RAG scale's order (a rating outside it after, by name), each in plan
    order; then those a board waiver takes out of the RAG, which need nothing from the lead now."""
    order = [*RAGS, *sorted({f.record["rag"] for f in findings} - set(RAGS))]
    counted = [f for f in findings if not f.record["waived"]]
    groups = [FindingGroup(rag, [f for f in counted if f.record["rag"] == rag]) for rag in order]
    waived = sorted((f for f in findings if f.record["waived"]), key=lambda f: order.index(f.record["rag"]))
    return [group for group in groups if group.findings] + ([FindingGroup("waived", waived)] if waived else [])


def result_page(chosen: CheckSettings, job: Job, outcome: Outcome, pdf_problem: str | None) -> str:
    """The result page: the JSON report read back, each finding in plain words, the upload in hidden fields."""
    report = json.loads(outcome.report)
    rules = {rule.id: rule for rule in chosen.settings.rules}
    findings = [FindingView(number, record, *split_message(record["message"]), rules.get(record["rule"]),
                            _target(record)) for number, record in enumerate(report["findings"], 1)]
    by_target: dict[str, list[FindingView]] = {}
    for finding in findings:
        by_target.setdefault(finding.target, []).append(finding)
    hidden = {"plan_name": job.plan.name, "plan_data": base64.b64encode(job.plan.data).decode("ascii"),
              "as_of": job.as_of.isoformat(), "agency": job.agency or ""}
    if job.summary is not None:
        hidden.update(summary_name=job.summary.name,
                      summary_data=base64.b64encode(job.summary.data).decode("ascii"))
    return render("result.html.j2", report=report, plan=report["plans"][0] if report["plans"] else None,
                  findings=findings, groups=by_severity(findings), by_target=by_target, hidden=hidden, job=job,
                  outcome=outcome, about=report["provenance"], pdf_problem=pdf_problem, action_ref=action_ref,
                  recommendation_ref=recommendation_ref, chosen=chosen)


def _target(record: dict) -> str:
    if record["action"] is not None:
        return action_ref(record["recommendation"] or "", record["action"])
    if record["recommendation"] is not None:
        return recommendation_ref(record["recommendation"])
    return "plan"
