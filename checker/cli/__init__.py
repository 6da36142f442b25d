"""The `dhr-check` command: parse options, call the library, print what it returns, map the outcome to an exit code.

A command raises a `DhrCheckError` for anything it cannot do; `_Commands.invoke` prints it and exits
with its code, in one place for every command. Sub-command groups live in sibling modules
(`rules_commands`, ...) and register on `main`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import ClassVar

import click
from click.core import ParameterSource
from pydantic import BaseModel

from .. import __version__
from ..config import CONFIG_NAME, PartnershipConfig
from ..dates import as_of_date
from ..discovery import discover_plans
from ..errors import DhrCheckError, NothingDone, OutputError, PlanError
from ..model import Plan
from ..parallel import default_jobs
from ..progress import wanted
from ..provenance import DEFAULT_DUE_WITHIN_DAYS
from ..report import FORMATS
from ..report.escape import terminal_text
from ..report.formats import output_help
from ..report.streaming import RunTally
from ..report.text import summary_line
from ..request import CheckOptions, load_run_settings, prepare
from ..rules import Rule
from ..run import run_check
from ..signals import Stopped, stop_on_signals
from ..validate import load_plan
from ..waiver_scope import waivers_outside
from ..waivers import WaiverFile

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _IsoDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            value = value.isoformat()
        try:
            return as_of_date(value)
        except ValueError as error:
            self.fail(f"{error}.", param, ctx)


rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path),
                            default=None, help="Folder of rule files, used instead of the rule packs.")
config_option = click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                             default=None, help=f"Partnership settings (default: the nearest {CONFIG_NAME} "
                                                "in or above the first plan's folder).")


def _load_rules(rules_dir: Path | None, config_file: Path | None = None) -> list[Rule]:
    return load_run_settings(config_file, rules_dir, Path.cwd()).rules


def echo_line(text: str, err: bool = False) -> None:
    """Print one line; control characters in it (from a plan, a key, a file name) are shown, never obeyed.
    A failed write (a full disk) is an `OutputError`, like a report that cannot be written."""
    try:
        click.echo(terminal_text(text), err=err)
    except OSError as error:
        where = "standard error" if err else "standard output"
        raise OutputError(f"cannot write to the {where}: {error.strerror or error}.") from None


def echo_lines(text: str, err: bool = False) -> None:
    """Print text this tool composed line by line, each line as `echo_line` prints it."""
    for line in text.split("\n"):
        echo_line(line, err)


def echo_error(error: DhrCheckError) -> None:
    """An error's message on standard error: one line per problem when it lists problems, then what was
    therefore not done. The one place a command's error is printed (see `_Commands.invoke`)."""
    problems = getattr(error, "problems", None)
    if isinstance(error, NothingDone):
        for line in error.details:
            echo_line(line, err=True)
    elif problems:
        for problem in problems:
            echo_line(f"dhr-check: {problem}", err=True)
    else:
        echo_lines(f"dhr-check: {error}", err=True)
    if error.consequence:
        echo_lines(f"dhr-check: {error.consequence}", err=True)


