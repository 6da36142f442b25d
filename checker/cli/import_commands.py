"""`dhr-check import` and `dhr-check init`: bring action plans in from their published forms, or start one."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import click

from ..errors import NothingDone, PlanError
from ..importers import ImportOptions, ImportResult, import_plan, load_column_map
from ..importers.writer import import_header, plan_yaml, write_new_file
from ..template import PLAN_TEMPLATE
from ..validate import validate_document
from . import echo_line, echo_lines, main

__all__ = ["import_command", "init"]

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@main.command("import")
@click.argument("source", type=_FILE)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The plan file to write (YAML), e.g. plan.yaml.")
@click.option("--summary", type=_FILE, default=None,
              help="The review summary (text with the table of recommendations and who each is addressed to), "
                   "merged into the plan's review.")
@click.option("--columns", "columns_file", type=_FILE, default=None,
              help="A column mapping file for a tracker whose headings are its own.")
@click.option("--sheet", default=None, help="The Excel sheet that holds the actions (default: the first with "
                                            "recognisable column headings).")
@click.option("--subject", default=None, help='Whom the review is about, e.g. "Adult A", when the source does '
                                             "not say.")
@click.option("--partnership", default=None, help="The Community Safety Partnership, e.g. Bolton, when the "
                                                  "source does not say.")
@click.option("--strict", is_flag=True, help="Treat anything that could not be placed in the plan as an error: "
                                             "write nothing and exit with code 2.")
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
def import_command(source: Path, output: Path, summary: Path | None, columns_file: Path | None, sheet: str | None,
                   subject: str | None, partnership: str | None, strict: bool, force: bool) -> None:
    """Import an action plan from a .pdf, .txt, .html, .docx, .xlsx or .csv file into a plan file.

    Prints what was mapped and, line by line, every piece of the source that could not be
    placed in the plan. Exit codes: 0 written, 2 bad input (or, with --strict, anything left over).
    """
    try:
        options = ImportOptions(load_column_map(columns_file) if columns_file else None, sheet)
        result = import_plan(source, summary=summary, options=options, subject=subject, partnership=partnership)
        validate_document(result.document)
    except PlanError as error:
        raise NothingDone([str(problem) for problem in error.problems],
                          "the plan could not be imported, so nothing was written.") from None
    if strict and result.leftovers:
        raise NothingDone([f"{leftover}" for leftover in result.leftovers],
                          f"--strict: {len(result.leftovers)} piece(s) of the source could not be placed in the "
                          f"plan, so {output} was not written. Place them by hand, or import without --strict.")
    text = plan_yaml(result.document.data, import_header(result, _today()))
    inputs = tuple(path for path in (source, summary, columns_file) if path is not None)
    write_new_file(output, text, force=force, sources=inputs)
    echo_lines(_report(result, output).rstrip("\n"))


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the file if it already exists.")
def init(output: Path, force: bool) -> None:
    """Write a plan template to fill in: every field explained, with example values to replace."""
    write_new_file(output, PLAN_TEMPLATE, force=force)
    echo_line(f"dhr-check: wrote {output}. Replace each example value with your plan's own, delete what does "
               f"not apply, then run: dhr-check validate {output}")


def _report(result: ImportResult, output: Path) -> str:
    sources = " and ".join(f"{source.file} ({source.form})" for source in result.sources)
    lines = [f"dhr-check: imported {sources} into {output}", "Mapped:"]
    lines += [f"  {line}" for line in result.mapped()]
    if result.skipped:
        lines.append(f"Recognised as layout and skipped ({len(result.skipped)}):")
        lines += [f"  {skipped}" for skipped in result.skipped]
    unlisted = result.layout - Counter(skipped.kind for skipped in result.skipped)
    if unlisted:                              # layout that is not text, e.g. a RAG shown only as a cell's colour
        lines.append("Read from the layout:")
        lines += [f"  {what}: {count}" for what, count in sorted(unlisted.items())]
    if result.notes:
        lines.append("Worth a second look:")
        lines += [f"  - {note}" for note in result.notes]
    if result.leftovers:
        lines.append(f"Not placed in the plan ({len(result.leftovers)}); copy in by hand whatever matters:")
        lines += [f"  {leftover}" for leftover in result.leftovers]
    else:
        lines.append("Everything in the source was placed in the plan.")
    return "\n".join(lines) + "\n"


def _today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so an import can be repeated byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
