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
from ..report.templating import html_environment
from . import checking
from .worker import Job, Outcome

__all__ = ["environment", "render", "result_page", "TITLES"]

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


def result_page(chosen: checking.CheckSettings, job: Job, outcome: Outcome, pdf_problem: str | None) -> str:
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
                  findings=findings, by_target=by_target, hidden=hidden, job=job, outcome=outcome,
                  about=report["provenance"], pdf_problem=pdf_problem, action_ref=action_ref,
                  recommendation_ref=recommendation_ref, chosen=chosen)


def _target(record: dict) -> str:
    if record["action"] is not None:
        return action_ref(record["recommendation"] or "", record["action"])
    if record["recommendation"] is not None:
        return recommendation_ref(record["recommendation"])
    return "plan"
