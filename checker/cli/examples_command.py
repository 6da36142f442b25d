"""`dhr-check examples DIR`: the bundled plans, settings, waivers and rule reference, for a wheel install."""

from __future__ import annotations

from pathlib import Path

import click

from ..examples import write_examples
from . import main

__all__ = ["examples"]


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def examples(directory: Path) -> None:
    """Write the example plans, their settings (dhr-check.yaml), waivers and the rule reference into DIRECTORY.

    DIRECTORY is made if it does not exist. No file is ever replaced: if any of them is already there,
    nothing is written (exit code 2). Then try: dhr-check check DIRECTORY
    """
    written = write_examples(directory)
    for path in written:
        click.echo(f"dhr-check: wrote {path}", err=True)
    click.echo(f"dhr-check: try it with: dhr-check check {directory} --as-of 2026-03-31", err=True)
