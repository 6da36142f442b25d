"""Importers: action plans from the forms they are published and kept in, read into a plan `Document`.

    suffix        form                                             module
    .txt          published plan copied out of a PDF or web page,  published_text
                  or the review summary (told apart by its         review_summary
                  table of recommendations and addressees)
    .html .htm    published plan saved as a web page               published_text
    .docx         Word action plan (Home Office template or        docx
                  the published layout)
    .xlsx .csv    tracker: one row per action                      tracker
    .pdf          published plan as PDF (tables read cell by cell)  pdf

Each returns an `ImportResult`: a `Document` whose positions are source lines
(rows and columns for spreadsheets), so `dhr-check check` can take these files
directly and point findings at the source, plus everything it could not place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from importlib import import_module

from ..errors import PlanError, Problem
from ..load import Document
from .columns import ColumnMap, load_column_map
from .result import ImportResult, Leftover, Location, Source
from .source import decode_text, read_bytes

__all__ = ["IMPORT_SUFFIXES", "ImportOptions", "ImportResult", "Leftover", "Location", "Source", "can_import",
           "import_plan", "import_document", "load_column_map"]


@dataclass(frozen=True)
class ImportOptions:
    """What a person can tell an importer that the source does not say."""

    columns: ColumnMap | None = None      # a tracker's own headings
    sheet: str | None = None              # the worksheet holding the actions


def _reader(module: str):
    """A reader module, imported on first use: python-docx and openpyxl cost a plain `check` start-up time."""
    return import_module(f"{__name__}.{module}")


def _text(raw: bytes, name: str, options: ImportOptions) -> ImportResult:
    text, _ = decode_text(raw, name)
    if _reader("review_summary").looks_like_summary(text):
        return _reader("review_summary").read_summary(raw, name)
    return _reader("published_text").read_text(raw, name)


_IMPORTERS: dict[str, Callable[[bytes, str, ImportOptions], ImportResult]] = {
    ".txt": _text,
    ".html": lambda raw, name, options: _reader("published_text").read_html(raw, name),
    ".htm": lambda raw, name, options: _reader("published_text").read_html(raw, name),
    ".docx": lambda raw, name, options: _reader("docx").read_docx(raw, name),
    ".xlsx": lambda raw, name, options: _reader("tracker").read_xlsx(raw, name, options.columns, options.sheet),
    ".csv": lambda raw, name, options: _reader("tracker").read_csv(raw, name, options.columns),
    ".pdf": lambda raw, name, options: _reader("pdf").read_pdf(raw, name),
}
IMPORT_SUFFIXES = tuple(_IMPORTERS)

_SAVE_AS = {
    ".doc": "an old Word format; open it in Word and save it as a Word Document (.docx)",
    ".xls": "an old Excel format; open it in Excel and save it as an Excel Workbook (.xlsx)",
    ".xlsm": "an Excel workbook with macros; save a copy as an Excel Workbook (.xlsx)",
    ".odt": "an OpenDocument text; save it as a Word Document (.docx)",
    ".ods": "an OpenDocument spreadsheet; save it as an Excel Workbook (.xlsx)",
    ".rtf": "rich text; save it as a Word Document (.docx)",
}


def can_import(path: Path | str) -> bool:
    """Whether `path` is a source form rather than a YAML plan (including forms that need saving differently)."""
    suffix = Path(path).suffix.lower()
    return suffix in _IMPORTERS or suffix in _SAVE_AS


def import_plan(path: Path | str, display_name: str | None = None, *, summary: Path | str | None = None,
                options: ImportOptions = ImportOptions(), subject: str | None = None,
                partnership: str | None = None) -> ImportResult:
    """Read a source file (and, optionally, its review summary) into a plan. Raises `PlanError`.

    `subject` and `partnership` fill in, or replace, what the source says the review is about and
    which Community Safety Partnership it belongs to.
    """
    name = display_name or str(path)
    suffix = Path(path).suffix.lower()
    if suffix in _SAVE_AS:
        raise PlanError([Problem(name, 1, 1, f"this file is {_SAVE_AS[suffix]}. Then import that file.")])
    if suffix not in _IMPORTERS:
        raise PlanError([Problem(name, 1, 1, f"files ending {suffix or 'without a suffix'} cannot be imported; "
                                             f"import a {', '.join(IMPORT_SUFFIXES)} file.")])
    result = _IMPORTERS[suffix](read_bytes(path, name), name, options)
    if summary is not None:
        result = _with_summary(result, summary)
    for key, value in (("subject", subject), ("community_safety_partnership", partnership)):
        if value:
            _override(result, key, value)
    _require_review(result)
    return result


def import_document(path: Path | str, display_name: str | None = None) -> Document:
    """The plan a source file holds, for checking it directly. Raises `PlanError`."""
    return import_plan(path, display_name).document


def _with_summary(result: ImportResult, summary: Path | str) -> ImportResult:
    name = str(summary)
    raw = read_bytes(summary, name)
    text, _ = decode_text(raw, name)
    review_summary = _reader("review_summary")
    if result.sources[0].form == review_summary.FORM or not review_summary.looks_like_summary(text):
        problem_file = result.document.file if result.sources[0].form == review_summary.FORM else name
        raise PlanError([Problem(problem_file, 1, 1, "give the action plan first and the review summary with "
                                                     "--summary; a review summary is a text file with a table of "
                                                     "the recommendations and who each is addressed to.")])
    return review_summary.merge_summary(result, review_summary.read_summary(raw, name))


def _override(result: ImportResult, key: str, value: str) -> None:
    review = result.document.data.setdefault("review", {})
    if review.get(key) not in (None, value):
        result.notes.append(f"{key.replace('_', ' ')} '{value}' was given on the command line; the source says "
                            f"'{review[key]}'")
    review[key] = value


def _require_review(result: ImportResult) -> None:
    """Refuse an import that is not a plan: no subject or partnership, no recommendation, or one without actions.

    A source that yields nothing is never written or checked as a plan (it would pass every rule
    that looks at recommendations); the message says what the importer did see, so the person can
    tell a wrong file from a layout the importer does not know.
    """
    review = result.document.data.get("review", {})
    form, name = result.sources[0].form, result.document.file
    problems = []
    if not review.get("subject"):
        problems.append(Problem(name, 1, 1, f"the {form} does not say whom the review is about (a title such as "
                                            "'Domestic Homicide Review – Adult A'). Import it with the subject "
                                            f"given: dhr-check import {name} --subject \"NAME\" -o plan.yaml, "
                                            "where NAME is how the review names the victim"))
    if not review.get("community_safety_partnership"):
        problems.append(Problem(name, 1, 1, f"the {form} does not name its Community Safety Partnership. Import "
                                            "it with the partnership given, or with the review summary that "
                                            f"names it: dhr-check import {name} --partnership \"NAME\" -o "
                                            f"plan.yaml (or --summary SUMMARY.txt){_named_in(review)}"))
    problems += _empty(result, name, form)
    if problems:
        raise PlanError(problems)


def _named_in(review: dict) -> str:
    """A hint from the document itself: the body it says signs off or monitors the plan, if any."""
    bodies = [review[key] for key in ("monitored_by", "signed_off_by") if review.get(key)]
    if not bodies:
        return ""
    return (f". The document says the plan is {'monitored' if review.get('monitored_by') else 'signed off'} by "
            f"'{bodies[0]}'; if that is the partnership, give --partnership \"{bodies[0]}\"")


def _empty(result: ImportResult, name: str, form: str) -> list[Problem]:
    """An action plan with no recommendation, or a recommendation without actions; a summary with no table."""
    data = result.document.data
    examples = "; ".join(f"{x.location.describe()}: '{_short(x.text)}'" for x in result.leftovers[:3])
    seen = (f"it read {len(result.placed)} piece(s) of text into the review, {len(result.skipped)} as layout "
            f"and {len(result.leftovers)} it could not place" + (f", such as {examples}" if examples else ""))
    if form == "review summary" or result.sources[0].form == "review summary":
        if data.get("review", {}).get("published_recommendations"):
            return []
        return [Problem(name, 1, 1, f"no table of recommendations was found in this review summary ({seen}). "
                                    "It needs the table with the columns '#', 'Recommendation' and 'Addressed to'")]
    recommendations = data.get("recommendations", [])
    if not recommendations:
        return [Problem(name, 1, 1, f"no recommendation was found, so nothing was imported ({seen}). The "
                                    "importer knows 'Recommendation N' "
                                    "headings, the Home Office template's columns (Recommendation / Action to "
                                    "take / ...) and trackers with a row of column headings")]
    problems = []
    for index, recommendation in enumerate(recommendations):
        if not recommendation.get("actions"):
            line, column = result.document.position(("recommendations", index))
            problems.append(Problem(name, line, column,
                                    f"recommendation {recommendation.get('number')} has no actions in the {form}: "
                                    "an import that finds a recommendation but none of its actions is not a plan. "
                                    "Check the file holds the actions, or add them to the plan by hand"))
    return problems


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
