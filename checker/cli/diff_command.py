"""`dhr-check diff`: compare last quarter's run with this quarter's."""

from __future__ import annotations

from pathlib import Path

import click

from ..diff import compare, load_run
from ..errors import UsageError
from ..output import refuse_inputs, write_atomic
from ..report import FORMATS, as_bytes, format_for
from ..report.formats import diff_formats, output_help
from . import echo_line, main

__all__ = ["diff"]


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(f.name for f in diff_formats())), default=None,
              help="Report format (default: text, or the --output file's extension).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=f"Write the comparison to this file ({output_help(diff_formats(), ' or ')}) instead of the "
                   "terminal.")
def diff(old: Path, new: Path, output_format: str | None, output: Path | None) -> None:
    """Compare two saved runs (OLD.json, NEW.json from `check --format json`).

    Shows new, resolved and persisting findings, and every plan and action whose suggested
    RAG got better or worse. Both runs must use the same rules and parameters. Exit codes:
    0 compared, 2 a file is not a run result or the runs cannot be compared.
    """
    chosen = output_format or (format_for(output) if output else None) or "text"
    if not FORMATS[chosen].diff:
        raise UsageError(f"diff cannot write {chosen}; use one of "
                         f"{', '.join(sorted(f.name for f in diff_formats()))}.")
    report = FORMATS[chosen].render_diff(compare(load_run(old), load_run(new)))
    if output is None:
        click.echo(report, nl=False)
        return
    refuse_inputs([output], [old, new])
    write_atomic(output, as_bytes(report))
    echo_line(f"dhr-check: wrote {output} ({chosen})", err=True)