class _Commands(click.Group):
    """Sub-commands whose modules load only when used: `check` should not wait for the importers' or docs' imports."""

    LAZY: ClassVar[dict[str, str]] = {"rules": "rules_commands", "import": "import_commands", "init": "import_commands",
            "diff": "diff_command", "examples": "examples_command", "serve": "serve_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.LAZY:
            import_module(f"{__name__}.{self.LAZY[name]}")      # the module registers its commands on `main`
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; an error it raises is printed here, once, and exits with the error's code."""
        try:
            return super().invoke(ctx)
        except DhrCheckError as error:
            echo_error(error)
            ctx.exit(error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dhr-check")
def main() -> None:
    """Check Domestic Homicide Review action plans against the partnership's expectations."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@config_option
@click.option("--as-of", "as_of", type=_IsoDate(), default=None,
              help="Date to check against (default: today). It is printed in every report.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["red", "amber", "never"]), default="red", show_default=True,
              help="Exit with code 1 when any finding is at least this serious.")
@click.option("--output", "-o", "outputs", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help=f"Write a report to this file, in the format its name ends with "
                   f"({output_help(list(FORMATS.values()))}). Repeat for several formats from one run. With "
                   "--output the terminal only lists the files written, unless --format is also given.")
@click.option("--agency", default=None,
              help="Only what this agency answers for: the actions it leads, the releases it manages, the "
                   "refuge directory it maintains. Case, spacing, punctuation and the aliases listed under "
                   "'agencies' in the settings do not matter. Findings about a plan as a whole (sign-off, "
                   "coverage) appear only in unfiltered runs.")
@click.option("--due-within", "due_within", type=click.IntRange(0, 3660), default=DEFAULT_DUE_WITHIN_DAYS,
              show_default=True, help="List the open actions due within this many days of the as-of date.")
@click.option("--timestamp", is_flag=True,
              help="Print the time of the run in reports. Without it (or SOURCE_DATE_EPOCH) the same inputs "
                   "always give byte-identical reports.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
              help="Check plans in this many processes (default: the number of cores). Reports are the same "
                   "whatever the number.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress bar on the terminal during a long run (none is shown when standard error is not "
                   "a terminal); the final summary line is always written.")
@click.option("--marking", default=None, metavar="TEXT",
              help="Protective marking (e.g. OFFICIAL-SENSITIVE) printed at the top and foot of every page of "
                   "the HTML and PDF reports, first and last in the text and Markdown reports, and recorded in "
                   "the provenance.")
@click.option("--summary-only", is_flag=True,
              help="HTML and PDF reports: the board summary alone (at a glance, RAG by plan and by "
                   "recommendation, RAG gaps, due soon), without each plan's actions and findings.")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], rules_dir: Path | None, config_file: Path | None,
          as_of: dt.date | None,
          output_format: str, fail_on: str, outputs: tuple[Path, ...], agency: str | None, due_within: int,
          timestamp: bool, jobs: int | None, quiet: bool, marking: str | None, summary_only: bool) -> None:
    """Check plans and report findings with a suggested RAG.

    PATHS are plan files (.yaml, or .txt, .html, .docx, .xlsx, .csv, .pdf sources imported on the fly)
    or folders, searched for *.yaml plans.

    Exit codes: 0 nothing at the --fail-on level, 1 findings at that level,
    2 bad input (the other plans are still checked and reported) or a report that could not be
    written, 130 stopped by Ctrl-C, 143 stopped by SIGTERM.
    """
    options = CheckOptions(
        paths, rules_dir=rules_dir, config_file=config_file, as_of=as_of, output_format=output_format,
        format_given=ctx.get_parameter_source("output_format") is not ParameterSource.DEFAULT, outputs=outputs,
        agency=agency, due_within=due_within, timestamp=timestamp, marking=marking, summary_only=summary_only,
        progress=wanted(quiet), stdout_is_terminal=sys.stdout.isatty())
    request, reports = prepare(options)
    tally = run_check(request, reports, jobs or default_jobs(),
                      lambda path, name: echo_line(f"dhr-check: wrote {path} ({name})", err=True), _stdout_bytes(),
                      lambda notice: echo_line(f"dhr-check: note: {notice}", err=True))
    for note in waivers_outside(request.waivers, tally.plan_ids):
        echo_line(str(note), err=True)
    _tell_stderr(tally, text_on_terminal=reports.terminal == "text" and sys.stderr.isatty())
    ctx.exit(_exit_code(tally, fail_on))


def _exit_code(tally: RunTally, fail_on: str) -> int:
    """2 when a file could not be checked, else 1 when a finding is at the --fail-on level, else 0."""
    if tally.errors:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if fail_on != "never" and tally.fails(fail_on) else EXIT_OK


def _tell_stderr(tally: RunTally, text_on_terminal: bool) -> None:
    """Every file that could not be checked, as file:line:col: message, and a one-line summary, on standard
    error, whatever the outputs: a CI log shows them even when the report went to a file. Skipped only when
    the text report is on the same terminal, which already shows both."""
    if text_on_terminal:
        return
    for problem in tally.errors:
        echo_line(str(problem), err=True)
    echo_line(f"dhr-check: {summary_line(tally)}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check that plan files are well-formed, without applying any rule."""
    bad = False
    count = 0
    for path, problem in discover_plans(paths):
        if path is None:
            echo_line(str(problem), err=True)
            bad = True
            continue
        try:
            load_plan(path)
            count += 1
            echo_line(f"{path}: valid")
        except PlanError as error:
            bad = True
            for p in error.problems:
                echo_line(str(p), err=True)
    ctx.exit(EXIT_BAD_INPUT if bad else EXIT_OK)


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the schema to this file, as UTF-8, for an editor's YAML language server (see the "
                   "README); replaces the file if it exists.")
@click.option("--config", "which", flag_value="config", help=f"The schema of the partnership settings ({CONFIG_NAME}).")
@click.option("--waivers", "which", flag_value="waivers", help="The schema of the waivers file (waivers.yaml).")
def schema(output: Path | None, which: str | None) -> None:
    """Print the JSON Schema of a plan file (or of the settings or waivers file), for editors and validators."""
    schemas: dict[str | None, tuple[type[BaseModel], str]] = {None: (Plan, "DHR action plan (dhr-checker)"),
                    "config": (PartnershipConfig, f"dhr-checker partnership settings ({CONFIG_NAME})"),
                    "waivers": (WaiverFile, "dhr-checker waivers (waivers.yaml)")}
    model, title = schemas[which]
    document = model.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = title
    text = json.dumps(document, indent=2, sort_keys=True)
    if output is None:
        click.echo(text)
        return
    from ..importers.writer import (
        write_new_file,  # only here: `check` need not load the importers
    )

    write_new_file(output, text + "\n", force=True)
    echo_line(f"dhr-check: wrote {output}", err=True)


def _stdout_bytes():
    """Standard output for reports, which are UTF-8 whatever the terminal's encoding, as files are."""
    sys.stdout.flush()
    return sys.stdout.buffer


def run() -> None:  # pragma: no cover - console-script entry point
    stop_on_signals()
    try:
        main()
    except Stopped as stop:
        click.echo(f"dhr-check: stopped by {stop} before the run was complete; no report was written or "
                   "replaced except those listed as written.", err=True)
        _exit_now(stop.exit_code)
    except SystemExit as done:
        _exit_now(done.code)


def _exit_now(code: object) -> None:  # pragma: no cover - console-script entry point
    """End the process without tearing down the interpreter: a one-plan check spent an eighth of its time
    freeing objects the operating system reclaims anyway. Nothing is left to clean up by then: reports are
    written and renamed, worker processes joined, temporary files already unlinked."""
    if code is not None and not isinstance(code, int):
        echo_lines(str(code), err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader went away, the disk is full, or the stream was closed
        click.echo("dhr-check: cannot write to the standard output.", err=True)
        code = code or EXIT_BAD_INPUT
    os._exit(code or 0)
