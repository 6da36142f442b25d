"""Read a plan file and validate it, turning every defect into a `file:line:col` sentence (see `problems`).

pydantic's own messages speak of "loc" tuples and model names; the people who
write plans need the line, the field and what to write instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .errors import PlanError, Problem
from .load import PLAN, PLAN_SUFFIXES, Document, YamlProblem, read_yaml
from .model import Plan
from .problems import model_of, show_value, validation_problem, where_shown

__all__ = ["MAX_PLAN_VALUES", "MAX_PROBLEMS", "load_plan", "model_of", "show_value", "validate_document"]

MAX_PLAN_VALUES = 20_000
"""Values (numbers, texts, dates, lists, mappings) a plan file may hold. The largest realistic plan holds a
few thousand; the bound keeps checking any file under a second or two and a few hundred MB."""

MAX_PROBLEMS = 50
"""Problems listed per file. A file with thousands (a spreadsheet pasted in) gets the first ones and a count,
at once, rather than a minute of messages."""

def load_plan(path: Path | str, display_name: str | None = None) -> tuple[Plan, Document]:
    """Read, parse and validate one plan file. Raises `PlanError` with every problem found.

    Source forms (.txt, .html, .docx, .xlsx, .csv, .pdf) are imported on the fly, so their positions are source rows.
    """
    if os.path.splitext(path)[1].lower() not in PLAN_SUFFIXES and _importers().can_import(path):
        document = _importers().import_document(path, display_name)
        _refuse_outsized(document)
    else:
        try:
            document = read_yaml(path, display_name, MAX_PLAN_VALUES, PLAN)
        except YamlProblem as error:
            raise PlanError([error.problem]) from None
    return validate_document(document), document


def _refuse_outsized(document: Document) -> None:
    """An imported source is bounded like a YAML plan: at most `MAX_PLAN_VALUES` values."""
    pending, values = [document.data], 0
    while pending:
        value = pending.pop()
        values += 1
        if values > MAX_PLAN_VALUES:
            raise PlanError([Problem(document.file, 1, 1, f"the source holds more than {MAX_PLAN_VALUES:,} values; "
                                                          "a plan holds a few thousand. Split it into one file "
                                                          "per plan.")])
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def _importers():
    """The importers, loaded only for a source form: a YAML plan's check should not pay for their imports."""
    from . import importers
    return importers


def validate_document(document: Document) -> Plan:
    """Validate parsed plan data. Raises `PlanError` with every problem found (the first `MAX_PROBLEMS`)."""
    try:
        plan = Plan.model_validate(document.as_written(_identifier_paths(document.data)))
    except ValidationError as error:
        raise PlanError(_problems(document, error.errors(include_url=False))) from None
    repeats = _repeated_identifiers(plan, document)
    if repeats:
        raise PlanError(sorted(repeats)[:MAX_PROBLEMS])
    return plan


def _identifier_paths(data: object):
    """Where the plan writes a recommendation or action number (paths into the parsed data)."""
    if not isinstance(data, dict):
        return
    review = data.get("review")
    if isinstance(review, dict) and isinstance(review.get("published_recommendations"), list):
        for index in range(len(review["published_recommendations"])):
            yield ("review", "published_recommendations", index, "number")
    recommendations = data.get("recommendations")
    if isinstance(recommendations, list):
        for r_index, recommendation in enumerate(recommendations):
            yield ("recommendations", r_index, "number")
            actions = recommendation.get("actions") if isinstance(recommendation, dict) else None
            if isinstance(actions, list):
                for a_index in range(len(actions)):
                    yield ("recommendations", r_index, "actions", a_index, "number")


def _repeated_identifiers(plan: Plan, document: Document) -> list[Problem]:
    """An identifier used twice in one list is a problem at the second place, naming the first."""
    per_agency = " (if the review numbers its recommendations afresh for each agency, add 'numbering: per_agency' " \
                 "under review)"
    lists: list[tuple[str, str, list[tuple[Any, tuple]], str]] = [
        ("published recommendation", "", [(plan.key(p), ("review", "published_recommendations", i, "number"))
                                          for i, p in enumerate(plan.review.published_recommendations)], per_agency),
        ("recommendation", "", [(plan.key(r), ("recommendations", i, "number"))
                                for i, r in enumerate(plan.recommendations)], per_agency),
        ("release", "", [(r.reference, ("releases", i, "reference")) for i, r in enumerate(plan.releases)], ""),
    ]
    for r_index, recommendation in enumerate(plan.recommendations):
        lists.append(("action", f" of recommendation {plan.key(recommendation)}",
                      [(a.number, ("recommendations", r_index, "actions", a_index, "number"))
                       for a_index, a in enumerate(recommendation.actions)], ""))
    problems = []
    for what, context, entries, hint in lists:
        first: dict[str, tuple] = {}
        for key, path in entries:
            if key in first:
                line = document.position(first[key])[0]
                problems.append(Problem(document.file, *document.position(path),
                                        f"{what} {key}{context} is also given on line {line}; give each {what} "
                                        f"its own {'reference' if what == 'release' else 'number or reference'}"
                                        f"{hint}."))
            else:
                first[key] = path
    return problems


def _problems(document: Document, errors: list[ErrorDetails]) -> list[Problem]:
    rest: list[ErrorDetails] = []
    if len(errors) > MAX_PROBLEMS:
        errors = sorted(errors, key=lambda e: document.position(where_shown(e)))
        errors, rest = errors[:MAX_PROBLEMS], errors[MAX_PROBLEMS:]
    problems = {_problem(document, e) for e in errors}
    if rest:
        problems.add(Problem(document.file, *document.position(where_shown(rest[0])),
                             f"and {len(rest):,} more problems from here on, not listed. Fix the ones above "
                             "and check the file again."))
    return sorted(problems)


def _problem(document: Document, error: ErrorDetails) -> Problem:
    return validation_problem(document, error, Plan, "the plan")
