"""A `check` run as asked for: from the command's options to the `RunRequest` and `ReportRequest` it runs.

Everything a run decides before its first plan lives here, so that the CLI only parses options:
the settings, rules and waivers it loads (`SettingsError` when they cannot be), the SHA-256 of
each settings file for the provenance, the format of each report and which may go to a terminal,
and the options it cannot act on (`UsageError`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, find_config, load_settings
from .errors import (
    PlanError,
    Problem,
    RuleError,
    SettingsError,
    UsageError,
    YamlProblem,
)
from .provenance import file_sha256, run_timestamp
from .report import FORMATS, format_for
from .report.formats import extensions
from .results import DEFAULT_DUE_WITHIN_DAYS, RunSettings
from .run import ReportRequest, RunRequest
from .waivers import LoadedWaiver, load_waivers

__all__ = ["MARKING_LENGTH", "CheckOptions", "load_partnership", "load_run_settings", "prepare", "run_request",
           "tidy_marking"]

MARKING_LENGTH = 100


@dataclass(frozen=True)
class CheckOptions:
    """The `check` command's options, as given."""

    paths: tuple[Path, ...]
    rules_dir: Path | None = None
    config_file: Path | None = None
    as_of: dt.date | None = None
    output_format: str = "text"
    format_given: bool = False              # --format was given (else `output_format` is its default)
    outputs: tuple[Path, ...] = ()
    agency: str | None = None
    due_within: int = DEFAULT_DUE_WITHIN_DAYS
    timestamp: bool = False
    marking: str | None = None
    summary_only: bool = False
    progress: bool = False                  # a person is watching standard error (see progress.wanted)
    stdout_is_terminal: bool = False


def prepare(options: CheckOptions, environ: Mapping[str, str] = os.environ) -> tuple[RunRequest, ReportRequest]:
    """The run and the reports `options` ask for. Raises `UsageError` for options the run cannot act on,
    `SettingsError` when the settings, rules or waivers cannot be loaded."""
    reports = report_request(options)
    marking = tidy_marking(options.marking)
    if options.summary_only and not set(reports.formats) & {"html", "pdf"}:
        raise UsageError("--summary-only shapes the HTML and PDF reports only; add --output report.html or "
                         "report.pdf.")
    if "pdf" in reports.formats:
        from .report.pdf import (
            require_engine,  # only here: WeasyPrint is an optional extra
        )

        require_engine()
    settings, waivers = load_partnership(options.config_file, options.rules_dir, options.paths[0])
    return run_request(options, settings, waivers, marking, environ), reports


def load_partnership(config_file: Path | None, rules_dir: Path | None,
                     start: Path | None = None) -> tuple[Settings, tuple[LoadedWaiver, ...]]:
    """The settings and the waivers they name (see `load_run_settings`). Raises `SettingsError`."""
    settings = load_run_settings(config_file, rules_dir, start)
    try:
        waivers = load_waivers(settings.waivers_file) if settings.waivers_file else []
    except (PlanError, YamlProblem) as error:
        raise SettingsError(error.problems) from None
    return settings, tuple(waivers)


def run_request(options: CheckOptions, settings: Settings, waivers: tuple[LoadedWaiver, ...],
                marking: str | None = None, environ: Mapping[str, str] = os.environ) -> RunRequest:
    """The run `options` ask for with settings and waivers already loaded (the self-check page loads them
    once, when it starts)."""
    run_settings = _run_settings(options, settings, marking, run_timestamp(options.timestamp, environ))
    reads = tuple((path, role) for path, role in ((settings.config_file, "settings"),
                                                  (settings.waivers_file, "waivers")) if path)
    return RunRequest(options.paths, options.as_of or dt.date.today(), settings.rules, run_settings,
                      waivers, reads)


def _run_settings(options: CheckOptions, settings: Settings, marking: str | None,
                  stamp: dt.datetime | None) -> RunSettings:
    """How the run was asked for, as the provenance records it, with the SHA-256 of each settings file."""
    used = [("partnership settings", settings.config_file), ("waivers", settings.waivers_file)]
    return RunSettings(
        inputs=tuple(str(path) for path in options.paths),
        rules_dir=str(options.rules_dir) if options.rules_dir else None,
        agency=options.agency, due_within_days=options.due_within, generated_at=stamp,
        config_file=str(settings.config_file) if settings.config_file else None,
        settings_files=tuple({"role": role, "file": str(path), "sha256": file_sha256(path)}
                             for role, path in used if path is not None),
        rag_policy=settings.rag_policy,
        agency_names=tuple((name, tuple(aliases)) for name, aliases in settings.agencies.items()),
        marking=marking, summary_only=options.summary_only)


def report_request(options: CheckOptions) -> ReportRequest:
    """Each --output file with its format, and the format for the terminal: none when reports go to files,
    unless --format is given too. Raises `UsageError` for a binary report asked for on a terminal."""
    targets = [(path, _format_of(path, options.output_format if options.format_given else None))
               for path in options.outputs]
    terminal = options.output_format if not targets or options.format_given else None
    if terminal is not None and not FORMATS[terminal].terminal_safe and options.stdout_is_terminal:
        raise UsageError(f"an {terminal.upper()} report cannot be shown in the terminal; write it to a file "
                         f"with --output {FORMATS[terminal].example_file}.")
    return ReportRequest(tuple(targets), terminal, progress=options.progress)


def load_run_settings(config_file: Path | None, rules_dir: Path | None, start: Path | None = None) -> Settings:
    """Rules, RAG policy and waivers for this run, from `config_file` or else the nearest settings file in or
    above `start`. Raises `SettingsError` for a missing settings file or a broken one or rule set."""
    if config_file is None and start is not None:
        config_file = find_config(start)
    elif config_file is not None and not os.path.lexists(config_file):
        raise SettingsError([Problem(str(config_file), 1, 1, "no such settings file.")])
    try:
        return load_settings(config_file, rules_dir)
    except (RuleError, YamlProblem) as error:
        raise SettingsError(error.problems) from None


def tidy_marking(text: str | None) -> str | None:
    """The --marking text as printed: one line of at most MARKING_LENGTH characters, spaces tidied."""
    if text is None:
        return None
    if any(not char.isprintable() for char in text):
        raise UsageError("--marking must be one line of plain text, such as OFFICIAL-SENSITIVE, without line "
                         "breaks or control characters.")
    tidy = " ".join(text.split())
    if not tidy or len(tidy) > MARKING_LENGTH:
        raise UsageError(f"--marking must be from 1 to {MARKING_LENGTH} characters, such as OFFICIAL-SENSITIVE; "
                         f"it has {len(tidy)}.")
    return tidy


def _format_of(path: Path, fallback: str | None) -> str:
    """The report format for an --output file: from its extension, else --format when given."""
    found = format_for(path) or fallback
    if found is None:
        raise UsageError(f"cannot tell the report format of {path} from its name; end it with one of "
                         f"{', '.join(extensions())}, or give --format.")
    return found

