"""The `dhr-check` command: parse options, call the library, pick a reporter, map errors to exit codes.

Sub-command groups live in sibling modules (`rules_commands`, ...) and register on `main`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .. import __version__
from ..check import check_paths, discover_plans
from ..errors import DhrCheckError, PlanError, RuleError

from ..findings import RAG_ORDER
from ..model import Plan
from ..report import REPORTERS
from ..rules import Rule, load_rules
from ..validate import load_plan

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


class _IsoDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.", param, ctx)


rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path),
                            default=None, help="Folder of rule files (default: the bundled rules).")


def _load_rules(rules_dir: Path | None) -> list[Rule]:
    try:
        return load_rules(rules_dir)
    except RuleError as error:
        for problem in error.problems:
            click.echo(f"dhr-check: {problem}", err=True)
        click.echo("dhr-check: the rules could not be loaded; nothing was checked.", err=True)
        sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dhr-check")
def main() -> None:
    """Check Domestic Homicide Review action plans against the partnership's expectations."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@rules_option
@click.option("--as-of", "as_of", type=_IsoDate(), default=None,
              help="Date to check against (default: today). It is printed in every report.")
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["red", "amber", "never"]), default="red", show_default=True,
              help="Exit with code 1 when any finding is at least this serious.")
def check(paths: tuple[Path, ...], rules_dir: Path | None, as_of: dt.date | None, output_format: str,
          fail_on: str) -> None:
    """Check plan files (or folders of *.yaml plans) and report findings with a suggested RAG.

    Exit codes: 0 nothing at the --fail-on level, 1 findings at that level,
    2 bad input (the other plans are still checked and reported).
    """
    rules = _load_rules(rules_dir)
    result = check_paths(paths, rules, as_of or dt.date.today())
    click.echo(REPORTERS[output_format](result), nl=False)
    if result.errors:
        sys.exit(EXIT_BAD_INPUT)
    if fail_on != "never" and any(RAG_ORDER[f.rag] >= RAG_ORDER[fail_on] for f in result.findings):
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check that plan files are well-formed, without applying any rule."""
    bad = False
    count = 0
    for path, problem in discover_plans(paths):
        if problem is not None:
            click.echo(str(problem), err=True)
            bad = True
            continue
        try:
            load_plan(path)
            count += 1
            click.echo(f"{path}: valid")
        except PlanError as error:
            bad = True
            for p in error.problems:
                click.echo(str(p), err=True)
    if bad:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
def schema() -> None:
    """Print the JSON Schema of a plan file (for editors and validators)."""
    document = Plan.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "DHR action plan (dhr-checker)"
    click.echo(json.dumps(document, indent=2, sort_keys=True))


from . import rules_commands  # noqa: E402,F401  (registers `dhr-check rules ...`)
from . import import_commands  # noqa: E402,F401  (registers `dhr-check import`)


def run() -> None:  # pragma: no cover - console-script entry point
    try:
        main()
    except DhrCheckError as error:
        click.echo(f"dhr-check: {error}", err=True)
        sys.exit(error.exit_code)
