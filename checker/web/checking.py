"""The self-check page's only door into the checker: the CLI's own settings, importers, run and reporters.

Everything the page shows or lets a person download comes from the calls here, which are the
calls `dhr-check check` and `dhr-check import` make, so the page can never give another answer
than the command line. Kept in one module so that a change to the library's interfaces
(results, report formats) is re-pointed in one place.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import Settings, load_settings
from ..errors import DhrCheckError, Problem
from ..explain import describe_rule
from ..provenance import DEFAULT_DUE_WITHIN_DAYS, RunSettings, file_sha256, run_timestamp
from ..rules import Rule
from ..waivers import LoadedWaiver, load_waivers, not_in_force

__all__ = ["CheckSettings", "load", "check_report", "imported", "write_imported", "rule_pages", "pdf_problem",
           "DOWNLOADS", "IMPORT_SUFFIXES", "PLAN_SUFFIXES", "MAX_FILE_BYTES", "not_in_force_notes"]

from ..load import MAX_FILE_BYTES, PLAN_SUFFIXES      # the loader's 10 MB limit, the page's too

IMPORT_SUFFIXES = (".docx", ".xlsx", ".csv", ".txt", ".html", ".htm", ".pdf")
"""The source forms `dhr-check check` imports on the fly (checker.importers), besides YAML plans."""

DOWNLOADS = {"xlsx": "xlsx", "pdf": "pdf", "markdown": "md", "json": "json"}
"""Report format (as `--format` names it) -> file name ending of the download."""


@dataclass(frozen=True)
class CheckSettings:
    """What every check uses, loaded once when the server starts, as `dhr-check check` loads it per run.

    Plain data, so it travels to each worker process as it is.
    """

    settings: Settings
    waivers: tuple[LoadedWaiver, ...]
    rules_dir: str | None                       # as given on the command line, for the provenance
    settings_files: tuple[dict[str, str], ...]  # role, file, sha256, as the CLI records them

    @property
    def config_file(self) -> str | None:
        return str(self.settings.config_file) if self.settings.config_file else None


def load(config_file: Path | None, rules_dir: Path | None) -> CheckSettings:
    """The partnership's settings, rules and waivers; raises `DhrCheckError` (a `RuleError` or `PlanError`
    with the CLI's file:line problems) when they cannot be loaded."""
    if config_file is not None and not os.path.lexists(config_file):
        from ..errors import RuleError
        raise RuleError([Problem(str(config_file), 1, 1, "no such settings file.")])
    settings = load_settings(config_file, rules_dir)
    waivers = tuple(load_waivers(settings.waivers_file)) if settings.waivers_file else ()
    used = [("partnership settings", settings.config_file), ("waivers", settings.waivers_file)]
    files = tuple({"role": role, "file": str(path), "sha256": file_sha256(path)} for role, path in used if path)
    return CheckSettings(settings, waivers, str(rules_dir) if rules_dir else None, files)


def _run_settings(chosen: CheckSettings, name: str, agency: str | None) -> RunSettings:
    """What `dhr-check check NAME [--agency A]` records, with the settings the server was started with."""
    settings = chosen.settings
    return RunSettings((name,), chosen.rules_dir, agency, DEFAULT_DUE_WITHIN_DAYS, run_timestamp(False, os.environ),
                       chosen.config_file, chosen.settings_files, settings.rag_policy,
                       tuple((agency_name, tuple(aliases)) for agency_name, aliases in settings.agencies.items()))


def check_report(chosen: CheckSettings, name: str, as_of: dt.date, agency: str | None,
                 report_format: str) -> tuple[bytes, list[Problem]]:
    """The report `dhr-check check NAME --as-of D [--agency A] --format F` writes (run in the folder holding
    NAME), and the problems of a file that could not be checked. Raises `DhrCheckError` as the run does."""
    from ..check import RunResult
    from ..run import ReportRequest, run_check

    head = RunResult(as_of, chosen.settings.rules, settings=_run_settings(chosen, name, agency))
    out = io.BytesIO()
    tally = run_check(head, [name], list(chosen.waivers), 1, ReportRequest((), report_format), _nothing, out)
    return out.getvalue(), list(tally.errors)


def _nothing(_path, _name) -> None:
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
class RulePage:
    """One rule as the rules page shows it."""

    rule: Rule
    checks: list[str]          # what it checks, in plain English (as `dhr-check rules show`)


def rule_pages(chosen: CheckSettings) -> list[RulePage]:
    return [RulePage(rule, describe_rule(rule)) for rule in sorted(chosen.settings.rules, key=lambda r: r.id)]


@cache
def pdf_problem() -> str | None:
    """Why a PDF cannot be made here (WeasyPrint or its libraries missing), or None when it can."""
    from ..report.pdf import require_engine

    try:
        require_engine()
    except DhrCheckError as error:
        return str(error)
    return None
