"""The self-check page's only door into the checker: the CLI's own settings, importers, run and reporters.

Everything the page shows or lets a person download comes from the calls here, which are the
calls `dhr-check check` and `dhr-check import` make, so the page can never give another answer
than the command line. Kept in one module so that a change to the library's interfaces
(results, report formats) is re-pointed in one place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import Settings
from ..errors import DhrCheckError, Problem
from ..explain import describe_rule
from ..importers import IMPORT_SUFFIXES          # the source forms `dhr-check check` imports on the fly
from ..load import MAX_FILE_BYTES, PLAN_SUFFIXES  # the loader's 10 MB limit, the page's too
from ..request import CheckOptions, load_partnership, run_request
from ..rules import Rule
from ..run import ReportRequest, RunRequest, run_check
from ..waivers import LoadedWaiver, not_in_force

__all__ = ["CheckSettings", "load", "check_report", "imported", "write_imported", "rule_pages", "pdf_problem",
           "DOWNLOADS", "IMPORT_SUFFIXES", "PLAN_SUFFIXES", "MAX_FILE_BYTES", "not_in_force_notes"]

DOWNLOADS = ("xlsx", "pdf", "markdown", "json")
"""The report formats (as `--format` names them) the result page offers; each file ends as its `Format` says."""


@dataclass(frozen=True)
class CheckSettings:
    """What every check uses, loaded once when the server starts, as `dhr-check check` loads it per run.

    Plain data, so it travels to each worker process as it is.
    """

    settings: Settings
    waivers: tuple[LoadedWaiver, ...]
    rules_dir: Path | None                       # as given on the command line, for the provenance
    run: RunRequest                              # every check's run, but for the plan, as-of date and agency

    @property
    def config_file(self) -> Path | None:
        return self.settings.config_file


def load(config_file: Path | None, rules_dir: Path | None) -> CheckSettings:
    """The partnership's settings, rules and waivers, loaded as `dhr-check check` loads them; raises
    `SettingsError` with the CLI's file:line problems when they cannot be loaded."""
    settings, waivers = load_partnership(config_file, rules_dir)
    # Built here, in the folder the server was started in: the settings files' SHA-256 for the provenance
    # are read now, by the paths given (a check runs in a private folder, where those paths mean nothing).
    run = run_request(CheckOptions((Path("plan"),), rules_dir, config_file), settings, waivers)
    return CheckSettings(settings, waivers, rules_dir, run)


def check_report(chosen: CheckSettings, name: str, as_of: dt.date, agency: str | None,
                 report_format: str) -> tuple[bytes, list[Problem]]:
    """The report `dhr-check check NAME --as-of D [--agency A] --format F` writes (run in the folder holding
    NAME), and the problems of a file that could not be checked. Raises `DhrCheckError` as the run does."""
    request = dataclasses.replace(chosen.run, paths=(Path(name),), as_of=as_of,
                                  settings=dataclasses.replace(chosen.run.settings, inputs=(name,), agency=agency))
    out = io.BytesIO()
    tally = run_check(request, ReportRequest((), report_format), 1, _nothing, out)
    return out.getvalue(), list(tally.errors)


def _nothing(_path: Path, _name: str) -> None:
    """No report file is written: the report comes back as bytes."""


def not_in_force_notes(chosen: CheckSettings, as_of: dt.date) -> list[str]:
    """The notices `dhr-check check` prints for waivers approved after the as-of date."""
    return [str(notice) for notice in not_in_force(list(chosen.waivers), as_of)]


def imported(name: str, summary: str | None):
    """The import of the source form NAME (in the current folder), as `dhr-check import NAME [--summary S]`
    makes it: an `ImportResult`, with everything it could not place. Raises `PlanError` as the import does."""
    from ..importers import import_plan
    from ..validate import validate_document

    result = import_plan(name, summary=summary)
    validate_document(result.document)
    return result


def write_imported(result, path: Path, today: dt.date) -> None:
    """The plan file `dhr-check import ... -o PATH` writes for this import."""
    from ..importers.writer import import_header, plan_yaml

    path.write_text(plan_yaml(result.document.data, import_header(result, today)), encoding="utf-8")


@dataclass(frozen=True)
class Check:
    """One line of what a rule checks, with the lines indented under it (`dhr-check rules show`'s outline)."""

    text: str
    under: list[Check]


@dataclass(frozen=True)
class RulePage:
    """One rule as the rules page shows it."""

    rule: Rule
    checks: list[Check]        # what it checks, in plain English, as a nested list


def rule_pages(chosen: CheckSettings) -> list[RulePage]:
    return [RulePage(rule, outline(describe_rule(rule))) for rule in sorted(chosen.settings.rules, key=lambda r: r.id)]


def outline(lines: list[str]) -> list[Check]:
    """`describe_rule`'s lines ('Red when:', '  - the status is ...') as a tree, so the page nests the lists
    instead of showing the dashes of the terminal's outline."""
    top: list[Check] = []
    open_at: list[tuple[int, list[Check]]] = [(-1, top)]
    for line in lines:
        depth = len(line) - len(line.lstrip(" "))
        text = line.strip().removeprefix("- ")
        while open_at[-1][0] >= depth:
            open_at.pop()
        item = Check(text, [])
        open_at[-1][1].append(item)
        open_at.append((depth, item.under))
    return top


@cache
def pdf_problem() -> str | None:
    """Why a PDF cannot be made here (WeasyPrint or its libraries missing), or None when it can."""
    from ..report.pdf import require_engine

    try:
        require_engine()
    except DhrCheckError as error:
        return str(error)
    return None
