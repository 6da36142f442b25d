"""The report formats: one `Format` record each, the one place a format is described.

The CLI's `--format` choices, the `--output` help text, the report a file name asks for, what may
be shown in a terminal, which formats stream plan by plan and which `diff` can write all come from
`FORMATS`; adding a format is one record here plus its module.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..diff import RunDiff
    from ..results import RunResult

__all__ = ["FORMATS", "Format", "diff_formats", "extensions", "format_for", "output_help"]


@dataclass(frozen=True)
class Format:
    """One report format: its name, the file endings that ask for it and how it is written."""

    name: str
    module: str                          # the module in `checker.report` that renders it
    extensions: tuple[str, ...]          # file name endings that ask for it, the usual one first
    help: str                            # how the --output help names it
    binary: bool = False                 # a terminal cannot show it: a file or a pipe only
    streamable: bool = False             # written plan by plan (`plan_part` and `Writer`, see `streaming`)
    diff: bool = False                   # `dhr-check diff` can write it (`render_diff`)

    @property
    def terminal_safe(self) -> bool:
        return not self.binary

    @property
    def example_file(self) -> str:
        """A file name to suggest, e.g. for a binary report asked for on a terminal."""
        return f"{'tracker' if self.name == 'xlsx' else 'report'}{self.extensions[0]}"

    def render(self, run: RunResult) -> str | bytes:
        """The report of `run`; the module is imported only now: Jinja2 and openpyxl cost start-up time."""
        return self._module().render(run)

    def render_diff(self, diff: RunDiff) -> str:
        return self._module().render_diff(diff)

    def _module(self) -> Any:
        return import_module(f"{__package__}.{self.module}")


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("html", "html", (".html", ".htm"), ".html", diff=True),
    Format("pdf", "pdf", (".pdf",), ".pdf", binary=True),
    Format("markdown", "markdown", (".md",), ".md", diff=True),
    Format("json", "json_report", (".json",), ".json", streamable=True, diff=True),
    Format("sarif", "sarif", (".sarif", ".sarif.json"), ".sarif"),
    Format("junit", "junit", (".xml",), ".xml for JUnit"),
    Format("csv", "csv_report", (".csv",), ".csv"),
    Format("xlsx", "xlsx", (".xlsx",), ".xlsx", binary=True),
    Format("text", "text", (".txt",), ".txt", streamable=True, diff=True),
)}
"""Every report format by name, in the order the --output help lists them."""


def format_for(path: Path) -> str | None:
    """The format a file name asks for, or None when it ends with none of the formats' extensions;
    the longest matching ending wins (`.sarif.json` is SARIF)."""
    name = path.name.lower()
    endings = sorted(((ext, f.name) for f in FORMATS.values() for ext in f.extensions if name.endswith(ext)),
                     key=lambda ending: len(ending[0]), reverse=True)
    return endings[0][1] if endings else None


def extensions() -> list[str]:
    """Every file name ending a report format answers to, sorted."""
    return sorted(ext for f in FORMATS.values() for ext in f.extensions)


def output_help(formats: list[Format], last: str = ", ") -> str:
    """The formats' help pieces as a list in prose: '.html, .pdf, ...' (`last` joins the final two)."""
    pieces = [f.help for f in formats]
    return pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + last + pieces[-1]


def diff_formats() -> list[Format]:
    """The formats `dhr-check diff` can write."""
    return [f for f in FORMATS.values() if f.diff]
